"""Scoring one system on a set of records: entities (exact spans and seqeval),
relations (end to end and with gold entities), facts and attributes, with the
per-paragraph counts the bootstrap resamples and the error lists the report shows."""
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List

from zh_indicators.corpus.schema import LABELS, RELATIONS

from .documents import build_docs
from .gold import fact_key, gold_facts
from zh_indicators.extractors.scorer import prf

ATTRS = ("period", "status", "kind", "direction")


@dataclass
class Evaluation:
    """Per-paragraph sets of gold and predicted items, and what derives from them."""

    ents_gold: List[set] = field(default_factory=list)
    ents_pred: List[set] = field(default_factory=list)
    rels_gold: List[set] = field(default_factory=list)
    rels_pred: List[set] = field(default_factory=list)
    rels_given_pred: List[set] = field(default_factory=list)
    facts_gold: List[Counter] = field(default_factory=list)
    facts_pred: List[Counter] = field(default_factory=list)
    attr_hits: Counter = field(default_factory=Counter)
    attr_total: int = 0
    texts: List[str] = field(default_factory=list)
    ids: List[str] = field(default_factory=list)
    cities: List[str] = field(default_factory=list)

    def counts(self, kind: str, label=None) -> List[tuple]:
        """(tp, fp, fn) per paragraph for entities/relations/relations_given/facts."""
        if kind == "facts":
            return [(sum((g & p).values()), sum((p - g).values()), sum((g - p).values()))
                    for g, p in zip(self.facts_gold, self.facts_pred)]
        gold, pred = {"entities": (self.ents_gold, self.ents_pred), "relations": (self.rels_gold, self.rels_pred),
                      "relations_given": (self.rels_gold, self.rels_given_pred)}[kind]
        out = []
        for g, p in zip(gold, pred):
            if label is not None:
                g = {x for x in g if x[-1] == label or (len(x) == 3 and x[1] == label)}
                p = {x for x in p if x[-1] == label or (len(x) == 3 and x[1] == label)}
            out.append((len(g & p), len(p - g), len(g - p)))
        return out

    def score(self, kind: str, label=None) -> Dict[str, float]:
        c = self.counts(kind, label)
        return prf(sum(x[0] for x in c), sum(x[1] for x in c), sum(x[2] for x in c))

    def summary(self) -> Dict:
        ents = {"micro": self.score("entities"), **{l: self.score("entities", l) for l in LABELS}}
        present = [l for l in LABELS if ents[l]["tp"] + ents[l]["fn"] > 0]
        ents["macro_f"] = sum(ents[l]["f"] for l in present) / len(present) if present else 0.0
        rels = {"micro": self.score("relations"), **{t: self.score("relations", t) for t in RELATIONS}}
        given = {"micro": self.score("relations_given"), **{t: self.score("relations_given", t) for t in RELATIONS}}
        attrs = {a: (self.attr_hits[a] / self.attr_total if self.attr_total else 0.0) for a in ATTRS}
        return {"entities": ents, "relations_end_to_end": rels, "relations_gold_entities": given,
                "facts": self.score("facts"), "attribute_accuracy": attrs, "values_matched": self.attr_total}


def _fact_keys(facts, start: int, end: int) -> Counter:
    return Counter(fact_key(f.indicator, f.value, f.unit_canonical, f.period, f.status, f.kind, f.direction)
                   for f in facts if f.indicator is not None and start <= f.start < end)


def evaluate(system, records: List[Dict]) -> Evaluation:
    """Run `system` over the records' documents and score it paragraph by paragraph."""
    docs = build_docs(records)
    outputs = system.run(docs)
    gold_spans = [[(o + e["start"], o + e["end"], e["label"]) for r, o in zip(d.records, d.offsets)
                   for e in r["entities"]] for d in docs]
    given_rels = system.link(docs, [sorted(s) for s in gold_spans])
    ev = Evaluation()
    for d, (ents, rels, facts), gspans, grels in zip(docs, outputs, gold_spans, given_rels):
        gsorted = sorted(gspans)
        for r, off in zip(d.records, d.offsets):
            end = off + len(r["text"])
            inside = lambda s, e: off <= s and e <= end
            by = {x["id"]: (x["start"], x["end"]) for x in r["entities"]}
            labels = {x["id"]: x["label"] for x in r["entities"]}
            ev.ents_gold.append({(x["start"], x["end"], x["label"]) for x in r["entities"]})
            ev.ents_pred.append({(s - off, e - off, l) for s, e, l, _ in ents if inside(s, e)})
            ev.rels_gold.append({(by[x["head"]], x["type"], by[x["tail"]]) for x in r["relations"]})
            ev.rels_pred.append({((ents[h][0] - off, ents[h][1] - off), t, (ents[k][0] - off, ents[k][1] - off))
                                 for h, t, k, _ in rels if inside(ents[h][0], ents[h][1]) and inside(ents[k][0], ents[k][1])})
            ev.rels_given_pred.append({((gsorted[h][0] - off, gsorted[h][1] - off), t, (gsorted[k][0] - off, gsorted[k][1] - off))
                                       for h, t, k, _ in grels if inside(gsorted[h][0], gsorted[h][1])})
            ev.facts_gold.append(Counter(gold_facts(r)))
            ev.facts_pred.append(_fact_keys(facts, off, end))
            ev.texts.append(r["text"])
            ev.ids.append(f"{r['report']}#{r['paragraph']}")
            ev.cities.append(d.city)
            pred_vals = {(f.start - off, f.end - off): f for f in facts if off <= f.start < end}
            for x in r["entities"]:
                if labels[x["id"]] == "VALUE" and (x["start"], x["end"]) in pred_vals:
                    f = pred_vals[(x["start"], x["end"])]
                    a = r["attributes"][x["id"]]
                    ev.attr_total += 1
                    for k in ATTRS:
                        ev.attr_hits[k] += getattr(f, k) == a.get(k)
    return ev
