"""`zh-indicators extract` and `show` over files and folders, good and bad."""
import codecs
import re
import json

import pandas as pd
import pytest

from zh_indicators.corpus.reports import RAW_DIR
from zh_indicators.cli import main

TEXT = "2017年工作回顾\n预计全年实现地区生产总值2590亿元、增长7.3%;公共财政预算收入210亿元、增长10.5%。"


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "reports"
    d.mkdir()
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    (d / "gbk.txt").write_bytes(TEXT.encode("gb18030"))
    (d / "u16.txt").write_bytes(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))
    (d / "empty.txt").write_bytes(b"")
    (d / "broken.txt").symlink_to(d / "missing-target.txt")
    return d


def test_extract_folder_processes_good_files_and_reports_bad(folder, tmp_path, capsys):
    out = tmp_path / "facts.csv"
    rc = main(["extract", str(folder), "--format", "csv", "--output", str(out)])
    err = capsys.readouterr().err
    assert rc == 1
    assert "empty.txt: file is empty" in err and "broken.txt" in err
    df = pd.read_csv(out)
    assert sorted(set(df["file"].map(lambda p: p.rsplit("/", 1)[-1]))) == ["a.txt", "gbk.txt", "u16.txt"]
    assert len(df) == 12
    row = df[(df["file"].str.endswith("a.txt")) & (df["value_text"] == 2590)].iloc[0]
    assert (row["indicator"], row["value"], row["unit_canonical"], row["period"], row["status"]) == (
        "地区生产总值", 259000000000, "CNY", 2017, "estimate")


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_extract_formats(folder, tmp_path, fmt):
    out = tmp_path / f"facts.{fmt}"
    main(["extract", str(folder / "a.txt"), "--format", fmt, "--output", str(out)])
    if fmt == "jsonl":
        rows = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    else:
        rows = pd.read_parquet(out).to_dict("records")
    assert len(rows) == 4 and rows[0]["indicator"] == "地区生产总值"


def test_extract_clean_offsets_point_into_raw(tmp_path):
    out = tmp_path / "k.jsonl"
    assert main(["extract", str(RAW_DIR / "yizheng-2024.txt"), "--clean", "--format", "jsonl", "--output", str(out)]) == 0
    raw = (RAW_DIR / "yizheng-2024.txt").read_text(encoding="utf-8")
    rows = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 100
    for r in rows[:50]:
        assert r["value_text"][0] == raw[r["start"]] or r["value_text"][0] in "两一二三四五六七八九十百千"


def test_extract_cleans_by_default_and_no_clean_reads_the_text_as_is(tmp_path):
    # 實現(xiàn)地區(qū)生產總值: the glosses split the name unless the text is cleaned first
    src = tmp_path / "r.txt"
    src.write_text("2023年全市實現(xiàn)地區(qū)生產總值1050億元,增長5.5%。\n", encoding="utf-8")
    rows = {}
    for flag in ([], ["--no-clean"]):
        out = tmp_path / f"o{len(flag)}.jsonl"
        assert main(["extract", str(src), *flag, "--format", "jsonl", "--output", str(out)]) == 0
        rows[bool(flag)] = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    cleaned = [r for r in rows[False] if r["value_text"] == "1050"][0]
    assert cleaned["indicator"] == "地区生产总值" and cleaned["indicator_id"] == "gdp"
    raw = src.read_text(encoding="utf-8")
    assert raw[cleaned["start"]:cleaned["end"]] == "1050"  # offsets into the file as given
    assert raw[cleaned["indicator_start"]:cleaned["indicator_end"]] == "地區(qū)生產總值"
    assert all("(" not in (r["indicator"] or "") for r in rows[False])
    assert not any(r["indicator"] == "地区生产总值" for r in rows[True])


def test_extract_corpus_raw_one_table(tmp_path):
    out = tmp_path / "all.csv"
    assert main(["extract", str(RAW_DIR), "--clean", "--format", "csv", "--output", str(out)]) == 0
    df = pd.read_csv(out)
    assert df["file"].nunique() == 5
    assert set(df["place"]) >= {"张家港市", "仪征市"}


