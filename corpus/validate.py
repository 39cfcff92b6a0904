"""Checks annotation records against the scheme; reports `file:line: problem`.

Nothing is modified. Each rule's message comes from the error catalogue and says
what was found and what is allowed.
"""
import json
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple, Union

from .errors import Errors
from .schema import DIRECTION, KIND, LABELS, RELATIONS, REVIEW, STATUS, valid_period

_FIELDS = {"report": str, "paragraph": int, "start": int, "end": int, "text": str,
           "entities": list, "relations": list, "attributes": dict, "review": str}


def check_record(rec: Dict, clean_text: Optional[str] = None) -> List[str]:
    """Problems of one paragraph record (empty list when it is valid).

    rec (dict): one JSONL record.
    clean_text (str): the report's clean text, to check the paragraph offsets.
    RETURNS (List[str]): messages from the error catalogue.
    """
    problems = []
    for f, typ in _FIELDS.items():
        if f not in rec:
            problems.append(Errors.E101.format(field=f, found=sorted(rec)))
        elif not isinstance(rec[f], typ) or (typ is int and isinstance(rec[f], bool)):
            problems.append(Errors.E102.format(field=f, found=type(rec[f]).__name__, allowed=typ.__name__))
    if problems:
        return problems
    text = rec["text"]
    if rec["review"] not in REVIEW:
        problems.append(Errors.E117.format(found=rec["review"], allowed=list(REVIEW)))
    if clean_text is not None and clean_text[rec["start"]:rec["end"]] != text:
        problems.append(Errors.E119.format(report=rec["report"], start=rec["start"], end=rec["end"],
                                           found=text[:20], actual=clean_text[rec["start"]:rec["end"]][:20]))
    ents: Dict[str, Dict] = {}
    for e in rec["entities"]:
        if not isinstance(e, dict):
            problems.append(Errors.E102.format(field="entities[]", found=type(e).__name__, allowed="dict"))
            continue
        missing = [k for k in ("id", "label", "start", "end", "text") if k not in e]
        if missing:
            problems.append(Errors.E101.format(field=missing[0], found=sorted(e)))
            continue
        eid = e["id"]
        if eid in ents:
            problems.append(Errors.E107.format(found=eid))
        ents[eid] = e
        if e["label"] not in LABELS:
            problems.append(Errors.E105.format(ent=eid, found=e["label"], allowed=list(LABELS)))
        s, t = e["start"], e["end"]
        if not (isinstance(s, int) and isinstance(t, int) and 0 <= s < t <= len(text)):
            problems.append(Errors.E103.format(ent=eid, start=s, end=t, length=len(text)))
        elif text[s:t] != e["text"]:
            problems.append(Errors.E104.format(ent=eid, found=e["text"], start=s, end=t, actual=text[s:t]))
    spans = sorted((e["start"], e["end"], e["id"]) for e in ents.values()
                   if isinstance(e["start"], int) and isinstance(e["end"], int))
    for (s1, e1, a), (s2, e2, b) in zip(spans, spans[1:]):
        if s2 < e1:
            problems.append(Errors.E106.format(a=a, b=b, a_span=f"{s1}-{e1}", b_span=f"{s2}-{e2}"))
    seen = set()
    for r in rec["relations"]:
        key = (r.get("head"), r.get("type"), r.get("tail"))
        name = f"{key[0]}-{key[1]}->{key[2]}"
        if key in seen:
            problems.append(Errors.E118.format(rel=name))
        seen.add(key)
        if r.get("type") not in RELATIONS:
            problems.append(Errors.E109.format(rel=name, found=r.get("type"), allowed=list(RELATIONS)))
            continue
        bad = [x for x in (key[0], key[2]) if x not in ents]
        if bad:
            problems.append(Errors.E108.format(rel=name, found=bad[0]))
            continue
        want = RELATIONS[r["type"]]
        got = (ents[key[0]]["label"], ents[key[2]]["label"])
        if got != want:
            problems.append(Errors.E110.format(rel=name, found="→".join(got), allowed="→".join(want)))
    attrs = rec["attributes"]
    for eid, e in ents.items():
        if e["label"] != "VALUE":
            if eid in attrs:
                problems.append(Errors.E115.format(ent=eid, label=e["label"]))
            continue
        inds = [r["head"] for r in rec["relations"] if r.get("type") == "has_value" and r.get("tail") == eid]
        a = attrs.get(eid)
        if a is None:
            problems.append(Errors.E116.format(ent=eid))
            continue
        if len(inds) > 1 and not a.get("shared"):
            problems.append(Errors.E111.format(ent=eid, n=len(inds), found=inds))
        units = [r["tail"] for r in rec["relations"] if r.get("type") == "has_unit" and r.get("head") == eid]
        if len(units) > 1:
            problems.append(Errors.E121.format(ent=eid, n=len(units), found=units))
        if a.get("status") not in STATUS:
            problems.append(Errors.E112.format(ent=eid, attr="status", found=a.get("status"), allowed=list(STATUS)))
        if a.get("kind") not in KIND:
            problems.append(Errors.E112.format(ent=eid, attr="kind", found=a.get("kind"), allowed=list(KIND)))
        if a.get("direction") not in DIRECTION:
            problems.append(Errors.E112.format(ent=eid, attr="direction", found=a.get("direction"),
                                               allowed=list(DIRECTION)))
        elif a.get("kind") != "change" and a.get("direction") is not None:
            problems.append(Errors.E113.format(ent=eid, kind=a.get("kind"), direction=a.get("direction")))
        elif a.get("kind") == "change" and a.get("direction") is None:
            problems.append(Errors.E114.format(ent=eid))
        if not valid_period(a.get("period")):
            problems.append(Errors.E112.format(ent=eid, attr="period", found=a.get("period"),
                                               allowed="YYYY, YYYY-YYYY (start<end) or null"))
    return problems


