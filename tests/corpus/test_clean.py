import re
from collections import Counter

import pytest

from corpus.clean import GLOSS_RE, clean, count_glosses, count_traditional, to_simplified
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
