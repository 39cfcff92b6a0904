"""Paragraph and sentence segmentation of clean text, with offsets."""
import re
from dataclasses import dataclass
from typing import Iterator, List

# A sentence ends at 。！？!? (with closing quotes/brackets) or at a paragraph end.
# Semicolons do not end a sentence: 预计 governs every figure up to the full stop.
_SENT_END = re.compile(r"[。！？!?]+[”’」』)）]*")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str


def paragraphs(text: str) -> List[Segment]:
    """Non-empty lines of clean text, with their offsets."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Segment(pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _sentence_spans(text: str) -> Iterator[tuple]:
    start = 0
    for m in _SENT_END.finditer(text):
        yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def sentences(text: str, offset: int = 0) -> List[Segment]:
    """Sentences of a text (split within lines), with offsets shifted by `offset`."""
    out = []
    for para in paragraphs(text):
        for s, e in _sentence_spans(para.text):
            seg = para.text[s:e]
            if seg.strip():
                out.append(Segment(offset + para.start + s, offset + para.start + e, seg))
    return out
