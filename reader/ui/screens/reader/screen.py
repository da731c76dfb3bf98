"""The main reading screen: metadata header, article pane and summary pane, kept in sync.

Loading, extraction and sentence splitting run in one exclusive thread worker (`load`
group): opening something else cancels the previous worker and its late messages are
dropped. Below 100 columns the screen gets the `-narrow` class and the panes stack. The
other concerns live in the parts this screen is made of: summary, find, links, other readings
of the page, annotations.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.widgets import Static
from textual.worker import get_current_worker

from reader.app.crashlog import describe
from reader.core.models import Article, Page
from reader.core.safety import clean_line
from reader.core.models import SummaryLength
from reader.ui.actions import bindings
from reader.ui.locations import fit_location
from reader.ui.messages import ArticleReady, LoadFailed, LoadProgress, SentencesReady
from reader.ui.screens.reader.annotations import AnnotationsPart
from reader.ui.screens.reader.find import FindPart
from reader.ui.screens.reader.links import LinksPart
from reader.ui.screens.reader.readings import ReadingsPart
from reader.ui.screens.reader.summary import SummaryPart
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.find import FindBar
from reader.ui.widgets.footer import ReadingStatus, StatusFooter
from reader.ui.widgets.loading import LoadingPanel
from reader.ui.widgets.metadata_header import MetadataHeader
from reader.ui.widgets.summary_panel import SummaryPanel
from reader.ui.wording import fit_words, open_failure, word_count

if TYPE_CHECKING:
    from reader.store import Library

WELCOME = """\
Nothing is open yet.

  o        open a web address or a saved page (.html, .txt)
  l        the library: articles you opened before
  ?        every key
  ctrl+p   the command palette
  q        quit

