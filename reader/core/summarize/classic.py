"""Vectorised versions of sumy's algorithms that rank sentences the way sumy does.

sumy's implementations are quadratic-to-cubic Python loops (LexRank 62 s, KL > 120 s on long
pages). Each function here reproduces the same formula (including sumy's quirks, noted inline)
with numpy/scipy on sparse sentence-by-term matrices, and returns one score per candidate,
higher = better; ties keep document order, as sumy's stable sort does. The similarity graphs of
LexRank, TextRank and Reduction live in `graphs.py` (bounded at the 20,000-sentence limit).
tests/core/test_summarize_equivalence.py checks that the chosen sentences equal sumy's.

sumy keys its ratings by sentence text; `document.build` never makes two candidates of the same
text, so that quirk needs no emulation here.

Greedy algorithms (SumBasic, KL) rank one sentence per round; we stop after the rounds the
summary can use (`need` plus a margin for skipped near-duplicates) — the top of the ranking
is unchanged, the tail keeps document order with lower scores.
"""

from __future__ import annotations

import numpy as np

from reader.core.summarize.document import Doc
from reader.core.summarize import graphs
from reader.core.summarize.graphs import OverlapGraph
from reader.core.summarize.terms import Scores, Sparse, matrix, sparse_counts, view


def _rounds(doc: Doc, need: int) -> int:
    return min(doc.size, need * 2 + 10)


def _row_lengths(C: Sparse) -> Scores:
    return np.asarray(C.sum(axis=1)).ravel()


def lead(doc: Doc, need: int) -> Scores:
    """The first sentences: position is the whole score."""
    return 1.0 / (1.0 + np.arange(doc.size, dtype=np.float64))


def lexrank(doc: Doc, need: int) -> Scores:
    """sumy's LexRank: thresholded (0.1) idf-modified cosine graph, power method (eps 0.1).

    Exact up to graphs.EXACT_MAX candidates, and beyond while the graph costs at most
    graphs.PAIRS_PER_SENTENCE word-pair products per candidate; past that, `_lexrank_sampled`.
    """
    from scipy.sparse import diags

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
    unit = (diags(inv) @ W).tocsr()
    total, work = graphs.pair_work(unit)
    if m > graphs.EXACT_MAX and total > graphs.PAIRS_PER_SENTENCE * m:
        return _lexrank_sampled(unit, total, work, need)
    edges = graphs.cosine_edges(unit, None, 0.1, work)
    degrees = np.concatenate([np.diff(block.indptr) for _, block in edges]).astype(np.float64)
    degrees[degrees == 0] = 1.0
    p = np.full(m, 1.0 / m)
    lam = 1.0
    for _ in range(10_000):
        if not lam > 0.1:
            break
        y = p / degrees
        nxt = np.zeros(m)
        for ids, block in edges:  # A.T @ y, block by block
            nxt += block.T @ y[ids]
        norm = np.linalg.norm(nxt)
        if norm == 0:
            return np.zeros(m)
        nxt /= norm
        lam = float(np.linalg.norm(nxt - p))
        p = nxt
    return np.nan_to_num(p)


