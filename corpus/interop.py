"""Import and export with Label Studio (JSON export) and doccano (JSONL, relations).

Paragraph records round-trip through both: entities, relations, VALUE attributes
(Label Studio: per-region choices and a period text area; doccano: an extra
`attributes` key, which doccano keeps as metadata) and the record's place in the
corpus (`data`/metadata fields).
"""
import json
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple, Union

from .errors import AnnotationError, Errors, InputError
from .io import read_text
from .validate import check_record

_META = ("report", "paragraph", "start", "end", "review")
# carried through when present: a pool record's source file and text hash, its adjudication
_EXTRA = ("source_file", "text_sha256", "adjudication")


def _meta_defaults(rec: Dict, stem: str, index: int, text: str) -> Dict:
    return {"report": rec.get("report", stem), "paragraph": rec.get("paragraph", index),
            "start": rec.get("start", 0), "end": rec.get("end", len(text)),
            "review": rec.get("review", "gold"), **{k: rec[k] for k in _EXTRA if k in rec}}


def _meta(rec: Dict) -> Dict:
    return {**{m: rec[m] for m in _META}, **{k: rec[k] for k in _EXTRA if k in rec}}


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
        data = {"text": r["text"], **_meta(r)}
        tasks.append({"id": k + 1, "data": data, "annotations": [{"result": result}]})
    return tasks


def _ls_record(task, k: int, stem: str):
    """(record or None, problems) of one Label Studio task; problems without a prefix."""
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict) or "text" not in task["data"]:
        return None, [Errors.E140.format(field="data.text", problem="is missing")]
    text = task["data"]["text"]
    if not isinstance(text, str):
        return None, [Errors.E140.format(field="data.text", problem=f"is {type(text).__name__}, expected a string")]
    anns = task.get("annotations") or task.get("completions") or []
    result = anns[-1].get("result", []) if anns and isinstance(anns[-1], dict) else []
    ents, rels, attrs, problems = [], [], {}, []
    for j, item in enumerate(result):
        typ = item.get("type") if isinstance(item, dict) else None
        try:
            if typ == "labels":
                v = item["value"]
                ents.append({"id": item["id"], "label": v["labels"][0], "start": v["start"], "end": v["end"],
                             "text": text[v["start"]:v["end"]]})
            elif typ == "relation":
                rels.append({"head": item["from_id"], "type": item["labels"][0], "tail": item["to_id"]})
            elif typ in ("choices", "textarea"):
                a = attrs.setdefault(item["id"], {"period": None, "status": None, "kind": None, "direction": None})
                vals = item["value"]["choices" if typ == "choices" else "text"]
                val = vals[0] if vals else None
                if typ == "textarea" and isinstance(val, str):
                    val = val.strip() or None
                if item["from_name"] == "shared":
                    a["shared"] = val == "true"
                else:
                    a[item["from_name"]] = val
        except (KeyError, IndexError, TypeError) as e:
            problems.append(Errors.E140.format(field=f"annotations.result[{j}]",
                                               problem=f"is malformed (missing {e})"))
    rec = {**_meta_defaults(task["data"], stem, k, text), "text": text, "entities": ents,
           "relations": rels, "attributes": attrs}
    return rec, problems


def _prefix(where: str, record) -> str:
    return f"{where}: record {record}"


def from_labelstudio(tasks, path: Union[str, Path] = "<labelstudio>", lines: Optional[List[int]] = None) -> List[Dict]:
    """Records of a Label Studio JSON export (a list of tasks); `lines` are the tasks'
    line numbers in the file, named in the messages."""
    records, problems = [], []
    for where, rec, probs in _iter_labelstudio(tasks, path, lines):
        problems += [f"{where}: {p}" for p in probs]
        if rec is not None:
            problems += [f"{where}: {p}" for p in check_record(rec)]
            records.append(rec)
    if problems:
        raise AnnotationError(problems)
    return records


