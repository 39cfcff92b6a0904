"""Configs by path or by packaged name: `train --config default` works outside a checkout."""
import pytest

from zh_indicators.corpus.errors import InputError
from zh_indicators.training.config import config_path, load_config, packaged_configs


def test_packaged_configs_are_found_by_name(tmp_path, monkeypatch):
    names = packaged_configs()
    assert set(names) >= {"default", "tiny", "pretrained"}
    monkeypatch.chdir(tmp_path)  # no configs/ folder here
    assert config_path("default") == names["default"]
    assert config_path("tiny.cfg") == names["tiny"]
    assert config_path("configs/tiny.cfg") == names["tiny"]
    assert load_config("tiny")["components"]["zh_indicators_tagger"]["model"]["hidden_size"] == 32


def test_a_file_of_the_same_name_wins(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tiny.cfg").write_text("[system]\nseed = 1\n", encoding="utf-8")
    assert config_path("tiny.cfg") == (tmp_path / "tiny.cfg").relative_to(tmp_path)


def test_unknown_config_names_the_packaged_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=r"no such config file: huge \(allowed: a .cfg file, or the name of a "
                                         r"packaged config: default, pretrained, tiny\)"):
        load_config("huge")
    with pytest.raises(InputError, match=r"no such config file: elsewhere/default.cfg"):
        load_config("elsewhere/default.cfg")
