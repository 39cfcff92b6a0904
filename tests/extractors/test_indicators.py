"""The indicator matcher: variants of a written form, stems, and the memory of hand-mapped strings."""
import pytest

from zh_indicators.corpus.errors import InputError
from zh_indicators.extractors.indicators import load_catalogue, parse_catalogue, stem, variants

_HEAD = "id\tname_zh\tname_en\tdimension\tunits\taliases\tnotes\n"
TOY = parse_catalogue(_HEAD + "cloud\t上云企业\tCloud enterprises\tcount\t家\t\t\n"
                              "gva\t高技术制造业增加值\tHigh-tech VA\tmoney\t亿元\t\t\n"
                              "mkt\t市场主体\tMarket entities\tcount\t户\t\t\n"
                              "giant\t小巨人企业\tLittle giants\tcount\t家\t\t\n"
                              "giant_new\t新增小巨人企业\tNew little giants\tcount\t家\t\t\n"
                              "fiscal\t财政总收入\tFiscal revenue\tmoney\t亿元\t\t\n"
                              "fai\t固定资产投资\tFAI\tmoney\t亿元\t\t\n"
                              "ind\t规模以上工业增加值\tIndustry VA\tmoney\t亿元\t\t\n", where="toy.tsv")


def test_variants_take_off_verbs_levels_and_change_words():
    v = variants("获批省级以上上云企业")
    assert v[0] == "获批省级以上上云企业" and "上云企业" in v
    assert "高技术制造业增加值" in variants("高技术制造业增速")
    # 市 starts 市场: only a level word (市级) is taken off, never the character alone
    assert stem("市场主体") == "市场主体"


@pytest.mark.parametrize("surface,expected", [
    ("新增省级上云企业", "cloud"), ("扬州市级上云企业", "cloud"), ("高技术制造业增幅", "gva"), ("市场主体", "mkt"),
])
def test_variant_hits(surface, expected):
    assert TOY.match(surface)[0] == expected


@pytest.mark.parametrize("surface,expected", [
    ("来源于惠州的财政总收入", "fiscal"), ("来自海口财政总收入", "fiscal"),   # revenue coming from a place
    ("规上工业增加值", "ind"), ("固定资产投资完成额", "fai"),
])
def test_normalised_frames_and_abbreviations(surface, expected):
    assert TOY.match(surface)[0] == expected


def test_an_adding_verb_keeps_a_flow_a_flow():
    # the level alone is taken off first (新增国家级… -> 新增…), and a verb the flow's forms do not use
    # still counts additions to the stock rather than the stock itself
    assert TOY.match("新增国家级小巨人企业")[0] == "giant_new"
    assert TOY.match("培育小巨人企业")[0] == "giant_new"
    assert TOY.match("国家级小巨人企业")[0] == "giant"
    assert TOY.flow_of == {"giant": "giant_new"}


def test_exact_form_wins_over_its_variants():
    cat = TOY.with_memory({"新增上云企业": None})
    assert cat.match("新增上云企业") == (None, 1.0)
    assert cat.match("认定上云企业")[0] == "cloud"


def test_memory_teaches_ids_and_negatives():
    assert TOY.match("规上企业上云数")[0] is None
    cat = TOY.with_memory({"规上企业上云数": "cloud", "上云服务商": None})
    assert cat.match("规上企业上云数") == ("cloud", 1.0)
    # a near miss of a string mapped to None gives None, not the closest alias
    assert cat.match("上云服务商数")[0] is None


def test_stems_shared_by_two_ids_decide_nothing():
    cat = TOY.with_memory({"省级示范园区": "cloud", "市级示范园区": "mkt"})
    assert cat.match("国家级示范园区")[0] is None


def test_memory_id_must_be_in_the_catalogue():
    with pytest.raises(InputError, match=r"'甲'.*'nope'.*\[E155\]$"):
        TOY.with_memory({"甲": "nope"})


def test_shipped_matcher_learns_from_the_hand_mapping():
    from zh_indicators.corpus.indicator_gold import load_indicator_gold

    gold = load_indicator_gold()
    with_memory, bare = load_catalogue(), load_catalogue(memory=False)
    wrong = [s for s, i in gold.items() if with_memory.match(s)[0] != i]
    assert len(wrong) < len(gold) * 0.01
    assert sum(bare.match(s)[0] != i for s, i in gold.items()) > len(wrong)
