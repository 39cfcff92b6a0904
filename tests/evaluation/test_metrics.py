import pytest
from seqeval.metrics import f1_score as seqeval_f1

from zh_indicators.evaluation.bootstrap import bootstrap_f1
from zh_indicators.extractors.scorer import entity_scores, prf, set_scores
from zh_indicators.corpus.schema import span_tags
from zh_indicators.evaluation.seqeval_scores import seqeval_entity_scores

CASES = [
    # (text length, gold spans, predicted spans)
    (10, {(0, 3, "INDICATOR"), (3, 7, "VALUE")}, {(0, 3, "INDICATOR"), (3, 7, "VALUE")}),
    (10, {(0, 3, "INDICATOR"), (3, 7, "VALUE")}, {(0, 2, "INDICATOR"), (3, 7, "VALUE")}),
    (10, {(0, 3, "INDICATOR")}, {(0, 3, "VALUE")}),
    (12, {(0, 3, "INDICATOR"), (5, 6, "UNIT")}, {(1, 3, "INDICATOR"), (5, 6, "UNIT"), (8, 10, "YEAR")}),
    (8, set(), {(2, 4, "VALUE")}),
    (8, {(2, 4, "VALUE"), (4, 5, "UNIT")}, set()),
]


@pytest.mark.parametrize("n,gold,pred", CASES)
def test_exact_span_scorer_agrees_with_seqeval_strict(n, gold, pred):
    ours = set_scores({(0,) + g for g in gold}, {(0,) + p for p in pred})["micro"]["f"]
    rep = seqeval_entity_scores(["x" * n], [gold], [pred])
    theirs = rep["micro avg"]["f1-score"] if rep else 0.0
    assert ours == pytest.approx(theirs, abs=1e-4)


def test_all_cases_pooled_agree():
    texts = ["x" * n for n, _, _ in CASES]
    gold = [g for _, g, _ in CASES]
    pred = [p for _, _, p in CASES]
    rep = seqeval_entity_scores(texts, gold, pred)
    ours = entity_scores([{"id": i, "entities": g} for i, g in enumerate(gold)],
                         [{"id": i, "entities": p} for i, p in enumerate(pred)])
    assert ours["micro"]["f"] == pytest.approx(rep["micro avg"]["f1-score"], abs=1e-4)
    for label in ("INDICATOR", "VALUE", "UNIT"):
        assert ours["per"][label]["f"] == pytest.approx(rep[label]["f1-score"], abs=1e-4)


def test_lenient_trap_is_not_counted():
    """I-X I-X against gold B-X I-X: lenient (default) seqeval counts a hit; strict must not."""
    y_true = [["B-VALUE", "I-VALUE", "O"]]
    y_pred = [["I-VALUE", "I-VALUE", "O"]]
    assert seqeval_f1(y_true, y_pred) == 1.0  # the trap
    from seqeval.scheme import IOB2

    assert seqeval_f1(y_true, y_pred, mode="strict", scheme=IOB2) == 0.0
    # our decoder never emits I- without B-, and our exact-span scorer sees no span in the prediction
    assert span_tags(3, {(0, 2, "VALUE")}) == ["B-VALUE", "I-VALUE", "O"]


def test_prf_zero_division():
    assert prf(0, 0, 0) == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 0, "fn": 0}
    assert prf(1, 1, 0)["p"] == 0.5


def test_bootstrap_interval_contains_point_estimate():
    counts = [(3, 1, 0), (2, 0, 1), (5, 2, 2), (0, 1, 0), (4, 0, 0)] * 4
    tp, fp, fn = (sum(c[i] for c in counts) for i in range(3))
    f = 2 * tp / (2 * tp + fp + fn)
    lo, hi = bootstrap_f1(counts, n=500, seed=1)
    assert lo <= f <= hi
    assert bootstrap_f1(counts, n=500, seed=1) == (lo, hi)
