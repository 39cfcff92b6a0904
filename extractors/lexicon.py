"""Word boundaries from the lexicon that ships with spacy-pkuseg (its segmentation
models are a download, its dictionary is not): which Chinese words of two to six
characters exist, to tell a span edge that falls inside a word (粮食产|量) from one
between words (粮食产量|增长), and, as a tagger input, where words begin and end
around each character (the "soft lexicon" of Chinese NER: word knowledge a model
trained on a few hundred documents cannot learn from its own data)."""
import pickle
import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import FrozenSet, Optional, Tuple

import numpy as np

_HAN = re.compile(r"[\u4e00-\u9fff]{2,6}")
MAX_WORD = 4  # the edge repair looks at words up to this length
MAX_FEATURE_WORD = 6
# lexicon_codes bits: a word begins here, continues through here, ends here; a word of 4+ covers it
BEGIN, MIDDLE, END, LONG = 1, 2, 4, 8
N_LEXICON_CODES = 16


@lru_cache(maxsize=1)
def words() -> FrozenSet[str]:
    """The lexicon's words of 2-6 Chinese characters; empty if spacy-pkuseg is not installed."""
    spec = find_spec("spacy_pkuseg")
    if spec is None or not spec.origin:
        return frozenset()
    path = Path(spec.origin).parent / "dicts" / "default.pkl"
    if not path.exists():
        return frozenset()
    with open(path, "rb") as f:
        entries = pickle.load(f)  # one word per line, in one string
    if not isinstance(entries, str):
        return frozenset()
    return frozenset(w for w in entries.split("\n") if _HAN.fullmatch(w))


@lru_cache(maxsize=1)
def _first_two() -> FrozenSet[str]:
    """The first two characters of every lexicon word."""
    return frozenset(w[:2] for w in words())


def word_across(text: str, i: int, lo: int = 0) -> Optional[Tuple[int, int]]:
    """The longest lexicon word text[a:b] with lo <= a < i < b (a word the edge i cuts), or None."""
    lex = words()
    best = None
    for a in range(max(lo, i - MAX_WORD + 1), i):
        for b in range(min(len(text), a + MAX_WORD), i, -1):
            if (best is None or b - a > best[1] - best[0]) and text[a:b] in lex:
                best = (a, b)
                break
    return best


def lexicon_codes(text: str) -> np.ndarray:
    """Per character, the BEGIN/MIDDLE/END/LONG bits of every lexicon word (2-6 characters)
    that covers it, all matches counted, not one segmentation (int64, one per character).

    text: normalised (simplified) text, as the rules read it."""
    lex, starts = words(), _first_two()
    n = len(text)
    out = np.zeros(n, dtype=np.int64)
    if not lex:
        return out
    for a in range(n - 1):
        if text[a:a + 2] not in starts:  # no word begins here (most characters): one lookup
            continue
        for L in range(2, min(MAX_FEATURE_WORD, n - a) + 1):
            if text[a:a + L] in lex:
                b = a + L
                out[a] |= BEGIN
                out[a + 1:b - 1] |= MIDDLE
                out[b - 1] |= END
                if L >= 4:
                    out[a:b] |= LONG
    return out
