"""The rule baseline: regexes and a unit lexicon for VALUE, UNIT and YEAR, a
heuristic for INDICATOR, and nearest-candidate linking.

It pre-annotates for human review and is the baseline every model is compared
with; it is never gold on its own.
"""
import re
from typing import Dict, List, Tuple

from corpus.segment import sentences

from .units import BASE_UNITS, COUNT_UNITS

_UNIT_WORDS = sorted(set(BASE_UNITS) | COUNT_UNITS, key=len, reverse=True)
_UNIT = r"(?:(?:万亿|千万|百万|亿|万|千)?(?:%s))" % "|".join(re.escape(u) for u in _UNIT_WORDS)
_UNIT_RATIO = r"(?:%s(?:/(?:人|户|亩|平方米))?)" % _UNIT
_NUM_AR = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
_NUM_ZH = r"[零〇一二两三四五六七八九十百千]+"
_YEAR_RE = re.compile(r"(?<![\d.])((?:19|20)\d\d(?:\s*[-—–~至]\s*(?:19|20)?\d\d)?年|二[〇零][一二〇零三四五六七八九]{2}年)")
_VALUE_RE = re.compile(
    r"(?<![\d.A-Za-z第])(?P<v>%s(?:(?:万亿|万|亿)(?=[余多]))?|%s)(?P<approx>余|多)?(?P<u>%s)?(?![\dA-Za-z])"
    % (_NUM_AR, _NUM_ZH, _UNIT_RATIO))
_NOT_VALUE_AFTER = re.compile(r"^(月|日|号|届|周年|大|G|\+|项工程|五|个方面|种|条措施)")
_FRAME = re.compile(r"^(预计|全年|全市|全区|其中|累计|实现|完成|达到|共|总计|合计|共计|同比|比上年|比去年)+")
_TAIL_CUE = re.compile(r"(同比|分别|比上年|比去年|比年初|年均|增长|下降|增加|减少|提高|降低|达到|达|突破|超过|超|约|近|逾|为|是|占比|比重|降至|提升|增至|升至|实现|完成|累计|至|到|由|从|高达|以上)+$")
_DELIMS = ",，、;；:：。（()）“”\n"


def _indicator_before(text: str, start: int, floor: int) -> Tuple[int, int]:
    """The noun phrase between the last delimiter and a value; (-1, -1) if none."""
    i = start
    while i > floor and text[i - 1] not in _DELIMS and start - i < 24:
        i -= 1
    span = text[i:start]
    span = _TAIL_CUE.sub("", span)
    m = _FRAME.match(span)
    lead = m.end() if m else 0
    s, e = i + lead, i + len(span)
    piece = text[s:e]
    if e - s < 2 or piece.startswith("占") or not re.search(r"[\u4e00-\u9fff]{2}", piece) or re.search(r"\d", piece):
        return -1, -1
    return s, e


def extract(text: str) -> Tuple[List[Dict], List[Dict]]:
    """Entities and relations of a text, in the annotation record format.

    RETURNS (tuple): entities (id, label, start, end, text) and relations (head, type, tail).
    """
    ents: List[Dict] = []
    rels: List[Dict] = []
    taken = [False] * len(text)
    counters = {"I": 0, "V": 0, "U": 0, "Y": 0}

    def add(prefix, label, s, e):
        counters[prefix] += 1
        eid = f"{prefix}{counters[prefix]}"
        ents.append({"id": eid, "label": label, "start": s, "end": e, "text": text[s:e]})
        for k in range(s, e):
            taken[k] = True
        return eid

    years = []
    for m in _YEAR_RE.finditer(text):
        years.append((m.start(), add("Y", "YEAR", m.start(), m.end())))
    for sent in sentences(text):
        last_ind = None
        floor = sent.start
        for m in _VALUE_RE.finditer(text, sent.start, sent.end):
            vs, ve = m.span("v")
            if any(taken[vs:ve]):
                continue
            raw = m.group("v")
            unit = m.group("u")
            is_zh = not re.search(r"\d", raw)
            if is_zh and (not unit or len(raw) > 6):
                continue
            after = text[m.end():m.end() + 4]
            if not unit and (_NOT_VALUE_AFTER.match(after) or text[vs - 1:vs] in "“\"(（"):
                continue
            if re.search(r"十[一二三四五六七八九]五", text[vs:ve + 1]):
                continue
            vid = add("V", "VALUE", vs, ve)
            if unit:
                us, ue = m.span("u")
                uid = add("U", "UNIT", us, ue)
                rels.append({"head": vid, "type": "has_unit", "tail": uid})
            s, e = _indicator_before(text, vs, floor)
            if s >= 0 and not any(taken[s:e]):
                last_ind = add("I", "INDICATOR", s, e)
            if last_ind is not None:
                rels.append({"head": last_ind, "type": "has_value", "tail": vid})
            ys = [y for pos, y in years if sent.start <= pos < vs]
            if ys:
                rels.append({"head": vid, "type": "in_year", "tail": ys[-1]})
            floor = m.end()
    ents.sort(key=lambda e: e["start"])
    return ents, rels


def rule_tags(text: str) -> "np.ndarray":
    """The baseline's entities as BIO tag ids per character (a model input feature)."""
    import numpy as np

    from .model import TAGS

    tags = np.zeros(len(text), dtype=np.int64)
    ents, _ = extract(text)
    for e in ents:
        tags[e["start"]] = TAGS.index("B-" + e["label"])
        tags[e["start"] + 1:e["end"]] = TAGS.index("I-" + e["label"])
    return tags
