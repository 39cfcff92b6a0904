"""Canonical indicators, places, and the place x period panel."""
import pandas as pd
import pytest

from zh_indicators.extractors.indicators import load_catalogue, normalise, parse_catalogue
from zh_indicators.extractors.panel import build_panel, wide
from zh_indicators.extractors.places import canonical_name, detect_place


@pytest.mark.parametrize("surface,expected", [
    ("地区生产总值", "gdp"), ("全市地区生产总值", "gdp"), ("地区生产总值(GDP)", "gdp"), ("GDP", "gdp"),
    ("生产总值", "gdp"), ("一般公共预算收入", "general_budget_revenue"),
    ("地方财政一般预算收入", "general_budget_revenue"), ("公共财政预算收入", "general_budget_revenue"),
    ("一般公共预算地方收入", "general_budget_revenue"), ("一般公共预算本级收入", "general_budget_revenue"),
    ("规上工业增加值", "industrial_value_added_above_scale"),
    ("规模以上工业增加值", "industrial_value_added_above_scale"),
])
def test_aliases_and_renames_match_one_id(surface, expected):
    assert load_catalogue().match(surface)[0] == expected


def test_outside_the_catalogue_is_none_never_forced():
    ind_id, score = load_catalogue().match("桃源凯灵箱包文旅创意园")
    assert ind_id is None and score < 0.9


def test_normalise_strips_frames_and_brackets():
    assert normalise("全市“地区生产总值”(GDP)") == "地区生产总值"
    assert normalise("全社会固定资产投资") == "全社会固定资产投资"


def test_catalogue_refuses_an_alias_under_two_ids():
    bad = ("id\tname_zh\tname_en\tdimension\tunits\taliases\tnotes\n"
           "a\t甲\tA\tmoney\t亿元\t乙\t\nb\t丙\tB\tmoney\t亿元\t乙\t\n")
    with pytest.raises(Exception, match=r"x.tsv:3: bad indicator catalogue row.*乙.*\[E153\]"):
        parse_catalogue(bad, where="x.tsv")


def test_shipped_catalogue_is_large_enough():
    assert len(load_catalogue()) >= 150


def test_place_from_meeting_line_and_gazetteer():
    p = detect_place("——2019年1月8日在苏州市吴江区第十六届人民代表大会第三次会议上")
    assert (p.name, p.province, p.source) == ("吴江区", "江苏省", "meeting line")
    assert canonical_name("德州") == "德州市"
    assert detect_place("无", meta={"place": "某县", "province": "河南"}).source == "metadata"


