"""Vectorised versions of sumy's algorithms that rank sentences the way sumy does.

sumy's implementations are quadratic-to-cubic Python loops (LexRank 62 s, KL > 120 s on long
pages). Each function here reproduces the same formula (including sumy's quirks, noted inline)
with numpy/scipy on sparse sentence-by-term matrices, and returns one score per candidate,
higher = better; ties keep document order, as sumy's stable sort does. tests/test_summarize_
equivalence.py checks that the chosen sentences equal sumy's on the dev articles.

Greedy algorithms (SumBasic, KL) rank one sentence per round; we stop after the rounds the
summary can use (`need` plus a margin for skipped near-duplicates) — the top of the ranking
is unchanged, the tail keeps document order with lower scores.
"""

from __future__ import annotations

import numpy as np

from reader.core.summarize.document import Doc
from reader.core.summarize.terms import matrix, sparse_counts, view

_BLOCK = 512  # rows of a sentence-similarity matrix computed at once (bounds peak memory)


def _rounds(doc: Doc, need: int) -> int:
    return min(doc.size, need * 2 + 10)


def _last_wins(doc: Doc, scores: np.ndarray) -> np.ndarray:
    """sumy keys ratings by sentence text: identical sentences share the last one's rating."""
    last: dict[str, int] = {}
    for k in range(doc.size):
        last[doc.text_of(k)] = k
    if len(last) == doc.size:
        return scores
    out = scores.copy()
    for k in range(doc.size):
        out[k] = scores[last[doc.text_of(k)]]
    return out


def _row_lengths(C) -> np.ndarray:
    return np.asarray(C.sum(axis=1)).ravel()


def lead(doc: Doc, need: int) -> np.ndarray:
    """The first sentences: position is the whole score."""
    return 1.0 / (1.0 + np.arange(doc.size, dtype=np.float64))


def lexrank(doc: Doc, need: int) -> np.ndarray:
    """sumy's LexRank: thresholded (0.1) idf-modified cosine graph, power method (eps 0.1)."""
    from scipy.sparse import csr_matrix, diags, vstack

    C, _ = matrix(doc, "content_stems")
    m = C.shape[0]
    if m == 0:
        return np.zeros(0)
    rowmax = C.max(axis=1).toarray().ravel()
    rowmax[rowmax == 0] = 1.0
    df = np.bincount(C.indices, minlength=C.shape[1]).astype(np.float64)
    idf = np.log(m / (1.0 + df))
    W = (diags(1.0 / rowmax) @ C @ diags(idf)).tocsr()
    norms = np.sqrt(np.asarray(W.multiply(W).sum(axis=1)).ravel())
    inv = np.zeros_like(norms)
    inv[norms > 0] = 1.0 / norms[norms > 0]
    Wn = (diags(inv) @ W).tocsr()
    blocks = []
    WT = Wn.T.tocsc()
    for a in range(0, m, _BLOCK):
        sim = (Wn[a:a + _BLOCK] @ WT).tocsr()
        sim.data = (sim.data > 0.1).astype(np.float64)
        sim.eliminate_zeros()
        blocks.append(sim)
    A = vstack(blocks).tocsr() if blocks else csr_matrix((m, m))
    degrees = np.asarray(A.sum(axis=1)).ravel()
    degrees[degrees == 0] = 1.0
    M = (diags(1.0 / degrees) @ A).tocsr()
    MT = M.T.tocsr()
    p = np.full(m, 1.0 / m)
    lam = 1.0
    for _ in range(10_000):
        if not lam > 0.1:
            break
        nxt = MT @ p
        norm = np.linalg.norm(nxt)
        if norm == 0:
            return np.zeros(m)
        nxt /= norm
        lam = np.linalg.norm(nxt - p)
        p = nxt
    return np.nan_to_num(p)


def _overlap_edges(doc: Doc):
    """sumy's TextRank/Reduction edge: shared word count / (log len1 + log len2), sparse."""
    C, _ = matrix(doc, "content_stems")
    lens = _row_lengths(C)
    loglen = np.zeros_like(lens)
    loglen[lens > 0] = np.log(lens[lens > 0])
    CT = C.T.tocsc()
    blocks = []
    for a in range(0, C.shape[0], _BLOCK):
        R = (C[a:a + _BLOCK] @ CT).tocoo()
        blocks.append((R.row + a, R.col, R.data))
    rows = np.concatenate([b[0] for b in blocks]) if blocks else np.zeros(0, dtype=np.int64)
    cols = np.concatenate([b[1] for b in blocks]) if blocks else np.zeros(0, dtype=np.int64)
    rank = np.concatenate([b[2] for b in blocks]) if blocks else np.zeros(0)
    norm = loglen[rows] + loglen[cols]
    return rows, cols, rank, norm


