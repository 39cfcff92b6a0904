"""The HTML view: blank empty cells, thousands separators, rows linked to the text, arcs per sentence."""
import re
from decimal import Decimal

import pytest

from zh_indicators.extractors.show import cell, ent_id, relation_arcs, render_html

TEXT = ("2017年工作回顾\n预计全年实现地区生产总值2590亿元、增长7.3%;公共财政预算收入210亿元、增长10.5%。"
        "新增上市企业3家、“新三板”挂牌企业11家,累计分别达到20家和71家。")


@pytest.fixture(scope="module")
def doc():
    import zh_indicators

    return zh_indicators.load()(TEXT)


def test_cells():
    assert cell(None) == "" and cell(float("nan")) == ""
    assert cell(Decimal("259000000000")) == "259,000,000,000"
    assert cell(Decimal("1.64E+9")) == "1,640,000,000"
    assert cell(Decimal("7.30")) == "7.3" and cell(Decimal("-0.71")) == "-0.71"
    assert cell(Decimal("12345.5")) == "12,345.5"
    assert cell(2017) == "2,017" and cell("2017") == "2017"


def test_table_has_no_none_and_separates_thousands(doc):
    import dataclasses
    from types import SimpleNamespace

    facts = list(doc._.facts)
    facts[-1] = dataclasses.replace(facts[-1], indicator=None, indicator_id=None, unit=None)  # a bare value
    view = SimpleNamespace(text=doc.text, ents=doc.ents, _=SimpleNamespace(facts=facts, relations=doc._.relations))
    page = render_html(view, title="t")
    table = page[page.index("<table>"):page.index("</table>")]
    assert "None" not in table and "nan" not in table
    assert "259,000,000,000" in table and "21,000,000,000" in table
    assert "<td class=ind></td><td class=id></td>" in table


def test_every_fact_row_links_to_its_value_in_the_text(doc):
    page = render_html(doc)
    ids = set(re.findall(r' id="(t\d+-\d+)"', page))
    links = re.findall(r'href="#(t\d+-\d+)"', page)
    assert len(links) == len(doc._.facts) and set(links) <= ids
    for f in doc._.facts:
        m = re.search(rf'<mark [^>]*id="{ent_id(f.start, f.end)}"[^>]*>([^<]*)<', page)
        assert m and m.group(1) == f.value_text
    sent_links = set(re.findall(r'href="#(s\d+)"', page))
    assert sent_links and all(f'id="{s}"' in page for s in sent_links)


def test_relations_view_draws_each_sentence_with_its_arcs(doc):
    parses = relation_arcs(doc)
    assert len(parses) == 2
    first = parses[0]
    assert [w["text"] for w in first["words"]][:3] == ["地区生产总值", "2590", "亿元"]
    assert {"start": 0, "end": 1, "label": "has_value", "dir": "right"} in first["arcs"]
    page = render_html(doc)
    assert page.count('<div class="rel"') == 2 and "data-rels=" in page
    assert "displacy" not in page.lower()  # the wrapped sentence view, not displaCy's one-line arcs
