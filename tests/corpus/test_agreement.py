import pytest

from zh_indicators.corpus.adjudicate import diff_view, merge
from zh_indicators.corpus.agreement import agreement, pair_records
from zh_indicators.corpus.annotate import markup_to_records
from zh_indicators.corpus.errors import AnnotationError
from zh_indicators.corpus.reports import load_report

DOC = "zhonglou-2020"


def _recs(p1: str):
    """Records of paragraphs 0-1 of a seed report, paragraph 1 given as markup."""
    p0 = load_report(DOC).paragraphs[0].text
    return markup_to_records(DOC, f"### p=0 review=pre\n{p0}\n### p=1 review=pre\n{p1}\n")


TEXT = load_report(DOC).paragraphs[1].text
A = TEXT.replace("地区生产总值增长6%", "[地区生产总值]{I1}增长[6]{V1 ind=I1 unit=U1 p=2020 s=target k=change d=up}[%]{U1}", 1)
B_PERIOD = A.replace("p=2020", "p=2019")
B_SPAN = TEXT.replace("地区生产总值增长6%", "[地区生产]{I1}总值增长[6]{V1 ind=I1 unit=U1 p=2020 s=target k=change d=up}[%]{U1}", 1)


def test_agreement_identical_is_one():
    a = _recs(A)
    res = agreement(pair_records(a, a))["all"]
    assert res["entities"] == 1.0 and res["relations"] == 1.0 and res["all_attributes"] == 1.0


def test_agreement_counts_span_and_attribute_differences():
    res = agreement(pair_records(_recs(A), _recs(B_SPAN)))["all"]
    assert res["entities"] == pytest.approx(2 * 2 / 6)      # VALUE and UNIT agree, INDICATOR differs
    assert res["INDICATOR"] == 0.0
    assert res["relations"] == pytest.approx(0.5)             # has_unit agrees, has_value differs
    res = agreement(pair_records(_recs(A), _recs(B_PERIOD)))["all"]
    assert res["entities"] == 1.0 and res["period"] == 0.0 and res["status"] == 1.0


def test_adjudication_needs_a_decision_for_every_disagreement():
    a, b = _recs(A), _recs(B_PERIOD)
    view, n = diff_view(DOC, a, b)
    assert n == 1 and "### p=1" in view and "p=2019" in view
    with pytest.raises(AnnotationError, match="no decision"):
        merge(DOC, a, b, "")
    gold = merge(DOC, a, b, "### p=1 pick=B fix=V1.p=2020\n")
    assert [r["adjudication"] for r in gold] == ["agreed", "B+fix"]
    assert gold[1]["attributes"]["V1"]["period"] == "2020"
    assert all(r["review"] == "gold" for r in gold)


def test_adjudication_by_edited_markup_is_checked_against_the_text():
    a, b = _recs(A), _recs(B_SPAN)
    gold = merge(DOC, a, b, f"### p=1\n{A}\n")
    assert gold[1]["adjudication"] == "edited"
    assert [e["text"] for e in gold[1]["entities"]] == ["地区生产总值", "6", "%"]
    with pytest.raises(Exception, match="differs from the clean text"):
        merge(DOC, a, b, f"### p=1\n{A.replace('增长', '增加', 1)}\n")


def test_adjudication_edits_the_picked_markup():
    a, b = _recs(A), _recs(B_SPAN)
    gold = merge(DOC, a, b, "### p=1 pick=B\n- [地区生产]{I1}总值 => [地区生产总值]{I1}\n")
    assert gold[1]["adjudication"] == "B+edit"
    assert gold[1]["entities"][0]["text"] == "地区生产总值"
    with pytest.raises(AnnotationError, match="occurs 0 times"):
        merge(DOC, a, b, "### p=1 pick=B\n- [不存在]{I1} => [x]{I1}\n")
