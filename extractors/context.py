"""Document context for VALUE attributes: which part of the report a paragraph is in.

A work report reviews the last year, sometimes the last five years, sets out a
five-year outlook, and plans the coming year. The part decides the default
period and status of every figure in it. A report year passed by the caller
wins over years written in the text (the 昆山 report's site rewrote them).
"""
import bisect
import math
import re
from dataclasses import dataclass, field
from typing import Any, List, Optional, Sequence, Tuple

from zh_indicators.corpus.segment import paragraphs

REVIEW, FIVE_YEAR, OUTLOOK, PLAN = "review", "five_year", "outlook", "plan"
PARTS = (REVIEW, FIVE_YEAR, OUTLOOK, PLAN)

_YEAR = r"((?:19|20)\d\d)年"
_HEADING_REVIEW = re.compile(_YEAR + r"?.{0,6}(工作回顾|主要工作回顾)|^(?:[一二三四五六七八九十]+、)?" + _YEAR
                             + r"(?:主要工作|工作总结|经济社会发展(?:取得|情况|回顾))|^(?:[一二三四五六七八九十]+、)?回顾"
                             + _YEAR)
_HEADING_PLAN = re.compile(r"(" + _YEAR + r".{0,8}(工作安排|目标任务|主要工作|工作任务|总体要求|政府工作))|"
                           r"(今年.{0,10}(总体思路|总体要求|主要预期目标|工作安排))")
_FIVE_YEAR = re.compile(r"^(五年来|过去五年|过去的五年|“十三五”(时期|期间)|十三五(时期|期间))")
_OUTLOOK = re.compile(r"(“十四五”|十四五|五年规划|远景目标|未来五年)")
_PLAN_START = re.compile(r"^" + _YEAR + r"[,，]?是.{0,40}(开局|起步|开启|关键|决胜)")
_REVIEW_START = re.compile(r"^(" + _YEAR + r"[,，]?是.{0,40}收官|一年来|过去的一年|过去一年|刚刚过去的)")
_FIRST_YEAR_IS = re.compile(r"(?m)^((?:19|20)\d\d)年[,，]?是")
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)年.{0,12}政府工作报告")


@dataclass
class DocContext:
    """Per-paragraph parts of a document and the years they refer to."""

    report_year: Optional[int]
    # the year the report plans for: its report year, or the next one for a report delivered
    # in November or December of its report year (GUIDELINES §9, December deliveries: such a
    # report reviews its own year). The parts' years and ranges count from it.
    plan_year: Optional[int] = None
    parts: List[Tuple[int, int, str]] = field(default_factory=list)  # (start, end, part)
    # the year a heading states for its part (2023年工作回顾 in a report delivered in
    # December 2023 reviews 2023, not report year − 1), per entry of `parts`
    stated: List[Optional[int]] = field(default_factory=list)
    report_year_source: Optional[str] = None
    # the learned part label's probabilities per entry of `parts` (extractors/parts.py), when run
    part_probs: Optional[Any] = None
    # the seven-part label's probabilities per entry of `parts` (GUIDELINES §10), when run
    paragraph_part_probs: Optional[Any] = None

    def learned_part_at(self, offset: int):
        """The learned part probabilities of the paragraph at `offset` (None without the model)."""
        if self.part_probs is None or not len(self.part_probs):
            return None
        k = bisect.bisect_right(self.parts, (offset, math.inf)) - 1
        return self.part_probs[max(0, k)]

    def paragraph_part_at(self, offset: int, labels: Sequence[str]) -> Optional[str]:
        """The seven-part label (`labels`) of the paragraph at `offset`; None without the model."""
        if self.paragraph_part_probs is None or not len(self.paragraph_part_probs):
            return None
        k = bisect.bisect_right(self.parts, (offset, math.inf)) - 1
        return labels[int(self.paragraph_part_probs[max(0, k)].argmax())]

    def part_at(self, offset: int) -> str:
        # parts are in document order: the last one starting at or before offset
        k = bisect.bisect_right(self.parts, (offset, math.inf)) - 1
        if k >= 0 and self.parts[k][0] <= offset <= self.parts[k][1]:
            return self.parts[k][2]
        return PLAN if self.report_year is None else REVIEW

    def paragraph_start_at(self, offset: int) -> int:
        """Where the paragraph holding `offset` starts (0 when no paragraph does)."""
        k = bisect.bisect_right(self.parts, (offset, math.inf)) - 1
        return self.parts[k][0] if k >= 0 else 0

    def stated_year_at(self, offset: int) -> Optional[int]:
        k = bisect.bisect_right(self.parts, (offset, math.inf)) - 1
        return self.stated[k] if 0 <= k < len(self.stated) else None

    def year_of(self, part: str, offset: Optional[int] = None) -> Optional[int]:
        y = self.plan_year
        if y is None:
            return None
        if part == REVIEW and offset is not None:
            stated = self.stated_year_at(offset)
            if stated is not None and y - 1 <= stated <= y:
                return stated
        return y - 1 if part in (REVIEW, FIVE_YEAR) else y

    def range_of(self, part: str) -> Optional[str]:
        y = self.plan_year
        if y is None:
            return None
        if part == FIVE_YEAR:
            return f"{y - 5}-{y - 1}"
        if part == OUTLOOK:
            return f"{y}-{y + 4}"
        return None


