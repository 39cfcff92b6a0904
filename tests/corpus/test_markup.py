import pytest

from zh_indicators.corpus.annotate import markup_to_records, records_to_markup
from zh_indicators.corpus.errors import AnnotationError, InputError
from zh_indicators.corpus.markup import parse_paragraph, render_paragraph
from zh_indicators.corpus.reports import load_report

EXAMPLE = ("预计全年实现[地区生产总值]{I1}[2590]{V1 ind=I1 unit=U1 p=2017 s=estimate k=level}[亿元]{U1}、"
           "增长[7.3]{V2 ind=I1 unit=U2 p=2017 s=estimate k=change d=up}[%]{U2}")


def test_markup_parse_gives_offsets_relations_attributes():
    text, ents, rels, attrs = parse_paragraph(EXAMPLE)
    assert text == "预计全年实现地区生产总值2590亿元、增长7.3%"
    assert [(e["label"], text[e["start"]:e["end"]]) for e in ents] == [
        ("INDICATOR", "地区生产总值"), ("VALUE", "2590"), ("UNIT", "亿元"), ("VALUE", "7.3"), ("UNIT", "%")]
    assert {"head": "I1", "type": "has_value", "tail": "V2"} in rels
    assert attrs["V2"] == {"period": "2017", "status": "estimate", "kind": "change", "direction": "up"}


def test_markup_round_trip():
    parsed = parse_paragraph(EXAMPLE)
    assert render_paragraph(*parsed) == EXAMPLE


def test_markup_shared_indicators():
    _, _, rels, attrs = parse_paragraph("[甲]{I1}、[乙]{I2}均增长[10]{V1 ind=I1+I2 unit=U1 p=2024 s=target k=change d=up}[%]{U1}")
    assert [r["head"] for r in rels if r["type"] == "has_value"] == ["I1", "I2"]
    assert attrs["V1"]["shared"] is True


@pytest.mark.parametrize("bad,msg", [
    ("[地区]{X1}", "bad entity id"), ("[地区]{}", "empty"),
    ("[7]{V1 q=1}", "unknown key"), ("[地区]{I1 p=2017}", "only VALUE spans take keys"),
])
def test_markup_malformed(bad, msg):
    with pytest.raises(InputError, match=msg):
        parse_paragraph(bad)


def test_markup_keeps_the_texts_own_brackets():
    text, ents, _, _ = parse_paragraph("[河北][2023年]{Y1}保定[1]")
    assert text == "[河北]2023年保定[1]"
    assert [(e["text"], e["start"]) for e in ents] == [("2023年", 4)]


def test_markup_typo_fails_against_clean_text():
    para = load_report("zhonglou-2020").paragraphs[1].text
    typo = para.replace("地区生产总值", "[地区生产总值]{I1", 1)
    with pytest.raises(InputError, match="differs from the clean text"):
        markup_to_records("zhonglou-2020", f"### p=1 review=gold\n{typo}\n")


def test_markup_refuses_changed_text():
    para = load_report("zhonglou-2020").paragraphs[1].text
    changed = para.replace("地区生产总值", "[地区生产总量]{I1}", 1)
    with pytest.raises(InputError, match="differs from the clean text"):
        markup_to_records("zhonglou-2020", f"### p=1 review=gold\n{changed}\n")


def test_markup_refuses_scheme_errors():
    para = load_report("zhonglou-2020").paragraphs[1].text
    bad = para.replace("6%", "[6]{V1 p=2020 s=target k=change}%", 1)
    with pytest.raises(AnnotationError, match="needs a direction"):
        markup_to_records("zhonglou-2020", f"### p=1 review=gold\n{bad}\n")


def test_corpus_annotations_round_trip_through_markup():
    from zh_indicators.corpus.annotate import annotation_path, load_records

    recs = load_records(annotation_path("zhonglou-2020"))
    again = markup_to_records("zhonglou-2020", records_to_markup(recs))
    assert again == recs
