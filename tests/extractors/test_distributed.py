"""`extract_corpus` on a LocalCluster of two worker processes: the same rows as the
single-process `extract`, reruns that skip what is done, bad files in the errors table,
and a worker killed mid-run that loses no file."""
import os
import shutil
import sys

import pandas as pd
import pytest

pytest.importorskip("distributed")

from zh_indicators.cli import main  # noqa: E402
from zh_indicators.corpus.errors import DependencyError, InputError  # noqa: E402
from zh_indicators.corpus.reports import RAW_DIR  # noqa: E402
from zh_indicators.extractors import dataset  # noqa: E402
from zh_indicators.extractors.distributed import extract_corpus, local_client, require_distributed  # noqa: E402
from zh_indicators.extractors.facts import OUTPUT_COLUMNS  # noqa: E402

TEXTS = {
    "a.txt": "2017年工作回顾\n预计全年实现地区生产总值2590亿元、增长7.3%;公共财政预算收入210亿元、增长10.5%。",
    "b.txt": "过去一年,全县地区生产总值增长6.5%,一般公共预算收入达到18.2亿元。\n今年地区生产总值增长7%左右。",
    "c.txt": "——2019年1月8日在某县第十六届人民代表大会第三次会议上\n规模以上工业增加值增长8.1%,城镇登记失业率3.2%。",
    "d.txt": "全社会固定资产投资完成310亿元,增长9%;社会消费品零售总额120亿元,增长11.3%。",
    "e.txt": "城乡居民人均可支配收入分别达到4.2万元和2.1万元,分别增长8%和9%。",
}
META = "file\tplace\treport_year\tprovince\tlevel\nc.txt\t某县\t2020\t河南\tcounty\n"


@pytest.fixture(scope="module")
def client():
    c = local_client(2)
    yield c
    cluster = c.cluster
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("reports")
    for name, text in TEXTS.items():
        (d / name).write_text(text, encoding="utf-8")
    shutil.copy(RAW_DIR / "zhonglou-2020.txt", d / "zhonglou-2020.txt")  # a real report, raw: --clean
    meta = d.parent / "meta.tsv"
    meta.write_text(META, encoding="utf-8")
    return d, meta


def _copy(corpus, tmp_path, extra=()):
    d = tmp_path / "in"
    shutil.copytree(corpus[0], d)
    for name, data in extra:
        (d / name).write_bytes(data)
    return d


def _single(paths, tmp_path, meta):
    """The single-process `extract`'s Parquet output."""
    out = tmp_path / "single.parquet"
    main(["extract", *map(str, paths), "--clean", "--metadata", str(meta), "--format", "parquet",
          "--output", str(out)])
    return pd.read_parquet(out)


def _records(df):
    """Rows as plain values (None for missing), sorted as extract writes them: by file, then offset."""
    df = df[list(OUTPUT_COLUMNS)].sort_values(["file", "start"], kind="stable").astype(object)
    return df.where(df.notna(), None).to_dict("records")


def test_same_rows_as_the_single_process_run(client, corpus, tmp_path):
    d = _copy(corpus, tmp_path)
    res = extract_corpus([d], tmp_path / "ds", client, metadata=corpus[1], clean=True, partition_size=2,
                         progress=False)
    assert (res.files, res.done, res.failed, res.lost) == (6, 6, 0, 0)
    facts = dataset.read_facts(tmp_path / "ds")
    assert list(facts.columns) == list(OUTPUT_COLUMNS)
    single = _single([d], tmp_path, corpus[1])
    assert len(single) == res.facts > 30
    assert _records(facts) == _records(single)
    # facts/ alone is a plain Parquet dataset, 3 parts of 2 files
    assert len(list((tmp_path / "ds" / "facts").glob("part-*.parquet"))) == 3
    assert len(pd.read_parquet(tmp_path / "ds" / "facts")) == len(single)
    m = dataset.read_manifest(tmp_path / "ds")
    assert sorted(m["file"]) == sorted(str(p) for p in d.iterdir())
    assert (m["sha256"].str.len() == 64).all() and m["seconds"].gt(0).all()
    assert m.set_index("file").loc[str(d / "c.txt"), "warnings"].endswith("periods follow the given year")

    # the panel command reads the dataset folder
    out = tmp_path / "panel.csv"
    assert main(["panel", str(tmp_path / "ds"), "--output", str(out)]) == 0
    assert set(pd.read_csv(out)["place"]) >= {"某县", "钟楼区"}


