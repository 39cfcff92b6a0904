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
