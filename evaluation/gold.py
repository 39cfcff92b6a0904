"""Gold facts from annotation records, keyed the way predicted facts are."""
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

from zh_indicators.extractors.numbers import try_parse_number
from zh_indicators.extractors.units import canonical_unit


def value_key(v: Optional[Decimal]) -> Optional[float]:
    """Values equal within ~1e-9 relative compare equal."""
    return None if v is None else float(f"{float(v):.9g}")


def fact_key(indicator: str, value, unit_canonical, period, status, kind, direction) -> Tuple:
    return (indicator, value_key(value), unit_canonical, period, status, kind, direction)


def gold_facts(rec: Dict) -> List[Tuple]:
    """Complete facts (with an indicator) of one record, as keys."""
    by = {e["id"]: e for e in rec["entities"]}
    out = []
    for e in rec["entities"]:
        if e["label"] != "VALUE":
            continue
        a = rec["attributes"].get(e["id"], {})
        unit = next((by[r["tail"]]["text"] for r in rec["relations"]
                     if r["type"] == "has_unit" and r["head"] == e["id"]), None)
        cu = canonical_unit(unit)
        num = try_parse_number(e["text"])
        value = None if num is None else num * (cu.scale if cu else 1)
        if value is not None and a.get("kind") == "change" and a.get("direction") == "down":
            value = -value
        for r in rec["relations"]:
            if r["type"] == "has_value" and r["tail"] == e["id"]:
                out.append(fact_key(by[r["head"]]["text"], value, cu.unit if cu else None, a.get("period"),
                                    a.get("status"), a.get("kind"), a.get("direction")))
    return out
