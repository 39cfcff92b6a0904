"""Training the attribute head from gold: one example per gold VALUE, its features
computed from the gold entities and relations in the document's context.

Besides the documents as annotated, excerpts cut from the seed reports at random
paragraph boundaries, with their headings and title dropped, so that the head learns
the cues in the text rather than the position under a heading.
"""
import functools
import itertools
import random
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch

from zh_indicators.corpus.parts import load_parts, part_of
from zh_indicators.corpus.reports import document_groups, load_metadata
from zh_indicators.extractors.attr_features import DIRECTION, KIND, PERIOD_CHOICES, STATUS, features, period_of_choice, year_period
from zh_indicators.extractors.attr_model import AttributeModel, AttributeNet
from zh_indicators.extractors.context import build_context
from zh_indicators.extractors.encoding import normalise_text
from zh_indicators.extractors.facts import build_facts
from zh_indicators.extractors.parts import (PART_LABELS, TIME_PARTS, PartModel, PartNet, n_part_features,
                                            paragraph_features, paragraph_labels, reads_page_cues)

# (text, report year, entities, relations, gold attributes by entity index, gold parts as
# (offset, part) of the paragraphs the part layer has)
Doc = Tuple[str, Optional[int], List[Tuple[int, int, str, float]], List[Tuple[int, str, int, float]], Dict[int, Dict],
            List[Tuple[int, str]]]


@functools.lru_cache(maxsize=1)
def _corpus_parts():
    return load_parts()


def _doc(text: str, year: Optional[int], recs: List[Dict], offsets: List[int]) -> Doc:
    ents, rels, attrs, parts = [], [], {}, []
    for r, off in zip(recs, offsets):
        part = part_of(r, _corpus_parts())
        if part is not None:
            parts.append((off, part))
        idx = {}
        for e in sorted(r["entities"], key=lambda e: e["start"]):
            idx[e["id"]] = len(ents)
            ents.append((off + e["start"], off + e["end"], e["label"], 1.0))
            if e["label"] == "VALUE":
                attrs[idx[e["id"]]] = r["attributes"].get(e["id"], {})
        rels += [(idx[x["head"]], x["type"], idx[x["tail"]], 1.0) for x in r["relations"]
                 if x["head"] in idx and x["tail"] in idx]
    order = sorted(range(len(ents)), key=lambda i: ents[i][0])
    remap = {old: new for new, old in enumerate(order)}
    return (text, year, [ents[i] for i in order], [(remap[h], t, remap[d], s) for h, t, d, s in rels],
            {remap[k]: v for k, v in attrs.items()}, parts)


def gold_documents(records: List[Dict]) -> List[Doc]:
    """Whole corpus documents where all their paragraphs are present, else paragraphs."""
    return [_doc(text, year, recs, offsets) for text, year, recs, offsets in document_groups(records)]


def _is_heading(rec: Dict) -> bool:
    t = rec["text"]
    return not any(e["label"] == "VALUE" for e in rec["entities"]) and (
        len(t) < 40 or t[:2] in ("一、", "二、", "三、", "四、", "五、", "(一", "（一"))


def excerpts(records: List[Dict], n: int, seed: int) -> List[Doc]:
    """Random excerpts of the seed reports: a run of paragraphs, headings dropped."""
    rng = random.Random(seed)
    meta = load_metadata()
    by: Dict[str, List[Dict]] = {}
    for r in records:
        if str(r["report"]) in meta:
            by.setdefault(str(r["report"]), []).append(r)
    out = []
    reports = sorted(by)
    if not reports:
        return out
    for _ in range(n):
        rid = rng.choice(reports)
        recs = sorted(by[rid], key=lambda r: r["paragraph"])
        a = rng.randrange(len(recs))
        b = min(len(recs), a + rng.randint(2, 12))
        keep = [r for r in recs[a:b] if not _is_heading(r)]
        if not keep:
            continue
        offsets, pos = [], 0
        for r in keep:
            offsets.append(pos)
            pos += len(r["text"]) + 1
        out.append(_doc("\n".join(r["text"] for r in keep), meta[rid].report_year, keep, offsets))
    return out


# the heading a report puts over each part (the heading rules of extractors/context.py read them)
_PART_HEADINGS = {"review": "一、{prev}年工作回顾", "five_year": "过去五年工作回顾",
                  "outlook": "未来五年的主要目标任务", "plan": "二、{year}年工作安排"}


def _heading_years(recs: List[Dict], year: int) -> Dict[str, int]:
    """The years the headings state: a review's is the year its values' gold periods name
    most (a report delivered in December reviews its own year: 2023年工作回顾 in a 2023
    report), a plan's the report year."""
    from collections import Counter

    years = Counter(int(a["period"]) for r in recs for a in r["attributes"].values()
                    if str(a.get("period") or "").isdigit())
    common = years.most_common(1)[0][0] if years else None
    return {"prev": common if common in (year - 1, year) else year - 1, "year": year}


