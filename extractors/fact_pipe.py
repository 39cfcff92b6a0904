"""The spaCy component that turns entities and relations into facts (doc._.facts).

Attributes come from the learned attribute head where the pipeline has one (for the
attributes named in `learned_attributes`), else from the rules; the rules' answers
are always among the head's inputs.
"""
import re
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from zh_indicators.corpus.errors import Errors, InputError

from .context import build_context
from .encoding import normalise_text
from .facts import Fact, build_facts


def check_report_year(year) -> Optional[int]:
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int) or not 1949 <= year <= 2100:
        raise InputError(Errors.E209.format(found=year))
    return year


ATTRIBUTES = ("status", "period", "kind", "direction")


# the share words between a name and its value: 占GDP比重, 占规上工业产值的比重, 占比
_SHARE_WORDS = re.compile(r"((?:占[^,，;；。\d]{0,16}?(?:的)?(?:比重|比例))|占比|比重)")


class FactBuilder:
    def __init__(self, nlp: Language, name: str = "zh_indicators_facts", report_year: Optional[int] = None,
                 learned_attributes: Sequence[str] = ATTRIBUTES):
        self.name = name
        self.report_year = check_report_year(report_year)
        bad = [a for a in learned_attributes if a not in ATTRIBUTES]
        if bad:
            raise InputError(Errors.E204.format(key="learned_attributes", found=bad, allowed=list(ATTRIBUTES)))
        self.learned_attributes = tuple(learned_attributes)
        self.attribute_model = None
        self.use_attribute_model = True  # switched off to score the rules in the same run

    def set_attribute_model(self, model) -> None:
        self.attribute_model = model

    def predict(self, docs: Iterable[Doc]) -> List[List[Fact]]:
        out = []
        for doc in docs:
            norm = normalise_text(doc.text)
            year = check_report_year(doc._.report_year) or self.report_year
            ctx = build_context(norm, report_year=year)
            model = self.attribute_model if self.use_attribute_model and self.learned_attributes else None
            index = {(e.start_char, e.end_char): i for i, e in enumerate(doc.ents)}
            scores = doc._.ent_scores  # one dict per doc: Span._.confidence per entity is a search each
            ents = [(e.start_char, e.end_char, e.label_, scores.get((e.start_char, e.end_char)) or 1.0) for e in doc.ents]
            rels = [(index[(r.head.start_char, r.head.end_char)], r.type, index[(r.tail.start_char, r.tail.end_char)],
                     r.score) for r in doc._.relations
                    if (r.head.start_char, r.head.end_char) in index and (r.tail.start_char, r.tail.end_char) in index]
            facts = build_facts(doc.text, ents, rels, ctx, norm_text=norm, attribute_model=model,
                                learned=self.learned_attributes, report_year_source=ctx.report_year_source)
            self._canonical(facts, norm)
            out.append(facts)
        return out

    def _canonical(self, facts: List[Fact], norm: str) -> None:
        """indicator_id / indicator_en / indicator_match_score from the shipped catalogue.

        A share keeps its base outside the INDICATOR (`[研发投入]占GDP比重2.65%`, GUIDELINES
        §9.1); where the catalogue names that share as an indicator of its own
        (rd_share_gdp), the fact takes that id (`Catalogue.share_id`).
        """
        from .indicators import load_catalogue

        cat = load_catalogue()
        for f in facts:
            if f.indicator:
                # matched in simplified, half-width form: 地區生產總值 is gdp too
                name = normalise_text(f.indicator)
                f.indicator_id, f.indicator_match_score = cat.match(name)
                # a share, or a change in percentage points that only a ratio can have
                of_share = f.kind == "share" or (f.kind == "change" and f.unit_canonical == "pp")
                share = (_SHARE_WORDS.search(norm, f.indicator_end, f.start)
                         if of_share and f.indicator_end is not None and f.indicator_end <= f.start else None)
                if share is not None and share.start() == f.indicator_end:
                    sid = cat.share_id(f.indicator_id, name, share.group(1))
                    if sid is not None:
                        f.indicator_id, f.indicator_match_score = sid, cat.match(name + share.group(1))[1]
                f.indicator_en = cat.name_en(f.indicator_id)

    def to_disk(self, path, *, exclude=tuple()):
        if self.attribute_model is not None:
            self.attribute_model.to_disk(Path(path))

    def from_disk(self, path, *, exclude=tuple()):
        from .attr_model import AttributeModel

        self.attribute_model = AttributeModel.from_disk(Path(path))
        return self

    def set_annotations(self, docs: Iterable[Doc], facts: List[List[Fact]]) -> None:
        for doc, f in zip(docs, facts):
            doc._.fact_data = [x.to_record() for x in f]

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)
