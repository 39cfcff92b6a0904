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


# legacy encodings: Big5 is read as Big5, never as GB18030 mojibake ----------------------

REPORT = ("今年政府工作的总体思路是:以习近平新时代中国特色社会主义思想为指导,全面贯彻党的十九大精神,"
          "坚持稳中求进工作总基调,预计全年实现地区生产总值2590亿元、增长7.3%,一般公共预算收入210亿元。")
TRADITIONAL = ("今年政府工作的總體思路是:以習近平新時代中國特色社會主義思想為指導,全面貫徹黨的十九大精神,"
               "堅持穩中求進工作總基調,預計全年實現地區生產總值2590億元、增長7.3%,一般公共預算收入210億元。")


def test_big5_file_is_detected(tmp_path):
    p = tmp_path / "big5.txt"
    p.write_bytes(TRADITIONAL.encode("big5"))
    assert TRADITIONAL.encode("big5").decode("gb18030")  # the bytes do decode as GB18030 (mojibake)
    assert read_text(p, encoding="auto") == TRADITIONAL
    assert read_text(p, encoding="big5") == TRADITIONAL
    with pytest.raises(InputError, match=r"big5\.txt: file is not valid UTF-8"):
        read_text(p)


def test_big5_hkscs_file_is_detected(tmp_path):
    p = tmp_path / "hk.txt"
    text = "嘅" + TRADITIONAL
    p.write_bytes(text.encode("big5hkscs"))
    assert read_text(p, encoding="auto") == text


def test_gb18030_still_read_as_gb18030(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(REPORT.encode("gbk"))
    assert read_text(p, encoding="auto") == REPORT
    assert read_text(p, encoding="gb18030") == REPORT


def test_mojibake_either_way_is_refused(tmp_path):
    # Japanese Shift-JIS bytes decode as GB18030 only into nonsense
    p = tmp_path / "sjis.txt"
    p.write_bytes("今年の政府の仕事の全体的な考え方は、経済の安定成長と民生の改善を図ることです。地域総生産は2590億元、"
                  "7.3%の増加が見込まれます。".encode("shift_jis"))
    assert p.read_bytes().decode("gb18030")
    with pytest.raises(InputError, match=r"sjis\.txt: file reads as Chinese text in none of UTF-8, GB18030 and Big5 "
                                         r"\(UTF-8 fails at byte 0 \(invalid start byte\), GB18030 gives 0% common "
                                         r"characters, Big5 does not decode; report text has about 60%\)"):
        read_text(p, encoding="auto")
    # UTF-8 with a stray byte that neither legacy codec reads
    q = tmp_path / "broken.txt"
    q.write_bytes(REPORT.encode("utf-8")[:-3] + b"\xff" + REPORT.encode("utf-8"))
    with pytest.raises(InputError, match=r"broken\.txt: .*GB18030 and Big5 do not decode.*"
                                         r"--encoding gb18030 or --encoding big5"):
        read_text(q, encoding="auto")


def test_forced_codec_that_does_not_fit(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(REPORT.encode("gb18030"))
    with pytest.raises(InputError, match=r"gbk\.txt: file is not valid big5 text \(byte \d+"):
        read_text(p, encoding="big5")


def test_extract_reads_big5(tmp_path):
    import pandas as pd

    p = tmp_path / "big5.txt"
    p.write_bytes(("2017年工作回顧\n" + TRADITIONAL).encode("big5"))
    out = tmp_path / "f.csv"
    assert main(["extract", str(p), "--output", str(out)]) == 0
    df = pd.read_csv(out)
    # cleaned on the way in: the table's names are simplified, its offsets point into the file
    assert "地区生产总值" in set(df["indicator"]) and 259000000000 in set(df["value"])


# written files get ordinary permissions -------------------------------------------------

def test_write_atomic_mode_follows_umask_and_existing_file(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        p = tmp_path / "new.csv"
        write_atomic(p, "a")
        assert stat.S_IMODE(p.stat().st_mode) == 0o644
        os.umask(0o077)
        write_atomic(tmp_path / "private.csv", "a")
        assert stat.S_IMODE((tmp_path / "private.csv").stat().st_mode) == 0o600
        os.chmod(p, 0o640)
        write_atomic(p, "b")  # replacing a file keeps its mode
        assert stat.S_IMODE(p.stat().st_mode) == 0o640 and p.read_text() == "b"
    finally:
        os.umask(old)
