"""Extraction: the spaCy pipeline, the rule baseline and facts.

`extractors.load()` returns the shipped pipeline; importing this package does
not import torch (the CLI's corpus commands stay fast).
"""


def load(path=None, **kwargs):
    """Load a trained pipeline (the shipped default model when `path` is None)."""
    from .pipeline import load as _load

    return _load(path, **kwargs)


def facts_frame(docs):
    """A pandas DataFrame with one row per fact of the given Docs."""
    from .facts import facts_frame as _ff

    return _ff(docs)


def clean_and_extract(raw, nlp=None, **kwargs):
    """Clean scraped text, extract, and map every offset back to the raw text."""
    from .pipeline import clean_and_extract as _ce

    return _ce(raw, nlp=nlp, **kwargs)


def extract_corpus(paths, output, client=None, **kwargs):
    """Extract a whole corpus on a Dask cluster into a Parquet dataset (`extractors.distributed`)."""
    from .distributed import extract_corpus as _ec

    return _ec(paths, output, client, **kwargs)


def read_facts(path, columns=None):
    """The fact table of a dataset written by `extract_corpus` (`extractors.dataset`)."""
    from .dataset import read_facts as _rf

    return _rf(path, columns)
