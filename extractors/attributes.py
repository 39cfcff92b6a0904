"""VALUE attributes (status, kind, direction, period) from the words around a value
and the part of the document it is in.

Rules, not a learned classifier: the cues are few and explicit (增长/下降/占比,
预计/力争, section headings), and rules carry over to unseen cities unchanged.
The evaluation harness scores each attribute against gold.
"""
import re
from dataclasses import dataclass
from typing import Optional

from .context import FIVE_YEAR, OUTLOOK, PLAN, DocContext

# The one list of words that make a change a decrease (also the head's `down` cue).
DECREASE_WORDS = ("下降", "降低", "减少", "缩小", "下滑", "回落", "压减", "削减", "降幅")
INCREASE_WORDS = ("增长", "增加", "提高", "提升", "上升", "增幅", "扩大")
_DECREASE = re.compile("|".join(DECREASE_WORDS))
_DOWN = re.compile("(" + "|".join(DECREASE_WORDS + ("减排", "减")) + ")$")
_UP = re.compile("(" + "|".join(INCREASE_WORDS + ("增", "提高了", "翻番", "净增", "多")) + ")$")
_CHANGE_ANY = re.compile("|".join(INCREASE_WORDS + DECREASE_WORDS))
_SHARE = re.compile(r"(占比|占全|占|比重|比例|份额)")
_TO_LEVEL = re.compile(r"(降至|降到|提高到|提高至|提升至|提升到|增至|增加到|达到|达)$")
_ESTIMATE = re.compile(r"(预计|初步核算|初步统计|预测|有望)")
_TARGET = re.compile(r"(力争|确保|目标|计划|预期|争取|努力|将|要|拟|实现.{0,4}翻番|以上$)")
_EXISTING = re.compile(r"(现有|已有|已经|目前|在审|已)")
# (初步核算,下同) / (预计数,下同): the estimate carries to the figures after it, up to the end
# of its paragraph (GUIDELINES §5)
CARRY_ESTIMATE = re.compile(r"(预计|初步核算|初步统计)[^。\n]{0,6}下同")
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


_ADDING = re.compile(r"^(新增|净增|新建|引进|认定|获批|培育|创建|创成|建成|新认定|新获批|争创|招引|备案|新组建|组建|"
                     r"启动|开工|签约|设立|发放|增加)")
_OWN_VERB = re.compile(r"^(新增|净增|新建|引进|认定|获批|培育|创建|创成|建成|争创|招引|备案|完成|实现|实施|开展|建设|"
                       r"发放|淘汰|关停|拆除|整治|改造|提升|打造|推进|举办|签约|设立|组建)")
_REMOVING = re.compile(r"^(淘汰|关停|压减|削减|拆除|整治拆除|清理|消除|关闭)")
_LIST_SEP = re.compile(r"^(以上)?[、和及]$")
_FLOW = re.compile(r"(新增|新建|建成|拆除|引进|累计|净增|改造|翻建|新改建|培育|招引)")


def list_item_change(text: str, ind_start: Optional[int], prev: Optional[dict]) -> Optional[str]:
    """Direction when a VALUE's indicator is a later item of a list governed by a
    verb inside the first item's span (新增A3家、B11家: B's 11 is a change), else None.

    prev: the previous fact of the sentence: {'end', 'ind_text', 'list_dir'}.
    """
    if ind_start is None or prev is None or prev.get("ind_text") is None:
        return None
    if not _LIST_SEP.match(text[prev["end"]:ind_start]) or _OWN_VERB.match(text[ind_start:ind_start + 2]):
        return None
    if prev.get("list_dir"):
        return prev["list_dir"]
    if _ADDING.match(prev["ind_text"]):
        return "up"
    if _REMOVING.match(prev["ind_text"]):
        return "down"
    return None


def value_attributes(text: str, start: int, end: int, unit: Optional[str], ctx: DocContext,
                     sentence_start: int = 0, prev_entity_end: int = 0,
                     year: Optional[str] = None, indicator: Optional[str] = None,
                     list_dir: Optional[str] = None, prev_value: Optional["ValueAttributes"] = None
                     ) -> ValueAttributes:
    """Attributes of the VALUE at text[start:end].

    text (str): the whole document text (ctx was built from it).
    unit (Optional[str]): the text of the linked UNIT, if any.
    sentence_start (int): where the value's sentence starts.
    prev_entity_end (int): end of the entity before the value (cues lie after it).
    year (Optional[str]): the text of a linked YEAR span, if any.
    indicator (Optional[str]): the text of the linked INDICATOR, if any.
    list_dir (Optional[str]): set when the value is a later item of a verb-governed list.
    prev_value: the previous value of a 分别/和 chain in the same sentence, whose
        kind a bare connector (`增长76.9%和66.3%`) carries over.
    """
    cue = _cue(text, start, max(sentence_start, prev_entity_end))
    near = text[max(sentence_start, start - 8):start]
    before = text[sentence_start:start]
    # kind and direction
    kind, direction = "level", None
    if re.match(r"\s*[∶:]\s*1(?![\d.])", text[end:end + 4]):
        pass  # a ratio a∶1 reached (城乡收入比缩小至1.93∶1) is a level, whatever verb leads to it
    elif prev_value is not None and re.fullmatch(r"[、,，和及与—–~-]|至|到",
                                                 text[max(sentence_start, prev_entity_end):start].strip()):
        # a chain or a range (6%—6.5%, 增长76.9%和66.3%): the second value is of the first's kind
        kind, direction = prev_value.kind, prev_value.direction
    elif unit in ("个百分点", "百分点"):
        kind = "change"
        direction = "down" if _DECREASE.search(cue or near) else "up"
    elif _SHARE.search(cue):
        kind = "share"
    elif _TO_LEVEL.search(cue):
        kind = "level"
    elif list_dir is not None:
        kind, direction = "change", list_dir
    elif _CHANGE_ANY.search(cue) or re.search(r"(增长|下降)$", near):
        kind = "change"
        direction = "down" if _DECREASE.search(cue or near) else "up"
    elif unit == "倍" and re.search(r"(是|为)[^,，;；]{0,12}的?$", before[-15:]):
        kind, direction = "change", "up"
    # status
    part = ctx.part_at(start)
    clause = text[sentence_start:start]
    if _ESTIMATE.search(clause) or CARRY_ESTIMATE.search(text, ctx.paragraph_start_at(start), start):
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
        y = ctx.year_of(part, start)
        if part in (FIVE_YEAR, OUTLOOK):
            rng = ctx.range_of(part)
            local = re.split(r"[,，;；。]", text[max(sentence_start, start - 30):start])[-1]
            multi = (_MULTI_YEAR.search(local) or kind == "change" and part == FIVE_YEAR
                     or (indicator is not None and _FLOW.search(indicator)))
            if multi and rng is not None:
                period = rng
            elif y is not None:
                period = str(ctx.plan_year - 1 if part == FIVE_YEAR else ctx.plan_year + 4)
        elif y is not None:
            if re.search(r"(去年|上年|上一年)", clause) and part == PLAN:
                y -= 1
            period = str(y)
    return ValueAttributes(period=period, status=status, kind=kind, direction=direction)
