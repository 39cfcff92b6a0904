"""Scores of the canonical names: indicator ids of gold INDICATOR strings, and the place of
every seed and pool document read from its text.

The catalogue was written from the five seed reports and general knowledge, without the
pool's strings. The matcher also learns from hand-mapped strings (its memory), so each test
fold's strings are matched with a memory of the other groups' strings only (for F2, Jiangsu,
without the seed reports' strings either), as a fold model is trained without its fold; the
cutoff for each test fold is chosen on the other groups' strings (nested, so the fold never
takes part in its own choice).
"""
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from zh_indicators.corpus.indicator_gold import load_indicator_gold

# the seed reports are Jiangsu's, so they are held out with fold F2
_HELD_OUT_WITH = {"F2": ("F2", "seed"), "seed": ("F2", "seed")}


def strings_by_group(records: List[Dict]) -> Dict[str, set]:
    """INDICATOR strings per benchmark group (fold name, dev, seed)."""
    from .provinces import fold_of

    out = defaultdict(set)
    for r in records:
        group = "seed" if not str(r["report"]).startswith("pool-") else (fold_of(r) or "unplaced")
        for e in r["entities"]:
            if e["label"] == "INDICATOR":
                out[group].add(e["text"])
    return out


def _out_groups(held_out: Sequence[str]) -> set:
    return {o for h in held_out for o in _HELD_OUT_WITH.get(h, (h,))}


def memory_without(groups: Dict[str, set], gold: Dict[str, Optional[str]], *held_out: str) -> Dict[str, Optional[str]]:
    """The hand mapping of the strings of every group but those `held_out` (and what goes with them)."""
    out_groups = _out_groups(held_out)
    seen = set().union(*[v for g, v in groups.items() if g not in out_groups])
    return {s: gold[s] for s in seen if s in gold}


def indicator_accuracy(pairs: Sequence[tuple], gold: Dict[str, Optional[str]], cutoff: Optional[float]) -> Dict:
    """Accuracy over (string, catalogue, seen-in-memory[, cutoff]) tuples; a tuple's own cutoff
    overrides `cutoff`."""
    n = in_cat = in_hit = out_cat = out_hit = unseen = unseen_hit = 0
    errors = []
    for s, cat, seen, *own in pairs:
        if s not in gold:
            continue
        pred = cat.match(s, cutoff=own[0] if own else cutoff)[0]
        n += 1
        ok = pred == gold[s]
        if gold[s] is None:
            out_cat += 1
            out_hit += ok
        else:
            in_cat += 1
            in_hit += ok
        if not seen:
            unseen += 1
            unseen_hit += ok
        if not ok:
            errors.append((s, gold[s], pred))
    return {"strings": n, "accuracy": (in_hit + out_hit) / n if n else None,
            "in_catalogue": in_cat, "in_catalogue_accuracy": in_hit / in_cat if in_cat else None,
            "outside": out_cat, "outside_none_rate": out_hit / out_cat if out_cat else None,
            "unseen": unseen, "unseen_accuracy": unseen_hit / unseen if unseen else None,
            "errors": sorted(errors, key=lambda e: tuple(str(x) for x in e))}


def held_out_pairs(groups: Dict[str, set], gold: Dict[str, Optional[str]], names: Sequence[str], catalogue,
                   also_without: Sequence[str] = ()) -> List[tuple]:
    """(string, catalogue with the memory of the other groups, string in that memory) per group;
    `also_without`: groups kept out of every memory as well (a test fold, while choosing for it)."""
    out = []
    for g in names:
        memory = memory_without(groups, gold, g, *also_without)
        cat = catalogue.with_memory(memory)
        out += [(s, cat, s in memory) for s in sorted(groups.get(g, ()))]
    return out


def choose_cutoff(groups: Dict[str, set], gold: Dict[str, Optional[str]], catalogue, test: Optional[str],
                  cutoffs: Sequence[float]) -> tuple:
    """(cutoff, accuracy per cutoff) chosen on every group but `test` (and what goes with it), each
    matched with a memory of the rest, so a test fold's strings never take part in its own choice.
    Ties go to the stricter cutoff: a wrong id is worse than none."""
    names = sorted(g for g in groups if g not in _out_groups([test] if test else []) and g != "unplaced")
    pairs = held_out_pairs(groups, gold, names, catalogue, also_without=[test] if test else [])
    acc = {c: indicator_accuracy(pairs, gold, c)["accuracy"] or 0.0 for c in cutoffs}
    return max(cutoffs, key=lambda c: (acc[c], c)), acc


def place_accuracy(doc_ids: Sequence[str]) -> Dict:
    """Places read from the text against each document's metadata, compared by administrative code.

    A None answer is an abstention (the text never names its place), kept apart from a wrong place.
    """
    from zh_indicators.corpus.reports import load_report
    from zh_indicators.extractors.places import detect_place, resolve

    hits, misses, abstained = 0, [], 0
    for d in doc_ids:
        rep = load_report(d)
        gold = resolve(rep.meta.place, province=getattr(rep.meta, "province", None))
        found = detect_place(rep.text)
        ok = found.name is not None and (
            found.adcode == gold.adcode if found.adcode and gold.adcode else found.name == gold.name)
        hits += ok
        abstained += found.name is None
        if not ok:
            misses.append((d, gold.name, found.name, found.source))
    n = len(doc_ids)
    return {"documents": n, "accuracy": hits / n if n else None, "abstained": abstained,
            "wrong": n - hits - abstained, "misses": misses}


