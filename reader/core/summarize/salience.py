"""Our default: position-augmented centrality, length-normalised, with redundancy removal.

    base(s) = centrality(s) * length(s) * prior(s)      then greedy MMR over base

- centrality: mean tf-idf cosine of the sentence with every other sentence (degree
  centrality, as in LexRank without the threshold). Computed as s . (sum of all rows) - 1,
  so it is linear in the text, not quadratic.
- length: sentences under 12 words are scaled down (little content), those over 25 words too
  (they crowd a short summary out: ROUGE F1 and readers both prefer several crisp sentences);
  a sentence ending in ":" (a lead-in to a list) counts half.
- prior: (1 - w) + w * exp(-position / tau), tau = max(3, summary length). Its weight w is
  the text's "news-likeness": reporting language ("said", "told", "according to",
  officials, "on Monday") in at least 5% of the sentences gives the full weight; essays,
  documentation and forum threads, where the lead is weak, keep only w = 0.3.
- MMR: each next sentence is penalised by its highest cosine with those already chosen
  (lambda 0.6), so the summary covers different points.

Tuned on the CNN/DM and XSum dev sets only, with few free parameters (tau, lambda, the two
length bounds, the news weight); bench/summary.py reports it next to Lead-3 and sumy's.
"""

from __future__ import annotations

import re

import numpy as np

from reader.core.summarize.document import Doc
from reader.core.summarize.terms import matrix

TAU = 3.0
MMR_LAMBDA = 0.6
SHORT_WORDS = 12
LONG_WORDS = 25
MIN_NEWS_WEIGHT = 0.3
NEWS_SATURATION = 0.05
_REPORTING = re.compile(
    r"\b(?:said|says|told|according to|reported|announced|spokes(?:man|woman|person)|officials?|"
    r"(?:on|last) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|police|"
    r"minister|president|chief executive)\b",
    re.IGNORECASE,
)


def tfidf(doc: Doc):
    """Row-normalised tf-idf (sublinear tf, smoothed idf) over content stems."""
    from scipy.sparse import diags

    C, _ = matrix(doc, "content_stems")
    m = C.shape[0]
    df = np.bincount(C.indices, minlength=C.shape[1]).astype(np.float64)
    idf = np.log((1.0 + m) / (1.0 + df)) + 1.0
    W = C.copy()
    W.data = 1.0 + np.log(W.data)
    W = (W @ diags(idf)).tocsr()
    norms = np.sqrt(np.asarray(W.multiply(W).sum(axis=1)).ravel())
    inv = np.where(norms > 0, 1.0 / np.where(norms > 0, norms, 1.0), 0.0)
    return (diags(inv) @ W).tocsr()


def news_weight(doc: Doc, sample: int = 400) -> float:
    """Weight of the lead prior: 1 for news-like reporting, down to 0.3 for other prose."""
    n = min(doc.size, sample)
    if n == 0:
        return MIN_NEWS_WEIGHT
    if doc.lang not in (None, "en"):
        return 0.5 + 0.5 * MIN_NEWS_WEIGHT  # no reporting-language list for it: stay in between
    hits = sum(1 for k in range(n) if _REPORTING.search(doc.text_of(k)))
    rate = hits / n
    return MIN_NEWS_WEIGHT + (1.0 - MIN_NEWS_WEIGHT) * min(1.0, rate / NEWS_SATURATION)


def base_scores(doc: Doc, need: int, Wn=None) -> np.ndarray:
    m = doc.size
    Wn = tfidf(doc) if Wn is None else Wn
    total = np.asarray(Wn.sum(axis=0)).ravel()
    self_sim = np.asarray(Wn.multiply(Wn).sum(axis=1)).ravel()  # 1, or 0 for empty rows
    central = np.maximum((Wn @ total - self_sim) / max(m - 1, 1), 0.0)
    if m == 1:
        central = np.ones(1)
    lens = np.array([len(ws) for ws in doc.words], dtype=np.float64)
    length = np.clip(lens / SHORT_WORDS, 0.0, 1.0) * np.where(lens > LONG_WORDS, LONG_WORDS / np.maximum(lens, 1), 1.0)
    # A lead-in to a list ("...you will need:") says little on its own.
    lead_in = np.array([0.5 if doc.text_of(k).endswith(":") else 1.0 for k in range(m)])
    length = length * lead_in
    w = news_weight(doc)
    tau = max(TAU, float(need))
    prior = (1.0 - w) + w * np.exp(-np.arange(m) / tau)
    return central * length * prior


def salience(doc: Doc, need: int) -> np.ndarray:
    """Scores: the MMR picks get 1, 1/2, 1/3...; the rest keep base order below zero."""
    m = doc.size
    if m == 0:
        return np.zeros(0)
    Wn = tfidf(doc)
    base = base_scores(doc, need, Wn)
    top = float(base.max()) if m else 0.0
    scores = base / (top if top > 0 else 1.0) - 2.0  # unranked tail: below every pick, base order
    max_sim = np.zeros(m)
    alive = np.ones(m, dtype=bool)
    for r in range(min(m, need + 5)):
        mmr = MMR_LAMBDA * base - (1.0 - MMR_LAMBDA) * max_sim * top
        mmr[~alive] = -np.inf
        best = int(np.argmax(mmr))
        alive[best] = False
        scores[best] = 1.0 / (1.0 + r)
        max_sim = np.maximum(max_sim, (Wn @ Wn[best].T).toarray().ravel())
    return scores
