"""Facts: one record per VALUE, with its indicator, number, unit and attributes.

Numbers are `decimal.Decimal` (exact: 16.4亿 = 1640000000). `value` is the number
in the canonical unit (number × unit scale), negative for a decline.
"""
import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Dict, List, Optional, Sequence, Tuple

from zh_indicators.corpus.schema import ARGUMENT, value_end
from zh_indicators.corpus.segment import sentences

from .attr_features import ValueContext, features, period_of_choice, rule_period_choice, year_period
from .attributes import ValueAttributes, list_item_change, value_attributes
from .context import DocContext
from .numbers import try_parse_number
from .parts import PART_LABELS
from .units import canonical_unit, per_before, unit_after

# Bound words before a value, in the order they are tried: a negated bound first
# (不低于 is a lower bound, though it ends in 低于).
_BEFORE = (("lower_bound", re.compile(r"(不低于|不少于|不小于|不下于)$")),
           ("upper_bound", re.compile(r"(不超过|不高于|不多于|不大于|低于|少于|控制在)$")),
           ("approx", re.compile(r"(约|近|大约)$")),
           ("lower_bound", re.compile(r"(超过|超|逾|突破|高于|多于|大于)$")))
_APPROX_AFTER = re.compile(r"^(左右|上下|余|多)")
_LOWER_AFTER = re.compile(r"^(以上|多|余)")
_UPPER_AFTER = re.compile(r"^(以内|以下|之内)")
# a milestone crossed is a bound, not the level: 跨过4000亿元、400亿元、1000亿元台阶, 迈上7000亿元台阶,
# 连续跨越60亿、70亿两个关口 (each value of the list, up to the milestone word)
_MILESTONE_AFTER = re.compile(r"(?:[、和及与][^,，;；。、]{1,10}?)*?(?:台阶|大关|关口)")


@dataclass
class Fact:
    indicator: Optional[str]
    value_text: str
    number: Optional[Decimal]
    unit: Optional[str]
    unit_canonical: Optional[str]
    scale: Optional[Decimal]
    value: Optional[Decimal]
    per: Optional[str]
    period: Optional[str]
    status: str
    kind: str
    direction: Optional[str]
    qualifier: Optional[str]
    sentence: str
    start: int
    end: int
    indicator_start: Optional[int]
    indicator_end: Optional[int]
    confidence: float
    raw_start: Optional[int] = None  # offsets in the raw text, set by clean_and_extract
    raw_end: Optional[int] = None
    status_confidence: Optional[float] = None  # the attribute head's probability (None: rules)
    period_confidence: Optional[float] = None
    report_year: Optional[int] = None
    report_year_source: Optional[str] = None   # given | meeting line | title | heading | none
    part: Optional[str] = None                 # review | five_year | outlook | plan | glossary | furniture | frame
                                               # (the learned part label with the head, else the heading rules')
    paragraph: Optional[int] = None            # index of the paragraph (line) of the text
    base: Optional[str] = None                 # comparison base of a change: 上年, 同比, 年初, 2015年, 十二五末
    average_annual: bool = False               # 年均: an average annual figure
    cumulative: bool = False                   # 累计: a total over a period
    indicator_id: Optional[str] = None         # catalogue id (extractors/data/indicators.tsv), None outside it
    indicator_en: Optional[str] = None
    indicator_match_score: Optional[float] = None

    @property
    def complete(self) -> bool:
        """Indicator, value and unit all present: a row that needs no clean-up."""
        return self.indicator is not None and self.value is not None and self.unit is not None

    _DECIMALS = ("number", "scale", "value")

    def to_record(self) -> Dict:
        """The fact as plain data for the Doc (Decimals as exact strings)."""
        d = asdict(self)
        for k in self._DECIMALS:
            if d[k] is not None:
                d[k] = str(d[k])
        return d

    @classmethod
    def from_record(cls, rec: Dict) -> "Fact":
        d = dict(rec)
        for k in cls._DECIMALS:
            if d.get(k) is not None:
                d[k] = Decimal(d[k])
        return cls(**d)

    def to_dict(self) -> Dict:
        d = asdict(self)
        d["complete"] = self.complete
        for k in ("number", "scale", "value"):
            if d[k] is not None:
                d[k] = float(d[k]) if d[k] != d[k].to_integral_value() else int(d[k])
        return d


