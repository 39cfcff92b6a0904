"""The network: a BERT-style character encoder (from a `transformers` config, or a
local pretrained checkpoint), a BIO tagging head and a pair-scoring relation head.

Kept apart from the spaCy component that runs it (extractors/tagger.py).
"""
from dataclasses import asdict, dataclass
from typing import List, Optional

import numpy as np
import torch
from torch import nn

from zh_indicators.corpus.schema import RELATIONS, TAGS

from .encoding import CLASSES
from .lexicon import N_LEXICON_CODES

# candidate label -> relation type, for pairs (VALUE, candidate)
PAIR_TYPES = {"INDICATOR": "has_value", "UNIT": "has_unit", "YEAR": "in_year"}
PAIR_LABELS = list(PAIR_TYPES)
N_DIST = 41  # signed, log-bucketed distance buckets
N_BETWEEN = 6  # 0..5+ VALUEs between the pair


@dataclass
class ModelSpec:
    """Hyper-parameters of the network (a registered architecture returns one)."""

    hidden_size: int = 128
    num_layers: int = 2
    num_heads: int = 4
    intermediate_size: int = 256
    window: int = 160
    dropout: float = 0.1
    rel_hidden: int = 128
    conv_kernel: int = 5
    rule_features: bool = True
    lexicon_features: bool = False
    pretrained: Optional[str] = None

    def to_dict(self):
        return asdict(self)


def dist_bucket(d: np.ndarray) -> np.ndarray:
    """Signed log buckets of a character distance: exact up to ±8, coarser beyond."""
    a = np.abs(d)
    b = np.where(a <= 8, a, 8 + np.minimum(np.log2(np.maximum(a, 1) / 8) * 4, 11.99).astype(np.int64))
    return np.where(d < 0, 20 - b, 20 + b).clip(0, N_DIST - 1)


