"""Span repairs after decoding: guideline rules a character tagger can break.

The tagger labels characters one at a time; a few of its outputs contradict the
annotation guideline outright and have one right answer:
- a VALUE never splits a number (`2`|`3个` → `23`, `1`|`.93` → `1.93`, GUIDELINES §1);
- a UNIT is the whole unit word, ratio included (`微克` → `微克/立方米`, `万` → `万亩`);
- a YEAR holds a four-digit year (`10-` of `10-35蒸吨` is not one);
- no span starts or ends with a clause mark (`台、` → `台`);
- the count of a policy package is part of its name, not a VALUE
  (`实施28条优化营商环境新政`, `“人才新政15条”`), and neither is an ordinal or a
  rank change (`列第235位`, `排名上升1位`, GUIDELINES §3);
- an INDICATOR has at least two characters: one character after a count
  (`2所[学]校建成投用`) grows to the counted noun the rule baseline finds there
  (`[学校]`), any other one-character INDICATOR is dropped;
- an INDICATOR is a noun phrase: frame and reporting words before it and the
  verb of change after it stay outside (`落实[政策性租赁住房]`,
  `[城乡低保标准]提高至每月`, GUIDELINES §2), an adding verb right before it is part
  of it (`新建[5G基站]` → `[新建5G基站]`), so is the rest of a Latin-and-digit word
  (`5[G基站]`, `[GD]P`), the first digits of the number after it are not (`[GDP8]90亿元`),
  coordinated verbs share the span (`[新建、改建污水管网]`), two touching pieces of one name are one
  span (`[金融][机构不良贷款率]` → `[金融机构不良贷款率]`), and an end edge inside a word
  takes the word's end (`[粮食产]量` → `[粮食产量]`; the words are those of spacy-pkuseg's
  bundled lexicon, extractors/lexicon.py), unless what follows is the verb (`[财政总收入]超过`),
  and a piece that is no catalogue name grows to the catalogue name the text goes on to write
  (`[研究与]试验发展经费支出` → `[研究与试验发展经费支出]`);
- numbers inside names are not VALUEs: anniversaries (`建党100周年`), `世界500强`,
  service names (`15分钟生活圈`, `24小时自助`), a channel's depth (`12.5米深水航道`).
None of these edits contradicts any gold span of the five reports
(tests/extractors/test_repair.py checks every one of them).
"""
import re
from functools import lru_cache
from typing import List, Tuple

from .indicators import ADDING
from .lexicon import word_across
from .places import division_prefix
from .rules import UNIT_PATTERN, counted_noun_after
from .units import BASE_UNITS, COUNT_UNITS

Span = Tuple[int, int, str]

_DIGIT = re.compile(r"[0-9０-９]")
_DENOMINATORS = sorted(set(BASE_UNITS) | {"月", "日", "年", "座", "套"}, key=len, reverse=True)
_FULL_UNIT = re.compile(r"%s(?:/(?:%s))?" % (UNIT_PATTERN, "|".join(map(re.escape, _DENOMINATORS))))
_CLAUSE_MARKS = "、,，;；:：。"
# GUIDELINES §1-2: frame words and reporting verbs stay outside an INDICATOR
_FRAME_BEFORE = ("实现", "完成", "达到", "预计", "全年", "全市", "全区", "其中", "累计", "实施", "办理",
                 "办复", "兑现", "解决", "促成", "落实", "力争", "确保", "推进", "启动", "年末", "年底",
                 "今年", "去年", "组织", "推动", "已", "按期", "召开", "发布", "分别", "面向全国", "共")
