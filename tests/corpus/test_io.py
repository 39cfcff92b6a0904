import codecs

import pytest

from zh_indicators.corpus.errors import InputError
from zh_indicators.corpus.io import read_text, write_atomic
from zh_indicators.cli import main


def test_read_text_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.txt: file is empty"):
        read_text(p)


def test_read_text_not_utf8(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes("地区生产总值2590亿元".encode("gb18030"))
    with pytest.raises(InputError, match=r"gbk\.txt: file is not valid UTF-8"):
        read_text(p)
    assert read_text(p, encoding="auto") == "地区生产总值2590亿元"


def test_read_text_binary(tmp_path):
    p = tmp_path / "blob.bin"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match=r"blob\.bin: file looks binary"):
        read_text(p)


def test_read_text_utf16_bom(tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes(codecs.BOM_UTF16_LE + "增长7.3%".encode("utf-16-le"))
    assert read_text(p) == "增长7.3%"


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00\xd8", b"\x00\x01\x02"])
def test_cli_clean_bad_input_writes_nothing(tmp_path, capsys, content):
    src = tmp_path / "bad.txt"
    src.write_bytes(content)
    out = tmp_path / "out.txt"
    assert main(["corpus", "clean", str(src), "--output", str(out)]) == 2
    assert "bad.txt" in capsys.readouterr().err
    assert not out.exists()


def test_write_atomic_keeps_old_file_on_failure(tmp_path):
    p = tmp_path / "a.txt"
    write_atomic(p, "old")

    class Boom(str):
        def encode(self, *a):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_atomic(p, Boom("new"))
    assert p.read_text() == "old"
    assert [x.name for x in tmp_path.iterdir()] == ["a.txt"]
