import pytest

from corpus.reports import load_report, report_ids

REPORT_IDS = report_ids()


@pytest.fixture(scope="session")
def reports():
    return {rid: load_report(rid) for rid in REPORT_IDS}