From the shell:
  reader https://example.com/story
  reader page.html
  cat page.html | reader -"""

VIEWS = ("both", "article-only", "summary-only")
VIEW_LABELS = {"both": "Article and summary", "article-only": "Article only",
               "summary-only": "Summary only"}
PROGRESS_INTERVAL = 0.1  # seconds between download progress messages
TOAST_WIDTH = 60  # cells of a Textual toast (its CSS: width 60, at most half the screen)


class ReaderScreen(SummaryPart, FindPart, LinksPart, ReadingsPart, AnnotationsPart):
    """Article on the left (top when narrow), numbered summary on the right (bottom)."""

    SCOPE = "reader"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = bindings("reader")

    def __init__(self, *, location: str | None = None, article: Article | None = None,
                 page: Page | None = None, algorithm: str | None = None,
                 length: SummaryLength | None = None, name: str | None = None,
                 id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.sentences = []
        self.algorithm = algorithm
        self.initial_length = length  # each newly opened article starts at this length
        self.length = length
        self.view_mode = "both"
        self.words = 0  # the article's word count: the header's minutes and the footer's
        self._annotations_init()
        # Kept: after unmount the screen's children are gone, but leaving still reads the
        # last position from the view.
        self._article_view = ArticleView(id="article")
        self._initial = (location, article, page)
        self._failed_location: str | None = None
        # Only the location given on the command line may end the app when it fails (like
        # `less`); every open from inside the app reports and keeps the app running.
        self._first_open_pending = False

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        self._preset_classes()
        yield MetadataHeader(id="metadata")
        with Container(id="body", classes=self._initial_state_class()):
            # (the welcome text is mounted when first needed)
            yield LoadingPanel(id="loading")
            with Horizontal(id="panes"):
                yield self._article_view
                yield SummaryPanel(id="summary")
        yield FindBar()
        yield StatusFooter()

    def _initial_state_class(self) -> str:
        """The state the screen opens in (what `on_mount` sets), as #body's first class."""
        location, article, page = self._initial
        return "-loading" if any(x is not None for x in (location, article, page)) else "-empty"

    def _preset_classes(self) -> None:
        """Before the widgets are styled: the breakpoint class Textual adds on the first
        resize and the opening state's class. Added after the widgets are mounted, each one
        restyles them again (the breakpoint: every widget of the screen) before the first
        frame; added here the later switch finds nothing to change."""
        width = self.app.size.width
        names = [name for edge, name in sorted(self.HORIZONTAL_BREAKPOINTS) if width >= edge]
        if names:
            self.add_class(names[-1], update=False)
        self.add_class(self._initial_state_class(), update=False)
        self.update_node_styles(animate=False)  # (the screen alone: it has no children yet)

    def _set_state(self, state: str) -> None:
        """One of "empty", "loading", "ready": which part of #body is shown."""
        body = self.query_one("#body")
        if state == "empty" and not body.query("#welcome"):
            body.mount(Static(Text(WELCOME), id="welcome"), before=0)
        changed = not body.has_class(f"-{state}")
        for name in ("empty", "loading", "ready"):
            # The CSS keys on #body's class; restyling only #body's subtree, once, keeps the
            # switch cheap (a screen class change restyles every widget: ~0.1 s).
            changed |= name != state and body.has_class(f"-{name}")
            self.set_class(name == state, f"-{name}", update=False)
            body.set_class(name == state, f"-{name}", update=False)
        if changed:
            body.update_node_styles()
        self.refresh_bindings()

    def offered(self, action: str) -> bool:
        """Retry after a failure; the article's actions once one is open (help on the empty
        start screen lists what works there: opening, the library, help, quitting)."""
        if action == "retry":
            return self._failed_location is not None
        return self.article is not None

    def footer_hidden(self, action: str) -> bool:
        """With nothing open the footer offers only what works then (open, library, help,
        quit); the article's keys still answer, saying to open something first."""
        return self.article is None

    def on_mount(self) -> None:
        app = self.reader_app
        if app.show_hint:
            self.query_one(ReadingStatus).show_hint(True)
        view = self.article_view
        self.watch(view, "scroll_y", self._scrolled, init=False)
        self.watch(view, "virtual_size", self._update_progress, init=False)
        location, article, page = self._initial
        self._initial = (None, None, None)
        self.header.show_message("reader", "Open a location with o")
        if article is not None:
            self.show_article(article, location=location or article.location)
        elif location is not None or page is not None:
            self.load(location or (page.location if page else ""), page=page)
            self._first_open_pending = True
        else:  # (each state switch restyles #body: skip "empty" when loading at once)
            self._set_state("empty")

    def on_unmount(self) -> None:
        self.flush_notes()

    def on_screen_suspend(self) -> None:
        """Another screen covers this one (the library, help, a dialog): the note and the
        reading position are queued now, so the library lists what the footer showed."""
        self.flush_notes()

    # ----------------------------------------------------------------- loading
    def load(self, location: str, *, page: Page | None = None) -> None:
        """Fetch, extract and segment `location` (or an already read `page`) in a worker."""
        self._first_open_pending = False
        self.query_one(LoadingPanel).start(location)
        self._set_state("loading")
        self._load(location, page)

    def show_article(self, article: Article, *, location: str | None = None) -> None:
        """Show an Article already in memory (library, history, tests); segmenting runs in a
        worker."""
        where = location or article.location
        self._first_open_pending = False
        self.query_one(LoadingPanel).start(where or clean_line(article.title))
        self._set_state("loading")
        self._segment(where, article)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, name="load")
    def _load(self, location: str, page: Page | None) -> None:
        worker = get_current_worker()
        last = 0.0

        def progress(received: int, total: int | None) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_INTERVAL or (total is not None and received >= total):
                last = now
                self.post_message(LoadProgress(worker, received, total))

        pipeline = self.reader_app.pipeline
        opened = page is not None
        try:
            # the library opens while another process reads the page; without one, after it
            # (opening it first would only delay the article on this process's CPU)
            ahead = pipeline.reads_ahead
            wanted = self.remembered_candidate(location) if ahead else None
            if page is None:
                page = pipeline.load(location, progress)
                opened = True
            article = pipeline.extract(page)
            if not ahead:
                wanted = self.remembered_candidate(location)
            article = pipeline.remembered(page, article, wanted)
        except Exception as exc:  # noqa: BLE001 - every failure becomes one sentence
            self.post_message(LoadFailed(worker, location, describe(exc), opened))
            return
        self.post_message(ArticleReady(worker, location, article, page,
                                       word_count(article.text)))
        self.split_sentences(worker, article)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, name="segment")
    def _segment(self, location: str, article: Article) -> None:
        worker = get_current_worker()
        self.post_message(ArticleReady(worker, location, article,
                                       words=word_count(article.text)))
        self.split_sentences(worker, article)

    def on_load_progress(self, message: LoadProgress) -> None:
        if not message.stale:
            self.query_one(LoadingPanel).progress(message.received, message.total)

    def on_load_failed(self, message: LoadFailed) -> None:
        if message.stale:
            return
        reason, shown = clean_line(message.message), clean_line(message.location)
        # Most load errors name the location already ("x.png is not a web page"): said once.
        text = open_failure(shown, reason, opened=message.opened)
        self._failed_location = message.location
        app = self.reader_app
        first, self._first_open_pending = self._first_open_pending, False
        if first and self.article is None and app.exit_on_start_failure:
            app.start_failure = text  # the location given on the command line: nothing to show
            app.exit(return_code=1)
            return
        if message.location.lower().startswith(("http://", "https://")):
            text += f" Press {app.key_of('reader.retry')} to try again."
            self._remember_failure(message.location, reason)
        # A toast wraps at spaces; an address has none, so a long one would break mid-word.
        room = max(20, min(TOAST_WIDTH, app.size.width // 2) - 4)
        app.notify(text.replace(shown, fit_location(shown, room)) if shown else text,
                   title="Nothing to read" if message.opened else "Open failed",
                   severity="error", timeout=10)
        if self.article is not None:
            self._set_state("ready")
        else:
            self.header.show_message("Nothing to read in the page" if message.opened
                                     else "Could not open the location", clean_line(message.message))
            self._set_state("empty")
            app.library_when_nothing_open()  # the toast says why; the library is kept

    def _remember_failure(self, location: str, reason: str) -> None:
        """A web address waiting in the fetch queue (imported, saved for later, failed
        before) keeps this failure and its reason: the library marks it and `reader fetch
        --failed` tries it again."""
        def job(library: Library) -> None:
            item = library.fetch_queue.get(location)
            if item is not None and item.state != "done":
                library.fetch_queue.failed(item.id, reason)

        self.reader_app.library.submit(job, what=None)

    def action_retry(self) -> None:
        """Open again the location whose last attempt failed (a network hiccup, a server down)."""
        location = self._failed_location
        if not location:
            self.app.notify("There is nothing to retry: no address failed to open.", timeout=4)
            return
        self._failed_location = None
        self.reader_app.open_location(location)

    def on_article_ready(self, message: ArticleReady) -> None:
        if message.stale:
            return
        if self.article is not None:
            self.leave_article()
        self._first_open_pending = False
        self._failed_location = None  # retry is for the address that just failed, not an older one
        self.location = message.location
        self.article = message.article
        self.page = message.page
        self.sentences = []
        self.no_sentences = self.summary_error = None
        self.summary = None
        self.length = self.initial_length
        self.words = message.words
        self.header.show_article(message.article, None, words=self.words,
                                 other_key=self.reader_app.key_of("reader.next_reading"))
        self.app.sub_title = clean_line(message.article.title)
        self._set_state("ready")
        view = self.article_view
        view.set_article(message.article, [])
        view.focus()
        self.find_new_text()
        self.mark_links()
        self._update_progress()
        self.reader_app.article_opened(message.location, message.article)
        self.save_article(message.location, message.article, message.page)
        if self.notes_panel is not None and self.notes_panel.display:
            self._attach_notes(self.notes_panel)  # notes open: typing goes on meanwhile
        self.summary_panel.clear("finding sentences…")
        self.summary_panel.set_busy(True)

    def on_sentences_ready(self, message: SentencesReady) -> None:
        if message.stale or self.article is None:
            return
        if message.error:
            self.no_sentences = clean_line(message.error)
            self.summary_panel.set_busy(False)
            self.summary_panel.clear("unavailable")
            self.app.notify(clean_line(message.error), title="Summary failed", severity="error",
                            timeout=10)
            return
        self.sentences = message.sentences
        self.article_view.set_sentences(message.sentences)
        self.header.show_article(self.article, len(message.sentences), words=self.words,
                                 other_key=self.reader_app.key_of("reader.next_reading"))
        self.summary_panel.clear("summarising…")
        # Start the summary once the sentences are painted: its worker's imports (numpy)
        # hold the GIL and would otherwise delay the first view of the text.
        article = self.article

        def start() -> None:
            if article is self.article:
                self.refresh_summary()

        self.call_after_refresh(start)

    # ----------------------------------------------------------------- reading
    def _scrolled(self) -> None:
        self._update_progress()
        self.on_scrolled()

    def _update_progress(self) -> None:
        view = self.article_view
        status = self.query_one(ReadingStatus)
        if view.article is None:
            status.clear_progress()
            return
        start = view.reading_offset()
        at_end = view.layout_complete and view.scroll_y >= view.max_scroll_y
        status.set_progress(start, len(view.article.text), self.words, at_end=at_end)

    def action_copy_sentence(self) -> None:
        if self.needs_article():
            return
        sentence = self.article_view.current_sentence
        if self.article is None or sentence is None:
            self.app.notify("The article is still being split into sentences; try again in a "
                            "moment.", timeout=3)
            return
        text = clean_line(sentence.text_in(self.article.text))
        self.reader_app.copy_text(text)
        self.app.notify(f"Copied sentence {sentence.index + 1}: {fit_words(text, 60)}")

    def action_cycle_view(self) -> None:
        """`v`: both panes -> the article only -> the summary only (handy at 80x24)."""
        if self.needs_article():
            return
        self.set_view(VIEWS[(VIEWS.index(self.view_mode) + 1) % len(VIEWS)])

    def set_view(self, mode: str) -> None:
        self.view_mode = mode
        panes = self.query_one("#panes")
        for name in VIEWS[1:]:
            panes.set_class(mode == name, f"-{name}", update=False)
        panes.update_node_styles()
        if mode == "summary-only":
            self.summary_panel.sentence_list.focus()
        else:
            self.article_view.focus()
        self.app.notify(f"{VIEW_LABELS[mode]}; {self.reader_app.key_of('reader.view')} "
                        f"switches.", timeout=2)

