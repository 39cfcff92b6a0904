"""Running the network over texts: windows, batching by length, decoding.

Used by the spaCy component and by training's dev evaluation, so both see the
same predictions.
"""
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch

from zh_indicators.corpus.schema import relation_ends

from .encoding import CharVocab, normalise_text
from .featurize import Window, pad_windows, pair_rows, text_windows
from .model import PAIR_TYPES, IndicatorNet, spans_from_tags, viterbi
from .repair import CLAUSE_BREAK, LIST_JOINERS, repair_spans
# One number applies to several INDICATORs only when the text says so (GUIDELINES §2).
_SHARED_CUE = ("均", "都", "同时")


def adjacent_unit(spans: List[Tuple[int, int, str]], vi: int, text: str) -> Optional[int]:
    """The UNIT written against a VALUE (`2590亿元`, `15万余个`, `百分之六`), which is
    always its unit: the relation head is not asked."""
    vs, ve, _ = spans[vi]
    for ci, (cs, ce, cl) in enumerate(spans):
        if cl != "UNIT":
            continue
        if cs == ve or (cs == ve + 1 and text[ve:cs] in ("余", "多")) or (ce == vs and text[cs:ce] == "百分之"):
            return ci
    return None


@dataclass
class Prediction:
    """Entities (start, end, label, score) and relations (head idx, type, tail idx, score)."""

    entities: List[Tuple[int, int, str, float]] = field(default_factory=list)
    relations: List[Tuple[int, str, int, float]] = field(default_factory=list)


def _with_rule_years(spans: List[Tuple[int, int, str]], rtags: np.ndarray) -> List[Tuple[int, int, str]]:
    """Prefer the rule baseline's YEAR spans; keep the tagger's where the rules found none."""
    years = [x for x in spans_from_tags(rtags.tolist()) if x[2] == "YEAR"]
    overlaps = lambda x, y: x[0] < y[1] and y[0] < x[1]
    kept = [x for x in spans if x[2] != "YEAR" or not any(overlaps(x, y) for y in years)]
    free = [y for y in years if not any(overlaps(x, y) for x in kept)]
    return sorted(kept + free)


_CHAIN = re.compile("[%s]" % LIST_JOINERS)


def fill_chain_indicators(p: Prediction, text: str) -> None:
    """A VALUE left without an INDICATOR inside a chain of values (`分别增长4.5%、6.1%`)
    takes the INDICATOR of its neighbour in the chain: the relation head scores pairs
    one at a time and loses the first item of a chain most often."""
    ents = p.entities
    unit_end = {h: ents[d][1] for h, t, d, _ in p.relations if t == "has_unit"}
    ind_of = {}
    for h, t, d, sc in p.relations:
        if t == "has_value":
            ind_of.setdefault(d, (h, sc))
    values = [i for i, e in enumerate(ents) if e[2] == "VALUE"]
    for a, b in zip(values, values[1:]):
        gap = text[unit_end.get(a, ents[a][1]):ents[b][0]]
        if not _CHAIN.fullmatch(gap):
            continue
        if a not in ind_of and b in ind_of:
            ind_of[a] = ind_of[b]
            p.relations.append((ind_of[b][0], "has_value", a, ind_of[b][1]))
        elif b not in ind_of and a in ind_of:
            ind_of[b] = ind_of[a]
            p.relations.append((ind_of[a][0], "has_value", b, ind_of[a][1]))
    p.relations.sort()


_RESPECTIVELY = "分别"


