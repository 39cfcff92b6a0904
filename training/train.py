"""`zh-indicators train`: validate data, train with a held-out-city dev split and
early stopping, write the pipeline atomically with its meta.json."""
import copy
import json
import platform
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch

from zh_indicators.corpus.errors import Errors, InputError
from zh_indicators.corpus.io import atomic_folder
from zh_indicators.corpus.reports import city_of
from zh_indicators.extractors.encoding import CharVocab
from zh_indicators.extractors.inference import Predictor
from zh_indicators.extractors.model import IndicatorNet
from zh_indicators.extractors.scorer import strict_scores

from .config import config_dict, load_config, pipeline_config, resolve, shipped_config
from .data import data_hash, load_data
from .examples import records_examples
from .loop import set_seed, train_epoch


# meta.json name: `python -m spacy package` makes it the package `zh_indicators_pipeline`
# (spaCy prefixes the language; a name starting with zh_ breaks its setup.py, and
# `indicators` would give `zh_indicators`, this distribution's own name).
PIPELINE_NAME = "indicators_pipeline"


def gold_docs(records: List[Dict]) -> List[Dict]:
    """Records as scorer docs: entity (start, end, label) and relation span triples."""
    out = []
    for k, r in enumerate(records):
        by = {e["id"]: (e["start"], e["end"]) for e in r["entities"]}
        out.append({"id": k, "entities": [(e["start"], e["end"], e["label"]) for e in r["entities"]],
                    "relations": [(by[x["head"]], x["type"], by[x["tail"]]) for x in r["relations"]]})
    return out


def predicted_docs(predictor: Predictor, texts: List[str]) -> List[Dict]:
    out = []
    for k, p in enumerate(predictor.predict(texts)):
        ents = [(s, e, l) for s, e, l, _ in p.entities]
        rels = [((ents[h][0], ents[h][1]), t, (ents[d][0], ents[d][1])) for h, t, d, _ in p.relations]
        out.append({"id": k, "entities": ents, "relations": rels})
    return out


def dev_scores(predictor: Predictor, records: List[Dict]) -> Dict[str, float]:
    scores = strict_scores(gold_docs(records), predicted_docs(predictor, [r["text"] for r in records]))
    return {"ents_f": scores["ents_f"], "rels_f": scores["rels_f"],
            **{f"ents_f_{k}": v["f"] for k, v in scores["ents_per_type"].items()}}


def split_by_city(records: List[Dict], holdout: Optional[str]):
    if holdout is None:
        return records, []
    cities = sorted({city_of(r) for r in records})
    if holdout not in cities:
        raise InputError(Errors.E207.format(found=holdout, allowed=", ".join(cities)))
    return [r for r in records if city_of(r) != holdout], [r for r in records if city_of(r) == holdout]


def fit(cfg, records: List[Dict], holdout: Optional[str] = None, progress: bool = True, log=None):
    """Train a network; returns (net, vocab, history, dev scores of the kept epoch)."""
    spec, st, seed, threads = resolve(cfg)
    set_seed(seed, threads)
    train_recs, dev_recs = split_by_city(records, holdout)
    # a pretrained checkpoint brings its own character ids; otherwise build them from the data
    vocab = (CharVocab.from_checkpoint(spec.pretrained) if spec.pretrained
             else CharVocab.build([r["text"] for r in train_recs]))
    if st.augment_copies:
        from .augment import augment

        train_recs = train_recs + augment(train_recs, st.augment_copies, seed)
    examples = records_examples(train_recs, vocab, spec.window, spec.lexicon_features)
    if not examples:
        raise InputError(Errors.E205.format(paths="(training split)"))
    net = IndicatorNet(spec, len(vocab)).to("cuda" if torch.cuda.is_available() else "cpu")
    opt = torch.optim.AdamW(net.parameters(), lr=st.learning_rate, weight_decay=st.weight_decay)
    steps = st.max_epochs * ((len(examples) + st.batch_size - 1) // st.batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, st.warmup_steps)) * max(0.05, 1 - s / max(1, steps)))
    rng = np.random.default_rng(seed)
    best, best_state, bad, history = -1.0, None, 0, []
    start = time.time()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=st.max_epochs, desc="train", file=sys.stderr, leave=False)
    for epoch in range(st.max_epochs):
        loss = train_epoch(net, examples, opt, sched, st.batch_size, st.char_dropout, st.rel_loss_weight, rng,
                           unk_id=vocab.unk_id, rule_dropout=st.rule_dropout)
        row = {"epoch": epoch + 1, "loss": round(loss, 4), "seconds": round(time.time() - start, 1)}
        if dev_recs:
            scores = dev_scores(Predictor(net, vocab), dev_recs)
            row.update({k: round(v, 4) for k, v in scores.items()})
            score = (scores["ents_f"] + scores["rels_f"]) / 2
            if score > best:
                best, best_state, bad = score, copy.deepcopy(net.state_dict()), 0
                row["kept"] = True
            else:
                bad += 1
        history.append(row)
        if bar is not None:
            bar.set_postfix(loss=row["loss"], dev_f=row.get("ents_f", "-"))
            bar.update(1)
        if log is not None:
            log(row)
        if dev_recs and bad >= st.patience:
            break
        if (time.time() - start) / 60 > st.max_minutes:
            break
    if bar is not None:
        bar.close()
    if best_state is not None:
        net.load_state_dict(best_state)
    net.to("cpu").eval()
    dev = {k: v for k, v in next((h for h in history if h.get("kept")), history[-1]).items()
           if k.startswith(("ents", "rels"))} if dev_recs else {}
    return net, vocab, history, dev


