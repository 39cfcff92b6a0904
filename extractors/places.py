"""The place a report is of: name from metadata, the dated meeting line
(在XX市第十六届人民代表大会…), the head of government (XX区区长), the title
(XX市人民政府工作报告), 中共XX委 or 我代表XX人民政府, else the place the text names most;
then its province, prefecture, level and administrative code from the division list that
the cpca package ships (resources/adcodes.csv; nothing is downloaded), plus
data/places_supplement.tsv for divisions renamed after that list was made.
"""
import csv
import re
import warnings
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

SUPPLEMENT = Path(__file__).parent / "data" / "places_supplement.tsv"

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUM = r"[一二三四五六七八九十百零〇]+"
# A cue is text that follows the report's own place; the place is the run of characters
# just before it. `leads` are what may stand before the place inside that run ("" = nothing).
_CUES = (
    ("meeting line", re.compile(r"第" + _NUM + r"届\s*人民代表大会"), ("", "在", "年", "日")),
    ("head of government", re.compile(r"(?:人民政府)?(?:代理|代)?(?:省长|市长|区长|县长|州长|旗长|盟长|主席)"), ("",)),
    ("title", re.compile(r"(?:两会|\d{4}年)?(?:人民)?政府工作报告"), ("", "年")),
    ("party committee", re.compile(r"委(?:员会)?"), ("中共",)),
    ("government", re.compile(r"人民政府"), ("我代表",)),
)
# Units, longest first, and the ranks used to break ties (the more specific the better).
_UNITS = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "新区",
          "省", "市", "区", "县", "旗", "盟", "州")
_RANK = {"province": 0, "city": 1, "county": 2, "district": 2}
# How a report speaks of itself (我代表市人民政府, 全县, 地委) -> the unit it is of.
_SELF = re.compile(r"我代表[\u4e00-\u9fff]{0,12}?(自治区|省|市|区|县|州|旗|盟)人民政府")
_SELF_WORDS = re.compile(r"(?:全|我)(市|区|县|州|旗|盟)|(地)委|行(署)")


@dataclass(frozen=True)
class Division:
    name: str
    adcode: str                   # 6 digits
    province: Optional[str]
    prefecture: Optional[str]
    level: str                    # province | city | county | district


@dataclass(frozen=True)
class Place:
    name: Optional[str]
    province: Optional[str] = None
    prefecture: Optional[str] = None
    level: Optional[str] = None
    adcode: Optional[str] = None
    source: str = "none"          # metadata | meeting line | head of government | title | ... | none

    def to_dict(self) -> Dict:
        return asdict(self)


# ---------------------------------------------------------------- gazetteer

