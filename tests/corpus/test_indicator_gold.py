"""The hand mapping of gold INDICATOR strings to catalogue ids."""
import pytest

from zh_indicators.corpus.errors import InputError
from zh_indicators.corpus.indicator_gold import load_indicator_gold


def test_shipped_mapping_reads_and_none_is_none():
    gold = load_indicator_gold()
    assert len(gold) > 1000 and gold["地区生产总值"] == "gdp" and gold["增加值"] is None


def test_bad_row_names_file_and_line(tmp_path):
    p = tmp_path / "ids.tsv"
    p.write_text("string\tid\tadjudication\n地区生产总值\tgdp\tagreed\n只有字符串\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"ids.tsv:3: bad indicator-id mapping row.*\[E154\]$"):
        load_indicator_gold(p)


def test_bad_header(tmp_path):
    p = tmp_path / "ids.tsv"
    p.write_text("text\tlabel\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"ids.tsv:1: .*header.*\[E154\]$"):
        load_indicator_gold(p)
