"""The pool of report excerpts from 29 provinces (`../shared/pool/`), read in place.

The pool is third-party web text: it is never copied into the repository. A pool
document has the id ``pool-<stem>`` (``pool-p001``); its annotation records carry
the file name, the sha256 of the clean text they were made on, offsets and span
texts, and get their paragraph text from the pool folder when loaded.

The folder is, in order: the ``folder`` argument, ``$ZH_INDICATORS_POOL``, or
``../shared/pool`` beside the repository. Whatever needs the pool asks
``pool_available()`` first and skips cleanly when it is absent.
"""
import csv
import hashlib
import io
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

from .errors import Errors, InputError
from .io import read_text

POOL_PREFIX = "pool-"
POOL_ENV = "ZH_INDICATORS_POOL"
DEFAULT_POOL = Path(__file__).resolve().parent.parent.parent / "shared" / "pool"
SOURCES = "SOURCES.tsv"
STYLES = ("report", "digest", "news", "trad-repost")
LEVELS = ("province", "city", "county", "district")
_COLUMNS = ("file", "url", "place", "province", "level", "report_year_guess", "style", "notes")


def pool_dir(folder: Optional[os.PathLike] = None) -> Path:
    if folder is not None:
        return Path(folder)
    env = os.environ.get(POOL_ENV)
    return Path(env) if env else DEFAULT_POOL


def pool_available(folder: Optional[os.PathLike] = None) -> bool:
    return (pool_dir(folder) / SOURCES).is_file()


def is_pool_id(doc_id: str) -> bool:
    return isinstance(doc_id, str) and doc_id.startswith(POOL_PREFIX)


def pool_id(file_name: str) -> str:
    return POOL_PREFIX + Path(file_name).stem


@dataclass(frozen=True)
class PoolMeta:
    id: str
    file: str
    url: str
    place: str
    province: str
    level: str
    report_year: int
    style: str
    notes: str


@lru_cache(maxsize=4)
def _load_sources(folder: Path) -> Dict[str, PoolMeta]:
    path = folder / SOURCES
    if not path.is_file():
        raise InputError(Errors.E150.format(path=folder, env=POOL_ENV))
    rows = list(csv.reader(io.StringIO(read_text(path)), delimiter="\t"))
    if not rows or tuple(rows[0][:len(_COLUMNS)]) != _COLUMNS:
        raise InputError(Errors.E010.format(path=path, line=1, problem=f"header must start with {list(_COLUMNS)}"))
    out = {}
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        if len(row) < len(_COLUMNS):
            raise InputError(Errors.E010.format(path=path, line=lineno,
                                                problem=f"found {len(row)} columns, expected {len(_COLUMNS)}"))
        rec = dict(zip(_COLUMNS, row))
        problems = []
        if rec["style"] not in STYLES:
            problems.append(f"style {rec['style']!r} not in {STYLES}")
        if rec["level"] not in LEVELS:
            problems.append(f"level {rec['level']!r} not in {LEVELS}")
        if not rec["report_year_guess"].isdigit():
            problems.append(f"report_year_guess {rec['report_year_guess']!r} is not a year")
        if problems:
            raise InputError(Errors.E010.format(path=path, line=lineno, problem="; ".join(problems)))
        doc_id = pool_id(rec["file"])
        out[doc_id] = PoolMeta(id=doc_id, file=rec["file"], url=rec["url"], place=rec["place"],
                               province=rec["province"], level=rec["level"],
                               report_year=int(rec["report_year_guess"]), style=rec["style"],
                               notes=rec["notes"])
    return out


def load_sources(folder: Optional[os.PathLike] = None) -> Dict[str, PoolMeta]:
    """Pool metadata by document id (``pool-p001``), from SOURCES.tsv."""
    return _load_sources(pool_dir(folder).resolve())


def pool_ids(folder: Optional[os.PathLike] = None) -> List[str]:
    return sorted(load_sources(folder))


def raw_path(doc_id: str, folder: Optional[os.PathLike] = None) -> Path:
    meta = load_sources(folder)
    if doc_id not in meta:
        raise InputError(Errors.E011.format(found=doc_id, allowed=f"pool ids {POOL_PREFIX}p001…"))
    return pool_dir(folder) / meta[doc_id].file


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
