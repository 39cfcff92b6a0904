"""Bad input never crashes, never yields an offset outside the text or a fact
whose value cannot be parsed back."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zh_indicators import extractors
from zh_indicators.extractors.numbers import parse_number


@pytest.fixture(scope="module")
def nlp():
    return extractors.load()


def check_doc(doc, text):
    # lone surrogates cannot live in a spaCy Doc: they become U+FFFD, offsets unchanged
    assert doc.text == re.sub("[\ud800-\udfff]", "\ufffd", text)
    for e in doc.ents:
        assert 0 <= e.start_char < e.end_char <= len(text)
    for r in doc._.relations:
        assert r.head.doc is doc and r.tail.doc is doc
    for f in doc._.facts:
        assert 0 <= f.start < f.end <= len(text)
        assert parse_number(text[f.start:f.end].replace("，", ",")) == f.number or f.number == parse_number(f.value_text)
        f.to_dict()


ODD = {
    "empty": "", "whitespace": " \t\n\u3000 \n", "punctuation": "。,;!?、“”()《》……——",
    "no chinese": "GDP grew 7.3% to 259 billion yuan in 2017.",
    "emoji and rare CJK": "地区生产总值😀2590亿元𠀀𪚥增长7.3%🎉",
    "control and NUL": "地区生产\x00总值\x072590亿元\x1b增长7.3%",
    "surrogates": "地区生产总值\ud800 2590亿元\udfff",
    "long digit run": "1" * 100_000,
    "long digit run with unit": "地区生产总值" + "9" * 5000 + "亿元",
    "mixed scripts": "預計全年實現地區生产总值2590億元、增長7.3%",
    "full width": "地区生产总值２５９０亿元，增长７．３％；出口１０４５亿元。",
}


@pytest.mark.parametrize("name", list(ODD))
def test_odd_strings(nlp, name):
    text = ODD[name]
    check_doc(nlp(text), text)


def test_mixed_traditional_simplified_same_facts(nlp):
    a = nlp("预计全年实现地区生产总值2590亿元、增长7.3%")
    b = nlp("預計全年實現地區生產總值2590億元、增長7.3%")
    assert [(f.start, f.end, f.value, f.kind, f.status) for f in a._.facts] == \
        [(f.start, f.end, f.value, f.kind, f.status) for f in b._.facts]


def test_non_str_input_is_refused(nlp):
    with pytest.raises((TypeError, ValueError)):
        nlp(b"bytes")
    with pytest.raises(ValueError, match="text must be str"):
        extractors.clean_and_extract(b"bytes", nlp=nlp)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
       | st.text(alphabet="地区生产总值增长亿元万人家个%0123456789.,，、;。一二两十百千万亿年", max_size=200))
def test_property_any_unicode(nlp, text):
    check_doc(nlp(text), text)
