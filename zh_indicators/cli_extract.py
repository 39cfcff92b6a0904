"""Model-side subcommands: train, evaluate, benchmark, extract, show, bench."""
import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional

from zh_indicators.extractors.files import collect_files, iter_files, no_input_error, read_metadata, with_place

FORMATS = ("csv", "jsonl", "parquet")
ENCODINGS = ("auto", "utf-8", "gb18030", "big5")
ENCODING_HELP = ("auto (default): UTF-8 (BOMs honoured), else GB18030 or Big5, whichever reads as Chinese; "
                 "or force one codec")
REPORT_YEAR_HELP = "the year the report was delivered (wins over the years the text states; 1949-2100)"
CONFIG_HELP = "training config: a .cfg file, or the name of a packaged one (default, tiny, pretrained)"

# Cleaning is on by default: scraped pages carry pinyin glosses (個(gè)百分點) and
# traditional characters that split spans silently; on text already clean it changes nothing
# but leftover page furniture.
CLEAN_HELP = ("clean scraped text first (pinyin glosses, page furniture, traditional -> simplified; "
              "the default); offsets still refer to the file as given. --no-clean: the text as it is")


def report_year_arg(value: str) -> int:
    """argparse type of --report-year: argparse names the option in the message."""
    import argparse

    if not (value.strip().isdigit() and 1949 <= int(value) <= 2100):
        raise argparse.ArgumentTypeError(f"{value!r} is not a year (allowed: 1949-2100)")
    return int(value)