# a frame word inside a span means the name starts after it: [区重点项目完成投资] -> 投资
_FRAME_INSIDE = ("完成", "累计")
# ... and so does what happens to the value (提高至, 分别, 均) and its period (每月)
_CHANGE_AFTER = ("分别", "双双", "压减", "压缩", "均", "都", "提高至", "提高到", "提升至", "降至", "降低至", "下降至", "增长至", "增至",
                 "达到", "达", "突破", "跨过", "跨越", "超过", "超", "提高", "增长", "下降", "新增", "累计", "每月", "每年",
                 "至", "为", "约", "近", "共", "合计", "总计", "不少于", "不低于", "不超过", "比上年度",
                 "比上年", "比去年", "同比", "惠及", "以上", "左右",
                 # bound words, also cut short by the tagger (增长不低|于5%)
                 "不低于", "不低", "不少于", "不少", "不高于", "不高", "不超", "高于", "低于", "不小于", "不")
# N条 naming a policy package: followed by a closing quote or by 新政/措施/政策 within the clause
_POLICY_AFTER = re.compile(r"”|[^,，。;；]{0,16}?(?:新政|措施|政策)")
# a year as written: four digits in either script (二○二五, 二0一二), masked (20XX) or
# garbled (?025) years, and the short forms 0九年 / 一五年 (GUIDELINES §9)
_ZH_YEAR_DIGIT = "〇零○0０一二三四五六七八九"
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d|[%s]{4}|20[Xx×Ｘ]{2}|[?？]\d{3}|[%s]{2}(?=年)"
                          % (_ZH_YEAR_DIGIT, _ZH_YEAR_DIGIT))
_RANK_CHANGE = re.compile(r"(?:上升|下降|前移|后移|跃升|前进)$")
# numbers inside names (GUIDELINES §3): anniversaries, 500强 lists, service names such as
# 15分钟生活圈 and 24小时自助, a channel's depth in its name (12.5米深水航道)
_NAME_AFTER = re.compile(r"周年|强(?!度|化|调|制|劲|力|省|市|县|区|镇)")
_NAME_AFTER_UNIT = {
    "分钟": re.compile(r"(?:[^,，。;；、]{0,4}(?:圈|通达|通勤|交通圈|经济圈|到达|响应|服务))"),
    "小时": re.compile(r"(?:[^,，。;；、]{0,2}(?:自助|服务|营业|值守|在线|不打烊|热线|通关|政务|便民))"),
    "米": re.compile(r"(?:[^,，。;；、]{0,2}(?:航道|深水|泊位|码头))"),
}
# longest first, so that 改扩建 wins over 扩建
_COORD_FIRST = ("改扩建", "新建", "改建", "扩建", "新增", "改造", "主导", "参与", "新")
_COORD_SECOND = ("新建", "改建", "扩建", "改扩建", "新增", "改造", "参与", "更新")
_OPENERS = {"”": "“", "」": "「", ")": "(", "）": "（", "’": "‘"}
_BRACKETS = set(_OPENERS) | set(_OPENERS.values())
# the tagger's end edge one or two characters off a word boundary (GUIDELINES §2):
# the first characters of the verb after the name ([总量迈]上, [“建设”出]现, [存贷比优]化,
# [CPI涨]幅: 涨幅 is a word of change, §2 prices) go; so does a verb of change or a modal
# taken alone before what follows ([收入增]9.3%, [失业率在]2.85%以内, [游客将]突破)
_VERB_AFTER = ("迈上", "迈入", "迈进", "迈过", "出现", "优化", "双双", "涨幅", "压减", "压缩", "控制", "保持",
               "稳定", "位居", "跃居", "突破", "跨越", "超过", "增长", "提高", "提升", "下降", "降低", "减少", "达到",
               # adverbs after the name ([工业总产值历]史性突破)
               "历史性", "首次", "连续", "再次", "继续", "持续", "稳步")
_VERB_BEFORE_NUMBER = re.compile(r"[增涨降减达超在][0-9近超约]")
_MODAL_END = "将已仍也再还"
# ... while a name cut inside its last word takes the word's end: [生产总值增]幅 -> [生产总值增幅],
# [R&D经费投入强]度, [产业集]群
_NAME_WORD_ENDS = {"增": "幅速", "降": "幅", "强": "度", "集": "群", "密": "度", "比": "重"}
_ADDING_LONGEST = sorted(ADDING, key=len, reverse=True)


