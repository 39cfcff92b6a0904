"""The learned attribute head: status, kind, direction and the choice of period of
each VALUE, from the features of `attr_features` (cue words, document part, years
near the value, and the rule baseline's answer).

A few small MLPs trained from different seeds, their probabilities averaged (the head
learns from a few thousand VALUEs, so one seed's net is noticeably noisier than the
average): they train in seconds on CPU, ship as a few kB of weights next to the tagger,
and give a probability with each answer (a fact's confidence for status and period).
"""
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch
from torch import nn

from zh_indicators.corpus.errors import Errors, ModelError

from .attr_features import DIRECTION, KIND, PERIOD_CHOICES, STATUS
from .parts import PART_LABELS, TIME_PARTS, PartModel, PartNet, n_part_features

FORMAT_VERSION = 2  # 2: a list of member nets
WEIGHTS = "attributes.pt"
PART_WEIGHTS = "parts.pt"  # the head's input: the time-line part model (TIME_PARTS)
PARAGRAPH_PART_WEIGHTS = "paragraph_parts.pt"  # the facts' `part`: the seven parts of GUIDELINES §10
SPEC = "attributes.json"
HEADS = {"status": STATUS, "kind": KIND, "direction": DIRECTION, "period": PERIOD_CHOICES}


class AttributeNet(nn.Module):
    def __init__(self, n_features: int, hidden: int = 64, dropout: float = 0.1):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_features, hidden), nn.ReLU(), nn.Dropout(dropout),
                                  nn.Linear(hidden, hidden), nn.ReLU())
        self.heads = nn.ModuleDict({k: nn.Linear(hidden, len(v)) for k, v in HEADS.items()})

    def forward(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        h = self.body(x)
        return {k: head(h) for k, head in self.heads.items()}


@dataclass
class AttributePrediction:
    status: str
    kind: str
    direction: Optional[str]
    period_probs: Dict[str, float]   # choice -> probability
    status_confidence: float


class AttributeModel:
    """Trained AttributeNets (an ensemble) with their feature size, saved as json spec + weights."""

    def __init__(self, nets: List[AttributeNet], n_features: int, hidden: int, parts: Optional[PartModel] = None,
                 paragraph_parts: Optional[PartModel] = None):
        self.nets = [n.eval() for n in nets]
        self.n_features, self.hidden = n_features, hidden
        self.parts = parts  # the time-line part per paragraph, whose output is a feature
        self.paragraph_parts = paragraph_parts  # the part label per paragraph the facts carry

    @torch.inference_mode()
    def predict(self, feats: np.ndarray) -> List[AttributePrediction]:
        if len(feats) == 0:
            return []
        if feats.shape[1] != self.n_features:
            raise ModelError(Errors.E203.format(path=SPEC, found=f"{feats.shape[1]} features",
                                                allowed=f"{self.n_features} features"))
        x = torch.from_numpy(np.asarray(feats, dtype=np.float32))
        outs = [net(x) for net in self.nets]
        probs = {k: torch.stack([torch.softmax(o[k], -1) for o in outs]).mean(0).numpy() for k in HEADS}
        preds = []
        for i in range(len(feats)):
            s = int(probs["status"][i].argmax())
            preds.append(AttributePrediction(
                status=STATUS[s], kind=KIND[int(probs["kind"][i].argmax())],
                direction=DIRECTION[int(probs["direction"][i].argmax())],
                period_probs={c: float(p) for c, p in zip(PERIOD_CHOICES, probs["period"][i])},
                status_confidence=float(probs["status"][i][s])))
        return preds

    def to_disk(self, path: Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / SPEC).write_text(json.dumps({"format_version": FORMAT_VERSION, "n_features": self.n_features,
                                             "hidden": self.hidden, "members": len(self.nets), "heads": {k: [str(x) for x in v]
                                                                               for k, v in HEADS.items()},
                                             "parts": _part_spec(self.parts),
                                             "paragraph_parts": _part_spec(self.paragraph_parts)}),
                                 encoding="utf-8")
        torch.save([net.state_dict() for net in self.nets], path / WEIGHTS)
        for model, name in ((self.parts, PART_WEIGHTS), (self.paragraph_parts, PARAGRAPH_PART_WEIGHTS)):
            if model is not None:
                torch.save(model.net.state_dict(), path / name)

    @classmethod
    def from_disk(cls, path: Path) -> Optional["AttributeModel"]:
        """The saved head, or None when the folder has none (a model trained before it)."""
        path = Path(path)
        if not (path / SPEC).exists():
            return None
        spec = json.loads((path / SPEC).read_text(encoding="utf-8"))
        if spec.get("format_version") != FORMAT_VERSION:
            raise ModelError(Errors.E202.format(path=path / SPEC, found=spec.get("format_version"),
                                                allowed=FORMAT_VERSION))
        if not (path / WEIGHTS).exists():
            raise ModelError(Errors.E200.format(path=path, what=WEIGHTS))
        nets = [AttributeNet(spec["n_features"], spec["hidden"]) for _ in range(spec.get("members", 1))]
        try:
            states = torch.load(path / WEIGHTS, map_location="cpu", weights_only=True)
            if not isinstance(states, list) or len(states) != len(nets):
                raise RuntimeError(f"expected {len(nets)} member nets")
            for net, state in zip(nets, states):
                net.load_state_dict(state)
        except (RuntimeError, EOFError, OSError) as e:
            raise ModelError(Errors.E201.format(path=path / WEIGHTS, reason=e)) from None
        return cls(nets, spec["n_features"], spec["hidden"], _load_part(path, spec.get("parts"), PART_WEIGHTS, TIME_PARTS),
                   _load_part(path, spec.get("paragraph_parts"), PARAGRAPH_PART_WEIGHTS, PART_LABELS))


def _part_spec(model: Optional[PartModel]) -> Optional[Dict]:
    return None if model is None else {"labels": list(model.labels), "n_features": model.n_features,
                                       "hidden": model.hidden}


def _load_part(path: Path, p: Optional[Dict], name: str, labels) -> Optional[PartModel]:
    """A saved part model whose labels and features are this code's, or None when none was saved."""
    if not p:
        return None
    n_features = n_part_features(labels)
    if p.get("labels") != list(labels) or p.get("n_features") != n_features:
        raise ModelError(Errors.E203.format(path=path / SPEC, found=f"parts {p.get('labels')}, {p.get('n_features')} features",
                                            allowed=f"parts {list(labels)}, {n_features} features"))
    net = PartNet(n_features, p["hidden"], len(labels))
    try:
        net.load_state_dict(torch.load(path / name, map_location="cpu", weights_only=True))
    except (RuntimeError, EOFError, OSError) as e:
        raise ModelError(Errors.E201.format(path=path / name, reason=e)) from None
    return PartModel(net, p["hidden"], labels)


def choose_period(probs: Dict[str, float], resolve) -> Tuple[Optional[str], float]:
    """The period with the most probability mass over the choices that resolve to it.

    resolve: choice -> period (or None). Several choices may name one period (the
    rule's answer is often the report year − 1): their probabilities add up.
    """
    mass: Dict[Optional[str], float] = {}
    for c, p in probs.items():
        per = resolve(c)
        if per is None and c != "null":
            continue  # a choice that cannot be resolved here (no linked YEAR, no report year)
        mass[per] = mass.get(per, 0.0) + p
    if not mass:
        return None, 0.0
    total = sum(mass.values())
    best = max(mass, key=mass.get)
    return best, mass[best] / total if total else 0.0
