"""Import and export with Label Studio (JSON export) and doccano (JSONL, relations).

Paragraph records round-trip through both: entities, relations, VALUE attributes
(Label Studio: per-region choices and a period text area; doccano: an extra
`attributes` key, which doccano keeps as metadata) and the record's place in the
corpus (`data`/metadata fields).
"""
import json
from pathlib import Path
from typing import Dict, List, Union

from .errors import AnnotationError, Errors, InputError
from .io import read_text
from .validate import check_record

_META = ("report", "paragraph", "start", "end", "review")


def _meta_defaults(rec: Dict, stem: str, index: int, text: str) -> Dict:
    return {"report": rec.get("report", stem), "paragraph": rec.get("paragraph", index),
            "start": rec.get("start", 0), "end": rec.get("end", len(text)),
            "review": rec.get("review", "gold")}


# Label Studio -------------------------------------------------------------

def to_labelstudio(records: List[Dict]) -> List[Dict]:
    tasks = []
    for k, r in enumerate(records):
        result = []
        for e in r["entities"]:
            result.append({"id": e["id"], "from_name": "label", "to_name": "text", "type": "labels",
                           "value": {"start": e["start"], "end": e["end"], "text": e["text"],
                                     "labels": [e["label"]]}})
        for eid, a in r["attributes"].items():
            for name in ("status", "kind", "direction"):
                if a.get(name) is not None:
                    result.append({"id": eid, "from_name": name, "to_name": "text", "type": "choices",
                                   "value": {"choices": [a[name]]}})
            if a.get("period") is not None:
                result.append({"id": eid, "from_name": "period", "to_name": "text", "type": "textarea",
                               "value": {"text": [a["period"]]}})
            if a.get("shared"):
                result.append({"id": eid, "from_name": "shared", "to_name": "text", "type": "choices",
                               "value": {"choices": ["true"]}})
        for rel in r["relations"]:
            result.append({"type": "relation", "from_id": rel["head"], "to_id": rel["tail"],
                           "direction": "right", "labels": [rel["type"]]})
        data = {"text": r["text"], **{m: r[m] for m in _META}}
        tasks.append({"id": k + 1, "data": data, "annotations": [{"result": result}]})
    return tasks


def from_labelstudio(tasks, path: Union[str, Path] = "<labelstudio>") -> List[Dict]:
    if not isinstance(tasks, list):
        raise AnnotationError([Errors.E140.format(path=path, record="-", field="(top level)",
                                                  problem=f"is {type(tasks).__name__}, expected a list of tasks")])
    records, problems = [], []
    stem = Path(str(path)).stem
    for k, task in enumerate(tasks):
        where = task.get("id", k) if isinstance(task, dict) else k
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict) or "text" not in task["data"]:
            problems.append(Errors.E140.format(path=path, record=where, field="data.text", problem="is missing"))
            continue
        text = task["data"]["text"]
        anns = task.get("annotations") or task.get("completions") or []
        result = anns[-1].get("result", []) if anns else []
        ents, rels, attrs = [], [], {}
        for j, item in enumerate(result):
            typ = item.get("type")
            try:
                if typ == "labels":
                    v = item["value"]
                    ents.append({"id": item["id"], "label": v["labels"][0], "start": v["start"], "end": v["end"],
                                 "text": text[v["start"]:v["end"]]})
                elif typ == "relation":
                    rels.append({"head": item["from_id"], "type": item["labels"][0], "tail": item["to_id"]})
                elif typ in ("choices", "textarea"):
                    a = attrs.setdefault(item["id"], {"period": None, "status": None, "kind": None, "direction": None})
                    val = item["value"]["choices" if typ == "choices" else "text"][0]
                    if item["from_name"] == "shared":
                        a["shared"] = val == "true"
                    else:
                        a[item["from_name"]] = val
            except (KeyError, IndexError, TypeError) as e:
                problems.append(Errors.E140.format(path=path, record=where, field=f"annotations.result[{j}]",
                                                   problem=f"is malformed (missing {e})"))
        rec = {**_meta_defaults(task["data"], stem, k, text), "text": text, "entities": ents,
               "relations": rels, "attributes": attrs}
        problems += [Errors.E140.format(path=path, record=where, field="annotations", problem=p)
                     for p in check_record(rec)]
        records.append(rec)
    if problems:
        raise AnnotationError(problems)
    return records


# doccano ------------------------------------------------------------------

