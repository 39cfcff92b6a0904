"""The hand mapping of every distinct gold INDICATOR string to a catalogue id (or NONE).

Two annotators mapped each string independently (`double/indicator_ids.A.tsv`, `.B.tsv`);
`indicator_ids.tsv` is the adjudicated mapping, its `adjudication` column saying whether
they agreed or whose id was kept. It is the reference of the names benchmark and the
memory the indicator matcher learns from (`extractors.indicators`).
"""
import csv
import io
from pathlib import Path
from typing import Dict, Optional

from .errors import Errors, InputError
from .io import read_text

INDICATOR_GOLD = Path(__file__).resolve().parent / "indicator_ids.tsv"
HEADER = ("string", "id", "adjudication")


def load_indicator_gold(path: Path = INDICATOR_GOLD) -> Dict[str, Optional[str]]:
    """Catalogue id (None for NONE) of every hand-mapped INDICATOR string."""
    rows = list(csv.reader(io.StringIO(read_text(path)), delimiter="\t"))
    if not rows or tuple(rows[0][:2]) != HEADER[:2]:
        raise InputError(Errors.E154.format(path=str(path), line=1, problem=f"header must start with {list(HEADER[:2])}"))
    out: Dict[str, Optional[str]] = {}
    for lineno, r in enumerate(rows[1:], start=2):
        if not r:
            continue
        if len(r) < 2 or not r[0] or not r[1]:
            raise InputError(Errors.E154.format(path=str(path), line=lineno, problem="a string and an id (or NONE) are required"))
        out[r[0]] = None if r[1] == "NONE" else r[1]
    return out
