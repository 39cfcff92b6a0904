import numpy as np

from zh_indicators.extractors.lexicon import BEGIN, END, LONG, MIDDLE, lexicon_codes, word_across, words


def test_the_bundled_lexicon_is_read():
    lex = words()
    assert len(lex) > 100_000
    assert {"床位", "产量", "生产总值"} <= lex
    assert all(2 <= len(w) <= 6 for w in list(lex)[:1000])


def test_word_across_an_edge():
    text = "新增医疗床位200张"
    assert word_across(text, 5) == (4, 6)          # 床|位
    assert word_across(text, 4) is None and word_across(text, 2) is None  # 医疗|床, 新增|医疗
    assert word_across(text, 5, lo=5) is None       # the word must start at or after lo
    assert word_across("粮食产量", 4) is None        # an edge at the end of the text cuts nothing


def test_lexicon_codes_mark_word_edges():
    text = "生产总值增长2%"  # words: 生产, 总值, 生产总值, 增长
    codes = lexicon_codes(text)
    assert codes.shape == (len(text),) and codes.dtype == np.int64
    assert codes[0] == BEGIN | LONG                       # 生: begins 生产 and 生产总值
    assert codes[1] == MIDDLE | END | LONG                # 产: ends 生产, inside 生产总值
    assert codes[3] == END | LONG and codes[4] == BEGIN    # 值|增: every word ends before 增
    assert (codes[6:] == 0).all()                         # digits and signs are in no word
    assert lexicon_codes("").shape == (0,)
