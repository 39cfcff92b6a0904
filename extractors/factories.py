"""Every registration of the package, in one module, exposed through pyproject
entry points so that `spacy.load(path)` works in a fresh process."""
from typing import Callable, List, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry


def _relations(doc: Doc):
    from .tagger import Relation

    spans = {(e.start_char, e.end_char): e for e in doc.ents}
    return [Relation(spans[(hs, he)], t, spans[(ts, te)], sc) for hs, he, t, ts, te, sc in doc._.relation_data
            if (hs, he) in spans and (ts, te) in spans]


def _facts(doc: Doc):
    from .facts import Fact

    return [Fact.from_record(r) for r in doc._.fact_data]


def _span_confidence(span: Span):
    """The tagger's confidence of an entity span: a binary search in `ent_score_data`, which
    the tagger writes in document order (a dict per call would make a loop over ents quadratic)."""
    import bisect

    data = span.doc._.ent_score_data  # lists, or tuples after a DocBin round trip
    key = (span.start_char, span.end_char)
    k = bisect.bisect_left(data, key, key=lambda x: (x[0], x[1]))
    return data[k][2] if k < len(data) and (data[k][0], data[k][1]) == key else None


def _place(doc):
    from .places import detect_place

    return detect_place(doc.text)


def _register_extensions() -> None:
    """Doc extensions. What a component writes is plain data (lists of numbers, strings
    and dicts: `relation_data`, `fact_data`, `ent_score_data`), so that a Doc pickles,
    goes into a DocBin with user data and through `nlp.pipe(n_process=2)`; `relations`,
    `facts` and `ent_scores` are views built from it."""
    if not Doc.has_extension("relation_data"):
        Doc.set_extension("relation_data", default=[])   # [head start, head end, type, tail start, tail end, score]
        Doc.set_extension("fact_data", default=[])       # Fact.to_record() per fact
        Doc.set_extension("ent_score_data", default=[])  # [start, end, confidence]
        Doc.set_extension("relations", getter=_relations)
        Doc.set_extension("facts", getter=_facts)
        Doc.set_extension("ent_scores", getter=lambda doc: {(s, e): c for s, e, c in doc._.ent_score_data})
        Doc.set_extension("report_year", default=None)
        Doc.set_extension("raw_offsets", default=None)
        Span.set_extension("confidence", getter=_span_confidence)
    if not Doc.has_extension("place"):
        # read from the text on demand (a gazetteer pass over the text), not by a component:
        # a caller's metadata wins (extract --metadata), and most callers never ask
        Doc.set_extension("place", getter=_place)


_register_extensions()


@registry.scorers("zh_indicators.strict_scorer.v1")
def strict_scorer_v1() -> Callable:
    """Exact-span entity and relation P/R/F1 (extractors/scorer.py), for `nlp.evaluate`."""
    from .scorer import score_examples

    return score_examples


@Language.factory("zh_indicators_tagger",
                  default_config={"model": {"@architectures": "zh_indicators.CharEncoder.v1"},
                                  "batch_chars": 8192, "drop_unlinked": True, "use_traced": True, "rule_years": True,
                                  "repair": True, "scorer": {"@scorers": "zh_indicators.strict_scorer.v1"}},
                  default_score_weights={"ents_f": 1.0, "rels_f": 0.0, "ents_p": 0.0, "ents_r": 0.0})
def make_tagger(nlp: Language, name: str, model, batch_chars: int, drop_unlinked: bool, use_traced: bool,
                rule_years: bool, repair: bool, scorer: Optional[Callable]):
    """model: the network's architecture (a ModelSpec; a trained folder's spec.json wins, as its
    weights have that shape); batch_chars: characters per forward batch; drop_unlinked: drop
    INDICATOR and UNIT spans no relation links; use_traced: run the TorchScript archive when
    present; rule_years: YEAR spans from the rule regex; repair: the span repairs of
    extractors/repair.py; scorer: what `nlp.evaluate` scores with."""
    from .tagger import IndicatorTagger

    return IndicatorTagger(nlp, name, spec=model, batch_chars=batch_chars, drop_unlinked=drop_unlinked,
                           use_traced=use_traced, rule_years=rule_years, repair=repair, scorer=scorer)


@Language.factory("zh_indicators_facts",
                  default_config={"report_year": None, "learned_attributes": ["status", "period", "kind", "direction"]})
def make_facts(nlp: Language, name: str, report_year: Optional[int], learned_attributes: List[str]):
    from .fact_pipe import FactBuilder

    return FactBuilder(nlp, name, report_year=report_year, learned_attributes=learned_attributes)


@registry.architectures("zh_indicators.CharEncoder.v1")
def char_encoder_v1(hidden_size: int = 128, num_layers: int = 2, num_heads: int = 4,
                    intermediate_size: int = 256, window: int = 160, dropout: float = 0.1,
                    rel_hidden: int = 128, conv_kernel: int = 5, rule_features: bool = True,
                    pretrained: Optional[str] = None, lexicon_features: bool = False):
    """The encoder + heads spec: BERT-style, from scratch or from a local checkpoint folder.
    lexicon_features: the network also reads where the bundled lexicon's words begin and end
    (extractors/lexicon.py); off by default, so that pipelines trained without it load as they were."""
    from .model import ModelSpec

    return ModelSpec(hidden_size=hidden_size, num_layers=num_layers, num_heads=num_heads,
                     intermediate_size=intermediate_size, window=window, dropout=dropout,
                     rel_hidden=rel_hidden, conv_kernel=conv_kernel, rule_features=rule_features,
                     lexicon_features=lexicon_features, pretrained=pretrained)


@registry.tokenizers("zh_indicators.CharTokenizer.v1")
def char_tokenizer_v1():
    """Every non-space character a token, as spaCy's zh `char` segmenter, in linear time."""
    from .tokenizer import CharTokenizer

    def create(nlp):
        return CharTokenizer(nlp.vocab)

    return create
