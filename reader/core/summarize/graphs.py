"""Sentence-similarity graphs for LexRank, TextRank and Reduction, in bounded time and memory.

sumy builds dense n x n matrices with Python loops: at the 20,000-sentence limit that is 3.2 GB
per matrix and hours of work; a sparse product of every sentence pair is no better on ordinary
prose, where a few common words link most sentences (TextRank took 3.4 GB and 14 s here). Both
graphs below are exact up to `EXACT_MAX` candidates and stay within O(words) beyond it.

Word-overlap graph (TextRank, Reduction): S[i, j] = (c_i . c_j) / (log l_i + log l_j), c the
stem counts of a sentence and l their number; two one-word sentences get `single` (TextRank: the
shared count, Reduction: 0), as in sumy. Up to EXACT_MAX candidates S is a dense matrix, built
as sumy builds it. Beyond, S is never formed: the factor 1/(log l_i + log l_j) depends only on
the two lengths, and the small matrix G[a, b] of it over the distinct lengths is a Cauchy
matrix, numerically of low rank. Its eigendecomposition, cut at 1e-14 of the largest
eigenvalue, gives S @ x = sum_r lam_r * u_r o (C @ (C.T @ (u_r o x))): the same graph to about
1e-12 per entry, at O(rank x words) per product and O(rank x sentences) memory.

Thresholded idf-cosine graph (LexRank): an edge where the cosine exceeds sumy's 0.1, found by
sparse products of blocks of rows (each block's work bounded, so memory is too), for all rows
or for chosen ones. The work is the sum over stems of df^2. LexRank (classic.lexrank) builds
the whole graph up to EXACT_MAX candidates, and beyond while that work stays within
PAIRS_PER_SENTENCE per candidate; past that it samples rows of the same graph
(classic._lexrank_sampled), so its work and memory grow linearly with the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

EXACT_MAX = 2_000              # candidates up to which every graph is sumy's, computed densely
PAIRS_PER_SENTENCE = 1_000     # LexRank: word-pair products per candidate beyond EXACT_MAX
BLOCK_WORK = 4_000_000         # word-pair products per block of rows (bounds one block's memory)
_EIGEN_CUT = 1e-14             # relative eigenvalue below which the length factor is dropped

Vector = NDArray[np.float64]


def _row_blocks(work: Vector, budget: float) -> Iterator[tuple[int, int]]:
    """Consecutive row ranges whose summed `work` stays within `budget` (at least one row each)."""
    total = np.cumsum(work)
    m = len(work)
    start = 0
    while start < m:
        base = float(total[start - 1]) if start else 0.0
        stop = max(int(np.searchsorted(total, base + budget, side="right")), start + 1)
        yield start, min(stop, m)
        start = stop


@dataclass
class OverlapGraph:
    """sumy's word-overlap graph as an operator: `dot(x)` is S @ x, `diagonal()` is S's diagonal."""

    counts: Any                           # CSR stem counts, one row per candidate
    single: float                         # S[i, j] when both sentences have one stem
    dense: Vector | None = None           # S itself (exact path)
    factors: Vector | None = None         # m x r: u_r of each sentence's length
    weights: Vector | None = None         # lam_r
    diag_factor: Vector | None = None     # G of each sentence with itself

    @classmethod
    def build(cls, counts: Any, single: float, exact_max: int | None = None) -> "OverlapGraph":
        m = counts.shape[0]
        exact_max = EXACT_MAX if exact_max is None else exact_max
        lengths = np.asarray(counts.sum(axis=1), dtype=np.float64).ravel()
        graph = cls(counts, single)
        kinds, group = np.unique(lengths, return_inverse=True)
        present = kinds > 0
        logs = np.log(np.where(present, kinds, 1.0))
        norm = logs[:, None] + logs[None, :]
        with np.errstate(divide="ignore"):
            G = np.where(norm == 0.0, single, 1.0 / np.where(norm == 0.0, 1.0, norm))
        G[~present, :] = 0.0
        G[:, ~present] = 0.0
        if m <= exact_max:
            shared = (counts @ counts.T).toarray()
            graph.dense = shared * G[np.ix_(group, group)]
            return graph
        lam, U = np.linalg.eigh(G)
        keep = np.abs(lam) > _EIGEN_CUT * max(float(np.abs(lam).max()), 1e-300)
        graph.factors = np.ascontiguousarray(U[:, keep][group])
        graph.weights = lam[keep]
        graph.diag_factor = G[group, group]
        return graph

    def dot(self, x: Vector) -> Vector:
        if self.dense is not None:
            return self.dense @ x
        assert self.factors is not None and self.weights is not None
        F = self.factors
        Y = self.counts.T @ (F * x[:, None])          # stems x r
        Z = self.counts @ Y                            # sentences x r
        return np.asarray((Z * F) @ self.weights, dtype=np.float64)

    def diagonal(self) -> Vector:
        if self.dense is not None:
            return np.diagonal(self.dense).copy()
        squares = np.asarray(self.counts.multiply(self.counts).sum(axis=1), dtype=np.float64).ravel()
        assert self.diag_factor is not None
        return squares * self.diag_factor

    def row_sums(self) -> Vector:
        if self.dense is not None:
            return np.asarray(self.dense.sum(axis=1), dtype=np.float64)
        return self.dot(np.ones(self.counts.shape[0]))


def cosine_edges(vectors: Any, rows: NDArray[np.int64] | None, threshold: float,
                 work: Vector) -> list[tuple[NDArray[np.int64], Any]]:
    """Rows of the thresholded cosine graph: [(row ids, CSR block of float32 ones)].

    `vectors` are unit rows; `rows` (None: all) are computed against every row, in blocks whose
    word-pair products (`work` per row) stay within BLOCK_WORK.
    """
    ids = np.arange(vectors.shape[0]) if rows is None else np.asarray(rows, dtype=np.int64)
    transposed = vectors.T.tocsc()
    out = []
    for a, b in _row_blocks(work[ids], BLOCK_WORK):
        sim = (vectors[ids[a:b]] @ transposed).tocsr()
        sim.data = (sim.data > threshold).astype(np.float32)
        sim.eliminate_zeros()
        out.append((ids[a:b], sim))
    return out


def pair_work(vectors: Any) -> tuple[float, Vector]:
    """(word-pair products of the whole graph, products of each row): sum of df^2 and of df."""
    df = np.bincount(vectors.indices, minlength=vectors.shape[1]).astype(np.float64)
    pattern = vectors.copy()
    pattern.data = np.ones_like(pattern.data)
    return float(np.sum(df ** 2)), np.asarray(pattern @ df).ravel()
