"""The one pipeline: location -> Page -> Article -> sentences -> Summary.

The app, `reader extract`, `reader summary` and `reader notes` all read through a `Pipeline`,
so a page is loaded, extracted, split and summarised the same way everywhere, with the same
limits and the same summary settings. Each step imports its module on first use, so opening
a local file never pays for httpx and the app's first frame never waits for numpy.

Tests and embedders subclass `Pipeline` to feed pages, articles or failures without the
network; the UI calls it only from worker threads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reader.core.limits import DEFAULT_LIMITS, Limits
from reader.core.models import Article, Page, Sentence, Summary
from reader.core.models import ADAPTIVE, SummaryLength

Progress = Callable[[int, "int | None"], None]


@dataclass(frozen=True, slots=True)
class SummarySettings:
    """The summary every article gets unless the reader asks for another."""

    algorithm: str | None = None          # None: the summarizer's default
    length: SummaryLength = ADAPTIVE


class Pipeline:
    """load -> extract -> segment -> summarize with one set of limits and summary settings."""

    # True when the first article's load and extraction are answered by another process, so a
    # caller waiting on them leaves this process's CPU free for other work meanwhile.
    reads_ahead: bool = False

    def __init__(self, limits: Limits | None = None,
                 summary: SummarySettings | None = None) -> None:
        self.limits = limits or DEFAULT_LIMITS
        self.summary = summary or SummarySettings()

    # ------------------------------------------------------------------ steps
    def load(self, location: str, progress: Progress | None = None) -> Page:
        from reader.core.sources import load
        return load(location, limits=self.limits, progress=progress)

    def extract(self, page: Page) -> Article:
        from reader.core.extract import extract
        return extract(page, limits=self.limits)

    def extract_candidate(self, page: Page, candidate: str) -> Article:
        """The page read with one of the candidates its article lists (`Article.candidates`)."""
        from reader.core.extract import extract
        return extract(page, limits=self.limits, candidate=candidate)

    def remembered(self, page: Page, article: Article, wanted: str | None) -> Article:
        """`article` (the page's first reading) or, when the reader chose another of the
        readings it lists (`wanted`, the library's `candidate`), the page read that way: what
        opening a saved article and `reader library reextract` both show."""
        from reader.core.errors import ReaderError
        if not wanted or wanted == article.candidate or \
                wanted not in {c.name for c in article.candidates}:
            return article
        try:
            return self.extract_candidate(page, wanted)
        except ReaderError:
            return article

    def plain_text(self, page: Page) -> Article:
        """The page's bytes as already clean article text (`reader summary --plain-text`)."""
        from reader.core.extract import from_plain_text
        from reader.core.formats.charset import decode_text
        return from_plain_text(decode_text(page.body, page.charset), location=page.location)

    def read(self, location: str, *, plain_text: bool = False,
             progress: Progress | None = None) -> tuple[Page, Article]:
        """Load and extract `location`: the page (for the library) and its article."""
        page = self.load(location, progress)
        return page, (self.plain_text(page) if plain_text else self.extract(page))

    def sentences(self, article: Article) -> list[Sentence]:
        from reader.core.segment import split_sentences
        return split_sentences(article.text, article.lang)

    def summarize(self, article: Article, sentences: list[Sentence] | None = None, *,
                  algorithm: str | None = None, length: SummaryLength | None = None) -> Summary:
        """The summary with these settings, or the pipeline's own where they are None."""
        from reader.core.summarize import summarize
        return summarize(article, algorithm=algorithm or self.summary.algorithm,
                         length=length or self.summary.length, sentences=sentences,
                         max_sentences=self.limits.max_sentences)

    # ------------------------------------------------------------------ names
    def algorithms(self) -> list[str]:
        from reader.core.summarize import algorithm_names
        return list(algorithm_names())

    def default_algorithm(self) -> str:
        """The algorithm a new article is summarised with."""
        if self.summary.algorithm:
            return self.summary.algorithm
        from reader.core.summarize import DEFAULT_ALGORITHM
        return DEFAULT_ALGORITHM
