"""`zh-indicators corpus stats`: per-report figures of the corpus and its labels."""
from collections import Counter
from typing import Dict, List, Optional

from .clean import count_glosses, count_traditional
from .reports import load_report, report_ids


def report_stats(report_id: str, annotations: Optional[Dict] = None) -> Dict:
    rep = load_report(report_id)
    c = rep.cleaned
    row = {
        "id": rep.meta.id,
        "place": rep.meta.place,
        "report_year": rep.meta.report_year,
        "raw_sha256": rep.raw_sha256,
        "sha256_matches_metadata": rep.raw_sha256 == rep.meta.sha256,
        "raw_chars": len(c.raw),
        "clean_chars": len(c.text),
        "paragraphs": len(rep.paragraphs),
        "sentences": len(rep.sentences),
        "glosses_removed": c.glosses_removed,
        "glosses_left": count_glosses(c.text),
        "furniture_lines_removed": len(c.furniture),
        "mojibake_spots": len(c.mojibake),
        "traditional_left": count_traditional(c.text),
    }
    if annotations is not None:
        row.update(annotation_stats(annotations.get(report_id, [])))
    return row


def annotation_stats(records: List) -> Dict:
    labels, rels, attrs = Counter(), Counter(), Counter()
    for r in records:
        labels.update(e["label"] for e in r["entities"])
        rels.update(x["type"] for x in r["relations"])
        for a in r.get("attributes", {}).values():
            for k in ("status", "kind", "direction"):
                attrs[f"{k}={a.get(k)}"] += 1
    return {
        "annotated_paragraphs": len(records),
        "gold_paragraphs": sum(r["review"] == "gold" for r in records),
        "entities": dict(sorted(labels.items())),
        "relations": dict(sorted(rels.items())),
        "attributes": dict(sorted(attrs.items())),
    }


def corpus_stats(annotations: Optional[Dict] = None) -> List[Dict]:
    return [report_stats(rid, annotations) for rid in report_ids()]