@lru_cache(maxsize=1)
def _divisions() -> Tuple[Division, ...]:
    """Every division of cpca's list (codes give province and prefecture), plus the supplement."""
    import cpca

    path = Path(cpca.__file__).parent / "resources" / "adcodes.csv"
    with open(path, encoding="utf-8") as f:
        names = {r["adcode"][:6]: r["name"] for r in csv.DictReader(f)}
    # placeholder rows (市辖区, 县, 省直辖县级行政区划) are groupings, not places
    real = {c: n for c, n in names.items() if n not in ("市辖区", "县") and not n.endswith("行政区划")}
    out = []
    for code, name in real.items():
        if code[2:] == "0000":
            level = "province"
        elif code[4:] == "00":
            level = "city"
        else:
            level = "district" if name.endswith("区") else "county"
        out.append(Division(name, code, real.get(code[:2] + "0000"),
                            real.get(code[:4] + "00") if level in ("county", "district") else None, level))
    with open(SUPPLEMENT, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            out.append(Division(r["name"], r["adcode"], r["province"] or None, r["prefecture"] or None, r["level"]))
    return tuple(out)


@lru_cache(maxsize=1)
def _nations() -> Tuple[str, ...]:
    """Ethnic names as they stand in autonomous names (回族, 维吾尔, 景颇族), longest first."""
    import cpca

    path = Path(cpca.__file__).parent / "resources" / "56_nations.csv"
    with open(path, encoding="utf-8") as f:
        full = [ln.strip() for ln in f if ln.strip()]
    forms = set(full) | {n[:-1] for n in full if n.endswith("族") and len(n) > 2}
    return tuple(sorted(forms, key=len, reverse=True))


def short_name(name: str) -> Optional[str]:
    """The name without its unit (昆山市 -> 昆山, 宁夏回族自治区 -> 宁夏), if 2+ characters remain."""
    stem = next((name[:-len(u)] for u in _UNITS if name.endswith(u)), name)
    if name.endswith(("自治区", "自治州", "自治县", "自治旗")):
        changed = True
        while changed:  # 德宏傣族景颇族 -> 德宏; keep at least two characters (内蒙古 stays)
            changed = False
            for n in _nations():
                if stem.endswith(n) and len(stem) - len(n) >= 2:
                    stem, changed = stem[:-len(n)], True
                    break
    return stem if len(stem) >= 2 and stem != name else None


@lru_cache(maxsize=1)
def _index() -> Dict[str, Tuple[Division, ...]]:
    """Full names and short names -> the divisions they may denote."""
    idx: Dict[str, List[Division]] = {}
    for d in _divisions():
        idx.setdefault(d.name, []).append(d)
    for d in _divisions():
        s = short_name(d.name)
        if s and d not in idx.setdefault(s, []):
            idx[s].append(d)
    return {k: tuple(v) for k, v in idx.items()}


def _is_parent(outer: Division, inner: Division) -> bool:
    code = outer.adcode.rstrip("0")
    return inner.adcode != outer.adcode and inner.adcode.startswith(code if len(code) % 2 == 0 else code + "0")


def parse_chain(text: str) -> Tuple[List[Division], str]:
    """The divisions that end `text`, outermost first, and what is left before them.

    太原市晋源区 -> ([太原市, 晋源区], ""); 日在济南市市中区 -> ([济南市, 市中区], "日在"). Each
    name is the longest the index knows; an outer name must contain the inner one, which is
    how 市中区 (four cities have one) is read as Jinan's.
    """
    idx, chain, rest = _index(), [], text
    while rest:
        hit = None
        for k in range(max(0, len(rest) - 12), len(rest) - 1):
            cands = idx.get(rest[k:])
            if cands:
                if chain:
                    cands = tuple(d for d in cands if any(_is_parent(d, c) for c in chain[0]))
                if cands:
                    hit = (k, cands)
                    break
        if not hit:
            break
        k, cands = hit
        if chain:  # keep only the inner divisions that lie in this outer one
            chain[0] = tuple(c for c in chain[0] if any(_is_parent(d, c) for d in cands))
        chain.insert(0, cands)
        rest = rest[:k]
    return [c for c in chain], rest


# ---------------------------------------------------------------- reading the text

def _frame(text: str) -> Optional[str]:
    """The unit the report speaks of itself in: 我代表县人民政府 -> 县; else the lowest unit of
    全市/我区/地委… (a district report also says 全市 of its city, seldom the reverse); 地 stands
    for a prefecture-level 地区."""
    m = _SELF.search(text)
    if m:
        return m.group(1)
    said = {next(g for g in m.groups() if g).replace("署", "地") for m in _SELF_WORDS.finditer(text)}
    return next((u for u in ("县", "旗", "区", "市", "州", "盟", "地") if u in said), None)


def _agrees(d: Division, frame: Optional[str]) -> bool:
    """Whether a division is of the unit the text speaks in (区 also covers 自治区, not 地区)."""
    if frame is None:
        return False
    if frame == "地":
        return d.name.endswith("地区")
    return d.name.endswith(frame) and not d.name.endswith("地区")


def _pick(cands: Sequence[Division], frame: Optional[str]) -> Division:
    """One of the divisions a name may denote: the one the frame agrees with, else the most specific."""
    return max(cands, key=lambda d: (_agrees(d, frame), _RANK[d.level], -len(d.adcode.rstrip("0"))))


def _written(chain: List[Tuple[Division, ...]], d: Division) -> str:
    """The name to report: the division's own name, prefixed by its prefecture's when the name
    alone is shared by several divisions (济南市市中区)."""
    if len(_index().get(d.name, ())) > 1 and len(chain) > 1 and d.prefecture:
        return d.prefecture + d.name
    return d.name


def _from_cues(text: str, frame: Optional[str]) -> Optional[Tuple[str, str]]:
    for source, rx, leads in _CUES:
        for m in rx.finditer(text):
            i = m.start()
            while i > 0 and text[i - 1].isspace():      # 芜湖\n政府工作报告, 第六届\n人民代表大会
                i -= 1
            j = i
            while j > 0 and _CJK.match(text[j - 1]):
                j -= 1
            chain, rest = parse_chain(text[j:i])
            if chain and chain[-1] and any(rest.endswith(l) if l else rest == "" for l in leads):
                return _written(chain, _pick(chain[-1], frame)), source
    return None


def _mentions(text: str):
    """Divisions named in the text, leftmost-longest. A two-character full name, one-character
    stem plus unit (范县, 城区), counts only after a non-word character: otherwise every word ending in a unit would
    be a place (示范县 -> 范县, 主城区 -> 城区). Self-references (全州, all the prefecture) are
    not the short name they look like (全州县)."""
    idx, i, n = _index(), 0, len(text)
    while i < n - 1:
        for k in range(min(12, n - i), 1, -1):
            cands = None if _SELF_WORDS.fullmatch(text[i:i + k]) else idx.get(text[i:i + k])
            if cands and (k > 2 or all(d.name != text[i:i + k] for d in cands) or i == 0
                          or not _CJK.match(text[i - 1])):
                yield cands
                i += k
                break
        else:
            i += 1


def _province_of(d: Division) -> str:
    return d.adcode[:2]


def _most_named(text: str, frame: Optional[str]) -> Optional[str]:
    """The place the text names most, among those of the province it names most (short
    names that are also words, 合作 资源 新兴, scatter over provinces; a report's own places
    cluster in one). Rules, in order: the prefecture of three or more of its named counties
    (a city report names its counties: 兴县、临县、交口 -> 吕梁市); the division of the text's
    own unit named most (ties: the more specific); one named twice or more."""
    counts: Dict[Division, int] = {}
    votes: Dict[str, int] = {}
    for cands in _mentions(text):
        for d in cands:
            counts[d] = counts.get(d, 0) + 1
        for prov in {_province_of(d) for d in cands}:
            votes[prov] = votes.get(prov, 0) + 1
    if not counts:
        return None
    home = max(votes, key=votes.get)
    counts = {d: c for d, c in counts.items() if _province_of(d) == home}
    children: Dict[str, set] = {}
    for d in counts:
        if d.prefecture and d.level in ("county", "district"):
            children.setdefault(d.prefecture, set()).add(d.name)
    parents = [p for p, kids in children.items() if len(kids) >= 3 and (frame is None or p.endswith(frame))]
    if parents:
        return max(parents, key=lambda p: len(children[p]))
    agreeing = [d for d in counts if _agrees(d, frame)]
    if agreeing:
        return max(agreeing, key=lambda d: (counts[d], _RANK[d.level])).name
    best = max(counts, key=lambda d: (counts[d], _RANK[d.level]))
    return best.name if counts[best] >= 2 else None


def place_name(text: str) -> (Optional[str], str):
    """(the place's name, where it was read): cues in the first 3,000 characters, else the
    place the whole text names most. The name is the gazetteer's full form when the text
    made it certain (芜湖 in a 市 report -> 芜湖市)."""
    frame = _frame(text[:3000])
    hit = _from_cues(text[:3000], frame)
    if hit:
        return hit
    name = _most_named(text, frame)
    return (name, "most named") if name else (None, "none")


# ---------------------------------------------------------------- the gazetteer's answer

def _lookup(name: str, province: Optional[str] = None) -> Optional[Division]:
    """The division a whole name denotes (晋源区, 太原市晋源区, 德州, 济南市市中区)."""
    chain, rest = parse_chain(name)
    if not chain or rest or not chain[-1]:
        return None
    cands = chain[-1]
    if province:
        cands = tuple(d for d in cands if d.province and d.province.startswith(province[:2])) or cands
    return _pick(cands, None)


@lru_cache(maxsize=1)
def _full_names() -> Tuple[frozenset, int]:
    names = frozenset(d.name for d in _divisions())
    return names, max(map(len, names))


def division_prefix(text: str, start: int, end: int) -> int:
    """The end of the division names written in full that open text[start:end] (吉林省,
    南京市, 吉林省长春市), or `start` when none does. Full names only: a short name (长春,
    高新) is too often a word of the name itself."""
    names, longest = _full_names()
    pos = start
    while True:
        hit = next((k for k in range(min(end, pos + longest), pos + 1, -1) if text[pos:k] in names), None)
        if hit is None:
            return pos
        pos = hit


def is_known(name: str) -> bool:
    """Whether the gazetteer has a division of this name (or this short form of one)."""
    return _lookup(name) is not None


def canonical_name(name: Optional[str]) -> Optional[str]:
    """The gazetteer's full form of a name (德州 -> 德州市), or the name itself."""
    d = _lookup(name) if name else None
    if d is None:
        return name
    return name if name.endswith(d.name) else d.name


@lru_cache(maxsize=4096)
def _gazetteer(name: str):
    """cpca's reading of a name the division list does not hold (a fallback for metadata)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca

        df = cpca.transform([name])
    row = df.iloc[0]
    val = lambda k: None if not isinstance(row[k], str) or row[k] in ("", "市辖区", "县") else row[k]
    return val("省"), val("市"), val("区"), (str(row["adcode"]) if isinstance(row["adcode"], str) else None)


_LEVEL = (("province", re.compile(r"(省|自治区)$|^(北京|天津|上海|重庆)市$")),
          ("district", re.compile(r"区$")), ("county", re.compile(r"(县|旗)$")),
          ("city", re.compile(r"(市|州|盟|地区)$")))


def resolve(name: Optional[str], source: str = "metadata", province: Optional[str] = None) -> Place:
    """A Place with the gazetteer's province, prefecture and code (when it knows the name)."""
    if not name:
        return Place(None, province=province, source=source)
    d = _lookup(name, province)
    if d is not None:
        return Place(name=name, province=d.province, prefecture=d.prefecture, level=d.level,
                     adcode=d.adcode, source=source)
    prov, city, _county, code = _gazetteer(((province or "") + name) if province and province not in name else name)
    level = next((lv for lv, rx in _LEVEL if rx.search(name)), None)
    prefecture = city if level in ("district", "county") else None
    return Place(name=name, province=(prov or province), prefecture=prefecture, level=level, adcode=code,
                 source=source)


def detect_place(text: str, meta: Optional[Dict] = None) -> Place:
    """The report's place: metadata wins; else read from the text; then the gazetteer."""
    if meta and meta.get("place"):
        p = resolve(meta["place"], "metadata", province=meta.get("province"))
        return Place(name=p.name, province=meta.get("province") or p.province,
                     prefecture=meta.get("prefecture") or p.prefecture, level=meta.get("level") or p.level,
                     adcode=p.adcode, source="metadata")
    name, source = place_name(text)
    return resolve(canonical_name(name), source)
