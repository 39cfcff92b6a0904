"""The gold part of every paragraph (GUIDELINES §10): review, five-year review, outlook,
plan, glossary, page furniture or frame, as a reader takes it.

`annotations/parts.tsv` holds one row per paragraph: document, paragraph number, the
sha256 of the paragraph's clean text (a row applies only to the text it was made on),
the part, and how it was decided (agreed by both annotators, or adjudicated). The two
independent annotations and the decisions it is built from are in `annotations/parts/`.
The learned part label (`extractors/parts.py`) is trained on it.
"""
import csv
import hashlib
import io
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from .errors import Errors, InputError
from .io import read_text, write_atomic

PARTS_GOLD = Path(__file__).resolve().parent / "annotations" / "parts.tsv"
PARAGRAPH_PARTS = ("review", "five_year", "outlook", "plan", "glossary", "furniture", "frame")
DECISIONS = ("agreed", "adjudicated")
HEADER = ("report", "paragraph", "text_sha256", "part", "adjudication")


def paragraph_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_parts(path: Path = PARTS_GOLD) -> Dict[Tuple[str, int], Tuple[str, str]]:
    """(report, paragraph) -> (text sha256, part); {} when the file is absent."""
    path = Path(path)
    if not path.exists():
        return {}
    rows = list(csv.reader(io.StringIO(read_text(path)), delimiter="\t"))
    if not rows or tuple(rows[0]) != HEADER:
        raise InputError(Errors.E156.format(path=path, line=1, problem=f"found header {rows[0] if rows else []}, "
                                            f"allowed {list(HEADER)}"))
    out: Dict[Tuple[str, int], Tuple[str, str]] = {}
    for lineno, r in enumerate(rows[1:], start=2):
        if not r:
            continue
        problem = None
        if len(r) != len(HEADER):
            problem = f"found {len(r)} columns, allowed {len(HEADER)}"
        elif not r[1].isdigit():
            problem = f"paragraph {r[1]!r} is not a number"
        elif len(r[2]) != 64:
            problem = f"text_sha256 {r[2]!r} is not a sha256"
        elif r[3] not in PARAGRAPH_PARTS:
            problem = f"part {r[3]!r}, allowed {list(PARAGRAPH_PARTS)}"
        elif r[4] not in DECISIONS:
            problem = f"adjudication {r[4]!r}, allowed {list(DECISIONS)}"
        elif (r[0], int(r[1])) in out:
            problem = f"{r[0]} paragraph {r[1]} found twice, allowed once"
        if problem:
            raise InputError(Errors.E156.format(path=path, line=lineno, problem=problem))
        out[(r[0], int(r[1]))] = (r[2], r[3])
    return out


def part_of(rec: Dict, parts: Dict[Tuple[str, int], Tuple[str, str]]) -> Optional[str]:
    """The gold part of a paragraph record, if the layer has one for this very text."""
    got = parts.get((str(rec["report"]), int(rec["paragraph"])))
    return got[1] if got and got[0] == paragraph_sha(rec["text"]) else None


