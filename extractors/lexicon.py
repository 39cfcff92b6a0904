"""Word boundaries from the lexicon that ships with spacy-pkuseg (its segmentation
models are a download, its dictionary is not): which Chinese words of two to four
characters exist, to tell a span edge that falls inside a word (粮食产|量) from one
between words (粮食产量|增长)."""
import pickle
import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import FrozenSet, Optional, Tuple

_HAN = re.compile(r"[\u4e00-\u9fff]{2,4}")
MAX_WORD = 4


@lru_cache(maxsize=1)
def words() -> FrozenSet[str]:
    """The lexicon's words of 2-4 Chinese characters; empty if spacy-pkuseg is not installed."""
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
