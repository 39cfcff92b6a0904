"""Attributes alone, with gold entities and relations: the learned head against the rules.

A quick check (seconds per fold, no tagger training) for choosing the attribute head's
inputs on the dev group; the held-out-province benchmark (`benchmark --protocol
provinces`) scores the attributes of the VALUEs the full model finds.

    python -m zh_indicators.evaluation.attribute_bench --folds dev
"""
import argparse
import sys
import time
from collections import Counter
from typing import Dict, List, Optional, Tuple

ATTRS = ("status", "period", "kind", "direction")


def attribute_accuracy(docs, model) -> Tuple[Dict[str, float], int]:
    """Accuracy per attribute over the gold VALUEs of `docs` (training.attributes.gold_documents)."""
    from zh_indicators.extractors.context import build_context
    from zh_indicators.extractors.encoding import normalise_text
    from zh_indicators.extractors.facts import build_facts

    hits, n = Counter(), 0
    for text, year, ents, rels, gold, _ in docs:
        norm = normalise_text(text)
        ctx = build_context(norm, report_year=year)
        by_start = {}
        for f in build_facts(text, ents, rels, ctx, norm_text=norm, attribute_model=model):
            by_start.setdefault(f.start, f)
        for i, a in gold.items():
            f = by_start.get(ents[i][0])
            if not a or a.get("status") is None or f is None:
                continue
            n += 1
            for k in ATTRS:
                hits[k] += str(getattr(f, k)) == str(a.get(k))
    return {k: round(hits[k] / max(n, 1), 3) for k in ATTRS}, n


def part_accuracy(docs, part_model) -> Tuple[Optional[float], Optional[float], int]:
    """Accuracy of the learned part label (and of the heading rules' part) on the gold
    paragraph parts of `docs` (corpus/parts.py); None where the docs have no gold parts."""
    import bisect

    from zh_indicators.extractors.context import build_context
    from zh_indicators.extractors.encoding import normalise_text
    from zh_indicators.extractors.parts import PART_LABELS

    learned = rules = n = 0
    for text, year, _, _, _, parts in docs:
        if not parts:
            continue
        norm = normalise_text(text)
        ctx = build_context(norm, report_year=year)
        starts = [p[0] for p in ctx.parts]
        probs = part_model.predict(norm, ctx) if part_model is not None else None
        for offset, part in parts:
            k = bisect.bisect_right(starts, offset) - 1
            if k < 0:
                continue
            n += 1
            rules += ctx.parts[k][2] == part
            learned += probs is not None and PART_LABELS[int(probs[k].argmax())] == part
    if not n:
        return None, None, 0
    return round(learned / n, 3), round(rules / n, 3), n


def run(folds: List[str], log=print, headed: bool = False, headed_docs: int = 0) -> Dict:
    """Head against rules per fold; `headed`: also on the fold's excerpts with their part
    headings put back (training.attributes.headed_documents), as whole reports have them;
    `headed_docs`: the head trains on that many such documents of the other folds
    (training.attribute_headed_docs)."""
    from zh_indicators.corpus.reports import ANNOTATIONS_DIR
    from zh_indicators.training.attributes import fit_attributes, gold_documents, headed_documents
    from zh_indicators.training.data import load_data

    from .provinces import fold_of

    records = load_data([ANNOTATIONS_DIR])
    out = {}
    for fold in folds:
        t0 = time.time()
        train = [r for r in records if fold_of(r) != fold]
        held = [r for r in records if fold_of(r) == fold]
        docs = gold_documents(held)
        model = fit_attributes(train, n_headed=headed_docs)
        head, n = attribute_accuracy(docs, model)
        rules, _ = attribute_accuracy(docs, None)
        parts, part_rules, n_par = part_accuracy(docs, model.paragraph_parts)
        out[fold] = {"values": n, "head": head, "rules": rules,
                     "parts": {"paragraphs": n_par, "learned": parts, "heading_rules": part_rules}}
        log(f"{fold}: {n} gold VALUEs; head {head}; rules {rules}; paragraph parts on {n_par} gold paragraphs: "
            f"learned {parts}, heading rules {part_rules} ({time.time() - t0:.0f}s)")
        if headed:
            hdocs = headed_documents(held, len(held), seed=13)
            out[fold]["headed"] = {"head": attribute_accuracy(hdocs, model)[0], "rules": attribute_accuracy(hdocs, None)[0]}
            log(f"{fold} with part headings put back: {out[fold]['headed']}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", default="dev", help="comma-separated: dev, F1 … F5 (default dev)")
    ap.add_argument("--headed", action="store_true", help="also score the excerpts with their part headings put back")
    ap.add_argument("--headed-docs", type=int, default=0,
                    help="train the head on this many headed documents too (training.attribute_headed_docs)")
    args = ap.parse_args(argv)
    run([f.strip() for f in args.folds.split(",") if f.strip()], headed=args.headed, headed_docs=args.headed_docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