def to_doccano(records: List[Dict]) -> List[Dict]:
    out = []
    for k, r in enumerate(records):
        num = {e["id"]: i + 1 for i, e in enumerate(r["entities"])}
        out.append({
            "id": k + 1, "text": r["text"],
            "entities": [{"id": num[e["id"]], "label": e["label"], "start_offset": e["start"],
                          "end_offset": e["end"]} for e in r["entities"]],
            "relations": [{"id": j + 1, "from_id": num[x["head"]], "to_id": num[x["tail"]], "type": x["type"]}
                          for j, x in enumerate(r["relations"])],
            "attributes": {str(num[eid]): a for eid, a in r["attributes"].items()},
            **{m: r[m] for m in _META},
        })
    return out


def from_doccano(lines: List[Dict], path: Union[str, Path] = "<doccano>") -> List[Dict]:
    records, problems = [], []
    stem = Path(str(path)).stem
    for k, d in enumerate(lines):
        where = d.get("id", k + 1) if isinstance(d, dict) else k + 1
        if not isinstance(d, dict) or not isinstance(d.get("text"), str):
            problems.append(Errors.E140.format(path=path, record=where, field="text", problem="is missing"))
            continue
        text = d["text"]
        labelled = {}
        ents = []
        for j, e in enumerate(d.get("entities", [])):
            try:
                prefix = {"INDICATOR": "I", "VALUE": "V", "UNIT": "U", "YEAR": "Y"}.get(e["label"], "X")
                eid = f"{prefix}{e['id']}"
                labelled[e["id"]] = eid
                ents.append({"id": eid, "label": e["label"], "start": e["start_offset"], "end": e["end_offset"],
                             "text": text[e["start_offset"]:e["end_offset"]]})
            except (KeyError, TypeError) as ex:
                problems.append(Errors.E140.format(path=path, record=where, field=f"entities[{j}]",
                                                   problem=f"is malformed (missing {ex})"))
        rels = []
        for j, r in enumerate(d.get("relations", [])):
            try:
                rels.append({"head": labelled.get(r["from_id"], str(r["from_id"])), "type": r["type"],
                             "tail": labelled.get(r["to_id"], str(r["to_id"]))})
            except (KeyError, TypeError) as ex:
                problems.append(Errors.E140.format(path=path, record=where, field=f"relations[{j}]",
                                                   problem=f"is malformed (missing {ex})"))
        attrs = {}
        for key, a in (d.get("attributes") or {}).items():
            try:
                attrs[labelled[int(key)]] = a
            except (KeyError, ValueError):
                problems.append(Errors.E140.format(path=path, record=where, field=f"attributes.{key}",
                                                   problem="names no entity of this record"))
        rec = {**_meta_defaults(d, stem, k, text), "text": text, "entities": ents,
               "relations": rels, "attributes": attrs}
        problems += [Errors.E140.format(path=path, record=where, field="entities/relations", problem=p)
                     for p in check_record(rec)]
        records.append(rec)
    if problems:
        raise AnnotationError(problems)
    return records


def read_any(path: Union[str, Path]) -> List[Dict]:
    """Records from our JSONL, a Label Studio JSON export or a doccano JSONL file."""
    path = Path(path)
    content = read_text(path)
    if path.suffix == ".json":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as e:
            raise AnnotationError([f"{path}:{e.lineno}: " + Errors.E100.format(reason=e.msg)]) from None
        return from_labelstudio(data, path)
    lines, problems = [], []
    for lineno, line in enumerate(content.splitlines(), start=1):
        if line.strip():
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError as e:
                problems.append(f"{path}:{lineno}: " + Errors.E100.format(reason=e.msg))
    if problems:
        raise AnnotationError(problems)
    if lines and all(isinstance(x, dict) and "entities" in x and x["entities"] and "start_offset" in x["entities"][0]
                     for x in lines if x.get("entities")) and any("start_offset" in str(x) for x in lines):
        return from_doccano(lines, path)
    from .store import PoolAbsent, hydrate

    out = []
    for lineno, rec in enumerate(lines, start=1):
        if isinstance(rec, dict):
            try:
                rec = hydrate(rec, where=f"{path}:{lineno}")
            except PoolAbsent:
                continue  # pool records are skipped without the pool folder
            except InputError as e:
                problems.append(f"{path}:{lineno}: {e}")
                continue
        probs = check_record(rec) if isinstance(rec, dict) else ["record is not an object"]
        problems += [f"{path}:{lineno}: {p}" for p in probs]
        out.append(rec)
    if problems:
        raise AnnotationError(problems)
    return out