def versions() -> Dict[str, str]:
    import spacy
    import transformers

    return {"python": platform.python_version(), "torch": torch.__version__, "spacy": spacy.__version__,
            "transformers": transformers.__version__}


def build_pipeline(cfg, net, vocab, attribute_model=None):
    """The spaCy pipeline of a config ([nlp], [components], checked by spaCy) with trained parts."""
    from spacy.util import load_model_from_config

    nlp = load_model_from_config(pipeline_config(cfg), auto_fill=True, validate=True)
    nlp.get_pipe("zh_indicators_tagger").set_model(net, vocab)
    if attribute_model is not None:
        nlp.get_pipe("zh_indicators_facts").set_attribute_model(attribute_model)
    return nlp


def save_pipeline(output: Path, cfg, net, vocab, meta: Dict, attribute_model=None) -> None:
    """Write the pipeline to a temporary sibling folder, then swap it in.

    A crash or Ctrl-C leaves the output folder as it was; never a half-written model.
    Its config.cfg is the training config as used (see training/config.shipped_config).
    """
    with atomic_folder(output) as tmp:
        nlp = build_pipeline(cfg, net, vocab, attribute_model)
        nlp.meta.update(meta)
        nlp.to_disk(tmp)
        shipped_config(cfg, nlp.config, net.spec).to_disk(tmp / "config.cfg")
        (tmp / "meta.json").write_text(json.dumps({**nlp.meta, **meta}, ensure_ascii=False, indent=2), encoding="utf-8")


def train(config_path, data: Sequence, output, holdout: Optional[str] = None,
          overrides: Optional[List[str]] = None, progress: bool = True) -> Dict:
    """The train command: returns the meta written next to the model."""
    cfg = load_config(config_path, overrides)
    resolve(cfg)  # check the config before reading any data
    records = load_data(data)
    t0 = time.time()
    net, vocab, history, dev = fit(cfg, records, holdout, progress=progress)
    from .attributes import fit_attributes_as_configured

    t1 = time.time()
    train_records = split_by_city(records, holdout)[0] if holdout else records
    attribute_model = fit_attributes_as_configured(train_records, cfg)
    meta = {
        "name": PIPELINE_NAME, "version": "0.1.0", "lang": "zh",
        "description": "INDICATOR/VALUE/UNIT/YEAR NER + relations for Chinese work reports",
        "training": {"config": config_dict(cfg), "config_path": str(config_path),
                     "data": [str(d) for d in data], "data_hash": data_hash(records),
                     "records": len(records), "holdout_city": holdout,
                     "cities": sorted({city_of(r) for r in records}),
                     "seed": cfg["system"].get("seed"), "history": history,
                     "train_seconds": round(time.time() - t0, 1),
                     "attribute_head_seconds": round(time.time() - t1, 1),
                     "device": "cuda" if torch.cuda.is_available() else "cpu"},
        "dev_scores": dev, "versions": versions(),
    }
    save_pipeline(Path(output), cfg, net, vocab, meta, attribute_model=attribute_model)
    return meta
