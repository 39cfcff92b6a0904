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


@pytest.mark.parametrize("override,key", [
    ("training.attribute_members=0", "training.attribute_members"),
    ("training.attribute_epochs=0", "training.attribute_epochs"),
    ("training.attribute_excerpts=-1", "training.attribute_excerpts"),
    ("training.rule_dropout=1.0", "training.rule_dropout"),
    ("training.char_dropout=-0.1", "training.char_dropout"),
])
def test_attribute_head_settings_are_checked(override, key):
    from zh_indicators.corpus.errors import ModelError
    from zh_indicators.training.config import resolve

    with pytest.raises(ModelError, match=key):
        resolve(load_config("configs/tiny.cfg", [override]))


def test_attribute_head_settings_default_to_the_shipped_ones():
    from zh_indicators.training.config import resolve

    settings = resolve(load_config("configs/default.cfg"))[1]
    assert (settings.attribute_excerpts, settings.attribute_members, settings.attribute_epochs) == (400, 5, 300)
    tiny = resolve(load_config("configs/tiny.cfg"))[1]
    assert tiny.attribute_members < settings.attribute_members