def headed_documents(records: List[Dict], n: int, seed: int) -> List[Doc]:
    """Documents assembled from gold excerpts with the heading of each part put back.

    The excerpts of the pool have no headings and the only whole reports are the five
    seeds, so a head trained without them never sees a heading. Each excerpt's paragraphs
    get the part their gold values place them in (`parts.part_label`; a paragraph without
    a say keeps the part before it), and a heading opens each run of one part, as in a
    whole report. `n` documents at most, excerpts drawn at random.
    """
    from zh_indicators.extractors.context import plan_year_of
    from zh_indicators.extractors.parts import part_label

    rng = random.Random(seed)
    groups = [g for g in document_groups(records) if g[1] is not None and str(g[2][0]["report"]).startswith("pool-")]
    rng.shuffle(groups)
    out: List[Doc] = []
    for text, year, recs, _ in groups[:n]:
        plan, parts, part = plan_year_of(text, year), [], None
        for r in recs:
            votes: Dict[str, int] = {}
            for vid, a in r["attributes"].items():
                lab = part_label(a.get("status"), a.get("period"), plan)
                if lab is not None:
                    votes[lab] = votes.get(lab, 0) + 1
            part = max(votes, key=votes.get) if votes else part
            parts.append(part)
        if all(p is None for p in parts):
            continue
        pieces, offsets, pos, last = [], [], 0, None
        for k, (r, p) in enumerate(zip(recs, parts)):
            if p is not None and p != last:
                run = list(itertools.takewhile(lambda x: x[1] == p, zip(recs[k:], parts[k:])))
                heading = _PART_HEADINGS[p].format(**_heading_years([x for x, _ in run], year))
                pieces.append(heading)
                pos += len(heading) + 1
                last = p
            pieces.append(r["text"])
            offsets.append(pos)
            pos += len(r["text"]) + 1
        out.append(_doc("\n".join(pieces), year, recs, offsets))
    return out


def part_data(docs: Sequence[Doc], with_gold: bool = True) -> List[Tuple[np.ndarray, np.ndarray]]:
    """(paragraph features, part labels) per document with any labelled paragraph; without
    `with_gold`, the parts the values give alone (TIME_PARTS, the head's input)."""
    out = []
    for text, year, ents, rels, gold, parts in docs:
        norm = normalise_text(text)
        ctx = build_context(norm, report_year=year)
        values = [(ents[i][0], a.get("status"), a.get("period")) for i, a in gold.items() if a]
        labels = paragraph_labels(ctx, values, parts if with_gold else ())
        if any(lab >= 0 for lab in labels):
            out.append((paragraph_features(norm, ctx, page_cues=reads_page_cues(PART_LABELS if with_gold else TIME_PARTS)),
                        np.array(labels, dtype=np.int64)))
    return out


def fit_parts(docs: Sequence[Doc], seed: int = 13, epochs: int = 60, hidden: int = 32,
              lr: float = 0.01, batch_size: int = 32, with_gold: bool = True) -> Optional[PartModel]:
    """Train the part label of paragraphs (PART_LABELS) on the part their values' gold
    attributes give and, where those do not tell, on the gold part layer; without
    `with_gold`, the time-line parts (TIME_PARTS) from the values alone, the head's input."""
    labels = PART_LABELS if with_gold else TIME_PARTS
    data = part_data(docs, with_gold)
    if not data:
        return None
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    n_features = n_part_features(labels)
    net = PartNet(n_features, hidden, len(labels))
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-3)
    ce = torch.nn.CrossEntropyLoss(ignore_index=-100)
    net.train()
    for _ in range(epochs):
        order = rng.permutation(len(data))
        for k in range(0, len(order), batch_size):
            batch = [data[i] for i in order[k:k + batch_size]]
            T = max(len(y) for _, y in batch)
            x = np.zeros((len(batch), T, n_features), dtype=np.float32)
            y = np.full((len(batch), T), -100, dtype=np.int64)
            for b, (xf, yl) in enumerate(batch):
                x[b, :len(yl)], y[b, :len(yl)] = xf, yl
            opt.zero_grad()
            logits = net(torch.from_numpy(x))
            loss = ce(logits.reshape(-1, logits.shape[-1]), torch.from_numpy(y).reshape(-1))
            loss.backward()
            opt.step()
    return PartModel(net, hidden, labels)


def examples(docs: Sequence[Doc], parts: Optional[Sequence[Optional[PartModel]]] = None):
    """(features, status, kind, direction, period target mask) arrays for the gold VALUEs.

    parts: the part model whose output each document's features read (cross-fitted in
    fit_attributes, so the head learns how far to trust it on text it did not see).
    """
    X, ys, yk, yd, yp = [], [], [], [], []
    for d, (text, year, ents, rels, gold, _) in enumerate(docs):
        norm = normalise_text(text)
        ctx = build_context(norm, report_year=year)
        if parts is not None and parts[d] is not None:
            ctx.part_probs = parts[d].predict(norm, ctx)
        collect: list = []
        build_facts(text, ents, rels, ctx, norm_text=norm, collect=collect)
        for i, v in collect:
            a = gold.get(i)
            if not a or a.get("status") not in STATUS or a.get("kind") not in KIND:
                continue
            X.append(features(v, ctx))
            ys.append(STATUS.index(a["status"]))
            yk.append(KIND.index(a["kind"]))
            yd.append(DIRECTION.index(a.get("direction")) if a.get("direction") in DIRECTION else 0)
            yper = year_period(v.year, ctx.report_year)
            gp = a.get("period")
            mask = [gp is None and c == "null" or
                    (gp is not None and c != "null" and period_of_choice(c, ctx, v.rule, yper) == gp)
                    for c in PERIOD_CHOICES]
            yp.append(mask)
    if not X:
        return None
    return (np.stack(X), np.array(ys), np.array(yk), np.array(yd), np.array(yp, dtype=bool))


