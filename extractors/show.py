"""HTML view of a Doc: displaCy entities, relation arcs per sentence, fact table."""
import html

from spacy import displacy

COLORS = {"INDICATOR": "#a6e3a1", "VALUE": "#f9e2af", "UNIT": "#89dceb", "YEAR": "#f5c2e7"}


def relation_arcs(doc):
    """One manual displaCy dependency parse per sentence that has relations."""
    from zh_indicators.corpus.segment import sentences

    parses = []
    for sent in sentences(doc.text):
        ents = [e for e in doc.ents if sent.start <= e.start_char < sent.end]
        if not ents:
            continue
        pos = {(e.start_char, e.end_char): i for i, e in enumerate(ents)}
        arcs = []
        for r in doc._.relations:
            a = pos.get((r.head.start_char, r.head.end_char))
            b = pos.get((r.tail.start_char, r.tail.end_char))
            if a is None or b is None or a == b:
                continue
            arcs.append({"start": min(a, b), "end": max(a, b), "label": r.type,
                         "dir": "right" if a < b else "left"})
        if arcs:
            parses.append({"words": [{"text": e.text, "tag": e.label_} for e in ents], "arcs": arcs})
    return parses


def render_html(doc, title: str = "") -> str:
    ents = displacy.render(doc, style="ent", page=False, options={"colors": COLORS})
    arcs = "".join(displacy.render(p, style="dep", manual=True, page=False,
                                   options={"distance": 110, "compact": True}) for p in relation_arcs(doc))
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(x))}</td>" for x in (
            f.indicator, f.value_text, f.unit, f.value, f.unit_canonical, f.period, f.status, f.kind,
            f.direction, f.qualifier, round(f.confidence, 3))) + "</tr>"
        for f in doc._.facts)
    head = "".join(f"<th>{h}</th>" for h in ("indicator", "value", "unit", "canonical value", "canonical unit",
                                             "period", "status", "kind", "direction", "qualifier", "conf"))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:2px 6px}</style></head><body>"
            f"<h1>{html.escape(title)}</h1><h2>Facts ({len(doc._.facts)})</h2><table><tr>{head}</tr>{rows}</table>"
            f"<h2>Entities</h2>{ents}<h2>Relations</h2>{arcs}</body></html>")
