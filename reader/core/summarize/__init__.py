"""Extractive summaries linked to the text: sentence indices and scores, never bare strings.

`summarize(article)` ranks the article's candidate sentences with the chosen algorithm (ours by
default, or sumy's by name, vectorised), skips near-duplicates, and returns the chosen
sentences in document order. Heavy imports (numpy, scipy) happen on first use only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.errors import SummaryError
from reader.core.models import Article, Sentence, Summary
from reader.core.models import ADAPTIVE, SummaryLength
from reader.core.summarize.registry import ALGORITHMS, DEFAULT_ALGORITHM, Ranker
from reader.core.summarize.select import default_count

if TYPE_CHECKING:  # numpy loads on first use
    from reader.core.summarize.document import Doc
    from reader.core.summarize.terms import Scores

__all__ = ["summarize", "algorithm_names", "algorithm_label", "DEFAULT_ALGORITHM", "default_count",
           "SummaryLength", "ADAPTIVE"]


def algorithm_names() -> list[str]:
    """Every algorithm name `summarize` accepts, default first."""
    return list(ALGORITHMS)


def algorithm_label(name: str) -> str:
    """Display name of an algorithm ("LexRank" for "lexrank")."""
    algorithm = ALGORITHMS.get(name.lower())
    return algorithm.label if algorithm else name


def summarize(article: Article, *, algorithm: str | None = None,
              length: SummaryLength | None = None, count: int | None = None,
              ratio: float | None = None, sentences: list[Sentence] | None = None,
              max_sentences: int | None = None) -> Summary:
    """Summarise `article` with `algorithm` (default: ours) to `length` (default: adaptive).

    `count` / `ratio` are shorthands for `length=SummaryLength(count, ratio)`.

    `sentences` may be passed when the caller has already split `article.text` (the UI does).
    At most `max_sentences` candidates are ranked (Limits.max_sentences by default).
    """
    name = (algorithm or DEFAULT_ALGORITHM).strip().lower()
    spec = ALGORITHMS.get(name)
    if spec is None:
        raise SummaryError(f"Unknown summary algorithm {algorithm!r}; choose one of: "
                           + ", ".join(ALGORITHMS) + ".")
    if count is not None or ratio is not None:
        if length is not None:
            raise SummaryError("Give either a summary length or a count/ratio, not both.")
        length = SummaryLength(count=count, ratio=ratio)
    length = length or ADAPTIVE
    if not (article.text or "").strip():
        return Summary(algorithm=name, sentences=[], scores=[], length=length)

    from reader.core.limits import DEFAULT_LIMITS
    from reader.core.summarize.document import build
    from reader.core.summarize.select import choose

    doc = build(article, sentences,
                max_sentences=DEFAULT_LIMITS.max_sentences if max_sentences is None else max_sentences)
    n = length.sentences_for(doc.size)
    if n == 0:
        return Summary(algorithm=name, sentences=[], scores=[], length=length)
    scores = run_ranker(spec.ranker(), doc, n)
    chosen = choose(doc, scores, n)
    return Summary(
        algorithm=name,
        sentences=[doc.sentences[doc.candidates[k]] for k in chosen],
        scores=[float(scores[k]) for k in chosen],
        length=length,
    )


def run_ranker(ranker: Ranker, doc: Doc, need: int) -> Scores:
    """Run a ranking function with one BLAS thread (two made LSA 5-50x slower on 2 cores)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - declared dependency
        return ranker(doc, need)
    with threadpool_limits(limits=1, user_api="blas"):
        return ranker(doc, need)
