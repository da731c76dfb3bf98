"""The core calls the app makes, gathered in one object the app receives.

The app only ever calls the core through a `Pipeline`, always from worker threads. Tests and
embedders pass their own (a subclass) to feed articles or failures without touching the core;
the core modules are imported on first use so the app's first frame does not wait for them.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.core.limits import Limits
from reader.core.models import Article, Page, Sentence, Summary

Progress = Callable[[int, int | None], None]


class Pipeline:
    """load -> extract -> segment -> summarize, as the public core API defines them."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits

    def load(self, location: str, progress: Progress | None = None) -> Page:
        from reader.core.sources import load
        return load(location, limits=self.limits, progress=progress)

    def extract(self, page: Page) -> Article:
        from reader.core.extract import extract
        return extract(page, limits=self.limits)

    def sentences(self, article: Article) -> list[Sentence]:
        from reader.core.segment import split_sentences
        return split_sentences(article.text, article.lang)

    def summarize(self, article: Article, sentences: list[Sentence], *, algorithm: str | None,
                  count: int | None) -> Summary:
        from reader.core.summarize import summarize
        return summarize(article, algorithm=algorithm, count=count, sentences=sentences)

    def algorithms(self) -> list[str]:
        from reader.core.summarize import algorithm_names
        return list(algorithm_names())

    def default_algorithm(self) -> str:
        from reader.core.summarize import DEFAULT_ALGORITHM
        return DEFAULT_ALGORITHM

    def default_count(self, n_sentences: int) -> int:
        from reader.core.summarize import default_count
        return default_count(n_sentences)
