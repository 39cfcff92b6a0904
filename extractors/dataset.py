"""The fact dataset of a corpus run: Parquet parts, a manifest of files done, an errors table.

    OUT/dataset.json                  format version, columns, the options the facts depend on
    OUT/facts/part-KEY.parquet        the facts of one partition of files (OUTPUT_COLUMNS, one schema)
    OUT/manifest/part-KEY.parquet     one row per file done: file, sha256, facts, bytes, seconds, ...
    OUT/errors/part-KEY.parquet       one row per file that failed: file, sha256, error, error_type, ...

Every file is written to a temporary name and renamed. A partition's manifest fragment is
written only after its part is durable, so a file is done exactly when the manifest says
so: a worker killed in between leaves a part without a fragment (an orphan), which readers
ignore and the next run deletes. `facts/` alone is a plain Parquet dataset
(`pd.read_parquet(OUT / "facts")`, `dask.dataframe.read_parquet`) once a run has finished.
"""
import hashlib
import io
import json
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Union

from zh_indicators.corpus.errors import Errors, InputError
from zh_indicators.corpus.io import write_atomic

from .facts import COLUMN_TYPES, OUTPUT_COLUMNS

FORMAT = "zh-indicators-facts"
VERSION = 1
MARKER = "dataset.json"
FACTS, MANIFEST, ERRORS = "facts", "manifest", "errors"
MANIFEST_COLUMNS = {"file": "string", "sha256": "string", "facts": "int64", "bytes": "int64", "seconds": "float64",
                    "part": "string", "run": "int64", "worker": "string", "warnings": "string"}
ERROR_COLUMNS = {"file": "string", "sha256": "string", "error": "string", "error_type": "string",
                 "part": "string", "run": "int64", "worker": "string"}
PathLike = Union[str, Path]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: PathLike) -> Optional[str]:
    """The file's content hash, read in chunks; None for a file that cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _schema(types: Dict[str, str]):
    import pyarrow as pa

    kinds = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    return pa.schema([(c, kinds[t]) for c, t in types.items()])


def facts_schema():
    """The one Arrow schema of every facts part (COLUMN_TYPES)."""
    return _schema(COLUMN_TYPES)


def _table(rows: Sequence[Dict], types: Dict[str, str]):
    import pyarrow as pa

    return pa.Table.from_pylist(list(rows), schema=_schema(types))


def facts_table(rows: Sequence[Dict]):
    """An Arrow table of fact rows (extract's dicts) in the dataset's schema; other keys are dropped."""
    return _table(rows, COLUMN_TYPES)


def write_table(path: PathLike, table) -> None:
    """A Parquet file written atomically (temporary file, fsync, rename)."""
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(table, buf)
    write_atomic(path, buf.getvalue())


def is_dataset(path: PathLike) -> bool:
    return (Path(path) / MARKER).is_file()


def open_dataset(path: PathLike, options: Dict) -> Path:
    """Create the dataset folder, or check that an existing one was made with the same options.

    A dataset holds the facts of one setting; until a file is done the options may still change
    (a first run that failed on a wrong --model).
    """
    out = Path(path)
    marker = out / MARKER
    if marker.is_file():
        found = json.loads(marker.read_text(encoding="utf-8")).get("options", {})
        started = any((out / MANIFEST).glob("part-*.parquet"))
        for key, asked in options.items():
            if found.get(key) != asked and started:
                raise InputError(Errors.E302.format(path=out, key=key, found=found.get(key), asked=asked))
        if found == options or started:
            return out
    elif out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(Errors.E301.format(path=out))
    for sub in (FACTS, MANIFEST, ERRORS):
        (out / sub).mkdir(parents=True, exist_ok=True)
    write_atomic(marker, json.dumps({"format": FORMAT, "version": VERSION, "columns": list(OUTPUT_COLUMNS),
                                     "options": options}, indent=1, ensure_ascii=False))
    return out


def write_partition(out: PathLike, part: str, rows: Sequence[Dict], done: Sequence[Dict],
                    failed: Sequence[Dict]) -> None:
    """One partition's results, in the order that keeps the manifest truthful: part, errors, manifest."""
    out = Path(out)
    if done:
        write_table(out / FACTS / part, facts_table(rows))
    if failed:
        write_table(out / ERRORS / part, _table(failed, ERROR_COLUMNS))
    if done:
        write_table(out / MANIFEST / part, _table(done, MANIFEST_COLUMNS))


def _read_folder(folder: Path, types: Dict[str, str]):
    import pandas as pd
    import pyarrow.parquet as pq

    frames = [pq.read_table(p, schema=_schema(types)).to_pandas() for p in sorted(folder.glob("part-*.parquet"))]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in types})
    return pd.concat(frames, ignore_index=True)


