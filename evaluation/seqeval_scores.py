"""Entity scores through seqeval, strict mode, IOB2: the independent check on the
exact-span scorer in metrics.py (tests assert the two agree)."""
from typing import Dict, List, Set, Tuple

from seqeval.metrics import classification_report
from seqeval.scheme import IOB2


def spans_to_iob2(length: int, spans: Set[Tuple[int, int, str]]) -> List[str]:
    tags = ["O"] * length
    for s, e, label in sorted(spans):
        tags[s] = f"B-{label}"
        for i in range(s + 1, e):
            tags[i] = f"I-{label}"
    return tags


def seqeval_entity_scores(texts: List[str], gold: List[set], pred: List[set]) -> Dict:
    """Per-label and micro/macro P/R/F1 with seqeval (mode='strict', scheme=IOB2)."""
    y_true = [spans_to_iob2(len(t), g) for t, g in zip(texts, gold)]
    y_pred = [spans_to_iob2(len(t), p) for t, p in zip(texts, pred)]
    if not any(any(x != "O" for x in seq) for seq in y_true + y_pred):
        return {}
    return classification_report(y_true, y_pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
