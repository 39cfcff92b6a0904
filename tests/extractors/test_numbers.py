from decimal import Decimal

import pytest

from zh_indicators.extractors.numbers import NumberError, parse_number, try_parse_number
from zh_indicators.extractors.units import canonical_unit

D = Decimal
NUMBER_CASES = [
    ("2590", D(2590)), ("4.88", D("4.88")), ("0.71", D("0.71")), ("1,600", D(1600)), ("1，600", D(1600)),
    ("12,345,678", D(12345678)), ("1,600.5", D("1600.5")), ("１２．５", D("12.5")), ("２５９０", D(2590)),
    ("007", D(7)), ("100", D(100)), ("0", D(0)), ("3.0", D(3)), ("45430", D(45430)),
    ("两", D(2)), ("二", D(2)), ("十", D(10)), ("十二", D(12)), ("二十", D(20)), ("二十一", D(21)),
    ("一百", D(100)), ("一百零五", D(105)), ("一百一十", D(110)), ("九百九十九", D(999)), ("一千", D(1000)),
    ("一千零一", D(1001)), ("三千二百", D(3200)), ("三千二百万", D(32000000)), ("一万", D(10000)),
    ("十万", D(100000)), ("一亿", D(100000000)), ("两亿", D(200000000)), ("五千万", D(50000000)),
    ("一万亿", D(10 ** 12)), ("百", D(100)), ("千", D(1000)), ("万", D(10000)), ("亿", D(10 ** 8)),
    ("七", D(7)), ("九", D(9)), ("〇", D(0)), ("二〇一七", D(2017)), ("一九九八", D(1998)),
    ("3.2万", D(32000)), ("16.4亿", D(1640000000)), ("3541.07万", D(35410700)), ("15万", D(150000)),
    ("8万", D(80000)), ("2.2万亿", D(2200000000000)), ("1.5千", D(1500)), ("１６．４亿", D(1640000000)),
    ("1/3", D(1) / D(3)), ("2/5", D("0.4")), ("三分之一", D(1) / D(3)), ("百分之五", D("0.05")),
    ("四分之三", D("0.75")), ("三点五", D("3.5")), ("零点五", D("0.5")), ("壹佰", D(100)), ("贰拾", D(20)),
    (" 7.3 ", D("7.3")), ("+5", D(5)),
]


@pytest.mark.parametrize("text,expected", NUMBER_CASES)
def test_parse_number_table(text, expected):
    assert parse_number(text) == expected


def test_parse_number_table_is_large():
    assert len(NUMBER_CASES) >= 60


def test_parse_number_exact_not_float():
    assert str(parse_number("16.4亿")) == "1640000000"
    assert str(parse_number("3541.07万")) == "35410700"


@pytest.mark.parametrize("bad", ["", "   ", "abc", "1/0", "十三五x", "5G", "1..2"])
def test_parse_number_rejects(bad):
    with pytest.raises(NumberError):
        parse_number(bad)
    assert try_parse_number(bad) is None


UNIT_CASES = [
    ("亿元", "CNY", 10 ** 8, None), ("万元", "CNY", 10 ** 4, None), ("元", "CNY", 1, None),
    ("万亿元", "CNY", 10 ** 12, None), ("亿美元", "USD", 10 ** 8, None), ("万美元", "USD", 10 ** 4, None),
    ("%", "percent", 1, None), ("％", "percent", 1, None), ("‰", "permille", 1, None),
    ("个百分点", "pp", 1, None), ("万吨", "t", 10 ** 4, None), ("亿吨", "t", 10 ** 8, None),
    ("万人", "persons", 10 ** 4, None), ("人", "persons", 1, None), ("万人次", "person_times", 10 ** 4, None),
    ("家", "count", 1, None), ("个", "count", 1, None), ("项", "count", 1, None), ("万户", "households", 10 ** 4, None),
    ("万元/人", "CNY", 10 ** 4, "persons"), ("元/月", "CNY", 1, "月"), ("万亩", "mu", 10 ** 4, None),
    ("平方米", "m2", 1, None), ("万平方米", "m2", 10 ** 4, None), ("公里", "km", 1, None), ("倍", "times", 1, None),
    ("万重量箱", "weight_case", 10 ** 4, None), ("微克/立方米", "ug", 1, "m3"), ("光年", None, None, None),
    ("亿斤", "jin", 10 ** 8, None),
    # a unit outside the table keeps its magnitude: 9.56亿担 is 956,000,000 担, never 9.56
    ("亿担", "担", 10 ** 8, None), ("万担/亩", "担", 10 ** 4, "mu"),
    # a bare magnitude (40.6万建档立卡贫困人口, 突破百亿大关) is a scaled number
    ("万", "number", 10 ** 4, None), ("亿", "number", 10 ** 8, None), ("万亿", "number", 10 ** 12, None),
]


@pytest.mark.parametrize("text,unit,scale,per", UNIT_CASES)
def test_canonical_unit(text, unit, scale, per):
    cu = canonical_unit(text)
    if unit is None:
        assert cu is None
    else:
        assert (cu.unit, cu.scale, cu.per) == (unit, Decimal(scale), per)


@pytest.mark.parametrize("before,per", [("标准提高至每月", "月"), ("每年", "years"), ("每人", "persons"),
                                        ("提高至", None), ("每月的", None)])
def test_per_written_before_the_number(before, per):
    from zh_indicators.extractors.units import per_before

    assert per_before(before) == per


@pytest.mark.parametrize("after,unit", [("亿元大关", "亿元"), ("万建档立卡", "万"), ("%,", "%"), ("个百分点", "个百分点"),
                                       ("千万元以上", "千万元"), ("家企业", None), ("年", None), ("", None)])
def test_unit_written_after_a_number(after, unit):
    from zh_indicators.extractors.units import unit_after

    assert unit_after("突破3" + after, 3) == unit
