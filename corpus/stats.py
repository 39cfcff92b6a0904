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
    if rep.meta.source == "pool":
        row.update(province=rep.meta.province, style=rep.meta.style, tokens_removed=c.tokens_removed,
                   entities_decoded=c.entities_decoded, lines_joined=c.lines_joined)
    if annotations is not None:
        row.update(annotation_stats(annotations.get(report_id, [])))
        row["all_gold"] = bool(annotations.get(report_id)) and row["gold_paragraphs"] == row["paragraphs"]
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


def corpus_stats(annotations: Optional[Dict] = None, pool: bool = True) -> List[Dict]:
    """One row per seed report and, when the pool folder is there, per pool excerpt."""
    from .pool import pool_available, pool_ids

    ids = report_ids() + (pool_ids() if pool and pool_available() else [])
    return [report_stats(rid, annotations) for rid in ids]


def summary(rows: List[Dict]) -> Dict:
    """Totals of the stats rows, by source (seed reports, pool excerpts)."""
    out = {}
    for src, sel in (("seed", [r for r in rows if not str(r["id"]).startswith("pool-")]),
                     ("pool", [r for r in rows if str(r["id"]).startswith("pool-")])):
        if not sel:
            continue
        ents = Counter()
        for r in sel:
            ents.update(r.get("entities", {}))
        out[src] = {"documents": len(sel), "all_gold": sum(bool(r.get("all_gold")) for r in sel),
                    "clean_chars": sum(r["clean_chars"] for r in sel),
                    "paragraphs": sum(r["paragraphs"] for r in sel), "entities": dict(sorted(ents.items())),
                    "provinces": len({r.get("province") for r in sel if r.get("province")}) or None}
    return out
