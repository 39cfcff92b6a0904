"""Moving annotations between the JSONL store and the review markup."""
import json
from pathlib import Path
from typing import Dict, List, Optional, Union

from .errors import AnnotationError, Errors, InputError
from .io import read_text, write_atomic
from .markup import parse_file, render_paragraph
from .reports import ANNOTATIONS_DIR, load_report
from .store import PoolAbsent, dehydrate, hydrate
from .validate import check_record, iter_jsonl


def blank_records(report_id: str) -> List[Dict]:
    rep = load_report(report_id)
    return [{"report": report_id, "paragraph": i, "start": p.start, "end": p.end, "text": p.text,
             "entities": [], "relations": [], "attributes": {}, "review": "pre"}
            for i, p in enumerate(rep.paragraphs)]


def markup_to_records(report_id: str, content: str, where: str = "<markup>") -> List[Dict]:
    """Convert a report's markup file to records; refuse any text mismatch or scheme error."""
    paras = load_report(report_id).paragraphs
    records, problems = [], []
    for b in parse_file(content, where=where):
        i = b["index"]
        if not 0 <= i < len(paras):
            raise InputError(Errors.E131.format(where=f"{where} p={i}", pos=0,
                                                problem=f"paragraph index out of range 0-{len(paras) - 1}"))
        expected = paras[i].text
        if b["text"] != expected:
            pos = next((k for k, (x, y) in enumerate(zip(b["text"], expected)) if x != y),
                       min(len(b["text"]), len(expected)))
            raise InputError(Errors.E130.format(where=f"{where} p={i}", pos=pos,
                                                found=b["text"][pos:pos + 15], expected=expected[pos:pos + 15]))
        rec = {"report": report_id, "paragraph": i, "start": paras[i].start, "end": paras[i].end,
               "text": expected, "entities": b["entities"], "relations": b["relations"],
               "attributes": b["attributes"], "review": b["review"]}
        problems += [f"{where} p={i}: {p}" for p in check_record(rec)]
        records.append(rec)
    if problems:
        raise AnnotationError(problems)
    return records


def records_to_markup(records: List[Dict]) -> str:
    out = []
    for r in sorted(records, key=lambda r: r["paragraph"]):
        out.append(f"### p={r['paragraph']} review={r['review']}")
        out.append(render_paragraph(r["text"], r["entities"], r["relations"], r["attributes"]))
        out.append("")
    return "\n".join(out)


def load_records(path: Union[str, Path], skip_absent_pool: bool = True) -> List[Dict]:
    """Records of one JSONL file, pool records with their text from the pool folder.

    Pool records are skipped when the pool folder is absent (``skip_absent_pool``).
    """
    recs = []
    for lineno, rec in iter_jsonl(Path(path)):
        if isinstance(rec, str):
            raise AnnotationError([f"{path}:{lineno}: {rec}"])
        try:
            recs.append(hydrate(rec, where=f"{path}:{lineno}"))
        except PoolAbsent:
            if not skip_absent_pool:
                raise
    return recs


def write_records(path: Union[str, Path], records: List[Dict], overwrite: bool = False) -> None:
    path = Path(path)
    if path.exists() and not overwrite:
        raise InputError(Errors.E141.format(path=path))
    write_atomic(path, "".join(json.dumps(dehydrate(r), ensure_ascii=False) + "\n" for r in records))


def annotation_path(report_id: str, folder: Optional[Path] = None) -> Path:
    """Seed reports at the top of the annotations folder, pool excerpts in pool/."""
    from .pool import is_pool_id

    folder = folder or ANNOTATIONS_DIR
    return (folder / "pool" if is_pool_id(report_id) else folder) / f"{report_id}.jsonl"


def check_markup_file(report_id: str, path: Union[str, Path]) -> List[Dict]:
    return markup_to_records(report_id, read_text(path), where=str(path))


def load_all_annotations(folder: Optional[Path] = None) -> Dict[str, List[Dict]]:
    """Records per report id from every .jsonl file in the annotations folder."""
    folder = folder or ANNOTATIONS_DIR
    out: Dict[str, List[Dict]] = {}
    for path in sorted(Path(folder).rglob("*.jsonl")):
        for rec in load_records(path):
            out.setdefault(rec["report"], []).append(rec)
    return out
