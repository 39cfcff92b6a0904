"""The held-out-province protocol: grouped cross-validation over whole provinces.

Five test folds of provinces, balanced by region (each mixes east, centre and west
and holds 33-37 pool excerpts; the five seed reports go with Jiangsu), and a dev
group of provinces used for choosing configs that is never a test fold. Each test
fold is scored by a model trained on every other document (dev included); the rule
baseline is scored on the same documents in the same run. Tables per fold, per
style and per level, bootstrap intervals resampling whole excerpts, and a learning
curve against the number of training places.
"""
import random
import time
from typing import Callable, Dict, List, Optional, Sequence

from .benchmark import (_mean_std, _without_repairs, git_commit, headline, machine, merge, trained_pipeline,
                        with_rule_attributes)
from .bootstrap import bootstrap_f1
from .evaluate import Evaluation, evaluate
from .systems import ModelSystem, RuleSystem

REGION = {
    "河北": "north", "山西": "north", "内蒙古": "north", "天津": "north",
    "辽宁": "northeast", "吉林": "northeast", "黑龙江": "northeast",
    "山东": "east", "江苏": "east", "安徽": "east", "浙江": "east", "福建": "east", "江西": "east",
    "河南": "centre", "湖北": "centre", "湖南": "centre",
    "广东": "south", "广西": "south", "海南": "south",
    "重庆": "southwest", "四川": "southwest", "贵州": "southwest", "云南": "southwest", "西藏": "southwest",
    "陕西": "northwest", "甘肃": "northwest", "青海": "northwest", "宁夏": "northwest", "新疆": "northwest",
}
DEV = ("浙江", "湖南", "吉林")
FOLDS = {
    "F1": ("山东", "河北", "四川", "甘肃", "新疆"),
    "F2": ("江苏", "山西", "湖北", "云南", "青海"),
    "F3": ("安徽", "内蒙古", "广东", "贵州", "宁夏"),
    "F4": ("福建", "河南", "辽宁", "西藏", "重庆", "广西"),
    "F5": ("江西", "陕西", "天津", "海南", "黑龙江"),
}
GROUPINGS = ("style", "level")


def groups_of(rec: Dict) -> Dict[str, str]:
    from zh_indicators.corpus.reports import doc_groups

    return doc_groups(str(rec["report"]))


def fold_of(rec: Dict) -> Optional[str]:
    """The test fold of a record's province, "dev", or None (a province in no fold)."""
    prov = groups_of(rec)["province"]
    if prov in DEV:
        return "dev"
    return next((f for f, provs in FOLDS.items() if prov in provs), None)


def _by_doc(ev: Evaluation, kind: str) -> List[tuple]:
    """(tp, fp, fn) per document: the bootstrap resamples whole excerpts."""
    out: Dict[str, list] = {}
    for pid, c in zip(ev.ids, ev.counts(kind)):
        acc = out.setdefault(pid.rsplit("#", 1)[0], [0, 0, 0])
        for i in range(3):
            acc[i] += c[i]
    return [tuple(v) for v in out.values()]


def _score(nlp, test: List[Dict]) -> Dict:
    """Model, model without repairs, and rules on one test set, with per-group tables."""
    ev_m, ev_r = evaluate(ModelSystem(nlp), test), evaluate(RuleSystem(), test)
    ev_ra = with_rule_attributes(nlp, test)
    out = {"model": headline(ev_m), "rules": headline(ev_r),
           "model_no_repair": headline(_without_repairs(nlp, test)),
           "model_rule_attributes": headline(ev_ra),
           "attributes": {"model": ev_m.summary()["attribute_accuracy"],
                          "model_rule_attributes": ev_ra.summary()["attribute_accuracy"],
                          "rules": ev_r.summary()["attribute_accuracy"],
                          "values_matched": ev_m.attr_total},
           "docs": len({r["report"] for r in test}), "paragraphs": len(test),
           "parts": _part_scores(nlp, test)}
    for g in GROUPINGS:
        table = {}
        for name in sorted({groups_of(r)[g] for r in test}):
            sub = [r for r in test if groups_of(r)[g] == name]
            em, er, era = evaluate(ModelSystem(nlp), sub), evaluate(RuleSystem(), sub), with_rule_attributes(nlp, sub)
            table[name] = {"docs": len({r["report"] for r in sub}), "model": headline(em),
                           "rules": headline(er),
                           "attributes": {"model": em.summary()["attribute_accuracy"],
                                          "model_rule_attributes": era.summary()["attribute_accuracy"],
                                          "rules": er.summary()["attribute_accuracy"],
                                          # each system's matched VALUEs, for pooling over folds
                                          "values_matched": {"model": em.attr_total,
                                                             "model_rule_attributes": era.attr_total,
                                                             "rules": er.attr_total}}}
        out[g] = table
    return out, ev_m, ev_r