def test_show_writes_html(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["show", str(src), "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "地区生产总值" in page and "has_value" in page and "<table>" in page


def test_a_december_report_given_the_year_it_plans_for_gets_no_warning(tmp_path, capsys):
    f = tmp_path / "dec.txt"
    f.write_text("——2020年12月22日在某县第十届人民代表大会第五次会议上\n"
                 "一年来,全县地区生产总值增长4%。", encoding="utf-8")
    for year, warned in (("2021", False), ("2022", True)):
        assert main(["extract", str(f), "--report-year", year, "--output", str(tmp_path / f"{year}.csv")]) == 0
        assert ("report year %s given" % year in capsys.readouterr().err) == warned
    assert pd.read_csv(tmp_path / "2021.csv").iloc[0]["period"] == 2020


def test_extract_reads_per_file_metadata_and_warns_on_a_contradicting_year(tmp_path, capsys):
    d = tmp_path / "mine"
    d.mkdir()
    (d / "x.txt").write_text("——2019年1月8日在某县第十六届人民代表大会第三次会议上\n"
                             "过去一年,全县地区生产总值增长6.5%。", encoding="utf-8")
    meta = tmp_path / "meta.tsv"
    meta.write_text("file\tplace\treport_year\tprovince\tlevel\nx.txt\t某县\t2020\t河南\tcounty\n", encoding="utf-8")
    out = tmp_path / "facts.csv"
    assert main(["extract", str(d), "--metadata", str(meta), "--output", str(out)]) == 0
    assert "x.txt: report year 2020 given, but the text's meeting line says 2019" in capsys.readouterr().err
    row = pd.read_csv(out).iloc[0]
    assert (row["place"], row["province"], row["level"], row["report_year"], row["report_year_source"]) == (
        "某县", "河南", "county", 2020, "given")


def test_extract_metadata_errors_name_file_and_line(tmp_path, capsys):
    meta = tmp_path / "meta.csv"
    meta.write_text("file,place,report_year\na.txt,甲,20x9\n", encoding="utf-8")
    rc = main(["extract", str(tmp_path), "--metadata", str(meta)])
    assert rc != 0
    assert f"{meta}:2:" in capsys.readouterr().err


# refusals before any work, skipped files, option names in messages ---------------------

@pytest.fixture
def no_model(monkeypatch):
    """Fails the test if the command loads the model."""
    import zh_indicators.extractors.pipeline as pipeline

    def boom(*a, **k):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(pipeline, "load", boom)


def test_parquet_to_stdout_is_refused_before_any_work(folder, capsys, no_model):
    assert main(["extract", str(folder), "--format", "parquet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --format parquet needs --output FILE")


def test_no_input_file_exits_nonzero_with_a_message(tmp_path, capsys, no_model):
    d = tmp_path / "pdfs"
    d.mkdir()
    (d / "report.pdf").write_bytes(b"%PDF-1.4")
    (d / ".DS_Store").write_bytes(b"\x00\x01")
    assert main(["extract", str(d)]) == 2
    err = capsys.readouterr().err
    assert f"error: no input file found in {d} (2 entries skipped)" in err and "--verbose lists" in err
    (tmp_path / "empty").mkdir()
    assert main(["extract", str(tmp_path / "empty")]) == 2
    assert "no input file found" in capsys.readouterr().err


def test_verbose_lists_skipped_files(tmp_path, capsys):
    d = tmp_path / "r"
    (d / ".git").mkdir(parents=True)
    (d / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (d / "sub").mkdir()
    (d / "sub" / "a.txt").write_text(TEXT, encoding="utf-8")
    (d / "scan.pdf").write_bytes(b"%PDF")
    (d / ".DS_Store").write_bytes(b"\x00")
    out = tmp_path / "f.csv"
    assert main(["extract", str(d), "--output", str(out), "--verbose"]) == 0
    err = capsys.readouterr().err
    assert f"skipped: {d / '.DS_Store'}: hidden file" in err
    assert f"skipped: {d / '.git'}: hidden folder" in err and "HEAD" not in err
    assert f"skipped: {d / 'scan.pdf'}: extension .pdf (reads .txt, .md and files without one)" in err
    assert "4 facts from 1 file(s); 0 failed" in err
    assert main(["extract", str(d), "--output", str(out)]) == 0
    assert "3 skipped in the folders (--verbose lists them)" in capsys.readouterr().err


def test_output_file_gets_ordinary_permissions(folder, tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        out = tmp_path / "facts.csv"
        main(["extract", str(folder / "a.txt"), "--output", str(out)])
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
    finally:
        os.umask(old)


def test_report_year_errors_name_the_option(capsys):
    with pytest.raises(SystemExit) as e:
        main(["extract", "x.txt", "--report-year", "3000"])
    assert e.value.code == 2
    assert "argument --report-year: '3000' is not a year (allowed: 1949-2100)" in capsys.readouterr().err
    from zh_indicators.corpus.errors import InputError
    from zh_indicators.extractors.fact_pipe import check_report_year

    with pytest.raises(InputError, match=r"--report-year; report_year in Python"):
        check_report_year(3000)


def test_evaluate_shows_na_for_a_label_with_nothing_to_score(tmp_path, capsys):
    rec = {"report": "x-2020", "paragraph": 0, "start": 0, "end": 19, "text": "地区生产总值增长7.3%,达2590亿元",
           "entities": [{"id": "I1", "label": "INDICATOR", "start": 0, "end": 6, "text": "地区生产总值"},
                        {"id": "V1", "label": "VALUE", "start": 8, "end": 11, "text": "7.3"},
                        {"id": "U1", "label": "UNIT", "start": 11, "end": 12, "text": "%"},
                        {"id": "V2", "label": "VALUE", "start": 14, "end": 18, "text": "2590"},
                        {"id": "U2", "label": "UNIT", "start": 18, "end": 20, "text": "亿元"}],
           "relations": [{"head": "I1", "type": "has_value", "tail": "V1"}, {"head": "V1", "type": "has_unit", "tail": "U1"},
                         {"head": "I1", "type": "has_value", "tail": "V2"}, {"head": "V2", "type": "has_unit", "tail": "U2"}],
           "attributes": {"V1": {"period": None, "status": "actual", "kind": "change", "direction": "up"},
                          "V2": {"period": None, "status": "actual", "kind": "level", "direction": None}},
           "review": "gold"}
    rec["end"] = len(rec["text"])
    p = tmp_path / "gold.jsonl"
    p.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "scores.json"
    from zh_indicators.extractors.pipeline import MODEL_DIR

    assert main(["evaluate", str(MODEL_DIR), "--data", str(p), "--output", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(" YEAR n/a " in l for l in lines), lines
    assert all(" VALUE 1.000 " in l for l in lines), lines
    assert json.loads(out.read_text(encoding="utf-8"))["model"]["entities"]["YEAR"]["tp"] == 0



def test_run_prints_a_summary_then_rows_with_place_and_year(capsys):
    assert main(["run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert re.match(r"zhangjiagang-2018\.txt: \d+ facts, \d+ complete \(indicator, value and unit\)", out[0])
    assert out[1] == "  place: 张家港市; report year 2018 (given)"
    assert out[2].startswith("  years (period): 2017 (")
    header = next(l for l in out if l.split()[:3] == ["place", "period", "indicator"])
    first = out[out.index(header) + 1].split()
    assert first[:4] == ["张家港市", "2017", "地区生产总值", "2590"]


def test_extract_reads_the_place_from_the_text_with_its_code(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "r.txt").write_text("——2023年2月8日在太原市晋源区第六届\n人民代表大会第四次会议上\n"
                             "过去一年,全区地区生产总值增长6.5%。", encoding="utf-8")
    out = tmp_path / "facts.csv"
    assert main(["extract", str(d), "--output", str(out), "--report-year", "2023"]) == 0
    row = pd.read_csv(out, dtype={"adcode": str}).iloc[0]
    assert (row["place"], row["prefecture"], row["level"], row["adcode"], row["place_source"]) == (
        "晋源区", "太原市", "district", "140110", "meeting line")


def test_facts_frame_carries_the_place_of_each_doc():
    from zh_indicators import extractors

    nlp = extractors.load()
    docs = [nlp("——2019年1月8日在苏州市吴江区第十六届人民代表大会第三次会议上\n过去一年,全区地区生产总值增长6.5%。"),
            nlp("全县地区生产总值增长6.5%。")]
    df = extractors.facts_frame(docs)
    assert df.loc[df["doc"] == 0, "place"].iloc[0] == "吴江区"
    assert df.loc[df["doc"] == 0, "province"].iloc[0] == "江苏省"
    assert df.loc[df["doc"] == 1, "place"].isna().all()


def test_extract_place_option_wins_and_keeps_the_corpus_report_year(tmp_path):
    out = tmp_path / "facts.csv"
    assert main(["extract", str(RAW_DIR / "zhonglou-2020.txt"), "--clean", "--place", "吴江区",
                 "--output", str(out)]) == 0
    rows = pd.read_csv(out, dtype={"adcode": str})
    assert set(rows["place"]) == {"吴江区"} and set(rows["prefecture"]) == {"苏州市"}
    assert set(rows["place_source"]) == {"metadata"} and set(rows["adcode"]) == {"320509"}
    assert set(rows["report_year"]) == {2020}