def fit_attributes(records: List[Dict], seed: int = 13, epochs: int = 300, hidden: int = 64,
                   n_excerpts: int = 400, lr: float = 0.01, members: int = 5,
                   n_headed: int = 0) -> Optional[AttributeModel]:
    """Train the attribute head on the gold VALUEs of `records` (None if there are none):
    `members` nets from seeds seed, seed+1, …, on the same features; `n_headed` documents
    assembled from excerpts with their part headings put back (`headed_documents`)."""
    docs = gold_documents(records) + excerpts(records, n_excerpts, seed) + headed_documents(records, n_headed, seed)
    # the part model: trained on all documents for use; for the head's training
    # features, each half of the documents reads the model trained on the other half
    halves = [docs[0::2], docs[1::2]]
    cross = [fit_parts(halves[1], seed, with_gold=False), fit_parts(halves[0], seed, with_gold=False)]
    parts = fit_parts(docs, seed, with_gold=False)
    data = examples(halves[0] + halves[1], [cross[0]] * len(halves[0]) + [cross[1]] * len(halves[1]))
    if data is None:
        return None
    nets = [fit_head(data, seed + k, epochs, hidden, lr) for k in range(members)]
    return AttributeModel(nets, data[0].shape[1], hidden, parts, fit_parts(docs, seed))


def fit_attributes_as_configured(records: List[Dict], cfg, seed: Optional[int] = None) -> Optional[AttributeModel]:
    """`fit_attributes` with the attribute settings of a training config, and its seed
    unless `seed` is given."""
    from .config import resolve

    settings, cfg_seed = resolve(cfg)[1:3]
    return fit_attributes(records, seed=seed if seed is not None else (cfg_seed or 13), epochs=settings.attribute_epochs,
                          n_excerpts=settings.attribute_excerpts, members=settings.attribute_members,
                          n_headed=settings.attribute_headed_docs)


def fit_head(data, seed: int, epochs: int, hidden: int, lr: float) -> AttributeNet:
    """One AttributeNet on the arrays of `examples`."""
    X, ys, yk, yd, yp = (torch.from_numpy(a) for a in data)
    torch.manual_seed(seed)
    net = AttributeNet(X.shape[1], hidden)
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-3)
    ce = torch.nn.CrossEntropyLoss()
    has_period = yp.any(1)
    change = yk == KIND.index("change")
    net.train()
    for _ in range(epochs):
        opt.zero_grad()
        out = net(X.float())
        loss = ce(out["status"], ys) + ce(out["kind"], yk)
        if change.any():
            loss = loss + ce(out["direction"][change], yd[change])
        if has_period.any():
            logp = torch.log_softmax(out["period"][has_period], -1)
            loss = loss - torch.logsumexp(logp.masked_fill(~yp[has_period], -1e9), -1).mean()
        loss.backward()
        opt.step()
    return net.eval()


def refit_pipeline_attributes(model_dir, records: List[Dict], seed: int = 13) -> Dict:
    """Train the attribute head (and the part label) again on `records` and write it into
    the pipeline folder `model_dir`; the tagger is left as it is. The folder is rebuilt in
    a temporary sibling and swapped in, so a failure leaves it untouched."""
    import json
    import shutil
    import time
    from pathlib import Path

    from zh_indicators.corpus.errors import Errors, ModelError
    from zh_indicators.corpus.io import atomic_folder

    from .data import data_hash

    model_dir = Path(model_dir)
    if not (model_dir / "config.cfg").exists() or not (model_dir / "zh_indicators_facts").is_dir():
        raise ModelError(Errors.E200.format(path=model_dir, what="config.cfg and zh_indicators_facts/"))
    from .config import load_config

    t0 = time.time()
    model = fit_attributes_as_configured(records, load_config(model_dir / "config.cfg"), seed=seed)
    if model is None:
        raise ModelError(Errors.E205.format(paths="(no gold VALUE attributes in the data)"))
    info = {"records": len(records), "data_hash": data_hash(records), "seed": seed,
            "seconds": round(time.time() - t0, 1), "part_model": model.parts is not None}
    with atomic_folder(model_dir) as tmp:
        shutil.copytree(model_dir, tmp, dirs_exist_ok=True)
        facts_dir = tmp / "zh_indicators_facts"
        for f in facts_dir.iterdir():
            f.unlink()
        model.to_disk(facts_dir)
        meta = json.loads((tmp / "meta.json").read_text(encoding="utf-8"))
        meta.setdefault("training", {})["attribute_head"] = info
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return info
