"""Sentence embeddings, offline: WordLlama, whose weights ship inside its wheel.

Why WordLlama: it is numpy and a tokenizer only (a 16 MB model inside a 20 MB wheel,
loaded in half a second, 10,000 short texts embedded in well under a second on one core),
and nothing is fetched at run time. The packaged all-MiniLM-L6-v2 models need PyTorch
(hundreds of MB) for a few points of recall; `benchmarks/lessons.py` measures what this
model gives on the demo's lessons.

The model loads once per process, on first use, and is shared by every request and task.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

DIMENSIONS = 256

_model: Any = None
_lock = threading.Lock()


def model() -> Any:
    """The loaded model (once per process). Never touches the network."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import wordllama

                # Plain WordLlama.load() looks for the tokenizer in the wrong folder and then
                # tries to download it; the wheel's own folder holds both files.
                _model = wordllama.WordLlama.load(
                    cache_dir=Path(wordllama.__file__).parent,
                    disable_download=True,
                    dim=DIMENSIONS,
                )
    return _model


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = model().embed(texts, norm=True, batch_size=256)
    return np.ascontiguousarray(vectors, dtype=np.float32)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4")
