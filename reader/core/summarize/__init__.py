"""Extractive summaries linked to the text: sentence indices and scores, never bare strings.

`summarize(article)` ranks the article's candidate sentences with the chosen algorithm (ours by
default, or sumy's by name, vectorised), skips near-duplicates, and returns the chosen
sentences in document order. Heavy imports (numpy, scipy) happen on first use only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.errors import SummaryError
from reader.core.models import Article, Sentence, Summary
from reader.core.summarize.registry import ALGORITHMS, DEFAULT_ALGORITHM, Ranker
from reader.core.summarize.select import default_count

if TYPE_CHECKING:  # numpy loads on first use
    from reader.core.summarize.document import Doc
    from reader.core.summarize.terms import Scores

__all__ = ["summarize", "algorithm_names", "algorithm_label", "DEFAULT_ALGORITHM", "default_count"]


def algorithm_names() -> list[str]:
    """Every algorithm name `summarize` accepts, default first."""
    return list(ALGORITHMS)


def algorithm_label(name: str) -> str:
    """Display name of an algorithm ("LexRank" for "lexrank")."""
    algorithm = ALGORITHMS.get(name.lower())
    return algorithm.label if algorithm else name


def _resolve_count(n: int, count: int | None, ratio: float | None) -> int:
    if count is not None and ratio is not None:
        raise SummaryError("Give either a number of sentences or a ratio, not both.")
    if count is not None:
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise SummaryError("The number of summary sentences must be a whole number of at least 1.")
        return min(count, n)
    if ratio is not None:
        if not 0 < ratio <= 1:
            raise SummaryError("The summary ratio must be greater than 0 and at most 1.")
        return min(n, max(1, round(ratio * n))) if n else 0
    return default_count(n)


def summarize(article: Article, *, algorithm: str | None = None, count: int | None = None,
              ratio: float | None = None, sentences: list[Sentence] | None = None,
              max_sentences: int | None = None) -> Summary:
    """Summarise `article` with `algorithm` (default: ours) to `count` sentences or a `ratio`.

    `sentences` may be passed when the caller has already split `article.text` (the UI does).
    At most `max_sentences` candidates are ranked (Limits.max_sentences by default).
    """
    name = (algorithm or DEFAULT_ALGORITHM).strip().lower()
    spec = ALGORITHMS.get(name)
    if spec is None:
        raise SummaryError(f"Unknown summary algorithm {algorithm!r}; choose one of: "
                           + ", ".join(ALGORITHMS) + ".")
    requested = count if count is not None else ratio
    if not (article.text or "").strip():
        _resolve_count(0, count, ratio)
        return Summary(algorithm=name, sentences=[], scores=[], requested=requested)

    from reader.core.limits import DEFAULT_LIMITS
    from reader.core.summarize.document import build
    from reader.core.summarize.select import choose

    doc = build(article, sentences,
                max_sentences=DEFAULT_LIMITS.max_sentences if max_sentences is None else max_sentences)
    n = _resolve_count(doc.size, count, ratio)
    if n == 0:
        return Summary(algorithm=name, sentences=[], scores=[], requested=requested)
    scores = run_ranker(spec.ranker(), doc, n)
    chosen = choose(doc, scores, n)
    return Summary(
        algorithm=name,
        sentences=[doc.sentences[doc.candidates[k]] for k in chosen],
        scores=[float(scores[k]) for k in chosen],
        requested=requested,
    )


def run_ranker(ranker: Ranker, doc: Doc, need: int) -> Scores:
    """Run a ranking function with one BLAS thread (two made LSA 5-50x slower on 2 cores)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - declared dependency
        return ranker(doc, need)
    with threadpool_limits(limits=1, user_api="blas"):
        return ranker(doc, need)
