"""Training data from folders and files in any supported format, validated first."""
import hashlib
import json
from pathlib import Path
from typing import Dict, List, Sequence, Union

from zh_indicators.corpus.errors import AnnotationError, Errors, InputError
from zh_indicators.corpus.interop import read_any


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


def load_data(paths: Sequence[Union[str, Path]]) -> List[Dict]:
    """Every record of the given paths; raises AnnotationError listing all problems."""
    records, problems = [], []
    for f in data_files(paths):
        try:
            records += read_any(f)
        except AnnotationError as e:
            problems += e.problems
    if problems:
        raise AnnotationError(problems)
    if not any(r["text"].strip() for r in records):
        raise InputError(Errors.E205.format(paths=", ".join(map(str, paths))))
    return records


def data_hash(records: List[Dict]) -> str:
    h = hashlib.sha256()
    for r in sorted(records, key=lambda r: (str(r["report"]), r["paragraph"])):
        h.update(json.dumps(r, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()
