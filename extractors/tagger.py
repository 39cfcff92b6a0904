"""The spaCy component that runs the network: entities with confidences and relations.

`predict` never changes a Doc; only `set_annotations` writes.
"""
import json
import os
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional

import torch
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from zh_indicators.corpus.errors import Errors, ModelError
from zh_indicators.corpus.schema import LABELS, TAGS

from .encoding import CharVocab
from .inference import Prediction, Predictor
from .model import IndicatorNet, ModelSpec

FORMAT_VERSION = 1
WEIGHTS = "weights.pt"

# torch's intra-op thread pool does not survive fork(): a child of `nlp.pipe(n_process=N)`
# that enters a parallel region waits forever on threads it did not inherit. Each forked
# worker runs single-threaded instead (N workers already use N cores).
os.register_at_fork(after_in_child=lambda: torch.set_num_threads(1))


class Relation(tuple):
    """(head span, type, tail span, score)."""

    __slots__ = ()

    def __new__(cls, head, type_, tail, score):
        return super().__new__(cls, (head, type_, tail, score))

    head = property(lambda self: self[0])
    type = property(lambda self: self[1])
    tail = property(lambda self: self[2])
    score = property(lambda self: self[3])


class IndicatorTagger(Pipe):
    def __init__(self, nlp: Language, name: str = "zh_indicators_tagger", spec: Optional[ModelSpec] = None,
                 batch_chars: int = 8192,
                 drop_unlinked: bool = True, use_traced: bool = True, rule_years: bool = True,
                 repair: bool = True, scorer: Optional[Callable] = None):
        self.name = name
        self.spec = spec
        self.scorer = scorer
        self.use_traced = use_traced
        self._source = None
        self.batch_chars = batch_chars
        self.drop_unlinked = drop_unlinked
        self.rule_years = rule_years
        self.repair = repair
        self.net: Optional[IndicatorNet] = None
        self.vocab_chars: Optional[CharVocab] = None
        self.predictor: Optional[Predictor] = None

    def set_model(self, net: IndicatorNet, vocab: CharVocab) -> None:
        self.net, self.vocab_chars, self.spec = net, vocab, net.spec
        self.predictor = Predictor(net, vocab, batch_chars=self.batch_chars, drop_unlinked=self.drop_unlinked,
                                   rule_years=self.rule_years, repair=self.repair)

    def _require(self) -> Predictor:
        if self.predictor is None:
            raise ModelError(Errors.E200.format(path=self.name, what="trained weights (call set_model or load from disk)"))
        return self.predictor

    def predict(self, docs: Iterable[Doc]) -> List[Prediction]:
        return self._require().predict([d.text for d in docs])

    def set_annotations(self, docs: Iterable[Doc], preds: List[Prediction]) -> None:
        for doc, pred in zip(docs, preds):
            spans, kept = [], {}
            for i, (s, e, label, conf) in enumerate(pred.entities):
                span = doc.char_span(s, e, label=label, alignment_mode="contract")
                if span is None or len(span) == 0:
                    continue
                kept[i] = span
                spans.append(span)
            doc.set_ents(spans, default="unmodified")
            doc.ents = spans
            doc._.ent_score_data = [[sp.start_char, sp.end_char, float(pred.entities[i][3])] for i, sp in kept.items()]
            doc._.relation_data = [[kept[h].start_char, kept[h].end_char, t, kept[d].start_char, kept[d].end_char,
                                    round(float(s), 4)] for h, t, d, s in pred.relations if h in kept and d in kept]

    def score(self, examples, **kwargs) -> Dict[str, Any]:
        """`nlp.evaluate` calls this: the registered strict scorer over the Examples."""
        if self.scorer is None:
            from .scorer import score_examples

            return score_examples(examples)
        return self.scorer(examples, **kwargs)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        batch: List[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                self.set_annotations(batch, self.predict(batch))
                yield from batch
                batch = []
        if batch:
            self.set_annotations(batch, self.predict(batch))
            yield from batch

    # serialisation ---------------------------------------------------------
    def to_disk(self, path, *, exclude=tuple()):
        self._require()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "format.json").write_text(json.dumps(
            {"format_version": FORMAT_VERSION, "labels": list(LABELS), "tags": TAGS}), encoding="utf-8")
        (path / "spec.json").write_text(json.dumps(self.net.spec.to_dict()), encoding="utf-8")
        (path / "vocab.json").write_text(json.dumps(self.vocab_chars.itos, ensure_ascii=False), encoding="utf-8")
        if isinstance(self.net, IndicatorNet):
            if self.net.spec.pretrained:
                (path / "encoder_config.json").write_text(json.dumps(self.net.encoder.config.to_dict()),
                                                          encoding="utf-8")
            torch.save({k: v.half() if v.is_floating_point() else v for k, v in self.net.state_dict().items()},
                       path / WEIGHTS)
            from .traced import TRACED, save_traced

            save_traced(self.net, len(self.vocab_chars), path / TRACED)
        else:  # a traced pipeline saved again: copy its files
            import shutil

            from .traced import TRACED

            for f in (WEIGHTS, TRACED, "encoder_config.json"):
                if self._source is not None and (self._source / f).exists() and self._source != path:
                    shutil.copyfile(self._source / f, path / f)

    def from_disk(self, path, *, exclude=tuple()):
        path = Path(path)
        for f in ("format.json", "spec.json", "vocab.json", WEIGHTS):
            if not (path / f).exists():
                raise ModelError(Errors.E200.format(path=path, what=f))
        fmt = json.loads((path / "format.json").read_text(encoding="utf-8"))
        if fmt.get("format_version") != FORMAT_VERSION:
            raise ModelError(Errors.E202.format(path=path / "format.json", found=fmt.get("format_version"),
                                                allowed=FORMAT_VERSION))
        if fmt.get("labels") != list(LABELS) or fmt.get("tags") != TAGS:
            raise ModelError(Errors.E203.format(path=path / "format.json", found=fmt.get("labels"),
                                                allowed=list(LABELS)))
        spec = ModelSpec(**json.loads((path / "spec.json").read_text(encoding="utf-8")))
        vocab = CharVocab.from_itos(json.loads((path / "vocab.json").read_text(encoding="utf-8")))
        self._source = path
        from .traced import TRACED, TracedNet

        if self.use_traced and (path / TRACED).exists():
            try:
                self.set_model(TracedNet(path / TRACED, spec), vocab)
                return self
            except Exception as e:  # a damaged archive raises several types
                raise ModelError(Errors.E201.format(path=path / TRACED, reason=f"{type(e).__name__}: {e}")) from None
        enc_cfg = path / "encoder_config.json"
        net = IndicatorNet(spec, len(vocab), weights_only=True,
                           encoder_config=json.loads(enc_cfg.read_text(encoding="utf-8")) if enc_cfg.exists() else None)
        try:
            state = torch.load(path / WEIGHTS, map_location="cpu", weights_only=True)
        except Exception as e:  # torch raises several types for a damaged zip
            raise ModelError(Errors.E201.format(path=path / WEIGHTS, reason=f"{type(e).__name__}: {e}")) from None
        try:
            net.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state.items()})
        except RuntimeError as e:
            raise ModelError(Errors.E201.format(path=path / WEIGHTS, reason=str(e).splitlines()[0])) from None
        net.eval()
        self.set_model(net, vocab)
        return self
