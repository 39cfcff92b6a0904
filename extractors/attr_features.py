"""Features of one VALUE for the learned attribute head: the words around it, the
part of the document it is in, the years written near it, and the rule baseline's
own answer (which the head learns to trust or overrule).

A reader tells an achieved figure from a target by the words (完成, 实现, 了, 已
against 力争, 将, 要, 确保, 预期目标), by the dated meeting line and by the flow of the
text, not by headings alone; the features give the head those cues where an excerpt
has no heading at all.
"""
import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

import numpy as np

from .attributes import CARRY_ESTIMATE, DECREASE_WORDS, ValueAttributes
from .context import PARTS, PLAN, DocContext
from .parts import TIME_PARTS

STATUS = ("actual", "estimate", "target")
KIND = ("level", "change", "share")
DIRECTION = (None, "up", "down")
# How the period is chosen; the head picks one and `resolve_period` turns it into a year.
# base1 / base5: the year before a one-year / five-year review (the 从 of 从773亿元提升到1196亿元)
PERIOD_CHOICES = ("year", "prev", "this", "back5", "fwd5", "base1", "base5", "rule", "null")
N_PARTS = len(TIME_PARTS)  # the head's own part model's classes (extractors/parts.py)

# cue words, each family one feature per window (clause before the value, whole sentence)
CUES = {
    "estimate": r"预计|初步核算|初步统计|有望|预测",
    "target": r"力争|确保|目标|计划|预期|争取|努力|拟|将|要|着力|推动|加快|突破|实现.{0,3}翻番",
    "goal_year": r"到(19|20)\d\d年|(19|20)\d\d年(底|末|前)",
    "actual": r"完成|实现|达到|达|增长了|提高了|下降了|了|已|累计|一年来|过去一年|共计|合计",
    "last_year": r"去年|上年|上一年|过去的一年|刚刚过去",
    "this_year": r"今年|本年|全年|年内|明年",
    "five_back": r"五年来|过去五年|过去的五年|十二五|十三五|十四五时期|期间|年均|累计|五年",
    "five_fwd": r"十四五|十五五|未来五年|五年规划|远景|2035",
    "news": r"报告显示|报告指出|报告提出|据介绍|记者|获悉|透露|表示",
    "compare": r"同比|比上年|比去年|较上年|比年初|较去年",
    "change": r"增长|增加|提高|提升|上升|下降|降低|减少|缩小|回落|下滑|扩大|增幅|降幅|涨幅|增速",
    "down": "|".join(DECREASE_WORDS),
    "to_level": r"降至|降到|提高到|提高至|提升至|增至|增加到|达到|为|控制在|保持在",
    "share": r"占比|占全|占|比重|份额",
    "multiple": r"倍|翻",
    "existing": r"现有|已有|目前|在审|存量",
}
_CUE_RE = {k: re.compile(v) for k, v in CUES.items()}
# a five-year plan by name (“十四五”): which years it covers, so that its figures in a 2026
# report are a review (2021-2025) and in a 2021 report a target
_PLAN_NAME = re.compile(r"十([一二三四五六七八九])五")
_PLAN_NUMBER = {c: k for k, c in enumerate("一二三四五六七八九", start=1)}
_MEETING = re.compile(r"((?:19|20)\d\d)年\d{1,2}月\d{1,2}日在.{0,40}(会议|大会)")
_YEARS = re.compile(r"((?:19|20)\d\d)(?:年|-|—|至)")
UNIT_KINDS = (("percent", ("%", "％", "百分之")), ("pp", ("个百分点", "百分点")), ("times", ("倍", "番")),
              ("money", ("元", "美元")), ("count", ("家", "个", "项", "件", "所", "户", "座", "处", "条")))


@dataclass
class ValueContext:
    """What the feature function reads about one VALUE."""

    text: str                  # the document's normalised text
    start: int
    end: int
    unit: Optional[str]
    indicator: Optional[str]
    year: Optional[str]        # text of a linked YEAR span
    sentence_start: int
    sentence_end: int
    prev_entity_end: int
    rule: ValueAttributes      # the rule baseline's attributes of the value
    rule_period_choice: str


def period_of_choice(choice: str, ctx: DocContext, rule: ValueAttributes, year_period: Optional[str]) -> Optional[str]:
    """The period a choice stands for; None when it cannot be resolved (no report year).
    The choices count from the year the report plans for (a December delivery's next year)."""
    y = ctx.plan_year
    if choice == "year":
        return year_period
    if choice == "rule":
        return rule.period
    if choice == "null" or y is None:
        return None
    return {"prev": str(y - 1), "this": str(y), "back5": f"{y - 5}-{y - 1}", "fwd5": f"{y}-{y + 4}",
            "base1": str(y - 2), "base5": str(y - 6)}[choice]


def year_period(year_text: Optional[str], report_year: Optional[int]) -> Optional[str]:
    """The period a linked YEAR span states (2017年 -> 2017, 2016-2020年 -> 2016-2020)."""
    if not year_text:
        return None
    ys = re.findall(r"((?:19|20)\d\d)", year_text)
    if len(ys) >= 2 and int(ys[0]) < int(ys[1]):
        return f"{ys[0]}-{ys[1]}"
    if ys and (report_year is None or abs(int(ys[0]) - report_year) <= 15):
        return ys[0]
    return None


