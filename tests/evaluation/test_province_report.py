"""The province report's per-style attribute table: folds pooled by VALUEs matched."""
from zh_indicators.evaluation.province_report import _attribute_table, pooled_group_attributes


def _group(status, period, n):
    att = {"status": status, "period": period, "kind": 1.0, "direction": 1.0}
    return {"attributes": {"model": att, "model_rule_attributes": att, "rules": att,
                           "values_matched": {"model": n, "model_rule_attributes": n, "rules": n}}}


def test_styles_are_pooled_weighted_by_values_matched():
    per_fold = {"F1": {"style": {"news": _group(1.0, 0.5, 30)}},
                "F2": {"style": {"news": _group(0.5, 1.0, 10), "report": _group(0.9, 0.9, 5)}},
                "dev": {"style": {"news": _group(0.0, 0.0, 1000)}}}  # dev never counts
    pooled = pooled_group_attributes(per_fold, "style")
    assert pooled["news"]["model"]["values"] == 40
    assert abs(pooled["news"]["model"]["status"] - (30 * 1.0 + 10 * 0.5) / 40) < 1e-9
    assert abs(pooled["news"]["rules"]["period"] - (30 * 0.5 + 10 * 1.0) / 40) < 1e-9
    assert pooled["report"]["model"]["values"] == 5
    table = _attribute_table(pooled, "style")
    assert any(line.startswith("| news | learned head | 40 | 0.875 | 0.625 |") for line in table)


def test_results_without_match_counts_give_no_table():
    per_fold = {"F1": {"style": {"news": {"attributes": {"model": {"status": 1.0}}}}}}
    assert pooled_group_attributes(per_fold, "style") == {}


def test_part_accuracy_is_pooled_by_gold_paragraphs_and_dev_left_out():
    from zh_indicators.evaluation.province_report import pooled_parts

    per_fold = {"F1": {"parts": {"paragraphs": 100, "learned": 0.9, "heading_rules": 0.4}},
                "F2": {"parts": {"paragraphs": 300, "learned": 0.7, "heading_rules": 0.2}},
                "dev": {"parts": {"paragraphs": 50, "learned": 0.0, "heading_rules": 0.0}},
                "F3": {"parts": {"paragraphs": 0, "learned": None, "heading_rules": None}}}
    folds, pooled = pooled_parts(per_fold)
    assert sorted(folds) == ["F1", "F2"]
    assert pooled["paragraphs"] == 400 and abs(pooled["learned"] - 0.75) < 1e-9 and abs(pooled["heading_rules"] - 0.25) < 1e-9
    per_fold["F2"]["parts"]["learned"] = None  # a fold without a part model: no pooled figure
    assert pooled_parts(per_fold)[1]["learned"] is None
