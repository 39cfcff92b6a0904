"""The learned attribute head: its features, an overfitting check, and heading-less text."""
import numpy as np
import pytest

from zh_indicators.extractors.attr_features import PERIOD_CHOICES, period_of_choice
from zh_indicators.extractors.attr_model import AttributeModel, choose_period
from zh_indicators.extractors.attributes import ValueAttributes
from zh_indicators.extractors.context import build_context, infer_report_year_with_source


@pytest.fixture(scope="module")
def nlp():
    from zh_indicators import extractors

    return extractors.load()


def test_period_choices_resolve_against_the_report_year():
    ctx = build_context("x", report_year=2024)
    rule = ValueAttributes(period="2023", status="actual", kind="level", direction=None)
    got = {c: period_of_choice(c, ctx, rule, "2020") for c in PERIOD_CHOICES}
    assert got == {"year": "2020", "prev": "2023", "this": "2024", "back5": "2019-2023", "fwd5": "2024-2028",
                   "base1": "2022", "base5": "2018", "rule": "2023", "null": None}
    # with no report year nothing is guessed
    none = build_context("x", report_year=None)
    assert period_of_choice("prev", none, rule, None) is None


def test_choose_period_adds_the_mass_of_choices_naming_one_period():
    probs = {"prev": 0.3, "rule": 0.3, "this": 0.4}
    per, conf = choose_period(probs, {"prev": "2023", "rule": "2023", "this": "2024"}.get)
    assert per == "2023" and conf == pytest.approx(0.6)


def test_report_year_sources():
    assert infer_report_year_with_source("——2019年1月8日在吴江区第十六届人民代表大会第三次会议上") == (2019, "meeting line")
    assert infer_report_year_with_source("2021年赣州市政府工作报告")[1] == "title"
    assert infer_report_year_with_source("一、2018年工作回顾") == (2019, "heading")
    assert infer_report_year_with_source("地区生产总值增长6%") == (None, "none")


def test_head_overfits_a_small_set():
    from zh_indicators.training.attributes import examples, fit_attributes, gold_documents
    from zh_indicators.training.data import load_data
    from zh_indicators.corpus.reports import ANNOTATIONS_DIR

    recs = [r for r in load_data([ANNOTATIONS_DIR]) if r["report"] == "zhonglou-2020"]
    model = fit_attributes(recs, epochs=300, n_excerpts=0)
    X, ys, yk, _, _ = examples(gold_documents(recs))
    preds = model.predict(X)
    from zh_indicators.extractors.attr_features import KIND, STATUS

    assert np.mean([STATUS.index(p.status) == s for p, s in zip(preds, ys)]) > 0.97
    assert np.mean([KIND.index(p.kind) == k for p, k in zip(preds, yk)]) > 0.97
    assert isinstance(model, AttributeModel)


def test_review_paragraph_alone_is_actual_last_year(nlp):
    nlp.get_pipe("zh_indicators_facts").report_year = 2024
    try:
        facts = nlp("过去一年,全市完成地区生产总值5200亿元,增长6.2%;一般公共预算收入实现380亿元。")._.facts
    finally:
        nlp.get_pipe("zh_indicators_facts").report_year = None
    assert {(f.status, f.period) for f in facts} == {("actual", "2023")}
    assert all(f.report_year_source == "given" and f.status_confidence is not None for f in facts)


def test_a_december_report_reviews_its_own_year(nlp):
    # delivered in December 2016: its review is of 2016 and its targets are for 2017 (GUIDELINES §9)
    doc = nlp.make_doc("——2016年12月20日在某县第九届人民代表大会第一次会议上\n各位代表:\n"
                       "一年来,全县完成地区生产总值210.5亿元,增长7.5%。\n"
                       "2017年经济社会发展的主要预期目标是:地区生产总值增长7%左右。")
    doc._.report_year = 2016
    facts = nlp(doc)._.facts
    assert {(f.value_text, f.status, f.period) for f in facts} == {
        ("210.5", "actual", "2016"), ("7.5", "actual", "2016"), ("7", "target", "2017")}