def test_rerun_skips_done_files_and_redoes_a_changed_one(client, corpus, tmp_path):
    d = _copy(corpus, tmp_path)
    ds = tmp_path / "ds"
    first = extract_corpus([d], ds, client, partition_size=4, progress=False)
    again = extract_corpus([d], ds, client, partition_size=4, progress=False)
    assert (again.skipped, again.done, again.facts) == (6, 0, 0)
    (d / "a.txt").write_text("全年实现地区生产总值3000亿元。", encoding="utf-8")
    changed = extract_corpus([d], ds, client, partition_size=4, progress=False)
    assert (changed.skipped, changed.done, changed.pruned["stale"]) == (5, 1, 1)
    m = dataset.read_manifest(ds)
    assert len(m) == 6 and m["file"].is_unique
    facts = dataset.read_facts(ds)
    a = facts[facts["file"] == str(d / "a.txt")]
    assert list(a["value_text"]) == ["3000"]
    assert len(facts) == first.facts - 4 + 1
    # the raw folder agrees too: the stale rows left their part
    assert len(pd.read_parquet(ds / "facts")) == len(facts)
    with pytest.raises(InputError, match=r"clean.*\[E302\]"):
        extract_corpus([d], ds, client, clean=True, progress=False)


def test_a_bad_file_lands_in_the_errors_table(client, corpus, tmp_path):
    d = _copy(corpus, tmp_path, extra=[("empty.txt", b""), ("binary.txt", b"\x00\x01PK")])
    ds = tmp_path / "ds"
    res = extract_corpus([d], ds, client, partition_size=3, progress=False)
    assert (res.done, res.failed, res.lost) == (6, 2, 0)
    errors = dataset.read_errors(ds).set_index("file")
    assert sorted(errors.index) == [str(d / "binary.txt"), str(d / "empty.txt")]
    assert "file is empty" in errors.loc[str(d / "empty.txt"), "error"]
    assert "looks binary" in errors.loc[str(d / "binary.txt"), "error"]
    assert errors["error_type"].eq("InputError").all()
    assert str(d / "empty.txt") not in set(dataset.read_manifest(ds)["file"])
    # fixed, the file is done on the next run and leaves the errors table
    (d / "empty.txt").write_text(TEXTS["d.txt"], encoding="utf-8")
    res = extract_corpus([d], ds, client, partition_size=3, progress=False)
    assert (res.done, res.failed, res.skipped) == (1, 1, 6)
    assert list(dataset.read_errors(ds)["file"]) == [str(d / "binary.txt")]


def _arm(name):
    """On a worker: processing `name` kills the worker process (SIGKILL), as an OOM killer would."""
    import os
    import signal
    from pathlib import Path

    from zh_indicators.extractors import distributed as mod

    real = getattr(mod, "_real_extract_file", mod.extract_file)
    mod._real_extract_file = real

    def extract_file(path, *args, **kwargs):
        if Path(path).name == name:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *args, **kwargs)

    mod.extract_file = extract_file


def _disarm():
    from zh_indicators.extractors import distributed as mod

    mod.extract_file = getattr(mod, "_real_extract_file", mod.extract_file)


def _allowed_failures(dask_scheduler, n):
    old, dask_scheduler.allowed_failures = dask_scheduler.allowed_failures, n
    return old


