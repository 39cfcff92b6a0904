"""Strict metrics: exact-span entity P/R/F1, relation P/R/F1, fact P/R/F1.

Spans are compared as (doc, start, end, label) tuples: a prediction counts only
if both boundaries and the label are right. Relations count only if both spans
and the type are right; predicted pairs missing from gold are false positives.
"""
from collections import Counter
from typing import Dict, Hashable, Iterable, List, Set, Tuple

from corpus.schema import LABELS, RELATIONS


def prf(tp: int, fp: int, fn: int) -> Dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn}


def set_scores(gold: Set[Hashable], pred: Set[Hashable], key=lambda x: None, keys: Iterable = ()) -> Dict:
    """Micro P/R/F1 over all items plus per-key (e.g. per-label) and macro F1.

    Example:
        >>> set_scores({(0, 1, "A")}, {(0, 1, "A"), (2, 3, "A")}, key=lambda x: x[2], keys=["A"])["micro"]["f"]
        0.6666666666666666
    """
    out = {"micro": prf(len(gold & pred), len(pred - gold), len(gold - pred))}
    per = {}
    for k in keys:
        g = {x for x in gold if key(x) == k}
        p = {x for x in pred if key(x) == k}
        per[k] = prf(len(g & p), len(p - g), len(g - p))
    out["per"] = per
    present = [k for k in keys if per[k]["tp"] + per[k]["fn"] > 0]
    out["macro_f"] = sum(per[k]["f"] for k in present) / len(present) if present else 0.0
    return out


def entity_set(docs: List[Dict]) -> Set[Tuple]:
    """docs: [{'id', 'entities': [(start, end, label), ...]}]."""
    return {(d["id"], s, e, l) for d in docs for (s, e, l) in d["entities"]}


def relation_set(docs: List[Dict]) -> Set[Tuple]:
    """docs: [{'id', 'relations': [((hs, he), type, (ts, te)), ...]}]."""
    return {(d["id"], h, t, tl) for d in docs for (h, t, tl) in d["relations"]}


def entity_scores(gold: List[Dict], pred: List[Dict]) -> Dict:
    return set_scores(entity_set(gold), entity_set(pred), key=lambda x: x[3], keys=LABELS)


def relation_scores(gold: List[Dict], pred: List[Dict]) -> Dict:
    return set_scores(relation_set(gold), relation_set(pred), key=lambda x: x[2], keys=list(RELATIONS))


def label_confusion(gold: List[Dict], pred: List[Dict]) -> Dict[str, Counter]:
    """Gold label -> predicted label for spans with the same boundaries ('-' = missed)."""
    by_span = {(d["id"], s, e): l for d in pred for (s, e, l) in d["entities"]}
    conf: Dict[str, Counter] = {l: Counter() for l in LABELS}
    for d in gold:
        for s, e, l in d["entities"]:
            conf[l][by_span.get((d["id"], s, e), "-")] += 1
    return conf