def _check(path: PathLike) -> Path:
    out = Path(path)
    if not is_dataset(out):
        raise InputError(Errors.E305.format(path=out))
    return out


def read_manifest(path: PathLike):
    """The files done: one row per file, its latest run's (fragments whose part exists)."""
    out = _check(path)
    m = _read_folder(out / MANIFEST, MANIFEST_COLUMNS)
    if m.empty:
        return m
    m = m[m["part"].map(lambda p: (out / FACTS / p).is_file())]
    return m.sort_values("run", kind="stable").drop_duplicates("file", keep="last").reset_index(drop=True)


def read_errors(path: PathLike):
    """The files that failed and are not done since: one row per file, the latest error."""
    out = _check(path)
    e = _read_folder(out / ERRORS, ERROR_COLUMNS)
    if e.empty:
        return e
    done = set(read_manifest(out)["file"])
    e = e.sort_values("run", kind="stable").drop_duplicates("file", keep="last")
    return e[~e["file"].isin(done)].reset_index(drop=True)


def iter_facts(path: PathLike, columns: Optional[List[str]] = None) -> Iterator:
    """The facts part by part (DataFrames), only rows of files the manifest has done from that part."""
    import pyarrow.parquet as pq

    out = _check(path)
    manifest = read_manifest(out)
    cols = list(columns) if columns else list(OUTPUT_COLUMNS)
    read = cols if "file" in cols else ["file"] + cols
    for part, files in manifest.groupby("part", sort=True)["file"]:
        df = pq.read_table(out / FACTS / part, columns=read, schema=facts_schema()).to_pandas()
        yield df[df["file"].isin(set(files))][cols]


def read_facts(path: PathLike, columns: Optional[List[str]] = None):
    """The whole fact table of a dataset, rows sorted by file and offset (as `extract` writes them)."""
    import pandas as pd

    frames = list(iter_facts(path, columns))
    cols = list(columns) if columns else list(OUTPUT_COLUMNS)
    if not frames:
        return pd.DataFrame(columns=cols)
    df = pd.concat(frames, ignore_index=True)
    by = [c for c in ("file", "start") if c in df.columns]
    return df.sort_values(by, kind="stable").reset_index(drop=True) if by else df


def prune(path: PathLike, current: Dict[str, Optional[str]]) -> Dict[str, int]:
    """Make the folder consistent before a run; how many orphans, stale entries and temp files went.

    Orphans: parts without a manifest fragment (their worker died before the fragment).
    Stale: manifest entries of files given again whose content hash changed; the fragment is
    rewritten first (the file is then not done), then the part without its rows.
    """
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    out = _check(path)
    n = {"orphans": 0, "stale": 0, "temp": 0}
    for sub in (FACTS, MANIFEST, ERRORS):
        for tmp in (out / sub).glob(".*.tmp"):  # a writer killed before its rename
            tmp.unlink(missing_ok=True)
            n["temp"] += 1
    fragments = {p.name for p in (out / MANIFEST).glob("part-*.parquet")}
    for part in (out / FACTS).glob("part-*.parquet"):
        if part.name not in fragments:
            part.unlink(missing_ok=True)
            n["orphans"] += 1
    for frag in sorted((out / MANIFEST).glob("part-*.parquet")):
        m = pq.read_table(frag, schema=_schema(MANIFEST_COLUMNS))
        stale = [f for f, h in zip(m["file"].to_pylist(), m["sha256"].to_pylist())
                 if f in current and current[f] != h]
        if not stale:
            continue
        n["stale"] += len(stale)
        keep = pc.invert(pc.is_in(m["file"], value_set=_pa_strings(stale)))
        part = out / FACTS / frag.name
        if m.filter(keep).num_rows == 0:
            frag.unlink()
            part.unlink(missing_ok=True)
            continue
        write_table(frag, m.filter(keep))
        if part.is_file():
            facts = pq.read_table(part, schema=facts_schema())
            write_table(part, facts.filter(pc.invert(pc.is_in(facts["file"], value_set=_pa_strings(stale)))))
    return n


def _pa_strings(values: List[str]):
    import pyarrow as pa

    return pa.array(values, type=pa.string())
