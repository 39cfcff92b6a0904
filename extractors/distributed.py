"""Corpus-scale extraction on a Dask cluster: `extract_corpus(paths, output, client)`.

The driver lists and hashes the files, skips those the manifest has done, and submits
partitions of files a few at a time, so that no side holds the corpus: the driver keeps
paths and hashes, a worker one partition's rows. Each worker process loads the pipeline
once (`PipelinePlugin`), extracts with the code of the single-process `extract`
(`files.extract_file`, hence the same rows), and writes its partition's part, errors and
manifest fragment itself (`dataset.py`). A partition lost with its worker is reported, not
retried forever: its files are not in the manifest, and the next run does them.
"""
import os
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

from zh_indicators.corpus.errors import DependencyError, Errors

from . import dataset
from .files import error_message, extract_file, iter_files, read_metadata

try:  # the plugin class must live at module level so that workers unpickle it by reference
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # the error comes from require_distributed() when the feature is used
    _WorkerPlugin = object

PathLike = Union[str, Path]
DEFAULT_PARTITION_SIZE = 16  # ~300k characters of county reports: tens of seconds per task


def require_distributed(what: str = "extract_corpus"):
    """The `distributed` module, or a DependencyError that says what to install."""
    missing = []
    for mod in ("distributed", "pyarrow"):
        try:
            __import__(mod)
        except ImportError:
            missing.append(mod)
    if missing:
        raise DependencyError(Errors.E300.format(what=what, missing=", ".join(missing)))
    import distributed

    return distributed


# worker side ---------------------------------------------------------------------------
_PIPELINES: Dict[Tuple[Optional[str], int], object] = {}


def worker_pipeline(model: Optional[str] = None, torch_threads: int = 1):
    """The pipeline of this process, loaded on first use (once per worker process)."""
    key = (model, torch_threads)
    if key not in _PIPELINES:
        import torch

        from .pipeline import load

        if torch_threads > 0:
            # N single-threaded workers use N cores; more threads each would oversubscribe them
            torch.set_num_threads(torch_threads)
        _PIPELINES[key] = load(model)
    return _PIPELINES[key]


class PipelinePlugin(_WorkerPlugin):
    """Loads the pipeline when a worker starts (and on every worker that joins later)."""

    idempotent = True

    def __init__(self, model: Optional[str] = None, torch_threads: int = 1):
        self.model, self.torch_threads = model, torch_threads

    def setup(self, worker=None):
        worker_pipeline(self.model, self.torch_threads)


@dataclass(frozen=True)
class Job:
    """What every partition of one run shares."""
    output: str
    run: int
    model: Optional[str] = None
    clean: bool = False
    encoding: str = "auto"
    report_year: Optional[int] = None
    torch_threads: int = 1


@dataclass(frozen=True)
class Partition:
    name: str                              # part-KEY.parquet, KEY from the files and their hashes
    files: Tuple[str, ...]                 # as given: the `file` column, as in the single-process table
    sources: Tuple[str, ...] = ()          # the same files as absolute paths (a worker's cwd is not ours)
    metadata: Dict[str, Dict] = field(default_factory=dict)  # the user's metadata of these files only


def extract_partition(job: Job, part: Partition) -> Dict:
    """Run on a worker: extract the partition's files and write its part, errors and manifest."""
    from zh_indicators.corpus.io import read_bytes

    nlp = worker_pipeline(job.model, job.torch_threads)
    worker = f"{socket.gethostname()}:{os.getpid()}"
    rows: List[Dict] = []
    done: List[Dict] = []
    failed: List[Dict] = []
    t_part = time.perf_counter()
    for path, source in zip(part.files, part.sources or part.files):
        t0 = time.perf_counter()
        sha = None
        try:
            data = read_bytes(source)
            sha = dataset.sha256_bytes(data)
            file_rows, warnings = extract_file(path, nlp, clean=job.clean, report_year=job.report_year,
                                               encoding=job.encoding, metadata=part.metadata, data=data)
        except Exception as e:  # noqa: BLE001 - one bad file of 56,000 must not stop the run
            failed.append({"file": path, "sha256": sha, "error": error_message(path, e),
                           "error_type": type(e).__name__, "part": part.name, "run": job.run, "worker": worker})
            continue
        rows += file_rows
        done.append({"file": path, "sha256": sha, "facts": len(file_rows), "bytes": len(data),
                     "seconds": round(time.perf_counter() - t0, 4), "part": part.name, "run": job.run,
                     "worker": worker, "warnings": "\n".join(warnings) or None})
    dataset.write_partition(job.output, part.name, rows, done, failed)
    return {"part": part.name, "files": len(part.files), "done": len(done), "failed": len(failed),
            "facts": len(rows), "bytes": sum(d["bytes"] for d in done), "worker": worker,
            "seconds": time.perf_counter() - t_part}


