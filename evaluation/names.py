"""Scores of the canonical names: indicator ids of gold INDICATOR strings, and the place of
every seed and pool document read from its text.

The catalogue was written from the five seed reports and general knowledge, without the
pool's strings, so the strings of the pool's provinces are held out from it; the matcher's
cutoff is chosen on the dev provinces' strings and reported on the test folds' strings.
"""
import csv
import io
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from zh_indicators.corpus.io import read_text
from zh_indicators.corpus.reports import CORPUS_DIR, doc_groups

INDICATOR_GOLD = CORPUS_DIR / "indicator_ids.tsv"


def load_indicator_gold(path: Path = INDICATOR_GOLD) -> Dict[str, Optional[str]]:
    """Catalogue id (None for NONE) of every distinct gold INDICATOR string.

    Two annotators mapped every string independently (`corpus/double/indicator_ids.A.tsv`,
    `.B.tsv`); the `adjudication` column says whether they agreed or whose id was kept.
    """
    rows = list(csv.reader(io.StringIO(read_text(path)), delimiter="\t"))
    return {r[0]: (None if r[1] == "NONE" else r[1]) for r in rows[1:] if r}


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


def indicator_accuracy(strings: Sequence[str], gold: Dict[str, Optional[str]], cutoff: float) -> Dict:
    from zh_indicators.extractors.indicators import load_catalogue

    cat = load_catalogue()
    n = in_cat = in_hit = out_cat = out_hit = 0
    for s in strings:
        if s not in gold:
            continue
        pred = cat.match(s, cutoff=cutoff)[0]
        n += 1
        if gold[s] is None:
            out_cat += 1
            out_hit += pred is None
        else:
            in_cat += 1
            in_hit += pred == gold[s]
    return {"strings": n, "accuracy": (in_hit + out_hit) / n if n else None,
            "in_catalogue": in_cat, "in_catalogue_accuracy": in_hit / in_cat if in_cat else None,
            "outside": out_cat, "outside_none_rate": out_hit / out_cat if out_cat else None}


def place_accuracy(doc_ids: Sequence[str]) -> Dict:
    from zh_indicators.corpus.reports import load_report
    from zh_indicators.extractors.places import canonical_name, place_name

    hits, misses = 0, []
    for d in doc_ids:
        rep = load_report(d)
        gold = rep.meta.place
        name, source = place_name(rep.text)
        name = canonical_name(name)
        ok = name is not None and (name == gold or gold.startswith(name) or name.endswith(gold))
        hits += ok
        if not ok:
            misses.append((d, gold, name, source))
    return {"documents": len(doc_ids), "accuracy": hits / len(doc_ids) if doc_ids else None, "misses": misses}


def run_names(records: List[Dict], cutoffs=(0.8, 0.85, 0.9, 0.95)) -> Dict:
    from zh_indicators.corpus.pool import pool_available, pool_ids
    from zh_indicators.corpus.reports import report_ids

    gold = load_indicator_gold()
    groups = strings_by_group(records)
    dev = {c: indicator_accuracy(sorted(groups.get("dev", ())), gold, c) for c in cutoffs}
    best = max(cutoffs, key=lambda c: (dev[c]["accuracy"] or 0, c))  # ties: the stricter cutoff
    test_strings = sorted(set().union(*[groups[g] for g in groups if g.startswith("F")]) - groups.get("dev", set()))
    docs = report_ids() + (pool_ids() if pool_available() else [])
    return {"cutoff_dev": dev, "cutoff": best,
            "test_folds": indicator_accuracy(test_strings, gold, best),
            "seed": indicator_accuracy(sorted(groups.get("seed", ())), gold, best),
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
          f"Catalogue: `extractors/data/indicators.tsv`. Cutoff chosen on the dev provinces' strings: {res['cutoff']} "
          "(dev accuracy per cutoff: " + ", ".join(f"{c}: {d['accuracy']:.3f}" for c, d in res["cutoff_dev"].items()) + ").",
          "", "| strings | n | accuracy | in catalogue (n, id right) | outside (n, None given) |", "|---|---|---|---|---|"]
    for name in ("test_folds", "seed"):
        r = res[name]
        md.append(f"| {name} | {r['strings']} | {r['accuracy']:.3f} | {r['in_catalogue']}, {r['in_catalogue_accuracy']:.3f} | "
                  f"{r['outside']}, {r['outside_none_rate']:.3f} |")
    md += ["", "Goal: 0.95 on the test folds' strings.", "", "## Places read from the text (no metadata)", "",
           f"{p['documents']} documents, accuracy {p['accuracy']:.3f} (goal 0.98; with metadata, as `extract --metadata` "
           "and the corpus use it, every place is given). Misses (document, place, read, where):", ""]
    md += [f"- {d}: {g} / {n} ({s})" for d, g, n, s in p["misses"]]
    text = "\n".join(md) + "\n"
    write_atomic(out_dir / "names.md", text)
    write_atomic(out_dir / "names.json", json.dumps(res, ensure_ascii=False, indent=1))
    return [out_dir / "names.md", out_dir / "names.json"]