def textrank(doc: Doc, need: int) -> np.ndarray:
    """sumy's TextRank: overlap graph, row-normalised, PageRank with damping 0.85 (eps 1e-4)."""
    from scipy.sparse import coo_matrix

    m = doc.size
    if m == 0:
        return np.zeros(0)
    rows, cols, rank, norm = _overlap_edges(doc)
    close = np.isclose(norm, 0.0)
    weight = np.where(close, rank, rank / np.where(close, 1.0, norm))
    W = coo_matrix((weight, (rows, cols)), shape=(m, m)).tocsr()
    W.sum_duplicates()
    rowsum = np.asarray(W.sum(axis=1)).ravel() + 1e-7
    W = W.multiply(1.0 / rowsum[:, None]).tocsr()
    WT = W.T.tocsr()
    damping = 0.85
    p = np.full(m, 1.0 / m)
    lam = 1.0
    for _ in range(100_000):
        if not lam > 1e-4:
            break
        nxt = (1.0 - damping) / m * p.sum() + damping * (WT @ p)
        lam = np.linalg.norm(nxt - p)
        p = nxt
    return p


def reduction(doc: Doc, need: int) -> np.ndarray:
    """sumy's Reduction: each sentence's summed overlap edges to every other sentence."""
    m = doc.size
    if m == 0:
        return np.zeros(0)
    rows, cols, rank, norm = _overlap_edges(doc)
    keep = rows != cols
    rows, rank, norm = rows[keep], rank[keep], norm[keep]
    edge = np.where(norm == 0.0, 0.0, rank / np.where(norm == 0.0, 1.0, norm))
    scores = np.bincount(rows, weights=edge, minlength=m)
    # sumy's ratings dict is keyed by text: identical sentences pool their ratings.
    groups: dict[str, list[int]] = {}
    for k in range(m):
        groups.setdefault(doc.text_of(k), []).append(k)
    for members in groups.values():
        if len(members) > 1:
            scores[members] = scores[members].sum()
    return scores


def lsa(doc: Doc, need: int) -> np.ndarray:
    """sumy's LSA, in closed form.

    sumy ranks sentence j by sqrt(sum_i sigma_i^2 * v_ij^2) over *all* singular values
    (its reduction ratio is 1), which is exactly the norm of column j of the term matrix
    (A^T A = V S^2 V^T). So no SVD is needed: same scores, linear time, no 1 GB matrix.
    The matrix is sumy's: counts of dictionary stems, max-tf smoothed with 0.4, where absent
    terms also get 0.4 in any non-empty column.
    """
    m = doc.size
    if m == 0:
        return np.zeros(0)
    stem = doc.stem
    vocab: dict[str, int] = {}
    for ws in list(doc.words) + list(doc.heading_words):
        for w in ws:
            low = w.lower()
            if low not in doc.stop:
                vocab.setdefault(stem(low), len(vocab))
    V = len(vocab)
    if V == 0:
        return np.zeros(m)
    C, _ = sparse_counts(view(doc, "all_stems"), vocab=dict(vocab), grow=False)
    nnz = np.diff(C.indptr)
    mx = C.max(axis=1).toarray().ravel()
    safe = np.where(mx == 0, 1.0, mx)
    vals = 0.4 + 0.6 * C.data / np.repeat(safe, nnz)
    present = np.bincount(np.repeat(np.arange(m), nnz), weights=vals ** 2, minlength=m)
    sq = present + 0.16 * (V - nnz)
    sq[mx == 0] = 0.0
    return np.sqrt(sq)