def _is_num(text: str, i: int) -> bool:
    """Whether text[i] belongs to an Arabic number (a digit, or a point between digits)."""
    if not 0 <= i < len(text):
        return False
    if _DIGIT.match(text[i]):
        return True
    return text[i] in ".．" and 0 < i < len(text) - 1 and bool(_DIGIT.match(text[i - 1])) \
        and bool(_DIGIT.match(text[i + 1]))


def _snap_value(text: str, s: int, e: int) -> Tuple[int, int]:
    if not (_is_num(text, s) or _is_num(text, e - 1)):
        return s, e  # a Chinese numeral: 两, 一万
    while _is_num(text, s - 1):
        s -= 1
    while _is_num(text, e):
        e += 1
    return s, e


def _snap_unit(text: str, s: int, e: int) -> Tuple[int, int]:
    m = _FULL_UNIT.match(text, s)
    if m and m.end() > e and text.startswith("台阶", m.end() - 1):
        return s, e  # 万亿[台]阶: a milestone, not a count of 台
    return (s, m.end()) if m and m.end() > e else (s, e)


# names whose reporting verb is part of them: [完成投资率], [规模以上固定资产投资完成额]
_VERB_NAME_END = ("率", "额")


@lru_cache(maxsize=4096)
def _catalogue_names(name: str) -> bool:
    """Whether the catalogue's own names and aliases (not the annotated strings, not a fuzzy
    neighbour) give `name` an id."""
    return _aliases().match(name, cutoff=1.01)[0] is not None


@lru_cache(maxsize=1)
def _catalogue_pieces() -> Tuple[frozenset, frozenset]:
    """The pieces and the tails (up to _MAX_COMPLETION characters) of the catalogue's names and
    aliases: what a name cut short can go on with, and where it can end (cheap tests before the
    matcher)."""
    keys = {k for ind in _aliases().indicators.values() for k in (ind.name_zh,) + ind.aliases}
    pieces = frozenset(k[i:j] for k in keys for i in range(len(k))
                       for j in range(i + 1, min(len(k), i + _MAX_COMPLETION) + 1))
    tails = frozenset(k[i:] for k in keys for i in range(max(0, len(k) - _MAX_COMPLETION), len(k)))
    return pieces, tails


@lru_cache(maxsize=1)
def _aliases():
    from .indicators import load_catalogue

    return load_catalogue(memory=False)


