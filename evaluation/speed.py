"""`zh-indicators bench`: throughput, latency, scaling, cold start, memory, size.

Ratios are taken against baselines measured in the same run on the same text:
the bare spaCy `zh` char tokenizer (the floor) and the rule extractor.
"""
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

TARGETS = {"model_chars_per_s": (30000, ">="), "report_20k_seconds": (1.0, "<="), "load_seconds": (2.0, "<="),
           "peak_rss_mb": (1536, "<="), "model_mb": (25, "<="), "full_training_minutes": (10, "<=")}


def _texts(min_chars: int) -> List[str]:
    from zh_indicators.corpus.reports import load_report, report_ids

    base = [load_report(r).text for r in report_ids()]
    out, n = [], 0
    while n < min_chars:
        for t in base:
            out.append(t)
            n += len(t)
    return out


def _rate(fn, texts: List[str]) -> float:
    t = time.perf_counter()
    fn(texts)
    return sum(map(len, texts)) / (time.perf_counter() - t)


def _drain(docs) -> None:
    """Consume a stream of Docs without keeping them (peak memory stays per-batch)."""
    for _ in docs:
        pass


def _dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2 ** 20


def _cold(body: str, repeats: int = 3) -> float:
    """Median seconds of `body` in fresh processes (imports included)."""
    code = f"import time;t=time.perf_counter();{body};print(time.perf_counter()-t)"
    times = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return sorted(times)[len(times) // 2]


def cold_start(model: Optional[str], repeats: int = 3) -> float:
    return _cold(f"import extractors;extractors.load({model!r})", repeats)


def cold_import_spacy(repeats: int = 3) -> float:
    """The floor of any spaCy pipeline's load: `import spacy` (which imports torch through thinc)."""
    return _cold("import spacy", repeats)


def run_bench(quick: bool = False, output: Optional[str] = None, model: Optional[str] = None) -> Dict:
    import spacy
    import torch

    from zh_indicators.evaluation.benchmark import machine
    from zh_indicators.extractors.pipeline import default_model_path, load
    from zh_indicators.extractors.rules import extract

    res: Dict = {"quick": quick, "machine": machine(), "torch": torch.__version__,
                 "device": "cuda" if torch.cuda.is_available() else "cpu", "threads": torch.get_num_threads()}
    # first, while this process is idle: its spinning worker threads would slow the child
    res["load_seconds"] = cold_start(model, 1 if quick else 3)
    res["import_spacy_seconds"] = cold_import_spacy(1 if quick else 3)
    res["load_vs_import_spacy"] = res["load_seconds"] / res["import_spacy_seconds"]
    nlp = load(model)
    texts = _texts(50_000 if quick else 500_000)
    res["chars"] = sum(map(len, texts))
    floor = spacy.blank("zh")
    res["floor_chars_per_s"] = _rate(lambda ts: _drain(floor.pipe(ts)), texts)
    res["rules_chars_per_s"] = _rate(lambda ts: [extract(t) for t in ts], texts)
    list(nlp.pipe(texts[:1]))  # warm-up
    res["model_chars_per_s"] = _rate(lambda ts: _drain(nlp.pipe(ts, batch_size=16)), texts)
    short = [s for t in texts[:5] for s in t.split("\n") if s.strip()]
    res["one_by_one_chars_per_s"] = _rate(lambda ts: [nlp(t) for t in ts], short)
    res["pipe_short_chars_per_s"] = _rate(lambda ts: _drain(nlp.pipe(ts, batch_size=64)), short)
    res["model_vs_floor"] = res["model_chars_per_s"] / res["floor_chars_per_s"]
    res["model_vs_rules"] = res["model_chars_per_s"] / res["rules_chars_per_s"]
    report = texts[3] if len(texts) > 3 else texts[0]
    report = (report * (20000 // len(report) + 1))[:20000]
    runs = []
    for _ in range(3 if quick else 7):
        t = time.perf_counter()
        nlp(report)
        runs.append(time.perf_counter() - t)
    res["report_20k_seconds"] = statistics.median(runs)
    res["report_20k_p95_seconds"] = sorted(runs)[min(len(runs) - 1, int(round(0.95 * (len(runs) - 1))))]
    sizes = [1_000, 10_000, 100_000] + ([] if quick else [1_000_000])
    big = "\n".join(texts)
    while len(big) < sizes[-1]:
        big += "\n" + big
    scaling = {}
    for n in sizes:
        t = time.perf_counter()
        nlp(big[:n])
        scaling[n] = time.perf_counter() - t
    res["scaling_seconds"] = scaling
    per_char = [scaling[n] / n for n in sizes[1:]]  # 1k is dominated by fixed cost
    res["scaling_ratio_max_min"] = max(per_char) / min(per_char)
    res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mpath = Path(model) if model else default_model_path()
    res["model_mb"] = _dir_mb(mpath)
    meta = json.loads((mpath / "meta.json").read_text(encoding="utf-8"))
    hist = meta.get("training", {}).get("history", [])
    if hist:
        res["training_epoch_seconds"] = hist[-1]["seconds"] / hist[-1]["epoch"]
        res["full_training_minutes"] = meta["training"]["train_seconds"] / 60
    if torch.cuda.is_available():
        # the same figures on the GPU, picked up by itself when one is visible
        gpu = load(model)
        gpu.get_pipe("zh_indicators_tagger").net.to("cuda")
        list(gpu.pipe(texts[:1]))
        g = {"device": torch.cuda.get_device_name(0),
             "model_chars_per_s": _rate(lambda ts: _drain(gpu.pipe(ts, batch_size=16)), texts)}
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            gpu(report)
            runs.append(time.perf_counter() - t)
        g["report_20k_seconds"] = statistics.median(runs)
        res["gpu"] = g
    _print(res)
    if output:
        from zh_indicators.corpus.io import write_atomic

        write_atomic(output, json.dumps(res, indent=1, default=str))
    return res


def _print(res: Dict) -> None:
    lines = [f"device {res['device']}, {res['threads']} threads, {res['machine']['cpu']}, torch {res['torch']}",
             f"text: {res['chars']:,} chars (the five clean reports repeated)", "",
             f"{'what':38s} {'figure':>14s}  target"]
    rows = [("spaCy zh char tokenizer (floor) chars/s", res["floor_chars_per_s"], None),
            ("rule extractor chars/s", res["rules_chars_per_s"], None),
            ("model nlp.pipe chars/s", res["model_chars_per_s"], "model_chars_per_s"),
            ("model / floor", res["model_vs_floor"], None), ("model / rules", res["model_vs_rules"], None),
            ("nlp(text) one by one, paragraphs, chars/s", res["one_by_one_chars_per_s"], None),
            ("nlp.pipe same paragraphs chars/s", res["pipe_short_chars_per_s"], None),
            ("20k-char report median s", res["report_20k_seconds"], "report_20k_seconds"),
            ("20k-char report p95 s", res["report_20k_p95_seconds"], None),
            ("scaling max/min time per char", res["scaling_ratio_max_min"], None),
            ("extractors.load() s (fresh process)", res["load_seconds"], "load_seconds"),
            ("bare `import spacy` s (fresh process, the floor)", res["import_spacy_seconds"], None),
            ("load / import spacy", res["load_vs_import_spacy"], None),
            ("peak RSS MB", res["peak_rss_mb"], "peak_rss_mb"), ("model size MB", res["model_mb"], "model_mb")]
    if "full_training_minutes" in res:
        rows += [("training s/epoch (from meta.json)", res["training_epoch_seconds"], None),
                 ("full default training min", res["full_training_minutes"], "full_training_minutes")]
    for name, val, key in rows:
        tgt = ""
        if key:
            goal, op = TARGETS[key]
            ok = val >= goal if op == ">=" else val <= goal
            tgt = f"{op} {goal}: " + ("met" if ok else f"MISSED by {abs(val - goal) / goal:.0%}")
        lines.append(f"{name:38s} {val:>14,.3f}  {tgt}")
    lines.append("scaling (seconds): " + ", ".join(f"{n:,}: {t:.3f}" for n, t in res["scaling_seconds"].items()))
    if "gpu" in res:
        g = res["gpu"]
        lines.append(f"GPU {g['device']}: {g['model_chars_per_s']:,.0f} chars/s, 20k report {g['report_20k_seconds']:.3f} s")
    else:
        lines.append("GPU: none visible (CPU figures only)")
    print("\n".join(lines))