def test_a_killed_worker_loses_no_file(client, corpus, tmp_path):
    d = _copy(corpus, tmp_path)
    ds = tmp_path / "ds"
    # no retry on another worker: the partition is lost in this run, and the rerun must finish it
    old = client.run_on_scheduler(_allowed_failures, n=0)
    try:
        client.run(_arm, "c.txt")
        res = extract_corpus([d], ds, client, partition_size=2, progress=False)
        client.run(_disarm)
    finally:
        client.run_on_scheduler(_allowed_failures, n=old)
    assert res.lost >= 2 and "KilledWorker" in " ".join(res.lost_errors)
    done = set(dataset.read_manifest(ds)["file"])
    assert str(d / "c.txt") not in done and len(done) == 6 - res.lost
    rerun = extract_corpus([d], ds, client, partition_size=2, progress=False)
    assert (rerun.done, rerun.skipped, rerun.lost) == (res.lost, 6 - res.lost, 0)
    m = dataset.read_manifest(ds)
    assert sorted(m["file"]) == sorted(str(p) for p in d.iterdir()) and m["file"].is_unique
    single = tmp_path / "single.parquet"
    main(["extract", str(d), "--format", "parquet", "--output", str(single)])
    assert _records(dataset.read_facts(ds)) == _records(pd.read_parquet(single))


def test_cli_joins_a_running_scheduler_by_address(client, corpus, tmp_path, capsys, monkeypatch):
    _copy(corpus, tmp_path, extra=[("empty.txt", b"")])
    monkeypatch.chdir(tmp_path)
    cwd = client.run(os.getcwd)
    client.run(os.chdir, "/")  # remote workers do not share the driver's folder: relative paths must still work
    try:
        rc = main(["extract", "in", "--scheduler", client.scheduler.address, "--output", "ds", "--partition-size", "3"])
        err = capsys.readouterr().err
        assert rc == 1 and "empty.txt: file is empty" in err and "1 failed" in err
        m = dataset.read_manifest("ds")
        assert len(m) == 6 and set(m["file"]) == {f"in/{n}" for n in [*TEXTS, "zhonglou-2020.txt"]}
        assert set(dataset.read_facts("ds")["file"]) == set(m["file"])  # the file column as given, as in extract
        assert main(["extract", "in", "--scheduler", client.scheduler.address, "--output", "ds"]) == 1
        assert "6 already done" in capsys.readouterr().err
    finally:
        for addr, d in cwd.items():
            client.run(os.chdir, d, workers=[addr])


# without a cluster ------------------------------------------------------------------
def test_orphan_parts_are_ignored_and_pruned(tmp_path):
    ds = dataset.open_dataset(tmp_path / "ds", {"clean": False})
    row = {c: None for c in OUTPUT_COLUMNS}
    row.update(file="x.txt", start=0, end=1, value_text="1")
    done = [{"file": "x.txt", "sha256": "0" * 64, "facts": 1, "bytes": 3, "seconds": 0.1,
             "part": "part-a.parquet", "run": 1}]
    dataset.write_partition(ds, "part-a.parquet", [row], done, [])
    # a worker killed between its part and its manifest fragment
    dataset.write_table(ds / "facts" / "part-b.parquet", dataset.facts_table([dict(row, file="y.txt")]))
    (ds / "facts" / ".part-c.parquet.123.tmp").write_bytes(b"half")
    assert list(dataset.read_facts(ds)["file"]) == ["x.txt"]
    assert dataset.prune(ds, {"x.txt": "0" * 64}) == {"orphans": 1, "stale": 0, "temp": 1}
    assert sorted(p.name for p in (ds / "facts").iterdir()) == ["part-a.parquet"]


def test_output_folder_and_option_errors(tmp_path, capsys):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"\[E301\]"):
        dataset.open_dataset(tmp_path / "busy", {})
    with pytest.raises(InputError, match=r"\[E305\]"):
        dataset.read_facts(tmp_path / "busy")
    assert main(["extract", str(tmp_path), "--scheduler", "local", "--format", "csv", "--output", "x"]) == 2
    assert "[E304]" in capsys.readouterr().err
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        assert main(["extract", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9", "--output",
                     str(tmp_path / "ds")]) == 2
    assert "[E303]" in capsys.readouterr().err


def test_missing_dask_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(DependencyError, match=r"distributed.*pip install 'zh-indicators\[distributed\]'.*\[E300\]"):
        require_distributed()
