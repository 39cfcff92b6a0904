"""The province benchmark's kept fold pipelines: kept, loaded, refused for other data."""
import pytest

from zh_indicators.corpus.errors import ModelError


def test_a_fold_pipeline_is_kept_then_loaded_and_refused_for_other_data(tmp_path):
    from zh_indicators.corpus.reports import ANNOTATIONS_DIR
    from zh_indicators.evaluation.provinces import fold_pipeline
    from zh_indicators.training.config import load_config
    from zh_indicators.training.data import load_data

    cfg = load_config("configs/tiny.cfg", ["training.max_epochs=1"])
    recs = [r for r in load_data([ANNOTATIONS_DIR]) if r["report"] == "zhonglou-2020"]
    nlp, how = fold_pipeline(cfg, recs, "F9", str(tmp_path))
    assert how == {"source": "trained"} and (tmp_path / "F9" / "meta.json").exists()
    # a head kept from older code that this code cannot load (E203) is simply replaced
    import json

    spec_path = tmp_path / "F9" / "zh_indicators_facts" / "attributes.json"
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    spec["n_features"] += 1
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    again, how = fold_pipeline(cfg, recs, "F9", str(tmp_path), refit_attributes=True)
    assert how["source"] == "kept" and how["attribute_head"] == "refit at this commit"
    text = "全年实现地区生产总值1050亿元,增长5.5%。"
    assert [e.text for e in again(text).ents] == [e.text for e in nlp(text).ents]
    with pytest.raises(ModelError, match=r"F9: this fold's kept pipeline was trained on other data.*\[E211\]"):
        fold_pipeline(cfg, recs[:-1], "F9", str(tmp_path))
