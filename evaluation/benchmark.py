"""The held-out-city protocols: leave-one-city-out, a learning curve, and the
baselines scored on the same folds in the same run."""
import platform
import subprocess
import time
from typing import Dict, List, Optional, Sequence

import numpy as np

from .bootstrap import bootstrap_f1
from .evaluate import Evaluation, evaluate
from .systems import ModelSystem, RuleSystem


def trained_pipeline(cfg, records: List[Dict]):
    """A pipeline trained in memory on `records` with the config (fixed epochs)."""
    from zh_indicators.training.attributes import fit_attributes_as_configured
    from zh_indicators.training.train import build_pipeline, fit

    net, vocab, history, _ = fit(cfg, records, None, progress=False)
    nlp = build_pipeline(cfg, net, vocab, fit_attributes_as_configured(records, cfg))
    return nlp, history


# the systems every fold scores: the model, the same model with its span repairs
# switched off (an ablation of extractors/repair.py), and the rule baseline
SYSTEMS = ("model", "model_no_repair", "rules")


def with_rule_attributes(nlp, test: List[Dict]) -> Evaluation:
    """The same model with the attribute rules instead of the learned head (the baseline)."""
    facts = nlp.get_pipe("zh_indicators_facts")
    facts.use_attribute_model = False
    try:
        return evaluate(ModelSystem(nlp), test)
    finally:
        facts.use_attribute_model = True


def _without_repairs(nlp, test: List[Dict]) -> Evaluation:
    predictor = nlp.get_pipe("zh_indicators_tagger").predictor
    predictor.repair = False
    try:
        return evaluate(ModelSystem(nlp), test)
    finally:
        predictor.repair = True


def _f(x: Dict) -> Optional[float]:
    """F1, or None when there is nothing to score (no gold and no prediction)."""
    return None if x["tp"] + x["fp"] + x["fn"] == 0 else x["f"]


def headline(ev: Evaluation) -> Dict[str, Optional[float]]:
    s = ev.summary()
    return {"entity_f": _f(s["entities"]["micro"]), "relation_f": _f(s["relations_end_to_end"]["micro"]),
            "relation_gold_ents_f": _f(s["relations_gold_entities"]["micro"]), "fact_f": _f(s["facts"]),
            **{f"{l}_f": _f(s["entities"][l]) for l in ("INDICATOR", "VALUE", "UNIT", "YEAR")}}


def _mean_std(xs: List[Optional[float]]):
    xs = [x for x in xs if x is not None]
    return (float(np.mean(xs)), float(np.std(xs))) if xs else (None, None)


def merge(evs: List[Evaluation]) -> Evaluation:
    out = Evaluation()
    for ev in evs:
        for f in ("ents_gold", "ents_pred", "rels_gold", "rels_pred", "rels_given_pred", "facts_gold",
                  "facts_pred", "texts", "ids", "cities"):
            getattr(out, f).extend(getattr(ev, f))
        out.attr_hits.update(ev.attr_hits)
        out.attr_total += ev.attr_total
    return out


def machine() -> Dict[str, str]:
    import torch

    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "threads": str(torch.get_num_threads()),
            "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none"}


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run_benchmark(config_path: str, records: List[Dict], folds: Optional[Sequence[str]] = None,
                  curve_cities: int = 2, overrides: Optional[List[str]] = None, log=print) -> Dict:
    """Leave-one-city-out over `folds` (all cities by default) plus a learning curve.

    RETURNS (dict): everything the report shows, and the Evaluation objects under "_evals".
    """
    from zh_indicators.training.config import config_dict, load_config, resolve
    from zh_indicators.corpus.reports import city_of
    from zh_indicators.training.data import data_hash
    from zh_indicators.training.train import versions

    t0 = time.time()
    cfg = load_config(config_path, overrides)
    _, _, seed, _ = resolve(cfg)
    cities = sorted({city_of(r) for r in records})
    folds = list(folds or cities)
    per_city, evals, base_evals, train_secs = {}, {}, {}, {}
    for city in folds:
        train = [r for r in records if city_of(r) != city]
        test = [r for r in records if city_of(r) == city]
        t = time.time()
        nlp, _ = trained_pipeline(cfg, train)
        train_secs[city] = time.time() - t
        evals[city] = evaluate(ModelSystem(nlp), test)
        base_evals[city] = evaluate(RuleSystem(), test)
        per_city[city] = {"model": headline(evals[city]), "rules": headline(base_evals[city]),
                          "model_no_repair": headline(_without_repairs(nlp, test)),
                          "train_seconds": round(train_secs[city], 1)}
        log(f"fold {city}: model {per_city[city]['model']['entity_f']:.3f} ents, "
            f"{per_city[city]['model']['relation_f']:.3f} rels, {per_city[city]['model']['fact_f']:.3f} facts; "
            f"rules {per_city[city]['rules']['entity_f']:.3f} ents ({train_secs[city]:.0f}s)")
    keys = list(next(iter(per_city.values()))["model"])
    mean_std = {sys: {k: _mean_std([per_city[c][sys][k] for c in folds]) for k in keys}
                for sys in SYSTEMS}
    pooled = merge(list(evals.values()))
    pooled_rules = merge(list(base_evals.values()))
    ci = {name: {kind: bootstrap_f1(ev.counts(kind), seed=seed)
                 for kind in ("entities", "relations", "facts")}
          for name, ev in (("model", pooled), ("rules", pooled_rules))}
    curve = learning_curve(cfg, records, folds[:curve_cities], evals, log) if curve_cities else {}
    return {
        "config_path": str(config_path), "config": config_dict(cfg), "seed": seed, "folds": folds,
        "per_city": per_city, "mean_std": mean_std, "ci95_pooled": ci,
        "pooled": {"model": pooled.summary(), "rules": pooled_rules.summary()},
        "learning_curve": curve, "data_hash": data_hash(records), "records": len(records),
        "git_commit": git_commit(), "versions": versions(), "machine": machine(),
        "wall_seconds": round(time.time() - t0, 1),
        "_evals": {"model": evals, "rules": base_evals},
    }


def learning_curve(cfg, records, test_cities, loco_evals, log) -> Dict:
    """F1 against the number of training reports, for a few held-out cities."""
    from zh_indicators.corpus.reports import city_of

    out = {}
    for city in test_cities:
        others = sorted({city_of(r) for r in records} - {city})
        test = [r for r in records if city_of(r) == city]
        row = {}
        for k in range(1, len(others)):
            train = [r for r in records if city_of(r) in others[:k]]
            nlp, _ = trained_pipeline(cfg, train)
            row[k] = headline(evaluate(ModelSystem(nlp), test))
            log(f"curve {city} k={k}: {row[k]['entity_f']:.3f} ents")
        if city in loco_evals:
            row[len(others)] = headline(loco_evals[city])
        out[city] = row
    return out
