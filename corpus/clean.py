"""Cleaning scraped reports: glosses, page furniture, scrape noise, traditional script.

The clean text keeps an offset map: clean character i came from raw character
``raw_index[i]``. Cleaning deletes characters (glosses, furniture lines, anti-copy
tokens, HTML tags, stray spaces, hard line breaks, indentation, blank lines),
decodes an HTML entity to the one character it stands for (mapped to its ``&``) and
converts characters one for one, so every clean span can be shown in the raw text.

The steps, in order (each one its own function below):

1. lines: drop blank lines and whole lines of page furniture (``FURNITURE``);
2. hard line breaks: in a hard-wrapped file, a full-width line that does not end a
   sentence runs on into the next line (``join_wrapped``);
3. within a paragraph: HTML tags, entities, anti-copy tokens, spaces that only
   separate CJK text or a number from its unit, pinyin glosses;
4. traditional → simplified with OpenCC, one character for one.
"""
import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import List, Sequence, Tuple

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# A parenthesised pinyin syllable right after a Han character: 產業(yè), 會(huì ).
# The tone mark requirement keeps ordinary bracketed Latin text (5G, P3) intact.
GLOSS_RE = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff])\((?=[a-z%s]*[%s])[a-z%s]{1,7} ?\)" % (TONED, TONED, TONED)
)

# Whole lines of page furniture (matched on the stripped line). Each pattern names
# what it removes; the corpus tests list the lines they expect to disappear. The
# patterns are anchored on page chrome, never on report wording: a line of report
# text that a pattern would drop must not exist.
FURNITURE = (
    ("site banner", re.compile(r"^【[^】]*网】.*$")),
    ("end-of-page title", re.compile(r"^.*\(全文\)】$")),
    ("breadcrumb", re.compile(r"^(当前位置|您的位置|你的位置|所在位置|首页\s*[>›»]).*$")),
    ("time/source line", re.compile(r"^(时间|发布时间|发布日期|日期)[:：]\s*\d{4}[-/年]\d{1,2}.*$")),
    ("timestamp line", re.compile(r"^.{0,30}\d{4}[-/]\d{1,2}[-/]\d{1,2}\s+\d{1,2}:\d{2}(:\d{2})?.{0,40}$")),
    ("timestamp line", re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}.{0,40}$")),
    ("source line", re.compile(r"^(来源|來源|信息来源|文章来源|作者|编辑|责任编辑|责编)[:：].{0,40}$")),
    ("share widget", re.compile(r"^(扫一扫在手机打开当前页|分享到[:：]?.*|分享|打印|关闭|【打印】.*|.*【关闭窗口】.*)$")),
    ("page counter", re.compile(r"^(浏览次数|访问量|阅读|点击|查看)[:：]?\s*\d+.*$")),
    ("page counter", re.compile(r"^第\s*\d+\s*页\s*/\s*共\s*\d+\s*页$")),
    ("file metadata", re.compile(r"^(\d+(\.\d+)?\s*(KB|MB|kb|M)|\d+\s*页|\d+\+|VIP.{0,6}|侵权投诉|海报|下载|举报)$")),
    ("html only", re.compile(r"^(?:\s*(?:<[^>]*>|•|·|\||&nbsp;))+\s*$")),
)

# Mojibake: a '?' left where a multi-byte character was mangled, usually with its
# neighbours (`(江蘇?。?024年`, `以?xún)?y`). Spots within 3 chars are one spot.
_PARTIAL_GLOSS = r"(?:[a-z%s]{1,7} ?\))?" % TONED
MOJIBAKE_RE = re.compile(r"\?%s(?:[^\s?]{0,3}\?%s)*" % (_PARTIAL_GLOSS, _PARTIAL_GLOSS))

STRIP = " \t\r\u3000\xa0\ufeff"
HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^<>\n]{0,200}>")
HTML_ENTITY_RE = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
# Anti-copy tokens: a three-character run of ASCII letters and digits, standing
# alone, that a site sprinkles through its pages (F9f, zTB, 2Iu, 22M). Acronyms in
# capitals only (GDP, CPI, PPP) are never tokens.
TOKEN_RE = re.compile(r"(?<![A-Za-z0-9.])[A-Za-z0-9]{3}(?![A-Za-z0-9.%])")
TOKEN_MIN_COUNT = 3
# Whitespace inside a line is noise unless it separates two Latin words or two numbers.
_KEEP_SPACE_SIDE = re.compile(r"[A-Za-z0-9]")
INNER_SPACE_RE = re.compile(r"[ \t\u3000\xa0]+")
# A sentence or heading ends here: a wrapped line ending so is not run on.
_LINE_END = "。！？!?；;：:”」』)）】…"


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
    tokens_removed: int = 0
    entities_decoded: int = 0
    tags_removed: int = 0
    lines_joined: int = 0

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


class _Piece:
    """A run of text with the raw offset of each of its characters."""

    __slots__ = ("chars", "index", "line_start")

    def __init__(self, chars: str, index: List[int], line_start: int = 0):
        self.chars, self.index, self.line_start = chars, index, line_start

    def sub(self, rx: "re.Pattern", repl=None) -> int:
        """Delete each match (or replace it by one character, mapped to its start)."""
        out_c, out_i, pos, n = [], [], 0, 0
        for m in rx.finditer(self.chars):
            r = "" if repl is None else repl(m)
            if r is None:
                continue
            out_c.append(self.chars[pos:m.start()])
            out_i.extend(self.index[pos:m.start()])
            if r:
                out_c.append(r)
                out_i.extend([self.index[m.start()]] * len(r))
            pos = m.end()
            n += 1
        if n:
            out_c.append(self.chars[pos:])
            out_i.extend(self.index[pos:])
            self.chars, self.index = "".join(out_c), out_i
        return n


