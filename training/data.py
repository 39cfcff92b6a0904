"""Training data from folders and files in any supported format, validated first."""
import hashlib
import json
import sys
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

from zh_indicators.corpus.errors import AnnotationError, Errors, InputError
from zh_indicators.corpus.interop import read_any

# Texts shorter than this recur across reports (各位代表:, 一、2018年工作回顾, …): they are
# matched only by report and paragraph, never by text alone.
MIN_TEXT_MATCH = 20


def data_files(paths: Sequence[Union[str, Path]]) -> List[Path]:
    files = []
    for p in map(Path, paths):
        if not p.exists():
            raise InputError(Errors.E206.format(path=p))
        if p.is_dir():
            files += sorted(x for x in p.rglob("*") if x.suffix in (".jsonl", ".json") and x.is_file())
        else:
            files.append(p)
    return files


def merge_newer(groups: Sequence[Sequence[Tuple[str, Dict]]]) -> Tuple[List[Dict], Dict[str, int]]:
    """One record per paragraph from (file, record) lists in the order given (oldest first).

    A later record replaces an earlier one of the same paragraph: the same text and the
    same report and paragraph, or the same text (at least MIN_TEXT_MATCH characters) in a
    later group (a later --data path, e.g. an export made without the corpus metadata).
    RETURNS: the records in their original order, each replaced one dropped, and the
    number of replacements per newer file.
    """
    out: List[Optional[Dict]] = []
    by_key: Dict[Tuple, int] = {}
    by_text_before: Dict[str, List[int]] = {}  # texts of the earlier groups
    replaced: Dict[str, int] = {}
    for group in groups:
        added = []
        for f, rec in group:
            text = rec["text"]
            old = set()
            k = by_key.get((rec["report"], rec["paragraph"], text))
            if k is not None and out[k] is not None:
                old.add(k)
            if len(text.strip()) >= MIN_TEXT_MATCH:
                old.update(i for i in by_text_before.get(text, ()) if out[i] is not None)
            for i in old:
                out[i] = None
            if old:
                replaced[f] = replaced.get(f, 0) + len(old)
            by_key[(rec["report"], rec["paragraph"], text)] = len(out)
            added.append(len(out))
            out.append(rec)
        for i in added:
            if out[i] is not None:
                by_text_before.setdefault(out[i]["text"], []).append(i)
    return [r for r in out if r is not None], replaced


def replaced_message(replaced: Dict[str, int]) -> Optional[str]:
    n = sum(replaced.values())
    if not n:
        return None
    return (f"{n} earlier record(s) of the same paragraph replaced by newer ones (same report and paragraph, or "
            "the same text in a later data path): " + ", ".join(f"{f}: {k}" for f, k in replaced.items()))


def load_data(paths: Sequence[Union[str, Path]], log: Optional[Callable[[str], None]] = None) -> List[Dict]:
    """Every record of the given paths; raises AnnotationError listing all problems.

    Paths are read in order, later ones newer: a paragraph that occurs again (an export
    that overlaps the existing annotations) is kept once, in its newest version, and
    `log` (default: stderr) says how many records were replaced.
    """
    groups, problems = [], []
    for p in paths:
        group = []
        for f in data_files([p]):
            try:
                group += [(str(f), r) for r in read_any(f)]
            except AnnotationError as e:
                problems += e.problems
        groups.append(group)
    if problems:
        raise AnnotationError(problems)
    records, replaced = merge_newer(groups)
    msg = replaced_message(replaced)
    if msg:
        (log or (lambda m: print(m, file=sys.stderr)))(msg)
    if not any(r["text"].strip() for r in records):
        raise InputError(Errors.E205.format(paths=", ".join(map(str, paths))))
    return records


def data_hash(records: List[Dict]) -> str:
    h = hashlib.sha256()
    for r in sorted(records, key=lambda r: (str(r["report"]), r["paragraph"])):
        h.update(json.dumps(r, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()
