"""The optimisation loop: batches, losses, one epoch."""
import random
from typing import List

import numpy as np
import torch
from torch import nn

from zh_indicators.extractors.encoding import UNK
from zh_indicators.extractors.featurize import PAIR_COLUMNS, pad_windows
from zh_indicators.extractors.model import IndicatorNet

from .examples import Example


def set_seed(seed: int, threads: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)


def collate(batch: List[Example], char_dropout: float, rng: np.random.Generator, unk_id: int = UNK,
            rule_dropout: float = 0.0):
    x = pad_windows([ex.window for ex in batch], tags=[ex.tags for ex in batch], char_dropout=char_dropout, rng=rng,
                    unk_id=unk_id, rule_dropout=rule_dropout)
    pairs, gold = [], []
    for i, ex in enumerate(batch):
        if len(ex.pairs):
            p = ex.pairs.copy()
            p[:, 0] = i
            pairs.append(p)
            gold.append(ex.pair_gold)
    pairs_t = torch.from_numpy(np.concatenate(pairs)) if pairs else torch.zeros((0, PAIR_COLUMNS), dtype=torch.long)
    gold_t = torch.from_numpy(np.concatenate(gold)) if gold else torch.zeros(0)
    return (torch.from_numpy(x["ids"]), torch.from_numpy(x["classes"]), torch.from_numpy(x["mask"]),
            torch.from_numpy(x["tags"]), pairs_t, gold_t, torch.from_numpy(x["rule_tags"]), torch.from_numpy(x["lexicon"]))


def train_epoch(net: IndicatorNet, examples: List[Example], opt, sched, batch_size: int,
                char_dropout: float, rel_weight: float, rng: np.random.Generator, unk_id: int = UNK,
                rule_dropout: float = 0.0) -> float:
    net.train()
    order = rng.permutation(len(examples))
    ce = nn.CrossEntropyLoss(ignore_index=-100)
    bce = nn.BCEWithLogitsLoss()
    total, steps = 0.0, 0
    for k in range(0, len(order), batch_size):
        batch = [examples[i] for i in order[k:k + batch_size]]
        dev = next(net.parameters()).device
        ids, cls, mask, tags, pairs, gold, rt, lex = (t.to(dev) for t in collate(batch, char_dropout, rng, unk_id,
                                                                                  rule_dropout))
        states = net.encode(ids, cls, mask, rt, lex)
        logits = net.tag_logits(states)
        loss = ce(logits.reshape(-1, logits.shape[-1]), tags.reshape(-1))
        if len(pairs):
            loss = loss + rel_weight * bce(net.pair_logits(states, pairs), gold)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        if sched is not None:
            sched.step()
        total += loss.item()
        steps += 1
    return total / max(steps, 1)
