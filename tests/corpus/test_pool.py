import json

import pytest

from zh_indicators.corpus.annotate import load_records, markup_to_records, write_records
from zh_indicators.corpus.errors import InputError
from zh_indicators.corpus.pool import load_sources, pool_available, pool_ids
from zh_indicators.corpus.reports import doc_groups, load_report
from zh_indicators.corpus.store import PoolAbsent, hydrate
from zh_indicators.corpus.validate import validate_paths
from tests.conftest import requires_pool

HEADER = "file\turl\tplace\tprovince\tlevel\treport_year_guess\tstyle\tnotes\n"


@pytest.fixture()
def mini_pool(tmp_path, monkeypatch):
    """A made-up two-file pool in a temporary folder, found through the env variable."""
    folder = tmp_path / "pool"
    folder.mkdir()
    (folder / "SOURCES.tsv").write_text(
        HEADER + "t901.txt\thttp://x\t某市\t山东\tcity\t2020\treport\tmade up\n"
                 "t902.txt\thttp://y\t某县\t河南\tcounty\t2019\tnews\tmade up\n", encoding="utf-8")
    (folder / "t901.txt").write_text("2019年工作回顾F9f\n全市地区生产总值 100 亿元,增长5%。F9f\n其中F9f\n", encoding="utf-8")
    (folder / "t902.txt").write_text("报告显示,去年全县完成投资20亿元。\n", encoding="utf-8")
    monkeypatch.setenv("ZH_INDICATORS_POOL", str(folder))
    return folder


MARKUP = ("### p=0 review=pre\n[2019年]{Y1}工作回顾\n### p=1 review=pre\n全市[地区生产总值]{I1}"
          "[100]{V1 ind=I1 unit=U1 p=2019 s=actual k=level}[亿元]{U1},增长[5]{V2 ind=I1 unit=U2 p=2019 "
          "s=actual k=change d=up}[%]{U2}。\n")


def test_pool_documents_load_clean_with_groups(mini_pool):
    assert pool_available()
    assert pool_ids() == ["pool-t901", "pool-t902"]
    rep = load_report("pool-t901")
    assert rep.text.split("\n")[1] == "全市地区生产总值100亿元,增长5%。"
    assert doc_groups("pool-t902") == {"place": "某县", "province": "河南", "level": "county", "style": "news"}


def test_pool_records_are_stored_without_text_and_read_back(mini_pool, tmp_path):
    recs = markup_to_records("pool-t901", MARKUP)
    path = tmp_path / "ann" / "pool-t901.jsonl"
    write_records(path, recs)
    stored = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()]
    assert all("text" not in r and r["source_file"] == "t901.txt" and len(r["text_sha256"]) == 64 for r in stored)
    assert "全市地区生产总值100亿元" not in path.read_text(encoding="utf-8")
    back = load_records(path)
    assert [r["text"] for r in back] == [r["text"] for r in recs]
    assert validate_paths([path]) == []


def test_pool_record_refused_when_the_clean_text_changed(mini_pool, tmp_path):
    rec = {k: v for k, v in markup_to_records("pool-t901", MARKUP)[1].items() if k != "text"}
    rec["text_sha256"] = "0" * 64
    with pytest.raises(InputError, match="t901.txt.*differs"):
        hydrate(rec, where="x.jsonl:2")


def test_pool_records_skip_cleanly_without_the_pool(tmp_path, monkeypatch):
    monkeypatch.setenv("ZH_INDICATORS_POOL", str(tmp_path / "absent"))
    rec = {"report": "pool-t903", "paragraph": 0, "start": 0, "end": 4, "entities": [], "relations": [],
           "attributes": {}, "review": "gold", "source_file": "t903.txt", "text_sha256": "0" * 64}
    path = tmp_path / "pool-t903.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    with pytest.raises(PoolAbsent):
        hydrate(rec)
    assert load_records(path) == []
    assert validate_paths([path]) == []


@requires_pool
def test_every_pool_file_cleans_with_no_gloss_token_or_entity_left():
    import re

    for doc in pool_ids():
        text = load_report(doc).text
        assert not re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+ ?\)", text), doc
        assert not re.search(r"&(ldquo|rdquo|nbsp|amp|quot);", text), doc
    assert len(load_sources()) == 197
