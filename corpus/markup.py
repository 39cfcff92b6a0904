"""A readable inline markup for reviewing annotations, converted both ways.

One paragraph per block::

    ### p=12 review=gold
    预计全年实现[地区生产总值]{I1}[2590]{V1 ind=I1 unit=U1 p=2017 s=estimate k=level}[亿元]{U1}、
    增长[7.3]{V2 ind=I1 unit=U2 p=2017 s=estimate k=change d=up}[%]{U2}

Entity ids carry the label in their prefix (I, V, U, Y). A VALUE's braces hold its
relations (ind=, unit=, year=; ``ind=I1+I2`` for one number applied to several
indicators) and attributes (p=period, s=status, k=kind, d=direction). Removing the
markup must give back the clean text exactly, or parsing refuses.
"""
import re
from typing import Dict, List, Optional, Tuple

from .errors import Errors, InputError
from .schema import PREFIX_LABEL

_ENT_RE = re.compile(r"\[([^\[\]{}]+)\]\{([^{}\[\]]*)\}")
_HEAD_RE = re.compile(r"^### p=(\d+)(?: review=(\w+))?\s*$")
_KEYS = {"ind": "ind", "unit": "unit", "year": "year", "p": "period", "period": "period",
         "s": "status", "status": "status", "k": "kind", "kind": "kind",
         "d": "direction", "dir": "direction", "direction": "direction"}


def _null(v: str) -> Optional[str]:
    return None if v in ("null", "none", "") else v


def parse_paragraph(markup: str, where: str = "<markup>") -> Tuple[str, List[Dict], List[Dict], Dict]:
    """Parse one paragraph's markup.

    RETURNS (tuple): text, entities, relations, attributes (offsets into text).
    """
    text_parts, entities, relations, attributes = [], [], [], {}
    pos = 0
    out_len = 0
    pending = []
    for m in _ENT_RE.finditer(markup):
        # Brackets outside a `[text]{ID}` are the text's own (`[1]`, `[河北]`): a markup
        # typo still fails, as the text then differs from the clean text.
        plain = markup[pos:m.start()]
        text_parts.append(plain)
        out_len += len(plain)
        span_text, body = m.group(1), m.group(2).split()
        if not body:
            raise InputError(Errors.E131.format(where=where, pos=m.start(), problem="empty {} after span"))
        ent_id = body[0]
        label = PREFIX_LABEL.get(ent_id[:1])
        if label is None or not ent_id[1:].isdigit():
            raise InputError(Errors.E131.format(
                where=where, pos=m.start(),
                problem=f"bad entity id {ent_id!r}; allowed I<n>, V<n>, U<n>, Y<n>"))
        entities.append({"id": ent_id, "label": label, "start": out_len,
                         "end": out_len + len(span_text), "text": span_text})
        text_parts.append(span_text)
        out_len += len(span_text)
        if label == "VALUE":
            attrs = {"period": None, "status": None, "kind": None, "direction": None}
            for kv in body[1:]:
                if "=" not in kv:
                    raise InputError(Errors.E131.format(where=where, pos=m.start(),
                                                        problem=f"expected key=value, found {kv!r}"))
                k, v = kv.split("=", 1)
                key = _KEYS.get(k)
                if key is None:
                    raise InputError(Errors.E131.format(
                        where=where, pos=m.start(),
                        problem=f"unknown key {k!r}; allowed {sorted(set(_KEYS))}"))
                if key == "ind":
                    heads = v.split("+")
                    for h in heads:
                        pending.append((h, "has_value", ent_id))
                    if len(heads) > 1:
                        attrs["shared"] = True
                elif key == "unit":
                    pending.append((ent_id, "has_unit", v))
                elif key == "year":
                    pending.append((ent_id, "in_year", v))
                else:
                    attrs[key] = _null(v)
            attributes[ent_id] = attrs
        elif len(body) > 1:
            raise InputError(Errors.E131.format(where=where, pos=m.start(),
                                                problem=f"only VALUE spans take keys, found {body[1:]} on {ent_id}"))
        pos = m.end()
    text_parts.append(markup[pos:])
    relations = [{"head": h, "type": t, "tail": d} for h, t, d in pending]
    return "".join(text_parts), entities, relations, attributes


def render_paragraph(text: str, entities: List[Dict], relations: List[Dict], attributes: Dict) -> str:
    """Write one paragraph's annotations as markup (inverse of parse_paragraph)."""
    by_value: Dict[str, Dict[str, List[str]]] = {}
    for r in relations:
        if r["type"] == "has_value":
            by_value.setdefault(r["tail"], {}).setdefault("ind", []).append(r["head"])
        elif r["type"] == "has_unit":
            by_value.setdefault(r["head"], {}).setdefault("unit", []).append(r["tail"])
        elif r["type"] == "in_year":
            by_value.setdefault(r["head"], {}).setdefault("year", []).append(r["tail"])
    out, pos = [], 0
    for e in sorted(entities, key=lambda e: e["start"]):
        out.append(text[pos:e["start"]])
        body = [e["id"]]
        if e["label"] == "VALUE":
            links = by_value.get(e["id"], {})
            if links.get("ind"):
                body.append("ind=" + "+".join(links["ind"]))
            for key in ("unit", "year"):
                for t in links.get(key, []):
                    body.append(f"{key}={t}")
            a = attributes.get(e["id"], {})
            for key, short in (("period", "p"), ("status", "s"), ("kind", "k"), ("direction", "d")):
                if key == "direction" and a.get(key) is None:
                    continue
                body.append(f"{short}={a.get(key) if a.get(key) is not None else 'null'}")
        out.append(f"[{text[e['start']:e['end']]}]{{{' '.join(body)}}}")
        pos = e["end"]
    out.append(text[pos:])
    return "".join(out)


def parse_file(content: str, where: str = "<markup>") -> List[Dict]:
    """Parse a markup file into paragraph blocks: {'index', 'review', text, ...}."""
    blocks, cur, lines = [], None, []

    def flush():
        if cur is not None:
            body = "\n".join(l for l in lines if l.strip())
            text, ents, rels, attrs = parse_paragraph(body, where=f"{where} p={cur[0]}")
            blocks.append({"index": cur[0], "review": cur[1], "text": text, "entities": ents,
                           "relations": rels, "attributes": attrs})

    for lineno, line in enumerate(content.splitlines(), start=1):
        m = _HEAD_RE.match(line)
        if m:
            flush()
            cur, lines = (int(m.group(1)), m.group(2) or "pre"), []
        elif line.startswith("###"):
            raise InputError(Errors.E131.format(where=f"{where}:{lineno}", pos=0,
                                                problem="bad header; allowed '### p=<n> review=pre|gold'"))
        elif cur is None:
            if line.strip() and not line.startswith("#"):
                raise InputError(Errors.E131.format(where=f"{where}:{lineno}", pos=0,
                                                    problem="text before the first '### p=' header"))
        else:
            lines.append(line)
    flush()
    return blocks