def write_parts(path: Path, rows: List[Tuple[str, int, str, str, str]]) -> None:
    """Rows (report, paragraph, sha256, part, adjudication), written at once, sorted."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(HEADER)
    for r in sorted(rows, key=lambda r: (r[0], int(r[1]))):
        w.writerow(r)
    write_atomic(path, buf.getvalue())


def read_labels(path: Path) -> Dict[Tuple[str, int], str]:
    """One annotator's (or the adjudicator's) labels: `doc<TAB>paragraph<TAB>part[<TAB>note]`."""
    out: Dict[Tuple[str, int], str] = {}
    for lineno, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        r = line.split("\t")
        if len(r) < 3 or not r[1].strip().isdigit() or r[2].strip() not in PARAGRAPH_PARTS:
            raise InputError(Errors.E156.format(path=path, line=lineno, problem=f"found {line[:60]!r}, allowed "
                                                f"doc, paragraph number, one of {list(PARAGRAPH_PARTS)}"))
        key = (r[0].strip(), int(r[1]))
        if key in out:
            raise InputError(Errors.E156.format(path=path, line=lineno, problem=f"{key[0]} paragraph {key[1]} "
                                                "found twice, allowed once"))
        out[key] = r[2].strip()
    return out


def adjudicate(records: List[Dict], a: Dict[Tuple[str, int], str], b: Dict[Tuple[str, int], str],
               decisions: Dict[Tuple[str, int], str]) -> List[Tuple[str, int, str, str, str]]:
    """The gold rows of `records` from two independent annotations: where they agree the
    label is taken, every other paragraph needs a decision (an error lists those that lack
    one, and nothing is written). Paragraphs neither annotator labelled are left out."""
    rows, missing = [], []
    for rec in records:
        key = (str(rec["report"]), int(rec["paragraph"]))
        la, lb = a.get(key), b.get(key)
        if la is None and lb is None:
            continue
        if la == lb and key not in decisions:
            rows.append((key[0], key[1], paragraph_sha(rec["text"]), la, "agreed"))
        elif key in decisions:
            rows.append((key[0], key[1], paragraph_sha(rec["text"]), decisions[key], "adjudicated"))
        else:
            missing.append(f"{key[0]} {key[1]} (A {la}, B {lb})")
    if missing:
        raise InputError(Errors.E156.format(path="decisions", line=0, problem=f"{len(missing)} disagreement(s) "
                                            f"without a decision: " + "; ".join(missing[:10])))
    return rows


LAYER_DIR = PARTS_GOLD.parent / "parts"  # the two annotations and the adjudicator's decisions


def build(records: List[Dict], layer_dir: Path = LAYER_DIR, out: Path = PARTS_GOLD) -> List[Tuple[str, int, str, str, str]]:
    """parts.tsv from `layer_dir`'s A.tsv, B.tsv (the two independent annotations) and
    decisions.tsv (the adjudicator's part for each disagreement, with a reason); nothing
    is written unless every disagreement has a decision."""
    a, b = read_labels(layer_dir / "A.tsv"), read_labels(layer_dir / "B.tsv")
    decisions = read_labels(layer_dir / "decisions.tsv")
    rows = adjudicate(records, a, b, decisions)
    write_parts(out, rows)
    return rows


def agreement(a: Dict[Tuple[str, int], str], b: Dict[Tuple[str, int], str]) -> Dict[str, float]:
    """Raw agreement and Cohen's kappa of two annotations over the paragraphs both labelled."""
    from collections import Counter

    keys = sorted(set(a) & set(b))
    if not keys:
        return {"paragraphs": 0, "agreement": 0.0, "kappa": 0.0}
    po = sum(a[k] == b[k] for k in keys) / len(keys)
    ca, cb = Counter(a[k] for k in keys), Counter(b[k] for k in keys)
    pe = sum(ca[p] * cb[p] for p in PARAGRAPH_PARTS) / len(keys) ** 2
    return {"paragraphs": len(keys), "agreement": round(po, 3), "kappa": round((po - pe) / (1 - pe), 3) if pe < 1 else 1.0}


def main(argv=None) -> int:
    """`python -m zh_indicators.corpus.parts`: rebuild parts.tsv from the two annotations and
    the decisions, and print their agreement."""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    ap.add_argument("--layer", type=Path, default=LAYER_DIR)
    ap.add_argument("--output", type=Path, default=PARTS_GOLD)
    args = ap.parse_args(argv)
    from .annotate import load_all_annotations

    records = [r for recs in load_all_annotations().values() for r in recs]
    rows = build(records, args.layer, args.output)
    a, b = read_labels(args.layer / "A.tsv"), read_labels(args.layer / "B.tsv")
    print(f"{len(rows)} paragraphs ({sum(r[4] == 'adjudicated' for r in rows)} adjudicated) -> {args.output}; "
          f"A/B {agreement(a, b)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