# The table's columns, in order: the one list extract, facts_frame and the docs use.
OUTPUT_COLUMNS = ("file", "place", "province", "prefecture", "level", "adcode", "place_source", "report_year",
                  "report_year_source",
                  "part", "paragraph", "indicator", "indicator_id", "indicator_en", "indicator_match_score", "value_text", "number", "unit", "unit_canonical", "scale",
                  "value", "per", "period", "status", "kind", "direction", "qualifier", "base", "average_annual",
                  "cumulative", "complete", "status_confidence", "period_confidence", "confidence", "start", "end",
                  "indicator_start", "indicator_end", "sentence")

# The storage type of each column, for writers that need one schema for every part of a
# dataset (a part whose column is all None must not get another type than its neighbours).
_INT = ("report_year", "paragraph", "start", "end", "indicator_start", "indicator_end")
_FLOAT = ("indicator_match_score", "number", "scale", "value", "status_confidence", "period_confidence",
          "confidence")
_BOOL = ("average_annual", "cumulative", "complete")
COLUMN_TYPES = {c: "int64" if c in _INT else "float64" if c in _FLOAT else "bool" if c in _BOOL else "string"
                for c in OUTPUT_COLUMNS}

_BASE = re.compile(r"(?:比|较|是|为|相比)?(上年末|上年同期|上年|去年同期|去年|同比|年初|上年度|(?:19|20)\d\d年(?:末|底)?|"
                   r"“?十[一二三四五]五”?(?:期末|末)|五年前|[一二两三四五六七八九十]年前)(?:的|相比)?"
                   r"(?=[^,，;；。]{0,4}(?:增长|下降|增加|减少|提高|降低|扩大|缩小|翻)|$)")


def comparison_base(clause: str) -> Optional[str]:
    """The base a change is measured against, from the words before the value."""
    m = None
    for m in _BASE.finditer(clause):
        pass
    if m is None:
        return "同比" if "同比" in clause else None
    return m.group(1).replace("“", "").replace("”", "")


def qualifier(text: str, v_start: int, v_end: int, u_end: Optional[int]) -> Optional[str]:
    """approx, lower_bound, upper_bound or None, from the words around the value."""
    before = text[max(0, v_start - 4):v_start]
    after_value = text[v_end:v_end + 3]
    after = text[(u_end or v_end):(u_end or v_end) + 3]
    if _UPPER_AFTER.match(after):
        return "upper_bound"
    for name, rx in _BEFORE:
        if rx.search(before):
            return name
    if re.match(r"^(左右|上下)", after) or _APPROX_AFTER.match(after_value):
        return "approx"
    if _LOWER_AFTER.match(after) or _MILESTONE_AFTER.match(text, u_end or v_end):
        return "lower_bound"
    return None


def learned_attributes(model, items: List[Tuple[ValueContext, ValueAttributes]], ctx: DocContext):
    """(attributes, status confidence, period confidence) per value from the attribute head."""
    from .attr_model import choose_period

    if not items:
        return []
    import numpy as np

    if model.parts is not None and ctx.part_probs is None:
        ctx.part_probs = model.parts.predict(items[0][0].text, ctx)
    if model.paragraph_parts is not None and ctx.paragraph_part_probs is None:
        ctx.paragraph_part_probs = model.paragraph_parts.predict(items[0][0].text, ctx)
    preds = model.predict(np.stack([features(v, ctx) for v, _ in items]))
    out = []
    for (v, rule), p in zip(items, preds):
        yp = year_period(v.year, ctx.report_year)
        period, pconf = choose_period(p.period_probs, lambda c: period_of_choice(c, ctx, rule, yp))
        kind = p.kind
        direction = (p.direction or rule.direction or "up") if kind == "change" else None
        out.append((ValueAttributes(period=period, status=p.status, kind=kind, direction=direction),
                    round(p.status_confidence, 4), round(pconf, 4)))
    return out


