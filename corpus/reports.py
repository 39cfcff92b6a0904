"""Documents: the five source reports and the pool excerpts; metadata, raw text, clean form.

A seed report's raw text is in ``corpus/raw/``; a pool excerpt's is read in place
from the pool folder (``corpus.pool``). Both load as a ``Report`` by id.
"""
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

from .clean import CleanText, clean
from .errors import Errors, InputError
from .io import read_text
from .pool import is_pool_id, load_sources
from .pool import raw_path as pool_raw_path
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
    source: str = "seed"          # seed | pool
    style: Optional[str] = None   # pool: report | digest | news | trad-repost

    @property
    def city(self) -> str:
        """The place of a report: the held-out unit of leave-one-city-out."""
        return self.place if self.source == "pool" else self.id.rsplit("-", 1)[0]

    @property
    def raw_path(self) -> Path:
        if self.source == "pool":
            return pool_raw_path(self.id)
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


def _pool_meta(doc_id: str) -> ReportMeta:
    m = load_sources()[doc_id] if doc_id in load_sources() else None
    if m is None:
        raise InputError(Errors.E011.format(found=doc_id, allowed="pool ids pool-p001 … (see SOURCES.tsv)"))
    script = "traditional" if m.style == "trad-repost" else "unknown"
    return ReportMeta(id=doc_id, place=m.place, admin_level=m.level, prefecture="",
                      province=m.province, report_year=m.report_year, review_years=None,
                      plan_years=None, script=script, source_file=m.file, sha256="",
                      notes=m.notes, source="pool", style=m.style)


def get_meta(report_id: str) -> ReportMeta:
    if is_pool_id(report_id):
        return _pool_meta(report_id)
    meta = load_metadata()
    if report_id not in meta:
        raise InputError(Errors.E011.format(found=report_id, allowed=", ".join(sorted(meta))))
    return meta[report_id]


SEED_STYLE = "report"


@lru_cache(maxsize=None)
def doc_groups(report_id: str) -> Dict[str, str]:
    """The groups a document is scored in: place, province, level and style.

    Seed reports are Jiangsu reports in the report style; a pool excerpt's groups come
    from SOURCES.tsv; any other id (a user's import) is its own place.
    """
    if is_pool_id(report_id):
        try:
            m = get_meta(report_id)
        except InputError:
            return {"place": report_id, "province": "unknown", "level": "unknown", "style": "unknown"}
        return {"place": m.place, "province": m.province, "level": m.admin_level, "style": m.style}
    meta = load_metadata().get(report_id)
    if meta is None:
        return {"place": report_id.rsplit("-", 1)[0], "province": "unknown", "level": "unknown",
                "style": "unknown"}
    level = {"county-level city": "county"}.get(meta.admin_level, meta.admin_level)
    return {"place": meta.city, "province": meta.province, "level": level, "style": SEED_STYLE}


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


def document_groups(records: List[Dict]) -> List[tuple]:
    """The records regrouped into documents, as (text, report year, records, offsets):
    a whole corpus document where all its records are paragraphs of its clean text, else
    each record on its own (text, None, [record], [0]). Documents in id order, records in
    paragraph order; the one grouping that training and evaluation both read."""
    meta = load_metadata()
    by: Dict[str, List[Dict]] = {}
    for r in records:
        by.setdefault(str(r["report"]), []).append(r)
    out = []
    for rid, recs in sorted(by.items()):
        recs = sorted(recs, key=lambda r: r["paragraph"])
        if rid in meta or is_pool_id(rid):
            rep = load_report(rid)
            if all(rep.text[r["start"]:r["end"]] == r["text"] for r in recs):
                out.append((rep.text, rep.meta.report_year, recs, [r["start"] for r in recs]))
                continue
        out += [(r["text"], None, [r], [0]) for r in recs]
    return out


def city_of(rec: Dict) -> str:
    """The place of an annotation record: given, a pool excerpt's place, or the seed id's city part."""
    if rec.get("city"):
        return rec["city"]
    return doc_groups(str(rec["report"]))["place"]
