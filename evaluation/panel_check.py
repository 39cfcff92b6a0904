"""The hand check of a panel: a reader's judgement of every row, kept beside the rows it judged.

`hand_check_panel.csv` is the panel that was read, `hand_check.tsv` one judgement per row
(place, id, value, unit, period, status, kind: 1 right, 0 wrong; `correct` when all seven are).
When the panel is made again (a new model, a new rule), a row identical in everything a reader
judged keeps its judgement (`checked` = carried); every other row is written with empty marks
and `checked` = to read, and the summary refuses to count a check that is not complete.

    python -m zh_indicators.evaluation.panel_check carry NEW_PANEL.csv --check-dir DIR
    python -m zh_indicators.evaluation.panel_check summary --check-dir DIR
"""
import argparse
import csv
import sys
from pathlib import Path
from typing import Dict, List, Tuple

PANEL = "hand_check_panel.csv"
CHECK = "hand_check.tsv"
MARKS = ("place_ok", "id_ok", "value_ok", "unit_ok", "period_ok", "status_ok", "kind_ok")
COLUMNS = ("row",) + MARKS + ("correct", "note", "checked")
# what a reader judges: a row that differs in none of these is the same row
KEY = ("place", "indicator_id", "period", "kind", "unit_canonical", "per", "value", "unit", "status", "qualifier",
       "source_file", "source_start", "source_end", "source_indicator", "source_value_text")
TO_READ = "to read"


def _rows(path: Path, delimiter: str = ",") -> List[Dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def _key(row: Dict[str, str]) -> Tuple[str, ...]:
    return tuple(row.get(k, "") for k in KEY)


def load_check(check_dir: Path) -> Tuple[List[Dict[str, str]], List[Dict[str, str]]]:
    """(panel rows, judgements), one judgement per row, in the same order."""
    panel, check = _rows(check_dir / PANEL), _rows(check_dir / CHECK, "\t")
    if len(panel) != len(check):
        raise ValueError(f"{check_dir / CHECK}: {len(check)} judgements for the {len(panel)} rows of {check_dir / PANEL}")
    for i, c in enumerate(check, 2):
        if c["checked"] != TO_READ and any(c[m] not in ("0", "1") for m in MARKS):
            raise ValueError(f"{check_dir / CHECK}:{i}: marks must be 0 or 1, found "
                             f"{[c[m] for m in MARKS]}")
    return panel, check


def carry(new_panel: Path, check_dir: Path) -> Dict[str, int]:
    """Rewrite the check for `new_panel`: identical rows carry their judgement, the rest are to read.
    Each file is written whole or not at all."""
    from zh_indicators.corpus.io import write_atomic

    panel, check = load_check(check_dir)
    judged = {_key(r): c for r, c in zip(panel, check) if c["checked"] != TO_READ}
    new = _rows(new_panel)
    out, carried = [], 0
    for i, r in enumerate(new, 1):
        c = judged.get(_key(r))
        if c is not None:
            carried += 1
            out.append({**c, "row": str(i), "checked": "carried"})
        else:
            out.append({"row": str(i), **{m: "" for m in MARKS}, "correct": "", "note": "", "checked": TO_READ})
    with open(new_panel, encoding="utf-8", newline="") as f:
        panel_text = f.read()
    lines = ["\t".join(COLUMNS)] + ["\t".join(c.get(k, "") for k in COLUMNS) for c in out]
    write_atomic(check_dir / CHECK, "\n".join(lines) + "\n")
    write_atomic(check_dir / PANEL, panel_text)
    return {"rows": len(new), "carried": carried, "to_read": len(new) - carried,
            "gone": len(panel) - carried}


def summary(check_dir: Path) -> Dict[str, object]:
    """Rows, rows right in all seven, and the wrong ones; refuses an incomplete check."""
    panel, check = load_check(check_dir)
    unread = [c["row"] for c in check if c["checked"] == TO_READ]
    if unread:
        raise ValueError(f"{check_dir / CHECK}: rows {', '.join(unread[:10])}{' …' if len(unread) > 10 else ''} "
                         f"are not read yet ({len(unread)} in all)")
    for c in check:
        if c["correct"] != str(int(all(c[m] == "1" for m in MARKS))):
            raise ValueError(f"{check_dir / CHECK}: row {c['row']}: `correct` is {c['correct']!r}, "
                             f"but the seven marks say {int(all(c[m] == '1' for m in MARKS))}")
    right = sum(c["correct"] == "1" for c in check)
    return {"rows": len(check), "right": right, "share": right / len(check) if check else 0.0,
            "read_this_round": sum(c["checked"] != "carried" for c in check),
            "wrong": [(c["row"], p["place"], p["source_indicator"], p["source_value_text"], c["note"])
                      for p, c in zip(panel, check) if c["correct"] != "1"]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m zh_indicators.evaluation.panel_check", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("carry", help="carry the judgements over to a new panel")
    c.add_argument("panel")
    s = sub.add_parser("summary", help="rows right by hand check")
    for p in (c, s):
        p.add_argument("--check-dir", default=str(Path(__file__).parent / "reports" / "panel"))
    args = ap.parse_args(argv)
    try:
        if args.cmd == "carry":
            res = carry(Path(args.panel), Path(args.check_dir))
            print(f"{res['rows']} rows: {res['carried']} carried, {res['to_read']} to read "
                  f"({res['gone']} judged rows are gone)")
        else:
            res = summary(Path(args.check_dir))
            print(f"{res['right']} of {res['rows']} rows right in all seven ({res['share']:.1%}); "
                  f"{res['read_this_round']} read this round")
            for row in res["wrong"]:
                print("  wrong:", " | ".join(row))
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