def luhn(doc: Doc, need: int) -> np.ndarray:
    """sumy's Luhn: best chunk of significant stems (those seen more than once), gap 4."""
    m = doc.size
    counts: dict[str, int] = {}
    stem = doc.stem
    for ws in list(doc.words) + list(doc.heading_words):
        for w in ws:
            low = w.lower()
            if low not in doc.stop:
                s = stem(low)
                counts[s] = counts.get(s, 0) + 1
    significant = {t for t, c in counts.items() if c > 1}
    scores = np.zeros(m)
    gap = 4
    for k, stems in enumerate(view(doc, "all_stems")):
        best = 0.0
        in_chunk = False
        chunk_sig = chunk_len = zeros = 0
        for s in stems:
            sig = s in significant
            if sig and not in_chunk:
                if chunk_len:
                    best = max(best, _chunk_rating(chunk_sig, chunk_len))
                in_chunk = True
                chunk_sig, chunk_len, zeros = 1, 1, 0
            elif in_chunk:
                chunk_len += 1
                if sig:
                    chunk_sig += 1
                    zeros = 0
                else:
                    zeros += 1
            if chunk_len and zeros >= gap:
                in_chunk = False
            if not in_chunk and chunk_len:
                best = max(best, _chunk_rating(chunk_sig, chunk_len - zeros))
                chunk_sig = chunk_len = zeros = 0
        if chunk_len:
            best = max(best, _chunk_rating(chunk_sig, chunk_len - zeros))
        scores[k] = best
    return scores


def _chunk_rating(significant: int, length: int) -> float:
    """Chunk trimmed of trailing non-significant words: sig^2 / len (0 for a single word)."""
    if significant <= 1 or length <= 0:
        return 0.0
    return significant ** 2 / length


def sumbasic(doc: Doc, need: int) -> np.ndarray:
    """sumy's SumBasic: pick the highest mean word probability, then square its words' probabilities."""
    m = doc.size
    if m == 0:
        return np.zeros(0)
    C, _ = matrix(doc, "content_stems")
    lens = _row_lengths(C)
    total = lens.sum()
    p = np.asarray(C.sum(axis=0)).ravel() / (total if total else 1.0)
    scores = np.full(m, -float(m))
    alive = np.ones(m, dtype=bool)
    safe = np.where(lens == 0, 1.0, lens)
    ratings: dict[str, int] = {}  # keyed by text, as sumy's: a repeated sentence takes the later rank
    for r in range(_rounds(doc, need)):
        avg = np.where(lens > 0, (C @ p) / safe, 0.0)
        avg[~alive] = -np.inf
        best = int(np.argmax(avg))
        alive[best] = False
        ratings[doc.text_of(best)] = len(ratings)  # sumy: ratings[sentence] = -len(ratings)
        a, b = C.indptr[best], C.indptr[best + 1]
        for j, c in zip(C.indices[a:b], C.data[a:b]):
            for _ in range(int(c)):
                p[j] *= p[j]
    for k in np.flatnonzero(~alive):
        scores[k] = 1.0 / (1.0 + ratings[doc.text_of(int(k))])
    rest = np.flatnonzero(alive)
    scores[rest] = -1.0 - np.arange(len(rest))  # unranked tail keeps document order
    return scores


