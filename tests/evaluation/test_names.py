"""The names benchmark: held-out memories for the indicator matcher, places compared by code."""
from zh_indicators.evaluation.names import (choose_cutoff, held_out_pairs, indicator_accuracy, memory_without,
                                            place_accuracy)
from zh_indicators.extractors.indicators import parse_catalogue
from tests.conftest import requires_pool

_CAT = parse_catalogue("id\tname_zh\tname_en\tdimension\tunits\taliases\tnotes\n"
                       "gdp\t地区生产总值\tGDP\tmoney\t亿元\t\t\n", where="toy.tsv")


def test_a_fold_is_matched_without_its_own_strings_and_jiangsu_without_the_seeds():
    groups = {"F1": {"甲"}, "F2": {"乙"}, "seed": {"丙"}, "dev": {"丁"}}
    gold = {"甲": "gdp", "乙": None, "丙": "gdp", "丁": None}
    assert set(memory_without(groups, gold, "F1")) == {"乙", "丙", "丁"}
    assert set(memory_without(groups, gold, "F2")) == {"甲", "丁"}
    pairs = held_out_pairs(groups, gold, ["F1", "F2"], _CAT)
    # neither string is known to the catalogue or to its fold's memory
    r = indicator_accuracy(pairs, gold, 0.9)
    assert (r["strings"], r["unseen"], r["in_catalogue_accuracy"], r["outside_none_rate"]) == (2, 2, 0.0, 1.0)
    assert r["errors"] == [("甲", "gdp", None)]


def test_a_test_folds_cutoff_is_chosen_without_its_strings():
    groups = {"F1": {"地区生产总"}, "F2": {"地区生产总量"}, "dev": {"生产总值"}}
    # 地区生产总 scores 0.909 against 地区生产总值; 地区生产总量 0.833
    gold = {"地区生产总": "gdp", "地区生产总量": None, "生产总值": None}
    assert memory_without(groups, gold, "F1", "dev") == {"地区生产总量": None}
    # choosing for F2 sees F1's string and dev's, never F2's: a strict cutoff loses nothing there
    assert choose_cutoff(groups, gold, _CAT, "F2", (0.8, 0.9, 0.95))[0] == 0.9
    # F1's own string needs 0.9 or lower, F2's 0.9 or higher; choosing for F1 sees only F2 and dev
    c, acc = choose_cutoff(groups, gold, _CAT, "F1", (0.8, 0.9, 0.95))
    assert c == 0.95 and acc[0.8] < acc[0.95]
    # a pair's own cutoff overrides the common one
    pairs = held_out_pairs(groups, gold, ["F1"], _CAT)
    assert indicator_accuracy([p + (0.8,) for p in pairs], gold, 0.99)["accuracy"] == 1.0


@requires_pool
def test_places_of_every_seed_and_pool_document():
    from zh_indicators.corpus.pool import pool_ids
    from zh_indicators.corpus.reports import report_ids

    r = place_accuracy(report_ids() + pool_ids())
    assert r["documents"] >= 200 and r["accuracy"] >= 0.98
    assert r["wrong"] == 0   # a text that does not name its place gets None, never another place


@requires_pool
def test_the_shipped_cutoff_is_the_one_chosen_on_every_group():
    from zh_indicators.corpus.indicator_gold import load_indicator_gold
    from zh_indicators.corpus.reports import ANNOTATIONS_DIR
    from zh_indicators.evaluation.names import strings_by_group
    from zh_indicators.extractors.indicators import DEFAULT_CUTOFF, load_catalogue
    from zh_indicators.training.data import load_data

    groups = strings_by_group(load_data([ANNOTATIONS_DIR]))
    chosen, acc = choose_cutoff(groups, load_indicator_gold(), load_catalogue(memory=False), None, (0.8, 0.85, 0.9, 0.95))
    assert chosen == DEFAULT_CUTOFF and acc[chosen] >= 0.95
