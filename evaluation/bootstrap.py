"""95% bootstrap confidence intervals of micro F1, resampling paragraphs."""
from typing import List, Tuple

import numpy as np


def bootstrap_f1(counts: List[Tuple[int, int, int]], n: int = 1000, seed: int = 0) -> Tuple[float, float]:
    """(low, high) of the 95% percentile interval of micro F1.

    counts: (tp, fp, fn) per paragraph.

    Example:
        >>> lo, hi = bootstrap_f1([(1, 0, 0), (0, 1, 1), (2, 0, 0)], n=200)
        >>> 0 <= lo <= hi <= 1
        True
    """
    if not counts:
        return 0.0, 0.0
    c = np.asarray(counts, dtype=np.float64)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(c), size=(n, len(c)))
    s = c[idx].sum(axis=1)
    tp, fp, fn = s[:, 0], s[:, 1], s[:, 2]
    denom = 2 * tp + fp + fn
    f = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
    return float(np.percentile(f, 2.5)), float(np.percentile(f, 97.5))
