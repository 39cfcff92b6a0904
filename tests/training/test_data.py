"""Training data: overlapping exports replace the older records instead of training twice."""
import copy
import json

from zh_indicators.corpus.annotate import annotation_path, load_records
from zh_indicators.corpus.interop import to_doccano, to_labelstudio
from zh_indicators.training.data import data_hash, load_data


def _corpus_file(tmp_path):
    recs = load_records(annotation_path("zhangjiagang-2018"))
    p = tmp_path / "corpus" / "zhangjiagang-2018.jsonl"
    p.parent.mkdir()
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return recs, p


def test_overlapping_labelstudio_export_replaces_older_records(tmp_path):
    recs, corpus = _corpus_file(tmp_path)
    newer = copy.deepcopy([r for r in recs if r["entities"]][:3])
    for r in newer:
        r["review"] = "pre"  # marks the newer version
    export = tmp_path / "export.json"
    export.write_text(json.dumps(to_labelstudio(newer), ensure_ascii=False, indent=2), encoding="utf-8")
    messages = []
    out = load_data([corpus, export], log=messages.append)
    assert len(out) == len(recs)
    keys = [(r["report"], r["paragraph"]) for r in out]
    assert len(set(keys)) == len(keys)
    by = {(r["report"], r["paragraph"]): r for r in out}
    assert all(by[(r["report"], r["paragraph"])]["review"] == "pre" for r in newer)
    assert messages == [f"3 earlier record(s) of the same paragraph replaced by newer ones (same report and "
                        f"paragraph, or the same text in a later data path): {export}: 3"]


def test_export_without_corpus_metadata_matches_by_text(tmp_path):
    recs, corpus = _corpus_file(tmp_path)
    long = [r for r in recs if len(r["text"]) >= 20 and r["entities"]][:2]
    lines = to_doccano(long)
    for d in lines:  # a fresh doccano project: text and labels only
        for k in ("report", "paragraph", "start", "end", "review"):
            del d[k]
    export = tmp_path / "fresh.jsonl"
    export.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in lines), encoding="utf-8")
    messages = []
    out = load_data([corpus, export], log=messages.append)
    assert len(out) == len(recs)
    assert [r["text"] for r in out].count(long[0]["text"]) == 1
    assert [r["report"] for r in out if r["text"] == long[0]["text"]] == ["fresh"]
    assert messages and messages[0].startswith("2 earlier record(s)")


def test_short_recurring_lines_and_the_corpus_alone_are_kept(tmp_path, capsys):
    # 各位代表: and headings recur in every report: never matched by text alone
    out = load_data(["corpus/annotations"])
    assert "replaced" not in capsys.readouterr().err
    assert sum(r["text"] == "各位代表:" for r in out) > 1
    recs, corpus = _corpus_file(tmp_path)
    short = {"report": "mine-2023", "paragraph": 0, "start": 0, "end": 5, "text": "各位代表:", "entities": [],
             "relations": [], "attributes": {}, "review": "gold"}
    mine = tmp_path / "mine.jsonl"
    mine.write_text(json.dumps(short, ensure_ascii=False) + "\n", encoding="utf-8")
    assert len(load_data([corpus, mine])) == len(recs) + 1
    assert "replaced" not in capsys.readouterr().err


def test_same_export_twice_trains_once(tmp_path, capsys):
    recs, corpus = _corpus_file(tmp_path)
    once = load_data([corpus])
    assert data_hash(load_data([corpus, corpus])) == data_hash(once)
    assert f"{len(recs)} earlier record(s)" in capsys.readouterr().err
