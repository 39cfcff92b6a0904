"""Throughput of corpus extraction: one process, then 1 and 2 Dask workers, same files, same run.

    python -m zh_indicators.evaluation.distributed_bench [--repeats 4] [--rounds 3] [--workers 1,2]
    zh-indicators bench --distributed

The input is the five seed reports (clean text) repeated, one file each. The single
process is today's `extract` path (`extract_file` per file, one Parquet table); a Dask run
is `extract_corpus` into a fresh dataset on a LocalCluster of single-threaded worker
processes, timed from the call to the last manifest fragment, with the cluster started and
the pipeline loaded and warmed on every worker beforehand (startup is printed apart). From
the figures it prints a paper estimate of a large job on a larger cluster. Settings run in
interleaved rounds and the median is kept: on a shared machine other jobs then weigh on all alike.
"""
import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

WARM_TEXT = "预计全年实现地区生产总值2590亿元、增长7.3%;公共财政预算收入210亿元、增长10.5%。"


def write_inputs(folder: Path, repeats: int) -> List[Path]:
    """The five seed reports' clean text, `repeats` copies each, as files."""
    from zh_indicators.corpus.reports import load_report, report_ids

    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for k in range(repeats):
        for rid in report_ids():
            p = folder / f"{rid}-{k:03d}.txt"
            p.write_text(load_report(rid).text, encoding="utf-8")
            files.append(p)
    return files


def single_process(files: Sequence[Path], out: Path, nlp) -> Dict:
    """Today's `extract`: one pipeline, file after file, one table written at the end."""
    from zh_indicators.extractors import dataset
    from zh_indicators.extractors.files import extract_file

    t = time.perf_counter()
    rows: List[Dict] = []
    for f in files:
        rows += extract_file(f, nlp)[0]
    dataset.write_table(out, dataset.facts_table(rows))
    return {"seconds": time.perf_counter() - t, "facts": len(rows)}


def _warm(model):
    """On a worker: load the pipeline (once per process) and run it once (TorchScript's first call)."""
    from zh_indicators.extractors.distributed import worker_pipeline

    worker_pipeline(model)(WARM_TEXT)
    return True


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def start_cluster(n_workers: int, model: Optional[str]):
    """(client, seconds): a LocalCluster with the pipeline loaded and warmed on every worker."""
    from zh_indicators.extractors.distributed import PipelinePlugin, local_client

    t = time.perf_counter()
    client = local_client(n_workers)
    client.wait_for_workers(n_workers)
    client.register_plugin(PipelinePlugin(model), name=f"zh-indicators-pipeline-{model}")
    client.run(_warm, model)
    return client, time.perf_counter() - t


def dask_run(client, files: Sequence[Path], out: Path, model: Optional[str], partition_size: int) -> Dict:
    """`extract_corpus` into a fresh dataset, from the call to the last manifest fragment."""
    from zh_indicators.extractors.distributed import extract_corpus

    res = extract_corpus(files, out, client, model=model, partition_size=partition_size, progress=False)
    assert res.complete and res.failed == 0, res
    return {"seconds": res.seconds, "facts": res.facts}


