"""The place a report is of: name from metadata, the dated meeting line
(在XX市第十六届人民代表大会…), the title (XX市人民政府工作报告) or 中共XX委, then its
province, prefecture, level and administrative code from the cpca gazetteer (which
ships the national division codes; nothing is downloaded).
"""
import re
import warnings
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Dict, Optional

_UNIT = r"(?:省|自治区|市|区|县|旗|盟|州|地区|新区|自治县|自治州|自治旗)"
_NAME = r"([\u4e00-\u9fff]{1,12}?" + _UNIT + r")"
PLACE_RES = (
    ("meeting line", re.compile(r"在" + _NAME + r"第[一二三四五六七八九十百零〇]+届人民代表大会")),
    ("meeting line", re.compile(r"(?:^|[^\u4e00-\u9fff])" + _NAME + r"第[一二三四五六七八九十百零〇]+届人民代表大会")),
    ("head of government", re.compile(r"(?:^|[^\u4e00-\u9fff])" + _NAME + r"(?:人民政府)?(?:代理)?(?:市长|区长|县长|省长|州长|旗长|主席)")),
    ("title", re.compile(r"(?:^|[^\u4e00-\u9fff]|年)" + _NAME + r"(?:人民政府|\d{4}年政府|政府)工作报告")),
    ("title", re.compile(r"(?:^|[^\u4e00-\u9fff])(?:19|20)\d\d年" + _NAME + r"政府工作报告")),
    ("party committee", re.compile(r"中共" + _NAME + r"委")),
)
_MENTION = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:省|自治区|市|区|县|旗|州)")
_LEVEL = (("province", re.compile(r"(省|自治区)$|^(北京|天津|上海|重庆)市$")),
          ("district", re.compile(r"区$")), ("county", re.compile(r"(县|旗|县级市)$")),
          ("city", re.compile(r"(市|州|盟|地区)$")))


@dataclass(frozen=True)
class Place:
    name: Optional[str]
    province: Optional[str] = None
    prefecture: Optional[str] = None
    level: Optional[str] = None
    adcode: Optional[str] = None
    source: str = "none"          # metadata | meeting line | title | party committee | none

    def to_dict(self) -> Dict:
        return asdict(self)


def place_name(text: str) -> (Optional[str], str):
    """(place name as written, where it was read) from the first 3,000 characters."""
    head = text[:3000]
    for source, rx in PLACE_RES:
        for m in rx.finditer(head):
            name = known_suffix(m.group(1))
            if name:
                return name, source
    # no title, dateline or office: the place the text names most often that the gazetteer knows
    counts: Dict[str, int] = {}
    for m in _MENTION.finditer(head):
        w = m.group()
        for k in range(len(w) - 2, -1, -1):
            cand = w[k:]
            if len(cand) >= 2 and cand not in _NOT_NAMES and cand[:-1] not in ("全", "我", "本", "该") and is_known(cand):
                counts[cand] = counts.get(cand, 0) + 1
                break
    if counts:
        return max(counts, key=counts.get), "most named"
    return None, "none"


_NOT_NAMES = ("该市", "全市", "我市", "本市", "全省", "全区", "全县", "我区", "我县", "市县", "县区", "各县", "各市")


def known_suffix(text: str) -> Optional[str]:
    """The longest tail of `text` (a place name with junk before it) that the gazetteer knows."""
    for k in range(0, max(0, len(text) - 1)):
        cand = text[k:]
        if len(cand) >= 2 and cand not in _NOT_NAMES and not cand.startswith(("全", "我", "本", "该", "各")) \
                and is_known(cand):
            return cand
    return None


def is_known(name: str) -> bool:
    """Whether the gazetteer has a division of this name (or this short form of one)."""
    return any(full and (full == name or (len(name) >= 2 and full.startswith(name) and len(full) - len(name) <= 3))
               for full in _gazetteer(name)[:3])


def canonical_name(name: Optional[str]) -> Optional[str]:
    """The gazetteer's full form of a name (德州 -> 德州市), or the name itself."""
    if not name:
        return name
    prov, city, county, _ = _gazetteer(name)
    for full in (county, city, prov):
        if full and (full == name or full.startswith(name)):
            return full
    return name


@lru_cache(maxsize=4096)
def _gazetteer(name: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca

        df = cpca.transform([name])
    row = df.iloc[0]
    val = lambda k: None if not isinstance(row[k], str) or row[k] in ("", "市辖区", "县") else row[k]
    return val("省"), val("市"), val("区"), (str(row["adcode"]) if isinstance(row["adcode"], str) else None)


def resolve(name: Optional[str], source: str = "metadata", province: Optional[str] = None) -> Place:
    """A Place with the gazetteer's province, prefecture and code (when it knows the name)."""
    if not name:
        return Place(None, province=province, source=source)
    prov, city, county, code = _gazetteer(((province or "") + name) if province and province not in name else name)
    level = next((lv for lv, rx in _LEVEL if rx.search(name)), None)
    if prov and (prov == name or name.startswith(prov[:2]) and name.endswith(("省", "自治区"))):
        level = "province"
    if level == "county" and name.endswith("市"):
        level = "county"
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
