import pytest

from zh_indicators.corpus.reports import load_report, report_ids

REPORT_IDS = report_ids()


@pytest.fixture(scope="session")
def reports():
    return {rid: load_report(rid) for rid in REPORT_IDS}


from zh_indicators.corpus.pool import pool_available  # noqa: E402

requires_pool = pytest.mark.skipif(not pool_available(),
                                   reason="needs the pool folder (../shared/pool or $ZH_INDICATORS_POOL)")
