"""The five source reports: metadata, raw text, and their cleaned form."""
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

from .clean import CleanText, clean
from .errors import Errors, InputError
from .io import read_text
from .segment import Segment, paragraphs, sentences

CORPUS_DIR = Path(__file__).resolve().parent
RAW_DIR = CORPUS_DIR / "raw"
ANNOTATIONS_DIR = CORPUS_DIR / "annotations"
METADATA = RAW_DIR / "metadata.jsonl"

_REQUIRED = ("id", "place", "admin_level", "prefecture", "province", "report_year",
             "review_years", "plan_years", "script", "source_file", "sha256")


@dataclass(frozen=True)
class ReportMeta:
    id: str
    place: str
    admin_level: str
    prefecture: str
    province: str
    report_year: int
    review_years: Optional[str]
    plan_years: Optional[str]
    script: str
    source_file: str
    sha256: str
    delivered: Optional[str] = None
    five_year_review: Optional[str] = None
    outlook_years: Optional[str] = None
    notes: Optional[str] = None

    @property
    def city(self) -> str:
        """The held-out unit of the benchmark: one place per report."""
        return self.id.rsplit("-", 1)[0]

    @property
    def raw_path(self) -> Path:
        return RAW_DIR / f"{self.id}.txt"


@lru_cache(maxsize=None)
def load_metadata(path: Path = METADATA) -> Dict[str, ReportMeta]:
    out = {}
    for lineno, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(Errors.E010.format(path=path, line=lineno, problem=e)) from None
        missing = [k for k in _REQUIRED if k not in rec]
        if missing:
            raise InputError(Errors.E010.format(path=path, line=lineno, problem=f"missing {missing}"))
        out[rec["id"]] = ReportMeta(**rec)
    return out


def report_ids() -> List[str]:
    return sorted(load_metadata())


def get_meta(report_id: str) -> ReportMeta:
    meta = load_metadata()
    if report_id not in meta:
        raise InputError(Errors.E011.format(found=report_id, allowed=", ".join(sorted(meta))))
    return meta[report_id]


@dataclass
class Report:
    meta: ReportMeta
    cleaned: CleanText
    raw_sha256: str

    @property
    def text(self) -> str:
        return self.cleaned.text

    @property
    def paragraphs(self) -> List[Segment]:
        return paragraphs(self.cleaned.text)

    @property
    def sentences(self) -> List[Segment]:
        return sentences(self.cleaned.text)


@lru_cache(maxsize=None)
def load_report(report_id: str) -> Report:
    """Read, check and clean one corpus report (cached per process)."""
    meta = get_meta(report_id)
    data = meta.raw_path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    return Report(meta=meta, cleaned=clean(read_text(meta.raw_path)), raw_sha256=digest)
