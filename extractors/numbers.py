"""Parsing the numbers written in reports into exact `decimal.Decimal` values.

Decimal, not float: 16.4亿 must be 1640000000 exactly, and a table of money
figures should add up. Handles Arabic numerals with separators, full-width
forms, Chinese numerals (两, 十二, 一百零五, 三千二百万, 二〇一七), mixed forms
(3.2万), fractions (1/3, 三分之一) and the bare magnitudes of 百余/近百.
"""
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Optional

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2, "三": 3,
          "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
          "八": 8, "捌": 8, "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10 ** 4, "萬": 10 ** 4, "亿": 10 ** 8, "億": 10 ** 8, "万亿": 10 ** 12}
ZH_NUM_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "万萬亿億"

_ARABIC_RE = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_FRACTION_RE = re.compile(r"^(\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)$")
_MIXED_RE = re.compile(r"^([+-]?[\d.,]+)(万亿|[万萬亿億千百十])$")


class NumberError(ValueError):
    pass


def normalise_chars(text: str) -> str:
    """Full-width digits and punctuation to ASCII; the Chinese comma in 1，600 too."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("，", ",").replace("．", ".").replace("。", ".") if re.search(r"\d", text) else text


def _zh_integer(text: str) -> int:
    """一百零五 -> 105, 三千二百万 -> 32000000, 十二 -> 12, 二〇一七 -> 2017."""
    if all(ch in DIGITS for ch in text):
        # digit-by-digit reading (二〇一七) or a single digit (两)
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    i = 0
    while i < len(text):
        ch = text[i]
        if text.startswith("万亿", i):
            section = (section + (digit or 0)) or 1
            total = (total + section) * 10 ** 12
            section, digit = 0, None
            i += 2
            continue
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        elif ch in BIG_UNITS:
            section += digit or 0
            if section == 0:
                section = 1
            total = (total + section) * BIG_UNITS[ch]
            section, digit = 0, None
        else:
            raise NumberError(f"not a Chinese numeral character: {ch!r} in {text!r}")
        i += 1
    return total + section + (digit or 0)


def parse_number(text: str) -> Decimal:
    """Parse a VALUE span's text into an exact Decimal.

    text (str): e.g. "2590", "1,600", "１２．５", "4.88", "两", "十二", "3.2万", "1/3", "三分之一".
    RETURNS (Decimal): the number. Raises NumberError when it is not a number.

    Example:
        >>> parse_number("16.4亿")
        Decimal('1640000000')
    """
    if not isinstance(text, str) or not text.strip():
        raise NumberError(f"empty number text: {text!r}")
    t = normalise_chars(text.strip()).replace(" ", "")
    if "分之" in t:
        den, num = t.split("分之", 1)
        n, d = parse_number(num), parse_number(den)
        if d == 0:
            raise NumberError(f"zero denominator in {text!r}")
        return n / d
    m = _FRACTION_RE.match(t)
    if m:
        d = Decimal(m.group(2))
        if d == 0:
            raise NumberError(f"zero denominator in {text!r}")
        return Decimal(m.group(1)) / d
    if _ARABIC_RE.match(t):
        return _exact(Decimal(t.replace(",", "")))
    m = _MIXED_RE.match(t)
    if m and _ARABIC_RE.match(m.group(1)):
        mult = BIG_UNITS.get(m.group(2)) or SMALL_UNITS[m.group(2)]
        return _exact(Decimal(m.group(1).replace(",", "")) * mult)
    if t and all(ch in ZH_NUM_CHARS for ch in t):
        return Decimal(_zh_integer(t))
    # Chinese integer with a decimal point: 三点五
    if "点" in t:
        a, b = t.split("点", 1)
        if a and b and all(ch in ZH_NUM_CHARS for ch in a) and all(ch in DIGITS for ch in b):
            return Decimal(f"{_zh_integer(a)}.{''.join(str(DIGITS[c]) for c in b)}")
    raise NumberError(f"cannot parse number {text!r}")


def _exact(d: Decimal) -> Decimal:
    """Drop a trailing exponent so that 16.4亿 prints as 1640000000, not 1.640E+9."""
    try:
        return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()
    except InvalidOperation:
        return d


def try_parse_number(text: str) -> Optional[Decimal]:
    try:
        return parse_number(text)
    except (NumberError, InvalidOperation, ValueError):
        return None
