from zh_indicators.corpus.segment import paragraphs, sentences


def test_paragraphs_offsets():
    text = "第一段。\n第二段有两句。第二句!"
    ps = paragraphs(text)
    assert [(p.start, p.end) for p in ps] == [(0, 4), (5, 16)]
    assert all(text[p.start:p.end] == p.text for p in ps)


def test_sentences_split_on_full_stops_not_semicolons():
    text = "地区生产总值2590亿元、增长7.3%;出口1045亿元。“好”。\n下一段"
    ss = sentences(text)
    assert [s.text for s in ss] == ["地区生产总值2590亿元、增长7.3%;出口1045亿元。", "“好”。", "下一段"]
    assert all(text[s.start:s.end] == s.text for s in ss)


def test_sentences_keep_decimal_points():
    assert len(sentences("增长1.5%,下降0.71个百分点。")) == 1
