import json

import pytest

from zh_indicators.corpus.annotate import annotation_path, load_records
from zh_indicators.corpus.errors import AnnotationError
from zh_indicators.corpus.interop import from_doccano, from_labelstudio, read_any, to_doccano, to_labelstudio


@pytest.fixture(scope="module")
def records():
    return [r for r in load_records(annotation_path("wujiang-2019")) if r["entities"]][:12]


def test_labelstudio_round_trip(records, tmp_path):
    p = tmp_path / "export.json"
    p.write_text(json.dumps(to_labelstudio(records), ensure_ascii=False), encoding="utf-8")
    assert read_any(p) == records


def canon(rec):
    """A record with ids replaced by spans (doccano renumbers entity ids)."""
    span = {e["id"]: (e["start"], e["end"]) for e in rec["entities"]}
    return (rec["report"], rec["paragraph"], rec["start"], rec["end"], rec["text"], rec["review"],
            sorted((e["label"], e["start"], e["end"], e["text"]) for e in rec["entities"]),
            sorted((span[r["head"]], r["type"], span[r["tail"]]) for r in rec["relations"]),
            sorted((span[k], sorted(v.items(), key=str)) for k, v in rec["attributes"].items()))


def test_doccano_round_trip(records, tmp_path):
    p = tmp_path / "export.jsonl"
    p.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in to_doccano(records)), encoding="utf-8")
    assert [canon(r) for r in read_any(p)] == [canon(r) for r in records]


def test_labelstudio_shared_indicator_round_trip():
    rec = {"report": "u", "paragraph": 0, "start": 0, "end": 11, "text": "收入、人数均增长10%", "review": "gold",
           "entities": [{"id": "I1", "label": "INDICATOR", "start": 0, "end": 2, "text": "收入"},
                        {"id": "I2", "label": "INDICATOR", "start": 3, "end": 5, "text": "人数"},
                        {"id": "V1", "label": "VALUE", "start": 8, "end": 10, "text": "10"}],
           "relations": [{"head": "I1", "type": "has_value", "tail": "V1"},
                         {"head": "I2", "type": "has_value", "tail": "V1"}],
           "attributes": {"V1": {"period": None, "status": "target", "kind": "change", "direction": "up", "shared": True}}}
    assert from_labelstudio(to_labelstudio([rec])) == [rec]


def test_labelstudio_broken_relation_names_record_and_field(records):
    tasks = to_labelstudio(records[:2])
    tasks[1]["annotations"][0]["result"].append({"type": "relation", "from_id": "V1", "labels": ["has_unit"]})
    with pytest.raises(AnnotationError, match=r"record 2: field annotations.result\[\d+\] is malformed \(missing 'to_id'\)"):
        from_labelstudio(tasks, "ls.json")


def test_labelstudio_relation_to_unknown_entity(records):
    tasks = to_labelstudio(records[:1])
    tasks[0]["annotations"][0]["result"].append({"type": "relation", "from_id": "V1", "to_id": "U99",
                                                 "labels": ["has_unit"]})
    with pytest.raises(AnnotationError, match="names an unknown entity"):
        from_labelstudio(tasks, "ls.json")


def test_doccano_missing_text_names_record():
    with pytest.raises(AnnotationError, match=r"dc.jsonl: record 7: field text is missing"):
        from_doccano([{"id": 7, "entities": []}], "dc.jsonl")


def test_read_any_bad_json_names_line(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"text": "a"}\n{bad\n', encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"x.jsonl:2: invalid JSON"):
        read_any(p)


# corpus export and the Label Studio labelling config ------------------------------------

@pytest.mark.parametrize("fmt,suffix", [("labelstudio", "json"), ("doccano", "jsonl")])
def test_corpus_export_round_trips_through_read_any(fmt, suffix, tmp_path, capsys):
    from zh_indicators.cli import main
    from zh_indicators.corpus.pool import pool_available

    reports = ["zhonglou-2020"] + (["pool-p001"] if pool_available() else [])
    out = tmp_path / f"export.{suffix}"
    assert main(["corpus", "export", *reports, "--format", fmt, "--output", str(out)]) == 0
    want = [r for rep in reports for r in load_records(annotation_path(rep))]
    got = read_any(out)
    if fmt == "labelstudio":
        assert got == want
    else:
        assert [canon(r) for r in got] == [canon(r) for r in want]
    assert f"{len(want)} paragraphs of {len(reports)} report(s)" in capsys.readouterr().err
    # an existing export (maybe annotated since) is kept unless asked
    assert main(["corpus", "export", "zhonglou-2020", "--format", fmt, "--output", str(out)]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert main(["corpus", "export", "atlantis-2020", "--format", fmt]) == 2
    assert "unknown report id 'atlantis-2020'" in capsys.readouterr().err


def test_corpus_export_to_stdout(capsys):
    from zh_indicators.cli import main

    assert main(["corpus", "export", "zhonglou-2020", "--format", "doccano"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 28 and json.loads(lines[0])["report"] == "zhonglou-2020"


def test_label_config_matches_scheme_and_interop(records, capsys):
    import xml.etree.ElementTree as ET

    from zh_indicators.cli import main
    from zh_indicators.corpus.interop import LABEL_CONFIG
    from zh_indicators.corpus.schema import DIRECTION, KIND, LABELS, RELATIONS, STATUS

    root = ET.parse(LABEL_CONFIG).getroot()
    assert root.tag == "View"
    labels = root.find("Labels")
    text = root.find("Text")
    assert (labels.get("name"), labels.get("toName"), text.get("name"), text.get("value")) == (
        "label", "text", "text", "$text")
    assert tuple(l.get("value") for l in labels.iter("Label")) == LABELS
    assert [r.get("value") for r in root.iter("Relation")] == list(RELATIONS)
    choices = {c.get("name"): c for c in root.iter("Choices")}
    assert [x.get("value") for x in choices["status"].iter("Choice")] == list(STATUS)
    assert [x.get("value") for x in choices["kind"].iter("Choice")] == list(KIND)
    assert [x.get("value") for x in choices["direction"].iter("Choice")] == [d for d in DIRECTION if d]
    assert [x.get("value") for x in choices["shared"].iter("Choice")] == ["true"]
    period = root.find(".//TextArea")
    assert period.get("name") == "period"
    for tag in [*choices.values(), period]:
        assert tag.get("perRegion") == "true" and tag.get("toName") == "text"
    # every control the export writes is declared in the config, and nothing else
    names = {x["from_name"] for t in to_labelstudio(records) for x in t["annotations"][0]["result"] if "from_name" in x}
    assert names <= {"label", *choices, "period"}
    assert main(["corpus", "label-config"]) == 0
    assert capsys.readouterr().out == LABEL_CONFIG.read_text(encoding="utf-8")
