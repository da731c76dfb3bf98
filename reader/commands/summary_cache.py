"""Summaries for exports, taken from the library's summary cache when it has them.

An export of 100,000 articles must not summarise 100,000 texts again each time: a summary is
looked up by the exact text, the algorithm and `settings_for(...)`, everything else that
changes the result (the length asked for, the sentence limit, the article's language, title,
byline and block structure, which the rankers read, and reader's version). Misses are computed
once and written back a batch at a time (one transaction per batch, not per article). Other
parts of the app that summarise a stored article should use the same `settings_for`, so
they share the cache.
"""

from __future__ import annotations

import hashlib
from typing import Any

from reader import __version__
from reader.core.models import Article, Summary
from reader.core.pipeline import Pipeline

FLUSH_EVERY = 200


def settings_for(pipeline: Pipeline, article: Article) -> dict[str, Any]:
    """The cache key's settings part for `article` summarised by `pipeline` (see above)."""
    length = pipeline.summary.length
    shape = hashlib.sha256(repr((article.title, article.byline, article.lang,
                                 [(b.kind, b.start, b.end, b.level) for b in article.blocks])
                                ).encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return {"count": length.count, "ratio": length.ratio,
            "max_sentences": pipeline.limits.max_sentences, "article": shape,
            "reader": __version__}


class CachedSummaries:
    """`summary(article)`: the cached summary, or a new one (None when there is no text or
    summarising fails: an export never fails for want of a summary). Call `flush()` at the
    end (or use it as a context manager) to store what was computed."""

    def __init__(self, library: Any | None, pipeline: Pipeline) -> None:
        self.library = library
        self.pipeline = pipeline
        self.algorithm = pipeline.default_algorithm()
        self.hits = 0
        self.computed = 0
        self._pending: list[tuple[str, Summary, dict[str, Any]]] = []

    def summary(self, article: Article) -> Summary | None:
        if not article.text.strip():
            return None
        settings = settings_for(self.pipeline, article)
        if self.library is not None:
            found = self.library.summaries.get(article.text, self.algorithm, settings)
            if found is not None:
                self.hits += 1
                return found
        summary = self.compute(article)
        if summary is None:
            return None
        self.computed += 1
        if self.library is not None:
            self._pending.append((article.text, summary, settings))
            if len(self._pending) >= FLUSH_EVERY:
                self.flush()
        return summary

    def remember(self, article: Article, summary: Summary | None) -> None:
        """Keep a summary computed elsewhere (a fetch worker) for the next export."""
        if summary is not None and self.library is not None and article.text.strip():
            self._pending.append((article.text, summary, settings_for(self.pipeline, article)))
            if len(self._pending) >= FLUSH_EVERY:
                self.flush()

    def compute(self, article: Article) -> Summary | None:
        """A fresh summary with the cache's algorithm (for `remember`), None if it fails."""
        if not article.text.strip():
            return None
        try:
            return self.pipeline.summarize(article, algorithm=self.algorithm)
        except Exception:  # noqa: BLE001 - the summary is optional
            return None

    def flush(self) -> None:
        if self._pending and self.library is not None:
            pending, self._pending = self._pending, []
            try:
                self.library.summaries.put_many(pending)
            except Exception:  # noqa: BLE001 - a cache that cannot be written is only slower
                pass

    def __enter__(self) -> "CachedSummaries":
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()
