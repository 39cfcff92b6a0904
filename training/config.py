"""Reading a training config (spaCy/thinc .cfg) and checking its values."""
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from thinc.api import Config

from zh_indicators.corpus.errors import Errors, ModelError, InputError


@dataclass
class TrainSettings:
    max_epochs: int
    patience: int
    batch_size: int
    learning_rate: float
    weight_decay: float
    warmup_steps: int
    char_dropout: float
    rel_loss_weight: float
    max_minutes: float
    augment_copies: int = 0


def _config_dirs() -> List[Path]:
    here = Path(__file__).resolve().parent
    # installed wheel: zh_indicators/training/configs/; source checkout or editable install: configs/
    return [here / "configs", here.parent / "configs"]


def packaged_configs() -> Dict[str, Path]:
    """The configs shipped with the package, by name (default, tiny, pretrained)."""
    for d in _config_dirs():
        found = sorted(d.glob("*.cfg"))
        if found:
            return {p.stem: p for p in found}
    return {}


def config_path(name) -> Path:
    """A config file: the path as given when it is a file, else a packaged config by name
    (`default` or `default.cfg`)."""
    path = Path(name)
    if path.is_file():
        return path
    if path.parent == Path("."):
        found = packaged_configs().get(path.stem if path.suffix == ".cfg" else path.name)
        if found is not None:
            return found
    if path.parent == Path("configs"):  # the README's configs/NAME.cfg outside a checkout
        found = packaged_configs().get(path.stem)
        if found is not None:
            return found
    raise InputError(Errors.E210.format(path=path, allowed=", ".join(packaged_configs()) or "none installed"))


def load_config(path, overrides: Optional[List[str]] = None) -> Config:
    path = config_path(path)
    cfg = Config().from_disk(path)
    for ov in overrides or []:
        key, _, val = ov.partition("=")
        sect, _, name = key.partition(".")
        if sect not in cfg or not name:
            raise ModelError(Errors.E204.format(key=key, found=val, allowed="section.key=value of the config"))
        cfg[sect][name] = Config().from_str(f"[x]\nv = {val}")["x"]["v"] if val else None
    return cfg


def resolve(cfg: Config):
    """(ModelSpec, TrainSettings, seed, threads) from a config, checked."""
    from spacy.util import registry  # architectures come in through the spacy_architectures entry point

    spec = registry.resolve({"model": cfg["model"]})["model"]
    t = dict(cfg["training"])
    try:
        settings = TrainSettings(**t)
    except TypeError as e:
        raise ModelError(Errors.E204.format(key="training", found=sorted(t), allowed=str(e))) from None
    for k in ("max_epochs", "batch_size"):
        if getattr(settings, k) < 1:
            raise ModelError(Errors.E204.format(key=f"training.{k}", found=getattr(settings, k), allowed=">= 1"))
    if settings.augment_copies < 0:
        raise ModelError(Errors.E204.format(key="training.augment_copies", found=settings.augment_copies, allowed=">= 0"))
    if not 0 <= settings.char_dropout < 1:
        raise ModelError(Errors.E204.format(key="training.char_dropout", found=settings.char_dropout, allowed="0 <= x < 1"))
    sysc = cfg.get("system", {})
    return spec, settings, int(sysc.get("seed", 0)), int(sysc.get("threads", 2))


def config_dict(cfg: Config) -> Dict:
    return {k: dict(v) for k, v in cfg.items()}
