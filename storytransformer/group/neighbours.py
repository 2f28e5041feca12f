"""Candidate pairs: each row's top-k most similar rows, computed in row chunks.

Only a (chunk x n) block of similarities exists at any time, so 10,000+ stories never
need an n x n matrix in memory.
"""

from __future__ import annotations

CHUNK_ROWS = 512


def top_k_pairs(matrix, k: int, floor: float, *, chunk: int = CHUNK_ROWS, advance=None):
    """Pairs (i < j) where j is among i's k nearest rows (or i among j's) with cosine >= floor.

    ``matrix`` has L2-normalised rows, dense (numpy) or sparse (scipy CSR).
    Returns int64 arrays ``rows``, ``cols`` (rows < cols), unique, sorted.
    """
    import numpy as np
    import scipy.sparse as sp

    n = matrix.shape[0]
    if n < 2 or k <= 0:
        if advance:
            advance(n)
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    k = min(k, n - 1)
    sparse = sp.issparse(matrix)
    transposed = matrix.T.tocsc() if sparse else matrix.T
    found_i, found_j = [], []
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        block = matrix[start:stop] @ transposed
        block = block.toarray() if sparse else np.asarray(block)
        block[np.arange(stop - start), np.arange(start, stop)] = -np.inf  # not your own neighbour
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        sims = np.take_along_axis(block, top, axis=1)
        keep = sims >= floor
        i = np.broadcast_to(np.arange(start, stop)[:, None], top.shape)[keep]
        found_i.append(i)
        found_j.append(top[keep])
        if advance:
            advance(stop - start)
    i = np.concatenate(found_i).astype(np.int64)
    j = np.concatenate(found_j).astype(np.int64)
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    keys = np.unique(lo * n + hi)
    return keys // n, keys % n


def pair_similarity(matrix, rows, cols):
    """Cosine of the given row pairs (rows L2-normalised), as float64."""
    import numpy as np
    import scipy.sparse as sp

    if len(rows) == 0:
        return np.zeros(0)
    if sp.issparse(matrix):
        out = np.asarray(matrix[rows].multiply(matrix[cols]).sum(axis=1)).ravel()
    else:
        out = np.einsum("ij,ij->i", matrix[rows], matrix[cols])
    return out.astype(np.float64)


def dense_similarity(matrix, index):
    """The full similarity block among the rows in ``index`` (for small sets only)."""
    import numpy as np
    import scipy.sparse as sp

    sub = matrix[index]
    block = sub @ sub.T
    block = block.toarray() if sp.issparse(block) else np.asarray(block)
    return block.astype(np.float64)
