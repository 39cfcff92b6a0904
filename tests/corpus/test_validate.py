import copy
import json

import pytest

from zh_indicators.corpus.validate import check_record, validate_paths
from zh_indicators.cli import main

GOOD = {
    "report": "x-2020", "paragraph": 0, "start": 0, "end": 16, "text": "地区生产总值增长7.3%,达2590亿元",
    "entities": [
        {"id": "I1", "label": "INDICATOR", "start": 0, "end": 6, "text": "地区生产总值"},
        {"id": "V1", "label": "VALUE", "start": 8, "end": 11, "text": "7.3"},
        {"id": "U1", "label": "UNIT", "start": 11, "end": 12, "text": "%"},
    ],
    "relations": [{"head": "I1", "type": "has_value", "tail": "V1"}, {"head": "V1", "type": "has_unit", "tail": "U1"}],
    "attributes": {"V1": {"period": "2020", "status": "actual", "kind": "change", "direction": "up"}},
    "review": "gold",
}


def broken(path, value):
    rec = copy.deepcopy(GOOD)
    target = rec
    for k in path[:-1]:
        target = target[k]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return rec


def test_validate_good_record():
    assert check_record(GOOD) == []


# every validator rule, with a broken record and the exact message
RULES = [
    (("review",), KeyError, "missing field 'review'"),
    (("paragraph",), "0", "field 'paragraph' has wrong type (found str, allowed int)"),
    (("entities", 1, "end"), 40, "entity V1 offsets out of range (found 8-40, allowed 0-"),
    (("entities", 1, "text"), "7.4", "entity V1 text does not match the paragraph (found '7.4' at 8-11, text there is '7.3')"),
    (("entities", 1, "label"), "NUMBER", "entity V1 has unknown label (found 'NUMBER', allowed ['INDICATOR', 'VALUE', 'UNIT', 'YEAR'])"),
    (("entities", 2, "start"), 10, "entities V1 and U1 overlap (found 8-11 and 10-12, allowed: no overlap or nesting)"),
    (("entities", 2, "id"), "V1", "duplicate entity id (found 'V1' twice, allowed: unique ids)"),
    (("relations", 0, "head"), "I9", "relation I9-has_value->V1 names an unknown entity (found 'I9', allowed: ids of this record)"),
    (("relations", 0, "type"), "is_value", "relation I1-is_value->V1 has unknown type (found 'is_value', allowed ['has_value', 'has_unit', 'in_year'])"),
    (("relations", 1, "type"), "in_year", "relation V1-in_year->U1 has wrong endpoint labels (found VALUE→UNIT, allowed VALUE→YEAR)"),
    (("attributes", "V1", "status"), "done", "VALUE V1 attribute status has bad value (found 'done', allowed ['actual', 'estimate', 'target'])"),
    (("attributes", "V1", "kind"), "rate", "VALUE V1 attribute kind has bad value (found 'rate', allowed ['level', 'change', 'share'])"),
    (("attributes", "V1", "direction"), None, "VALUE V1: kind=change needs a direction (found direction=null, allowed up or down)"),
    (("attributes", "V1", "period"), "17", "VALUE V1 attribute period has bad value (found '17', allowed YYYY, YYYY-YYYY (start<end) or null)"),
    (("attributes", "V1", "period"), "2020-2016", "VALUE V1 attribute period has bad value"),
    (("attributes", "V1"), KeyError, "VALUE V1 has no attributes"),
    (("review",), "checked", "review has bad value (found 'checked', allowed ['pre', 'gold'])"),
]


@pytest.mark.parametrize("path,value,message", RULES)
def test_validate_rule(path, value, message, tmp_path):
    f = tmp_path / "broken.jsonl"
    content = json.dumps(GOOD, ensure_ascii=False) + "\n" + json.dumps(broken(path, value), ensure_ascii=False) + "\n"
    f.write_text(content, encoding="utf-8")
    problems = validate_paths([f], check_clean=False)
    assert any(p.startswith(f"{f}:2: {message}") for p in problems), problems
    assert not any(p.startswith(f"{f}:1:") for p in problems)
    assert f.read_text(encoding="utf-8") == content


def test_validate_direction_only_with_change():
    rec = broken(("attributes", "V1", "kind"), "level")
    assert check_record(rec) == ["VALUE V1: direction must be null unless kind=change (found kind='level', direction='up') [E113]"]


def test_validate_one_indicator_per_value_unless_shared():
    rec = copy.deepcopy(GOOD)
    rec["text"] = "地区生产总值增长7.3%,达2590亿元"
    rec["entities"].append({"id": "I2", "label": "INDICATOR", "start": 14, "end": 18, "text": "2590"})
    rec["entities"][3]["text"] = rec["text"][14:18]
    rec["relations"].append({"head": "I2", "type": "has_value", "tail": "V1"})
    assert any(p.startswith("VALUE V1 has 2 INDICATORs") for p in check_record(rec))
    rec["attributes"]["V1"]["shared"] = True
    assert not any("INDICATORs" in p for p in check_record(rec))


