"""How annotation records are stored: seed records carry their paragraph text, pool
records do not.

A pool record (``report: pool-p001``) holds the source file name, the sha256 of the
document's clean text it was annotated on, the paragraph offsets, the entities with
their span texts, relations, attributes and review. ``hydrate`` fills in the
paragraph text from the pool folder and refuses, naming the file, when the clean
text no longer has the recorded hash; ``dehydrate`` strips the text before writing.
"""
from functools import lru_cache
from typing import Dict, Optional

from .errors import Errors, InputError
from .pool import is_pool_id, pool_available, pool_dir, text_sha256

POOL_FIELDS = ("source_file", "text_sha256")


class PoolAbsent(Exception):
    """A pool record was read while the pool folder is absent (callers skip it)."""


@lru_cache(maxsize=None)
def _pool_text(doc_id: str):
    from .reports import load_report

    rep = load_report(doc_id)
    return rep.text, text_sha256(rep.text), rep.paragraphs, str(rep.meta.raw_path)


def is_stored_pool_record(rec: Dict) -> bool:
    return is_pool_id(rec.get("report")) and "text" not in rec


def hydrate(rec: Dict, where: str = "<record>") -> Dict:
    """The record with its paragraph text, read from the pool (seed records pass through).

    Raises PoolAbsent when the pool folder is missing, InputError when the clean text
    differs from the one the record was annotated on.
    """
    if not is_stored_pool_record(rec):
        return rec
    if not pool_available():
        raise PoolAbsent(pool_dir())
    doc = rec["report"]
    text, digest, paras, path = _pool_text(doc)
    if rec.get("text_sha256") != digest:
        raise InputError(Errors.E151.format(path=path, doc=doc, found=digest[:12],
                                            expected=str(rec.get("text_sha256"))[:12]))
    i = rec.get("paragraph")
    if not isinstance(i, int) or not 0 <= i < len(paras):
        raise InputError(Errors.E152.format(path=where, line="", doc=doc, index=i,
                                            problem=f"paragraph index outside 0-{len(paras) - 1}"))
    p = paras[i]
    if (rec.get("start"), rec.get("end")) != (p.start, p.end):
        raise InputError(Errors.E152.format(path=where, line="", doc=doc, index=i,
                                            problem=f"offsets {rec.get('start')}-{rec.get('end')}, "
                                                    f"clean text has {p.start}-{p.end}"))
    out = dict(rec)
    out["text"] = p.text
    return out


def dehydrate(rec: Dict) -> Dict:
    """The record as stored: pool records lose their text and gain its hash."""
    if not is_pool_id(rec.get("report")):
        return rec
    _, digest, _, path = _pool_text(rec["report"])
    out = {k: v for k, v in rec.items() if k != "text"}
    out["source_file"] = path.rsplit("/", 1)[-1]
    out["text_sha256"] = digest
    return out


def pool_skip_message(n: int) -> Optional[str]:
    if not n:
        return None
    return (f"skipped {n} pool record(s): pool folder {pool_dir()} is absent "
            f"(set $ZH_INDICATORS_POOL or place ../shared/pool beside the repository)")
