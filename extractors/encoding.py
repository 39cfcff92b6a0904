"""Characters to model inputs: per-character normalisation and vocabulary lookup.

Every character is read through traditional→simplified and full-width→half-width
normalisation, so 產業 and 产业, １２．５ and 12.5 give the same ids while
`doc.text` stays what the user passed. Lookup is a numpy table indexed by code
point, filled lazily for the distinct characters of a text: no Python loop over
every character of a long document.
"""
from functools import lru_cache
import unicodedata
from typing import Dict, List, Tuple

import numpy as np

from zh_indicators.corpus.clean import to_simplified

PAD, UNK = 0, 1
SPECIALS = ["[PAD]", "[UNK]"]
N_CODEPOINTS = 0x110000

# character classes, an extra input feature
CLASSES = ["pad", "digit", "zh_digit", "zh_magnitude", "han", "latin", "punct", "space", "other"]
_ZH_DIGITS = set("零〇一二两三四五六七八九十")
_ZH_MAGNITUDE = set("百千万亿")


@lru_cache(maxsize=None)  # a few thousand distinct characters; OpenCC per call is slow
def normalise_char(ch: str) -> str:
    """One character, simplified and half-width (a single character out)."""
    n = unicodedata.normalize("NFKC", ch)
    if len(n) != 1:
        n = ch
    s = to_simplified(n)
    return s if len(s) == 1 else n


def normalise_text(text: str) -> str:
    """`normalise_char` over a text (same length), via str.translate on its distinct chars."""
    table = {ord(c): normalise_char(c) for c in set(text)}
    return text.translate(table)


def char_class(ch: str) -> int:
    if ch.isdigit() and ch.isascii():
        return CLASSES.index("digit")
    if ch in _ZH_DIGITS:
        return CLASSES.index("zh_digit")
    if ch in _ZH_MAGNITUDE:
        return CLASSES.index("zh_magnitude")
    if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f":
        return CLASSES.index("han")
    if ch.isascii() and ch.isalpha():
        return CLASSES.index("latin")
    if ch.isspace():
        return CLASSES.index("space")
    if unicodedata.category(ch).startswith("P") or unicodedata.category(ch).startswith("S"):
        return CLASSES.index("punct")
    return CLASSES.index("other")


def codepoints(text: str) -> np.ndarray:
    """Code points of a str as uint32, surrogates included (they become U+FFFD)."""
    data = text.encode("utf-32-le", errors="replace")
    return np.frombuffer(data, dtype=np.uint32)


class CharVocab:
    """Normalised characters to ids, with a lazily filled code-point table."""

    def __init__(self, chars: List[str]):
        self._set_itos(list(SPECIALS) + [c for c in chars if c not in SPECIALS])

    def _set_itos(self, itos: List[str]) -> None:
        self.itos = itos
        self.stoi: Dict[str, int] = {}
        for i, c in enumerate(itos):
            self.stoi.setdefault(c, i)
        if "[PAD]" not in self.stoi or "[UNK]" not in self.stoi:
            raise ValueError(f"vocabulary lacks [PAD] or [UNK] (found {itos[:5]}…)")
        self.pad_id, self.unk_id = self.stoi["[PAD]"], self.stoi["[UNK]"]
        self._ids = np.full(N_CODEPOINTS, -1, dtype=np.int32)
        self._cls = np.full(N_CODEPOINTS, -1, dtype=np.int8)

    def __len__(self) -> int:
        return len(self.itos)

    @classmethod
    def from_itos(cls, itos: List[str]) -> "CharVocab":
        """A vocabulary with fixed ids (a saved model's, or a checkpoint's vocab.txt)."""
        self = cls.__new__(cls)
        self._set_itos(list(itos))
        return self

    @classmethod
    def from_checkpoint(cls, folder) -> "CharVocab":
        """The vocabulary of a local checkpoint: our vocab.json, or a BERT vocab.txt."""
        import json
        from pathlib import Path

        folder = Path(folder)
        if (folder / "vocab.json").exists():
            return cls.from_itos(json.loads((folder / "vocab.json").read_text(encoding="utf-8")))
        return cls.from_itos((folder / "vocab.txt").read_text(encoding="utf-8").splitlines())

    @classmethod
    def build(cls, texts, min_count: int = 1) -> "CharVocab":
        counts: Dict[str, int] = {}
        for t in texts:
            for ch in t:
                n = normalise_char(ch)
                counts[n] = counts.get(n, 0) + 1
        return cls(sorted(c for c, k in counts.items() if k >= min_count and not c.isspace()))

    def _fill(self, cps: np.ndarray) -> None:
        missing = np.unique(cps[self._ids[cps] < 0])
        for cp in missing.tolist():
            ch = chr(cp)
            n = normalise_char(ch)
            self._ids[cp] = self.stoi.get(n, self.unk_id)
            self._cls[cp] = char_class(n)

    def encode(self, text: str) -> Tuple[np.ndarray, np.ndarray]:
        """Ids and classes for each character of `text` (same length as the text)."""
        cps = codepoints(text)
        if len(cps) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        self._fill(cps)
        return self._ids[cps].astype(np.int64), self._cls[cps].astype(np.int64)
