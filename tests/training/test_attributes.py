"""Training data of the attribute head: documents assembled with their part headings."""
from zh_indicators.extractors.context import PLAN, REVIEW, build_context
from zh_indicators.training.attributes import headed_documents
from tests.conftest import requires_pool


def _pool_record(paragraph, text, value, status, period, start=0):
    i = text.index(value)
    return {"report": "pool-t001", "paragraph": paragraph, "start": start, "end": start + len(text), "text": text,
            "entities": [{"id": "V1", "label": "VALUE", "start": i, "end": i + len(value), "text": value}],
            "relations": [], "attributes": {"V1": {"status": status, "period": period, "kind": "level"}},
            "review": "gold"}


def test_headed_documents_put_the_heading_of_each_part_back(monkeypatch):
    import zh_indicators.training.attributes as attributes

    recs = [_pool_record(0, "全年完成投资100亿元。", "100", "actual", "2022"),
            _pool_record(1, "新建学校5所。", "5", "actual", "2022", start=13),
            _pool_record(2, "力争投资增长8%。", "8", "target", "2023", start=21)]
    text = "\n".join(r["text"] for r in recs)
    monkeypatch.setattr(attributes, "document_groups", lambda records: [(text, 2023, recs, [0, 13, 21])])
    (doc,) = headed_documents(recs, 5, seed=1)
    body, year, ents, _, gold, _ = doc
    assert body.split("\n") == ["一、2022年工作回顾", "全年完成投资100亿元。", "新建学校5所。", "二、2023年工作安排", "力争投资增长8%。"]
    # every entity still covers its own text, and the heading rules read the parts back
    assert [body[s:e] for s, e, _, _ in ents] == ["100", "5", "8"]
    ctx = build_context(body, report_year=year)
    assert [ctx.part_at(s) for s, _, _, _ in ents] == [REVIEW, REVIEW, PLAN]
    assert [gold[i]["status"] for i in range(3)] == ["actual", "actual", "target"]


@requires_pool
def test_headed_documents_of_the_pool_parse_into_parts():
    from zh_indicators.corpus.reports import ANNOTATIONS_DIR
    from zh_indicators.training.data import load_data

    docs = headed_documents(load_data([ANNOTATIONS_DIR]), 20, seed=13)
    assert len(docs) == 20
    for body, year, ents, _, gold, _ in docs:
        ctx = build_context(body, report_year=year)
        assert any(p != PLAN for _, _, p in ctx.parts) or "工作安排" in body


def test_a_headed_review_states_the_year_its_values_are_of(monkeypatch):
    # a report delivered in December 2023 reviews 2023 itself: the heading says so
    import zh_indicators.training.attributes as attributes

    recs = [_pool_record(0, "全年完成投资100亿元。", "100", "actual", "2023"),
            _pool_record(1, "新建学校5所。", "5", "actual", "2023", start=13)]
    text = "\n".join(r["text"] for r in recs)
    monkeypatch.setattr(attributes, "document_groups", lambda records: [(text, 2023, recs, [0, 13])])
    (doc,) = headed_documents(recs, 5, seed=1)
    assert doc[0].split("\n") == ["一、2023年工作回顾", "全年完成投资100亿元。", "新建学校5所。"]