def _trim_indicator(text: str, s: int, e: int) -> Tuple[int, int]:
    keeps_verb = text[e - 1:e] in _VERB_NAME_END or text.endswith("程度", s, e)
    for w in _FRAME_INSIDE:
        k = text.rfind(w, s + 1, e)
        if k >= 0 and k + len(w) < e and not keeps_verb:
            s = k + len(w)
    # the base of a share is not part of the name: [技改投入]占工业投资比重 (占比 itself is a name)
    k = text.find("占", s + 2, e)
    if k >= 0 and not text.startswith("占比", k):
        e = k
    # a named place opening a catalogue quantity is a frame like 全市 (GUIDELINES §9):
    # 吉林省[地区生产总值]; other names keep it (江苏省示范博士后科研工作站), as does a level (扬州市级智能工厂)
    k = division_prefix(text, s, e)
    if k > s and e - k >= 3 and text[k] not in "级属直" and _catalogue_names(text[k:e]):
        s = k
    changed = True
    while changed and s < e:
        changed = False
        for w in _FRAME_BEFORE:
            if text.startswith(w, s) and e - s > len(w) and not (keeps_verb and w in ("完成", "实现")) \
                    and not (w == "共" and text[s + 1:s + 2] in "建享治同有"):
                s += len(w)
                changed = True
        for w in _CHANGE_AFTER:
            # a threshold category keeps its bound word: 其中[3亿元以上]17个
            if text.endswith(w, s, e) and e - s > len(w) and not (w == "以上" and _DIGIT.match(text[s])) \
                    and not (w == "均" and text[e - 2:e] == "人均"):
                e -= len(w)
                changed = True
    s, e = _end_on_word(text, s, e)
    s, e = _end_in_word(text, s, e)
    e = _rate_word_after(text, s, e)
    e = _complete_catalogue_name(text, s, e)
    # a name that starts inside a Latin-and-digit word takes the whole word: 新建5[G基站] -> [5G基站];
    # one that ends inside a Latin word takes its end: [GD]P -> [GDP]
    while 0 < s < e and _latin(text[s]) and text[s - 1].isascii() and text[s - 1].isalnum():
        s -= 1
    while s < e < len(text) and _latin(text[e - 1]) and _latin(text[e]):
        e += 1
    # ... and the adding verb right before it (GUIDELINES §2: the verb stays in the INDICATOR):
    # 新建[5G基站] -> [新建5G基站]; a quoted name keeps its quotes as its edge (新增“四上企业”)
    if text[s:s + 1] not in _OPENERS.values() and text[s:s + 1] not in "\"“":
        verb = next((v for v in _ADDING_LONGEST if text.endswith(v, 0, s)), None)
        if verb is not None:
            s -= len(verb)
    # 新建、[改建污水管网] -> [新建、改建污水管网]
    if any(text.startswith(v, s) for v in _COORD_SECOND) and s > 0 and text[s - 1] == "、":
        for v in _COORD_FIRST:
            if text.endswith(v, 0, s - 1):
                s -= len(v) + 1
                break
    return _balance(text, s, e)


def _number_taken(text: str, s: int, e: int):
    """Where the number starts whose first digits a name took ([GDP8]90亿元 -> 6), when a unit
    follows the number and the name keeps two characters; else None."""
    if not (_is_num(text, e - 1) and _is_num(text, e)):
        return None
    k = e - 1
    while k > s and _is_num(text, k - 1):
        k -= 1
    _, ve = _snap_value(text, k, e)
    return k if k - s >= 2 and _FULL_UNIT.match(text, ve) else None


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _end_on_word(text: str, s: int, e: int) -> Tuple[int, int]:
    """Move an INDICATOR's end edge onto the word boundary the tagger missed by a character."""
    for w in _VERB_AFTER:
        for k in range(1, len(w)):
            if text.endswith(w[:k], s, e) and text.startswith(w[k:], e) and e - k - s >= 2:
                return s, e - k
    if e - s > 2 and (_VERB_BEFORE_NUMBER.match(text, e - 1) or text[e - 1] in _MODAL_END):
        return s, e - 1
    if e - s >= 2 and text[e:e + 1] and text[e] in _NAME_WORD_ENDS.get(text[e - 1], ""):
        if text[e - 1] in "增降" and "百分点" not in text[e + 1:e + 16]:
            # 增幅/增速 is the name only when the value is about the rate itself, a gap or a
            # change in points ([增加值增幅]比上年提高4.5个百分点); else a word of change (§2)
            return s, e - 1
        return s, e + 1
    return s, e


# what may follow a name's last character without being part of it, though the lexicon has
# a word across the edge: a verb or comparison of the value ([财政总收入]超过, [一产占比]较2020年)
_AFTER_NAME = _CHANGE_AFTER + _VERB_AFTER + ("较", "比", "控制", "建设", "发放", "是", "在", "和", "及", "与")  # 分别 is in _CHANGE_AFTER


_RATE_CHANGE = re.compile(r"(?:增速|增幅)(?=(?:提高|提升|高于|低于|快于|慢于|加快|回落|放缓|比|较)[^,，;；。]{0,14}百分点)")


def _rate_word_after(text: str, s: int, e: int) -> int:
    """The end of a name followed by 增速/增幅 and a change or gap of that rate in points: the
    rate is the INDICATOR ([高技术制造业增速]提高10.6个百分点, GUIDELINES §9 Prices); a value
    right after the word (拉动[规上工业产值]增速6.5个百分点) leaves it outside."""
    if e - s >= 2 and text[e - 1] not in "增降" and _RATE_CHANGE.match(text, e):
        return e + 2
    return e


