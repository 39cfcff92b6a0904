"""Canonical indicators: the shipped catalogue (`data/indicators.tsv`) and a matcher
from the INDICATOR text as written to a catalogue id.

Surface forms are normalised first (place and frame prefixes such as 全市/全省/我市,
qualifiers such as 同比/按可比价格计算, quotes, full-width forms); an exact alias match
scores 1.0, else the closest alias by rapidfuzz's normalised Indel ratio is taken when it
scores at least `cutoff`; anything else keeps None, never a forced id.
"""
import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from zh_indicators.corpus.errors import Errors, InputError
from zh_indicators.corpus.io import read_text

CATALOGUE = Path(__file__).resolve().parent / "data" / "indicators.tsv"
COLUMNS = ("id", "name_zh", "name_en", "dimension", "units", "aliases", "notes")
DIMENSIONS = ("money", "money_per_person", "ratio", "count", "mass", "area", "length", "volume", "energy",
              "power", "concentration", "index", "duration", "other")
# chosen on the dev provinces' gold strings (evaluation.indicator_match)
DEFAULT_CUTOFF = 0.9

_PREFIX = re.compile(r"^(全市|全县|全区|全省|全州|全旗|全盟|全域|全国|我市|我县|我区|我省|本市|全年|年末|年底|今年|去年|"
                     r"其中|累计|实现|完成|预计|新增的|主要|全口径)+")
_QUALIFIER = re.compile(r"(同比|按可比价格计算|按可比价计算|可比价|现价|\(?初步核算\)?|\(?预计\)?)")
_BRACKET = re.compile(r"[(（][A-Za-z0-9.]{1,8}[)）]")


@dataclass(frozen=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    dimension: str
    units: Tuple[str, ...]
    aliases: Tuple[str, ...]


def normalise(text: str) -> str:
    """The surface form without place/frame prefixes, qualifiers, quotes and brackets."""
    t = unicodedata.normalize("NFKC", text or "").replace("“", "").replace("”", "").replace("\"", "")
    t = t.replace(" ", "")
    t = _QUALIFIER.sub("", t)
    stripped = _BRACKET.sub("", t)
    t = stripped or t
    prev = None
    while prev != t and len(t) > 2:
        prev = t
        m = _PREFIX.match(t)
        if m and len(t) - m.end() >= 2:
            t = t[m.end():]
    return t


class Catalogue:
    def __init__(self, indicators: List[Indicator]):
        self.indicators = {i.id: i for i in indicators}
        self.alias_to_id: Dict[str, str] = {}
        for ind in indicators:
            for form in (ind.name_zh,) + ind.aliases:
                self.alias_to_id.setdefault(normalise(form), ind.id)
        self._choices = list(self.alias_to_id)
        self._cache: Dict[Tuple[str, float], Tuple[Optional[str], float]] = {}

    def __len__(self) -> int:
        return len(self.indicators)

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
        if key in self.alias_to_id:
            return self.alias_to_id[key], 1.0
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, self._choices, scorer=fuzz.ratio)
        if best is None:
            return None, 0.0
        alias, score, _ = best
        score = score / 100.0
        return (self.alias_to_id[alias], round(score, 3)) if score >= cutoff else (None, round(score, 3))

    def dimension(self, ind_id: Optional[str]) -> Optional[str]:
        return self.indicators[ind_id].dimension if ind_id in self.indicators else None

    def name_en(self, ind_id: Optional[str]) -> Optional[str]:
        return self.indicators[ind_id].name_en if ind_id in self.indicators else None


def parse_catalogue(content: str, where: str = str(CATALOGUE)) -> Catalogue:
    rows = list(csv.reader(io.StringIO(content), delimiter="\t"))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise InputError(Errors.E153.format(path=where, line=1, problem=f"header must be {list(COLUMNS)}"))
    out, seen_alias = [], {}
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        if len(row) != len(COLUMNS):
            raise InputError(Errors.E153.format(path=where, line=lineno,
                                                problem=f"found {len(row)} columns, expected {len(COLUMNS)}"))
        rec = dict(zip(COLUMNS, row))
        if rec["dimension"] not in DIMENSIONS:
            raise InputError(Errors.E153.format(path=where, line=lineno,
                                                problem=f"dimension {rec['dimension']!r} not in {list(DIMENSIONS)}"))
        aliases = tuple(a for a in rec["aliases"].split("|") if a)
        for a in (rec["name_zh"],) + aliases:
            if a in seen_alias and seen_alias[a] != rec["id"]:
                raise InputError(Errors.E153.format(path=where, line=lineno,
                                                    problem=f"alias {a!r} also names {seen_alias[a]!r}"))
            seen_alias[a] = rec["id"]
        out.append(Indicator(rec["id"], rec["name_zh"], rec["name_en"], rec["dimension"],
                             tuple(u for u in rec["units"].split("|") if u), aliases))
    ids = [i.id for i in out]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InputError(Errors.E153.format(path=where, line=0, problem=f"id {dup!r} defined twice"))
    return Catalogue(out)


@lru_cache(maxsize=2)
def load_catalogue(path: Optional[str] = None) -> Catalogue:
    """The shipped catalogue (or one at `path`)."""
    p = Path(path) if path else CATALOGUE
    return parse_catalogue(read_text(p), where=str(p))