def rule_period_choice(rule: ValueAttributes, ctx: DocContext, year_text: Optional[str]) -> str:
    """Which choice the rule baseline's period corresponds to (a feature of the head)."""
    for c in PERIOD_CHOICES[:-2]:
        if c != "rule" and rule.period is not None and \
                period_of_choice(c, ctx, rule, year_period(year_text, ctx.report_year)) == rule.period:
            return c
    return "null" if rule.period is None else "rule"


def plan_years(name_number: int) -> Tuple[int, int]:
    """The years of the n-th five-year plan (十一五: 2006-2010)."""
    start = 2006 + 5 * (name_number - 11)
    return start, start + 4


def _plan_relation(text: str, report_year: Optional[int]) -> List[float]:
    """[ended before the report year, under way in it, ahead of it] for the plans `text` names."""
    out = [0.0, 0.0, 0.0]
    if report_year is None:
        return out
    for m in _PLAN_NAME.finditer(text):
        a, b = plan_years(10 + _PLAN_NUMBER[m.group(1)])
        out[0 if b < report_year else 1 if a <= report_year else 2] = 1.0
    return out


def _onehot(value, options) -> List[float]:
    return [1.0 if value == o else 0.0 for o in options]


def features(v: ValueContext, ctx: DocContext) -> np.ndarray:
    """The feature vector of one VALUE (float32)."""
    t = v.text
    clause_start = max(v.sentence_start, v.prev_entity_end - 40)
    clause = t[clause_start:v.start]
    cut = max(clause.rfind(c) for c in ",，;；。")
    near = clause[cut + 1:] if cut >= 0 else clause
    sentence = t[v.sentence_start:v.sentence_end]
    after = t[v.end:min(len(t), v.end + 12)]
    f: List[float] = []
    for name, rx in _CUE_RE.items():
        f += [float(bool(rx.search(near))), float(bool(rx.search(clause))), float(bool(rx.search(sentence)))]
    f += [float(bool(re.match(r"^(以上|左右|以内|多|余)", after))), float(bool(re.search(r"目标|任务", after)))]
    part = ctx.part_at(v.start)
    f += _onehot(part, PARTS)
    f += [float(any(p[2] != PLAN for p in ctx.parts)), float(ctx.report_year is None)]
    f += [v.start / max(1, len(t))]
    # years written in the sentence, relative to the year the report plans for (the
    # report year; the next one for a December delivery, which reviews its own year)
    ry = ctx.plan_year
    ys = [int(y) for y in _YEARS.findall(sentence)]
    rel = [y - ry for y in ys] if ry is not None else []
    f += [float(any(r == -1 for r in rel)), float(any(r == 0 for r in rel)), float(any(r > 0 for r in rel)),
          float(any(r < -1 for r in rel)), float(bool(ys))]
    # the last year written before the value (a heading, a lead, 2023年…), and the year
    # the part's heading states, both relative to the report year
    before = _YEARS.findall(t[max(0, v.start - 400):v.start])
    last = int(before[-1]) - ry if before and ry is not None else None
    f += [float(last is None), float(last is not None and last <= -2), float(last == -1), float(last == 0),
          float(last is not None and last >= 1)]
    stated = ctx.stated_year_at(v.start)
    sr = stated - ry if stated is not None and ry is not None else None
    f += [float(sr is None), float(sr == -1), float(sr == 0)]
    # (初步核算,下同) / (预计数,下同): the estimate carries on to the figures after it
    f += [float(bool(CARRY_ESTIMATE.search(t, max(0, v.start - 1500), v.start))),
          float(bool(CARRY_ESTIMATE.search(t, ctx.paragraph_start_at(v.start), v.start)))]
    m = _MEETING.search(t[:600])
    f += [float(m is not None), float(m is not None and ry is not None and int(m.group(1)) == ry)]
    f += _plan_relation(clause, ry) + _plan_relation(sentence, ry)
    f += [float(v.year is not None), float(v.indicator is not None)]
    ind = v.indicator or ""
    f += [float(bool(re.search(r"(率|比重|占比|比例|指数|强度)$", ind))), float(bool(re.search(r"(新增|净增|引进|新建|累计)", ind)))]
    f += [float(v.unit is not None and any(v.unit.endswith(u) for u in units)) for _, units in UNIT_KINDS]
    f += [float(v.unit is None)]
    f += _onehot(v.rule.status, STATUS) + _onehot(v.rule.kind, KIND) + _onehot(v.rule.direction, DIRECTION)
    f += _onehot(v.rule_period_choice, PERIOD_CHOICES)
    f += [float(bool(re.match(r"^\s*[∶:]\s*1", after)))]
    # the learned part label of the paragraph (zeros and a flag when no part model ran)
    probs = ctx.learned_part_at(v.start)
    f += [float(probs is None)] + ([0.0] * N_PARTS if probs is None else [float(p) for p in probs])
    # 从/由 X 提升到 Y: X is the level of the base year
    f += [float(bool(re.search(r"(从|由)[^,，;；。]{0,12}$", clause)) and
                bool(re.search(r"^[^,，;；。]{0,6}(提升|提高|增长|增加|增|升|降|下降|扩大|缩小|调整)?(到|至|为)", after))),
          float(bool(re.search(r"(提升|提高|增长|增加|增|升|降|下降|扩大|缩小|调整)?(到|至|为)[^,，;；。]{0,6}$", near)))]
    return np.asarray(f, dtype=np.float32)
