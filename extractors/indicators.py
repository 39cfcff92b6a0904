"""Canonical indicators: the shipped catalogue (`data/indicators.tsv`) and a matcher
from the INDICATOR text as written to a catalogue id.

Surface forms are normalised first (simplified characters, place and frame prefixes such as 全市/全省/我市,
qualifiers such as 同比/按可比价格计算, quotes, full-width forms); an exact alias match
scores 1.0 (0.95 once frame verbs, levels or change words are taken off, 0.93 for a stem
all known forms agree on), else the closest known form by rapidfuzz's normalised Indel
ratio when it scores at least `cutoff`; anything else keeps None, never a forced id. The
known forms are the catalogue's aliases plus a memory of hand-mapped INDICATOR strings,
some mapped to None, which teach the matcher what is outside the catalogue.
"""
import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from zh_indicators.corpus.clean import to_simplified
from zh_indicators.corpus.errors import Errors, InputError
from zh_indicators.corpus.io import read_text

CATALOGUE = Path(__file__).resolve().parent / "data" / "indicators.tsv"
COLUMNS = ("id", "name_zh", "name_en", "dimension", "units", "aliases", "notes")
# a compound name (存贷款余额, 城乡居民人均可支配收入): the ids of the values of its 分别 list, in
# order, and the id a single figure under it means; optional, so catalogues without them load
COMPOUND_COLUMNS = ("respectively", "alone")
DIMENSIONS = ("money", "money_per_person", "ratio", "count", "mass", "area", "length", "volume", "energy",
              "power", "concentration", "index", "duration", "other")
# chosen on every group's gold strings, each matched without its own (evaluation.names, benchmark-names)
DEFAULT_CUTOFF = 0.85

_PREFIX = re.compile(r"^(全市|全县|全区|全省|全州|全旗|全盟|全域|全国|我市|我县|我区|我省|本市|全年|年末|年底|今年|去年|"
                     r"其中|累计|实现|完成|预计|新增的|主要)+")
_QUALIFIER = re.compile(r"(同比|按可比价格计算|按可比价计算|可比价|现价|\(?初步核算\)?|\(?预计\)?)")
_BRACKET = re.compile(r"[(（][A-Za-z0-9.]{1,8}[)）]")
# revenue "coming from" a place is that place's revenue: 来源于惠州的财政总收入, 来自海口的公共财政收入
_FROM_PLACE = re.compile(r"^(来源于|来自于?)[\u4e00-\u9fff]{2,8}?的?(?=财政|税收|一般|公共|地方)")
# the budget's own level inside its name: 一般公共预算地方收入, 一般公共预算本级收入 are 一般公共预算收入
_BUDGET_LEVEL = re.compile(r"(?<=预算)(地方级|地方|本级)(?=收入|支出)")
# the usual abbreviations, written out as the catalogue's full forms are
_ABBREVIATIONS = (("规上", "规模以上"), ("限上", "限额以上"))