def _width(s: str) -> int:
    # Ambiguous-width marks (“”、…) take two columns in the GBK layouts these pages come from.
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in s)


def join_wrapped(lines: Sequence[str]) -> List[bool]:
    """For each line, whether it runs on into the next (a hard line break in a word).

    A file is hard-wrapped when at least a third of its lines of 16+ columns share
    one display width (±2). Then a line at least three quarters that wide, not ending a sentence,
    runs on into the next line.
    """
    widths = [_width(l) for l in lines]
    long = [w for w in widths if w >= 32]
    joins = [False] * len(lines)
    if len(long) < 4:
        return joins
    counts = Counter(long)
    mode = max(counts, key=lambda w: sum(counts.get(w + d, 0) for d in range(-2, 3)))
    near = sum(counts.get(mode + d, 0) for d in range(-2, 3))
    if near * 3 < len(long) or near < 4:
        return joins
    for i in range(len(lines) - 1):
        if widths[i] >= mode * 3 // 4 and lines[i] and lines[i][-1] not in _LINE_END and lines[i + 1]:
            joins[i] = True
    return joins


UNIT_WORDS = {"kWh", "MWh", "GWh", "TWh", "mAh", "kVA"}


def _tokens(raw: str) -> set:
    """The file's anti-copy tokens: repeated 3-character runs of mixed form.

    Digits with letters (2Iu, 22M) or letters of both cases (zTB, Zeu); never a
    word in one case (GDP, CPI) nor a unit (kWh).
    """
    counts = Counter(m.group() for m in TOKEN_RE.finditer(raw))

    def mixed(t: str) -> bool:
        if t in UNIT_WORDS or not any(c.isalpha() for c in t):
            return False
        return not t.isalpha() or not (t.isupper() or t.islower())

    return {t for t, n in counts.items() if n >= TOKEN_MIN_COUNT and mixed(t)}


def _inner_space(piece: _Piece) -> int:
    def repl(m):
        s, e = m.start(), m.end()
        left = piece.chars[s - 1] if s else ""
        right = piece.chars[e] if e < len(piece.chars) else ""
        if _KEEP_SPACE_SIDE.match(left or " ") and _KEEP_SPACE_SIDE.match(right or " "):
            return None
        return ""
    return piece.sub(INNER_SPACE_RE, repl)


def clean(raw: str) -> CleanText:
    """Clean a scraped report.

    raw (str): the report as decoded from its file.
    RETURNS (CleanText): clean text, offset map and what was removed or found.
    """
    furniture = []
    kept: List[Tuple[int, int, str]] = []  # (raw line start, raw offset of the stripped line, line)
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
        kept.append((line_start, line_start + len(body) - len(body.lstrip(STRIP)), stripped))

    tokens = _tokens(raw)
    token_re = re.compile(r"(?<![A-Za-z0-9])(?:%s)(?![A-Za-z0-9])" % "|".join(map(re.escape, sorted(tokens)))) \
        if tokens else None
    # Tokens go before wrap detection: they widen the lines they end.
    bare = [token_re.sub("", s).strip(STRIP) if token_re else s for _, _, s in kept]
    joins = join_wrapped(bare)

    paragraphs: List[_Piece] = []
    run_on = False
    for (line_start, start, stripped), join in zip(kept, joins):
        piece = _Piece(stripped, [start + i for i in range(len(stripped))], line_start)
        if run_on:
            prev = paragraphs[-1]
            prev.chars += piece.chars
            prev.index += piece.index
        else:
            paragraphs.append(piece)
        run_on = join

    stats = Counter()
    chars: List[str] = []
    index: List[int] = []
    for piece in paragraphs:
        stats["tags"] += piece.sub(HTML_TAG_RE)
        stats["entities"] += piece.sub(HTML_ENTITY_RE, lambda m: (html.unescape(m.group()) or None)
                                       if len(html.unescape(m.group())) == 1 else None)
        if token_re is not None:
            stats["tokens"] += piece.sub(token_re)
        _inner_space(piece)
        stats["glosses"] += piece.sub(GLOSS_RE)
        piece.sub(re.compile(r"^[%s]+|[%s]+$" % (STRIP, STRIP)))
        if not piece.chars:
            continue
        if chars:
            # The paragraph break points at the raw line break before this paragraph.
            chars.append("\n")
            index.append(piece.line_start - 1)
        chars.extend(to_simplified(piece.chars))
        index.extend(piece.index)
    text = "".join(chars)
    spots = [MojibakeSpot(m.start(), m.end(), m.group()) for m in MOJIBAKE_RE.finditer(text)]
    return CleanText(raw=raw, text=text, raw_index=index, glosses_removed=stats["glosses"],
                     furniture=furniture, mojibake=spots, tokens_removed=stats["tokens"],
                     entities_decoded=stats["entities"], tags_removed=stats["tags"],
                     lines_joined=sum(joins))


def count_glosses(text: str) -> int:
    return sum(1 for _ in GLOSS_RE.finditer(text))


def count_traditional(text: str) -> int:
    """Characters OpenCC would still convert to simplified."""
    conv = to_simplified(text)
    return sum(1 for a, b in zip(text, conv) if a != b)