def respective_pairs(ents: List[Tuple], text: str) -> Dict[int, int]:
    """VALUE index -> INDICATOR index where 分别 distributes a list of values over a list of
    indicators in order (GUIDELINES §4: `新兴产业、高新技术产业产值占比分别达51%和47%`).

    Only the plain case is decided: the indicators stand in the clause before 分别, nothing
    but 、/和/及/与 and the shared words between them, the values in the clause after it, and
    both lists are of one length (two or more). Anything else is left to the relation head."""
    out: Dict[int, int] = {}
    for m in re.finditer(_RESPECTIVELY, text):
        a = max((c.end() for c in CLAUSE_BREAK.finditer(text, 0, m.start())), default=0)
        end = CLAUSE_BREAK.search(text, m.end())
        b = end.start() if end else len(text)
        inds = [i for i, e in enumerate(ents) if e[2] == "INDICATOR" and a <= e[0] and e[1] <= m.start()]
        vals = [i for i, e in enumerate(ents) if e[2] == "VALUE" and m.end() <= e[0] and e[1] <= b]
        if len(inds) < 2 or len(inds) != len(vals):
            continue
        # a list: each gap between indicators is a joiner, so two separate clauses are not paired
        if not all(_CHAIN.search(text[ents[x][1]:ents[y][0]]) for x, y in zip(inds, inds[1:])):
            continue
        if any(e[2] == "VALUE" and a <= e[0] < m.start() for e in ents):
            continue  # values before 分别 too (`新增上市企业3家、挂牌企业11家,累计分别达到…`): not this case
        out.update(zip(vals, inds))
    return out


def distribute_respectively(p: Prediction, text: str) -> None:
    """Links each VALUE of a 分别 list to its own INDICATOR (`respective_pairs`), replacing the
    relation head's choice for those values."""
    pairs = respective_pairs(p.entities, text)
    if not pairs:
        return
    scores = {(h, d): sc for h, t, d, sc in p.relations if t == "has_value"}
    kept = [r for r in p.relations if not (r[1] == "has_value" and r[2] in pairs)]
    p.relations = sorted(kept + [(i, "has_value", v, scores.get((i, v), 1.0)) for v, i in pairs.items()])


