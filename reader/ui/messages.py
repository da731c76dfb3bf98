"""Messages that workers post back to the reading screen.

Workers run the (synchronous) core in threads; they never touch widgets, they post one of
these. Each carries the `generation` of the request that started it, so the answer to a
superseded request (the user opened something else, or pressed `+` twice) is ignored.
"""

from __future__ import annotations

from textual.message import Message

from reader.core.models import Article, Page, Sentence, Summary


class LoadProgress(Message):
    """Bytes received so far while fetching (total is None when the size is unknown)."""

    def __init__(self, generation: int, received: int, total: int | None) -> None:
        super().__init__()
        self.generation = generation
        self.received = received
        self.total = total


class ArticleReady(Message):
    """The location was loaded and extracted: the text can be shown.

    `sentences` is usually empty here: splitting a long article takes a while, so the text is
    shown first and `SentencesReady` follows from the same worker.
    """

    def __init__(self, generation: int, location: str, article: Article,
                 sentences: list[Sentence], page: Page | None = None) -> None:
        super().__init__()
        self.generation = generation
        self.location = location
        self.article = article
        self.sentences = sentences
        self.page = page  # the original page when it was loaded (the library stores it)


class SentencesReady(Message):
    """The article on screen was split into sentences (`error`: why it could not be)."""

    def __init__(self, generation: int, sentences: list[Sentence], error: str | None = None) -> None:
        super().__init__()
        self.generation = generation
        self.sentences = sentences
        self.error = error


class LoadFailed(Message):
    """Loading or extraction failed; `message` is one sentence for the user."""

    def __init__(self, generation: int, location: str, message: str) -> None:
        super().__init__()
        self.generation = generation
        self.location = location
        self.message = message


class SummaryReady(Message):
    """A summary of the current article was computed."""

    def __init__(self, generation: int, summary: Summary) -> None:
        super().__init__()
        self.generation = generation
        self.summary = summary


class SummaryFailed(Message):
    """The summary could not be computed; the article stays readable."""

    def __init__(self, generation: int, message: str) -> None:
        super().__init__()
        self.generation = generation
        self.message = message
