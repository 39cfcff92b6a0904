"""Training: overfitting, determinism, config contract, bad data."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from zh_indicators.corpus.annotate import annotation_path, load_records
from zh_indicators.corpus.errors import AnnotationError, InputError, ModelError
from zh_indicators.training.config import load_config, resolve
from zh_indicators.training.train import fit, train
from zh_indicators.extractors.inference import Predictor

CONFIGS = sorted(Path("configs").glob("*.cfg"))


@pytest.fixture(scope="module")
def few():
    # five paragraphs with lists, shares, 其中 breakdowns and changes
    return [r for r in load_records(annotation_path("zhangjiagang-2018")) if r["paragraph"] in (9, 12, 13, 16, 19)]


@pytest.fixture(scope="module")
def few_file(few, tmp_path_factory):
    p = tmp_path_factory.mktemp("data") / "few.jsonl"
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in few), encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def tiny_model(few_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("m") / "model"
    meta = train("configs/tiny.cfg", [few_file], out, progress=False, overrides=["training.max_epochs=200"])
    return out, meta


def test_train_overfits_and_reloads_in_fresh_process(tiny_model, few):
    out, meta = tiny_model
    hist = meta["training"]["history"]
    assert hist[-1]["loss"] < hist[0]["loss"] / 5
    import spacy

    nlp = spacy.load(out)
    pred = {}
    for r in few:
        d = nlp(r["text"])
        pred[r["text"]] = sorted((e.start_char, e.end_char, e.label_) for e in d.ents)
        assert pred[r["text"]] == sorted((e["start"], e["end"], e["label"]) for e in r["entities"])
        by = {e["id"]: (e["start"], e["end"]) for e in r["entities"]}
        gold_rels = sorted((by[x["head"]], x["type"], by[x["tail"]]) for x in r["relations"])
        assert sorted(((x.head.start_char, x.head.end_char), x.type, (x.tail.start_char, x.tail.end_char))
                      for x in d._.relations) == gold_rels
    code = ("import spacy,json,sys;nlp=spacy.load(sys.argv[1]);"
            "print(json.dumps([[(e.start_char,e.end_char,e.label_) for e in nlp(t).ents] for t in json.loads(sys.argv[2])]))")
    texts = [r["text"] for r in few]
    res = subprocess.run([sys.executable, "-c", code, str(out), json.dumps(texts)], capture_output=True, text=True,
                         check=True)
    assert [sorted(map(tuple, x)) for x in json.loads(res.stdout)] == [pred[t] for t in texts]


def test_shipped_config_says_how_the_model_was_trained(tiny_model, few, few_file, tmp_path):
    """config.cfg: the architecture as trained, the training settings as used, no spaCy
    default [training] block; it trains again as it is; nlp.evaluate uses the strict scorer."""
    out, _ = tiny_model
    from thinc.api import Config

    cfg = Config().from_disk(out / "config.cfg", interpolate=False)
    spec = json.loads((out / "zh_indicators_tagger" / "spec.json").read_text(encoding="utf-8"))
    assert "training" not in cfg and "corpora" not in cfg
    model = dict(cfg["components"]["zh_indicators_tagger"]["model"])
    assert model.pop("@architectures") == "zh_indicators.CharEncoder.v1" and model == spec
    tiny = load_config("configs/tiny.cfg", ["training.max_epochs=200"])
    assert dict(cfg["zh_indicators"]["training"]) == dict(tiny["training"])
    assert cfg["system"]["seed"] == 7
    again = load_config(out / "config.cfg", ["training.max_epochs=1"])
    spec2, settings, seed, _ = resolve(again)
    assert spec2.hidden_size == spec["hidden_size"] and settings.max_epochs == 1 and seed == 7
    train(out / "config.cfg", [few_file], tmp_path / "again", progress=False, overrides=["training.max_epochs=1"])

    import spacy
    from spacy.training import Example

    nlp = spacy.load(out)
    examples = []
    for r in few:
        ref = nlp.make_doc(r["text"])
        ref.ents = [ref.char_span(e["start"], e["end"], label=e["label"]) for e in r["entities"]]
        by = {e["id"]: (e["start"], e["end"]) for e in r["entities"]}
        ref._.relation_data = [[*by[x["head"]], x["type"], *by[x["tail"]], 1.0] for x in r["relations"]]
        examples.append(Example(nlp.make_doc(r["text"]), ref))
    scores = nlp.evaluate(examples)
    assert scores["ents_f"] == 1.0 and scores["rels_f"] == 1.0 and set(scores["ents_per_type"]) >= {"VALUE"}


def test_train_writes_meta(tiny_model):
    out, _ = tiny_model
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["training"]["seed"] == 7
    assert len(meta["training"]["data_hash"]) == 64
    assert {"torch", "spacy", "transformers"} <= set(meta["versions"])
    assert not any(p.name.startswith(".model.tmp") for p in out.parent.iterdir())


def test_train_is_deterministic(few):
    cfg = load_config("configs/tiny.cfg", ["training.max_epochs=8"])
    preds = []
    for _ in range(2):
        net, vocab, _, _ = fit(cfg, few, None, progress=False)
        p = Predictor(net, vocab).predict([r["text"] for r in few])
        preds.append([(x.entities, x.relations) for x in p])
    assert preds[0] == preds[1]


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_config_builds_and_runs_forward_backward(path, few):
    from zh_indicators.extractors.encoding import CharVocab
    from zh_indicators.extractors.model import IndicatorNet
    from zh_indicators.training.examples import records_examples
    from zh_indicators.training.loop import collate
    import numpy as np

    cfg = load_config(path)
    spec, settings, seed, threads = resolve(cfg)
    if spec.pretrained:
        pytest.skip(f"{path.name} needs a local checkpoint folder ({spec.pretrained}); see the config's comment")
    vocab = CharVocab.build([r["text"] for r in few])
    net = IndicatorNet(spec, len(vocab))
    ex = records_examples(few[:2], vocab, spec.window)
    ids, cls, mask, tags, pairs, gold, rt, lex = collate(ex, 0.0, np.random.default_rng(0))
    states = net.encode(ids, cls, mask, rt, lex)
    loss = torch.nn.functional.cross_entropy(net.tag_logits(states).reshape(-1, 9), tags.reshape(-1),
                                             ignore_index=-100) + net.pair_logits(states, pairs).sum()
    loss.backward()
    assert all(p.grad is not None for p in net.tag_head.parameters())


def test_pretrained_config_points_to_local_folder_only(tmp_path):
    from zh_indicators.extractors.model import IndicatorNet

    cfg = load_config("configs/pretrained.cfg", [f"model.pretrained=\"{tmp_path / 'missing'}\""])
    spec, *_ = resolve(cfg)
    with pytest.raises(OSError):
        IndicatorNet(spec, 10)


@pytest.mark.parametrize("mutate,error,match", [
    (lambda r: r["entities"][0].update(label="NUMBER"), AnnotationError, "unknown label"),
    (lambda r: r["entities"][1].update(start=r["entities"][0]["start"]), AnnotationError, "overlap|does not match"),
])
def test_train_refuses_bad_data_and_writes_nothing(few, tmp_path, mutate, error, match):
    rec = json.loads(json.dumps(next(r for r in few if len(r["entities"]) >= 2)))
    mutate(rec)
    p = tmp_path / "bad.jsonl"
    p.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(error, match=match):
        train("configs/tiny.cfg", [p], tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()
    assert [x.name for x in tmp_path.iterdir()] == ["bad.jsonl"]


def test_train_refuses_empty_data(tmp_path):
    p = tmp_path / "blank.jsonl"
    p.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="training data is empty"):
        train("configs/tiny.cfg", [p], tmp_path / "out", progress=False)
    e = tmp_path / "empty.jsonl"
    e.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"empty.jsonl: file is empty"):
        train("configs/tiny.cfg", [e], tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def test_train_refuses_broken_labelstudio_relation(few, tmp_path):
    from zh_indicators.corpus.interop import to_labelstudio

    tasks = to_labelstudio(few[:2])
    tasks[0]["annotations"][0]["result"].append({"type": "relation", "from_id": "V1", "to_id": "Q7",
                                                 "labels": ["has_unit"]})
    p = tmp_path / "ls.json"
    p.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"ls.json:1: record 1: .*names an unknown entity"):
        train("configs/tiny.cfg", [p], tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def test_bad_config_value_fails_with_allowed(tmp_path):
    with pytest.raises(ModelError, match=r"training.char_dropout is 1.5; allowed: 0 <= x < 1"):
        resolve(load_config("configs/tiny.cfg", ["training.char_dropout=1.5"]))
    with pytest.raises(Exception, match="hidden_size"):
        resolve(load_config("configs/tiny.cfg", ["model.hidden_size=\"big\""]))


def test_holdout_city_must_exist(few_file, tmp_path):
    with pytest.raises(InputError, match=r"--holdout-city 'atlantis' is not a city of the data \(allowed: zhangjiagang\)"):
        train("configs/tiny.cfg", [few_file], tmp_path / "out", holdout="atlantis", progress=False)


def test_lexicon_features_train_save_and_trace(few, few_file, tmp_path):
    """A network that reads the lexicon codes: the flag reaches spec.json, the traced
    archive takes the fifth input and agrees with the eager network, and it learns."""
    import spacy

    out = tmp_path / "lex"
    meta = train("configs/tiny.cfg", [few_file], out, progress=False,
                 overrides=["training.max_epochs=60", "components.zh_indicators_tagger.model.lexicon_features=true"])
    spec = json.loads((out / "zh_indicators_tagger" / "spec.json").read_text(encoding="utf-8"))
    assert spec["lexicon_features"] is True
    hist = meta["training"]["history"]
    assert hist[-1]["loss"] < hist[0]["loss"] / 3
    traced = spacy.load(out)
    eager = spacy.load(out, config={"components": {"zh_indicators_tagger": {"use_traced": False}}})
    assert traced.get_pipe("zh_indicators_tagger").predictor.net.spec.lexicon_features
    for r in few:
        a, b = traced(r["text"]), eager(r["text"])
        assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == \
            [(e.start_char, e.end_char, e.label_) for e in b.ents]