def add_commands(sub) -> None:
    s = sub.add_parser("train", help="train a pipeline from annotations")
    s.add_argument("--config", required=True, help=CONFIG_HELP)
    s.add_argument("--data", action="append", required=True, help="folder or file (JSONL, Label Studio, doccano); repeatable, later ones newer: "
                        "a paragraph annotated again replaces the older record (the number replaced is printed)")
    s.add_argument("--holdout-city", default=None, help="dev city for early stopping (excluded from training)")
    s.add_argument("--output", required=True, help="model folder to write (swapped in when training has finished)")
    s.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE", help="override a config value")
    s.add_argument("--no-progress", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_train)

    s = sub.add_parser("train-attributes", help="train the attribute head and part label again, into a pipeline folder")
    s.add_argument("--model", required=True, help="pipeline folder whose attribute head is replaced (the tagger stays)")
    s.add_argument("--data", action="append", default=None,
                   help="folder or file of gold annotations (default: corpus/annotations); repeatable")
    s.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    s.set_defaults(func=cmd_train_attributes)

    s = sub.add_parser("pretrain", help="masked-LM pretraining of the encoder on unlabelled report text")
    s.add_argument("--texts", required=True, help="folder of .txt reports (cleaned on the fly)")
    s.add_argument("--config", default="default", help=CONFIG_HELP + " (default: default)")
    s.add_argument("--output", required=True, help="folder for the pretrained encoder checkpoint")
    s.add_argument("--epochs", type=int, default=None, help="pretraining epochs (default: the config's)")
    s.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE", help="override a config value")
    s.set_defaults(func=cmd_pretrain)

    s = sub.add_parser("evaluate", help="score one trained pipeline (and the rule baseline) on one data set")
    s.add_argument("model", help="trained pipeline folder")
    s.add_argument("--data", action="append", required=True,
                   help="gold folder or file (JSONL, Label Studio, doccano); repeatable")
    s.add_argument("--output", help="write the scores as JSON")
    s.set_defaults(func=cmd_evaluate)

    s = sub.add_parser("benchmark", help="held-out benchmark (provinces or cities) with baselines and a report")
    s.add_argument("--config", required=True, help=CONFIG_HELP)
    s.add_argument("--protocol", default="cities", choices=["cities", "provinces"],
                   help="cities: leave-one-city-out on the seed reports; provinces: grouped CV over the pool")
    s.add_argument("--curve-sizes", default="5,20,50", help="provinces: training places of the learning curve ('' for none)")
    s.add_argument("--no-dev", action="store_true", help="provinces: skip the dev-group run")
    s.add_argument("--data", action="append", default=None,
                   help="gold folder or file; repeatable (default: corpus/annotations)")
    s.add_argument("--folds", default="all", help="'all' or comma-separated held-out cities")
    s.add_argument("--curve-cities", type=int, default=2, help="held-out cities for the learning curve (0: none)")
    s.add_argument("--output", required=True, help="folder for the report (report.md, report.html, scores)")
    s.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE", help="override a config value")
    s.add_argument("--quick", action="store_true", help="one small fold, 2 epochs, no curve (CI)")
    s.add_argument("--models", default=None, metavar="DIR",
                   help="provinces: keep each fold's trained pipeline in DIR/<fold>; a fold kept there by a run "
                        "on the same data and config is loaded instead of trained")
    s.add_argument("--refit-attributes", action="store_true",
                   help="provinces, with --models: train the kept pipelines' attribute heads again with this code")
    s.set_defaults(func=cmd_benchmark)

    s = sub.add_parser("extract", help="extract facts from report files or folders")
    s.add_argument("paths", nargs="+", help="report files, or folders read recursively (.txt, .md, no extension)")
    s.add_argument("--format", choices=FORMATS, default=None,
                   help="csv (default), jsonl or parquet (parquet needs --output)")
    s.add_argument("--output", help="file to write (default: stdout for csv/jsonl)")
    s.add_argument("--report-year", type=report_year_arg, default=None, help=REPORT_YEAR_HELP)
    s.add_argument("--clean", action=argparse.BooleanOptionalAction, default=True, help=CLEAN_HELP)
    s.add_argument("--model", default=None, help="pipeline folder (default: the shipped model)")
    s.add_argument("--encoding", choices=ENCODINGS, default="auto", help=ENCODING_HELP)
    s.add_argument("--metadata", help="CSV/TSV with columns file, place, report_year (and province, prefecture, "
                                      "level): per-file metadata of your own reports")
    s.add_argument("--place", default=None,
                   help="the place of every input report (wins over --metadata and the text; e.g. 吴江区)")
    s.add_argument("--verbose", action="store_true", help="list the files skipped in the folders (extension, hidden)")
    d = s.add_argument_group("on a Dask cluster (pip install 'zh-indicators[distributed]')")
    d.add_argument("--scheduler", metavar="local|ADDRESS", default=None,
                   help="run on dask.distributed: 'local' starts a cluster on this machine, tcp://HOST:PORT joins "
                        "an existing one; --output is then a Parquet dataset folder (rerun to resume)")
    d.add_argument("--workers", type=int, default=None,
                   help="local: worker processes (default: one per core); ADDRESS: wait for this many workers")
    d.add_argument("--partition-size", type=int, default=None, help="files per task (default 16)")
    d.add_argument("--torch-threads", type=int, default=1, help="torch threads per worker process (default 1)")
    s.set_defaults(func=cmd_extract)

    s = sub.add_parser("benchmark-names", help="accuracy of indicator ids and of places read from the text")
    s.add_argument("--data", action="append", default=None,
                   help="gold folder or file; repeatable (default: corpus/annotations)")
    s.add_argument("--output", required=True, help="folder for the names report")
    s.set_defaults(func=cmd_benchmark_names)

    s = sub.add_parser("panel", help="a place x period x indicator panel from reports or fact tables")
    s.add_argument("paths", nargs="+", help="report files/folders, fact tables written by extract "
                                            "(.csv/.parquet/.jsonl), or dataset folders of extract --scheduler")
    s.add_argument("--output", required=True, help="panel file (.parquet or .csv); sources and conflicts go beside it")
    s.add_argument("--wide", action="store_true", help="indicators as columns (one row per place and period)")
    s.add_argument("--plot", metavar="INDICATOR_ID", help="draw one indicator's series per place (PNG and HTML)")
    s.add_argument("--metadata", help="CSV/TSV with file, place, report_year, … of your reports")
    s.add_argument("--report-year", type=report_year_arg, default=None, help=REPORT_YEAR_HELP)
    s.add_argument("--place", default=None, help="the place of every input report (overrides the text)")
    s.add_argument("--model", default=None, help="pipeline folder (default: the shipped model)")
    s.add_argument("--clean", action=argparse.BooleanOptionalAction, default=True, help=CLEAN_HELP)
    s.set_defaults(func=cmd_panel)

    s = sub.add_parser("show", help="render a report's entities, relations and facts as HTML")
    s.add_argument("path", help="report file")
    s.add_argument("--html", required=True, help="HTML file to write")
    s.add_argument("--model", default=None, help="pipeline folder (default: the shipped model)")
    s.add_argument("--clean", action=argparse.BooleanOptionalAction, default=True, help=CLEAN_HELP)
    s.add_argument("--report-year", type=report_year_arg, default=None, help=REPORT_YEAR_HELP)
    s.set_defaults(func=cmd_show)

    s = sub.add_parser("bench", help="speed and footprint benchmark of the shipped model")
    s.add_argument("--quick", action="store_true", help="a short CI-sized run")
    s.add_argument("--output", default=None, help="JSON file for the figures")
    s.add_argument("--model", default=None, help="pipeline folder (default: the shipped model)")
    s.add_argument("--distributed", action="store_true",
                   help="chars/s of one process vs 1 and 2 Dask workers, and a cluster estimate")
    s.add_argument("--repeats", type=int, default=4, help="--distributed: copies of the five seed reports")
    s.add_argument("--rounds", type=int, default=3, help="--distributed: interleaved rounds (median reported)")
    s.set_defaults(func=cmd_bench)


