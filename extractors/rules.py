"""The rule baseline: regexes and a unit lexicon for VALUE, UNIT and YEAR, a
heuristic for INDICATOR, and nearest-candidate linking.

It pre-annotates for human review and is the baseline every model is compared
with; it is never gold on its own.
"""
import bisect
import re
from typing import Dict, List, Tuple

from zh_indicators.corpus.schema import span_tag_ids
from zh_indicators.corpus.segment import sentences

from .units import BASE_UNITS, COUNT_UNITS

_UNIT_WORDS = sorted(set(BASE_UNITS) | COUNT_UNITS, key=len, reverse=True)
# a unit word with its magnitude prefix (also used by extractors/repair.py)
UNIT_PATTERN = r"(?:(?:万亿|千万|百万|亿|万|千)?(?:%s))" % "|".join(re.escape(u) for u in _UNIT_WORDS)
_UNIT_RATIO = r"(?:%s(?:/(?:人|户|亩|平方米))?)" % UNIT_PATTERN
_NUM_AR = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
_NUM_ZH = r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
# 百分之六点五: the unit written before the number (GUIDELINES §9)
_ZH_PERCENT_RE = re.compile(r"(?P<u>百分之)(?P<v>[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)")
# a ratio reached, a∶1 (城乡收入比缩小至1.93∶1): a VALUE with no unit
_RATIO_RE = re.compile(r"(?<![\d.])(?P<v>\d+(?:\.\d+)?)(?=\s*[∶:]\s*1(?![\d.]))")
# 2017年, 2016-2017年, 2016年至2017年, 二〇三五年, and a bare range in brackets: (2018-2020)
_YEAR_RE = re.compile(r"(?<![\d.])((?:19|20)\d\d(?:年?\s*[-—–―~至到]\s*(?:19|20)?\d\d)?年"
                      r"|二[〇零○0][一二〇零○0三四五六七八九]{2}年|20[Xx×]{2}年"
                      r"|(?<=[(（])(?:19|20)\d\d\s*[-—–―~至]\s*(?:19|20)\d\d(?=[)）]))")
_VALUE_RE = re.compile(
    r"(?<![\d.A-Za-z第])(?P<v>%s(?:(?:万亿|万|亿)(?=[余多]))?|%s)(?P<approx>余|多)?(?P<u>%s)?(?![\dA-Za-z])"
    % (_NUM_AR, _NUM_ZH, _UNIT_RATIO))
_FRAME = re.compile(r"^(预计|全年|全市|全区|年内|其中|累计|实现|完成|达到|共|总计|合计|共计|同比|比上年|比去年|兑现|办复|办理|"
                    r"立案查处|力争|确保|努力|争取|通过[^,，、;；]{0,12}平台|成功|继续|进一步|全面|重点|"
                    r"全力|加快|推进|实施|开展)+")
_TAIL_CUE = re.compile(r"(同比|分别|比上年|比去年|比年初|年均|增长|下降|增加|减少|提高|降低|缩小|扩大|翻|达到|达|突破|超过|超|约|近|逾|为|是|占比|"
                       r"比重|降至|提升|增至|升至|实现|完成|累计|至|到|由|从|高达|以上|增幅|降幅|保持在|保持|控制在|稳定在|"
                       r"迈上|迈入|迈过|跨越|跨过|跃上|站上|调整为|调整到|连续|首次|历史性|稳居|位居)+$")
_DELIMS = ",，、;；:：。（()）\n"
_COUNT_UNITS = set("家个项件所户座处台套条批只场次名人")
_AFTER_STOP = re.compile(r"(投入|建成|完成|实现|加快|顺利|全部|开工|的|等|综合|列入|入选|获|成功|首次|被|上划|分别|集中|"
                         r"荣登|继续|通过|正式|已|竣工|达标|整治|治理|改造|建设)")


def _indicator_before(text: str, start: int, floor: int, taken: List[bool]) -> Tuple[int, int]:
    """The noun phrase between the last delimiter (or entity: 2016年实现[地区生产总值]) and a value;
    (-1, -1) if none."""
    i = start
    while i > floor and text[i - 1] not in _DELIMS and not taken[i - 1] and start - i < 24:
        i -= 1
    span = text[i:start]
    span = _TAIL_CUE.sub("", span)
    if "占" in span[1:]:
        # 服务业增加值占地区生产总值比重: the share's indicator is what comes before 占
        span = span[:span.index("占", 1)]
    m = _FRAME.match(span)
    lead = m.end() if m else 0
    s, e = i + lead, i + len(span)
    piece = text[s:e]
    if e - s < 2 or piece.startswith("占") or not re.search(r"[\u4e00-\u9fff]{2}", piece) \
            or re.search(r"(?<![A-Za-z.\d])\d", piece):
        return -1, -1
    return s, e


