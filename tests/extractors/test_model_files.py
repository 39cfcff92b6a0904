"""Damaged or mismatched model folders give clear errors naming the file."""
import json
import shutil

import pytest

from zh_indicators import extractors
from zh_indicators.corpus.errors import ModelError
from zh_indicators.extractors.pipeline import default_model_path


@pytest.fixture
def model_copy(tmp_path):
    dst = tmp_path / "model"
    shutil.copytree(default_model_path(), dst)
    return dst


def tagger_dir(path):
    return path / "zh_indicators_tagger"


def test_missing_weights(model_copy):
    (tagger_dir(model_copy) / "network.ts").unlink()
    (tagger_dir(model_copy) / "weights.pt").unlink()
    with pytest.raises(ModelError, match=r"zh_indicators_tagger: model folder is missing weights.pt"):
        extractors.load(model_copy)


@pytest.mark.parametrize("name", ["network.ts", "weights.pt"])
def test_truncated_weights(model_copy, name):
    f = tagger_dir(model_copy) / name
    data = f.read_bytes()
    f.write_bytes(data[: len(data) // 2])
    if name == "weights.pt":
        (tagger_dir(model_copy) / "network.ts").unlink()
    with pytest.raises(ModelError, match=rf"{name}: weights file is truncated or corrupt"):
        extractors.load(model_copy)


def test_newer_format_version(model_copy):
    f = tagger_dir(model_copy) / "format.json"
    fmt = json.loads(f.read_text())
    fmt["format_version"] = 99
    f.write_text(json.dumps(fmt))
    with pytest.raises(ModelError, match=r"format.json: model was written by format version 99, this package reads version 1"):
        extractors.load(model_copy)


def test_different_label_set(model_copy):
    f = tagger_dir(model_copy) / "format.json"
    fmt = json.loads(f.read_text())
    fmt["labels"] = ["PER", "ORG"]
    f.write_text(json.dumps(fmt))
    with pytest.raises(ModelError, match=r"label set differs \(found \['PER', 'ORG'\], expected \['INDICATOR'"):
        extractors.load(model_copy)


def test_not_a_model_folder(tmp_path):
    with pytest.raises(ModelError, match="config.cfg"):
        extractors.load(tmp_path)


def test_eager_and_traced_agree(model_copy):
    import spacy

    text = "预计全年实现地区生产总值2590亿元、增长7.3%;公共财政预算收入210亿元、增长10.5%。"
    traced = extractors.load(model_copy)
    eager = spacy.load(model_copy, config={"components": {"zh_indicators_tagger": {"use_traced": False}}})
    a, b = traced(text), eager(text)
    assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == [(e.start_char, e.end_char, e.label_) for e in b.ents]
    assert [e._.confidence for e in a.ents] == pytest.approx([e._.confidence for e in b.ents], abs=1e-4)