def build_facts(text: str, entities: Sequence[Tuple[int, int, str, float]],
                relations: Sequence[Tuple[int, str, int, float]], ctx: DocContext,
                norm_text: Optional[str] = None, attribute_model=None,
                report_year_source: Optional[str] = None, collect: Optional[list] = None,
                learned: Sequence[str] = ("status", "period", "kind", "direction")) -> List[Fact]:
    """Facts from entities (start, end, label, conf) and relations (head, type, tail, score).

    text (str): the document text; norm_text: the same text normalised per
    character (simplified, half-width), which the attribute rules read.
    attribute_model: the learned attribute head; without it the rules decide.
    collect: when a list, receives (entity index, ValueContext) of every VALUE (the
        attribute head's training examples are made this way from gold entities).
    """
    norm = norm_text if norm_text is not None else text
    sents = sentences(norm)
    starts = [s.start for s in sents]
    import bisect

    para_starts = [m.end() for m in re.finditer("\n", norm)]

    links: Dict[int, Dict[str, List[int]]] = {}
    rel_min: Dict[int, float] = {}  # lowest score of the relations touching each VALUE
    for h, t, d, sc in relations:
        for k in (h, d):
            rel_min[k] = min(rel_min.get(k, 1.0), sc)
        value, other = value_end(h, t, d)
        links.setdefault(value, {}).setdefault(ARGUMENT[t], []).append(other)
    facts = []
    items: List[Tuple[ValueContext, ValueAttributes]] = []
    owner: List[int] = []  # index into items of each fact
    prev_end = 0
    prev: Optional[dict] = None  # the previous value of the same sentence
    for i, (s, e, label, conf) in enumerate(entities):
        if label != "VALUE":
            prev_end = e
            continue
        k = bisect.bisect_right(starts, s) - 1
        sent = sents[k] if k >= 0 and sents[k].start <= s < sents[k].end else None
        if prev is not None and prev["sent"] != k:
            prev = None
        sent_start = sent.start if sent else max(0, s - 50)
        lk = links.get(i, {})
        unit_i = lk.get("unit", [None])[0]
        unit_text = norm[entities[unit_i][0]:entities[unit_i][1]] if unit_i is not None else None
        u_span = (entities[unit_i][0], entities[unit_i][1]) if unit_i is not None else None
        if unit_text is None and (written := unit_after(norm, e)) is not None:
            unit_text, u_span = written, (e, e + len(written))  # the unit against it, no UNIT span
        year_i = lk.get("year", [None])[0]
        year_text = norm[entities[year_i][0]:entities[year_i][1]] if year_i is not None else None
        inds = lk.get("indicator", [])
        ind0 = entities[inds[0]] if inds else None
        ind_text = norm[ind0[0]:ind0[1]] if ind0 else None
        list_dir = list_item_change(norm, ind0[0] if ind0 else None, prev)
        attrs = value_attributes(norm, s, e, unit_text, ctx, sentence_start=sent_start,
                                 prev_entity_end=prev_end, year=year_text, indicator=ind_text,
                                 list_dir=list_dir,
                                 prev_value=prev["attrs"] if prev and prev["end"] == prev_end else None)
        last_end = u_span[1] if u_span is not None else e
        prev = {"sent": k, "end": last_end, "ind_text": ind_text, "list_dir": list_dir, "attrs": attrs}
        number = try_parse_number(norm[s:e])
        if number is None:
            # a VALUE span that is not a number (a model error on odd input) makes no fact
            prev_end = e
            continue
        cu = canonical_unit(unit_text)
        value = None
        if number is not None:
            value = number * (cu.scale if cu else 1)  # signed below, once the attributes are final
        u_end = u_span[1] if u_span is not None else None
        clause_text = re.split(r"[;；。]", norm[sent_start:s])[-1]
        items.append((ValueContext(text=norm, start=s, end=e, unit=unit_text, indicator=ind_text, year=year_text,
                                   sentence_start=sent_start, sentence_end=sent.end if sent else min(len(norm), e + 50),
                                   prev_entity_end=prev_end, rule=attrs,
                                   rule_period_choice=rule_period_choice(attrs, ctx, year_text)), attrs))
        if collect is not None:
            collect.append((i, items[-1][0]))
        for ind_i in (inds or [None]):
            owner.append(len(items) - 1)
            facts.append(Fact(
                indicator=text[entities[ind_i][0]:entities[ind_i][1]] if ind_i is not None else None,
                value_text=text[s:e], number=number,
                unit=text[u_span[0]:u_span[1]] if u_span is not None else None,
                unit_canonical=cu.unit if cu else None, scale=cu.scale if cu else None, value=value,
                per=(cu.per or per_before(norm[max(0, s - 6):s])) if cu else None, period=attrs.period, status=attrs.status, kind=attrs.kind,
                direction=attrs.direction, qualifier=qualifier(norm, s, e, u_end),
                sentence=text[sent.start:sent.end] if sent else text[max(0, s - 50):e + 50],
                start=s, end=e,
                indicator_start=entities[ind_i][0] if ind_i is not None else None,
                indicator_end=entities[ind_i][1] if ind_i is not None else None,
                confidence=round(min(conf, rel_min.get(i, 1.0)), 4),
                report_year=ctx.report_year, report_year_source=report_year_source,
                part=ctx.part_at(s), paragraph=bisect.bisect_right(para_starts, s),
                base=comparison_base(clause_text) if attrs.kind == "change" else None,
                average_annual="年均" in clause_text, cumulative="累计" in clause_text))
        prev_end = e
    if attribute_model is not None:
        heads = learned_attributes(attribute_model, items, ctx)
        for f, k in zip(facts, owner):
            a, sconf, pconf = heads[k]
            if "period" in learned:
                f.period, f.period_confidence = a.period, pconf
            if "status" in learned:
                f.status, f.status_confidence = a.status, sconf
            if "kind" in learned:
                f.kind = a.kind
                f.direction = (a.direction if "direction" in learned else f.direction or "up") \
                    if a.kind == "change" else None
            elif "direction" in learned and f.kind == "change":
                f.direction = a.direction or f.direction
        for f in facts:  # the learned part of the paragraph (GUIDELINES §10) over the heading rules'
            f.part = ctx.paragraph_part_at(f.start, PART_LABELS) or f.part
    for f in facts:
        if f.kind == "change" and f.base is None:
            f.base = comparison_base(re.split(r"[;；。]", norm[max(0, f.start - 40):f.start])[-1])
        elif f.kind != "change":
            f.base = None
        if _minus_before(norm, f.start) and f.value is not None:
            # a minus the VALUE span left out must not be lost: 增长-2.1% is the number -2.1,
            # direction from the verb (GUIDELINES §9: the number carries the decline)
            f.number, f.value = -f.number, -f.value
        if f.value is not None and f.kind == "change" and f.direction == "down":
            f.value = -f.value  # a decline is negative in the table
    return facts


