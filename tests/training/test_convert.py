import spacy

from zh_indicators.corpus.annotate import annotation_path, load_records
from zh_indicators.training.convert import iob2_tags, to_dataset_dict, to_docbin


def test_dataset_dict_splits_by_city():
    recs = load_records(annotation_path("zhonglou-2020")) + load_records(annotation_path("wujiang-2019"))
    dd = to_dataset_dict(recs)
    assert sorted(dd) == ["wujiang", "zhonglou"]
    assert dd["zhonglou"].num_rows == 28
    row = dd["zhonglou"][1]
    assert len(row["chars"]) == len(row["tags"]) == len(row["text"])


def test_iob2_and_docbin_agree():
    recs = [r for r in load_records(annotation_path("zhonglou-2020")) if r["entities"]][:3]
    db = to_docbin(recs)
    docs = list(db.get_docs(spacy.blank("zh").vocab))
    for r, d in zip(recs, docs):
        tags = iob2_tags(r)
        assert sorted((e.start_char, e.end_char, e.label_) for e in d.ents) == \
            sorted((e["start"], e["end"], e["label"]) for e in r["entities"])
        assert tags.count("O") == len(r["text"]) - sum(e["end"] - e["start"] for e in r["entities"])
        assert len(d.user_data["relations"]) == len(r["relations"])
