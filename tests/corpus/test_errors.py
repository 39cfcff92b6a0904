"""The error catalogue: every message carries its own code, once, where a reader sees it."""
import re

import pytest

from zh_indicators.corpus.errors import Errors, InputError
from zh_indicators.corpus.io import read_text

CODES = {k: v for k, v in vars(Errors).items() if re.fullmatch(r"E\d{3}", k)}


@pytest.mark.parametrize("code", sorted(CODES))
def test_message_carries_its_code(code):
    msg = CODES[code]
    assert msg.endswith(f" [{code}]")
    assert len(re.findall(r"\[E\d{3}\]", msg)) == 1


def test_errors_are_matched_by_code(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.txt: file is empty .*\[E001\]$"):
        read_text(empty)
