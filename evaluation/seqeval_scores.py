"""Entity scores through seqeval, strict mode, IOB2: the independent check on the
exact-span scorer in metrics.py (tests assert the two agree)."""
from typing import Dict, List

from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from zh_indicators.corpus.schema import span_tags


def seqeval_entity_scores(texts: List[str], gold: List[set], pred: List[set]) -> Dict:
    """Per-label and micro/macro P/R/F1 with seqeval (mode='strict', scheme=IOB2)."""
    y_true = [span_tags(len(t), g) for t, g in zip(texts, gold)]
    y_pred = [span_tags(len(t), p) for t, p in zip(texts, pred)]
    if not any(any(x != "O" for x in seq) for seq in y_true + y_pred):
        return {}
    return classification_report(y_true, y_pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