def _iter_labelstudio(tasks, path, lines=None) -> Iterator[Tuple[str, Optional[Dict], List[str]]]:
    if not isinstance(tasks, list):
        yield f"{path}:1", None, [Errors.E140.format(
            field="(top level)", problem=f"is {type(tasks).__name__}, expected a list of tasks")]
        return
    stem = Path(str(path)).stem
    for k, task in enumerate(tasks):
        record = task.get("id", k + 1) if isinstance(task, dict) else k + 1
        where = _prefix(f"{path}:{lines[k]}" if lines else str(path), record)
        rec, probs = _ls_record(task, k, stem)
        yield where, rec, probs


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
            **_meta(r),
        })
    return out


def _dc_record(d, k: int, stem: str):
    """(record or None, problems) of one doccano line; problems without a prefix."""
    if not isinstance(d, dict) or not isinstance(d.get("text"), str):
        return None, [Errors.E140.format(field="text", problem="is missing")]
    text = d["text"]
    labelled, ents, problems = {}, [], []
    for j, e in enumerate(d.get("entities", [])):
        try:
            prefix = {"INDICATOR": "I", "VALUE": "V", "UNIT": "U", "YEAR": "Y"}.get(e["label"], "X")
            eid = f"{prefix}{e['id']}"
            labelled[e["id"]] = eid
            ents.append({"id": eid, "label": e["label"], "start": e["start_offset"], "end": e["end_offset"],
                         "text": text[e["start_offset"]:e["end_offset"]]})
        except (KeyError, TypeError) as ex:
            problems.append(Errors.E140.format(field=f"entities[{j}]", problem=f"is malformed (missing {ex})"))
    rels = []
    for j, r in enumerate(d.get("relations", [])):
        try:
            rels.append({"head": labelled.get(r["from_id"], str(r["from_id"])), "type": r["type"],
                         "tail": labelled.get(r["to_id"], str(r["to_id"]))})
        except (KeyError, TypeError) as ex:
            problems.append(Errors.E140.format(field=f"relations[{j}]", problem=f"is malformed (missing {ex})"))
    attrs = {}
    for key, a in (d.get("attributes") or {}).items():
        try:
            attrs[labelled[int(key)]] = a
        except (KeyError, ValueError):
            problems.append(Errors.E140.format(field=f"attributes.{key}", problem="names no entity of this record"))
    rec = {**_meta_defaults(d, stem, k, text), "text": text, "entities": ents,
           "relations": rels, "attributes": attrs}
    return rec, problems


def from_doccano(lines: List[Dict], path: Union[str, Path] = "<doccano>",
                 linenos: Optional[List[int]] = None) -> List[Dict]:
    """Records of doccano JSONL lines (sequence labelling with relations); `linenos`
    are their line numbers in the file, named in the messages."""
    records, problems = [], []
    for where, rec, probs in _iter_doccano(lines, path, linenos):
        problems += [f"{where}: {p}" for p in probs]
        if rec is not None:
            problems += [f"{where}: {p}" for p in check_record(rec)]
            records.append(rec)
    if problems:
        raise AnnotationError(problems)
    return records


def _iter_doccano(lines, path, linenos=None) -> Iterator[Tuple[str, Optional[Dict], List[str]]]:
    stem = Path(str(path)).stem
    for k, d in enumerate(lines):
        record = d.get("id", k + 1) if isinstance(d, dict) else k + 1
        where = _prefix(f"{path}:{linenos[k]}" if linenos else str(path), record)
        rec, probs = _dc_record(d, k, stem)
        yield where, rec, probs


SKIPPED = object()  # a pool record read while the pool folder is absent


def _array_lines(content: str) -> Optional[List[int]]:
    """Line numbers where the elements of a top-level JSON array start (None if not an array)."""
    dec = json.JSONDecoder()
    ws = " \t\r\n\ufeff"
    i = len(content) - len(content.lstrip(ws))
    if content[i:i + 1] != "[":
        return None
    i += 1
    out, line, pos = [], 1, 0
    while True:
        while i < len(content) and content[i] in ws + ",":
            i += 1
        if i >= len(content) or content[i] == "]":
            return out
        line += content.count("\n", pos, i)
        pos = i
        out.append(line)
        _, i = dec.raw_decode(content, i)