def kl(doc: Doc, need: int) -> np.ndarray:
    """sumy's KL-Sum: greedily add the sentence that makes the summary's word distribution
    closest (KL divergence) to the document's.

    Quirks kept for identical choices: the document distribution filters stop words before
    lower-casing; the summary side counts its sentences' raw words (any case, stop words too).
    """
    m = doc.size
    if m == 0:
        return np.zeros(0)
    stop = doc.stop
    keys: dict[str, int] = {}
    doc_counts: list[int] = []
    for ws in doc.words:
        for w in ws:
            if w not in stop:
                j = keys.setdefault(w.lower(), len(keys))
                if j == len(doc_counts):
                    doc_counts.append(0)
                doc_counts[j] += 1
    V = max(len(keys), 1)
    d = np.array(doc_counts + [0] * (V - len(doc_counts)), dtype=np.float64)
    d /= max(d.sum(), 1.0)
    dlogd = np.where(d > 0, d * np.log(np.where(d > 0, d, 1.0)), 0.0)
    C, _ = sparse_counts(view(doc, "content_lower"), vocab=dict(keys), grow=False)
    lens = np.array([len(ws) for ws in view(doc, "content_lower")], dtype=np.float64)
    raw_lens = np.array([len(ws) for ws in doc.words], dtype=np.float64)
    raw_rows = [[keys[w] for w in ws if w in keys] for ws in doc.words]
    nnz = np.diff(C.indptr)
    row_of = np.repeat(np.arange(m), nnz)
    cols, cvals = C.indices, C.data
    dc = d[cols]
    S = np.zeros(V)
    L_S = 0.0
    scores = np.full(m, -float(m))
    alive = np.ones(m, dtype=bool)
    ratings: dict[str, int] = {}  # keyed by text, as sumy's: a repeated sentence takes the later rank
    for r in range(_rounds(doc, need)):
        inS = S[cols] > 0
        Sc = S[cols]
        # terms for words of the candidate: new words add d log d - d log c and count in D;
        # words already in the summary correct the summary's term from log S to log(c + S).
        term_new = np.where(inS, 0.0, dlogd[cols] - dc * np.log(cvals))
        term_upd = np.where(inS, dc * (np.log(np.where(inS, Sc, 1.0)) - np.log(cvals + Sc)), 0.0)
        corr = np.bincount(row_of, weights=term_new + term_upd, minlength=m)
        d_new = np.bincount(row_of, weights=np.where(inS, 0.0, dc), minlength=m)
        sup = S > 0
        A_S = float(np.sum(dlogd[sup] - d[sup] * np.log(S[sup]))) if sup.any() else 0.0
        D_S = float(d[sup].sum())
        T = lens + L_S
        with np.errstate(divide="ignore", invalid="ignore"):
            klv = A_S + corr + np.log(np.where(T > 0, T, 1.0)) * (D_S + d_new)
        klv[T == 0] = 0.0
        klv[~alive] = np.inf
        best = int(np.argmin(klv))
        alive[best] = False
        ratings[doc.text_of(best)] = len(ratings)  # sumy: ratings[sentence] = -len(ratings)
        for j in raw_rows[best]:
            S[j] += 1
        L_S += raw_lens[best]
    for k in np.flatnonzero(~alive):
        scores[k] = 1.0 / (1.0 + ratings[doc.text_of(int(k))])
    rest = np.flatnonzero(alive)
    scores[rest] = -1.0 - np.arange(len(rest))
    return scores


# English cue words for Edmundson (sumy ships none; its defaults are Czech).
BONUS_WORDS = frozenset("""
important importantly significant significantly key main major essential crucial critical
central fundamental primary principal conclude concluded conclusion summary summarize
overall result results found finds show shows showed shown reveal revealed evidence
announced confirmed decided first new because therefore thus consequently
""".split())
STIGMA_WORDS = frozenset("""
hardly perhaps maybe possibly apparently allegedly reportedly somewhat seemingly
incidentally anyway anyhow meanwhile aside lol btw click subscribe advertisement
sponsored cookie cookies newsletter
""".split())


def edmundson(doc: Doc, need: int, bonus: frozenset[str] | None = None,
              stigma: frozenset[str] | None = None) -> np.ndarray:
    """sumy's Edmundson (cue + title + location; key weight 0), cue words English-only."""
    m = doc.size
    if m == 0:
        return np.zeros(0)
    stem = doc.stem
    english = doc.lang in (None, "en")
    bonus = (BONUS_WORDS if english else frozenset()) if bonus is None else bonus
    stigma = (STIGMA_WORDS if english else frozenset()) if stigma is None else stigma
    bonus_s = frozenset(stem(w) for w in bonus)
    stigma_s = frozenset(stem(w) for w in stigma)
    null_s = frozenset(stem(w) for w in doc.stop)
    significant = {s for ws in doc.heading_words for s in (stem(w) for w in ws) if s not in null_s}
    stems = view(doc, "all_stems")
    scores = np.zeros(m)
    cue_on = bool(bonus_s) and bool(stigma_s)
    for k, ss in enumerate(stems):
        hits = sum(1 for s in ss if s in significant)
        cue = (sum(1 for s in ss if s in bonus_s) - sum(1 for s in ss if s in stigma_s)) if cue_on else 0
        scores[k] = cue + 2 * hits  # title method + location's heading term (w_h = 1)
    n_groups = max(list(doc.groups) + list(doc.heading_groups)) + 1
    by_group: dict[int, list[int]] = {}
    for k, g in enumerate(doc.groups):
        by_group.setdefault(g, []).append(k)
    for g, members in by_group.items():
        bonus_p = 1 if g == 0 or g == n_groups - 1 else 0
        for order, k in enumerate(members):
            scores[k] += bonus_p + (1 if order == 0 or order == len(members) - 1 else 0)
    return _last_wins(doc, scores)