@dataclass(frozen=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    dimension: str
    units: Tuple[str, ...]
    aliases: Tuple[str, ...]
    respectively: Tuple[str, ...] = ()   # a compound name's parts, in the order its values are listed
    alone: Optional[str] = None          # what a single figure under a compound name is


def normalise(text: str) -> str:
    """The surface form in simplified characters, without place/frame prefixes, qualifiers,
    quotes and brackets (a report read with --no-clean keeps its traditional 城鎮新增就業)."""
    t = to_simplified(unicodedata.normalize("NFKC", text or "")).replace("“", "").replace("”", "").replace("\"", "")
    t = t.replace(" ", "")
    t = _QUALIFIER.sub("", t)
    t = _FROM_PLACE.sub("", t)
    t = _BUDGET_LEVEL.sub("", t)
    for short, full in _ABBREVIATIONS:
        t = t.replace(short, full)
    stripped = _BRACKET.sub("", t)
    t = stripped or t
    prev = None
    while prev != t and len(t) > 2:
        prev = t
        m = _PREFIX.match(t)
        if m and len(t) - m.end() >= 2:
            t = t[m.end():]
    return t


# Verbs that make a count of things added in the year (GUIDELINES §2: they stay in the INDICATOR).
ADDING = ("新增", "净增", "新认定", "新培育", "新引进", "新建", "获批", "认定", "培育", "创成", "引进", "建成", "创建")
ADDING_VERBS = re.compile("^(" + "|".join(ADDING) + ")")

# Variants tried for an exact hit when the string as written is not a known form (a known
# form always wins, so 新增高新技术企业 keeps its flow id): the head of a Chinese name is at
# its end, so frame verbs (the adding verbs, 打造/入选/拥有) and levels (省级/扬州市级/国家级以上…)
# before it and change words after it (增幅/增速: kind=change of the same indicator) rarely
# change which quantity it names.
_VERB = re.compile("^(" + "|".join(ADDING + ("打造", "入选", "拥有")) + ")+")
_LEVEL = re.compile(r"^([\u4e00-\u9fff]{2}(市|县|区))?(国家|省|市|县|区|省市|省部)?级(以上)?|^(国家|省|市)以上|^(国家|地方)")
_CHANGE = re.compile(r"(增加值)?(年均增长|同比增长|增长率|增幅|增速|增长)$")
_TOTAL = re.compile(r"(总量|总额|完成额)$")


# how a share of a base quantity is named (Catalogue.share_id), tried in order
_SHARE_FORMS = ("{}占比", "{}比重", "{}占地区生产总值比重")
_SHARE_MIN_SCORE = 0.93  # an exact form or a variant of one, never a fuzzy neighbour


def _unframed(key: str) -> str:
    """`key` without its leading frame verbs and level."""
    t = _VERB.sub("", key)
    return _LEVEL.sub("", t) or t


def variants(key: str) -> List[str]:
    """`key` and the forms with frame verbs, levels and change words taken off, in order."""
    t = _unframed(key)
    out = [key]
    verb = _VERB.match(key)
    if verb:
        # the level alone taken off keeps a flow a flow: 新增国家专精特新企业 -> 新增专精特新企业
        rest = key[verb.end():]
        out.append(verb.group(0) + (_LEVEL.sub("", rest) or rest))
    out.append(t)
    for base in (key, t):
        c = _CHANGE.sub("", base)
        if c != base and len(c) >= 2:
            # the growth of an industry is the growth of its value added (高技术制造业增速), which a
            # known elliptical form of the bare industry (高技术制造业: None) must not shadow
            out += [c + "增加值", c]
        out.append(_TOTAL.sub("", base))
    return [v for v in dict.fromkeys(out) if len(v) >= 2]


def stem(key: str) -> str:
    """`key` without frame verbs, levels and change words."""
    t = _LEVEL.sub("", _VERB.sub("", key)) or key
    return _CHANGE.sub("", t) or t


class Catalogue:
    """The catalogue's indicators and the matcher from written forms to their ids.

    `memory` maps annotated INDICATOR strings to an id or None (`corpus/indicator_ids.tsv`
    for the shipped matcher): a string annotated as naming no catalogue indicator is a
    negative example, so a near miss of it gives None rather than its closest alias.
    Catalogue aliases win over the memory where both know a form.
    """

    def __init__(self, indicators: List[Indicator], memory: Optional[Dict[str, Optional[str]]] = None):
        self.indicators = {i.id: i for i in indicators}
        self.key_to_id: Dict[str, Optional[str]] = {}
        for ind in indicators:
            for form in (ind.name_zh,) + ind.aliases:
                self.key_to_id.setdefault(normalise(form), ind.id)
        for string, ind_id in (memory or {}).items():
            if ind_id is not None and ind_id not in self.indicators:
                raise InputError(Errors.E155.format(string=string, found=ind_id))
            self.key_to_id.setdefault(normalise(string), ind_id)
        # the stem of every known form, where all forms with that stem agree on the id:
        # 新增省级上云企业 and 省星级上云企业 meet at 上云企业
        stems: Dict[str, set] = {}
        for k, i in self.key_to_id.items():
            stems.setdefault(stem(k), set()).add(i)
        # (a stem of two characters is a bare noun, 收入 or 企业, not a name)
        self.stem_to_id = {st: next(iter(ids)) for st, ids in stems.items() if len(ids) == 1 and len(st) >= 3}
        # the flow that counts additions to a stock (新增高新技术企业 -> 高新技术企业), where one flow does
        flows: Dict[str, set] = {}
        for k, i in self.key_to_id.items():
            if i is not None and ADDING_VERBS.match(k) and self.is_flow(i):
                base = self.key_to_id.get(_unframed(k))
                if base is not None and base != i and not self.is_flow(base):
                    flows.setdefault(base, set()).add(i)
        self.flow_of: Dict[str, str] = {b: next(iter(f)) for b, f in flows.items() if len(f) == 1}
        self._choices = list(self.key_to_id)
        self._cache: Dict[Tuple[str, float], Tuple[Optional[str], float]] = {}

    def __len__(self) -> int:
        return len(self.indicators)

    def with_memory(self, memory: Optional[Dict[str, Optional[str]]]) -> "Catalogue":
        """The same indicators with another memory of annotated strings (None: none)."""
        return Catalogue(list(self.indicators.values()), memory)

    def match(self, surface: Optional[str], cutoff: float = DEFAULT_CUTOFF) -> Tuple[Optional[str], float]:
        """(catalogue id or None, score in [0, 1]) of an INDICATOR text."""
        if not surface:
            return None, 0.0
        hit = self._cache.get((surface, cutoff))
        if hit is None:
            hit = self._cache[(surface, cutoff)] = self._match(surface, cutoff)
        return hit

    def _match(self, surface: str, cutoff: float) -> Tuple[Optional[str], float]:
        key = normalise(surface)
        for k, form in enumerate(variants(key)):
            if form in self.key_to_id:
                hit = self.key_to_id[form]
                if k and hit in self.flow_of and ADDING_VERBS.match(key) and not ADDING_VERBS.match(form):
                    # an adding verb taken off to find the stock: the string counts additions to it
                    return self.flow_of[hit], 0.93
                return hit, (1.0 if k == 0 else 0.95)
        st = stem(key)
        if st in self.stem_to_id:
            return self.stem_to_id[st], 0.93
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, self._choices, scorer=fuzz.ratio)
        score = round(best[1] / 100.0, 3) if best else 0.0
        if best is not None and score >= cutoff:
            return self.key_to_id[best[0]], score
        # No fallback to the longest known tail (龙嘉机场旅客吞吐量 -> 旅客吞吐量): neutral on the
        # dev strings, it named a different quantity more often than the right one on the test folds.
        return None, score

    def share_id(self, base_id: Optional[str], indicator: Optional[str], written: Optional[str] = None) -> Optional[str]:
        """The catalogue's own ratio id for a share of `indicator` (matched as `base_id`):
        研发投入 + 占GDP比重 -> rd_share_gdp, 全社会研发经费支出 + 占比 -> rd_share_gdp; None where
        the catalogue has none. The share words as written (`written`) are tried first, then
        the usual forms of a share's name; only exact forms or their variants count, never a
        fuzzy neighbour (工业技改投资占比 is not industrial_investment_share)."""
        if not indicator or self.dimension(base_id) == "ratio":
            return None
        forms = ([indicator + written] if written else []) + [f.format(indicator) for f in _SHARE_FORMS]
        for form in forms:
            hit, score = self.match(form)
            if hit is not None and hit != base_id and score >= _SHARE_MIN_SCORE and self.dimension(hit) == "ratio":
                return hit
        return None

    def is_flow(self, ind_id: str) -> bool:
        """Whether the id names things added (its name or an alias opens with an adding verb)."""
        ind = self.indicators.get(ind_id)
        return ind is not None and any(ADDING_VERBS.match(f) for f in (ind.name_zh,) + ind.aliases)

    def compound(self, ind_id: Optional[str]) -> Tuple[Tuple[str, ...], Optional[str]]:
        """(ids of a compound name's 分别 values in order, id of a single figure) or ((), None)."""
        ind = self.indicators.get(ind_id) if ind_id else None
        return (ind.respectively, ind.alone) if ind is not None else ((), None)

    def dimension(self, ind_id: Optional[str]) -> Optional[str]:
        return self.indicators[ind_id].dimension if ind_id in self.indicators else None

    def name_en(self, ind_id: Optional[str]) -> Optional[str]:
        return self.indicators[ind_id].name_en if ind_id in self.indicators else None


