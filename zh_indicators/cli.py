"""The `zh-indicators` command. Subcommands import their modules lazily, so that
`corpus stats` does not pay for torch."""
import argparse
import json
import sys
from pathlib import Path
from typing import List, Optional


def _print_table(rows: List[dict], cols: List[str], out=sys.stdout) -> None:
    widths = [max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols]
    out.write("  ".join(c.ljust(w) for c, w in zip(cols, widths)) + "\n")
    for r in rows:
        out.write("  ".join(str(r.get(c, "")).ljust(w) for c, w in zip(cols, widths)) + "\n")


def cmd_corpus_stats(args) -> int:
    from zh_indicators.corpus.annotate import load_all_annotations
    from zh_indicators.corpus.pool import pool_available, pool_dir
    from zh_indicators.corpus.stats import corpus_stats, summary

    rows = corpus_stats(load_all_annotations())
    if args.json:
        print(json.dumps({"documents": rows, "summary": summary(rows)}, ensure_ascii=False, indent=2))
    else:
        _print_table(rows, ["id", "place", "report_year", "raw_chars", "clean_chars", "paragraphs",
                            "sentences", "glosses_removed", "glosses_left", "mojibake_spots",
                            "traditional_left", "gold_paragraphs"])
        for src, s in summary(rows).items():
            print(f"{src}: {s['documents']} documents, {s['all_gold']} all gold, {s['paragraphs']} paragraphs, "
                  f"{s['clean_chars']} clean characters, entities {s['entities']}"
                  + (f", {s['provinces']} provinces" if s["provinces"] else ""))
        if not pool_available():
            print(f"pool folder {pool_dir()} absent: pool excerpts not counted", file=sys.stderr)
    return 0


def cmd_corpus_clean(args) -> int:
    from zh_indicators.corpus.clean import clean
    from zh_indicators.corpus.io import read_text, write_atomic

    cleaned = clean(read_text(args.path, encoding=args.encoding))
    if args.output:
        write_atomic(args.output, cleaned.text + "\n")
    else:
        sys.stdout.write(cleaned.text + "\n")
    sys.stderr.write(f"{args.path}: {cleaned.glosses_removed} glosses removed, "
                     f"{len(cleaned.furniture)} furniture lines removed, "
                     f"{len(cleaned.mojibake)} mojibake spots left visible\n")
    return 0


def cmd_corpus_markup(args) -> int:
    from zh_indicators.corpus.annotate import annotation_path, load_records, records_to_markup

    sys.stdout.write(records_to_markup(load_records(annotation_path(args.report))))
    return 0


def cmd_corpus_import_markup(args) -> int:
    from zh_indicators.corpus.annotate import annotation_path, check_markup_file, write_records

    records = check_markup_file(args.report, args.markup)
    write_records(args.output or annotation_path(args.report), records, overwrite=args.overwrite)
    return 0


def cmd_corpus_check_markup(args) -> int:
    from zh_indicators.corpus.annotate import check_markup_file

    records = check_markup_file(args.report, args.markup)
    n = {lab: sum(1 for r in records for e in r["entities"] if e["label"] == lab)
         for lab in ("INDICATOR", "VALUE", "UNIT", "YEAR")}
    rels = sum(len(r["relations"]) for r in records)
    print(f"{args.markup}: markup valid: {len(records)} paragraphs, "
          + ", ".join(f"{v} {k}" for k, v in n.items()) + f", {rels} relations")
    return 0