_MEETING_LINE = re.compile(r"((?:19|20)\d\d)年\s*(\d{1,2})\s*月\s*\d{1,2}\s*日\s*(?:在|于)?.{0,30}(?:人民代表大会|人大).{0,12}(?:会议|大会)")


def infer_report_year_with_source(text: str) -> Tuple[Optional[int], str]:
    """The year the report was delivered, read from the text, and where it was read:
    the dated meeting line (——2019年1月8日在…会议上), the title, or a review heading."""
    m = _MEETING_LINE.search(text[:1500])
    if m:
        return int(m.group(1)), "meeting line"
    m = _TITLE_YEAR.search(text[:400])
    if m:
        return int(m.group(1)), "title"
    m = _HEADING_REVIEW.search(text)
    y = next((g for g in (m.groups() if m else ()) if g and g.isdigit()), None)
    if y:
        return int(y) + 1, "heading"
    # "2017年是…" opens the review of a report whose own year is the next one
    m = _FIRST_YEAR_IS.search(text)
    if m and not _PLAN_START.match(text[m.start():m.start() + 60]):
        return int(m.group(1)) + 1, "heading"
    return None, "none"


def plan_year_of(text: str, report_year: Optional[int]) -> Optional[int]:
    """The year a report plans for: `report_year`, or the next year when the dated meeting
    line says it was delivered in November or December of `report_year` (芜湖, 2022年12月31日:
    its review is of 2022, its targets are for 2023)."""
    if report_year is None:
        return None
    m = _MEETING_LINE.search(text[:1500])
    if m and int(m.group(1)) == report_year and int(m.group(2)) >= 11:
        return report_year + 1
    return report_year


def infer_report_year(text: str) -> Optional[int]:
    """The report's year from its meeting line, title or review heading, if written."""
    return infer_report_year_with_source(text)[0]


def build_context(text: str, report_year: Optional[int] = None) -> DocContext:
    """Split a document into review / five-year / outlook / plan parts.

    text (str): clean text of a whole report (or any passage).
    report_year (Optional[int]): the year the report was delivered, if known.
    RETURNS (DocContext): parts with offsets.
    """
    if report_year is not None:
        year, source = report_year, "given"
    else:
        year, source = infer_report_year_with_source(text)
    ctx = DocContext(report_year=year, plan_year=plan_year_of(text, year), report_year_source=source)
    part, stated = None, None
    for para in paragraphs(text):
        t = para.text
        heading = len(t) < 60 or re.match(r"^[一二三四五六七八九十]+、", t)
        m_review = _HEADING_REVIEW.search(t) if heading else None
        if m_review:
            part = REVIEW
            y = next((g for g in m_review.groups() if g and g.isdigit()), None)
            stated = int(y) if y else None
        elif heading and _HEADING_PLAN.search(t):
            part, stated = PLAN, None
        elif _REVIEW_START.search(t):
            part = REVIEW
        elif _PLAN_START.search(t):
            # "2017年,是…开局之年" opens the review of a 2018 report; "2018年是…" its plan;
            # under a "2023年工作回顾" heading, "2023年是…开局之年" is still the review
            y = int(_PLAN_START.search(t).group(1))
            if not (part == REVIEW and stated == y):
                part = REVIEW if ctx.plan_year is not None and y < ctx.plan_year else PLAN
                stated = None
        elif re.match(r"^今年(政府工作|全区|全市|是)", t):
            part = PLAN
        elif _FIVE_YEAR.search(t):
            part = FIVE_YEAR
        elif part in (None, REVIEW, FIVE_YEAR) and heading and _OUTLOOK.search(t):
            part = OUTLOOK
        elif part is None and re.search(r"(一年来|过去一年|回顾)", t):
            part = REVIEW
        ctx.parts.append((para.start, para.end, part or PLAN))
        ctx.stated.append(stated if part == REVIEW else None)
    return ctx
