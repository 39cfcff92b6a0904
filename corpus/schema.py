"""The annotation scheme as data: labels, relation types, attribute values.

`../shared/annotation-scheme.md` (v1.1) is the contract; corpus/GUIDELINES.md
elaborates it. Everything that checks or converts annotations reads these constants.
"""
import re

SCHEME_VERSION = "1.1"

LABELS = ("INDICATOR", "VALUE", "UNIT", "YEAR")
ID_PREFIX = {"INDICATOR": "I", "VALUE": "V", "UNIT": "U", "YEAR": "Y"}
PREFIX_LABEL = {v: k for k, v in ID_PREFIX.items()}

# relation type -> (head label, tail label)
RELATIONS = {
    "has_value": ("INDICATOR", "VALUE"),
    "has_unit": ("VALUE", "UNIT"),
    "in_year": ("VALUE", "YEAR"),
}

STATUS = ("actual", "estimate", "target")
KIND = ("level", "change", "share")
DIRECTION = ("up", "down", None)
REVIEW = ("pre", "gold")

PERIOD_RE = re.compile(r"^(19|20)\d\d(-(19|20)\d\d)?$")


def valid_period(p) -> bool:
    if p is None:
        return True
    if not isinstance(p, str) or not PERIOD_RE.match(p):
        return False
    if "-" in p:
        a, b = p.split("-")
        return int(a) < int(b)
    return True
