"""Strict metrics: exact-span entity P/R/F1, relation P/R/F1, fact P/R/F1.

Spans are compared as (doc, start, end, label) tuples: a prediction counts only
if both boundaries and the label are right. Relations count only if both spans
and the type are right; predicted pairs missing from gold are false positives.
"""
from collections import Counter
from typing import Any, Dict, Hashable, Iterable, List, Set, Tuple

from zh_indicators.corpus.schema import LABELS, RELATIONS


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


def strict_scores(gold: List[Dict], pred: List[Dict]) -> Dict[str, Any]:
    """The flat score dict spaCy expects (`ents_f`, `ents_per_type`, `rels_f`, …).

    One function for `nlp.evaluate`, training's dev scores and the harness's tables.
    """
    ent = entity_scores(gold, pred)
    rel = relation_scores(gold, pred)
    out: Dict[str, Any] = {}
    for prefix, res in (("ents", ent), ("rels", rel)):
        out.update({f"{prefix}_p": res["micro"]["p"], f"{prefix}_r": res["micro"]["r"], f"{prefix}_f": res["micro"]["f"],
                    f"{prefix}_per_type": {k: {"p": v["p"], "r": v["r"], "f": v["f"]} for k, v in res["per"].items()}})
    return out


def doc_spans(doc, key: Hashable) -> Dict:
    """A Doc's entities and relations (its `relation_data`) in the scorer's plain form."""
    return {"id": key, "entities": [(e.start_char, e.end_char, e.label_) for e in doc.ents],
            "relations": [((hs, he), t, (ts, te)) for hs, he, t, ts, te, *_ in doc._.relation_data]}


def score_examples(examples: Iterable, **kwargs) -> Dict[str, Any]:
    """Strict scores of spaCy Examples: gold in `example.reference` (ents and
    `_.relation_data`), predictions in `example.predicted`."""
    examples = list(examples)
    gold = [doc_spans(eg.reference, k) for k, eg in enumerate(examples)]
    pred = [doc_spans(eg.predicted, k) for k, eg in enumerate(examples)]
    return strict_scores(gold, pred)
