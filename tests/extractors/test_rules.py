import pytest

from zh_indicators.extractors.rules import extract, rule_tags
from zh_indicators.corpus.schema import TAGS


def _ents(text):
    ents, _ = extract(text)
    return [(e["label"], e["text"]) for e in ents]


@pytest.mark.parametrize("text,year", [
    ("2017年全市实现地区生产总值2590亿元", "2017年"),
    ("省政府部署全省各地在2016年至2017年,继续开展专项行动", "2016年至2017年"),
    ("未来三年(2018-2020),全市规划新建学校43所", "2018-2020"),
    ("编制完成生态文明建设(2017―2025)规划", "2017―2025"),
    ("展望二〇三五年远景目标", "二〇三五年"),
])
def test_year_forms(text, year):
    assert ("YEAR", year) in _ents(text)


def test_bare_year_in_a_name_is_not_a_year():
    assert all(label != "YEAR" for label, _ in _ents("成功举办2017张家港国际马拉松赛"))


def test_value_unit_and_indicator_before():
    ents, rels = extract("全年实现地区生产总值2590亿元。")
    assert [(e["label"], e["text"]) for e in ents] == [("INDICATOR", "地区生产总值"), ("VALUE", "2590"), ("UNIT", "亿元")]
    assert {r["type"] for r in rels} == {"has_value", "has_unit"}


def test_indicator_after_a_year_is_found():
    # the walk back from the value used to stop on the year and reject the whole piece
    ents, _ = extract("2019年实现地区生产总值480.5亿元,增长6%。")
    assert ("INDICATOR", "地区生产总值") in [(e["label"], e["text"]) for e in ents]


def test_rule_tags_are_bio_per_character():
    text = "地区生产总值2590亿元"
    tags = [TAGS[t] for t in rule_tags(text)]
    assert len(tags) == len(text)
    assert tags[0] == "B-INDICATOR" and tags[6] == "B-VALUE" and tags[10] == "B-UNIT" and tags[11] == "I-UNIT"
