"""Interrupted training leaves the output folder as it was."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

import zh_indicators.training.train as train_mod
from zh_indicators.corpus.annotate import annotation_path, load_records


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    recs = [r for r in load_records(annotation_path("zhonglou-2020")) if r["entities"]][:4]
    p = tmp_path_factory.mktemp("d") / "few.jsonl"
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return p


def test_ctrl_c_during_training_leaves_old_model(data, tmp_path, monkeypatch):
    out = tmp_path / "model"
    out.mkdir()
    (out / "marker.txt").write_text("old model")
    calls = {"n": 0}
    real = train_mod.train_epoch

    def interrupted(*a, **k):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(train_mod, "train_epoch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        train_mod.train("configs/tiny.cfg", [data], out, progress=False)
    assert [p.name for p in out.iterdir()] == ["marker.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


def test_ctrl_c_while_saving_leaves_old_model(data, tmp_path, monkeypatch):
    out = tmp_path / "model"
    out.mkdir()
    (out / "marker.txt").write_text("old model")
    import zh_indicators.extractors.tagger as tagger_mod

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(tagger_mod.IndicatorTagger, "to_disk", boom)
    with pytest.raises(KeyboardInterrupt):
        train_mod.train("configs/tiny.cfg", [data], out, progress=False, overrides=["training.max_epochs=2"])
    assert [p.name for p in out.iterdir()] == ["marker.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


def test_killed_training_never_leaves_a_half_model(data, tmp_path):
    out = tmp_path / "model"
    proc = subprocess.Popen([sys.executable, "-m", "zh_indicators.cli", "train", "--config", "configs/tiny.cfg",
                             "--data", str(data), "--output", str(out), "--no-progress",
                             "--set", "training.max_epochs=400"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "model"]
    # a killed process cannot clean up; what it leaves is a clearly named temporary folder, never `model`
    assert all(n.startswith(".model.tmp-") for n in leftovers)
