"""The pool gold: complete, valid, and reproducible from the two annotations and the decisions."""
import json

from zh_indicators.corpus.adjudicate import adjudicate_folder
from zh_indicators.corpus.agreement import folder_agreement
from zh_indicators.corpus.annotate import load_records
from zh_indicators.corpus.pool import pool_ids
from zh_indicators.corpus.reports import ANNOTATIONS_DIR, CORPUS_DIR
from zh_indicators.corpus.validate import validate_paths
from tests.conftest import requires_pool

POOL_GOLD = ANNOTATIONS_DIR / "pool"
DOUBLE = CORPUS_DIR / "double"


def test_stored_pool_records_hold_no_page_text():
    for path in sorted(POOL_GOLD.glob("*.jsonl")) + sorted(DOUBLE.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            assert "text" not in rec and len(rec["text_sha256"]) == 64, path


@requires_pool
def test_every_pool_excerpt_is_gold_and_valid():
    assert sorted(p.stem for p in POOL_GOLD.glob("*.jsonl")) == pool_ids()
    assert validate_paths([POOL_GOLD]) == []
    for path in POOL_GOLD.glob("*.jsonl"):
        recs = load_records(path)
        assert recs and all(r["review"] == "gold" and r["adjudication"] for r in recs), path


@requires_pool
def test_gold_is_reproduced_by_adjudication(tmp_path):
    adjudicate_folder(DOUBLE, tmp_path)
    for path in POOL_GOLD.glob("*.jsonl"):
        assert (tmp_path / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), path.name


@requires_pool
def test_agreement_is_computed_from_the_two_annotations():
    res = folder_agreement(DOUBLE)
    assert set(res) >= {"all", "report", "news", "digest", "trad-repost"}
    assert 0.5 < res["all"]["entities"] < 1.0   # two independent annotators never agree on everything
