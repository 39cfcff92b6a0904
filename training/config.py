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


def load_config(path, overrides: Optional[List[str]] = None) -> Config:
    path = Path(path)
    if not path.exists():
        raise InputError(Errors.E206.format(path=path))
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
