"""Adjudicating two independent annotations of a document into gold.

Paragraphs on which both annotators agree exactly (spans, relations, attributes)
are taken as they are. For every other paragraph the adjudicator writes a decision
in a decisions file, in the review markup's block form::

    ### p=7 pick=A
    ### p=9 pick=B fix=V3.p=2019,V5.s=target
    ### p=11 pick=A
    - [落实资金]{I11} => 落实[资金]{I11}
    ### p=12
    <the paragraph's markup, written by the adjudicator>

``pick`` takes one annotator's paragraph, ``fix`` then sets attributes of its
VALUEs (``V3.p=2019``: entity id, attribute key as in the markup, value), ``- OLD =>
NEW`` lines edit the picked paragraph's markup (each OLD must occur exactly once),
and a block with markup replaces the paragraph. Every edited paragraph is parsed
again and checked against the clean text and the scheme. A paragraph that differs and has no
decision is an error: nothing is merged until every disagreement is decided.
Each merged record says how it was decided (``adjudication``: agreed, A, B, edited).
"""
import re
from typing import Dict, List, Optional, Tuple

from .annotate import markup_to_records
from .errors import AnnotationError, Errors, InputError
from .markup import _KEYS, _null, render_paragraph
from .validate import check_record

_DECISION_RE = re.compile(r"^### p=(\d+)(?: pick=([AB]))?(?: fix=(\S+))?\s*$")


def _norm(rec: Dict):
    sp = {e["id"]: (e["label"], e["start"], e["end"]) for e in rec["entities"]}
    rels = sorted((r["type"], sp[r["head"]], sp[r["tail"]]) for r in rec["relations"])
    attrs = sorted((sp[k], tuple(sorted((a, str(v)) for a, v in d.items() if a != "shared" or v)))
                   for k, d in rec["attributes"].items())
    return sorted(sp.values()), rels, attrs


def same(ra: Dict, rb: Dict) -> bool:
    return _norm(ra) == _norm(rb)


def diff_view(doc_id: str, a: List[Dict], b: List[Dict]) -> Tuple[str, int]:
    """The paragraphs on which A and B differ, both versions one above the other."""
    out, n = [f"# {doc_id}"], 0
    for ra, rb in zip(a, b):
        if same(ra, rb):
            continue
        n += 1
        out.append(f"### p={ra['paragraph']}")
        out.append("A: " + render_paragraph(ra["text"], ra["entities"], ra["relations"], ra["attributes"]))
        out.append("B: " + render_paragraph(rb["text"], rb["entities"], rb["relations"], rb["attributes"]))
    return "\n".join(out) + "\n", n


def _parse_decisions(content: str, where: str) -> Dict[int, Tuple[Optional[str], Optional[str], str]]:
    out, cur, body = {}, None, []

    def flush():
        if cur is not None:
            out[cur[0]] = (cur[1], cur[2], "\n".join(l for l in body if l.strip()))

    for lineno, line in enumerate(content.splitlines(), start=1):
        if line.startswith("### "):
            m = _DECISION_RE.match(line)
            if not m:
                raise InputError(Errors.E131.format(where=f"{where}:{lineno}", pos=0,
                                                    problem="bad decision header; allowed '### p=N [pick=A|B] [fix=V1.p=2019,...]'"))
            flush()
            cur, body = (int(m.group(1)), m.group(2), m.group(3)), []
        elif cur is not None:
            body.append(line)
    flush()
    return out


def _apply_fix(rec: Dict, fix: str, where: str) -> None:
    for item in fix.split(","):
        m = re.match(r"^([VIUY]\d+)\.(\w+)=(\S*)$", item)
        key = _KEYS.get(m.group(2)) if m else None
        if not m or key not in ("period", "status", "kind", "direction"):
            raise InputError(Errors.E131.format(where=where, pos=0,
                                                problem=f"bad fix {item!r}; allowed V<n>.p|s|k|d=<value>"))
        ent = m.group(1)
        if ent not in rec["attributes"]:
            raise InputError(Errors.E131.format(where=where, pos=0, problem=f"fix names {ent}, not a VALUE here"))
        rec["attributes"][ent][key] = _null(m.group(3))


