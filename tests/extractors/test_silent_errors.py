"""Regression tests of numbers and words that used to come out silently wrong."""
import pytest

from zh_indicators.extractors.attributes import value_attributes
from zh_indicators.extractors.context import build_context
from zh_indicators.extractors.facts import qualifier
from zh_indicators.extractors.inference import (Prediction, adjacent_unit, distribute_respectively,
                                               fill_chain_indicators, respective_pairs)
from zh_indicators.extractors.numbers import parse_number
from zh_indicators.extractors.rules import extract
from zh_indicators.extractors.units import canonical_unit


@pytest.fixture(scope="module")
def nlp():
    from zh_indicators import extractors

    return extractors.load(report_year=2024)


@pytest.mark.parametrize("text,number,unit,value", [
    ("全年地区生产总值1,250.8亿元,增长5%。", "1250.8", "亿元", 125080000000),
    ("一般公共预算收入2,590.5亿元。", "2590.5", "亿元", 259050000000),
    ("完成投资12,345.6万元。", "12345.6", "万元", 123456000),
    ("进出口总额1,234.56亿美元。", "1234.56", "亿美元", 123456000000),
    ("全年地區生產總值1,250.8億元,增長5%。", "1250.8", "億元", 125080000000),
])
def test_separator_and_decimal_keep_unit_and_scale(nlp, text, number, unit, value):
    f = nlp(text)._.facts[0]
    assert (str(f.number), f.unit, f.value) == (number, unit, value)


def test_a_unit_written_against_a_value_is_its_unit():
    text = "实现1,250.8亿元、15万余个、百分之六"
    spans = [(2, 9, "VALUE"), (9, 11, "UNIT"), (12, 15, "VALUE"), (16, 17, "UNIT"), (18, 21, "UNIT"), (21, 22, "VALUE")]
    assert [adjacent_unit(spans, i, text) for i in (0, 2, 5)] == [1, 3, 4]


@pytest.mark.parametrize("text,expected", [
    ("增长不低于5%", "lower_bound"), ("下降不超过3%", "upper_bound"), ("增长高于3%", "lower_bound"),
    ("控制在3%以内", "upper_bound"), ("不少于100家", "lower_bound"), ("约2590亿元", "approx"),
    ("低于3%", "upper_bound"),
])
def test_bound_words(text, expected):
    i = next(k for k, c in enumerate(text) if c.isdigit())
    j = i
    while j < len(text) and (text[j].isdigit() or text[j] == "."):
        j += 1
    assert qualifier(text, i, j, j + 1) == expected


def _attrs(text, value, prev=None, unit="%"):
    s = text.index(value)
    ctx = build_context(text, report_year=2024)
    prev_end = 0
    if prev is not None:
        prev_end = text.index(value) - 1 if text[text.index(value) - 1] in "—、" else 0
    return value_attributes(text, s, s + len(value), unit, ctx, prev_entity_end=prev_end, prev_value=prev)


def test_range_second_value_keeps_kind_and_direction():
    text = "力争地区生产总值增长6%—6.5%。"
    first = _attrs(text, "6")
    assert (first.kind, first.direction) == ("change", "up")
    second = _attrs(text, "6.5", prev=first)
    assert (second.kind, second.direction) == ("change", "up")


def test_ratio_reached_is_a_level():
    a = _attrs("城乡收入比缩小至1.93∶1。", "1.93", unit=None)
    assert (a.kind, a.direction) == ("level", None)


@pytest.mark.parametrize("text,expected", [
    ("地区生产总值增长百分之六点五。", [("地区生产总值", "INDICATOR"), ("百分之", "UNIT"), ("六点五", "VALUE")]),
    ("全市实现地区生产总值一千二百亿元。", [("地区生产总值", "INDICATOR"), ("一千二百", "VALUE"), ("亿元", "UNIT")]),
    ("城乡收入比缩小至1.93∶1。", [("城乡收入比", "INDICATOR"), ("1.93", "VALUE")]),
    ("经济总量翻一番。", [("经济总量", "INDICATOR"), ("一", "VALUE"), ("番", "UNIT")]),
])
def test_rules_find_chinese_numerals_percent_words_and_ratios(text, expected):
    ents, rels = extract(text)
    assert [(e["text"], e["label"]) for e in ents] == expected
    assert any(r["type"] == "has_value" for r in rels)


def test_chinese_percent_numbers_parse():
    assert parse_number("六点五") == parse_number("6.5")
    assert canonical_unit("百分之").unit == "percent"


def test_chain_value_takes_its_neighbours_indicator():
    text = "城镇和农村居民人均可支配收入分别增长4.5%、6.1%。"
    i = text.index("4.5")
    j = text.index("6.1")
    p = Prediction(entities=[(0, 14, "INDICATOR", 1.0), (i, i + 3, "VALUE", 1.0), (i + 3, i + 4, "UNIT", 1.0),
                             (j, j + 3, "VALUE", 1.0), (j + 3, j + 4, "UNIT", 1.0)],
                   relations=[(0, "has_value", 3, 0.9), (1, "has_unit", 2, 1.0), (3, "has_unit", 4, 1.0)])
    fill_chain_indicators(p, text)
    assert (0, "has_value", 1, 0.9) in p.relations


def _spans(text, *pieces):
    """(start, end, label) of each (piece, label) in order of appearance."""
    out, at = [], 0
    for piece, label in pieces:
        i = text.index(piece, at)
        out.append((i, i + len(piece), label, 1.0))
        at = i + len(piece)
    return out