def cmd_train(args) -> int:
    from zh_indicators.training.train import train

    meta = train(args.config, args.data, args.output, holdout=args.holdout_city, overrides=args.set,
                 progress=not args.no_progress)
    print(json.dumps({"output": args.output, "dev_scores": meta["dev_scores"],
                      "train_seconds": meta["training"]["train_seconds"],
                      "epochs": len(meta["training"]["history"])}, indent=1))
    return 0


def cmd_train_attributes(args) -> int:
    from zh_indicators.corpus.reports import ANNOTATIONS_DIR
    from zh_indicators.training.attributes import refit_pipeline_attributes
    from zh_indicators.training.data import load_data

    info = refit_pipeline_attributes(args.model, load_data(args.data or [ANNOTATIONS_DIR]), seed=args.seed)
    print(json.dumps({"output": args.model, **info}, indent=1))
    return 0


def cmd_pretrain(args) -> int:
    from zh_indicators.training.pretrain import pretrain

    meta = pretrain(args.texts, args.config, args.output, epochs=args.epochs, overrides=args.set,
                    log=lambda row: print(row, file=sys.stderr))
    print(json.dumps({"output": args.output, "final": meta["history"][-1]}, indent=1))
    return 0


def f_text(score: dict) -> str:
    """F1 to three places, or n/a when there is nothing to score (no gold and no predicted item)."""
    if score["tp"] + score["fp"] + score["fn"] == 0:
        return "n/a"
    return f"{score['f']:.3f}"


def cmd_evaluate(args) -> int:
    from zh_indicators.evaluation.evaluate import evaluate
    from zh_indicators.evaluation.systems import ModelSystem, RuleSystem
    from zh_indicators.extractors.pipeline import load
    from zh_indicators.training.data import load_data

    records = load_data(args.data)
    out = {"model": evaluate(ModelSystem(load(args.model)), records).summary(),
           "rules": evaluate(RuleSystem(), records).summary()}
    for sys_name, s in out.items():
        print(f"{sys_name:6s} entities F1 {f_text(s['entities']['micro'])}  "
              + "  ".join(f"{l} {f_text(s['entities'][l])}" for l in ("INDICATOR", "VALUE", "UNIT", "YEAR"))
              + f"  relations F1 {f_text(s['relations_end_to_end']['micro'])}"
              + f" (gold ents {f_text(s['relations_gold_entities']['micro'])})  facts F1 {f_text(s['facts'])}")
    if args.output:
        from zh_indicators.corpus.io import write_atomic

        write_atomic(args.output, json.dumps(out, indent=1, ensure_ascii=False))
    return 0


def cmd_benchmark(args) -> int:
    from zh_indicators.corpus.reports import ANNOTATIONS_DIR
    from zh_indicators.evaluation.benchmark import run_benchmark
    from zh_indicators.evaluation.report import write_report
    from zh_indicators.training.data import load_data

    records = load_data(args.data or [ANNOTATIONS_DIR])
    folds = None if args.folds == "all" else [f.strip() for f in args.folds.split(",")]
    overrides, curve = list(args.set), args.curve_cities
    if args.protocol == "provinces":
        return _province_benchmark(args, records, folds, overrides)
    records = [r for r in records if not str(r["report"]).startswith("pool-")]
    if args.quick:
        folds, curve = folds or ["zhonglou"], 0
        overrides += ["training.max_epochs=2"]
    res = run_benchmark(args.config, records, folds=folds, curve_cities=curve, overrides=overrides,
                        log=lambda m: print(m, file=sys.stderr))
    for p in write_report(res, args.output):
        print(p)
    return 0


