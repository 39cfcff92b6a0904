"""Behaviour snapshots: the entities, relations and facts of the shipped model on the
five seed reports, to show that a refactor changes nothing.

    python -m zh_indicators.evaluation.snapshot write before.json   # on the old commit
    python -m zh_indicators.evaluation.snapshot compare before.json # on the new one: exit 1 on any change
"""
import argparse
import json
import sys
from typing import Dict, List, Optional


def snapshot(model: Optional[str] = None) -> List[Dict]:
    from zh_indicators.corpus.reports import load_report, report_ids
    from zh_indicators.extractors.pipeline import annotate, load

    nlp = load(model)
    out = []
    for rid in report_ids():
        report = load_report(rid)
        doc = annotate(nlp, report.text, report.meta.report_year)
        out.append({"id": rid, "ents": [[e.start_char, e.end_char, e.label_] for e in doc.ents],
                    "relations": doc._.relation_data, "facts": doc._.fact_data})
    return json.loads(json.dumps(out, ensure_ascii=False, default=str))


def differences(old: List[Dict], new: List[Dict]) -> List[str]:
    diffs = []
    for a, b in zip(old, new):
        for key in ("ents", "relations", "facts"):
            if a[key] != b[key]:
                gone = [x for x in a[key] if x not in b[key]]
                added = [x for x in b[key] if x not in a[key]]
                diffs.append(f"{a['id']} {key}: {len(gone)} gone, {len(added)} new; first: {(gone + added)[:1]}")
    if [a["id"] for a in old] != [b["id"] for b in new]:
        diffs.append(f"reports differ: {[a['id'] for a in old]} vs {[b['id'] for b in new]}")
    return diffs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["write", "compare"], help="write a snapshot, or compare with one")
    ap.add_argument("path", help="the snapshot JSON file")
    ap.add_argument("--model", default=None, help="a pipeline folder (default: the shipped model)")
    args = ap.parse_args(argv)
    snap = snapshot(args.model)
    if args.action == "write":
        from zh_indicators.corpus.io import write_atomic

        write_atomic(args.path, json.dumps(snap, ensure_ascii=False, sort_keys=True))
        print(f"{args.path}: {sum(len(r['facts']) for r in snap)} facts of {len(snap)} reports")
        return 0
    with open(args.path, encoding="utf-8") as f:
        diffs = differences(json.load(f), snap)
    print("\n".join(diffs) if diffs else f"identical: {sum(len(r['facts']) for r in snap)} facts of {len(snap)} reports")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
