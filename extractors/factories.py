"""Every registration of the package, in one module, exposed through pyproject
entry points so that `spacy.load(path)` works in a fresh process."""
from typing import List, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry


def _register_extensions() -> None:
    if not Doc.has_extension("relations"):
        Doc.set_extension("relations", default=[])
        Doc.set_extension("facts", default=[])
        Doc.set_extension("ent_scores", default={})
        Doc.set_extension("report_year", default=None)
        Doc.set_extension("raw_offsets", default=None)
        Span.set_extension("confidence", getter=lambda span: span.doc._.ent_scores.get(
            (span.start_char, span.end_char)))


_register_extensions()


@Language.factory("zh_indicators_tagger",
                  default_config={"batch_chars": 8192, "drop_unlinked": True, "use_traced": True, "rule_years": True,
                                  "repair": True},
                  default_score_weights={"ents_f": 1.0})
def make_tagger(nlp: Language, name: str, batch_chars: int, drop_unlinked: bool, use_traced: bool, rule_years: bool,
                repair: bool):
    from .tagger import IndicatorTagger

    return IndicatorTagger(nlp, name, batch_chars=batch_chars, drop_unlinked=drop_unlinked, use_traced=use_traced,
                           rule_years=rule_years, repair=repair)


@Language.factory("zh_indicators_facts",
                  default_config={"report_year": None, "learned_attributes": ["status", "period", "kind", "direction"]})
def make_facts(nlp: Language, name: str, report_year: Optional[int], learned_attributes: List[str]):
    from .fact_pipe import FactBuilder

    return FactBuilder(nlp, name, report_year=report_year, learned_attributes=learned_attributes)


@registry.architectures("zh_indicators.CharEncoder.v1")
def char_encoder_v1(hidden_size: int = 128, num_layers: int = 2, num_heads: int = 4,
                    intermediate_size: int = 256, window: int = 160, dropout: float = 0.1,
                    rel_hidden: int = 128, conv_kernel: int = 5, rule_features: bool = True,
                    pretrained: Optional[str] = None):
    """The encoder + heads spec: BERT-style, from scratch or from a local checkpoint folder."""
    from .model import ModelSpec

    return ModelSpec(hidden_size=hidden_size, num_layers=num_layers, num_heads=num_heads,
                     intermediate_size=intermediate_size, window=window, dropout=dropout,
                     rel_hidden=rel_hidden, conv_kernel=conv_kernel, rule_features=rule_features,
                     pretrained=pretrained)


@registry.tokenizers("zh_indicators.CharTokenizer.v1")
def char_tokenizer_v1():
    """Every non-space character a token, as spaCy's zh `char` segmenter, in linear time."""
    from .tokenizer import CharTokenizer

    def create(nlp):
        return CharTokenizer(nlp.vocab)

    return create
