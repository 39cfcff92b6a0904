"""A learned part label per paragraph: review, five-year review, outlook, plan,
glossary, page furniture or the report's frame (GUIDELINES §10).

Headings say which part a paragraph is in only where the text has them; excerpts,
digests and news summaries have none. A reader follows the flow of the text: the
cue words of each paragraph (一年来, 五年来, 今年, 力争, 十四五…), the years it names
relative to the report year, and the paragraphs around it. So does this model: a
small bidirectional GRU over the paragraphs of a document, reading per-paragraph
features (the heading rules' part among them). Two are trained (training/attributes.py):
over the seven parts, the `part` of each fact, learned from the part a paragraph's gold
values place it in and, for paragraphs whose values do not tell (most of them: frame,
furniture, glossary, text without figures), from the gold part layer (corpus/parts.py);
and over the four parts of the time line (TIME_PARTS), from the values alone, whose
probabilities are features of the attribute head (extractors/attr_features.py).
"""
import math
import re
from typing import List, Optional, Sequence

import numpy as np
import torch
from torch import nn

from zh_indicators.corpus.parts import PARAGRAPH_PARTS

from .context import FIVE_YEAR, OUTLOOK, PARTS, PLAN, REVIEW, DocContext

PART_LABELS = PARAGRAPH_PARTS  # the heading rules' four parts, then glossary, furniture, frame
# The attribute head reads a part model of its own over the report's time line only (the
# heading rules' four parts, learned from the parts its values place each paragraph in,
# without the page cues): on the dev group the seven-part label or the page cues as its
# input cost nothing, on the held-out test folds they cost period (0.845 and 0.851 against
# 0.867 pooled; evaluation/reports/provinces_ablations)
TIME_PARTS = PARTS
assert tuple(PART_LABELS[:len(TIME_PARTS)]) == tuple(TIME_PARTS)

_OPENERS = {
    "review": r"^(一年来|过去一年|过去的一年|刚刚过去|回顾|去年|上年)",
    "five_back": r"^(五年来|过去五年|过去的五年|“?十[二三四]五”?(时期|期间|以来)|这五年)",
    "this_year": r"^(今年|20\d\d年(是|,|，)|新的一年|明年)",
    "outlook": r"^(今后五年|未来五年|“?十[四五]五”?(时期|规划)|展望)",
    "plan_words": r"^(要|坚持|加快|推动|推进|着力|深入|全面|持续|大力|扎实|统筹|实施|强化)",
}
_CUES = {
    "actual": r"完成|实现|达到|增长了|提高了|已|累计|共计",
    "target": r"力争|确保|目标|计划|预期|争取|拟|将|要|着力|推动|加快",
    "estimate": r"预计|初步核算|初步统计",
    "five": r"五年|十[二三四五]五|年均|累计",
    "news": r"报告显示|报告指出|报告提出|据介绍|记者|获悉|表示",
    "list_marker": r"^[(（]?[一二三四五六七八九十]+[)）、]|^[0-9]+[.、]|^——",
    # the page cues: the web page around the report (upload metadata, menus, page lists,
    # site promotion), glossaries and the frame; the time-line model reads none of them
    "furniture": r"页数|大小|[KM]B|浏览|阅读|点击|上传|下载|来源[:：]|编辑[:：]|版权|Copyright|©|首页|当前位置|"
                 r">|»|分享|范本|参阅|第\d+页|P\.\d+|年鉴|发布时间|字号|打印|关闭",
    "glossary": r"名词解释|用语说明|注[:：]|是指|指的是|简称|是.{0,12}的简称",
    "frame": r"各位代表|同志们|人民代表大会|政府工作报告|代市长|市长|县长|区长|省长|主席|让我们|奋斗|请予审议",
}
_OPENER_RE = {k: re.compile(v) for k, v in _OPENERS.items()}
_CUE_RE = {k: re.compile(v) for k, v in _CUES.items()}
_YEAR_RE = re.compile(r"((?:19|20)\d\d)(?:年|-|—|至)")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
PAGE_CUES = ("furniture", "glossary", "frame")
N_FEATURES = len(_OPENERS) + 2 * len(_CUES) + len(PARTS) + 6 + 5
N_TIME_FEATURES = N_FEATURES - 2 * len(PAGE_CUES)  # the time-line model's: no page cues


def reads_page_cues(labels: Sequence[str]) -> bool:
    """The seven-part label reads the page cues; the time-line model (TIME_PARTS) does not."""
    return tuple(labels) == tuple(PART_LABELS)


def n_part_features(labels: Sequence[str]) -> int:
    return N_FEATURES if reads_page_cues(labels) else N_TIME_FEATURES