class IndicatorNet(nn.Module):
    def __init__(self, spec: ModelSpec, vocab_size: int, weights_only: bool = False,
                 encoder_config: Optional[dict] = None):
        """Build the network.

        weights_only (bool): build the pretrained encoder's architecture from its
            config without reading its weights (they come from the saved model).
        """
        super().__init__()
        from transformers import BertConfig, BertModel

        self.spec = spec
        if spec.pretrained:
            from transformers import AutoConfig, AutoModel

            if weights_only and encoder_config is not None:
                # a saved model carries its encoder's config: the checkpoint folder is not needed
                conf = dict(encoder_config)
                self.encoder = AutoModel.from_config(AutoConfig.for_model(conf.pop("model_type"), **conf))
            elif weights_only:
                self.encoder = AutoModel.from_config(AutoConfig.from_pretrained(spec.pretrained, local_files_only=True))
            else:
                self.encoder = AutoModel.from_pretrained(spec.pretrained, local_files_only=True)
            hidden = self.encoder.config.hidden_size
            # the checkpoint's own character embeddings; its vocab gives the ids
            self.char_emb = self.encoder.get_input_embeddings()
        else:
            config = BertConfig(vocab_size=vocab_size, hidden_size=spec.hidden_size,
                                num_hidden_layers=spec.num_layers, num_attention_heads=spec.num_heads,
                                intermediate_size=spec.intermediate_size,
                                max_position_embeddings=spec.window + 8, type_vocab_size=1,
                                hidden_dropout_prob=spec.dropout, attention_probs_dropout_prob=spec.dropout)
            self.encoder = BertModel(config, add_pooling_layer=False)
            hidden = spec.hidden_size
            self.char_emb = self.encoder.embeddings.word_embeddings
        self.class_emb = nn.Embedding(len(CLASSES), hidden)
        # The rule baseline's BIO tags as an input feature: the network learns where
        # to trust and where to correct them (values, units and years are mostly regular).
        self.rule_emb = nn.Embedding(len(TAGS), hidden) if spec.rule_features else None
        # Where lexicon words begin and end around each character (extractors/lexicon.py):
        # name edges fall between words (粮食产量|增长), which a few hundred documents teach slowly.
        self.lex_emb = nn.Embedding(N_LEXICON_CODES, hidden) if spec.lexicon_features else None
        # A local convolution gives the from-scratch encoder the n-gram view that
        # small data cannot teach self-attention quickly.
        self.conv = (nn.Conv1d(hidden, hidden, spec.conv_kernel, padding=spec.conv_kernel // 2)
                     if spec.conv_kernel > 1 else None)
        self.tag_head = nn.Linear(hidden, len(TAGS))
        self.dist_emb = nn.Embedding(N_DIST, 32)
        self.between_emb = nn.Embedding(N_BETWEEN, 16)
        self.pair_label_emb = nn.Embedding(len(PAIR_LABELS), 16)
        self.rel_mlp = nn.Sequential(
            nn.Linear(4 * hidden + 32 + 16 + 16, spec.rel_hidden), nn.GELU(),
            nn.Dropout(spec.dropout), nn.Linear(spec.rel_hidden, 1))

    def encode(self, ids: torch.Tensor, classes: torch.Tensor, mask: torch.Tensor,
               rule_tags: Optional[torch.Tensor] = None, lexicon: Optional[torch.Tensor] = None) -> torch.Tensor:
        embeds = self.char_emb(ids) + self.class_emb(classes)
        if self.rule_emb is not None and rule_tags is not None:
            embeds = embeds + self.rule_emb(rule_tags)
        if self.lex_emb is not None and lexicon is not None:
            embeds = embeds + self.lex_emb(lexicon)
        if self.conv is not None:
            local = self.conv((embeds * mask.unsqueeze(-1)).transpose(1, 2)).transpose(1, 2)
            embeds = embeds + nn.functional.gelu(local)
        return self.encoder(inputs_embeds=embeds, attention_mask=mask).last_hidden_state

    def tag_logits(self, states: torch.Tensor) -> torch.Tensor:
        return self.tag_head(states)

    def pair_logits(self, states: torch.Tensor, pairs: torch.Tensor) -> torch.Tensor:
        """Scores of candidate pairs.

        pairs (LongTensor[n, 9]): batch index, value start, value end (exclusive),
            candidate start, candidate end, candidate label index, distance bucket,
            values-between bucket, unused.
        """
        if pairs.numel() == 0:
            return states.new_zeros(0)
        b = pairs[:, 0]
        v_first = states[b, pairs[:, 1]]
        v_last = states[b, pairs[:, 2] - 1]
        c_first = states[b, pairs[:, 3]]
        c_last = states[b, pairs[:, 4] - 1]
        feats = torch.cat([v_first, v_last, c_first, c_last, self.dist_emb(pairs[:, 6]),
                           self.between_emb(pairs[:, 7]), self.pair_label_emb(pairs[:, 5])], dim=-1)
        return self.rel_mlp(feats).squeeze(-1)


def allowed_transitions() -> np.ndarray:
    """allowed[i, j]: tag j may follow tag i (I-X only after B-X or I-X)."""
    n = len(TAGS)
    ok = np.ones((n, n), dtype=bool)
    for j, t in enumerate(TAGS):
        if t.startswith("I-"):
            for i, s in enumerate(TAGS):
                ok[i, j] = s[2:] == t[2:] and s != "O"
    return ok


_ALLOWED = allowed_transitions()
_START_OK = np.array([not t.startswith("I-") for t in TAGS])


def viterbi(log_probs: np.ndarray, lengths: List[int]) -> List[List[int]]:
    """Best valid tag sequence per window (batched over windows, loop over positions).

    log_probs (ndarray[B, T, n_tags]); RETURNS one list of tag ids per window.
    """
    B, T, n = log_probs.shape
    trans = np.where(_ALLOWED, 0.0, -1e9)
    score = log_probs[:, 0] + np.where(_START_OK, 0.0, -1e9)
    back = np.zeros((B, T, n), dtype=np.int16)
    for t in range(1, T):
        cand = score[:, :, None] + trans[None]
        back[:, t] = cand.argmax(1)
        new = cand.max(1) + log_probs[:, t]
        active = (np.asarray(lengths) > t)[:, None]
        score = np.where(active, new, score)
        if not active.all():
            back[~active[:, 0], t] = np.arange(n)
    out = []
    best = score.argmax(1)
    for bi in range(B):
        L = lengths[bi]
        seq = [int(best[bi])]
        for t in range(L - 1, 0, -1):
            seq.append(int(back[bi, t, seq[-1]]))
        out.append(seq[::-1][:L])
    return out


def spans_from_tags(tags: List[int]) -> List[tuple]:
    """(start, end, label) spans of a valid BIO sequence."""
    spans, start, label = [], None, None
    for i, t in enumerate(tags + [0]):
        name = TAGS[t]
        if start is not None and not name.startswith("I-"):
            spans.append((start, i, label))
            start = None
        if name.startswith("B-"):
            start, label = i, name[2:]
    return spans


assert set(RELATIONS) == set(PAIR_TYPES.values())
