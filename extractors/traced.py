"""A TorchScript copy of the trained network, for fast loading.

Importing `transformers` costs about 2 s; the shipped pipeline loads the traced
network instead (same weights, same operations, checked equal at save time), so
`extractors.load()` needs only torch and spaCy. The eager network is still saved
(weights.pt) for retraining.
"""
import warnings
from pathlib import Path

import torch
from torch import nn

from .lexicon import N_LEXICON_CODES

TRACED = "network.ts"


class _Wrapper(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, ids, classes, mask, rule_tags):
        return self.net.encode(ids, classes, mask, rule_tags)

    def tag(self, states):
        return self.net.tag_logits(states)

    def pairs(self, states, pairs):
        return self.net.pair_logits(states, pairs)


class _LexiconWrapper(_Wrapper):
    """The archive of a network that reads lexicon codes: a fifth input."""

    def forward(self, ids, classes, mask, rule_tags, lexicon):
        return self.net.encode(ids, classes, mask, rule_tags, lexicon)


def _example(vocab_size: int, batch: int, length: int, lexicon: bool = False):
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(1, max(2, vocab_size), (batch, length), generator=g)
    cls = torch.randint(0, 8, (batch, length), generator=g)
    mask = torch.ones(batch, length, dtype=torch.long)
    rt = torch.randint(0, 9, (batch, length), generator=g)
    if lexicon:
        return ids, cls, mask, rt, torch.randint(0, N_LEXICON_CODES, (batch, length), generator=g)
    return ids, cls, mask, rt


@torch.inference_mode()
def save_traced(net, vocab_size: int, path: Path) -> None:
    net.eval()
    lex = net.spec.lexicon_features
    w = (_LexiconWrapper if lex else _Wrapper)(net).eval()
    ex = _example(vocab_size, 3, 40, lex)
    states = w(*ex)
    pairs = torch.tensor([[0, 1, 3, 5, 8, 0, 20, 0, 0], [2, 0, 2, 30, 33, 1, 25, 1, 0]], dtype=torch.long)
    with warnings.catch_warnings():
        # shape-dependent branches in the encoder are constant for our inputs (the
        # mask always spans the sequence); the check below proves the trace general
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        traced = torch.jit.trace_module(w, {"forward": ex, "tag": (states,), "pairs": (states, pairs)},
                                        check_trace=False)
    # the trace must agree with the eager network on other shapes, or it is not written
    ex2 = _example(vocab_size, 2, 97, lex)
    ex2[2][1, 50:] = 0
    s1, s2 = w(*ex2), traced(*ex2)
    if not torch.allclose(s1, s2, atol=1e-5) or not torch.allclose(w.tag(s1), traced.tag(s2), atol=1e-5):
        raise RuntimeError("traced network disagrees with the eager one; not saving it")
    torch.jit.save(traced, str(path))


class TracedNet:
    """The interface Predictor uses (encode, tag_logits, pair_logits, spec, parameters)."""

    def __init__(self, path: Path, spec):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            self.module = torch.jit.load(str(path), map_location="cpu")
        self.module.eval()
        self.spec = spec

    def parameters(self):
        return self.module.parameters()

    def eval(self):
        return self

    def to(self, device):
        self.module.to(device)
        return self

    def encode(self, ids, classes, mask, rule_tags=None, lexicon=None):
        if self.spec.lexicon_features:
            return self.module(ids, classes, mask, rule_tags, lexicon)
        return self.module(ids, classes, mask, rule_tags)

    def tag_logits(self, states):
        return self.module.tag(states)

    def pair_logits(self, states, pairs):
        if pairs.numel() == 0:
            return states.new_zeros(0)
        return self.module.pairs(states, pairs)
