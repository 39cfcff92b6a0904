"""Building, loading and running the pipeline."""
from pathlib import Path
from typing import Optional, Union

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from zh_indicators.corpus.errors import Errors, ModelError

MODEL_DIR = Path(__file__).resolve().parent / "model"


def default_model_path() -> Path:
    return MODEL_DIR


def load(path: Optional[Union[str, Path]] = None, report_year: Optional[int] = None) -> Language:
    """Load a trained pipeline; the shipped model when `path` is None.

    report_year (Optional[int]): the year the report was delivered; wins over years in the text.
    """
    path = Path(path) if path is not None else default_model_path()
    if not (path / "config.cfg").exists():
        raise ModelError(Errors.E200.format(path=path, what="config.cfg (not a trained pipeline folder)"))
    nlp = spacy.load(path)
    if report_year is not None:
        from .fact_pipe import check_report_year

        nlp.get_pipe("zh_indicators_facts").report_year = check_report_year(report_year)
    return nlp


def annotate(nlp: Language, text: str, report_year: Optional[int] = None) -> Doc:
    """Run the pipeline on one text with its own report year (`nlp(doc)` runs every component)."""
    doc = nlp.make_doc(text)
    doc._.report_year = report_year
    return nlp(doc)


def clean_and_extract(raw: str, nlp: Optional[Language] = None, report_year: Optional[int] = None):
    """Clean scraped text, run the pipeline, and map every fact back to the raw text.

    RETURNS (Doc): the Doc of the clean text; `doc._.raw_offsets` maps each clean
    character to its raw offset, and each fact carries raw_start/raw_end.
    """
    from zh_indicators.corpus.clean import clean

    if not isinstance(raw, str):
        raise ModelError(Errors.E208.format(found=type(raw).__name__))
    nlp = nlp or load()
    cleaned = clean(raw)
    doc = annotate(nlp, cleaned.text, report_year)
    doc._.raw_offsets = cleaned.raw_index
    for rec in doc._.fact_data:
        rec["raw_start"], rec["raw_end"] = cleaned.raw_span(rec["start"], rec["end"])
    return doc
