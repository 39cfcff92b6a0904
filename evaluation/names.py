"""Scores of the canonical names: indicator ids of gold INDICATOR strings, and the place of
every seed and pool document read from its text.

The catalogue was written from the five seed reports and general knowledge, without the
pool's strings. The matcher also learns from hand-mapped strings (its memory), so each test
fold's strings are matched with a memory of the other groups' strings only (for F2, Jiangsu,
without the seed reports' strings either), as a fold model is trained without its fold; the
cutoff is chosen on the dev provinces' strings with a memory of every other group.
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


def memory_without(groups: Dict[str, set], gold: Dict[str, Optional[str]], held_out: str) -> Dict[str, Optional[str]]:
    """The hand mapping of the strings of every group but `held_out` (and what goes with it)."""
    out_groups = _HELD_OUT_WITH.get(held_out, (held_out,))
    seen = set().union(*[v for g, v in groups.items() if g not in out_groups])
    return {s: gold[s] for s in seen if s in gold}


def indicator_accuracy(pairs: Sequence[tuple], gold: Dict[str, Optional[str]], cutoff: float) -> Dict:
    """Accuracy over (string, catalogue, seen-in-memory) triples."""
    n = in_cat = in_hit = out_cat = out_hit = unseen = unseen_hit = 0
    errors = []
    for s, cat, seen in pairs:
        if s not in gold:
            continue
        pred = cat.match(s, cutoff=cutoff)[0]
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
            "errors": sorted(errors)}


def held_out_pairs(groups: Dict[str, set], gold: Dict[str, Optional[str]], names: Sequence[str], catalogue) -> List[tuple]:
    """(string, catalogue with the memory of the other groups, string in that memory) per group."""
    out = []
    for g in names:
        memory = memory_without(groups, gold, g)
        cat = catalogue.with_memory(memory)
        out += [(s, cat, s in memory) for s in sorted(groups.get(g, ()))]
    return out


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
    dev_pairs = held_out_pairs(groups, gold, ["dev"], bare)
    dev = {c: indicator_accuracy(dev_pairs, gold, c) for c in cutoffs}
    best = max(cutoffs, key=lambda c: (dev[c]["accuracy"] or 0, c))  # ties: the stricter cutoff
    folds = sorted(g for g in groups if g.startswith("F"))
    test = held_out_pairs(groups, gold, folds, bare)
    docs = report_ids() + (pool_ids() if pool_available() else [])
    return {"cutoff_dev": dev, "cutoff": best,
            "test_folds": indicator_accuracy(test, gold, best),
            "test_folds_catalogue_only": indicator_accuracy([(s, bare, False) for s, _, _ in test], gold, best),
            "seed": indicator_accuracy(held_out_pairs(groups, gold, ["seed"], bare), gold, best),
            "places_from_text": place_accuracy(docs)}


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
          "`unseen` counts the strings that were not). Cutoff chosen on the dev provinces' strings: "
          f"{res['cutoff']} (dev accuracy per cutoff: "
          + ", ".join(f"{c}: {d['accuracy']:.3f}" for c, d in res["cutoff_dev"].items()) + ").",
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
