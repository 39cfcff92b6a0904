"""Cleaning scraped reports: glosses, page furniture, indentation, traditional script.

The clean text keeps an offset map: clean character i came from raw character
``raw_index[i]``. Cleaning only deletes characters (glosses, furniture lines,
indentation, blank lines) and converts characters one for one, so every clean
span can be shown in the raw text.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import List, Tuple

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# A parenthesised pinyin syllable right after a Han character: 產業(yè), 會(huì ).
# The tone mark requirement keeps ordinary bracketed Latin text (5G, P3) intact.
GLOSS_RE = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff])\((?=[a-z%s]*[%s])[a-z%s]{1,7} ?\)" % (TONED, TONED, TONED)
)

# Whole lines of page furniture (matched on the stripped line). Each pattern names
# what it removes; the corpus tests list the lines they expect to disappear.
FURNITURE = (
    ("site banner", re.compile(r"^【[^】]*网】.*$")),
    ("end-of-page title", re.compile(r"^.*\(全文\)】$")),
    ("breadcrumb", re.compile(r"^当前位置[:：].*$")),
    ("time/source line", re.compile(r"^时间[:：]\s*\d{4}-\d{2}-\d{2}.*$")),
    ("share widget", re.compile(r"^扫一扫在手机打开当前页$")),
)

# Mojibake: a '?' left where a multi-byte character was mangled, usually with its
# neighbours (`(江蘇?。?024年`, `以?xún)?y`). Spots within 3 chars are one spot.
_PARTIAL_GLOSS = r"(?:[a-z%s]{1,7} ?\))?" % TONED
MOJIBAKE_RE = re.compile(r"\?%s(?:[^\s?]{0,3}\?%s)*" % (_PARTIAL_GLOSS, _PARTIAL_GLOSS))

STRIP = " \t\r\u3000\xa0\ufeff"


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional to simplified, character for character (same length).

    Phrase-level conversion is used where it keeps the length; otherwise each
    character is converted on its own, so offsets never shift.
    """
    converter = _t2s()
    out = converter.convert(text)
    if len(out) == len(text):
        return out
    chars = []
    for ch in text:
        c = converter.convert(ch)
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)


@dataclass(frozen=True)
class MojibakeSpot:
    start: int
    end: int
    text: str


@dataclass
class CleanText:
    """The result of cleaning one raw report."""

    raw: str
    text: str
    raw_index: List[int]
    glosses_removed: int = 0
    furniture: List[Tuple[int, str, str]] = field(default_factory=list)  # (line no, kind, line)
    mojibake: List[MojibakeSpot] = field(default_factory=list)

    def raw_span(self, start: int, end: int) -> Tuple[int, int]:
        """Map a clean-text span [start, end) to the raw span that covers it."""
        if not 0 <= start < end <= len(self.text):
            raise IndexError(f"span {start}-{end} outside clean text of length {len(self.text)}")
        return self.raw_index[start], self.raw_index[end - 1] + 1

    def show_raw(self, start: int, end: int) -> str:
        s, e = self.raw_span(start, end)
        return self.raw[s:e]

    def map_back(self, start: int, end: int) -> Tuple[int, int]:
        return self.raw_span(start, end)


def clean(raw: str) -> CleanText:
    """Clean a scraped report.

    raw (str): the report as decoded from its file.
    RETURNS (CleanText): clean text, offset map and what was removed or found.
    """
    chars: List[str] = []
    index: List[int] = []
    furniture = []
    glosses = 0
    pos = 0
    for lineno, line in enumerate(raw.splitlines(keepends=True), start=1):
        body = line.rstrip("\r\n")
        stripped = body.strip(STRIP)
        line_start = pos
        pos += len(line)
        if not stripped:
            continue
        kind = next((k for k, rx in FURNITURE if rx.match(stripped)), None)
        if kind is not None:
            furniture.append((lineno, kind, stripped))
            continue
        lead = len(body) - len(body.lstrip(STRIP))
        seg_start = line_start + lead
        keep = [True] * len(stripped)
        for m in GLOSS_RE.finditer(stripped):
            glosses += 1
            for i in range(m.start(), m.end()):
                keep[i] = False
        kept = [i for i in range(len(stripped)) if keep[i]]
        simplified = to_simplified("".join(stripped[i] for i in kept))
        if chars:
            # The paragraph break points at the raw line break before this line.
            chars.append("\n")
            index.append(line_start - 1)
        chars.extend(simplified)
        index.extend(seg_start + i for i in kept)
    text = "".join(chars)
    spots = [MojibakeSpot(m.start(), m.end(), m.group()) for m in MOJIBAKE_RE.finditer(text)]
    return CleanText(raw=raw, text=text, raw_index=index, glosses_removed=glosses,
                     furniture=furniture, mojibake=spots)


def count_glosses(text: str) -> int:
    return sum(1 for _ in GLOSS_RE.finditer(text))


def count_traditional(text: str) -> int:
    """Characters OpenCC would still convert to simplified."""
    conv = to_simplified(text)
    return sum(1 for a, b in zip(text, conv) if a != b)
