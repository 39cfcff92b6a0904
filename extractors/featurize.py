"""Text to model inputs: the one featurizer of training and inference.

Training (`zh_indicators.training.examples`) and the predictor
(`extractors/inference.py`) both cut texts into `Window`s here, build the
candidate VALUE pairs here and pad batches here, so what the network sees in use
is what it saw in training (tests/extractors/test_featurize.py checks it).
"""
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .encoding import UNK, CharVocab, normalise_text
from .lexicon import lexicon_codes
from .model import PAIR_LABELS, PAIR_TYPES, dist_bucket
from .rules import rule_tags
from .windows import make_windows, sentence_ids

MAX_PAIR_DISTANCE = 100
PAIR_COLUMNS = 9  # batch row, value start, value end, candidate start, candidate end, label, distance, between, pad

Span = Tuple[int, int, str]


@dataclass
class Window:
    """One model window of a text: character ids and the features beside them.

    Offsets (`start`, `end`) are into the text; the arrays and `norm` cover the window.
    """

    text_index: int
    start: int
    end: int
    ids: np.ndarray        # character ids (CharVocab)
    classes: np.ndarray    # character classes (digit, CJK, punctuation, …)
    sentence: np.ndarray   # sentence id per character (-1 between sentences)
    rule_tags: np.ndarray  # the rule baseline's BIO tag ids, a model input
    norm: str              # the normalised window text (億→亿, ；→;) the rules and repairs read
    lexicon: Optional[np.ndarray] = None  # lexicon word-boundary codes, when the network reads them

    def __len__(self) -> int:
        return self.end - self.start


def text_windows(text: str, vocab: CharVocab, size: int, text_index: int = 0,
                 lexicon: bool = False) -> List[Window]:
    """Cut one text into windows and compute their inputs (`lexicon`: with the lexicon
    codes, for a network built with `lexicon_features`)."""
    if not text:
        return []
    ids, cls = vocab.encode(text)
    # rules and sentence ends read the normalised text, so 億元 and 亿元, ；and ; behave the same
    norm = normalise_text(text)
    sent = sentence_ids(norm)
    rtags = rule_tags(norm)
    # over the whole text, so a word across a window edge still counts on both sides
    lex = lexicon_codes(norm) if lexicon else None
    return [Window(text_index, s, e, ids[s:e], cls[s:e], sent[s:e], rtags[s:e], norm[s:e],
                   None if lex is None else lex[s:e])
            for s, e in make_windows(text, size)]


def candidate_pairs(spans: Sequence[Span], sent: np.ndarray) -> List[Tuple[int, int, list]]:
    """(value idx, candidate idx, features) for pairs in one sentence within range.

    spans: (start, end, label) sorted by start, offsets into the window.
    sent: sentence id per character of the window.
    """
    values = [i for i, s in enumerate(spans) if s[2] == "VALUE"]
    out: List[Tuple[int, int, list]] = []
    if not values:
        return out
    vstarts = np.array([spans[i][0] for i in values])
    for vi in values:
        vs, ve, _ = spans[vi]
        for ci, (cs, ce, cl) in enumerate(spans):
            if cl not in PAIR_TYPES or sent[vs] != sent[cs] or sent[vs] < 0:
                continue
            d = cs - vs
            if abs(d) > MAX_PAIR_DISTANCE:
                continue
            lo, hi = sorted((vs, cs))
            between = int(((vstarts > lo) & (vstarts < hi)).sum())
            out.append((vi, ci, [PAIR_LABELS.index(cl), int(dist_bucket(np.array([d]))[0]), min(between, 5)]))
    return out


def pair_rows(spans: Sequence[Span], sent: np.ndarray, row: int = 0) -> Tuple[List[List[int]], List[Tuple[int, int]]]:
    """The network's pair rows for the candidate pairs of one window, and (value, candidate) per row."""
    rows, meta = [], []
    for vi, ci, f in candidate_pairs(spans, sent):
        v, c = spans[vi], spans[ci]
        rows.append([row, v[0], v[1], c[0], c[1]] + f + [0])
        meta.append((vi, ci))
    return rows, meta


def drop_rule_spans(rule_tags: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    """The rule tags with each rule entity blanked (all O) with probability `rate`.

    The rules were written with the training gold in view, so on training text they are
    nearly always right and a tagger learns to copy them; on new text they miss more
    (2016年实现[地区生产总值]), and the tagger must find names without them."""
    out = rule_tags.copy()
    starts = [i for i, t in enumerate(rule_tags) if t % 2 == 1]  # B- tags are odd ids (corpus.schema.TAGS)
    for i in starts:
        if rng.random() < rate:
            j = i + 1
            while j < len(out) and out[j] == rule_tags[i] + 1:
                j += 1
            out[i:j] = 0
    return out


def pad_windows(windows: Sequence[Window], tags: Optional[Sequence[np.ndarray]] = None, char_dropout: float = 0.0,
                rng: Optional[np.random.Generator] = None, unk_id: int = UNK,
                rule_dropout: float = 0.0) -> Dict[str, np.ndarray]:
    """Pad a batch of windows to one length: ids, classes, mask, rule tags, lexicon codes (zeros
    for windows without them), and gold tags (-100 padded).

    char_dropout replaces that share of character ids by `unk_id`, rule_dropout blanks that
    share of the rule baseline's entities (`drop_rule_spans`); both for training only.
    """
    T = max(len(w) for w in windows)
    n = len(windows)
    out = {k: np.zeros((n, T), dtype=np.int64) for k in ("ids", "classes", "mask", "rule_tags", "lexicon")}
    if tags is not None:
        out["tags"] = np.full((n, T), -100, dtype=np.int64)
    for i, w in enumerate(windows):
        L = len(w)
        wid = w.ids
        if char_dropout > 0:
            wid = wid.copy()
            wid[rng.random(L) < char_dropout] = unk_id
        rtags = drop_rule_spans(w.rule_tags, rule_dropout, rng) if rule_dropout > 0 else w.rule_tags
        out["ids"][i, :L], out["classes"][i, :L], out["mask"][i, :L], out["rule_tags"][i, :L] = \
            wid, w.classes, 1, rtags
        if w.lexicon is not None:
            out["lexicon"][i, :L] = w.lexicon
        if tags is not None:
            out["tags"][i, :L] = tags[i]
    return out
