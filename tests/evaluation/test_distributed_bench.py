"""The distributed benchmark's arithmetic and report (the timing run itself is `slow`)."""
import pytest

from zh_indicators.evaluation.distributed_bench import estimate, render


def test_estimate_is_workers_times_rate_times_efficiency():
    e = estimate(10_000, 0.5, nodes=16, cores=16, chars=1e9, reports=56_000, startup=10)
    assert e["workers"] == 256 and e["cluster_chars_per_s"] == 256 * 10_000 * 0.5
    assert e["seconds"] == pytest.approx(1e9 / 1_280_000 + 10)
    assert e["partitions"] == 3_500


def test_render_prints_every_figure_and_the_arithmetic():
    runs = {"chars_per_s": 10_000.0, "min_chars_per_s": 9_000.0, "max_chars_per_s": 11_000.0, "rounds": 3,
            "facts": 7}
    res = {"machine": {"cpu": "x"}, "cores": 2, "files": 5, "chars": 70_000, "partition_size": 2,
           "torch_threads_single": 2, "single": runs,
           "dask_1": {**runs, "vs_single": 1.0, "startup_seconds": 2.0, "worker_peak_rss_mb": 600},
           "dask_2": {**runs, "chars_per_s": 15_000.0, "vs_single": 1.5, "startup_seconds": 3.0,
                      "worker_peak_rss_mb": 600},
           "two_vs_one_worker": 1.5, "efficiency": 0.75,
           "estimate": estimate(10_000, 0.75, 16, 16, 1e9, 56_000, 3.0),
           "estimate_linear": estimate(10_000, 1.0, 16, 16, 1e9, 56_000, 3.0),
           "load_average": {"before": (0.5, 0.5, 0.5), "after": (1.0, 1.0, 1.0)}}
    text = render(res)
    assert "256 x 10,000 chars/s x 0.75 = 1,920,000 chars/s" in text
    assert "1,000,000,000 / 2,560,000 + 3 s startup = 394 s" in text
    assert "2 workers / 1 worker: 1.50" in text


@pytest.mark.slow
def test_bench_runs_end_to_end():
    pytest.importorskip("distributed")
    from zh_indicators.evaluation.distributed_bench import run

    res = run(repeats=1, workers=(1,), rounds=1)
    assert res["dask_1"]["facts"] == res["single"]["facts"] > 0
