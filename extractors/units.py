"""Canonical units: 亿元 -> (CNY, 1e8), 个百分点 -> (pp, 1), 家 -> (count, 1)."""
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

# Base units, longest first where one is a prefix of another.
BASE_UNITS = {
    "个百分点": "pp", "百分点": "pp", "%": "percent", "百分之": "percent", "番": "doublings", "‰": "permille",
    "美元": "USD", "欧元": "EUR", "港元": "HKD", "日元": "JPY", "元": "CNY",
    "重量箱": "weight_case", "标准箱": "TEU", "标箱": "TEU", "TEU": "TEU",
    "吨标准煤": "tce", "吨标煤": "tce", "吨": "t", "公斤": "kg", "千克": "kg", "斤": "jin",
    "平方公里": "km2", "平方千米": "km2", "平方米": "m2", "平米": "m2", "立方米": "m3",
    "公顷": "ha", "亩": "mu", "公里": "km", "千米": "km", "米": "m",
    "千瓦时": "kWh", "千瓦": "kW", "兆瓦": "MW", "度": "kWh",
    "人次": "person_times", "人": "persons", "名": "persons", "位": "persons", "户": "households",
    "倍": "times", "天": "days", "小时": "hours", "个月": "months", "年": "years", "分钟": "minutes",
    "辆": "vehicles", "床": "beds", "张": "count", "微克": "ug", "毫克": "mg", "岁": "years_of_age",
    "例": "cases", "头": "head", "批次": "batches", "场次": "count", "宗": "count", "席": "count",
    "笔": "count", "篇": "count", "台": "count", "个工作日": "working_days", "工作日": "working_days",
}
COUNT_UNITS = set("家个项件所座处台套条批只场次棵株艘间支本部宗期种类块栋幢片根对盏篇门级村镇")
MAGNITUDES = (("万亿", 10 ** 12), ("千万", 10 ** 7), ("百万", 10 ** 6), ("亿", 10 ** 8), ("万", 10 ** 4),
              ("千", 10 ** 3), ("百", 10 ** 2), ("十", 10))


@dataclass(frozen=True)
class CanonicalUnit:
    unit: str          # canonical name: CNY, percent, pp, t, persons, count, ...
    scale: Decimal     # multiply the number by this to get the canonical unit
    per: Optional[str] = None  # denominator of a ratio unit (万元/人 -> persons)


def _base(text: str):
    if text in BASE_UNITS:
        return BASE_UNITS[text]
    if len(text) == 1 and text in COUNT_UNITS:
        return "count"
    return None


# 每月1463元 is 元/月 written the other way round: the denominator stands before the number.
_PER_PREFIX = re.compile(r"每(月|年|天|日|人|户|亩|吨|平方米|千瓦时)$")


def per_before(text: str) -> Optional[str]:
    """The denominator that `text` (what precedes a number) ends with, as in 每月1463元; else None."""
    m = _PER_PREFIX.search(text)
    return (_base(m.group(1)) or m.group(1)) if m else None


_UNIT_AFTER = re.compile("(?:" + "|".join(w for w, _ in MAGNITUDES) + ")(?:" + "|".join(
    sorted(BASE_UNITS, key=len, reverse=True)) + "|[" + "".join(sorted(COUNT_UNITS)) + "])?|%|％|个百分点")


def unit_after(text: str, end: int) -> Optional[str]:
    """The unit written right after a number that has no UNIT span (1.5亿元, 40.6万, 8%), or None:
    the magnitude must not be lost where the tagger missed the unit."""
    m = _UNIT_AFTER.match(text, end)
    return m.group(0) if m else None


def canonical_unit(text: Optional[str]) -> Optional[CanonicalUnit]:
    """Map a UNIT span's text to its canonical unit and scale; None if unknown."""
    if not text:
        return None
    t = unicodedata.normalize("NFKC", text).strip().replace("％", "%")
    per = None
    if "/" in t:
        t, den = t.split("/", 1)
        per = _base(den) or den
    base = _base(t)
    if base is not None:
        return CanonicalUnit(base, Decimal(1), per)
    for word, mult in MAGNITUDES:
        if t.startswith(word):
            rest = t[len(word):]
            base = _base(rest)
            if base is not None:
                return CanonicalUnit(base, Decimal(mult), per)
            if not rest:
                return CanonicalUnit("number", Decimal(mult), per)  # 40.6万(建档立卡贫困人口), 超百亿
            if all("\u4e00" <= c <= "\u9fff" for c in rest):
                # 95.6亿斤: the magnitude is certain even where the unit is not in the table,
                # so the value keeps it (9.56e9 斤), the unit as written
                return CanonicalUnit(rest, Decimal(mult), per)
    return None