TABLE_SUFFIXES = (".csv", ".parquet", ".jsonl")


def _read_table(path: Path):
    import pandas as pd

    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".jsonl":
        return pd.read_json(path, lines=True)
    return pd.read_csv(path)


def cmd_benchmark_names(args) -> int:
    from zh_indicators.corpus.reports import ANNOTATIONS_DIR
    from zh_indicators.evaluation.names import run_names, write_names_report
    from zh_indicators.training.data import load_data

    for p in write_names_report(run_names(load_data(args.data or [ANNOTATIONS_DIR])), args.output):
        print(p)
    return 0


def cmd_panel(args) -> int:
    import pandas as pd

    from zh_indicators.corpus.io import write_atomic
    from zh_indicators.extractors.panel import build_panel, plot, wide

    from zh_indicators.extractors.dataset import is_dataset, read_facts

    tables = [Path(p) for p in args.paths if Path(p).suffix in TABLE_SUFFIXES and Path(p).is_file()]
    datasets = [Path(p) for p in args.paths if is_dataset(p)]  # folders written by extract --scheduler
    reports = [p for p in args.paths if Path(p) not in tables and Path(p) not in datasets]
    frames = [_read_table(t) for t in tables] + [read_facts(d) for d in datasets]
    errors: List[str] = []
    if reports:
        files, skipped = collect_files(reports)
        if not files:
            raise no_input_error(reports, skipped)
        from zh_indicators.extractors.pipeline import load

        metadata = read_metadata(args.metadata) if args.metadata else None
        rows, errors = extract_files(reports, load(args.model), clean=args.clean, report_year=args.report_year,
                                     metadata=metadata)
        frames.append(pd.DataFrame(rows))
    facts = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if args.place:
        facts["place"] = args.place
    panel, sources, conflicts = build_panel(facts)
    out = Path(args.output)
    table = wide(panel) if args.wide else panel

    def write(df, path: Path):
        if path.suffix == ".parquet":
            import io

            buf = io.BytesIO()
            df.to_parquet(buf, index=False)
            write_atomic(path, buf.getvalue())
        else:
            write_atomic(path, df.to_csv(index=False))

    write(table, out)
    write(sources.astype({c: "string" for c in sources.columns if sources[c].dtype == object}),
          out.with_name(out.stem + ".sources" + out.suffix))
    write(conflicts, out.with_name(out.stem + ".conflicts.csv"))
    print(f"{out}: {len(panel)} panel rows from {len(facts)} facts, {len(conflicts)} conflicts", file=sys.stderr)
    if args.plot:
        for f in plot(panel, args.plot, out.with_name(f"{out.stem}.{args.plot}.png"),
                      out.with_name(f"{out.stem}.{args.plot}.html")):
            print(f)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    return 1 if errors else 0


def _province_benchmark(args, records, folds, overrides) -> int:
    from zh_indicators.corpus.pool import pool_available
    from zh_indicators.evaluation.province_report import write_province_report
    from zh_indicators.evaluation.provinces import run_province_benchmark

    if not pool_available():
        print("the province benchmark needs the pool folder (../shared/pool or $ZH_INDICATORS_POOL)",
              file=sys.stderr)
        return 2
    sizes = [int(x) for x in args.curve_sizes.split(",") if x.strip()]
    if args.quick:
        folds, sizes = folds or ["F2"], []
        overrides = overrides + ["training.max_epochs=2"]
    res = run_province_benchmark(args.config, records, folds=folds, curve_sizes=sizes,
                                 with_dev=not (args.no_dev or args.quick), overrides=overrides,
                                 log=lambda m: print(m, file=sys.stderr), models_dir=args.models,
                                 refit_attributes=args.refit_attributes)
    for p in write_province_report(res, args.output):
        print(p)
    return 0