def run_names(records: List[Dict], cutoffs=(0.8, 0.85, 0.9, 0.95)) -> Dict:
    from zh_indicators.corpus.pool import pool_available, pool_ids
    from zh_indicators.corpus.reports import report_ids

    from zh_indicators.extractors.indicators import load_catalogue

    gold = load_indicator_gold()
    groups = strings_by_group(records)
    bare = load_catalogue(memory=False)
    folds = sorted(g for g in groups if g.startswith("F"))
    # each test fold is matched at the cutoff chosen without it (nested: the other folds, dev and seed)
    chosen = {f: choose_cutoff(groups, gold, bare, f, cutoffs) for f in folds}
    cutoff_of = {f: c for f, (c, _) in chosen.items()}
    shipped, shipped_acc = choose_cutoff(groups, gold, bare, None, cutoffs)
    docs = report_ids() + (pool_ids() if pool_available() else [])
    return {"cutoff_per_fold": {f: {"cutoff": c, "choice_accuracy": a} for f, (c, a) in chosen.items()},
            "cutoff": shipped, "cutoff_all_groups": shipped_acc,
            "test_folds": _per_fold_accuracy(groups, gold, bare, folds, cutoff_of),
            "test_folds_catalogue_only": _per_fold_accuracy(groups, gold, bare, folds, cutoff_of, memory=False),
            "seed": indicator_accuracy(held_out_pairs(groups, gold, ["seed"], bare), gold, cutoff_of["F2"]),
            "places_from_text": place_accuracy(docs)}


def _per_fold_accuracy(groups, gold, bare, folds, cutoff_of: Dict[str, float], memory: bool = True) -> Dict:
    """Accuracy over the test folds' strings, each fold at its own cutoff."""
    pairs = []
    for f in folds:
        fold = held_out_pairs(groups, gold, [f], bare) if memory else [(s, bare, False) for s in sorted(groups[f])]
        pairs += [p + (cutoff_of[f],) for p in fold]
    return indicator_accuracy(pairs, gold, None)


def write_names_report(res: Dict, out_dir) -> List[Path]:
    import json

    from zh_indicators.corpus.io import write_atomic

    out_dir = Path(out_dir)
    t, p = res["test_folds"], res["places_from_text"]
    md = ["# Canonical names: indicator ids and places", "",
          "Produced by `zh-indicators benchmark-names --output <dir>`.", "",
          "## Indicator ids of gold INDICATOR strings", "",
          "Reference: `corpus/indicator_ids.tsv`, every distinct gold INDICATOR string of the seeds and the pool "
          "mapped to a catalogue id or NONE by two annotators working apart (agreement 0.965 over 1,495 strings) "
          "and adjudicated (53 strings). Elliptical words that name a quantity only through their sentence "
          "(出栏, 单产, 竣工, 外资) are NONE: the matcher reads the string alone.", "",
          f"Catalogue: `extractors/data/indicators.tsv`. The matcher's memory for each group is the hand mapping "
          "of the other groups' strings (a string of the group may be in it when another province wrote it too; "
          "`unseen` counts the strings that were not). Each test fold is matched at the cutoff chosen without it, "
          "on the strings of the other folds, dev and seed (each with a memory of the rest, the test fold never in it): "
          + "; ".join(f"{f}: {d['cutoff']} (" + ", ".join(f"{c}: {a:.3f}" for c, a in d["choice_accuracy"].items()) + ")"
                      for f, d in res["cutoff_per_fold"].items())
          + f". The shipped matcher's cutoff, chosen the same way on every group: {res['cutoff']}.",
          "", "| strings | n | accuracy | in catalogue (n, id right) | outside (n, None given) | unseen (n, right) |",
          "|---|---|---|---|---|---|"]
    for name in ("test_folds", "test_folds_catalogue_only", "seed"):
        r = res[name]
        md.append(f"| {name} | {r['strings']} | {r['accuracy']:.3f} | {r['in_catalogue']}, {r['in_catalogue_accuracy']:.3f} | "
                  f"{r['outside']}, {r['outside_none_rate']:.3f} | {r['unseen']}, {r['unseen_accuracy'] or 0:.3f} |")
    md += ["", "Each test fold's distinct strings are counted once per fold (a string two folds wrote counts in both). "
           "`test_folds_catalogue_only`: the same strings, the catalogue's aliases alone (no memory). "
           "Goal: 0.95 on the test folds' strings.", "", "Errors on the test folds (string, hand id, matched id):", ""]
    md += [f"- {s_} / {g} / {p_}" for s_, g, p_ in t["errors"]]
    md += ["", "## Places read from the text (no metadata)", "",
           f"{p['documents']} documents, accuracy {p['accuracy']:.3f}, compared by administrative code "
           f"({p['wrong']} wrong, {p['abstained']} with no place named: None) (goal 0.98; with metadata, as `extract --metadata` "
           "and the corpus use it, every place is given). Misses (document, place, read, where):", ""]
    md += [f"- {d}: {g} / {n} ({s})" for d, g, n, s in p["misses"]]
    text = "\n".join(md) + "\n"
    write_atomic(out_dir / "names.md", text)
    write_atomic(out_dir / "names.json", json.dumps(res, ensure_ascii=False, indent=1))
    return [out_dir / "names.md", out_dir / "names.json"]