def _minus_before(text: str, start: int) -> bool:
    """Whether a minus sign stands right before the number at `start` (not a range's dash: 3-5%)."""
    if start < 1 or text[start - 1] not in "-−－":
        return False
    return start < 2 or not (text[start - 2].isdigit() or text[start - 2] in "%％.")


def place_columns(place) -> Dict:
    """The table's place columns of a `places.Place`."""
    return {"place": place.name, "province": place.province, "prefecture": place.prefecture, "level": place.level,
            "adcode": place.adcode, "place_source": place.source}


def facts_frame(docs, decimal: bool = False):
    """A pandas DataFrame of the facts of several Docs (one row per fact), columns in
    the order of OUTPUT_COLUMNS.

    decimal (bool): keep `number`, `scale` and `value` as exact `decimal.Decimal`
        objects (an object column); by default they are int where whole, else float,
        which is exact to about 15 significant digits.
    """
    import pandas as pd

    rows = []
    for k, doc in enumerate(docs):
        place = place_columns(doc._.place) if doc._.fact_data else {}
        for f in doc._.facts:
            row = {**place, **f.to_dict()}
            if decimal:
                row.update(number=f.number, scale=f.scale, value=f.value)
            row["doc"] = k
            rows.append(row)
    cols = ["doc"] + [c for c in OUTPUT_COLUMNS if rows and c in rows[0]]
    return pd.DataFrame(rows, columns=cols + [c for c in (rows[0] if rows else {}) if c not in cols])
