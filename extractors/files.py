"""Report files to fact rows: listing, per-file metadata, and one file's rows.

The single-process `extract` command and the Dask workers (`distributed.py`) both go
through `extract_file`, so the two paths give the same rows.
"""
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple, Union

from zh_indicators.corpus.errors import Errors, InputError
from zh_indicators.corpus.io import decode_bytes, read_bytes, read_text

META_COLUMNS = ("place", "province", "prefecture", "level", "report_year")
REPORT_SUFFIXES = (".txt", ".md", "")


def collect_files(paths: Iterable[Union[str, Path]]) -> Tuple[List[Path], List[Tuple[Path, str]]]:
    """(report files, [(skipped path, why)]) of files and folders.

    Folders are read recursively for .txt, .md and extension-less files; hidden files and
    folders (.DS_Store, .git) and other extensions are skipped. A path named directly is
    always read (a missing one gets its per-file error).
    """
    out, skipped = [], []
    for p in map(Path, paths):
        if not p.is_dir():
            out.append(p)
            continue
        for x in sorted(p.rglob("*")):
            rel = x.relative_to(p)
            if any(part.startswith(".") for part in rel.parts):
                if not any(part.startswith(".") for part in rel.parts[:-1]):  # list a hidden folder once
                    skipped.append((x, "hidden folder" if x.is_dir() else "hidden file"))
            elif x.is_dir():
                continue
            elif not (x.is_file() or x.is_symlink()):
                skipped.append((x, "not a regular file"))
            elif x.suffix.lower() not in REPORT_SUFFIXES:
                skipped.append((x, f"extension {x.suffix} (reads .txt, .md and files without one)"))
            else:
                # broken links are listed too: they get a per-file error instead of vanishing
                out.append(x)
    return out, skipped


def iter_files(paths: Iterable[Union[str, Path]]) -> List[Path]:
    """The report files of files and folders (see collect_files)."""
    return collect_files(paths)[0]


def no_input_error(paths: Iterable, skipped: List[Tuple[Path, str]]) -> InputError:
    """The error of a run that found no report file to read."""
    return InputError(Errors.E031.format(paths=", ".join(map(str, paths)),
                                         skipped=(f"{len(skipped)} {'entry' if len(skipped) == 1 else 'entries'} skipped"
                                                  if skipped else "they are empty")))


def read_metadata(path) -> Dict[str, Dict]:
    """Per-file metadata from a CSV/TSV file (file, place, report_year, province, …), by file name.

    Errors name the file, the line and the problem; nothing is guessed.
    """
    import csv
    import io

    text = read_text(path)
    dialect = "excel-tab" if str(path).endswith(".tsv") or "\t" in text.splitlines()[0] else "excel"
    rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    if not rows or "file" not in rows[0]:
        raise InputError(Errors.E010.format(path=path, line=1, problem="needs a header with a 'file' column "
                                            f"(and {', '.join(META_COLUMNS)})"))
    out = {}
    for lineno, row in enumerate(rows, start=2):
        y = (row.get("report_year") or "").strip()
        if y and not (y.isdigit() and 1949 <= int(y) <= 2100):
            raise InputError(Errors.E010.format(path=path, line=lineno,
                                                problem=f"report_year {y!r} is not a year (1949-2100)"))
        rec = {k: (row.get(k) or "").strip() or None for k in META_COLUMNS}
        rec["report_year"] = int(y) if y else None
        out[Path(row["file"].strip()).name] = rec
    return out


def file_metadata(path: Path, user: Optional[Dict[str, Dict]]) -> Dict:
    """Metadata of one file: the user's file first, else the corpus metadata of a shipped report."""
    from zh_indicators.corpus.reports import doc_groups, load_metadata

    if user and path.name in user:
        return user[path.name]
    meta = load_metadata().get(path.stem)
    if meta is not None:
        g = doc_groups(meta.id)
        return {"place": meta.place, "province": meta.province, "prefecture": meta.prefecture,
                "level": g["level"], "report_year": meta.report_year}
    return {}


def with_place(files: Iterable[Path], place: str, user: Optional[Dict[str, Dict]] = None) -> Dict[str, Dict]:
    """Per-file metadata with `place` as every file's place (`--place`); the rest of each
    file's metadata (its report year) is kept, and the place's province, prefecture and
    level come from the gazetteer rather than from the place it replaces."""
    out = dict(user or {})
    for f in files:
        out[Path(f).name] = {**file_metadata(Path(f), user), "place": place, "province": None,
                             "prefecture": None, "level": None}
    return out


def error_message(path: Union[str, Path], exc: BaseException) -> str:
    """One line per failed file, naming it once."""
    return str(exc) if str(path) in str(exc) else f"{path}: {exc}"


def extract_file(path: Union[str, Path], nlp, *, clean: bool = False, report_year: Optional[int] = None,
                 encoding: str = "auto", metadata: Optional[Dict[str, Dict]] = None,
                 data: Optional[bytes] = None) -> Tuple[List[Dict], List[str]]:
    """The fact rows of one report file and its warnings; (rows, warnings).

    The report year is `report_year` when given, else the file's metadata's; a text
    whose own meeting line or title says another year gets a warning (the 昆山 case).
    data (bytes): the file's content when the caller has read it already (to hash it).
    Raises ZhIndicatorsError (or OSError) for a file that cannot be used.
    """
    from zh_indicators.extractors.context import infer_report_year_with_source, plan_year_of
    from zh_indicators.extractors.facts import place_columns
    from zh_indicators.extractors.pipeline import annotate, clean_and_extract
    from zh_indicators.extractors.places import detect_place

    f = Path(path)
    text = decode_bytes(read_bytes(f) if data is None else data, path=f, encoding=encoding)
    meta = file_metadata(f, metadata)
    year = report_year if report_year is not None else meta.get("report_year")
    doc = clean_and_extract(text, nlp=nlp, report_year=year) if clean else annotate(nlp, text, year)
    warnings = []
    written, source = infer_report_year_with_source(doc.text)
    # a December delivery given the year it plans for (2016年12月…会议, 2017) agrees with its text
    if year is not None and written is not None and year not in (written, plan_year_of(doc.text, written)) \
            and source != "heading":
        warnings.append(f"{f}: report year {year} given, but the text's {source} says {written}; "
                        f"periods follow the given year")
    place = place_columns(detect_place(doc.text, meta if meta.get("place") else None))
    rows = []
    for fact in doc._.facts:
        row = {"file": str(f), **place, **fact.to_dict()}
        if clean:
            # every offset of the row points into the file as given, the indicator's too
            row["start"], row["end"] = fact.raw_start, fact.raw_end
            if fact.indicator_start is not None:
                row["indicator_start"] = doc._.raw_offsets[fact.indicator_start]
                row["indicator_end"] = doc._.raw_offsets[fact.indicator_end - 1] + 1
        row.pop("raw_start", None)
        row.pop("raw_end", None)
        rows.append(row)
    return rows, warnings