def parse_catalogue(content: str, where: str = str(CATALOGUE)) -> Catalogue:
    rows = list(csv.reader(io.StringIO(content), delimiter="\t"))
    header = tuple(rows[0]) if rows else ()
    if header not in (COLUMNS, COLUMNS + COMPOUND_COLUMNS):
        raise InputError(Errors.E153.format(path=where, line=1, problem=f"header must be {list(COLUMNS)}, "
                                            f"optionally followed by {list(COMPOUND_COLUMNS)}"))
    out, seen_alias, compound_lines = [], {}, {}
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        if len(row) != len(header):
            raise InputError(Errors.E153.format(path=where, line=lineno,
                                                problem=f"found {len(row)} columns, expected {len(header)}"))
        rec = dict(zip(header, row))
        if rec["dimension"] not in DIMENSIONS:
            raise InputError(Errors.E153.format(path=where, line=lineno,
                                                problem=f"dimension {rec['dimension']!r} not in {list(DIMENSIONS)}"))
        aliases = tuple(a for a in rec["aliases"].split("|") if a)
        for a in (rec["name_zh"],) + aliases:
            if a in seen_alias and seen_alias[a] != rec["id"]:
                raise InputError(Errors.E153.format(path=where, line=lineno,
                                                    problem=f"alias {a!r} also names {seen_alias[a]!r}"))
            seen_alias[a] = rec["id"]
        respectively = tuple(i for i in rec.get("respectively", "").split("|") if i)
        if len(respectively) == 1:
            raise InputError(Errors.E153.format(path=where, line=lineno,
                                                problem=f"respectively names one id ({respectively[0]!r}), "
                                                        "a compound has two or more"))
        alone = rec.get("alone") or None
        if respectively or alone:
            compound_lines[rec["id"]] = lineno
        out.append(Indicator(rec["id"], rec["name_zh"], rec["name_en"], rec["dimension"],
                             tuple(u for u in rec["units"].split("|") if u), aliases, respectively, alone))
    ids = [i.id for i in out]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InputError(Errors.E153.format(path=where, line=0, problem=f"id {dup!r} defined twice"))
    known = set(ids)
    for ind in out:
        for part in ind.respectively + ((ind.alone,) if ind.alone else ()):
            if part not in known or part == ind.id:
                raise InputError(Errors.E153.format(path=where, line=compound_lines[ind.id],
                                                    problem=f"compound part {part!r} is not another id of the catalogue"))
    return Catalogue(out)


@lru_cache(maxsize=2)
def load_catalogue(path: Optional[str] = None, memory: bool = True) -> Catalogue:
    """The shipped catalogue (or one at `path`), with the annotated strings as memory."""
    from zh_indicators.corpus.indicator_gold import INDICATOR_GOLD, load_indicator_gold

    p = Path(path) if path else CATALOGUE
    cat = parse_catalogue(read_text(p), where=str(p))
    return cat.with_memory(load_indicator_gold()) if memory and INDICATOR_GOLD.exists() else cat