_AFTER_NAME_WORDS = tuple(v for v in _AFTER_NAME if len(v) > 1)
_NAME_GAP = re.compile(r"[,，。;；:：、()（）“”\"0-9０-９%％]")
_MAX_COMPLETION = 10


def _complete_catalogue_name(text: str, s: int, e: int) -> int:
    """The end of a name cut short of a catalogue name that the text goes on to write: [研究与]试验
    发展经费支出 -> [研究与试验发展经费支出], [第三产业]比重 -> [第三产业比重]. Only a piece that is no
    catalogue name itself grows, to the longest catalogue name (its own names and aliases, not the
    annotated strings) within the clause; never over a verb of the value or a frame word
    ([服务业]增长23%, [重点项目]完成投资)."""
    if e - s < 2 or any(text.startswith(v, e) for v in _AFTER_NAME):
        return e
    pieces, tails = _catalogue_pieces()
    ends = []  # where the name could end: what it goes on with ends a catalogue name
    for k in range(e + 1, min(len(text), e + _MAX_COMPLETION) + 1):
        if text[e:k] not in pieces or _NAME_GAP.match(text, k - 1) or any(w in text[e:k] for w in _FRAME_INSIDE) \
                or any(text.startswith(v, k - 1) for v in _AFTER_NAME_WORDS):
            break  # (what the text goes on with is in no catalogue name: nothing longer is either)
        if text[e:k] in tails:
            ends.append(k)
    if not ends or _catalogue_names(text[s:e]):
        return e
    return next((k for k in reversed(ends) if _catalogue_names(text[s:k])), e)


def _end_in_word(text: str, s: int, e: int) -> Tuple[int, int]:
    """Move an INDICATOR's end edge that falls inside a word to the word's end: [新增医疗床]位,
    [粮食产]量, [解危D级危]房 (the lexicon of spacy-pkuseg says which words exist)."""
    w = word_across(text, e, s) if e - s >= 2 else None  # one character grows elsewhere (_grow_single_indicators)
    if w is None or any(text.startswith(v, e) for v in _AFTER_NAME):
        return s, e
    return s, w[1]


def _balance(text: str, s: int, e: int) -> Tuple[int, int]:
    """Grow a span that closes a quote or bracket it does not open: [挂牌”重大事故隐患整改]
    -> [“三级挂牌”重大事故隐患整改], within the clause."""
    for close, open_ in _OPENERS.items():
        piece = text[s:e]
        if piece.count(close) > piece.count(open_):
            k = text.rfind(open_, max(0, s - 16), s)
            if k >= 0 and not any(c in _CLAUSE_MARKS and c != "、" for c in text[k:s]):
                s = k
    return s, e


# a streak (连续12年、7年位居前列, 连续6个季度): GUIDELINES §3, not a VALUE
_TIME_UNIT = r"(?:个)?(?:年|月|季度|周|天|届|次|轮)"
_STREAK = re.compile(r"连续(?:[近超逾]|[0-9０-９一二三四五六七八九十两]+" + _TIME_UNIT + "、)*$")
_STREAK_UNIT = re.compile(_TIME_UNIT + r"(?![0-9０-９])")


def _drop_non_values(spans: List[Span], text: str) -> List[Span]:
    units = {s: e for s, e, label in spans if label == "UNIT"}
    drop = set()
    for s, e, label in spans:
        if label != "VALUE":
            continue
        unit = text[e:units[e]] if e in units else ""
        written = unit or next((u for u in _NAME_AFTER_UNIT if text.startswith(u, e)), "")
        after = units[e] if e in units else e + len(written)
        name_unit = _NAME_AFTER_UNIT.get(written)
        if (unit == "条" and _POLICY_AFTER.match(text, units[e])) or text[s - 1:s] == "第" \
                or (unit == "位" and _RANK_CHANGE.search(text, 0, s)) \
                or (not unit and _NAME_AFTER.match(text, e)) \
                or (name_unit is not None and name_unit.match(text, after)) \
                or (_STREAK.search(text, max(0, s - 16), s) and _STREAK_UNIT.match(text, e)):
            drop.add((s, e, label))
            if unit:
                drop.add((e, units[e], "UNIT"))
    return [x for x in spans if x not in drop]


