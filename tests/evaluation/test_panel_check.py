import csv

import pytest

from zh_indicators.evaluation.panel_check import CHECK, COLUMNS, KEY, MARKS, PANEL, carry, main, summary

FIELDS = list(KEY) + ["source_sentence"]


def _panel(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in FIELDS})


def _row(ind, value, status="actual"):
    return {"place": "仪征市", "indicator_id": ind, "period": "2023", "kind": "level", "value": value,
            "unit": "亿元", "status": status, "source_indicator": ind, "source_value_text": value}


@pytest.fixture
def checked(tmp_path):
    _panel(tmp_path / PANEL, [_row("gdp", "900"), _row("general_budget_revenue", "50")])
    lines = ["\t".join(COLUMNS),
             "\t".join(["1"] + ["1"] * 7 + ["1", "", "read"]),
             "\t".join(["2"] + ["1", "0"] + ["1"] * 5 + ["0", "wrong id", "read"])]
    (tmp_path / CHECK).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_summary_counts_rows_right_in_all_seven(checked):
    res = summary(checked)
    assert (res["rows"], res["right"]) == (2, 1) and res["wrong"][0][0] == "2"


def test_identical_rows_carry_their_judgement_and_changed_rows_are_to_read(checked, tmp_path):
    new = tmp_path / "new.csv"
    _panel(new, [_row("general_budget_revenue", "50"), _row("gdp", "900", status="estimate")])
    res = carry(new, checked)
    assert res == {"rows": 2, "carried": 1, "to_read": 1, "gone": 1}
    rows = list(csv.DictReader(open(checked / CHECK, encoding="utf-8"), delimiter="\t"))
    assert rows[0]["note"] == "wrong id" and rows[0]["checked"] == "carried" and rows[0]["row"] == "1"
    assert rows[1]["checked"] == "to read" and all(rows[1][m] == "" for m in MARKS)
    with pytest.raises(ValueError, match="not read yet"):
        summary(checked)


def test_bad_marks_name_the_file_and_line(checked):
    lines = (checked / CHECK).read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace("\t0\t1", "\tx\t1", 1)
    (checked / CHECK).write_text("\n".join(lines), encoding="utf-8")
    assert main(["summary", "--check-dir", str(checked)]) == 1
    with pytest.raises(ValueError, match=r"hand_check.tsv:3: marks must be 0 or 1"):
        summary(checked)


def test_correct_must_agree_with_the_marks(checked):
    text = (checked / CHECK).read_text(encoding="utf-8").replace("\t0\twrong id", "\t1\twrong id")
    (checked / CHECK).write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="row 2: `correct`"):
        summary(checked)


def test_the_shipped_check_is_complete():
    res = summary(__import__("pathlib").Path(__file__).resolve().parents[2] / "evaluation" / "reports" / "panel")
    assert res["rows"] >= 400 and 0 < res["right"] <= res["rows"]