def _facts(rows):
    cols = ["file", "place", "report_year", "indicator", "indicator_id", "indicator_en", "value_text", "value",
            "unit", "unit_canonical", "per", "period", "status", "kind", "start", "end", "sentence"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


def test_panel_keeps_the_achieved_figure_and_flags_a_revision():
    facts = _facts([
        ("r2018.txt", "甲市", 2018, "地区生产总值", "gdp", "GDP", "2590", 259e9, "亿元", "CNY", None, "2017",
         "estimate", "level", 10, 14, "预计…"),
        ("r2019.txt", "甲市", 2019, "地区生产总值", "gdp", "GDP", "2620", 262e9, "亿元", "CNY", None, "2017",
         "actual", "level", 30, 34, "2017年…"),
        ("r2019.txt", "甲市", 2019, "地区生产总值", "gdp", "GDP", "2800", 280e9, "亿元", "CNY", None, "2018",
         "actual", "level", 50, 54, "2018年…"),
        ("r2019.txt", "甲市", 2019, "某园区产值", None, None, "30", 3e9, "亿元", "CNY", None, "2018",
         "actual", "level", 70, 72, "…"),
    ])
    panel, sources, conflicts = build_panel(facts)
    row = panel[(panel.period == "2017")].iloc[0]
    assert (row.value, row.status, row.source_file, row.sources) == (262e9, "actual", "r2019.txt", 2)
    assert len(panel) == 2          # the figure outside the catalogue makes no panel row
    assert len(conflicts) == 1 and conflicts.iloc[0].relative_difference == pytest.approx(30 / 2620, abs=1e-4)
    w = wide(panel)
    assert list(w.columns) == ["place", "period", "gdp:level"] and len(w) == 2


def test_panel_rounding_differences_are_not_conflicts():
    facts = _facts([
        ("a.txt", "甲市", 2018, "GDP", "gdp", "GDP", "2590", 259.0e9, "亿元", "CNY", None, "2017", "estimate",
         "level", 0, 4, ""),
        ("b.txt", "甲市", 2019, "GDP", "gdp", "GDP", "2591", 259.1e9, "亿元", "CNY", None, "2017", "actual",
         "level", 0, 4, ""),
    ])
    assert build_panel(facts)[2].empty


def test_share_outside_the_name_gets_the_share_indicator():
    """`[研发投入]占GDP比重2.65%`: the share words stay outside the span (GUIDELINES §9.1), the
    catalogue has the share as an indicator of its own; the base keeps its id elsewhere."""
    from zh_indicators import extractors

    nlp = extractors.load(report_year=2024)
    share = nlp("全社会研发投入占GDP比重达2.65%。")._.facts[0]
    assert (share.kind, share.indicator_id) == ("share", "rd_share_gdp")
    level = nlp("全社会研发投入达120亿元。")._.facts[0]
    assert level.indicator_id != "rd_share_gdp"


def test_things_added_under_a_stock_id_are_its_change_flows_keep_their_level():
    facts = _facts([
        ("a.txt", "甲区", 2020, "新增省级上云企业", "cloud_enterprises", "", "25", 25, "家", "count", None, "2020",
         "target", "level", 0, 2, ""),
        ("a.txt", "甲区", 2020, "上云企业", "cloud_enterprises", "", "300", 300, "家", "count", None, "2019",
         "actual", "level", 5, 8, ""),
        ("a.txt", "甲区", 2020, "新增就业", "new_jobs", "", "1.2", 12000, "万人", "persons", None, "2020",
         "target", "level", 10, 13, ""),
    ])
    panel = build_panel(facts)[0].set_index(["indicator_id", "period"])
    assert panel.loc[("cloud_enterprises", "2020"), "kind"] == "change"
    assert panel.loc[("cloud_enterprises", "2019"), "kind"] == "level"
    assert panel.loc[("new_jobs", "2020"), "kind"] == "level"


def test_list_items_under_an_adding_verb_and_things_opened_are_flows():
    sentence = "获批国家级5G工厂1家、扬州市级智能工厂9家,13家社区卫生服务站投入使用,全市智能工厂达到40家。"
    stock = "新建学校5所、学校总数达到100所。"
    facts = _facts([
        ("a.txt", "甲区", 2020, "扬州市级智能工厂", "smart_factories", "", "9", 9, "家", "count", None, "2019",
         "actual", "level", 0, 2, sentence),
        ("a.txt", "甲区", 2020, "社区卫生服务站", "community_health_stations", "", "13", 13, "家", "count", None,
         "2019", "actual", "level", 5, 8, sentence),
        ("b.txt", "甲区", 2021, "智能工厂", "smart_factories", "", "40", 40, "家", "count", None, "2020",
         "actual", "level", 20, 22, sentence),
        ("b.txt", "甲区", 2021, "学校", "schools", "", "100", 100, "所", "count", None, "2020",
         "actual", "level", 30, 33, stock),
    ])
    panel = build_panel(facts)[0].set_index(["indicator_id", "period"])
    assert panel.loc[("smart_factories", "2019"), "kind"] == "change"
    assert panel.loc[("community_health_stations", "2019"), "kind"] == "change"
    assert panel.loc[("smart_factories", "2020"), "kind"] == "level"  # 达到: the stock
    assert panel.loc[("schools", "2020"), "kind"] == "level"


def test_a_share_under_a_ratio_id_is_its_level_one_column():
    facts = _facts([
        ("a.txt", "甲市", 2020, "全社会研发投入", "rd_share_gdp", "", "2.65", 2.65, "%", "percent", None, "2019",
         "actual", "share", 0, 2, ""),
        ("b.txt", "甲市", 2021, "研发经费投入强度", "rd_share_gdp", "", "2.65", 2.65, "%", "percent", None, "2019",
         "actual", "level", 0, 2, ""),
        ("a.txt", "甲市", 2020, "服务业增加值", "tertiary_value_added", "", "46.6", 46.6, "%", "percent", None,
         "2019", "actual", "share", 5, 8, ""),
    ])
    panel = build_panel(facts)[0]
    # the share of value added that only the base names moves to the catalogue's share id
    assert sorted(zip(panel.indicator_id, panel.kind)) == [("rd_share_gdp", "level"), ("service_share_gdp", "level")]
    assert panel.set_index("indicator_id").loc["rd_share_gdp", "sources"] == 2


def test_shares_and_point_changes_under_a_base_id_move_to_its_share_id():
    facts = _facts([
        ("a.txt", "甲市", 2020, "全社会研发经费支出", "rd_expenditure", "", "3.7", 3.7, "%", "percent", None, "2020",
         "target", "share", 0, 2, "全社会研发经费支出占比提高至3.7%。"),
        ("a.txt", "甲市", 2020, "服务业增加值", "tertiary_value_added", "", "1", 1, "个百分点", "pp", None, "2020",
         "target", "change", 5, 8, "服务业增加值占比年均提高1个百分点。"),
        ("a.txt", "甲市", 2020, "服务业增加值", "tertiary_value_added", "", "8", 8, "%", "percent", None, "2020",
         "target", "change", 9, 10, "服务业增加值增长8%。"),
        ("a.txt", "甲市", 2020, "地区生产总值", "gdp", "", "5", 5, "%", "percent", None, "2019",
         "actual", "share", 11, 12, "占全省5%。"),   # the catalogue has no share id of GDP
        # 工业技改投资占比 is only a fuzzy neighbour of 工业投资占比: no move
        ("a.txt", "甲市", 2020, "工业技改投资", "tech_renovation_investment", "", "70", 70, "%", "percent", None, "2020",
         "target", "share", 13, 14, "工业技改投资占比达到70%。"),
    ])
    panel = build_panel(facts)[0]
    assert sorted(zip(panel.indicator_id, panel.kind)) == [
        ("gdp", "share"), ("rd_share_gdp", "level"), ("service_share_gdp", "change"),
        ("tech_renovation_investment", "share"), ("tertiary_value_added", "change")]


def test_a_listed_item_under_a_flow_id_is_the_flows_level_and_a_stock_with_a_flow_moves_to_it():
    sentence = "新增规模工业企业60家、专精特新“小巨人”企业1家。建成幸福河湖12条、农村生态河道40公里。"
    facts = _facts([
        ("a.txt", "甲区", 2020, "专精特新“小巨人”企业", "little_giants", "", "1", 1, "家", "count", None, "2019",
         "actual", "change", 0, 2, sentence),
        ("a.txt", "甲区", 2020, "农村生态河道", "rural_eco_rivers", "", "40", 40, "公里", "km", None, "2019",
         "actual", "change", 5, 8, sentence),
    ])
    panel = build_panel(facts)[0]
    assert sorted(zip(panel.indicator_id, panel.kind)) == [("little_giants_new", "level"), ("rural_eco_rivers", "level")]


def test_a_compound_names_values_go_to_its_parts_and_a_single_figure_to_its_alone_id():
    listed = "金融机构存贷款余额分别为2728亿元、2647亿元,分别增长10.2%和9.9%。"
    single = "城乡居民人均可支配收入45430元,增长6%。"
    facts = _facts([
        ("a.txt", "甲区", 2019, "金融机构存贷款余额", "deposits_loans_balance", "", "2728", 2728e8, "亿元", "CNY", None,
         "2018", "actual", "level", 14, 18, listed),
        ("a.txt", "甲区", 2019, "金融机构存贷款余额", "deposits_loans_balance", "", "2647", 2647e8, "亿元", "CNY", None,
         "2018", "actual", "level", 22, 26, listed),
        ("a.txt", "甲区", 2019, "金融机构存贷款余额", "deposits_loans_balance", "", "10.2", 10.2, "%", "percent", None,
         "2018", "actual", "change", 33, 37, listed),
        ("a.txt", "甲区", 2019, "金融机构存贷款余额", "deposits_loans_balance", "", "9.9", 9.9, "%", "percent", None,
         "2018", "actual", "change", 38, 41, listed),
        ("a.txt", "甲区", 2019, "城乡居民人均可支配收入", "urban_rural_disposable_income", "", "45430", 45430, "元", "CNY",
         None, "2018", "actual", "level", 11, 16, single),
        ("a.txt", "甲区", 2019, "城乡居民人均可支配收入", "urban_rural_disposable_income", "", "6", 6, "%", "percent",
         None, "2018", "actual", "change", 20, 21, single),
    ])
    panel = build_panel(facts)[0].sort_values(["indicator_id", "kind"])
    assert list(zip(panel.indicator_id, panel.kind, panel.value)) == [
        ("deposits_balance", "change", 10.2), ("deposits_balance", "level", 2728e8),
        ("disposable_income_per_capita", "change", 6), ("disposable_income_per_capita", "level", 45430),
        ("loans_balance", "change", 9.9), ("loans_balance", "level", 2647e8)]


def test_a_compound_with_a_count_of_values_it_does_not_list_keeps_its_id():
    sentence = "金融机构存贷款余额分别为1亿元、2亿元、3亿元。"
    facts = _facts([("a.txt", "甲区", 2019, "金融机构存贷款余额", "deposits_loans_balance", "", v, float(v) * 1e8, "亿元",
                     "CNY", None, "2018", "actual", "level", s, s + 1, sentence) for v, s in (("1", 13), ("2", 17), ("3", 21))])
    assert set(build_panel(facts)[0].indicator_id) == {"deposits_loans_balance"}


def test_catalogue_compound_columns_are_checked():
    head = "id\tname_zh\tname_en\tdimension\tunits\taliases\tnotes\trespectively\talone\n"
    ok = head + "ab\t甲乙\tAB\tmoney\t亿元\t\t\ta|b\t\na\t甲\tA\tmoney\t亿元\t\t\t\t\nb\t乙\tB\tmoney\t亿元\t\t\t\t\n"
    assert parse_catalogue(ok).compound("ab") == (("a", "b"), None)
    with pytest.raises(Exception, match=r"x.tsv:2: .*compound part 'c' is not another id"):
        parse_catalogue(ok.replace("a|b", "a|c"), where="x.tsv")
    with pytest.raises(Exception, match=r"x.tsv:2: .*respectively names one id"):
        parse_catalogue(ok.replace("a|b", "a"), where="x.tsv")


def test_a_milestone_crossed_is_a_bound_that_never_replaces_the_figure():
    from zh_indicators.extractors.facts import qualifier

    t = "地区生产总值、一般公共预算收入分别跨过4000亿元、400亿元台阶。"
    v = t.index("400亿")
    assert qualifier(t, v, v + 3, v + 5) == "lower_bound"
    assert qualifier(t, t.index("4000"), t.index("4000") + 4, t.index("4000") + 6) == "lower_bound"
    assert qualifier("一般公共预算收入428亿元。", 8, 11, 13) is None
    facts = _facts([
        ("k2021.txt", "甲市", 2021, "一般公共预算收入", "general_budget_revenue", "", "428", 428e8, "亿元", "CNY", None,
         "2020", "estimate", "level", 8, 11, "预计一般公共预算收入428亿元。"),
        ("k2021.txt", "甲市", 2021, "一般公共预算收入", "general_budget_revenue", "", "400", 400e8, "亿元", "CNY", None,
         "2020", "actual", "level", 20, 23, t),
    ]).assign(qualifier=[None, "lower_bound"])
    panel, _, conflicts = build_panel(facts)
    assert list(zip(panel.value, panel.status, panel.qualifier)) == [(428e8, "estimate", None)]
    assert conflicts.empty   # the bound holds: not a conflict