def _lexrank_sampled(unit: Sparse, total: float, work: Scores, need: int) -> Scores:
    """LexRank past the exact budget: sumy's two power steps, on a sampled graph.

    The exact graph grows with the square of the text (ordinary prose links each sentence to
    about 1% of the others), so it is not built. From a uniform start, sumy's power method
    (eps 0.1) stops after two or three steps: score(i) = sum over neighbours j of
    p1(j) / deg(j), with p1(j) = sum over neighbours l of j of 1 / deg(l). Here an evenly
    spaced sample of probe sentences is compared with every candidate (half the budget), which
    estimates every degree and p1; the candidates that estimate ranks first (the shortlist, the
    other half) then get their exact neighbours, so their score sums over their true
    neighbourhood. Work: 2 x PAIRS_PER_SENTENCE word-pair products per candidate.
    """
    m = unit.shape[0]
    budget = graphs.PAIRS_PER_SENTENCE * m
    count = int(min(m, max(1.0, m * (budget / 2) / total)))
    probes = np.unique(np.floor(np.arange(count) * (m / count)).astype(np.int64))
    scale = m / len(probes)
    rows = graphs.cosine_edges(unit, probes, 0.1, work)
    probe_degree = np.concatenate([np.diff(block.indptr) for _, block in rows]).astype(np.float64)
    probe_degree[probe_degree == 0] = 1.0

    def through_probes(values: Scores) -> Scores:
        """scale * sum over probes p linked to i of values[p]: a sampled A @ values."""
        out = np.zeros(m)
        for ids, block in rows:  # the graph is symmetric: probe rows are probe columns
            out += block.T @ values[np.searchsorted(probes, ids)]
        out *= scale
        return out

    degree = np.maximum(through_probes(np.ones(len(probes))), 1.0)
    p1 = through_probes(1.0 / probe_degree)
    estimate = through_probes(p1[probes] / probe_degree)
    order = np.argsort(-estimate, kind="stable")
    size = int(np.searchsorted(np.cumsum(work[order]), budget / 2, side="right"))
    shortlist = np.sort(order[:max(size, min(m, 4 * need + 20))])
    top = max(float(estimate.max()), 1e-300)
    scores: Scores = estimate / top - 2.0  # below every shortlisted sentence
    exact = np.concatenate([block @ (p1 / degree) for _, block in
                            graphs.cosine_edges(unit, shortlist, 0.1, work)])
    scores[shortlist] = exact / max(float(exact.max()), 1e-300)
    return scores


def _overlap(doc: Doc, single: float) -> OverlapGraph:
    """sumy's TextRank/Reduction edge: shared word count / (log len1 + log len2)."""
    C, _ = matrix(doc, "content_stems")
    return OverlapGraph.build(C, single)


def textrank(doc: Doc, need: int) -> Scores:
    """sumy's TextRank: overlap graph, row-normalised, PageRank with damping 0.85 (eps 1e-4).

    Two one-word sentences with the same word get weight 1 (sumy: the shared count).
    """
    m = doc.size
    if m == 0:
        return np.zeros(0)
    graph = _overlap(doc, single=1.0)
    scale = 1.0 / (graph.row_sums() + 1e-7)  # sumy's zero-division guard
    damping = 0.85
    p = np.full(m, 1.0 / m)
    lam = 1.0
    for _ in range(100_000):
        if not lam > 1e-4:
            break
        # M.T @ p with M = (1 - d) / m + d * S / rowsum; S is symmetric
        nxt = (1.0 - damping) / m * p.sum() + damping * graph.dot(p * scale)
        lam = float(np.linalg.norm(nxt - p))
        p = nxt
    return np.asarray(p, dtype=np.float64)


def reduction(doc: Doc, need: int) -> Scores:
    """sumy's Reduction: each sentence's summed overlap edges to every other sentence."""
    m = doc.size
    if m == 0:
        return np.zeros(0)
    graph = _overlap(doc, single=0.0)
    return np.asarray(graph.row_sums() - graph.diagonal(), dtype=np.float64)


def lsa(doc: Doc, need: int) -> Scores:
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
    return np.asarray(np.sqrt(sq), dtype=np.float64)


def luhn(doc: Doc, need: int) -> Scores:
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


def sumbasic(doc: Doc, need: int) -> Scores:
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
    picked: list[int] = []
    for r in range(_rounds(doc, need)):
        avg = np.where(lens > 0, (C @ p) / safe, 0.0)
        avg[~alive] = -np.inf
        best = int(np.argmax(avg))
        alive[best] = False
        picked.append(best)  # sumy: ratings[sentence] = -len(ratings)
        a, b = C.indptr[best], C.indptr[best + 1]
        for j, c in zip(C.indices[a:b], C.data[a:b]):
            for _ in range(int(c)):
                p[j] *= p[j]
    scores[picked] = 1.0 / (1.0 + np.arange(len(picked)))
    rest = np.flatnonzero(alive)
    scores[rest] = -1.0 - np.arange(len(rest))  # unranked tail keeps document order
    return scores


def kl(doc: Doc, need: int) -> Scores:
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
    picked: list[int] = []
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
        picked.append(best)  # sumy: ratings[sentence] = -len(ratings)
        for j in raw_rows[best]:
            S[j] += 1
        L_S += raw_lens[best]
    scores[picked] = 1.0 / (1.0 + np.arange(len(picked)))
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
              stigma: frozenset[str] | None = None) -> Scores:
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
    return scores
