"""What the distribution ships: the wheel carries the configs `train` needs and the Label
Studio config; the shipped model packages with `python -m spacy package` and its defaults."""
import json
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tracked_copy(dest: Path) -> Path:
    """The repository's tracked files (and edits) in a fresh folder, so that no stale build/ is reused."""
    try:
        files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    for f in files:
        src = ROOT / f
        if src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)
    return dest


def test_wheel_carries_configs_and_label_config(tmp_path):
    src = _tracked_copy(tmp_path / "src")
    out = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out),
                    str(src)], check=True, capture_output=True)
    (wheel,) = out.glob("zh_indicators-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for cfg in ("default", "tiny", "pretrained"):
        assert f"zh_indicators/training/configs/{cfg}.cfg" in names
    assert "zh_indicators/corpus/labelstudio.xml" in names
    assert "zh_indicators/extractors/model/meta.json" in names
    # one distribution namespace: nothing generic at the top of site-packages
    assert {n.split("/")[0] for n in names} == {"zh_indicators", wheel.name.split("-py")[0] + ".dist-info"}


def test_spacy_package_with_defaults_gives_a_loadable_non_clashing_package(tmp_path):
    model = ROOT / "extractors" / "model"
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert not meta["name"].startswith("zh_")  # spaCy's setup.py would prefix zh_ twice
    res = subprocess.run([sys.executable, "-m", "spacy", "package", str(model), str(tmp_path)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    (sdist,) = tmp_path.glob("*/dist/*.tar.gz")
    assert sdist.name == "zh_indicators_pipeline-0.1.0.tar.gz"  # not the distribution zh-indicators
    with tarfile.open(sdist) as t:
        pkg_meta = json.load(t.extractfile("zh_indicators_pipeline-0.1.0/meta.json"))
    assert any(r.startswith("zh-indicators") for r in pkg_meta["requirements"])  # the factories come from here
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target",
                    str(target), str(sdist)], check=True, capture_output=True)
    code = ("import spacy, json; nlp = spacy.load('zh_indicators_pipeline'); d = nlp('地区生产总值2590亿元');"
            "print(json.dumps([[e.text, e.label_] for e in d.ents]))")
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [["地区生产总值", "INDICATOR"], ["2590", "VALUE"], ["亿元", "UNIT"]]
