import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from zh_indicators.extractors.tokenizer import CharTokenizer

_NLP = spacy.blank("zh")  # spaCy's own char segmenter: the reference
_TOK = CharTokenizer(_NLP.vocab)


def tokens(doc):
    return [(t.text, t.whitespace_) for t in doc]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="地区 2590亿元,\n\t\u3000 a.%", max_size=40))
def test_char_tokenizer_matches_spacy_zh_char_segmenter(text):
    assert tokens(_TOK(text)) == tokens(_NLP(text))


def test_char_tokenizer_surrogates_become_replacement_chars():
    doc = _TOK("增\ud800长")
    assert doc.text == "增\ufffd长" and len(doc) == 3


def test_char_tokenizer_is_linear_enough_for_a_million_chars():
    doc = _TOK("增长7.3%。" * 125_000)
    assert len(doc.text) == 875_000
    assert len(doc) == 875_000