def test_targets_paragraph_alone_is_target_this_year(nlp):
    doc = nlp.make_doc("今年经济社会发展的主要预期目标是:地区生产总值增长6%左右,一般公共预算收入增长5%。")
    doc._.report_year = 2024
    doc = nlp(doc)
    assert {(f.status, f.period) for f in doc._.facts} == {("target", "2024")}


def test_news_summary_with_report_framing(nlp):
    doc = nlp.make_doc("报告显示,去年全省地区生产总值达到3.2万亿元,增长5.1%。")
    doc._.report_year = 2024
    doc = nlp(doc)
    assert {(f.status, f.period) for f in doc._.facts} == {("actual", "2023")}


def test_a_five_year_plan_by_name_is_placed_against_the_report_year():
    from zh_indicators.extractors.attr_features import _plan_relation, plan_years

    assert plan_years(13) == (2016, 2020) and plan_years(14) == (2021, 2025)
    # ended / under way / ahead
    assert _plan_relation("“十四五”期间,地区生产总值达到1.5万亿元", 2026) == [1.0, 0.0, 0.0]
    assert _plan_relation("“十四五”时期主要目标", 2021) == [0.0, 1.0, 0.0]
    assert _plan_relation("谋划“十五五”", 2024) == [0.0, 0.0, 1.0]
    assert _plan_relation("“十四五”", None) == [0.0, 0.0, 0.0]


def test_an_estimate_marker_carries_to_the_end_of_its_paragraph_not_beyond():
    from zh_indicators.extractors.attributes import value_attributes

    text = ("全年实现地区生产总值2395亿元(初步核算,下同),增长8%。" + "规模工业增加值增长9.3%。" * 200
            + "\n新建学校5所。")
    ctx = build_context(text, report_year=2016)
    far = text.rindex("9.3")  # more than 1,500 characters after the marker, same paragraph
    assert far - text.index("下同") > 1500
    assert value_attributes(text, far, far + 3, "%", ctx, text.rindex("。", 0, far) + 1, far).status == "estimate"
    nxt = text.rindex("5")
    assert value_attributes(text, nxt, nxt + 1, "所", ctx, nxt - 4, nxt).status != "estimate"


def test_every_learned_attribute_reaches_the_facts():
    """The head's status, period, kind and direction all replace the rules' (a stub head
    that disagrees with the rules on each), and its part label becomes the facts' part."""
    from zh_indicators.extractors.attr_model import AttributePrediction
    from zh_indicators.extractors.facts import build_facts
    from zh_indicators.extractors.parts import PART_LABELS, TIME_PARTS

    class Parts:
        def __init__(self, labels, label):
            self.labels, self.label = labels, label

        def predict(self, text, ctx):
            return np.eye(len(self.labels), dtype=np.float32)[[self.labels.index(self.label)] * len(ctx.parts)]

    class Head:
        parts = Parts(TIME_PARTS, "plan")  # the head's input
        paragraph_parts = Parts(PART_LABELS, "glossary")  # the facts' part

        def predict(self, feats):
            return [AttributePrediction(status="target", kind="change", direction="down",
                                        period_probs={"this": 1.0}, status_confidence=0.9) for _ in feats]

    text = "一年来,全市地区生产总值达到5200亿元,财政收入380亿元。"
    ents, rels = [], []
    for ind, val in (("地区生产总值", "5200"), ("财政收入", "380")):
        i, v = text.index(ind), text.index(val)
        ents += [(i, i + len(ind), "INDICATOR", 1.0), (v, v + len(val), "VALUE", 1.0), (v + len(val), v + len(val) + 2, "UNIT", 1.0)]
        rels += [(len(ents) - 3, "has_value", len(ents) - 2, 1.0), (len(ents) - 2, "has_unit", len(ents) - 1, 1.0)]
    rule = build_facts(text, ents, rels, build_context(text, report_year=2024))
    facts = build_facts(text, ents, rels, build_context(text, report_year=2024), attribute_model=Head())
    assert {(f.status, f.period, f.kind) for f in rule} == {("actual", "2023", "level")}
    assert len(facts) == 2
    assert {(f.status, f.period, f.kind, f.direction, f.part) for f in facts} == {("target", "2024", "change", "down", "glossary")}
