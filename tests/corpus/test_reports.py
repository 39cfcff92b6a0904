import hashlib
import json

from tests.conftest import requires_pool

from zh_indicators.corpus.reports import RAW_DIR, load_metadata
from zh_indicators.cli import main


def test_metadata_matches_raw_files():
    meta = load_metadata()
    assert len(meta) == 5
    for rid, m in meta.items():
        data = (RAW_DIR / f"{rid}.txt").read_bytes()
        assert hashlib.sha256(data).hexdigest() == m.sha256
        assert m.report_year in (2018, 2019, 2020, 2021, 2024)


def test_cli_corpus_stats_json(capsys):
    assert main(["corpus", "stats", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = [r for r in out["documents"] if not r["id"].startswith("pool-")]
    assert len(rows) == 5 and out["summary"]["seed"]["all_gold"] == 5
    for r in rows:
        assert r["glosses_left"] == 0
        assert r["traditional_left"] == 0
        assert r["sha256_matches_metadata"]
    by = {r["id"]: r for r in rows}
    assert by["yizheng-2024"]["glosses_removed"] > 800
    assert by["yizheng-2024"]["mojibake_spots"] > 0


@requires_pool
def test_cli_corpus_stats_counts_every_pool_excerpt_as_gold(capsys):
    assert main(["corpus", "stats", "--json"]) == 0
    pool = json.loads(capsys.readouterr().out)["summary"]["pool"]
    assert pool["documents"] == 197 and pool["all_gold"] == 197 and pool["provinces"] == 29
