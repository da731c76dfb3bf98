"""Our default: position-augmented centrality, length-normalised, with redundancy removal.

    base(s) = centrality(s) * length(s) * prior(s) * (1 + anchor(s))   then greedy MMR over base

- centrality: mean tf-idf cosine of the sentence with every other sentence (degree
  centrality, as in LexRank without the threshold). Computed as s . (sum of all rows) - 1,
  so it is linear in the text, not quadratic.
- length: sentences under 12 words are scaled down (little content), those over 25 words too
  (they crowd a short summary out: ROUGE F1 and readers both prefer several crisp sentences);
  a sentence ending in ":" (a lead-in to a list) counts half.
- prior: (1 - w) + w * exp(-position / tau), tau = max(3, summary length). Its weight w is
  the text's "news-likeness": reporting language ("said", "told", "according to",
  officials, "on Monday"; also "added", "insisted", "the 39-year-old", "Mr", month names)
  in at least 5% of the sentences gives the full weight; essays, documentation and forum
  threads, where the lead is weak, keep only w = 0.3.
- anchor: base * (1 + cosine with the title (when the article has one) plus the opening
  sentence): what the piece says it is about. The opening sentence itself gets no bonus.
- MMR: each next sentence is penalised by its highest cosine with those already chosen
  (lambda), so the summary covers different points.

Tuned on the CNN/DM and XSum dev sets only, by cross-validation (bench/summary_cv.py: tune on
one fold, report the other), with few free parameters (the `Params` fields).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from reader.core.summarize.document import Doc
from reader.core.summarize.terms import Scores, Sparse, matrix, sparse_counts


@dataclass(frozen=True)
class Params:
    """Every tunable number of the algorithm (bench/summary_cv.py searches over these)."""

    tau: float = 3.0                # decay of the position prior, in sentences (at least `need`)
    mmr_lambda: float = 0.6         # relevance vs novelty in MMR
    short_words: int = 12           # below: scaled down linearly
    long_words: int = 25            # above: scaled by long/len
    min_news_weight: float = 0.3    # prior weight on text with no reporting language
    news_saturation: float = 0.05   # share of reporting sentences that gives the full weight
    anchor: float = 1.0             # weight of the similarity to the title and first sentence
    wide_news: bool = True          # news test also counts attribution verbs, ages, honorifics, months


DEFAULT = Params()
_REPORTING = re.compile(
    r"\b(?:said|says|told|according to|reported|announced|spokes(?:man|woman|person)|officials?|"
    r"(?:on|last) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|police|"
    r"minister|president|chief executive)\b",
    re.IGNORECASE,
)
# Further marks of reported news: attribution verbs, "the 39-year-old", honorifics, dates.
_REPORTING_WIDE = re.compile(
    r"\b(?:added|claimed|revealed|insisted|warned|admitted|\d+-year-old|(?-i:Mr|Mrs|Ms)\b\.?|"
    r"last (?:week|month|year|night)|"
    r"(?:january|february|march|april|june|july|august|september|october|november|december))\b",
    re.IGNORECASE,
)


def tfidf(doc: Doc) -> tuple[Sparse, Scores]:
    """Row-normalised tf-idf (sublinear tf, smoothed idf) over content stems, and the idf."""
    from scipy.sparse import diags

    C, _ = matrix(doc, "content_stems")
    m = C.shape[0]
    df = np.bincount(C.indices, minlength=C.shape[1]).astype(np.float64)
    idf = np.log((1.0 + m) / (1.0 + df)) + 1.0
    W = C.copy()
    W.data = 1.0 + np.log(W.data)
    W = (W @ diags(idf)).tocsr()
    return _normalise(W), idf


def _normalise(W: Sparse) -> Sparse:
    from scipy.sparse import diags

    norms = np.sqrt(np.asarray(W.multiply(W).sum(axis=1)).ravel())
    inv = np.where(norms > 0, 1.0 / np.where(norms > 0, norms, 1.0), 0.0)
    return (diags(inv) @ W).tocsr()


def news_weight(doc: Doc, p: Params = DEFAULT, sample: int = 400) -> float:
    """Weight of the lead prior: 1 for news-like reporting, down to `min_news_weight` for other prose."""
    n = min(doc.size, sample)
    if n == 0:
        return p.min_news_weight
    if doc.lang not in (None, "en"):
        return 0.5 + 0.5 * p.min_news_weight  # no reporting-language list for it: stay in between
    hits = sum(1 for k in range(n) if _REPORTING.search(doc.text_of(k))
               or (p.wide_news and _REPORTING_WIDE.search(doc.text_of(k))))
    rate = hits / n
    return p.min_news_weight + (1.0 - p.min_news_weight) * min(1.0, rate / p.news_saturation)


def anchor_similarity(doc: Doc, Wn: Sparse, idf: Scores) -> Scores:
    """Cosine of each sentence with the title plus the first sentence (0 when there is neither)."""
    m = doc.size
    if m == 0:
        return np.zeros(0)
    C, vocab = matrix(doc, "content_stems")
    stop, stem = doc.stop, doc.stem
    title_words = [stem(w) for w in (x.lower() for x in doc.heading_words[0]) if w not in stop] \
        if doc.title and doc.heading_words else []
    T, _ = sparse_counts([title_words], vocab=dict(vocab), grow=False)
    T = T[:, : C.shape[1]]
    T.data = 1.0 + np.log(T.data)
    from scipy.sparse import diags

    T = _normalise((T @ diags(idf)).tocsr())
    query = Wn[0] + T
    qn = np.sqrt(query.multiply(query).sum())
    if qn == 0:
        return np.zeros(m)
    sim = np.asarray((Wn @ (query / qn).T).todense()).ravel()
    sim[0] = 0.0  # the first sentence is not "similar to itself" evidence
    return np.asarray(np.clip(sim, 0.0, 1.0), dtype=np.float64)


def base_scores(doc: Doc, need: int, Wn: Sparse = None, idf: Scores | None = None, p: Params = DEFAULT,
                w: float | None = None) -> Scores:
    m = doc.size
    if Wn is None or idf is None:
        Wn, idf = tfidf(doc)
    total = np.asarray(Wn.sum(axis=0)).ravel()
    self_sim = np.asarray(Wn.multiply(Wn).sum(axis=1)).ravel()  # 1, or 0 for empty rows
    central = np.maximum((Wn @ total - self_sim) / max(m - 1, 1), 0.0)
    if m == 1:
        central = np.ones(1)
    lens = np.array([len(ws) for ws in doc.words], dtype=np.float64)
    length = np.clip(lens / p.short_words, 0.0, 1.0) * np.where(lens > p.long_words, p.long_words / np.maximum(lens, 1), 1.0)
    # A lead-in to a list ("...you will need:") says little on its own.
    lead_in = np.array([0.5 if doc.text_of(k).endswith(":") else 1.0 for k in range(m)])
    length = length * lead_in
    w = news_weight(doc, p) if w is None else w
    tau = max(p.tau, float(need))
    prior = (1.0 - w) + w * np.exp(-np.arange(m) / tau)
    score = central * length * prior
    if p.anchor:
        score = score * (1.0 + p.anchor * anchor_similarity(doc, Wn, idf))
    return np.asarray(score, dtype=np.float64)


def salience(doc: Doc, need: int, p: Params = DEFAULT) -> Scores:
    """Scores: the MMR picks get 1, 1/2, 1/3...; the rest keep base order below zero."""
    m = doc.size
    if m == 0:
        return np.zeros(0)
    Wn, idf = tfidf(doc)
    w = news_weight(doc, p)
    base = base_scores(doc, need, Wn, idf, p, w)
    top = float(base.max()) if m else 0.0
    scores = base / (top if top > 0 else 1.0) - 2.0  # unranked tail: below every pick, base order
    max_sim = np.zeros(m)
    alive = np.ones(m, dtype=bool)
    for r in range(min(m, need + 5)):
        mmr = p.mmr_lambda * base - (1.0 - p.mmr_lambda) * max_sim * top
        mmr[~alive] = -np.inf
        best = int(np.argmax(mmr))
        alive[best] = False
        scores[best] = 1.0 / (1.0 + r)
        max_sim = np.maximum(max_sim, (Wn @ Wn[best].T).toarray().ravel())
    return scores
