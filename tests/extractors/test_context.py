"""Document context: report year, the year planned for, parts and their years."""
import pytest

from zh_indicators.extractors.attr_features import period_of_choice
from zh_indicators.extractors.attributes import value_attributes
from zh_indicators.extractors.context import (FIVE_YEAR, OUTLOOK, PLAN, REVIEW, build_context,
                                             infer_report_year_with_source, plan_year_of)

DECEMBER = ("——2016年12月20日在某县第九届人民代表大会第一次会议上\n各位代表:\n"
            "一年来,全县地区生产总值增长7.5%。\n"
            "过去五年,全县地区生产总值年均增长9%。\n"
            "今年工作安排\n"
            "今年全县地区生产总值增长7%左右。")


@pytest.mark.parametrize("line,year,expected", [
    ("——2016年12月20日在某县第九届人民代表大会第一次会议上", 2016, 2017),
    ("——2013年11月28日在县第十五届人民代表大会第三次会议上", 2013, 2014),
    ("——2019年1月8日在市第十六届人民代表大会第三次会议上", 2019, 2019),
    # the caller's report year is already the year planned for (a 2020年12月 meeting given 2021)
    ("——2020年12月22日在某县第十届人民代表大会第五次会议上", 2021, 2021),
    ("各位代表:", 2020, 2020),
    ("——2016年12月20日在某县第九届人民代表大会第一次会议上", None, None),
])
def test_plan_year_of_a_november_or_december_delivery_is_the_next_year(line, year, expected):
    assert plan_year_of(line + "\n各位代表:", year) == expected


def test_a_december_report_reviews_its_own_year_and_plans_the_next():
    ctx = build_context(DECEMBER, report_year=2016)
    assert (ctx.report_year, ctx.plan_year) == (2016, 2017)
    at = lambda s: DECEMBER.index(s)
    assert [ctx.part_at(at(s)) for s in ("一年来", "过去五年", "今年全县")] == [REVIEW, FIVE_YEAR, PLAN]
    assert ctx.year_of(REVIEW, at("一年来")) == 2016 and ctx.year_of(PLAN) == 2017
    assert ctx.range_of(FIVE_YEAR) == "2012-2016" and ctx.range_of(OUTLOOK) == "2017-2021"


def test_the_report_year_read_from_a_december_meeting_line_is_its_delivery_year():
    assert infer_report_year_with_source(DECEMBER) == (2016, "meeting line")
    assert build_context(DECEMBER).plan_year == 2017


def test_rule_periods_of_a_december_report():
    ctx = build_context(DECEMBER, report_year=2016)
    s = DECEMBER.index("7.5")
    assert value_attributes(DECEMBER, s, s + 3, "%", ctx).period == "2016"
    s = DECEMBER.index("7%左右")
    a = value_attributes(DECEMBER, s, s + 1, "%", ctx)
    assert (a.period, a.status) == ("2017", "target")


def test_head_period_choices_count_from_the_year_planned_for():
    ctx = build_context(DECEMBER, report_year=2016)
    rule = value_attributes(DECEMBER, 0, 1, None, ctx)
    got = {c: period_of_choice(c, ctx, rule, None) for c in ("prev", "this", "back5", "fwd5")}
    assert got == {"prev": "2016", "this": "2017", "back5": "2012-2016", "fwd5": "2017-2021"}
    january = build_context(DECEMBER.replace("12月20日", "1月20日"), report_year=2016)
    assert period_of_choice("prev", january, rule, None) == "2015"
