"""Annotation records to model examples: windows with BIO tags and labelled pairs."""
from dataclasses import dataclass
from typing import Dict, List

import numpy as np

from zh_indicators.corpus.schema import span_tag_ids
from zh_indicators.extractors.encoding import CharVocab, normalise_text
from zh_indicators.extractors.inference import candidate_pairs
from zh_indicators.extractors.rules import rule_tags
from zh_indicators.extractors.windows import make_windows, sentence_ids


@dataclass
class Example:
    ids: np.ndarray
    classes: np.ndarray
    tags: np.ndarray
    pairs: np.ndarray   # [n, 9] as in IndicatorNet.pair_logits (batch column filled later)
    pair_gold: np.ndarray
    rule_tags: np.ndarray


def record_examples(rec: Dict, vocab: CharVocab, window: int) -> List[Example]:
    text = rec["text"]
    ids, cls = vocab.encode(text)
    norm = normalise_text(text)
    sent = sentence_ids(norm)
    rtags = rule_tags(norm)
    by_id = {e["id"]: e for e in rec["entities"]}
    gold = set()
    for r in rec["relations"]:
        if r["type"] == "has_value":
            gold.add((r["tail"], r["head"]))
        else:
            gold.add((r["head"], r["tail"]))
    out = []
    for s, e in make_windows(text, window):
        ents = sorted((x for x in rec["entities"] if s <= x["start"] and x["end"] <= e), key=lambda x: x["start"])
        spans = [(x["start"] - s, x["end"] - s, x["label"]) for x in ents]
        tags = span_tag_ids(e - s, spans)
        rows, labels = [], []
        for vi, ci, f in candidate_pairs(spans, sent[s:e]):
            v, c = spans[vi], spans[ci]
            rows.append([0, v[0], v[1], c[0], c[1]] + f + [0])
            labels.append(1.0 if (ents[vi]["id"], ents[ci]["id"]) in gold else 0.0)
        out.append(Example(ids[s:e], cls[s:e], tags,
                           np.array(rows, dtype=np.int64).reshape(-1, 9),
                           np.array(labels, dtype=np.float32), rtags[s:e]))
    return out


def records_examples(records: List[Dict], vocab: CharVocab, window: int) -> List[Example]:
    out = []
    for r in records:
        if r["text"].strip():
            out.extend(record_examples(r, vocab, window))
    return out