def counted_noun_after(text: str, end: int, limit: int) -> Tuple[int, int]:
    """The noun a count is of, when it follows the count: 13家[社区卫生服务站]投入使用."""
    j = end
    while j < limit and j - end < 16 and text[j] not in _DELIMS:
        j += 1
    piece = text[end:j]
    m = _AFTER_STOP.search(piece)
    if m:
        piece = piece[:m.start()]
    if len(piece) < 2 or not re.fullmatch(r"[\u4e00-\u9fff“”\"()()A-Za-z]+", piece):
        return -1, -1
    return end, end + len(piece)


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
    year_starts = [p for p, _ in years]
    pre_units = {}  # value start -> unit span written before it (百分之)
    for m in _ZH_PERCENT_RE.finditer(text):
        pre_units[m.start("v")] = m.span("u")
    for sent in sentences(text):
        last_ind = None
        floor = sent.start
        found = sorted([(m.start("v"), "value", m) for m in _VALUE_RE.finditer(text, sent.start, sent.end)] +
                       [(m.start("v"), "ratio", m) for m in _RATIO_RE.finditer(text, sent.start, sent.end)] +
                       [(m.start("v"), "pre", m) for m in _ZH_PERCENT_RE.finditer(text, sent.start, sent.end)],
                       key=lambda x: (x[0], x[1] != "pre"))
        for _, how, m in found:
            vs, ve = m.span("v")
            if any(taken[vs:ve]):
                continue
            raw = m.group("v")
            unit = m.group("u") if how != "ratio" else ""
            if how == "ratio" or how == "pre":
                vid = add("V", "VALUE", vs, ve)
                if how == "pre":
                    us, ue = m.span("u")
                    rels.append({"head": vid, "type": "has_unit", "tail": add("U", "UNIT", us, ue)})
                s, e = _indicator_before(text, m.start(), floor, taken)
                if s >= 0 and not any(taken[s:e]):
                    last_ind = add("I", "INDICATOR", s, e)
                if last_ind is not None:
                    rels.append({"head": last_ind, "type": "has_value", "tail": vid})
                floor = m.end()
                continue
            is_zh = not re.search(r"\d", raw)
            if not unit or (is_zh and len(raw) > 6):
                continue
            if unit == "番" and text[vs - 1:vs] != "翻":
                continue  # 番 counts doublings only in 翻一番
            if re.fullmatch(r"(19|20)\d\d", raw) and len(unit) == 1:
                continue  # a year inside a name: 2017张家港国际马拉松赛
            if re.search(r"十[一二三四五六七八九]五", text[vs:ve + 1]):
                continue
            vid = add("V", "VALUE", vs, ve)
            if unit:
                us, ue = m.span("u")
                uid = add("U", "UNIT", us, ue)
                rels.append({"head": vid, "type": "has_unit", "tail": uid})
            s, e = _indicator_before(text, vs, floor, taken)
            if s < 0 and unit in _COUNT_UNITS:
                s, e = counted_noun_after(text, m.end(), sent.end)
                if s >= 0 and not any(taken[s:e]):
                    iid = add("I", "INDICATOR", s, e)
                    rels.append({"head": iid, "type": "has_value", "tail": vid})
                    floor = e
                    continue
            if s >= 0 and not any(taken[s:e]):
                last_ind = add("I", "INDICATOR", s, e)
            if last_ind is not None:
                rels.append({"head": last_ind, "type": "has_value", "tail": vid})
            k = bisect.bisect_left(year_starts, vs) - 1
            if k >= 0 and years[k][0] >= sent.start:
                rels.append({"head": vid, "type": "in_year", "tail": years[k][1]})
            floor = m.end()
    ents.sort(key=lambda e: e["start"])
    return ents, rels


def rule_tags(text: str):
    """The baseline's entities as BIO tag ids per character (a model input feature)."""
    ents, _ = extract(text)
    return span_tag_ids(len(text), [(e["start"], e["end"], e["label"]) for e in ents])
