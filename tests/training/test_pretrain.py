"""Pretraining writes a local checkpoint that a config can point at; nothing is downloaded."""
import json

import spacy

from zh_indicators.corpus.annotate import annotation_path, load_records
from zh_indicators.training.pretrain import pretrain
from zh_indicators.training.train import train


def test_pretrain_then_finetune_from_local_checkpoint(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    texts = tmp_path / "texts"
    texts.mkdir()
    recs = [r for r in load_records(annotation_path("zhonglou-2020")) if r["entities"]][:4]
    (texts / "a.txt").write_text("\n".join(r["text"] for r in recs), encoding="utf-8")
    ckpt = tmp_path / "ckpt"
    meta = pretrain(texts, "configs/tiny.cfg", ckpt, epochs=3, log=lambda r: None)
    assert meta["history"][-1]["mlm_loss"] < meta["history"][0]["mlm_loss"]
    assert (ckpt / "config.json").exists() and (ckpt / "vocab.json").exists()
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    out = tmp_path / "model"
    train("configs/tiny.cfg", [data], out, progress=False,
          overrides=[f'model.pretrained="{ckpt}"', "training.max_epochs=3"])
    # the saved model does not need the checkpoint folder any more
    import shutil

    shutil.rmtree(ckpt)
    nlp = spacy.load(out, config={"components": {"zh_indicators_tagger": {"use_traced": False}}})
    assert nlp(recs[0]["text"]).text == recs[0]["text"]
