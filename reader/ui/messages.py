"""Messages that workers post back to the reading screen.

Workers run the (synchronous) core in threads; they never touch widgets, they post one of
these. Each carries the `worker` that produced it: a newer request in the same exclusive
group cancels the older worker, and the screen drops messages from cancelled workers, so a
superseded answer (another article opened, `+` pressed twice) is never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.worker import Worker

from reader.core.models import Article, Page, Sentence, Summary


@dataclass
class WorkerMessage(Message):
    worker: Worker[Any]

    @property
    def stale(self) -> bool:
        """A newer request of the same kind replaced the one this answers."""
        return self.worker.is_cancelled


@dataclass
class LoadProgress(WorkerMessage):
    """Bytes received so far while fetching (total is None when the size is unknown)."""

    received: int
    total: int | None


@dataclass
class ArticleReady(WorkerMessage):
    """The location was loaded and extracted: the text can be shown (sentences follow)."""

    location: str
    article: Article
    page: Page | None = None  # the original page when it was loaded (the library stores it)
    words: int = 0            # the text's word count (counted in the worker: huge texts)


@dataclass
class SentencesReady(WorkerMessage):
    """The article on screen was split into sentences (`error`: why it could not be)."""

    sentences: list[Sentence]
    error: str | None = None


@dataclass
class LoadFailed(WorkerMessage):
    """Loading or extraction failed; `message` is one sentence for the user."""

    location: str
    message: str
    opened: bool = False  # the page was read, but no article could be made from it


@dataclass
class SummaryReady(WorkerMessage):
    """A summary of the current article was computed."""

    summary: Summary


@dataclass
class SummaryFailed(WorkerMessage):
    """The summary could not be computed; the article stays readable."""

    message: str
