"""Reading a training config (spaCy/thinc .cfg) and checking its values.

A config is a full pipeline config: `[nlp]` and `[components.*]` as spaCy reads them,
the network's architecture under `[components.zh_indicators_tagger.model]`, and the
training loop's settings under `[training]`, checked here (`TrainSettings`). A trained
pipeline's own config.cfg carries the same settings under `[zh_indicators.training]`
(spaCy reserves `[training]` for its own loop), so it can be trained again as it is.
"""
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Dict, List, Optional

from thinc.api import Config

from zh_indicators.corpus.errors import Errors, InputError, ModelError

TAGGER = "zh_indicators_tagger"
MODEL_PATH = ("components", TAGGER, "model")
SHIPPED_TRAINING = ("zh_indicators", "training")  # where a trained pipeline's config.cfg keeps [training]
# short override keys: `model.hidden_size=256` is `components.zh_indicators_tagger.model.hidden_size=256`
ALIASES = {"model": MODEL_PATH}


@dataclass
class TrainSettings:
    """The training loop's settings (`[training]`); patience counts epochs without a better dev score."""

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
    # share of the rule baseline's entities blanked in the tagger's input features per window
    # (featurize.drop_rule_spans), so that it does not lean on rules that saw its training gold
    rule_dropout: float = 0.0
    # the attribute head (training/attributes.fit_attributes): excerpts cut from the gold
    # documents besides the whole ones, nets averaged, full-batch epochs per net
    attribute_excerpts: int = 400
    attribute_members: int = 5
    attribute_epochs: int = 300
    # documents assembled from gold excerpts with their part headings put back (0: none)
    attribute_headed_docs: int = 0


def _section(cfg: Config, path) -> Optional[dict]:
    node = cfg
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def training_section(cfg: Config) -> dict:
    """`[training]` of a training config, or `[zh_indicators.training]` of a trained pipeline's."""
    sect = _section(cfg, SHIPPED_TRAINING)
    if sect is None:
        sect = cfg.get("training")
    if sect is None:
        raise ModelError(Errors.E204.format(key="training", found="no such section",
                                            allowed="a [training] section (see configs/default.cfg)"))
    return sect


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
    """Read a config and apply `section.key=value` overrides (any depth; `model.` is short for
    `components.zh_indicators_tagger.model.`)."""
    path = config_path(path)
    cfg = Config().from_disk(path, interpolate=False)
    for ov in overrides or []:
        key, _, val = ov.partition("=")
        parts = key.split(".")
        if parts[0] in ALIASES:
            parts = list(ALIASES[parts[0]]) + parts[1:]
        if parts[0] == "training" and _section(cfg, SHIPPED_TRAINING) is not None:
            parts = list(SHIPPED_TRAINING) + parts[1:]
        parent = _section(cfg, parts[:-1]) if len(parts) > 1 else None
        if not isinstance(parent, dict) or not parts[-1]:
            raise ModelError(Errors.E204.format(key=key, found=val, allowed="section.key=value of the config"))
        parent[parts[-1]] = Config().from_str(f"[x]\nv = {val}")["x"]["v"] if val else None
    return cfg


def pipeline_config(cfg: Config) -> Config:
    """The sections spaCy builds the pipeline from ([nlp], [components])."""
    if "nlp" not in cfg or _section(cfg, MODEL_PATH) is None:
        raise ModelError(Errors.E204.format(key="nlp / components", found=sorted(cfg),
                                            allowed="a pipeline config with [nlp] and "
                                                    "[components.zh_indicators_tagger.model] (see configs/default.cfg)"))
    return Config({"nlp": cfg["nlp"], "components": cfg["components"]})


def resolve(cfg: Config):
    """(ModelSpec, TrainSettings, seed, threads) from a config, checked."""
    from spacy.util import registry  # architectures come in through the spacy_architectures entry point

    model = _section(cfg, MODEL_PATH)
    if model is None:
        pipeline_config(cfg)  # raises the error that names the missing sections
    spec = registry.resolve({"model": model})["model"]
    t = dict(training_section(cfg))
    try:
        settings = TrainSettings(**t)
    except TypeError as e:
        allowed = ", ".join(f.name for f in fields(TrainSettings))
        raise ModelError(Errors.E204.format(key="training", found=sorted(t), allowed=f"{allowed} ({e})")) from None
    for least, keys in ((1, ("max_epochs", "batch_size", "attribute_members", "attribute_epochs")),
                        (0, ("augment_copies", "attribute_excerpts", "attribute_headed_docs"))):
        for k in keys:
            if getattr(settings, k) < least:
                raise ModelError(Errors.E204.format(key=f"training.{k}", found=getattr(settings, k), allowed=f">= {least}"))
    for k in ("char_dropout", "rule_dropout"):
        if not 0 <= getattr(settings, k) < 1:
            raise ModelError(Errors.E204.format(key=f"training.{k}", found=getattr(settings, k), allowed="0 <= x < 1"))
    sysc = cfg.get("system", {})
    return spec, settings, int(sysc.get("seed", 0)), int(sysc.get("threads", 2))


def shipped_config(cfg: Config, nlp_config: Config, spec) -> Config:
    """The config.cfg of a trained pipeline: spaCy's [nlp] and [components] as built, the
    network as trained (its spec), the seed and threads, and the training settings. spaCy's
    default [training], [corpora], [pretraining] and [initialize] blocks are left out: they
    say nothing about how this model was trained (spaCy fills them in memory on load)."""
    out = Config({"nlp": nlp_config["nlp"], "components": nlp_config["components"]})
    out["components"][TAGGER]["model"] = {"@architectures": "zh_indicators.CharEncoder.v1", **asdict(spec)}
    out["system"] = {**dict(cfg.get("system", {})), "gpu_allocator": None}
    out["zh_indicators"] = {"training": dict(training_section(cfg))}
    return out


def config_dict(cfg: Config) -> Dict:
    return {k: dict(v) for k, v in cfg.items()}
