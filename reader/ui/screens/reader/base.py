"""What every part of the reading screen shares: its state and its widgets.

The reading screen is one `Screen` assembled from parts by concern (summary, find, links,
annotations: the sibling modules), each a class over this base, so each part's actions and
handlers live with the code they use while the screen's state has one home.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen
from textual.worker import Worker

from reader.app.crashlog import describe
from reader.core.models import Article, Page, Sentence, Summary, SummaryLength
from reader.ui.actions import Scoped
from reader.ui.messages import SentencesReady
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.find import FindBar
from reader.ui.widgets.metadata_header import MetadataHeader
from reader.ui.widgets.summary_panel import SummaryPanel

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


class ReaderScreenBase(Scoped, Screen[None]):
    """The state of the article on screen; the parts read and change it here."""

    location: str | None = None          # what was opened (URL, path, `-`)
    article: Article | None = None
    page: Page | None = None             # the article's original page, when it is at hand
    sentences: list[Sentence]
    summary: Summary | None = None
    algorithm: str | None = None         # None: the pipeline's default
    length: SummaryLength | None = None  # None: the pipeline's default for each new article
    no_sentences: str | None = None      # why the article could not be split (no summary)
    summary_error: str | None = None     # why the last summary could not be computed

    @property
    def reader_app(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    _article_view: ArticleView

    @property
    def article_view(self) -> ArticleView:
        return self._article_view

    @property
    def summary_panel(self) -> SummaryPanel:
        return self.query_one("#summary", SummaryPanel)

    @property
    def header(self) -> MetadataHeader:
        return self.query_one("#metadata", MetadataHeader)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)

    def split_sentences(self, worker: Worker[Any], article: Article) -> None:
        """Second half of a load job: the text is on screen, now find its sentences."""
        if worker.is_cancelled:
            return
        try:
            sentences = self.reader_app.pipeline.sentences(article)
        except Exception as exc:  # noqa: BLE001
            self.post_message(SentencesReady(worker, [], describe(exc)))
            return
        self.post_message(SentencesReady(worker, sentences))

    def needs_article(self, what: str = "") -> bool:
        """True when nothing is open (and says so): every key that acts on the article calls
        this, so none is silent with nothing open."""
        if self.article is not None:
            return False
        self.app.notify(f"Open an article first ({self.reader_app.key_of('app.open')} opens "
                        f"one, {self.reader_app.key_of('app.library')} lists the library){what}.",
                        timeout=4)
        return True