def test_validate_cli_reports_file_line_and_modifies_nothing(tmp_path, capsys):
    p = tmp_path / "bad.jsonl"
    content = json.dumps(GOOD, ensure_ascii=False) + "\n" + json.dumps(broken(("entities", 1, "label"), "NUM"), ensure_ascii=False) + "\n{oops\n"
    p.write_text(content, encoding="utf-8")
    assert main(["validate", str(p)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{p}:2: entity V1 has unknown label (found 'NUM'")
    assert out[-1].startswith(f"{p}:3: invalid JSON")
    assert p.read_text(encoding="utf-8") == content


def test_validate_corpus_annotations_pass():
    assert validate_paths(["corpus/annotations"]) == []


def test_import_markup_never_overwrites_unless_asked(tmp_path, capsys):
    from zh_indicators.corpus.annotate import annotation_path, load_records, records_to_markup

    mk = tmp_path / "z.mk"
    mk.write_text(records_to_markup(load_records(annotation_path("zhonglou-2020"))), encoding="utf-8")
    out = tmp_path / "z.jsonl"
    out.write_text("precious\n", encoding="utf-8")
    assert main(["corpus", "import-markup", "zhonglou-2020", str(mk), "--output", str(out)]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "precious\n"
    assert main(["corpus", "import-markup", "zhonglou-2020", str(mk), "--output", str(out), "--overwrite"]) == 0
    assert len(load_records(out)) == 28
    assert sorted(p.name for p in tmp_path.iterdir()) == ["z.jsonl", "z.mk"]


# validate reads every format train and evaluate accept -------------------------------

def _ls_export(records):
    from zh_indicators.corpus.interop import to_labelstudio

    return json.dumps(to_labelstudio(records), ensure_ascii=False, indent=2)


def test_validate_labelstudio_export_names_file_line_and_record(tmp_path, capsys):
    bad = broken(("entities", 1, "label"), "NUM")
    bad["paragraph"] = 1
    p = tmp_path / "ls.json"
    p.write_text(_ls_export([GOOD, bad]), encoding="utf-8")
    assert main(["validate", str(p)]) == 1
    out = capsys.readouterr().out.splitlines()
    # the second task starts on the line Label Studio's pretty-printed export puts it
    line = next(i for i, l in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1) if l == "  {" and i > 2)
    assert out[0] == (f"{p}:{line}: record 2: entity V1 has unknown label (found 'NUM', "
                      "allowed ['INDICATOR', 'VALUE', 'UNIT', 'YEAR']) [E105]"), out
    assert all(x.startswith(f"{p}:{line}: record 2: ") for x in out)


def test_validate_labelstudio_malformed_item_and_bad_json(tmp_path):
    from zh_indicators.corpus.interop import to_labelstudio

    tasks = to_labelstudio([GOOD])
    tasks[0]["annotations"][0]["result"].append({"type": "relation", "from_id": "V1", "labels": ["has_unit"]})
    p = tmp_path / "ls.json"
    p.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    problems = validate_paths([p], check_clean=False)
    assert problems and problems[0].startswith(f"{p}:1: record 1: field annotations.result[")
    assert "is malformed (missing 'to_id')" in problems[0]
    q = tmp_path / "broken.json"
    q.write_text('[\n  {"data": {"text": "x"}},\n  {oops\n]', encoding="utf-8")
    assert validate_paths([q], check_clean=False)[0].startswith(f"{q}:3: invalid JSON")


def test_validate_doccano_names_line_and_record(tmp_path):
    from zh_indicators.corpus.interop import to_doccano

    lines = to_doccano([GOOD, broken(("attributes", "V1", "status"), "done")])
    lines[0]["relations"].append({"id": 9, "from_id": 2, "to_id": 77, "type": "has_unit"})
    p = tmp_path / "dc.jsonl"
    p.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in lines), encoding="utf-8")
    problems = validate_paths([p], check_clean=False)
    assert any(x.startswith(f"{p}:1: record 1: relation V2-has_unit->77 names an unknown entity") for x in problems), problems
    assert any(x.startswith(f"{p}:2: record 2: VALUE V2 attribute status has bad value (found 'done'") for x in problems)
    assert p.read_text(encoding="utf-8").count("\n") == 2


def test_validate_folder_reads_json_exports_and_checks_clean_text(tmp_path):
    from zh_indicators.corpus.annotate import annotation_path, load_records

    recs = load_records(annotation_path("zhonglou-2020"))[:3]
    shifted = copy.deepcopy(recs[1])
    shifted["start"] += 1
    (tmp_path / "export.json").write_text(_ls_export([recs[0], shifted]), encoding="utf-8")
    problems = validate_paths([tmp_path])
    assert len(problems) == 1 and "record 2: paragraph offsets do not match the clean text of zhonglou-2020" in problems[0]


def test_validate_duplicate_paragraph_across_formats(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps(GOOD, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "b.json").write_text(_ls_export([GOOD]), encoding="utf-8")
    problems = validate_paths([tmp_path], check_clean=False)
    assert problems == [f"{tmp_path / 'b.json'}:2: record 1: duplicate paragraph (found x-2020 #0 twice, allowed once) "
                        f"[E120] (first at {tmp_path / 'a.jsonl'}:1)"]


def test_validate_unreadable_file_is_a_problem(tmp_path):
    p = tmp_path / "empty.json"
    p.write_bytes(b"")
    assert validate_paths([p], check_clean=False) == [f"{p}: file is empty (found 0 bytes, expected a UTF-8 text report) [E001]"]
