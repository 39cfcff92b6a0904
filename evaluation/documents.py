"""Evaluation documents: records regrouped into whole reports where possible.

Attributes need the document (section headings, the report year), so a corpus
report whose paragraphs are all present is run as one text; other records (a
user's imported annotations) are run one by one.
"""
from dataclasses import dataclass
from typing import Dict, List, Optional


@dataclass
class EvalDoc:
    text: str
    report_year: Optional[int]
    records: List[Dict]      # the gold paragraph records inside this text
    offsets: List[int]       # start of each record in `text`
    city: str


def build_docs(records: List[Dict]) -> List[EvalDoc]:
    from zh_indicators.corpus.reports import city_of, document_groups

    return [EvalDoc(text, year, recs, offsets, city_of(recs[0])) for text, year, recs, offsets in document_groups(records)]
