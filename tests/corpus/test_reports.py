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


def test_document_groups_rebuild_whole_reports_and_keep_strays_apart():
    from zh_indicators.corpus.reports import ANNOTATIONS_DIR, document_groups
    from zh_indicators.training.data import load_data

    recs = load_data([ANNOTATIONS_DIR / "zhonglou-2020.jsonl"])
    stray = {**recs[3], "report": "mine-1", "paragraph": 0}
    edited = {**recs[5], "text": recs[5]["text"] + "。"}   # no longer the report's own paragraph
    groups = document_groups(recs[:5] + [edited] + recs[6:] + [stray])
    # the edited record breaks the whole document: every zhonglou record stands alone
    assert len(groups) == len(recs) + 1 and all(g[3] == [0] for g in groups)
    intact = document_groups(recs)
    assert len(intact) == 1 and intact[0][1] == 2020 and len(intact[0][2]) == len(recs)
    assert [intact[0][0][o:o + len(r["text"])] for r, o in zip(intact[0][2], intact[0][3])] == [r["text"] for r in intact[0][2]]