def _part_scores(nlp, test: List[Dict]) -> Dict:
    """The pipeline's learned part label and the heading rules' part against the gold part
    layer (GUIDELINES §10) on the test paragraphs that have one."""
    from zh_indicators.training.attributes import gold_documents

    from .attribute_bench import part_accuracy

    head = nlp.get_pipe("zh_indicators_facts").attribute_model if "zh_indicators_facts" in nlp.pipe_names else None
    model = getattr(head, "paragraph_parts", None)
    learned, rules, n = part_accuracy(gold_documents(test), model)
    return {"paragraphs": n, "learned": learned if model is not None else None, "heading_rules": rules}


def fold_pipeline(cfg, train: List[Dict], fold: str, models_dir: Optional[str] = None,
                  refit_attributes: bool = False):
    """(pipeline, how) for one fold: trained on `train`, or, with `models_dir`, the one kept
    there by an earlier run on the same data and config (`how` says which, with the commit it
    was trained at). `refit_attributes`: a kept pipeline's attribute head is trained again
    with this code (the tagger as kept), so a change of the head alone is measured without
    training five taggers again. A newly trained pipeline is kept there (written atomically).
    """
    import json
    from pathlib import Path

    from zh_indicators.corpus.errors import Errors, ModelError
    from zh_indicators.corpus.io import atomic_folder
    from zh_indicators.training.config import config_dict
    from zh_indicators.training.data import data_hash

    stamp = {"fold": fold, "data_hash": data_hash(train), "config_hash": _config_hash(config_dict(cfg))}
    where = Path(models_dir) / fold if models_dir else None
    if where is not None and (where / "meta.json").exists():
        from zh_indicators.extractors.pipeline import load

        kept = json.loads((where / "meta.json").read_text(encoding="utf-8")).get("province_fold", {})
        if {k: kept.get(k) for k in stamp} != stamp:
            raise ModelError(Errors.E211.format(path=where, found={k: kept.get(k) for k in stamp}, asked=stamp))
        how = {"source": "kept", "trained_at_commit": kept.get("git_commit")}
        if refit_attributes:
            import shutil
            import tempfile

            from zh_indicators.training.attributes import fit_attributes_as_configured

            head = fit_attributes_as_configured(train, cfg)
            # the kept head may not even load under this code's features (E203): load a copy
            # without it (the facts component then has none), and set the new one
            with tempfile.TemporaryDirectory() as tmp:
                shutil.copytree(where, Path(tmp) / fold, ignore=shutil.ignore_patterns("attributes.*", "*parts.pt"))
                nlp = load(Path(tmp) / fold)
            nlp.get_pipe("zh_indicators_facts").set_attribute_model(head)
            how["attribute_head"] = "refit at this commit"
        else:
            nlp = load(where)
        return nlp, how
    nlp, _ = trained_pipeline(cfg, train)
    how = {"source": "trained"}
    if where is not None:
        with atomic_folder(where) as tmp:
            nlp.to_disk(tmp)
            meta = json.loads((tmp / "meta.json").read_text(encoding="utf-8"))
            meta["province_fold"] = {**stamp, "git_commit": git_commit()}
            (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return nlp, how


def _config_hash(cfg: Dict) -> str:
    import hashlib
    import json

    return hashlib.sha256(json.dumps(cfg, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


def run_province_benchmark(config_path: str, records: List[Dict], folds: Optional[Sequence[str]] = None,
                           curve_sizes: Sequence[int] = (5, 20, 50), curve_fold: str = "F1",
                           with_dev: bool = True, overrides: Optional[List[str]] = None,
                           log: Callable[[str], None] = print, models_dir: Optional[str] = None,
                           refit_attributes: bool = False) -> Dict:
    """Held-out-province cross-validation; RETURNS everything the report shows.

    models_dir / refit_attributes: keep each fold's pipeline, or score the kept ones
    (`fold_pipeline`); the report says per fold which it was.
    """
    from zh_indicators.training.config import config_dict, load_config, resolve
    from zh_indicators.corpus.reports import city_of
    from zh_indicators.training.data import data_hash
    from zh_indicators.training.train import versions

    t0 = time.time()
    cfg = load_config(config_path, overrides)
    _, _, seed, _ = resolve(cfg)
    folds = list(folds or FOLDS)
    unplaced = sorted({groups_of(r)["province"] for r in records if fold_of(r) is None})
    per_fold, evals = {}, {"model": {}, "rules": {}}
    runs = (["dev"] if with_dev and "dev" not in folds else []) + folds
    for fold in runs:
        test = [r for r in records if fold_of(r) == fold]
        if not test:
            log(f"fold {fold}: no documents, skipped")
            continue
        train = [r for r in records if fold_of(r) != fold and (fold != "dev" or fold_of(r) is not None)]
        t = time.time()
        nlp, how = fold_pipeline(cfg, train, fold, models_dir, refit_attributes)
        secs = time.time() - t
        scores, ev_m, ev_r = _score(nlp, test)
        scores["train_seconds"] = round(secs, 1)
        scores["pipeline"] = how
        scores["provinces"] = list(DEV if fold == "dev" else FOLDS[fold])
        scores["train_places"] = len({city_of(r) for r in train})
        per_fold[fold] = scores
        if fold in folds:  # the dev group counts as a test fold only when asked for by name
            evals["model"][fold], evals["rules"][fold] = ev_m, ev_r
        m = scores["model"]
        log(f"fold {fold}: model {m['entity_f']:.3f} ents, {m['INDICATOR_f']:.3f} ind, {m['relation_f']:.3f} rels, "
            f"{m['fact_f']:.3f} facts; rules {scores['rules']['entity_f']:.3f} ents ({secs:.0f}s)")
    test_folds = [f for f in folds if f in per_fold]
    keys = list(per_fold[test_folds[0]]["model"]) if test_folds else []
    mean_std = {s: {k: _mean_std([per_fold[f][s][k] for f in test_folds]) for k in keys}
                for s in ("model", "model_no_repair", "model_rule_attributes", "rules")}
    pooled_m, pooled_r = merge(list(evals["model"].values())), merge(list(evals["rules"].values()))
    ci = {name: {kind: bootstrap_f1(_by_doc(ev, kind), seed=seed) for kind in ("entities", "relations", "facts")}
          for name, ev in (("model", pooled_m), ("rules", pooled_r)) if ev.ids}
    curve = learning_curve(cfg, records, curve_fold, curve_sizes, seed, log,
                           full=per_fold.get(curve_fold, {}).get("model")) if curve_sizes else {}
    return {
        "protocol": "held-out provinces", "config_path": str(config_path), "config": config_dict(cfg),
        "seed": seed, "folds": {f: list(DEV if f == "dev" else FOLDS[f]) for f in folds}, "dev": list(DEV), "unplaced": unplaced,
        "per_fold": per_fold, "mean_std": mean_std, "ci95_pooled_by_excerpt": ci,
        "pooled": {"model": pooled_m.summary(), "rules": pooled_r.summary()} if pooled_m.ids else {},
        "pooled_attributes_rules_on_model": _pooled_attrs(per_fold, test_folds),
        "learning_curve": curve, "data_hash": data_hash(records), "records": len(records),
        "docs": len({r["report"] for r in records}), "git_commit": git_commit(), "versions": versions(),
        "machine": machine(), "wall_seconds": round(time.time() - t0, 1),
        "_evals": evals,
    }


def _pooled_attrs(per_fold: Dict, folds: List[str]) -> Dict[str, Optional[float]]:
    """Attribute accuracy of the model's VALUEs with the rule attributes, weighted by values matched."""
    n = sum(per_fold[f]["attributes"]["values_matched"] for f in folds)
    if not n:
        return {}
    keys = per_fold[folds[0]]["attributes"]["model_rule_attributes"]
    return {k: sum(per_fold[f]["attributes"]["model_rule_attributes"][k] * per_fold[f]["attributes"]["values_matched"]
                   for f in folds) / n for k in keys}


def learning_curve(cfg, records: List[Dict], fold: str, sizes: Sequence[int], seed: int, log,
                   full: Optional[Dict] = None) -> Dict:
    """Scores on one test fold against the number of training places (a seeded sample).

    The last point (all places) is the fold's own run when given as `full`.
    """
    from zh_indicators.corpus.reports import city_of

    test = [r for r in records if fold_of(r) == fold]
    pool = [r for r in records if fold_of(r) != fold]
    places = sorted({city_of(r) for r in pool})
    order = random.Random(seed).sample(places, len(places))
    out = {}
    for k in [s for s in sizes if s < len(places)] + [len(places)]:
        if k == len(places) and full is not None:
            out[k] = full
            continue
        keep = set(order[:k])
        train = [r for r in pool if city_of(r) in keep]
        nlp, _ = trained_pipeline(cfg, train)
        out[k] = headline(evaluate(ModelSystem(nlp), test))
        log(f"curve {fold} places={k}: {out[k]['entity_f']:.3f} ents, {out[k]['fact_f']:.3f} facts")
    return out
