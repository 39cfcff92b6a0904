"""The gold part layer: reading, validation with file and line, the text hash check."""
import pytest

from zh_indicators.corpus.errors import InputError
from zh_indicators.corpus.parts import HEADER, PARTS_GOLD, load_parts, paragraph_sha, part_of, write_parts


def test_round_trip_and_hash_check(tmp_path):
    path = tmp_path / "parts.tsv"
    rec = {"report": "pool-p001", "paragraph": 3, "text": "一年来,全市地区生产总值增长6%。"}
    write_parts(path, [("pool-p001", 3, paragraph_sha(rec["text"]), "review", "agreed")])
    parts = load_parts(path)
    assert part_of(rec, parts) == "review"
    # a row applies only to the text it was made on
    assert part_of(dict(rec, text=rec["text"] + "。"), parts) is None
    assert part_of(dict(rec, paragraph=4), parts) is None


def test_absent_layer_is_empty(tmp_path):
    assert load_parts(tmp_path / "none.tsv") == {}


@pytest.mark.parametrize("row,problem", [
    (["pool-p001", "x", "0" * 64, "review", "agreed"], "is not a number"),
    (["pool-p001", "1", "abc", "review", "agreed"], "is not a sha256"),
    (["pool-p001", "1", "0" * 64, "preface", "agreed"], "part 'preface'"),
    (["pool-p001", "1", "0" * 64, "review", "guessed"], "adjudication 'guessed'"),
    (["pool-p001", "1", "0" * 64], "found 3 columns"),
])
def test_bad_rows_name_file_and_line(tmp_path, row, problem):
    path = tmp_path / "parts.tsv"
    path.write_text("\t".join(HEADER) + "\n" + "\t".join(["pool-p001", "0", "0" * 64, "frame", "agreed"]) + "\n"
                    + "\t".join(row) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"parts.tsv:3: .*{problem}"):
        load_parts(path)


def test_duplicate_row_is_refused(tmp_path):
    path = tmp_path / "parts.tsv"
    row = "\t".join(["pool-p001", "0", "0" * 64, "frame", "agreed"])
    path.write_text("\t".join(HEADER) + "\n" + row + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="parts.tsv:3: .*found twice"):
        load_parts(path)


def test_shipped_layer_covers_every_gold_paragraph():
    """Seeds always; pool excerpts where ../shared/pool is present (their records are skipped
    without it). A paragraph whose clean text changed since it was labelled fails here."""
    from zh_indicators.corpus.annotate import load_all_annotations

    parts = load_parts(PARTS_GOLD)
    recs = [r for rs in load_all_annotations().values() for r in rs]
    assert any(not str(r["report"]).startswith("pool-") for r in recs)
    missing = [(r["report"], r["paragraph"]) for r in recs if part_of(r, parts) is None]
    assert not missing, missing[:10]


def test_shipped_layer_is_the_adjudication_of_its_two_annotations():
    """parts.tsv is what `python -m zh_indicators.corpus.parts` makes of A, B and the decisions."""
    from zh_indicators.corpus.annotate import load_all_annotations
    from zh_indicators.corpus.parts import LAYER_DIR, adjudicate, read_labels

    recs = [r for rs in load_all_annotations().values() for r in rs]
    a, b = read_labels(LAYER_DIR / "A.tsv"), read_labels(LAYER_DIR / "B.tsv")
    rows = adjudicate(recs, a, b, read_labels(LAYER_DIR / "decisions.tsv"))
    shipped = load_parts(PARTS_GOLD)
    shipped_rows = {(r[0], r[1]): r[4] for r in rows}
    assert rows and all(shipped[(r[0], r[1])] == (r[2], r[3]) for r in rows)
    # a decision (a disagreement settled, or an agreement the adjudicator overrode) is marked so
    decided = read_labels(LAYER_DIR / "decisions.tsv")
    assert decided and all(shipped_rows[k] == "adjudicated" for k in decided)


def test_adjudication_takes_agreement_and_needs_a_decision_for_the_rest(tmp_path):
    from zh_indicators.corpus.parts import adjudicate, read_labels

    recs = [{"report": "pool-p001", "paragraph": k, "text": t} for k, t in enumerate(["首页>报告", "一年来…", "今年…"])]
    a = tmp_path / "a.tsv"
    b = tmp_path / "b.tsv"
    a.write_text("pool-p001\t0\tfurniture\npool-p001\t1\treview\npool-p001\t2\tplan\tunsure\n", encoding="utf-8")
    b.write_text("pool-p001\t0\tfurniture\npool-p001\t1\treview\npool-p001\t2\toutlook\n", encoding="utf-8")
    la, lb = read_labels(a), read_labels(b)
    with pytest.raises(InputError, match=r"1 disagreement\(s\) without a decision: pool-p001 2 \(A plan, B outlook\)"):
        adjudicate(recs, la, lb, {})
    rows = adjudicate(recs, la, lb, {("pool-p001", 2): "plan"})
    assert [(r[1], r[3], r[4]) for r in rows] == [(0, "furniture", "agreed"), (1, "review", "agreed"),
                                                 (2, "plan", "adjudicated")]
    path = tmp_path / "parts.tsv"
    write_parts(path, rows)
    assert part_of(recs[2], load_parts(path)) == "plan"


def test_a_bad_label_line_names_file_and_line(tmp_path):
    from zh_indicators.corpus.parts import read_labels

    p = tmp_path / "a.tsv"
    p.write_text("pool-p001\t0\tfurniture\npool-p001\t1\tpreface\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a.tsv:2: .*'pool-p001\\t1\\tpreface'"):
        read_labels(p)
