"""A consistency report over annotations, for a second look.

Lists (1) surface strings labelled differently in different places (or labelled
in one place and left outside any span in another), (2) VALUEs with no
INDICATOR, (3) digits that lie inside no span.
"""
import re
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from .annotate import load_all_annotations


def _label_at(rec: Dict):
    spans = {}
    for e in rec["entities"]:
        spans[(e["start"], e["end"])] = e["label"]
    return spans


def inconsistent_strings(records: List[Dict], min_len: int = 2) -> Dict[str, Dict[str, int]]:
    """Indicator strings annotated somewhere but left outside any span elsewhere with a
    number right after them (a likely miss; occurrences without a number are intended)."""
    labelled = defaultdict(lambda: defaultdict(int))
    for r in records:
        for e in r["entities"]:
            if e["label"] == "INDICATOR" and len(e["text"]) >= min_len:
                labelled[e["text"]][e["label"]] += 1
    out = {}
    for text, labels in labelled.items():
        counts = dict(labels)
        for r in records:
            for m in re.finditer(re.escape(text), r["text"]):
                inside = [e for e in r["entities"] if e["start"] <= m.start() and m.end() <= e["end"]]
                if not inside:
                    # a number right after an unlabelled occurrence is worth a second look
                    near = re.match(r"^.{0,6}?[0-9一二两三四五六七八九十百千]", r["text"][m.end():m.end() + 8])
                    key = "(none, number follows)" if near else "(none)"
                    counts[key] = counts.get(key, 0) + 1
                elif not any(e["start"] == m.start() and e["end"] == m.end() for e in inside):
                    counts["(part of a longer span)"] = counts.get("(part of a longer span)", 0) + 1
        if "(none, number follows)" in counts:
            out[text] = counts
    return out


def unlinked_values(records: List[Dict]) -> List[str]:
    out = []
    for r in records:
        heads = {x["tail"] for x in r["relations"] if x["type"] == "has_value"}
        for e in r["entities"]:
            if e["label"] == "VALUE" and e["id"] not in heads:
                out.append(f"{r['report']} p={r['paragraph']}: {e['text']!r} … {r['text'][max(0, e['start'] - 15):e['end'] + 10]}")
    return out


def digits_outside_spans(records: List[Dict]) -> List[str]:
    out = []
    for r in records:
        covered = [False] * len(r["text"])
        for e in r["entities"]:
            for i in range(e["start"], e["end"]):
                covered[i] = True
        for m in re.finditer(r"[0-9]+(?:\.[0-9]+)?|[一二三四五六七八九十两百千万亿]{1,5}(?=[个家项件所户名人座条万亿%])", r["text"]):
            if not any(covered[m.start():m.end()]):
                ctx = r["text"][max(0, m.start() - 12):m.end() + 8]
                out.append(f"{r['report']} p={r['paragraph']}: {m.group()!r} … {ctx}")
    return out


def consistency_report(paths: Optional[Sequence[str]] = None) -> str:
    anns = load_all_annotations(Path(paths[0]) if paths else None)
    records = [r for recs in anns.values() for r in recs]
    lines = ["# Consistency report", "", "## Indicator strings left unlabelled before a number elsewhere", ""]
    for text, counts in sorted(inconsistent_strings(records).items()):
        lines.append(f"- {text}: {counts}")
    lines += ["", "## VALUEs with no INDICATOR", ""] + [f"- {x}" for x in unlinked_values(records)]
    lines += ["", "## Digits inside no span", ""] + [f"- {x}" for x in digits_outside_spans(records)]
    return "\n".join(lines) + "\n"