def extract_files(paths: List[str], nlp, clean: bool = False, report_year: Optional[int] = None,
                  encoding: str = "auto", progress: bool = True, metadata: Optional[Dict[str, Dict]] = None):
    """Rows of facts for every readable file; (rows, errors). One file: `extractors.files.extract_file`."""
    from zh_indicators.corpus.errors import ZhIndicatorsError
    from zh_indicators.extractors.files import error_message, extract_file

    files = iter_files(paths)
    rows, errors = [], []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), desc="extract", file=sys.stderr, leave=False)
    for f in files:
        try:
            file_rows, warnings = extract_file(f, nlp, clean=clean, report_year=report_year, encoding=encoding,
                                               metadata=metadata)
            for w in warnings:
                print(f"warning: {w}", file=sys.stderr)
            rows += file_rows
        except (ZhIndicatorsError, OSError) as e:
            errors.append(error_message(f, e))
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return rows, errors


def write_rows(rows: List[dict], fmt: str, output: Optional[str]) -> None:
    import pandas as pd

    from zh_indicators.corpus.io import write_atomic

    from zh_indicators.extractors.facts import OUTPUT_COLUMNS

    df = pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS))
    if fmt == "parquet":
        if not output:
            from zh_indicators.corpus.errors import Errors, InputError

            raise InputError(Errors.E030)
        import io

        buf = io.BytesIO()
        df.astype({"number": "float64", "scale": "float64", "value": "float64"}).to_parquet(buf, index=False)
        write_atomic(output, buf.getvalue())
        return
    text = df.to_csv(index=False) if fmt == "csv" else "".join(
        json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
    if output:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)


def cmd_extract(args) -> int:
    if getattr(args, "scheduler", None):
        return _extract_on_dask(args)
    from zh_indicators.corpus.errors import Errors, InputError
    from zh_indicators.extractors.pipeline import load

    # refuse what cannot work before loading the model or reading a file
    if args.format == "parquet" and not args.output:
        raise InputError(Errors.E030)
    metadata = read_metadata(args.metadata) if args.metadata else None
    files, skipped = collect_files(args.paths)
    if args.place:
        metadata = with_place(files, args.place, metadata)
    if getattr(args, "verbose", False):
        for path, why in skipped:
            print(f"skipped: {path}: {why}", file=sys.stderr)
    if not files:
        raise no_input_error(args.paths, skipped)
    nlp = load(args.model)
    rows, errors = extract_files(args.paths, nlp, clean=args.clean, report_year=args.report_year,
                                 encoding=args.encoding, metadata=metadata)
    write_rows(rows, args.format or "csv", args.output)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    print(f"{len(rows)} facts from {len(files) - len(errors)} file(s); {len(errors)} failed"
          + (f"; {len(skipped)} skipped in the folders (--verbose lists them)"
             if skipped and not getattr(args, "verbose", False) else ""), file=sys.stderr)
    return 1 if errors else 0


def dask_client(scheduler: str, workers: Optional[int] = None):
    """(client, owned): a client of a new LocalCluster for 'local' (owned: the caller closes both),
    else a client of the running scheduler at ADDRESS."""
    from zh_indicators.corpus.errors import Errors, InputError
    from zh_indicators.extractors.distributed import local_client, require_distributed

    if scheduler == "local":
        return local_client(workers), True
    distributed = require_distributed("--scheduler ADDRESS")
    try:
        client = distributed.Client(scheduler)  # connect timeout: distributed.comm.timeouts.connect
        if workers:
            client.wait_for_workers(workers, timeout=600)
    except (OSError, TimeoutError, ValueError) as e:
        raise InputError(Errors.E303.format(address=scheduler, reason=f"{type(e).__name__}: {e}")) from None
    return client, False


def _extract_on_dask(args) -> int:
    """`extract --scheduler`: the corpus path of `extractors.distributed`, into a dataset folder."""
    from zh_indicators.corpus.errors import Errors, InputError
    from zh_indicators.extractors.distributed import DEFAULT_PARTITION_SIZE, extract_corpus

    if args.format not in (None, "parquet"):
        raise InputError(Errors.E304.format(problem=f"--format {args.format} is not allowed (only parquet)"))
    if not args.output:
        raise InputError(Errors.E304.format(problem="--output FOLDER is required"))
    metadata = read_metadata(args.metadata) if args.metadata else None
    if args.place:
        metadata = with_place(collect_files(args.paths)[0], args.place, metadata)
    client, owned = dask_client(args.scheduler, args.workers)
    try:
        res = extract_corpus(args.paths, args.output, client, metadata=metadata, report_year=args.report_year,
                             model=args.model, clean=args.clean, encoding=args.encoding,
                             partition_size=args.partition_size or DEFAULT_PARTITION_SIZE,
                             torch_threads=args.torch_threads)
    finally:
        cluster = client.cluster if owned else None
        client.close()  # a joined cluster stays up: only the connection ends
        if cluster is not None:
            cluster.close()
    from zh_indicators.extractors.dataset import read_errors

    for e in read_errors(args.output)["error"]:
        print(f"error: {e}", file=sys.stderr)
    for e in res.lost_errors:
        print(f"lost: {e}", file=sys.stderr)
    print(f"{args.output}: {res.facts} facts from {res.done} file(s), {res.skipped} already done; "
          f"{res.failed} failed (errors table), {res.lost} lost with their worker"
          + ("; run the same command again to finish them" if res.lost else "")
          + f"; {res.seconds:.1f} s", file=sys.stderr)
    return 1 if (res.failed or res.lost) else 0


