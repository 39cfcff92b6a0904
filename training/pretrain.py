"""`zh-indicators pretrain`: masked-language-model pretraining of the character
encoder on unlabelled report text. The output folder is a local checkpoint
(`config.json`, weights, `vocab.json`) that a config's `model.pretrained` points at."""
import json
import time
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np
import torch

from zh_indicators.corpus.clean import clean
from zh_indicators.corpus.errors import Errors, InputError
from zh_indicators.corpus.io import atomic_folder, read_text
from zh_indicators.extractors.encoding import CharVocab
from zh_indicators.extractors.windows import make_windows

from .config import load_config, resolve
from .loop import set_seed

MASK = "[MASK]"


def read_texts(folder) -> List[str]:
    folder = Path(folder)
    if not folder.exists():
        raise InputError(Errors.E206.format(path=folder))
    files = sorted(folder.rglob("*.txt")) if folder.is_dir() else [folder]
    texts = [clean(read_text(f, encoding="auto")).text for f in files]
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise InputError(Errors.E205.format(paths=folder))
    return texts


def mask_batch(ids: np.ndarray, real: np.ndarray, vocab: CharVocab, rng: np.random.Generator):
    """BERT masking: 15% of real characters; of those 80% [MASK], 10% random, 10% kept."""
    labels = np.full(ids.shape, -100, dtype=np.int64)
    pick = (rng.random(ids.shape) < 0.15) & real
    labels[pick] = ids[pick]
    out = ids.copy()
    r = rng.random(ids.shape)
    out[pick & (r < 0.8)] = vocab.stoi[MASK]
    rand = pick & (r >= 0.8) & (r < 0.9)
    out[rand] = rng.integers(3, len(vocab), size=int(rand.sum()))
    return out, labels


def pretrain(texts_dir, config_path, output, epochs: Optional[int] = None,
             overrides: Optional[List[str]] = None, log=print) -> Dict:
    from transformers import BertConfig, BertForMaskedLM

    cfg = load_config(config_path, overrides)
    spec, st, seed, threads = resolve(cfg)
    set_seed(seed, threads)
    texts = read_texts(texts_dir)
    chars = sorted({c for t in texts for c in t if not c.isspace()})
    vocab = CharVocab([MASK] + chars)
    windows = []
    for t in texts:
        ids, _ = vocab.encode(t)
        windows += [ids[s:e] for s, e in make_windows(t, spec.window)]
    model = BertForMaskedLM(BertConfig(
        vocab_size=len(vocab), hidden_size=spec.hidden_size, num_hidden_layers=spec.num_layers,
        num_attention_heads=spec.num_heads, intermediate_size=spec.intermediate_size,
        max_position_embeddings=spec.window + 8, type_vocab_size=1, pad_token_id=vocab.pad_id))
    opt = torch.optim.AdamW(model.parameters(), lr=st.learning_rate, weight_decay=st.weight_decay)
    rng = np.random.default_rng(seed)
    epochs = epochs or st.max_epochs
    t0, history = time.time(), []
    for epoch in range(epochs):
        model.train()
        total, steps = 0.0, 0
        for k in range(0, len(windows), st.batch_size):
            batch = [windows[i] for i in rng.permutation(len(windows))[k:k + st.batch_size]]
            T = max(len(w) for w in batch)
            ids = np.full((len(batch), T), vocab.pad_id, dtype=np.int64)
            for i, w in enumerate(batch):
                ids[i, :len(w)] = w
            real = ids != vocab.pad_id
            inp, labels = mask_batch(ids, real, vocab, rng)
            out = model(input_ids=torch.from_numpy(inp), attention_mask=torch.from_numpy(real.astype(np.int64)),
                        labels=torch.from_numpy(labels))
            opt.zero_grad()
            out.loss.backward()
            opt.step()
            total += out.loss.item()
            steps += 1
        history.append({"epoch": epoch + 1, "mlm_loss": round(total / max(steps, 1), 4),
                        "seconds": round(time.time() - t0, 1)})
        log(history[-1])
    meta = {"texts": len(texts), "chars": sum(map(len, texts)), "windows": len(windows), "history": history,
            "config": str(config_path), "seed": seed}
    with atomic_folder(output) as tmp:
        model.bert.save_pretrained(tmp)
        (tmp / "vocab.json").write_text(json.dumps(vocab.itos, ensure_ascii=False), encoding="utf-8")
        (tmp / "pretrain_meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta
