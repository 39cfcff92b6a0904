"""Annotation records to model examples: the featurizer's windows with gold BIO tags and labelled pairs."""
from dataclasses import dataclass
from typing import Dict, List

import numpy as np

from zh_indicators.corpus.schema import span_tag_ids, value_end
from zh_indicators.extractors.encoding import CharVocab
from zh_indicators.extractors.featurize import PAIR_COLUMNS, Window, pair_rows, text_windows


@dataclass
class Example:
    window: Window
    tags: np.ndarray       # gold BIO tag ids per character of the window
    pairs: np.ndarray      # [n, PAIR_COLUMNS] as in IndicatorNet.pair_logits (batch column filled in collate)
    pair_gold: np.ndarray  # 1.0 where the pair is a gold relation


def value_pairs(rec: Dict) -> set:
    """Gold relations as (VALUE id, other id), whichever end of the relation the VALUE is."""
    return {value_end(r["head"], r["type"], r["tail"]) for r in rec["relations"]}


def record_examples(rec: Dict, vocab: CharVocab, window: int, lexicon: bool = False) -> List[Example]:
    gold = value_pairs(rec)
    out = []
    for w in text_windows(rec["text"], vocab, window, lexicon=lexicon):
        ents = sorted((x for x in rec["entities"] if w.start <= x["start"] and x["end"] <= w.end),
                      key=lambda x: x["start"])
        spans = [(x["start"] - w.start, x["end"] - w.start, x["label"]) for x in ents]
        rows, meta = pair_rows(spans, w.sentence)
        labels = [1.0 if (ents[vi]["id"], ents[ci]["id"]) in gold else 0.0 for vi, ci in meta]
        out.append(Example(w, span_tag_ids(len(w), spans), np.array(rows, dtype=np.int64).reshape(-1, PAIR_COLUMNS),
                           np.array(labels, dtype=np.float32)))
    return out


def records_examples(records: List[Dict], vocab: CharVocab, window: int, lexicon: bool = False) -> List[Example]:
    out = []
    for r in records:
        if r["text"].strip():
            out.extend(record_examples(r, vocab, window, lexicon))
    return out