def cmd_show(args) -> int:
    from zh_indicators.corpus.io import read_text, write_atomic
    from zh_indicators.extractors.pipeline import annotate, clean_and_extract, load
    from zh_indicators.extractors.show import render_html

    nlp = load(args.model)
    text = read_text(args.path, encoding="auto")
    if args.clean:
        doc = clean_and_extract(text, nlp=nlp, report_year=args.report_year)
    else:
        doc = annotate(nlp, text, args.report_year)
    write_atomic(args.html, render_html(doc, title=str(args.path)))
    print(args.html)
    return 0


def cmd_bench(args) -> int:
    if args.distributed:
        from zh_indicators.evaluation.distributed_bench import run

        run(repeats=1 if args.quick else args.repeats, rounds=1 if args.quick else args.rounds, model=args.model,
            output=args.output)
        return 0
    from zh_indicators.evaluation.speed import run_bench

    run_bench(quick=args.quick, output=args.output, model=args.model)
    return 0


def run_sample(rows_shown: int = 25) -> int:
    """The README's main job: extract facts from a shipped report; print a summary, then the first rows."""
    import pandas as pd

    from zh_indicators.corpus.reports import RAW_DIR
    from zh_indicators.extractors.pipeline import load

    path = RAW_DIR / "zhangjiagang-2018.txt"
    rows, errors = extract_files([str(path)], load(), clean=True, progress=False)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    if not rows:
        return 1
    df = pd.DataFrame(rows)
    print(summary_text(df, path.name))
    try:
        shown_path = path.relative_to(Path.cwd())
    except ValueError:
        shown_path = path
    print(f"\nFirst {min(rows_shown, len(df))} of {len(df)} rows (all of them, every column: "
          f"zh-indicators extract {shown_path} --output facts.csv):\n")
    show = df[["place", "period", "indicator", "value_text", "unit", "value", "unit_canonical", "status", "kind",
               "direction", "qualifier"]].head(rows_shown).copy()
    show["value"] = show["value"].map(lambda v: "" if v is None or v != v else
                                      (f"{int(v):,}" if float(v).is_integer() else f"{v:,}"))
    show = show.astype(object).where(show.notna(), "")
    with pd.option_context("display.max_rows", rows_shown, "display.width", 200, "display.max_colwidth", 24,
                           "display.unicode.east_asian_width", True):
        print(show.to_string(index=False))
    return 1 if errors else 0


def summary_text(df, name: str) -> str:
    """What a user wants first: how many facts, of which places and years, how many complete."""
    places = [p for p in df["place"].dropna().unique()]
    years = sorted({str(p) for p in df["period"].dropna()})
    ry = df["report_year"].dropna()
    src = df["report_year_source"].dropna()
    status = df["status"].value_counts()
    lines = [f"{name}: {len(df)} facts, {int(df['complete'].sum())} complete (indicator, value and unit), "
             f"{df['indicator_id'].notna().sum()} with a catalogue indicator id",
             f"  place: {', '.join(places) if places else 'unknown'}"
             + (f"; report year {int(ry.iloc[0])} ({src.iloc[0] if len(src) else 'given'})" if len(ry) else ""),
             ]
    per = df["period"].dropna().astype(str).value_counts()
    lines.append("  years (period): " + (", ".join(f"{y} ({per[y]} facts)" for y in years) if years else "none stated")
                 + (f", no period {int(df['period'].isna().sum())}" if df["period"].isna().any() else ""))
    lines.append("  status: " + ", ".join(f"{k} {v}" for k, v in status.items()))
    return "\n".join(lines)