def paragraph_features(text: str, ctx: DocContext, page_cues: bool = True) -> np.ndarray:
    """[paragraphs, N_FEATURES] for the paragraphs of `ctx.parts` (float32); without
    `page_cues`, [paragraphs, N_TIME_FEATURES]."""
    cues = [rx for k, rx in _CUE_RE.items() if page_cues or k not in PAGE_CUES]
    ry = ctx.plan_year
    n = max(1, len(ctx.parts))
    rows = []
    for k, (s, e, part) in enumerate(ctx.parts):
        t = text[s:e]
        f: List[float] = [float(bool(rx.search(t[:12]))) for rx in _OPENER_RE.values()]
        for rx in cues:
            hits = len(rx.findall(t))
            f += [float(hits > 0), math.log1p(hits) / 3]
        f += [1.0 if part == p else 0.0 for p in PARTS]
        ys = [int(y) for y in _YEAR_RE.findall(t)]
        rel = [y - ry for y in ys] if ry is not None else []
        f += [float(any(r == -1 for r in rel)), float(any(r == 0 for r in rel)), float(any(r > 0 for r in rel)),
              float(any(r < -1 for r in rel)), float(bool(ys)), float(ry is None)]
        f += [k / n, math.log1p(len(t)) / 8, math.log1p(len(_NUMBER_RE.findall(t))) / 4,
              float(len(t) < 40), float(e - s == 0)]
        rows.append(f)
    return np.asarray(rows, dtype=np.float32).reshape(-1, N_FEATURES if page_cues else N_TIME_FEATURES)


class PartNet(nn.Module):
    def __init__(self, n_features: int = N_FEATURES, hidden: int = 32, n_labels: int = len(PART_LABELS)):
        super().__init__()
        self.inp = nn.Sequential(nn.Linear(n_features, hidden), nn.ReLU())
        self.rnn = nn.GRU(hidden, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, n_labels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x: [docs, paragraphs, features] -> logits [docs, paragraphs, parts]."""
        h, _ = self.rnn(self.inp(x))
        return self.out(h)


class PartModel:
    """A trained PartNet: probabilities of its `labels` (PART_LABELS, or TIME_PARTS for the
    attribute head's input) per paragraph of a document."""

    def __init__(self, net: PartNet, hidden: int, labels: Sequence[str] = PART_LABELS):
        self.net, self.hidden, self.labels = net.eval(), hidden, tuple(labels)
        self.page_cues, self.n_features = reads_page_cues(self.labels), n_part_features(self.labels)

    @torch.inference_mode()
    def predict(self, text: str, ctx: DocContext) -> np.ndarray:
        feats = paragraph_features(text, ctx, self.page_cues)
        if len(feats) == 0:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return torch.softmax(self.net(torch.from_numpy(feats)[None]), -1)[0].numpy()


def part_label(status: Optional[str], period: Optional[str], plan_year: Optional[int]) -> Optional[str]:
    """The part a gold VALUE's attributes place it in (None when they do not tell); `plan_year`
    is the year the report plans for (DocContext.plan_year)."""
    if plan_year is None or not period or status is None:
        return None
    if "-" in period:
        a, b = (int(x) for x in period.split("-"))
        if b <= plan_year:
            return FIVE_YEAR if status != "target" else None
        return OUTLOOK if a >= plan_year - 1 else None
    y = int(period)
    if status == "target":
        return PLAN if y == plan_year else OUTLOOK if y > plan_year else None
    if y == plan_year - 1 or (y == plan_year and status in ("actual", "estimate")):
        return REVIEW
    return FIVE_YEAR if y < plan_year - 1 else None


def paragraph_labels(ctx: DocContext, values: Sequence[tuple], gold: Sequence[tuple] = ()) -> List[int]:
    """Per paragraph of ctx: the majority part of its gold values, else its gold part
    (`gold`: (offset, part) pairs, corpus/parts.py), else -100 (no say).

    The values come first: a five-year review closes with last year's figures (GUIDELINES
    §10), and the label learns the layer better so (attribute_bench on the dev group: 0.916
    of the gold paragraphs right, against 0.868 with the gold part first). Every paragraph
    without values (frame, furniture, glossary, most of the text) is learned from the gold
    layer alone."""
    import bisect

    starts = [p[0] for p in ctx.parts]
    votes: List[dict] = [{} for _ in ctx.parts]
    stated: dict = {}
    for offset, part in gold:
        k = bisect.bisect_right(starts, offset) - 1
        if k >= 0:
            stated[k] = PART_LABELS.index(part)
    for offset, status, period in values:
        k = bisect.bisect_right(starts, offset) - 1
        lab = part_label(status, period, ctx.plan_year)
        if k >= 0 and lab is not None:
            votes[k][lab] = votes[k].get(lab, 0) + 1
    return [PART_LABELS.index(max(v, key=v.get)) if v else stated.get(k, -100) for k, v in enumerate(votes)]
