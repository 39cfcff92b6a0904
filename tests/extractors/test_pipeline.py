"""The shipped pipeline as users call it."""
import json
import subprocess
import sys
from decimal import Decimal

import pytest

from zh_indicators import extractors
from zh_indicators.corpus.clean import clean
from zh_indicators.corpus.reports import RAW_DIR, load_report
from zh_indicators.extractors.pipeline import default_model_path

EXAMPLE = "预计全年实现地区生产总值2590亿元、增长7.3%"


@pytest.fixture(scope="module")
def nlp():
    return extractors.load()


def test_load_default_and_example_facts(nlp):
    doc = nlp(EXAMPLE)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("地区生产总值", "INDICATOR"), ("2590", "VALUE"), ("亿元", "UNIT"), ("7.3", "VALUE"), ("%", "UNIT")]
    assert all(0 < e._.confidence <= 1 for e in doc.ents)
    rels = {(r.head.text, r.type, r.tail.text) for r in doc._.relations}
    assert rels == {("地区生产总值", "has_value", "2590"), ("地区生产总值", "has_value", "7.3"),
                    ("2590", "has_unit", "亿元"), ("7.3", "has_unit", "%")}
    f1, f2 = doc._.facts
    assert (f1.indicator, f1.value, f1.unit_canonical, f1.kind, f1.status) == (
        "地区生产总值", Decimal(259000000000), "CNY", "level", "estimate")
    assert (f2.indicator, f2.value, f2.unit_canonical, f2.kind, f2.direction) == (
        "地区生产总值", Decimal("7.3"), "percent", "change", "up")
    d = f1.to_dict()
    assert d["value"] == 259000000000 and d["start"] == 12 and d["end"] == 16


def test_spacy_load_in_fresh_process():
    code = ("import spacy,sys;nlp=spacy.load(sys.argv[1]);d=nlp(sys.argv[2]);"
            "print([(e.text,e.label_) for e in d.ents], len(d._.facts))")
    out = subprocess.run([sys.executable, "-c", code, str(default_model_path()), EXAMPLE],
                         capture_output=True, text=True, check=True).stdout
    assert "('地区生产总值', 'INDICATOR')" in out and out.strip().endswith("2")


def _facts(doc):
    return [{k: v for k, v in f.to_dict().items() if k not in ("sentence", "indicator", "value_text", "unit")}
            for f in doc._.facts]


def test_traditional_input_gives_same_facts_and_offsets(nlp):
    simp = load_report("zhangjiagang-2018").paragraphs[6].text
    trad = __import__("opencc").OpenCC("s2t").convert(simp)
    assert trad != simp and len(trad) == len(simp)
    a, b = nlp(simp), nlp(trad)
    assert b.text == trad
    assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == [(e.start_char, e.end_char, e.label_) for e in b.ents]
    assert _facts(a) == _facts(b)


def test_full_width_input_gives_same_facts(nlp):
    half = "全年实现地区生产总值2590亿元,增长7.3%;出口1045亿元,增长11.7%。"
    full = half.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789.%,;"})
    a, b = nlp(half), nlp(full)
    assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == [(e.start_char, e.end_char, e.label_) for e in b.ents]
    assert [(f.value, f.kind, f.direction) for f in a._.facts] == [(f.value, f.kind, f.direction) for f in b._.facts]


def test_pipe_equals_one_by_one(nlp):
    texts = [p.text for p in load_report("wujiang-2019").paragraphs[5:15]]
    one = [[(e.start_char, e.end_char, e.label_) for e in nlp(t).ents] for t in texts]
    many = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts, batch_size=4)]
    assert one == many


def test_report_year_wins_over_text(nlp):
    text = "2022年是“十三五”的收官之年。一年来,全市实现地区生产总值4250亿元。"
    assert nlp(text)._.facts[0].period == "2022"
    nlp2 = extractors.load(report_year=2021)
    assert nlp2(text)._.facts[0].period == "2020"
    doc = nlp.make_doc(text)
    doc._.report_year = 2021
    doc = nlp(doc)
    assert doc._.facts[0].period == "2020"


def test_clean_and_extract_maps_offsets_to_raw(nlp):
    raw = (RAW_DIR / "kunshan-2021.txt").read_text(encoding="utf-8")[:3000]
    doc = extractors.clean_and_extract(raw, nlp=nlp, report_year=2021)
    assert doc._.facts
    for f in doc._.facts:
        shown = raw[f.raw_start:f.raw_end]
        assert clean(shown).text == doc.text[f.start:f.end]


def test_facts_frame(nlp):
    df = extractors.facts_frame([nlp(EXAMPLE), nlp("一般公共预算收入210亿元")])
    assert list(df["doc"]) == [0, 0, 1]
    assert {"indicator", "value", "unit_canonical", "period", "status", "kind", "direction", "qualifier"} <= set(df.columns)


def test_qualifiers(nlp):
    doc = nlp("全年新增高新技术企业超400家,社会消费品零售总额增长7%左右,城镇登记失业率控制在2.5%以内。")
    q = {f.value_text: f.qualifier for f in doc._.facts}
    assert q.get("400") == "lower_bound" and q.get("7") == "approx" and q.get("2.5") == "upper_bound"


def test_long_document_windows_linear(nlp):
    text = load_report("zhangjiagang-2018").text
    big = (text + "\n") * 6  # ~115k chars
    doc = nlp(big)
    n_one = len(nlp(text).ents)
    assert len(doc.ents) == 6 * n_one
    assert all(0 <= e.start_char < e.end_char <= len(big) for e in doc.ents)


@pytest.mark.slow
def test_million_characters(nlp):
    text = load_report("kunshan-2021").text
    big = ((text + "\n") * (1_000_000 // len(text) + 1))[:1_000_000]
    doc = nlp(big)
    assert len(doc.text) == 1_000_000 and len(doc.ents) > 1000


def test_model_is_small():
    size = sum(f.stat().st_size for f in default_model_path().rglob("*") if f.is_file())
    assert size <= 25 * 2 ** 20
    meta = json.loads((default_model_path() / "meta.json").read_text(encoding="utf-8"))
    assert meta["training"]["config_path"].endswith("default.cfg")
