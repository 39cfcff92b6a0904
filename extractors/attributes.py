"""VALUE attributes (status, kind, direction, period) from the words around a value
and the part of the document it is in.

Rules, not a learned classifier: the cues are few and explicit (增长/下降/占比,
预计/力争, section headings), and rules carry over to unseen cities unchanged.
The evaluation harness scores each attribute against gold.
"""
import re
from dataclasses import dataclass
from typing import Optional

from .context import FIVE_YEAR, OUTLOOK, PLAN, REVIEW, DocContext

_DOWN = re.compile(r"(下降|降低|减少|缩小|下滑|回落|压减|削减|降幅|减排|减)$")
_UP = re.compile(r"(增长|增加|提高|提升|上升|增幅|扩大|增|提高了|翻番|净增|多)$")
_CHANGE_ANY = re.compile(r"(增长|增加|提高|提升|上升|下降|降低|减少|缩小|增幅|降幅|扩大|回落|下滑)")
_SHARE = re.compile(r"(占比|占全|占|比重|比例|份额)")
_TO_LEVEL = re.compile(r"(降至|降到|提高到|提高至|提升至|提升到|增至|增加到|达到|达)$")
_ESTIMATE = re.compile(r"(预计|初步核算|初步统计|预测|有望)")
_TARGET = re.compile(r"(力争|确保|目标|计划|预期|争取|努力|将|要|拟|实现.{0,4}翻番|以上$)")
_EXISTING = re.compile(r"(现有|已有|已经|目前|在审|已)")
_MULTI_YEAR = re.compile(r"(累计|年均|五年来|五年|总共|合计|共计|期间)")


@dataclass(frozen=True)
class ValueAttributes:
    period: Optional[str]
    status: str
    kind: str
    direction: Optional[str]

    def to_dict(self):
        return {"period": self.period, "status": self.status, "kind": self.kind,
                "direction": self.direction}


def _cue(text: str, start: int, stop: int) -> str:
    """The words between the previous clause break (or `stop`) and the value."""
    left = text[max(stop, start - 20):start]
    cut = max(left.rfind(c) for c in ",，;；、:：。")
    return left[cut + 1:] if cut >= 0 else left


def value_attributes(text: str, start: int, end: int, unit: Optional[str], ctx: DocContext,
                     sentence_start: int = 0, prev_entity_end: int = 0,
                     year: Optional[str] = None) -> ValueAttributes:
    """Attributes of the VALUE at text[start:end].

    text (str): the whole document text (ctx was built from it).
    unit (Optional[str]): the text of the linked UNIT, if any.
    sentence_start (int): where the value's sentence starts.
    prev_entity_end (int): end of the entity before the value (cues lie after it).
    year (Optional[str]): the text of a linked YEAR span, if any.
    """
    cue = _cue(text, start, max(sentence_start, prev_entity_end))
    near = text[max(sentence_start, start - 8):start]
    before = text[sentence_start:start]
    # kind and direction
    kind, direction = "level", None
    if _TO_LEVEL.search(cue):
        kind = "level"
    elif unit in ("个百分点", "百分点") or _CHANGE_ANY.search(cue) or re.search(r"(增长|下降)$", near):
        kind = "change"
        direction = "down" if re.search(r"(下降|降低|减少|缩小|下滑|回落|降幅|压减|削减)", cue or near) else "up"
    elif unit == "倍" and re.search(r"(是|为)[^,，;；]{0,12}的?$", before[-15:]):
        kind, direction = "change", "up"
    elif _SHARE.search(cue):
        kind = "share"
    # status
    part = ctx.part_at(start)
    clause = text[sentence_start:start]
    if _ESTIMATE.search(clause):
        status = "estimate"
    elif part in (PLAN, OUTLOOK):
        status = "actual" if _EXISTING.search(cue) else "target"
    elif _TARGET.search(cue) and re.search(r"(力争|确保|目标|计划|预期|争取)", clause):
        status = "target"
    else:
        status = "actual"
    # period
    period = None
    if year:
        m = re.findall(r"((?:19|20)\d\d)", year)
        if len(m) == 2:
            period = f"{m[0]}-{m[1]}"
        elif m and (ctx.report_year is None or abs(int(m[0]) - ctx.report_year) <= 15):
            period = m[0]
    if period is None:
        y = ctx.year_of(part)
        if part in (FIVE_YEAR, OUTLOOK):
            rng = ctx.range_of(part)
            multi = _MULTI_YEAR.search(clause) or kind == "change" and "年均" in clause
            if multi:
                period = rng
            elif y is not None:
                period = str(ctx.report_year - 1 if part == FIVE_YEAR else ctx.report_year + 4)
        elif y is not None:
            if re.search(r"(去年|上年|上一年)", clause) and part == PLAN:
                y -= 1
            period = str(y)
    return ValueAttributes(period=period, status=status, kind=kind, direction=direction)