def test_respectively_links_each_value_to_its_own_indicator_in_order():
    text = "新兴产业、高新技术产业产值占规上工业比重分别达51%和47%。"
    ents = _spans(text, ("新兴产业", "INDICATOR"), ("高新技术产业产值", "INDICATOR"), ("51", "VALUE"), ("%", "UNIT"),
                  ("47", "VALUE"), ("%", "UNIT"))
    # the relation head gave both values to the second name
    p = Prediction(entities=ents, relations=[(1, "has_value", 2, 0.8), (1, "has_value", 4, 0.9),
                                             (2, "has_unit", 3, 1.0), (4, "has_unit", 5, 1.0)])
    distribute_respectively(p, text)
    assert sorted(r for r in p.relations if r[1] == "has_value") == [(0, "has_value", 2, 1.0), (1, "has_value", 4, 0.9)]
    assert (2, "has_unit", 3, 1.0) in p.relations


@pytest.mark.parametrize("text,pieces", [
    # the values before 分别 already have their names: the second clause is left to the head
    ("新增上市企业3家、挂牌企业11家,累计分别达到20家和71家。",
     [("上市企业", "INDICATOR"), ("3", "VALUE"), ("挂牌企业", "INDICATOR"), ("11", "VALUE"), ("20", "VALUE"), ("71", "VALUE")]),
    # one compound name, two values: not a list of names
    ("存贷款余额分别为2728亿元、2647亿元。", [("存贷款余额", "INDICATOR"), ("2728", "VALUE"), ("2647", "VALUE")]),
    # lists of unequal length
    ("开票额、税收、利润分别增长76.9%和66.3%。",
     [("开票额", "INDICATOR"), ("税收", "INDICATOR"), ("利润", "INDICATOR"), ("76.9", "VALUE"), ("66.3", "VALUE")]),
])
def test_respectively_decides_only_the_plain_case(text, pieces):
    assert respective_pairs(_spans(text, *pieces), text) == {}


def test_respectively_end_to_end(nlp):
    # the relation head alone gives both values to the name next to them
    doc = nlp("社会消费品零售总额、固定资产投资分别增长6%和9%。")
    assert {(f.indicator, f.value_text) for f in doc._.facts} == {("社会消费品零售总额", "6"), ("固定资产投资", "9")}


def test_values_in_names_make_no_fact(nlp):
    doc = nlp("热烈庆祝建党100周年。打造15分钟便民生活圈。推出24小时自助服务。")
    assert [f.value_text for f in doc._.facts] == []


def test_split_name_is_one_indicator_and_one_row(nlp):
    facts = nlp("全市金融机构不良贷款率1.2%。")._.facts
    assert len(facts) == 1 and facts[0].indicator == "金融机构不良贷款率"


def test_bound_words_stay_out_of_the_indicator_end_to_end(nlp):
    f = nlp("今年地区生产总值增长不低于5%。")._.facts[0]
    assert (f.indicator, f.kind, f.direction, f.qualifier) == ("地区生产总值", "change", "up", "lower_bound")


def test_table_columns_base_flags_and_exact_values(nlp):
    from decimal import Decimal

    from zh_indicators.extractors.facts import facts_frame

    doc = nlp("全市地区生产总值比上年增长6.5%,年均增长7%,累计完成投资1,250.8亿元。")
    by = {f.value_text: f for f in doc._.facts}
    assert by["6.5"].base == "上年" and not by["6.5"].average_annual
    assert by["7"].average_annual and by["1,250.8"].cumulative
    assert by["1,250.8"].complete and by["1,250.8"].report_year == 2024
    df = facts_frame([doc], decimal=True)
    assert df.loc[df.value_text == "1,250.8", "value"].iloc[0] == Decimal("125080000000")
    assert list(df.columns[:10]) == ["doc", "place", "province", "prefecture", "level", "adcode", "place_source",
                                     "report_year", "report_year_source", "part"]


def test_a_minus_before_the_number_is_kept(nlp):
    f = nlp("全年规模以上工业增加值增长-2.1%。")._.facts[0]
    assert (str(f.value), str(f.number), f.direction) == ("-2.1", "-2.1", "up")


def test_minus_and_range_dash_told_apart():
    from zh_indicators.extractors.facts import _minus_before

    assert _minus_before("增长-2.1%", 3) and _minus_before("-5", 1)
    assert not _minus_before("增长3-5%", 5) and not _minus_before("增长2.1%", 2)


def test_a_unit_outside_the_table_keeps_its_magnitude_end_to_end(nlp):
    f = nlp("全年粮食总产量达到95.6亿斤。")._.facts[0]
    assert (f.unit_canonical, f.value) == ("jin", 9560000000)


def test_per_month_written_before_the_number(nlp):
    f = [f for f in nlp("城乡低保标准提高至每月1045元。")._.facts if f.value_text == "1045"][0]
    assert (f.unit_canonical, f.per) == ("CNY", "月")


@pytest.mark.parametrize("text,value_text,value", [
    ("全市公共财政预算收入突破百亿大关,增长8%。", "百", 10 ** 10),
    ("规上工业总产值达2.4万亿。", "2.4", 2.4 * 10 ** 12),
])
def test_a_magnitude_without_a_unit_span_is_kept(nlp, text, value_text, value):
    f = [f for f in nlp(text)._.facts if f.value_text == value_text][0]
    assert float(f.value) == value
