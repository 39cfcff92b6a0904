"""The systems the harness compares, behind one interface.

`run(docs)` returns, per document, entities (start, end, label, conf), relations
(head, type, tail, score) and facts; `link(docs, spans)` links given (gold)
entities, to score relations alone.
"""
from typing import List, Tuple

from zh_indicators.corpus.schema import relation_ends
from zh_indicators.corpus.segment import sentences
from zh_indicators.extractors.context import build_context
from zh_indicators.extractors.pipeline import annotate
from zh_indicators.extractors.encoding import normalise_text
from zh_indicators.extractors.facts import build_facts

from .documents import EvalDoc

Output = Tuple[list, list, list]


class ModelSystem:
    name = "model"

    def __init__(self, nlp):
        self.nlp = nlp

    def run(self, docs: List[EvalDoc]) -> List[Output]:
        out = []
        for doc in docs:
            d = annotate(self.nlp, doc.text, doc.report_year)
            index = {(e.start_char, e.end_char): i for i, e in enumerate(d.ents)}
            scores = d._.ent_scores
            ents = [(e.start_char, e.end_char, e.label_, scores.get((e.start_char, e.end_char))) for e in d.ents]
            rels = [(index[(r.head.start_char, r.head.end_char)], r.type,
                     index[(r.tail.start_char, r.tail.end_char)], r.score) for r in d._.relations]
            out.append((ents, rels, d._.facts))
        return out

    def link(self, docs: List[EvalDoc], spans: List[List[tuple]]) -> List[list]:
        predictor = self.nlp.get_pipe("zh_indicators_tagger").predictor
        preds = predictor.predict([d.text for d in docs], given=spans)
        return [p.relations for p in preds]


def nearest_links(text: str, spans: List[tuple]) -> List[tuple]:
    """The relation baseline: each VALUE takes the UNIT right after it, and the
    nearest preceding INDICATOR and YEAR in its sentence."""
    sent_of = {}
    for k, s in enumerate(sentences(text)):
        for i, (a, _, _) in enumerate(spans):
            if s.start <= a < s.end:
                sent_of[i] = k
    rels = []
    for i, (a, b, label) in enumerate(spans):
        if label != "VALUE":
            continue
        for j in range(i + 1, len(spans)):
            if spans[j][2] == "UNIT" and spans[j][0] - b <= 2:
                rels.append((i, "has_unit", j, 1.0))
                break
            if spans[j][2] != "UNIT":
                break
        for label2, typ in (("INDICATOR", "has_value"), ("YEAR", "in_year")):
            for j in range(i - 1, -1, -1):
                if sent_of.get(j) != sent_of.get(i):
                    break
                if spans[j][2] == label2:
                    head, tail = relation_ends(i, typ, j)
                    rels.append((head, typ, tail, 1.0))
                    break
    return rels


class RuleSystem:
    name = "rules"

    def run(self, docs: List[EvalDoc]) -> List[Output]:
        from zh_indicators.extractors.rules import extract

        out = []
        for doc in docs:
            ents_d, rels_d = extract(doc.text)
            idx = {e["id"]: i for i, e in enumerate(ents_d)}
            ents = [(e["start"], e["end"], e["label"], 1.0) for e in ents_d]
            rels = [(idx[r["head"]], r["type"], idx[r["tail"]], 1.0) for r in rels_d]
            norm = normalise_text(doc.text)
            facts = build_facts(doc.text, ents, rels, build_context(norm, doc.report_year), norm_text=norm)
            out.append((ents, rels, facts))
        return out

    def link(self, docs: List[EvalDoc], spans: List[List[tuple]]) -> List[list]:
        return [nearest_links(d.text, sorted(s)) for d, s in zip(docs, spans)]
