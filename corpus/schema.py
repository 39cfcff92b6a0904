"""The annotation scheme as data: labels, relation types, attribute values.

`../shared/annotation-scheme.md` (v1.1) is the contract; corpus/GUIDELINES.md
elaborates it. Everything that checks or converts annotations reads these constants.
"""
import re
from typing import List

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

# the argument role of the non-VALUE end of each relation (facts group by it)
ARGUMENT = {"has_value": "indicator", "has_unit": "unit", "in_year": "year"}


def value_end(head, rtype: str, tail):
    """(the VALUE end, the other end) of a relation: a VALUE is the tail of has_value, else the head."""
    return (tail, head) if RELATIONS[rtype][1] == "VALUE" else (head, tail)


def relation_ends(value, rtype: str, other):
    """(head, tail) of a relation of `rtype` between a VALUE and its argument; the inverse of value_end."""
    return (other, value) if RELATIONS[rtype][1] == "VALUE" else (value, other)


STATUS = ("actual", "estimate", "target")
KIND = ("level", "change", "share")
DIRECTION = ("up", "down", None)
REVIEW = ("pre", "gold")

# BIO tags per character: the model's output table and the IOB2 strings seqeval reads.
TAGS = ["O"] + [f"{p}-{l}" for l in LABELS for p in ("B", "I")]
TAG_ID = {t: i for i, t in enumerate(TAGS)}


def span_tags(length: int, spans) -> List[str]:
    """IOB2 tag strings of (start, end, label) character spans, e.g. for seqeval."""
    tags = ["O"] * length
    for s, e, label in sorted(spans):
        tags[s] = f"B-{label}"
        for i in range(s + 1, e):
            tags[i] = f"I-{label}"
    return tags


def span_tag_ids(length: int, spans):
    """The same tags as ids into TAGS (model inputs and targets)."""
    import numpy as np

    ids = np.zeros(length, dtype=np.int64)
    for s, e, label in spans:
        ids[s] = TAG_ID["B-" + label]
        ids[s + 1:e] = TAG_ID["I-" + label]
    return ids


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