def is_doccano(lines: List) -> bool:
    """Whether parsed JSONL lines are a doccano export (entities with start_offset)."""
    dicts = [x for x in lines if isinstance(x, dict)]
    with_ents = [x for x in dicts if isinstance(x.get("entities"), list) and x["entities"]]
    return bool(with_ents) and all(isinstance(x["entities"][0], dict) and "start_offset" in x["entities"][0]
                                   for x in with_ents)


def detect_format(path: Union[str, Path]) -> str:
    """'labelstudio' (.json), 'doccano' or 'jsonl' (our records) for an annotation file."""
    path = Path(path)
    if path.suffix == ".json":
        return "labelstudio"
    lines = []
    for line in read_text(path).splitlines():
        try:
            lines.append(json.loads(line)) if line.strip() else None
        except json.JSONDecodeError:
            continue
    return "doccano" if is_doccano(lines) else "jsonl"


def iter_any(path: Union[str, Path]) -> Iterator[Tuple[str, object, List[str]]]:
    """(where, record, problems) for every record of our JSONL, a Label Studio JSON
    export or a doccano JSONL file.

    `where` is `file:line` (our JSONL), or `file:line: record ID` (Label Studio, doccano;
    the line where the task starts). `record` is the converted record, None when it is
    unusable, or SKIPPED for a pool record while the pool folder is absent. `problems`
    are reading and conversion problems; the scheme checks (`check_record`) are the
    caller's. Unreadable files raise InputError.
    """
    path = Path(path)
    content = read_text(path)
    if path.suffix == ".json":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as e:
            yield f"{path}:{e.lineno}", None, [Errors.E100.format(reason=e.msg)]
            return
        yield from _iter_labelstudio(data, path, _array_lines(content) if isinstance(data, list) else None)
        return
    entries = []  # (line, parsed object, JSON error) in file order
    for lineno, line in enumerate(content.splitlines(), start=1):
        if line.strip():
            try:
                entries.append((lineno, json.loads(line), None))
            except json.JSONDecodeError as e:
                entries.append((lineno, None, Errors.E100.format(reason=e.msg)))
    doccano = is_doccano([x for _, x, err in entries if err is None])
    stem = path.stem
    from .store import PoolAbsent, hydrate

    for k, (lineno, rec, err) in enumerate(entries):
        where = f"{path}:{lineno}"
        if err is not None:
            yield where, None, [err]
        elif doccano:
            rec_out, probs = _dc_record(rec, k, stem)
            yield _prefix(where, rec.get("id", k + 1) if isinstance(rec, dict) else k + 1), rec_out, probs
        elif not isinstance(rec, dict):
            yield where, None, [Errors.E102.format(field="record", found=type(rec).__name__, allowed="dict")]
        else:
            try:
                yield where, hydrate(rec, where=where), []
            except PoolAbsent:
                yield where, SKIPPED, []  # pool records are skipped without the pool folder
            except InputError as e:
                yield where, None, [str(e)]


def read_any(path: Union[str, Path]) -> List[Dict]:
    """Records from our JSONL, a Label Studio JSON export or a doccano JSONL file;
    AnnotationError lists every problem as `file:line: …` (with `record ID` for exports)."""
    out, problems = [], []
    for where, rec, probs in iter_any(path):
        problems += [f"{where}: {p}" for p in probs]
        if isinstance(rec, dict):
            problems += [f"{where}: {p}" for p in check_record(rec)]
            out.append(rec)
    if problems:
        raise AnnotationError(problems)
    return out


# Export for annotation tools ----------------------------------------------

EXPORT_FORMATS = ("labelstudio", "doccano")
# The Label Studio labelling config of the scheme (labels, relations, per-region attributes).
LABEL_CONFIG = Path(__file__).with_name("labelstudio.xml")


def export_text(records: List[Dict], fmt: str) -> str:
    """Records as a Label Studio JSON task list or doccano JSONL; `read_any` reads both back."""
    if fmt == "labelstudio":
        return json.dumps(to_labelstudio(records), ensure_ascii=False, indent=2) + "\n"
    if fmt == "doccano":
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in to_doccano(records))
    raise InputError(Errors.E007.format(found=fmt, allowed=", ".join(EXPORT_FORMATS)))


def label_config() -> str:
    """The Label Studio labelling config (XML) shipped with the package."""
    return LABEL_CONFIG.read_text(encoding="utf-8")
