from zh_indicators.extractors.lexicon import word_across, words


def test_the_bundled_lexicon_is_read():
    lex = words()
    assert len(lex) > 100_000
    assert {"床位", "产量", "生产总值"} <= lex
    assert all(2 <= len(w) <= 4 for w in list(lex)[:1000])


def test_word_across_an_edge():
    text = "新增医疗床位200张"
    assert word_across(text, 5) == (4, 6)          # 床|位
    assert word_across(text, 4) is None and word_across(text, 2) is None  # 医疗|床, 新增|医疗
    assert word_across(text, 5, lo=5) is None       # the word must start at or after lo
    assert word_across("粮食产量", 4) is None        # an edge at the end of the text cuts nothing
