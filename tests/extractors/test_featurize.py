"""One featurizer: training and inference give the network identical inputs for the same text."""
import numpy as np
import pytest
import torch

from zh_indicators.corpus.annotate import load_all_annotations
from zh_indicators.extractors.encoding import CharVocab
from zh_indicators.extractors.featurize import candidate_pairs, pad_windows, pair_rows, text_windows
from zh_indicators.extractors.inference import Predictor
from zh_indicators.extractors.model import IndicatorNet, ModelSpec
from zh_indicators.training.examples import record_examples
from zh_indicators.training.loop import collate


@pytest.fixture(scope="module")
def record():
    recs = [r for rs in load_all_annotations().values() for r in rs
            if r["report"].startswith("kunshan") and len(r["relations"]) >= 4 and len(r["text"]) <= 380]
    return max(recs[:40], key=lambda r: len(r["relations"]))


class Recorder(IndicatorNet):
    """The network with its inputs recorded."""

    def encode(self, *inputs):
        self.seen_inputs = [t.numpy().copy() for t in inputs]
        return super().encode(*inputs)

    def pair_logits(self, states, pairs):
        self.seen_pairs = pairs.numpy().copy()
        return super().pair_logits(states, pairs)


@pytest.mark.parametrize("lexicon", [False, True])
def test_training_and_inference_see_the_same_inputs(record, lexicon):
    torch.manual_seed(0)
    spec = ModelSpec(hidden_size=16, num_layers=1, num_heads=2, intermediate_size=32, window=400, rel_hidden=16,
                     lexicon_features=lexicon)
    vocab = CharVocab.build([record["text"]])
    net = Recorder(spec, len(vocab)).eval()
    examples = record_examples(record, vocab, spec.window, lexicon)
    assert len(examples) == 1, "the test record should fit one window"
    gold_spans = [(e["start"], e["end"], e["label"]) for e in record["entities"]]
    Predictor(net, vocab, batch_chars=10_000).predict([record["text"]], given=[gold_spans])

    ids, cls, mask, tags, pairs, gold, rt, lex = collate(examples, char_dropout=0.0, rng=np.random.default_rng(0))
    trained = (ids, cls, mask, rt) + ((lex,) if lexicon else ())
    assert len(net.seen_inputs) == len(trained)
    for seen, t in zip(net.seen_inputs, trained):
        np.testing.assert_array_equal(seen, t.numpy())
    assert bool(lex.any()) == lexicon  # the codes are computed only for a network that reads them
    assert len(pairs) > 0 and gold.sum() >= 4
    np.testing.assert_array_equal(net.seen_pairs, pairs.numpy())


def test_windows_cover_the_text_and_carry_normalised_rules():
    text = "全年地区生产总值１２５０亿元，增长5%。" * 3
    vocab = CharVocab.build([text])
    ws = text_windows(text, vocab, size=20)
    assert ws[0].start == 0 and ws[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(ws, ws[1:]))
    assert all(len(w.ids) == len(w.norm) == len(w) for w in ws)
    assert "1250" in ws[0].norm and ws[0].rule_tags.any()  # full-width digits normalised before the rules


def test_pairs_stay_in_one_sentence_and_padding_is_masked():
    spans = [(0, 4, "INDICATOR"), (5, 9, "VALUE"), (9, 11, "UNIT"), (13, 17, "VALUE")]
    sent = np.array([0] * 12 + [1] * 8)
    assert {(v, c) for v, c, _ in candidate_pairs(spans, sent)} == {(1, 0), (1, 2)}
    rows, meta = pair_rows(spans, sent, row=3)
    assert meta == [(1, 0), (1, 2)] and all(r[0] == 3 and len(r) == 9 for r in rows)
    vocab = CharVocab.build(["甲乙丙丁"])
    short, long_ = text_windows("甲乙", vocab, 10), text_windows("甲乙丙丁", vocab, 10)
    x = pad_windows(short + long_)
    assert x["mask"].tolist() == [[1, 1, 0, 0], [1, 1, 1, 1]] and x["ids"][0, 2:].tolist() == [0, 0]


def test_rule_dropout_blanks_whole_rule_entities():
    from zh_indicators.extractors.featurize import drop_rule_spans

    tags = np.array([0, 1, 2, 2, 0, 3, 4, 5, 6, 0, 7, 8])
    rng = np.random.default_rng(0)
    assert (drop_rule_spans(tags, 0.0, rng) == tags).all()
    assert (drop_rule_spans(tags, 0.999999, rng) == 0).all()
    for _ in range(20):
        out = drop_rule_spans(tags, 0.5, rng)
        for a, b in ((1, 4), (5, 7), (7, 9), (10, 12)):  # each entity kept whole or blanked whole
            assert (out[a:b] == tags[a:b]).all() or (out[a:b] == 0).all()
    assert (tags == np.array([0, 1, 2, 2, 0, 3, 4, 5, 6, 0, 7, 8])).all()  # the window's own tags stay