def _grow_single_indicators(spans: List[Span], text: str) -> List[Span]:
    unit_ends = {e for _, e, label in spans if label == "UNIT"}
    out = []
    for s, e, label in spans:
        if label == "INDICATOR" and e - s == 1:
            if s not in unit_ends:
                continue
            gs, ge = counted_noun_after(text, s, len(text))
            if gs < 0:
                continue
            s, e = _trim_indicator(text, gs, ge)
            if e - s < 2:
                continue
        out.append((s, e, label))
    return out


# the joiners of a list of names and the marks that end a clause (also read by inference's 分别 rule)
LIST_JOINERS = "、和及与"
CLAUSE_BREAK = re.compile(r"[,，;；。:：!！?？]")


def _respective_clauses(text: str, spans: List[Span]):
    """(start of the clause, the 分别 match, the number of VALUEs after it in its clause) for
    each 分别 of `text`."""
    for m in re.finditer("分别", text):
        a = max((c.end() for c in CLAUSE_BREAK.finditer(text, 0, m.start())), default=0)
        end = CLAUSE_BREAK.search(text, m.end())
        b = end.start() if end else len(text)
        yield a, m, sum(1 for x in spans if x[2] == "VALUE" and m.end() <= x[0] and x[1] <= b)


def _split_respective_names(spans: List[Span], text: str) -> List[Span]:
    """A 分别 list whose names the tagger joined: in `[地区生产总值、一般公共预算收入]、[社会消费品
    零售总额]分别跨过4000亿元、400亿元、1000亿元台阶` three values follow two INDICATORs, one of
    them two names joined by 、. It is cut at its 、 when then the names (before 分别, back to the
    clause start) are exactly as many as the values after 分别 in its clause, the joined span is
    not the last name (a last name of that form is one compound whose tail the parts share:
    高技术制造业、装备制造业增加值, 金融机构存、贷款余额, GUIDELINES §4), and every piece has three
    characters or more."""
    out = list(spans)
    for a, m, n_values in _respective_clauses(text, spans):  # splitting leaves the VALUEs as they are
        names = [x for x in out if x[2] == "INDICATOR" and a <= x[0] and x[1] <= m.start()]
        if not names or n_values <= len(names):
            continue
        cuts = {}
        for s, e, _ in names[:-1]:
            if _BRACKETS & set(text[s:e]):
                continue  # 、 inside brackets or quotes belongs to one name
            pieces, i = [], s
            for j in [k for k in range(s, e) if text[k] == "、"] + [e]:
                pieces.append(_trim_indicator(text, i, j))
                i = j + 1
            if len(pieces) > 1 and all(pe - ps >= 3 and not _DIGIT.search(text, ps, pe) for ps, pe in pieces):
                cuts[(s, e)] = [(ps, pe, "INDICATOR") for ps, pe in pieces]
        if len(names) + sum(len(p) - 1 for p in cuts.values()) != n_values:
            continue
        out = [y for x in out for y in (cuts.get(x[:2], [x]) if x[2] == "INDICATOR" else [x])]
    return out