class Predictor:
    def __init__(self, net: IndicatorNet, vocab: CharVocab, batch_chars: int = 8192, drop_unlinked: bool = True,
                 rule_years: bool = True, repair: bool = True):
        self.net = net
        self.vocab = vocab
        self.window = net.spec.window
        self.batch_chars = batch_chars
        self._given = None
        # Gold INDICATORs and UNITs exist only as arguments of a VALUE; an unlinked
        # prediction of either is almost always a false positive.
        self.drop_unlinked = drop_unlinked
        # Years are regular and rare in training data: the rule's YEAR spans beat the
        # tagger's (benchmark: rules 0.96 vs model 0.89 F1), so they replace them.
        self.rule_years = rule_years
        # Guideline rules on span edges the tagger can break (extractors/repair.py).
        self.repair = repair

    def windows_of(self, texts: List[str]) -> List[Window]:
        lex = self.net.spec.lexicon_features
        return [w for ti, text in enumerate(texts) for w in text_windows(text, self.vocab, self.window, ti, lex)]

    @torch.inference_mode()
    def predict(self, texts: List[str], given: Optional[List[List[Tuple[int, int, str]]]] = None) -> List[Prediction]:
        """Entities and relations per text.

        given (Optional[list]): entity spans per text to use instead of the tagger's
            (evaluates the relation model alone, with gold entities).
        """
        self.net.eval()
        self._given = given
        preds = [Prediction() for _ in texts]
        items = self.windows_of(texts)
        order = sorted(range(len(items)), key=lambda i: len(items[i]))
        batch: List[int] = []
        for k in order + [None]:
            if k is not None:
                width = len(items[k])
                if not batch or (len(batch) + 1) * width <= self.batch_chars:
                    batch.append(k)
                    continue
            if batch:
                self._run_batch([items[i] for i in batch], preds)
            batch = [k] if k is not None else []
        for ti, p in enumerate(preds):
            order_e = sorted(range(len(p.entities)), key=lambda i: p.entities[i][0])
            remap = {old: new for new, old in enumerate(order_e)}
            p.entities = [p.entities[i] for i in order_e]
            p.relations = sorted((remap[h], t, remap[d], s) for h, t, d, s in p.relations)
            if given is not None:
                continue
            norm = normalise_text(texts[ti])
            # before unlinked names are dropped: the head often links a 分别 list's first name to nothing
            distribute_respectively(p, norm)
            if self.drop_unlinked:
                linked = {h for h, _, _, _ in p.relations} | {d for _, _, d, _ in p.relations}
                keep = [i for i, e in enumerate(p.entities) if e[2] in ("VALUE", "YEAR") or i in linked]
                old_to_new = {old: new for new, old in enumerate(keep)}
                p.entities = [p.entities[i] for i in keep]
                p.relations = [(old_to_new[h], t, old_to_new[d], sc) for h, t, d, sc in p.relations]
            fill_chain_indicators(p, norm)
        return preds

    def _run_batch(self, batch: List[Window], preds: List[Prediction]) -> None:
        x = pad_windows(batch)
        dev = next(self.net.parameters()).device
        inputs = ("ids", "classes", "mask", "rule_tags") + (("lexicon",) if self.net.spec.lexicon_features else ())
        states = self.net.encode(*(torch.from_numpy(x[k]).to(dev) for k in inputs))
        logp = torch.log_softmax(self.net.tag_logits(states), -1).float().cpu()
        paths = viterbi(logp.numpy(), [len(w) for w in batch])
        logp_np = logp.numpy()
        rows, pair_meta = [], []
        win_spans = []
        for i, (w, path) in enumerate(zip(batch, paths)):
            if self._given is not None:
                spans = sorted((a - w.start, b - w.start, l) for a, b, l in self._given[w.text_index]
                               if w.start <= a and b <= w.end)
            else:
                spans = spans_from_tags(path)
                if self.repair:
                    spans = repair_spans(spans, w.norm)
                if self.rule_years:
                    spans = _with_rule_years(spans, w.rule_tags)
            win_spans.append(spans)
            r, meta = pair_rows(spans, w.sentence, i)
            rows += r
            pair_meta += [(i, vi, ci) for vi, ci in meta]
        probs = []
        if rows:
            logits = self.net.pair_logits(states, torch.tensor(rows, dtype=torch.long, device=dev))
            probs = torch.sigmoid(logits).float().cpu().numpy()
        # candidate scores per window, per VALUE
        chosen: Dict[int, Dict[int, List[Tuple[int, float]]]] = {}
        for (i, vi, ci), p in zip(pair_meta, probs):
            chosen.setdefault(i, {}).setdefault(vi, []).append((ci, float(p)))
        for i, w in enumerate(batch):
            s, text = w.start, w.norm
            pred = preds[w.text_index]
            base = len(pred.entities)
            for (a, b_, label) in win_spans[i]:
                conf = 1.0 if self._given is not None else float(
                    np.exp(logp_np[i, np.arange(a, b_), np.array(paths[i][a:b_])].mean()))
                pred.entities.append((s + a, s + b_, label, conf))
            for vi, cands in chosen.get(i, {}).items():
                by_label: Dict[str, List[Tuple[int, float]]] = {}
                for ci, p in cands:
                    by_label.setdefault(win_spans[i][ci][2], []).append((ci, p))
                adj = adjacent_unit(win_spans[i], vi, text)
                if adj is not None:
                    by_label["UNIT"] = [(adj, max([p for ci, p in by_label.get("UNIT", []) if ci == adj] + [0.5]))]
                for label, lst in by_label.items():
                    lst.sort(key=lambda x: -x[1])
                    best_ci, best_p = lst[0]
                    if best_p < 0.5:
                        continue
                    keep = [(best_ci, best_p)]
                    if label == "INDICATOR":
                        vs = win_spans[i][vi][0]
                        keep += [(ci, p) for ci, p in lst[1:] if p >= 0.9 and
                                 any(cue in text[max(win_spans[i][ci][1], win_spans[i][best_ci][1]):vs]
                                     for cue in _SHARED_CUE)]
                    rtype = PAIR_TYPES[label]
                    for ci, p in keep:
                        head, tail = relation_ends(base + vi, rtype, base + ci)
                        pred.relations.append((head, rtype, tail, p))