def cmd_corpus_agreement(args) -> int:
    from zh_indicators.corpus.agreement import folder_agreement
    from zh_indicators.corpus.reports import CORPUS_DIR

    res = folder_agreement(args.double or CORPUS_DIR / "double")
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    cols = ("entities", "INDICATOR", "VALUE", "UNIT", "YEAR", "relations", "status", "period", "kind", "direction")
    print("| group | values compared | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 2) + "|")
    for group, r in res.items():
        print(f"| {group} | {r['values_compared']} | " + " | ".join(
            "-" if r[c] is None else f"{r[c]:.3f}" for c in cols) + " |")
    return 0


def cmd_corpus_adjudicate(args) -> int:
    from zh_indicators.corpus.adjudicate import adjudicate_folder
    from zh_indicators.corpus.reports import ANNOTATIONS_DIR, CORPUS_DIR

    how = adjudicate_folder(args.double or CORPUS_DIR / "double", args.output or ANNOTATIONS_DIR / "pool")
    print(", ".join(f"{n} paragraphs {k}" for k, n in sorted(how.items())))
    return 0


def cmd_corpus_export(args) -> int:
    from zh_indicators.corpus.annotate import load_all_annotations
    from zh_indicators.corpus.errors import Errors, InputError
    from zh_indicators.corpus.interop import LABEL_CONFIG, export_text
    from zh_indicators.corpus.io import write_atomic

    by_report = load_all_annotations()
    unknown = [r for r in args.reports if r not in by_report]
    if unknown:
        seeds = [r for r in by_report if not r.startswith("pool-")]
        pool = sorted(r for r in by_report if r.startswith("pool-"))
        allowed = ", ".join(seeds) + (f", {pool[0]} … {pool[-1]} ({len(pool)} pool excerpts)" if pool else "")
        raise InputError(Errors.E011.format(found=unknown[0], allowed=allowed))
    reports = args.reports or list(by_report)
    records = [r for rep in reports for r in by_report[rep]]
    text = export_text(records, args.format)
    if args.output:
        if Path(args.output).exists() and not args.overwrite:
            raise InputError(Errors.E141.format(path=args.output))
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    hint = (f"; labelling config: {LABEL_CONFIG} (zh-indicators corpus label-config)"
            if args.format == "labelstudio" else "")
    print(f"{args.output or 'stdout'}: {len(records)} paragraphs of {len(reports)} report(s) as {args.format}{hint}",
          file=sys.stderr)
    return 0


def cmd_corpus_label_config(args) -> int:
    from zh_indicators.corpus.interop import label_config
    from zh_indicators.corpus.io import write_atomic

    if args.output:
        write_atomic(args.output, label_config())
        print(args.output)
    else:
        sys.stdout.write(label_config())
    return 0


def cmd_corpus_consistency(args) -> int:
    from zh_indicators.corpus.consistency import consistency_report

    print(consistency_report(args.paths or None))
    return 0


def cmd_validate(args) -> int:
    from zh_indicators.corpus.reports import ANNOTATIONS_DIR
    from zh_indicators.corpus.validate import validate_paths

    problems = validate_paths(args.paths or [ANNOTATIONS_DIR])
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("annotations valid", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="zh-indicators", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    corpus = sub.add_parser("corpus", help="the report corpus").add_subparsers(dest="corpus_cmd", required=True)
    s = corpus.add_parser("stats", help="per-report cleaning and annotation figures")
    s.add_argument("--json", action="store_true", help="print the figures as JSON")
    s.set_defaults(func=cmd_corpus_stats)
    s = corpus.add_parser("clean", help="clean one raw report file")
    s.add_argument("path", help="raw report file (e.g. scraped web text)")
    s.add_argument("--output", help="file for the clean text (default: stdout)")
    s.add_argument("--encoding", default="utf-8", choices=["utf-8", "auto", "gb18030", "big5"],
                   help="utf-8 (default, BOMs honoured); auto: UTF-8, else GB18030 or Big5, whichever reads as "
                        "Chinese; or force one codec")
    s.set_defaults(func=cmd_corpus_clean)
    s = corpus.add_parser("markup", help="print a report's annotations as review markup")
    s.add_argument("report", help="report id, e.g. zhonglou-2020 or pool-p001")
    s.set_defaults(func=cmd_corpus_markup)
    s = corpus.add_parser("import-markup", help="convert reviewed markup back to JSONL")
    s.add_argument("report", help="report id the markup belongs to")
    s.add_argument("markup", help="reviewed markup file")
    s.add_argument("--output", help="JSONL file to write (default: the report's file in corpus/annotations)")
    s.add_argument("--overwrite", action="store_true", help="replace an existing annotation file")
    s.set_defaults(func=cmd_corpus_import_markup)
    s = corpus.add_parser("check-markup", help="check a markup file against a document's clean text and the scheme")
    s.add_argument("report", help="report id the markup belongs to")
    s.add_argument("markup", help="markup file to check")
    s.set_defaults(func=cmd_corpus_check_markup)
    s = corpus.add_parser("agreement", help="inter-annotator agreement of the double annotation")
    s.add_argument("--double", help="folder with A/, B/ (default corpus/double)")
    s.add_argument("--json", action="store_true", help="print the agreement figures as JSON")
    s.set_defaults(func=cmd_corpus_agreement)
    s = corpus.add_parser("adjudicate", help="merge the double annotation and the decisions into gold")
    s.add_argument("--double", help="folder with A/, B/, decisions/ (default corpus/double)")
    s.add_argument("--output", help="gold folder (default corpus/annotations/pool)")
    s.set_defaults(func=cmd_corpus_adjudicate)
    s = corpus.add_parser("export", help="annotations as Label Studio tasks (JSON) or doccano JSONL, to correct "
                                         "or extend in those tools; train, evaluate and validate read them back")
    s.add_argument("reports", nargs="*", metavar="REPORT",
                   help="report ids, e.g. zhonglou-2020 or pool-p001 (default: every annotated report)")
    s.add_argument("--format", required=True, choices=["labelstudio", "doccano"], help="the annotation tool's format")
    s.add_argument("--output", help="file to write (default: stdout); an existing file is kept unless --overwrite")
    s.add_argument("--overwrite", action="store_true", help="replace an existing --output file")
    s.set_defaults(func=cmd_corpus_export)
    s = corpus.add_parser("label-config", help="the Label Studio labelling config (XML) of the annotation scheme")
    s.add_argument("--output", help="file to write (default: stdout)")
    s.set_defaults(func=cmd_corpus_label_config)
    s = corpus.add_parser("consistency", help="list labelling inconsistencies for a second look")
    s.add_argument("paths", nargs="*", help="annotation files or folders (default: corpus/annotations)")
    s.set_defaults(func=cmd_corpus_consistency)

    s = sub.add_parser("validate", help="check annotation files (our JSONL, Label Studio JSON exports, doccano "
                                        "JSONL) against the scheme; prints file:line: problem, changes nothing")
    s.add_argument("paths", nargs="*", help="files or folders (default: corpus/annotations)")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("run", help="the main job: extract the fact table of a shipped report")
    s.set_defaults(func=cmd_run)
    _add_later_commands(sub)
    return p


def cmd_run(args) -> int:
    """The README's main job: the fact table of a shipped report."""
    from zh_indicators.cli_extract import run_sample

    return run_sample()


def _add_later_commands(sub) -> None:
    """Subcommands of the model side (their modules import torch lazily)."""
    from zh_indicators import cli_extract

    cli_extract.add_commands(sub)


def main(argv: Optional[List[str]] = None) -> int:
    from zh_indicators.corpus.errors import ZhIndicatorsError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ZhIndicatorsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
