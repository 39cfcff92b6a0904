"""Inter-annotator agreement between two independent annotations of the same texts.

Entities agree when label, start and end agree; relations when type and both end
spans agree; attributes are compared on the VALUEs both annotators marked. F1
between two annotators is symmetric (precision of one is recall of the other).
"""
from collections import defaultdict
from typing import Dict, Iterable, List, Optional, Tuple

from .schema import LABELS

ATTRS = ("period", "status", "kind", "direction")


def _spans(rec: Dict) -> Dict[str, Tuple[str, int, int]]:
    return {e["id"]: (e["label"], e["start"], e["end"]) for e in rec["entities"]}


def _triples(rec: Dict):
    sp = _spans(rec)
    return {(r["type"], sp[r["head"]], sp[r["tail"]]) for r in rec["relations"]
            if r["head"] in sp and r["tail"] in sp}


def _attrs(rec: Dict) -> Dict[Tuple[int, int], Dict]:
    sp = _spans(rec)
    return {sp[k][1:]: v for k, v in rec.get("attributes", {}).items() if k in sp}


class _Counts:
    def __init__(self):
        self.both = defaultdict(int)
        self.a = defaultdict(int)
        self.b = defaultdict(int)
        self.attr_same = defaultdict(int)
        self.attr_n = 0

    def f1(self, key) -> Optional[float]:
        n = self.a[key] + self.b[key]
        return None if n == 0 else 2 * self.both[key] / n

    def as_dict(self) -> Dict:
        out = {"entities": self.f1("ENT"), "relations": self.f1("REL")}
        for lab in LABELS:
            out[lab] = self.f1(lab)
        out["values_compared"] = self.attr_n
        for a in ATTRS:
            out[a] = self.attr_same[a] / self.attr_n if self.attr_n else None
        out["all_attributes"] = self.attr_same["all"] / self.attr_n if self.attr_n else None
        out["entities_a"], out["entities_b"] = self.a["ENT"], self.b["ENT"]
        return out


def _add(c: _Counts, ra: Dict, rb: Dict) -> None:
    ea, eb = set(_spans(ra).values()), set(_spans(rb).values())
    for lab in LABELS + ("ENT",):
        sa = {e for e in ea if lab in ("ENT", e[0])}
        sb = {e for e in eb if lab in ("ENT", e[0])}
        c.both[lab] += len(sa & sb)
        c.a[lab] += len(sa)
        c.b[lab] += len(sb)
    ta, tb = _triples(ra), _triples(rb)
    c.both["REL"] += len(ta & tb)
    c.a["REL"] += len(ta)
    c.b["REL"] += len(tb)
    aa, ab = _attrs(ra), _attrs(rb)
    for span in aa.keys() & ab.keys():
        c.attr_n += 1
        same_all = True
        for a in ATTRS:
            same = aa[span].get(a) == ab[span].get(a)
            c.attr_same[a] += same
            same_all &= same
        c.attr_same["all"] += same_all


def agreement(pairs: Iterable[Tuple[Dict, Dict]], group_of=None) -> Dict[str, Dict]:
    """Agreement figures overall and per group.

    pairs: (record of annotator A, record of annotator B) for the same paragraph.
    group_of: record -> group name (e.g. the excerpt's style), or None.
    RETURNS: {"all": figures, group: figures, ...}.
    """
    counts: Dict[str, _Counts] = defaultdict(_Counts)
    for ra, rb in pairs:
        _add(counts["all"], ra, rb)
        if group_of is not None:
            _add(counts[group_of(ra)], ra, rb)
    return {k: v.as_dict() for k, v in counts.items()}


def pair_records(a: List[Dict], b: List[Dict]) -> List[Tuple[Dict, Dict]]:
    """Paragraph records of both annotators, matched by (document, paragraph)."""
    by_key = {(r["report"], r["paragraph"]): r for r in b}
    return [(r, by_key[(r["report"], r["paragraph"])]) for r in a
            if (r["report"], r["paragraph"]) in by_key]


def folder_agreement(double_dir) -> Dict[str, Dict]:
    """Agreement of the two annotations stored under ``double_dir/A`` and ``double_dir/B``,
    overall and per style of excerpt (documents whose text is absent are skipped)."""
    from pathlib import Path

    from .annotate import load_records
    from .reports import doc_groups

    pairs = []
    for path in sorted((Path(double_dir) / "A").glob("*.jsonl")):
        other = Path(double_dir) / "B" / path.name
        if other.exists():
            pairs += pair_records(load_records(path), load_records(other))
    return agreement(pairs, group_of=lambda r: doc_groups(r["report"])["style"])