# driver side ---------------------------------------------------------------------------
@dataclass
class CorpusRun:
    """What a run did. `lost` files were on partitions whose worker died: run again to finish them."""
    output: str
    files: int = 0
    skipped: int = 0
    done: int = 0
    failed: int = 0
    lost: int = 0
    facts: int = 0
    bytes: int = 0
    seconds: float = 0.0
    pruned: Dict[str, int] = field(default_factory=dict)
    lost_errors: List[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.lost == 0


def partitions(files: Sequence[str], hashes: Dict[str, Optional[str]], size: int,
               metadata: Optional[Dict[str, Dict]] = None) -> List[Partition]:
    """Consecutive groups of `size` files, each named by its files and their content hashes."""
    out = []
    for i in range(0, len(files), max(1, size)):
        chunk = tuple(files[i:i + max(1, size)])
        key = dataset.sha256_bytes("\n".join(f"{f}\t{hashes.get(f)}" for f in chunk).encode("utf-8"))[:20]
        meta = {Path(f).name: metadata[Path(f).name] for f in chunk if metadata and Path(f).name in metadata}
        sources = tuple(os.path.abspath(f) for f in chunk)
        out.append(Partition(name=f"part-{key}.parquet", files=chunk, sources=sources, metadata=meta))
    return out


def _options(model, clean, encoding, report_year) -> Dict:
    """The options that change the facts: a dataset holds the facts of one setting."""
    return {"model": str(Path(model).resolve()) if model is not None else None, "clean": bool(clean),
            "encoding": encoding, "report_year": report_year}


# dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which also turns off glibc's
# dynamic mmap threshold: every large tensor buffer is then mmapped and unmapped again. On this
# pipeline that made a worker measurably slower in interleaved probes; our own cluster goes without.
WORKER_ENV_UNSET = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


def local_client(n_workers: Optional[int] = None, memory_limit="auto"):
    """A Client on a LocalCluster of single-threaded worker processes (processes: torch holds the GIL)."""
    distributed = require_distributed("--scheduler local")
    import dask

    with dask.config.set(WORKER_ENV_UNSET):
        cluster = distributed.LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1,
                                           processes=True, dashboard_address=":0", memory_limit=memory_limit)
    return distributed.Client(cluster)


def _total_threads(client) -> int:
    return max(1, sum(client.nthreads().values()))


def extract_corpus(paths: Sequence[PathLike], output: PathLike, client=None, *,
                   metadata: Union[None, PathLike, Dict[str, Dict]] = None, report_year: Optional[int] = None,
                   model: Optional[PathLike] = None, clean: bool = False, encoding: str = "auto",
                   partition_size: int = DEFAULT_PARTITION_SIZE, progress: bool = True,
                   torch_threads: int = 1) -> CorpusRun:
    """Extract the facts of every report under `paths` into the Parquet dataset `output`.

    client (distributed.Client): the cluster to use; None: the current client, else a
        LocalCluster of one single-threaded worker process per core for this call.
    metadata: a CSV/TSV file or `read_metadata`'s dict (per-file place, year, ...).
    model: a pipeline folder every worker can read (None: the shipped model).
    Files already in the manifest with the same content hash are skipped; a file that
    failed is tried again; per-file errors go to the errors table. Read the result with
    `dataset.read_facts(output)` or the `panel` command.
    """
    distributed = require_distributed()
    t_start = time.perf_counter()
    run = time.time_ns()
    out = dataset.open_dataset(output, _options(model, clean, encoding, report_year))
    files = list(dict.fromkeys(str(f) for f in iter_files(paths)))  # a file given twice is done once
    hashes = {f: dataset.sha256_file(f) for f in files}
    res = CorpusRun(output=str(out), files=len(files))
    res.pruned = dataset.prune(out, hashes)
    manifest = dataset.read_manifest(out)
    have = dict(zip(manifest["file"], manifest["sha256"]))
    todo = [f for f in files if hashes[f] is None or have.get(f) != hashes[f]]
    res.skipped = len(files) - len(todo)
    meta = read_metadata(metadata) if isinstance(metadata, (str, Path)) else metadata
    parts = partitions(todo, hashes, partition_size, meta)
    job = Job(output=str(out.resolve()), run=run, model=_options(model, clean, encoding, report_year)["model"],
              clean=clean, encoding=encoding, report_year=report_year, torch_threads=torch_threads)
    if not parts:
        res.seconds = time.perf_counter() - t_start
        return res
    own = None
    if client is None:
        try:
            client = distributed.get_client()
        except ValueError:
            client = own = local_client()
    try:
        client.register_plugin(PipelinePlugin(job.model, torch_threads), name=f"zh-indicators-pipeline-{job.model}")
        _run(client, job, parts, res, progress, distributed)
    finally:
        if own is not None:
            cluster = own.cluster
            own.close()
            cluster.close()
    res.seconds = time.perf_counter() - t_start
    return res


def _run(client, job: Job, parts: List[Partition], res: CorpusRun, progress: bool, distributed) -> None:
    """Submit partitions a window at a time (scheduler and driver memory stay bounded)."""
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=sum(len(p.files) for p in parts), desc="extract", unit="file", file=sys.stderr)
    pending = iter(parts)
    by_key = {}
    queue = distributed.as_completed()

    def submit(n: int) -> None:
        for part in pending:
            fut = client.submit(extract_partition, job, part, key=f"zh-extract-{part.name[5:-8]}-{job.run}",
                                pure=False)
            by_key[fut.key] = part
            queue.add(fut)
            n -= 1
            if n <= 0:
                return

    submit(2 * _total_threads(client))
    for fut in queue:
        part = by_key.pop(fut.key)
        try:
            s = fut.result()
            res.done += s["done"]
            res.failed += s["failed"]
            res.facts += s["facts"]
            res.bytes += s["bytes"]
        except Exception as e:  # noqa: BLE001 - KilledWorker, a full disk, ...: the files stay to do
            res.lost += len(part.files)
            res.lost_errors.append(f"{part.name} ({len(part.files)} files): {type(e).__name__}: {e}")
        fut.release()
        if bar is not None:
            bar.update(len(part.files))
            bar.set_postfix(facts=res.facts, failed=res.failed, lost=res.lost, refresh=False)
        submit(max(1, 2 * _total_threads(client) - queue.count()))
    if bar is not None:
        bar.close()
