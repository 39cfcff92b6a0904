import re
from collections import Counter

import pytest

from zh_indicators.corpus.clean import GLOSS_RE, clean, count_glosses, count_traditional, to_simplified
from tests.conftest import REPORT_IDS

# The furniture lines cleaning is allowed to drop, per report (line numbers in the raw file).
EXPECTED_FURNITURE = {
    "zhangjiagang-2018": {1: "site banner", 3: "time/source line", 179: "end-of-page title"},
    "wujiang-2019": {1: "breadcrumb", 5: "time/source line", 139: "share widget"},
    "yizheng-2024": {},
    "kunshan-2021": {},
    "zhonglou-2020": {},
}


@pytest.mark.parametrize("rid", REPORT_IDS)
def test_clean_no_gloss_left(reports, rid):
    text = reports[rid].text
    assert count_glosses(text) == 0
    # no toned pinyin syllable in brackets directly after a Han character
    assert not re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+ ?\)", text)


@pytest.mark.parametrize("rid", REPORT_IDS)
def test_clean_no_traditional_left(reports, rid):
    assert count_traditional(reports[rid].text) == 0


@pytest.mark.parametrize("rid", REPORT_IDS)
def test_clean_offset_map_round_trips(reports, rid):
    c = reports[rid].cleaned
    assert len(c.raw_index) == len(c.text)
    assert c.raw_index == sorted(c.raw_index)
    for i, ch in enumerate(c.text):
        r = c.raw[c.raw_index[i]]
        assert ch == r or ch == to_simplified(r), (i, ch, r)


@pytest.mark.parametrize("rid", REPORT_IDS)
def test_clean_is_idempotent(reports, rid):
    once = reports[rid].cleaned.text
    assert clean(once).text == once


@pytest.mark.parametrize("rid", REPORT_IDS)
def test_clean_keeps_every_digit_outside_furniture(reports, rid):
    c = reports[rid].cleaned
    assert {n: k for n, k, _ in c.furniture} == EXPECTED_FURNITURE[rid]
    dropped = {n for n, _, _ in c.furniture}
    kept_lines = [l for n, l in enumerate(c.raw.splitlines(), start=1) if n not in dropped]
    digits = lambda s: Counter(ch for ch in s if ch.isdigit())
    assert digits("\n".join(kept_lines)) == digits(c.text)


@pytest.mark.parametrize("rid", REPORT_IDS)
def test_clean_keeps_han_outside_glosses_and_furniture(reports, rid):
    c = reports[rid].cleaned
    han = lambda s: sum(1 for ch in s if "\u4e00" <= ch <= "\u9fff")
    dropped = {n for n, _, _ in c.furniture}
    kept = "\n".join(l for n, l in enumerate(c.raw.splitlines(), start=1) if n not in dropped)
    assert han(GLOSS_RE.sub("", kept)) == han(c.text)


def test_clean_removes_both_gloss_variants():
    c = clean("產業(yè)發(fā)展大會(huì )召開,10萬(wàn)人")
    assert c.text == "产业发展大会召开,10万人"
    assert c.glosses_removed == 4
    # a span in the clean text shows the raw text it came from, glosses included
    assert c.show_raw(0, 3) == "產業(yè)發"


def test_clean_keeps_latin_brackets():
    assert clean("示范县(P3):5G基站(座)").text == "示范县(P3):5G基站(座)"


def test_clean_reports_mojibake_and_leaves_it():
    c = clean("(江蘇?。?024年儀征市人民政府工作報告\n以?xún)?yōu)異")
    assert [m.text for m in c.mojibake] == ["?。?", "?xún)?yōu)"]
    assert "?。?024" in c.text


def test_clean_strips_indentation_and_blank_lines():
    c = clean("\u3000\u3000第一段。\n\n   \xa0第二段。  \n")
    assert c.text == "第一段。\n第二段。"
    assert c.show_raw(5, 9) == "第二段。"


def test_clean_raw_span_rejects_out_of_range():
    with pytest.raises(IndexError, match="outside clean text"):
        clean("一二三").raw_span(2, 5)


# Web-page noise of the pool excerpts, on made-up lines of the same shape.

def test_clean_removes_anti_copy_tokens_but_not_acronyms():
    raw = "各位代表:F9f\n现在报告工作。F9f\n一、回顾F9f\nGDP增长6%,GDP总量第一,GDP\n"
    c = clean(raw)
    assert "F9f" not in c.text
    assert c.text.count("GDP") == 3
    assert c.tokens_removed == 3


def test_clean_decodes_entities_and_drops_tags():
    c = clean("完成&ldquo;十三五&rdquo;任务<span class='x'>,</span>增长5%")
    assert c.text == "完成“十三五”任务,增长5%"
    # a decoded entity points at its '&' in the raw text
    assert c.raw[c.raw_index[2]:].startswith("&ldquo;")


def test_clean_joins_number_spaced_from_unit_and_keeps_latin_spaces():
    c = clean("地区生产总值 6617 亿元,增长 6.1 %,R&D 经费,Win 10 系统")
    assert c.text == "地区生产总值6617亿元,增长6.1%,R&D经费,Win 10系统"


def test_clean_runs_hard_wrapped_lines_on():
    wrapped = ["现在我代表区人民政府向大会报告工作请予审议并请政协委员和其他列席会",
               "议的同志提出意见。",
               "全区生产总值完成三百四十六亿元同比增长百分之六点一规模以上固定资",
               "产投资增长百分之十一点五一般公共预算收入完成三十六亿元增长百分之",
               "五其中税收收入三十亿元占财政收入的比重达到百分之八十二点一以上。",
               "一、工作回顾",
               "社会消费品零售总额实现二百六十一亿元增长百分之六点四城乡居民人均",
               "可支配收入分别达到二万八千元和一万三千元。"]
    c = clean("\n".join(wrapped))
    paras = c.text.split("\n")
    assert paras[0].endswith("列席会议的同志提出意见。")
    assert "规模以上固定资产投资" in paras[1] and paras[1].endswith("以上。")
    assert paras[2] == "一、工作回顾"
    assert "人均可支配收入" in paras[3]
    # a joined line break maps nowhere: every clean character is a raw character
    assert all(c.raw[i] != "\n" for i, ch in zip(c.raw_index, c.text) if ch != "\n")


def test_clean_drops_page_furniture_lines():
    raw = "公文搜 2021-07-27 17:26:59 政府报告\n2023年01月04日 10:02 来源:日报\n35.4KB\n46 页\n第1页 / 共9页\n政府工作报告\n"
    c = clean(raw)
    assert c.text == "政府工作报告"
    assert {k for _, k, _ in c.furniture} >= {"timestamp line", "file metadata", "page counter"}