def _complete_respective_lists(spans: List[Span], text: str) -> List[Span]:
    """The names of a 分别 list the tagger left out (GUIDELINES §4): in `开票额、[税收]分别增长
    76.9%和66.3%` two values follow two names, so 开票额 is an INDICATOR too. Only the plain
    case: the last name stands right before 分别, the others before it joined by 、/和/及/与
    back to the clause start, no VALUE among them, as many values after 分别 (in its clause)
    as names, and every added name of three characters or more (城镇、[农村居民人均可支配收入]
    is one compound name, not two)."""
    added: List[Span] = []
    for a, m, n_values in _respective_clauses(text, spans):
        before = [x for x in spans if a <= x[0] and x[1] <= m.start()]
        last = max((x for x in before if x[2] == "INDICATOR"), key=lambda x: x[1], default=None)
        if last is None or n_values < 2 or any(x[2] != "INDICATOR" for x in before) or m.start() - last[1] > 2:
            continue
        names, new, k = 1, [], last[0]
        while k > a and text[k - 1] in LIST_JOINERS:
            j = k - 1  # the joiner; the name before it starts after the joiner before that
            i = j
            while i > a and text[i - 1] not in LIST_JOINERS:
                i -= 1
            if j - i > 20:
                break
            known = next((x for x in before if x[2] == "INDICATOR" and x[1] == j), None)
            if known is not None:
                k = known[0]
            else:
                s2, e2 = _trim_indicator(text, i, j)
                if e2 - s2 < 3 or _DIGIT.search(text, s2, e2) or any(x[0] < e2 and s2 < x[1] for x in spans):
                    break
                new.append((s2, e2, "INDICATOR"))
                k = i
            names += 1
        if new and names == n_values and k <= a + 4:
            added += new
    return spans + added if added else spans


def repair_spans(spans: List[Span], text: str) -> List[Span]:
    """Repaired spans, sorted and non-overlapping (a grown span absorbs what it covers)."""
    out: List[Span] = []
    for s, e, label in spans:
        while s < e and text[s] in _CLAUSE_MARKS:
            s += 1
        while e > s and text[e - 1] in _CLAUSE_MARKS:
            e -= 1
        if s == e or (label == "YEAR" and not _YEAR_DIGITS.search(text, s, e)):
            continue
        if label == "VALUE":
            s, e = _snap_value(text, s, e)
        elif label == "UNIT":
            s, e = _snap_unit(text, s, e)
        elif label == "INDICATOR":
            s, e = _trim_indicator(text, s, e)
            k = _number_taken(text, s, e)
            if k is not None:  # [GDP8]90亿元 with no VALUE found: the name gives the number back
                out.append((*_snap_value(text, k, e), "VALUE"))
                e = k
        out.append((s, e, label))
    out = _drop_non_values(out, text)
    out = _grow_single_indicators(out, text)
    out = _split_respective_names(out, text)
    out = _complete_respective_lists(out, text)
    out.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    kept: List[Span] = []
    for span in out:
        if kept and span[2] == "INDICATOR" == kept[-1][2] and span[0] == kept[-1][1] \
                and kept[-1][1] - kept[-1][0] <= 2 and text[kept[-1][0] - 1:kept[-1][0]] not in COUNT_UNITS:
            # a two-character piece touching the rest of its name ([金融][机构不良贷款率]) is
            # one INDICATOR; longer touching names are two ([困难家庭学生][发放慈善助学金])
            kept[-1] = (kept[-1][0], span[1], "INDICATOR")
            continue
        if kept and span[0] < kept[-1][1]:
            prev = kept[-1]
            if prev[2] == "INDICATOR" and span[2] == "VALUE" and prev[0] + 2 <= span[0] and span[1] > prev[1] \
                    and all(_is_num(text, i) for i in range(span[0], prev[1])):
                # a name that took the first digits of the number after it ([GDP8]90亿元): the
                # number is whole (GUIDELINES §1), the name ends where it starts
                kept[-1] = (prev[0], span[0], "INDICATOR")
                kept.append(span)
                continue
            if span[2] == prev[2]:  # two pieces of one number or unit
                kept[-1] = (prev[0], max(prev[1], span[1]), prev[2])
            elif span[1] > prev[1]:  # a different label overlaps a grown span: keep what it left
                kept.append((prev[1], span[1], span[2]))
            continue
        kept.append(span)
    return kept
