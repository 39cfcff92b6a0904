"""Annotation records to what training and evaluation tools read: a
`datasets.DatasetDict` split by city, IOB2 tag sequences, a spaCy `DocBin`."""
from typing import Dict, List

from zh_indicators.corpus.schema import span_tags

from zh_indicators.corpus.reports import city_of


def iob2_tags(rec: Dict) -> List[str]:
    """One IOB2 tag per character of the record's text."""
    return span_tags(len(rec["text"]), {(e["start"], e["end"], e["label"]) for e in rec["entities"]})


def to_rows(records: List[Dict]) -> List[Dict]:
    rows = []
    for r in records:
        by = {e["id"]: e for e in r["entities"]}
        rows.append({
            "report": r["report"], "city": city_of(r), "paragraph": r["paragraph"], "text": r["text"],
            "chars": list(r["text"]), "tags": iob2_tags(r), "review": r["review"],
            "entities": [{"id": e["id"], "label": e["label"], "start": e["start"], "end": e["end"]}
                         for e in r["entities"]],
            "relations": [{"head": x["head"], "type": x["type"], "tail": x["tail"]} for x in r["relations"]],
            "values": [{"id": k, "period": v.get("period"), "status": v.get("status"), "kind": v.get("kind"),
                        "direction": v.get("direction")} for k, v in r["attributes"].items() if k in by],
        })
    return rows


def to_dataset_dict(records: List[Dict], split_by: str = "city"):
    """A `datasets.DatasetDict` with one split per city (or per report)."""
    from datasets import Dataset, DatasetDict

    rows = to_rows(records)
    keys = sorted({r[split_by] for r in rows})
    return DatasetDict({k: Dataset.from_list([r for r in rows if r[split_by] == k]) for k in keys})


def to_docbin(records: List[Dict], nlp=None):
    """A spaCy DocBin (char tokens) with the entities and relations in doc.user_data."""
    import spacy
    from spacy.tokens import DocBin

    nlp = nlp or spacy.blank("zh")
    db = DocBin(store_user_data=True)
    for r in records:
        doc = nlp.make_doc(r["text"])
        spans = [doc.char_span(e["start"], e["end"], label=e["label"], alignment_mode="contract")
                 for e in r["entities"]]
        doc.ents = [s for s in spans if s is not None]
        by = {e["id"]: (e["start"], e["end"]) for e in r["entities"]}
        doc.user_data["relations"] = [(by[x["head"]], x["type"], by[x["tail"]]) for x in r["relations"]]
        doc.user_data["report"] = r["report"]
        db.add(doc)
    return db
