"""Cutting long texts into model windows at sentence and clause boundaries.

Windows never overlap, so the cost is linear in the length of the text; a window
ends at a sentence end where possible, else at a clause break, else at the limit.
"""
import re
from typing import List, Tuple

import numpy as np

from zh_indicators.corpus.segment import sentences

_CLAUSE = re.compile(r"[;；,，、:：]")


def sentence_ids(text: str) -> np.ndarray:
    """Index of the sentence each character is in (-1 for characters between sentences)."""
    ids = np.full(len(text), -1, dtype=np.int32)
    for k, s in enumerate(sentences(text)):
        ids[s.start:s.end] = k
    return ids


def _split_long(text: str, start: int, end: int, size: int) -> List[Tuple[int, int]]:
    out = []
    while end - start > size:
        cut = start + size
        breaks = [m.end() for m in _CLAUSE.finditer(text, start + size // 2, start + size)]
        if breaks:
            cut = breaks[-1]
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def make_windows(text: str, size: int) -> List[Tuple[int, int]]:
    """Non-overlapping (start, end) windows of at most `size` chars covering all sentences."""
    windows: List[Tuple[int, int]] = []
    cur_s = cur_e = None
    for s in sentences(text):
        if s.end - s.start > size:
            if cur_s is not None:
                windows.append((cur_s, cur_e))
                cur_s = None
            windows.extend(_split_long(text, s.start, s.end, size))
            continue
        if cur_s is not None and s.end - cur_s <= size:
            cur_e = s.end
        else:
            if cur_s is not None:
                windows.append((cur_s, cur_e))
            cur_s, cur_e = s.start, s.end
    if cur_s is not None:
        windows.append((cur_s, cur_e))
    return windows
