"""Evaluation documents: records regrouped into whole reports where possible.

Attributes need the document (section headings, the report year), so a corpus
report whose paragraphs are all present is run as one text; other records (a
user's imported annotations) are run one by one.
"""
from dataclasses import dataclass
from typing import Dict, List, Optional

from zh_indicators.corpus.pool import is_pool_id
from zh_indicators.corpus.reports import load_metadata, load_report


@dataclass
class EvalDoc:
    text: str
    report_year: Optional[int]
    records: List[Dict]      # the gold paragraph records inside this text
    offsets: List[int]       # start of each record in `text`
    city: str


def build_docs(records: List[Dict]) -> List[EvalDoc]:
    from zh_indicators.corpus.reports import city_of

    meta = load_metadata()
    by_report: Dict[str, List[Dict]] = {}
    for r in records:
        by_report.setdefault(r["report"], []).append(r)
    docs = []
    for rid, recs in sorted(by_report.items()):
        recs = sorted(recs, key=lambda r: r["paragraph"])
        if rid in meta or is_pool_id(rid):
            rep = load_report(rid)
            if all(rep.text[r["start"]:r["end"]] == r["text"] for r in recs):
                docs.append(EvalDoc(rep.text, rep.meta.report_year, recs, [r["start"] for r in recs],
                                    city_of(recs[0])))
                continue
        for r in recs:
            docs.append(EvalDoc(r["text"], None, [r], [0], city_of(r)))
    return docs