def estimate(per_worker: float, efficiency: float, nodes: int, cores: int, chars: float, reports: int,
             startup: float) -> Dict:
    """Paper estimate: one single-threaded worker per core, the measured per-worker rate,
    scaled by the parallel efficiency measured here (2 workers vs 1)."""
    from zh_indicators.extractors.distributed import DEFAULT_PARTITION_SIZE

    workers = nodes * cores
    rate = workers * per_worker * efficiency
    seconds = chars / rate + startup
    return {"nodes": nodes, "cores_per_node": cores, "workers": workers, "chars": chars, "reports": reports,
            "cluster_chars_per_s": rate, "seconds": seconds, "hours": seconds / 3600,
            "partitions": -(-reports // DEFAULT_PARTITION_SIZE), "partition_size": DEFAULT_PARTITION_SIZE}


def _summary(runs: List[Dict], chars: int) -> Dict:
    rates = sorted(chars / r["seconds"] for r in runs)
    return {"chars_per_s": statistics.median(rates), "min_chars_per_s": rates[0], "max_chars_per_s": rates[-1],
            "rounds": len(rates), "facts": runs[0]["facts"]}


def run(repeats: int = 4, workers: Sequence[int] = (1, 2), rounds: int = 3, model: Optional[str] = None,
        partition_size: int = 2, nodes: int = 16, cores: int = 16, corpus_chars: float = 1e9,
        corpus_reports: int = 56_000, output: Optional[str] = None) -> Dict:
    """Median chars/s of each setting over `rounds` interleaved rounds (single, 1 worker, 2 workers, ...):
    on a shared machine the load of other jobs then falls on every setting alike."""
    import torch

    from zh_indicators.evaluation.benchmark import machine
    from zh_indicators.extractors.pipeline import load

    with tempfile.TemporaryDirectory(prefix="zh-dask-bench-") as tmp:
        tmp = Path(tmp)
        files = write_inputs(tmp / "in", repeats)
        chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
        res: Dict = {"machine": machine(), "cores": os.cpu_count(), "files": len(files), "chars": chars,
                     "partition_size": partition_size, "torch_threads_single": torch.get_num_threads()}
        load_before = os.getloadavg()  # other jobs on a shared machine: printed with the figures
        nlp = load(model)
        nlp(WARM_TEXT)
        clusters = {n: start_cluster(n, model) for n in workers}
        runs: Dict[str, List[Dict]] = {"single": [], **{f"dask_{n}": [] for n in workers}}
        try:
            for k in range(rounds):
                runs["single"].append(single_process(files, tmp / f"single-{k}.parquet", nlp))
                for n in workers:
                    runs[f"dask_{n}"].append(dask_run(clusters[n][0], files, tmp / f"ds-{n}-{k}", model,
                                                      partition_size))
            rss = {n: max(c.run(_peak_rss_mb).values()) for n, (c, _) in clusters.items()}
        finally:
            for client, _ in clusters.values():
                cluster = client.cluster
                client.close()
                cluster.close()
    res["single"] = _summary(runs["single"], chars)
    for n in workers:
        d = res[f"dask_{n}"] = _summary(runs[f"dask_{n}"], chars)
        assert d["facts"] == res["single"]["facts"], (d, res["single"])  # the same rows, counted
        d.update(startup_seconds=clusters[n][1], worker_peak_rss_mb=rss[n],
                 vs_single=d["chars_per_s"] / res["single"]["chars_per_s"])
    if 1 in workers and 2 in workers:
        w1, w2 = res["dask_1"], res["dask_2"]
        res["two_vs_one_worker"] = w2["chars_per_s"] / w1["chars_per_s"]
        res["efficiency"] = res["two_vs_one_worker"] / 2
        # two bounds: the efficiency measured here (2 workers on 2 shared cores: pessimistic) and linear
        res["estimate"] = estimate(w1["chars_per_s"], min(1.0, res["efficiency"]), nodes, cores, corpus_chars,
                                   corpus_reports, w2["startup_seconds"])
        res["estimate_linear"] = estimate(w1["chars_per_s"], 1.0, nodes, cores, corpus_chars, corpus_reports,
                                          w2["startup_seconds"])
    res["load_average"] = {"before": load_before, "after": os.getloadavg()}
    print(render(res))
    if output:
        from zh_indicators.corpus.io import write_atomic

        write_atomic(output, json.dumps(res, indent=1, default=str))
    return res


def render(res: Dict) -> str:
    s = res["single"]
    lines = [f"machine: {res['machine'].get('cpu')}, {res['cores']} cores",
             f"input: {res['files']} files, {res['chars']:,} chars (the five seed reports repeated), "
             f"{s['facts']} facts; partition size {res['partition_size']} files; "
             f"median of {s['rounds']} interleaved rounds (min-max)", "",
             f"{'run':30s} {'chars/s':>10s} {'min-max':>17s} {'vs single':>9s}  notes"]

    def row(name, d, ratio, note):
        span = f"{d['min_chars_per_s']:,.0f}-{d['max_chars_per_s']:,.0f}"
        lines.append(f"{name:30s} {d['chars_per_s']:10,.0f} {span:>17s} {ratio:9.2f}  {note}")

    row("one process (extract)", s, 1.0, f"torch threads {res['torch_threads_single']}")
    for key in sorted(k for k in res if k.startswith("dask_")):
        d = res[key]
        row(f"Dask, {key[5:]} worker process(es)", d, d["vs_single"],
            f"1 torch thread each; startup {d['startup_seconds']:.1f} s (not timed); "
            f"worker peak RSS {d['worker_peak_rss_mb']:.0f} MB")
    la = res.get("load_average")
    if la:
        lines.append("load average (1, 5, 15 min) before " + ", ".join(f"{x:.2f}" for x in la["before"])
                     + "; after " + ", ".join(f"{x:.2f}" for x in la["after"]) + f" (on {res['cores']} cores)")
    if "estimate" in res:
        e = res["estimate"]
        w1 = res["dask_1"]["chars_per_s"]
        lines += ["", f"2 workers / 1 worker: {res['two_vs_one_worker']:.2f} (parallel efficiency "
                      f"{res['efficiency']:.2f})",
                  f"estimate, {e['reports']:,} reports, {e['chars']:,.0f} chars on {e['nodes']} nodes x "
                  f"{e['cores_per_node']} cores = {e['workers']} single-threaded workers, "
                  f"{e['partitions']:,} tasks of {e['partition_size']} files:"]
        for name, x in (("measured efficiency", e), ("linear", res["estimate_linear"])):
            eff = x["cluster_chars_per_s"] / (x["workers"] * w1)
            lines += [f"  {name}: {x['workers']} x {w1:,.0f} chars/s x {eff:.2f} = {x['cluster_chars_per_s']:,.0f} "
                      f"chars/s; {x['chars']:,.0f} / {x['cluster_chars_per_s']:,.0f} + "
                      f"{res['dask_2']['startup_seconds']:.0f} s startup = {x['seconds']:,.0f} s = {x['hours']:.2f} h"]
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python -m zh_indicators.evaluation.distributed_bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=4, help="copies of the five seed reports (default 4)")
    p.add_argument("--workers", default="1,2", help="Dask worker counts to time (default 1,2)")
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the median is reported")
    p.add_argument("--partition-size", type=int, default=2)
    p.add_argument("--model", default=None)
    p.add_argument("--nodes", type=int, default=16, help="estimate: cluster nodes (default 16)")
    p.add_argument("--cores-per-node", type=int, default=16, help="estimate: worker processes per node")
    p.add_argument("--output", help="JSON file for the figures")
    a = p.parse_args(argv)
    run(repeats=a.repeats, workers=[int(x) for x in a.workers.split(",")], rounds=a.rounds, model=a.model,
        partition_size=a.partition_size, nodes=a.nodes, cores=a.cores_per_node, output=a.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
