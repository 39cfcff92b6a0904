"""Label-preserving augmentation: copies of training paragraphs whose INDICATOR
names and numbers are swapped for others from the training data, so the model
learns where an indicator ends from its context rather than from its spelling."""
import re
from typing import Dict, List

import numpy as np


def _new_number(old: str, rng: np.random.Generator) -> str:
    if not re.fullmatch(r"\d+(\.\d+)?", old):
        return old
    whole = str(int(rng.integers(1, 10 ** min(5, max(1, len(old.split(".")[0]))))))
    if "." in old:
        return f"{whole}.{rng.integers(0, 10 ** len(old.split('.')[1])):0{len(old.split('.')[1])}d}"
    return whole


def augment(records: List[Dict], copies: int, seed: int) -> List[Dict]:
    """`copies` altered copies of every annotated record (the originals are not included)."""
    rng = np.random.default_rng(seed)
    names = sorted({e["text"] for r in records for e in r["entities"] if e["label"] == "INDICATOR"})
    out = []
    for k in range(copies):
        for r in records:
            if not r["entities"] or not names:
                continue
            text, pos, ents = r["text"], 0, []
            parts = []
            for e in sorted(r["entities"], key=lambda e: e["start"]):
                parts.append(text[pos:e["start"]])
                new = e["text"]
                if e["label"] == "INDICATOR" and rng.random() < 0.5:
                    new = names[int(rng.integers(len(names)))]
                elif e["label"] == "VALUE" and rng.random() < 0.5:
                    new = _new_number(e["text"], rng)
                start = sum(map(len, parts))
                parts.append(new)
                ents.append({**e, "start": start, "end": start + len(new), "text": new})
                pos = e["end"]
            parts.append(text[pos:])
            new_text = "".join(parts)
            out.append({**r, "paragraph": f"{r['paragraph']}+aug{k}", "text": new_text, "entities": ents,
                        "start": 0, "end": len(new_text)})
    return out
