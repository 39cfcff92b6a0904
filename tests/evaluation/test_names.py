"""The names benchmark: held-out memories for the indicator matcher, places compared by code."""
from zh_indicators.evaluation.names import held_out_pairs, indicator_accuracy, memory_without, place_accuracy
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


@requires_pool
def test_places_of_every_seed_and_pool_document():
    from zh_indicators.corpus.pool import pool_ids
    from zh_indicators.corpus.reports import report_ids

    r = place_accuracy(report_ids() + pool_ids())
    assert r["documents"] >= 200 and r["accuracy"] >= 0.98
    assert r["wrong"] == 0   # a text that does not name its place gets None, never another place
