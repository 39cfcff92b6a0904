"""zh-indicators: indicators, values, units and years from Chinese work reports.

The distribution's one top-level name. The layers follow the data flow and
nothing imports upward (tests/test_layers.py enforces it):

    corpus -> extractors -> training -> evaluation -> cli

`zh_indicators.load()` is `zh_indicators.extractors.load()`; importing this
package imports neither torch nor spaCy.
"""
from .extractors import clean_and_extract, facts_frame, load

__version__ = "0.1.0"
__all__ = ["load", "facts_frame", "clean_and_extract", "__version__"]
