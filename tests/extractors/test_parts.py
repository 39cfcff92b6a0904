"""The learned part label per paragraph: labels from the gold part layer and gold attributes,
features, overfitting."""
import numpy as np

from zh_indicators.extractors.context import FIVE_YEAR, OUTLOOK, PLAN, REVIEW, build_context
from zh_indicators.extractors.parts import (N_FEATURES, PART_LABELS, paragraph_features, paragraph_labels,
                                             part_label)
from zh_indicators.training.attributes import fit_parts

TEXT = ("一年来,全市地区生产总值增长6%,一般公共预算收入210亿元。\n"
        "五年来,我们累计完成固定资产投资2500亿元,年均增长8%。\n"
        "今后五年,力争地区生产总值年均增长6%。\n"
        "今年经济社会发展的主要预期目标是:地区生产总值增长5%左右。")


def test_part_label_from_gold_attributes():
    assert part_label("actual", "2023", 2024) == REVIEW
    assert part_label("estimate", "2023", 2024) == REVIEW
    assert part_label("actual", "2019-2023", 2024) == FIVE_YEAR
    assert part_label("actual", "2018", 2024) == FIVE_YEAR  # the base year of a from-to review
    assert part_label("target", "2024", 2024) == PLAN
    assert part_label("target", "2024-2028", 2024) == OUTLOOK
    assert part_label("target", "2023", 2024) is None
    assert part_label("actual", "2023", None) is None


def test_paragraph_features_and_labels():
    ctx = build_context(TEXT, report_year=2024)
    x = paragraph_features(TEXT, ctx)
    assert x.shape == (4, N_FEATURES) and x.dtype == np.float32
    assert not np.allclose(x[0], x[1])
    values = [(TEXT.index("6%"), "actual", "2023"), (TEXT.index("2500"), "actual", "2019-2023"),
              (TEXT.index("年均增长6%"), "target", "2024-2028"), (TEXT.index("5%左右"), "target", "2024")]
    assert paragraph_labels(ctx, values) == [PART_LABELS.index(p) for p in (REVIEW, FIVE_YEAR, OUTLOOK, PLAN)]
    assert paragraph_labels(ctx, values[:1]) == [0, -100, -100, -100]


def test_values_decide_and_the_gold_layer_labels_the_rest():
    ctx = build_context(TEXT, report_year=2024)
    values = [(TEXT.index("6%"), "actual", "2023")]
    gold = [(0, "five_year"), (TEXT.index("今后五年"), "outlook")]
    # paragraph 0's value is last year's: review, though the layer says five_year
    assert paragraph_labels(ctx, values, gold) == [PART_LABELS.index(REVIEW), -100, PART_LABELS.index("outlook"), -100]


FURNITURE_TEXT = ("首页 > 政府信息公开 > 政府工作报告\n"
                  "上传人:admin 页数:9 大小:53.50KB\n"
                  "一年来,全市地区生产总值增长6%,一般公共预算收入210亿元。\n"
                  "今年经济社会发展的主要预期目标是:地区生产总值增长5%左右。\n"
                  "注:高新技术企业是指经认定的企业。")


def test_part_model_learns_furniture_and_glossary():
    text = FURNITURE_TEXT
    parts = [(0, "furniture"), (text.index("上传人"), "furniture"), (text.index("一年来"), "review"),
             (text.index("今年"), "plan"), (text.index("注:"), "glossary")]
    model = fit_parts([(text, 2024, [], [], {}, parts)] * 4, epochs=120)
    probs = model.predict(text, build_context(text, report_year=2024))
    assert probs.shape == (5, len(PART_LABELS))
    assert [PART_LABELS[k] for k in probs.argmax(1)] == ["furniture", "furniture", "review", "plan", "glossary"]


def test_part_model_overfits_a_document():
    text = TEXT
    ents, gold = [], {}
    for i, (needle, status, period) in enumerate([("6%", "actual", "2023"), ("2500", "actual", "2019-2023"),
                                                  ("年均增长6%", "target", "2024-2028"), ("5%左右", "target", "2024")]):
        s = text.index(needle)
        ents.append((s, s + 1, "VALUE", 1.0))
        gold[i] = {"status": status, "period": period}
    model = fit_parts([(text, 2024, ents, [], gold, [])] * 4, epochs=80)
    probs = model.predict(text, build_context(text, report_year=2024))
    assert probs.shape == (4, len(PART_LABELS))
    assert [PART_LABELS[k] for k in probs.argmax(1)] == [REVIEW, FIVE_YEAR, OUTLOOK, PLAN]