def iter_jsonl(path: Path) -> Iterator[Tuple[int, Union[Dict, str]]]:
    """(line number, record) per non-blank line; a JSON error yields its message."""
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                yield lineno, Errors.E100.format(reason=e.msg)
                continue
            if not isinstance(rec, dict):
                yield lineno, Errors.E102.format(field="record", found=type(rec).__name__, allowed="dict")
                continue
            yield lineno, rec


ANNOTATION_SUFFIXES = (".jsonl", ".json")


def jsonl_files(paths: Iterable[Union[str, Path]]) -> List[Path]:
    """Annotation files of the given files and folders: .jsonl (ours, doccano) and .json
    (Label Studio exports) in folders, any named file as it is."""
    out = []
    for p in map(Path, paths):
        out.extend(sorted(x for x in p.rglob("*") if x.suffix in ANNOTATION_SUFFIXES and x.is_file())
                   if p.is_dir() else [p])
    return out


def validate_paths(paths: Iterable[Union[str, Path]], check_clean: bool = True) -> List[str]:
    """Every problem in the given files or folders, as `file:line: message`.

    Reads every format `train` and `evaluate` accept: our JSONL, Label Studio JSON
    exports and doccano JSONL (their messages add `record ID` after the line). Records
    that name a corpus report are checked against its clean text as well.
    """
    from .errors import InputError
    from .interop import SKIPPED, iter_any
    from .reports import load_metadata, load_report
    from .store import pool_skip_message

    paths = list(paths)
    known = load_metadata()
    problems, seen, skipped = [], {}, 0
    files = jsonl_files(paths)
    if not files:
        return [Errors.E122.format(path=", ".join(map(str, paths)))]
    for path in files:
        if not path.exists():
            problems.append(f"{path}:0: " + Errors.E206.format(path=path))
            continue
        try:
            for where, rec, probs in iter_any(path):
                problems += [f"{where}: {p}" for p in probs]
                if rec is SKIPPED:
                    skipped += 1
                    continue
                if rec is None:
                    continue
                clean_text = None
                if check_clean and (rec.get("report") in known or str(rec.get("report")).startswith("pool-")):
                    clean_text = load_report(rec["report"]).text
                problems += [f"{where}: {p}" for p in check_record(rec, clean_text)]
                key = (rec.get("report"), rec.get("paragraph"))
                if key in seen:
                    problems.append(f"{where}: " + Errors.E120.format(report=key[0], index=key[1])
                                    + f" (first at {seen[key]})")
                seen[key] = where
        except InputError as e:
            problems.append(str(e) if str(path) in str(e) else f"{path}:0: {e}")
    if skipped:
        import sys

        print(pool_skip_message(skipped), file=sys.stderr)
    return problems