def merge(doc_id: str, a: List[Dict], b: List[Dict], decisions: str, where: str = "<decisions>") -> List[Dict]:
    """Gold records of a document from A's and B's records and the decisions file."""
    dec = _parse_decisions(decisions, where)
    out, problems = [], []
    for ra, rb in zip(a, b):
        i = ra["paragraph"]
        if same(ra, rb) and i not in dec:
            rec, how = dict(ra), "agreed"
        elif i not in dec:
            problems.append(f"{where}: p={i}: annotators differ and no decision is given")
            continue
        else:
            pick, fix, body = dec[i]
            subs = [l[2:].split(" => ", 1) for l in body.splitlines() if l.startswith("- ") and " => " in l]
            if pick and subs:
                src = ra if pick == "A" else rb
                markup = render_paragraph(src["text"], src["entities"], src["relations"], src["attributes"])
                for old, new in subs:
                    if markup.count(old) != 1:
                        problems.append(f"{where}: p={i}: edit {old!r} occurs {markup.count(old)} times, allowed once")
                    markup = markup.replace(old, new, 1)
                rec = markup_to_records(doc_id, f"### p={i} review=gold\n{markup}", where=where)[0]
                how = pick + "+edit"
                if fix:
                    _apply_fix(rec, fix, f"{where} p={i}")
            elif pick:
                rec = {**(ra if pick == "A" else rb)}
                rec["attributes"] = {k: dict(v) for k, v in rec["attributes"].items()}
                how = pick
                if fix:
                    _apply_fix(rec, fix, f"{where} p={i}")
                    how += "+fix"
            elif body:
                rec = markup_to_records(doc_id, f"### p={i} review=gold\n{body}", where=where)[0]
                how = "edited"
            else:
                problems.append(f"{where}: p={i}: decision has neither pick= nor markup")
                continue
        rec["review"] = "gold"
        rec["adjudication"] = how
        problems += [f"{where}: p={i}: {p}" for p in check_record(rec)]
        out.append(rec)
    if problems:
        raise AnnotationError(problems)
    return out


DOUBLE_DIR_NAME = "double"


def adjudicate_folder(double_dir, out_dir, docs=None) -> Dict[str, int]:
    """Gold records for every document annotated twice under ``double_dir``.

    double_dir holds ``A/<doc>.jsonl`` and ``B/<doc>.jsonl`` (the two independent
    annotations) and ``decisions/<doc>.md`` (the adjudication, absent when the two
    agree everywhere); the gold goes to ``out_dir/<doc>.jsonl``. Nothing is written
    unless every document merges. RETURNS: how many paragraphs were decided how.
    """
    from collections import Counter
    from pathlib import Path

    from .annotate import load_records, write_records
    from .io import read_text

    double_dir, out_dir = Path(double_dir), Path(out_dir)
    merged, how, problems = {}, Counter(), []
    for path in sorted((double_dir / "A").glob("*.jsonl")):
        doc = path.stem
        if docs is not None and doc not in docs:
            continue
        other = double_dir / "B" / path.name
        if not other.exists():
            continue
        a = sorted(load_records(path), key=lambda r: r["paragraph"])
        b = sorted(load_records(other), key=lambda r: r["paragraph"])
        if not a or not b:
            continue  # pool absent: records skipped
        dec_path = double_dir / "decisions" / f"{doc}.md"
        decisions = read_text(dec_path) if dec_path.exists() else ""
        try:
            gold = merge(doc, a, b, decisions, where=str(dec_path))
        except AnnotationError as e:
            problems += e.problems
            continue
        for r in gold:
            r.pop("annotator", None)
            how[r["adjudication"]] += 1
        merged[doc] = gold
    if problems:
        raise AnnotationError(problems)
    for doc, gold in merged.items():
        write_records(out_dir / f"{doc}.jsonl", gold, overwrite=True)
    return dict(how)
