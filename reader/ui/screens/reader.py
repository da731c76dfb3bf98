"""The main reading screen: metadata header, article pane and summary pane, kept in sync.

State lives here (article, sentences, summary, algorithm, length); the core runs in thread
workers that post `reader.ui.messages` back. Each request bumps a generation counter and a
reply from an older request is dropped, so rapid `+`/`-`/`a` or a new `o` never shows stale
results. Below 100 columns the screen gets the `-narrow` class and the panes stack.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widgets import Static

from reader.core.models import Article, Page, Sentence, Summary
from reader.core.safety import clean_line
from reader.crashlog import describe
from reader.ui.messages import (
    ArticleReady, LoadFailed, LoadProgress, SentencesReady, SummaryFailed, SummaryReady)
from reader.ui.pipeline import Pipeline
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.loading import LoadingPanel
from reader.ui.widgets.metadata_header import MetadataHeader
from reader.ui.widgets.summary_panel import SummaryPanel
from reader.ui.ux import ScreenUX
from reader.ui.notes_ux import NotesUX
from reader.ui.widgets.find import FindBar
from reader.ui.widgets.status import StatusFooter

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


class ReaderScreen(Screen):
    """Article on the left (top when narrow), numbered summary on the right (bottom)."""

    HELP_GROUP = "Reading"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("c", "copy_summary", "Copy", id="reader.copy_summary",
                tooltip="Copy the summary as Markdown (title, link, sentences)"),
        Binding("y", "copy_sentence", "Copy sentence", show=False, id="reader.copy_sentence",
                tooltip="Copy the sentence under the reading cursor"),
        Binding("plus,equals_sign", "longer", "Longer", key_display="+", id="reader.longer",
                tooltip="Add a sentence to the summary"),
        Binding("minus", "shorter", "Shorter", key_display="-", id="reader.shorter",
                tooltip="Remove a sentence from the summary"),
        Binding("a", "next_algorithm", "Algorithm", id="reader.next_algorithm",
                tooltip="Summarise with the next algorithm"),
        # Find, links and browser: implemented in reader/ui/ux.py (ScreenUX).
        Binding("slash", "find", "Find", key_display="/", id="reader.find",
                tooltip="Find in the article; n / N (or down / up in the bar): next / previous"),
        Binding("n", "find_next", "Next match", show=False, priority=True,
                id="reader.find_next", tooltip="While finding"),
        Binding("N", "find_previous", "Previous match", show=False, priority=True,
                id="reader.find_previous", tooltip="While finding"),
        Binding("escape", "close_find", "Close find", show=False, id="reader.close_find"),
        Binding("f", "links", "Links", show=False, id="reader.links",
                tooltip="List the article's links (enter: open here, b: browser)"),
        Binding("enter", "open_link", "Open link", show=False, id="reader.open_link",
                tooltip="Open the link in the sentence under the cursor"),
        Binding("B", "open_in_browser", "Open in browser", show=False, id="reader.browser",
                tooltip="The link under the cursor, else this article, in the web browser"),
        Binding("s", "toggle_summary_highlights", "Summary marks", show=False,
                id="reader.summary_marks",
                tooltip="Show or hide the summary's sentences highlighted in the article"),
        Binding("v", "cycle_view", "View", show=False, id="reader.view",
                tooltip="Both panes, the article only, or the summary only"),
        Binding("Y", "copy_summary_text", "Copy summary text", show=False,
                id="reader.copy_summary_text",
                tooltip="Copy only the summary's sentences, one per line"),
        # Notes and highlights: implemented in reader/ui/notes_ux.py (NotesUX).
        Binding("n", "notes", "Notes", id="reader.notes",
                tooltip="Write notes beside the article (saved as you type; Escape leaves)"),
        Binding("h", "highlight", "Highlight", id="reader.highlight",
                tooltip="Highlight the sentence under the cursor (again: remove it)"),
        Binding("H", "highlight_note", "Highlight note", show=False, id="reader.highlight_note",
                tooltip="Write a note for the highlight under the cursor"),
        Binding("C", "copy_notes", "Copy notes", show=False, id="reader.copy_notes",
                tooltip="Copy this article's notes and highlights as Markdown"),
        Binding("r", "retry", "Retry", show=False, id="reader.retry",
                tooltip="Try again to open the location that just failed"),
    ]

    def __init__(self, pipeline: Pipeline, *, location: str | None = None,
                 article: Article | None = None, page: Page | None = None,
                 algorithm: str | None = None, count: int | None = None,
                 name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.pipeline = pipeline
        self.location: str | None = location
        self.article: Article | None = None
        self.sentences: list[Sentence] = []
        self.summary: Summary | None = None
        self.algorithm: str | None = algorithm
        self.count: int | None = count
        self.default_count: int | None = count  # length for each newly opened article
        self._initial = (location, article, page)
        self._load_generation = 0
        self._summary_generation = 0
        self._last_progress = 0.0

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield MetadataHeader(id="metadata")
        with Container(id="body"):
            yield Static(Text(WELCOME), id="welcome")
            yield LoadingPanel(id="loading")
            with Horizontal(id="panes"):
                yield ArticleView(id="article")
                yield SummaryPanel(id="summary")
        yield FindBar()
        yield StatusFooter()

    @property
    def article_view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def summary_panel(self) -> SummaryPanel:
        return self.query_one("#summary", SummaryPanel)

    @property
    def header(self) -> MetadataHeader:
        return self.query_one("#metadata", MetadataHeader)

    def _set_state(self, state: str) -> None:
        """One of "empty", "loading", "ready": which part of #body is shown."""
        body = self.query_one("#body")
        for name in ("empty", "loading", "ready"):
            # The CSS keys on #body's class; restyling only #body's subtree, once, keeps the
            # switch cheap (a screen class change restyles every widget: ~0.1 s).
            self.set_class(name == state, f"-{name}", update=False)
            body.set_class(name == state, f"-{name}", update=False)
        body.update_node_styles()
        self.refresh_bindings()

    NEEDS_ARTICLE = frozenset({"copy_summary", "copy_sentence", "longer", "shorter",
                               "next_algorithm"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Summary keys are shown dimmed (and do nothing) until an article is open."""
        if action in self.NEEDS_ARTICLE and self.article is None:
            return None
        return True

    def on_mount(self) -> None:
        self.ux = ScreenUX(self)
        self.notes_ux = NotesUX(self)  # library, notes, highlights (reader/ui/notes_ux.py)
        self.notes_ux.mount()
        self.ux.mount()
        location, article, page = self._initial
        self._initial = (None, None, None)
        self.header.show_message("reader", "Open a location with o")
        if article is not None:
            self.show_article(article, location=location or article.location)
        elif location is not None or page is not None:
            self.load(location or (page.location if page else ""), page=page)
        else:  # (each state switch restyles #body: skip "empty" when loading at once)
            self._set_state("empty")

    # ----------------------------------------------------------------- loading
    def load(self, location: str, *, page: Page | None = None) -> None:
        """Fetch, extract and segment `location` (or an already read `page`) in a worker."""
        self._load_generation += 1
        generation = self._load_generation
        self.query_one(LoadingPanel).start(location)
        self._set_state("loading")
        self.run_worker(lambda: self._load_job(generation, location, page), thread=True,
                        group="load", exclusive=True, exit_on_error=False,
                        name=f"load {location}")

    def show_article(self, article: Article, *, location: str | None = None) -> None:
        """Show an Article already in memory (library, history, tests); segmenting runs in a worker."""
        self._load_generation += 1
        generation = self._load_generation
        where = location or article.location
        self.query_one(LoadingPanel).start(where or clean_line(article.title))
        self._set_state("loading")
        self.run_worker(lambda: self._segment_job(generation, where, article), thread=True,
                        group="load", exclusive=True, exit_on_error=False, name="segment")

    def _progress(self, generation: int, received: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self._last_progress >= 0.1 or (total is not None and received >= total):
            self._last_progress = now
            self.post_message(LoadProgress(generation, received, total))

    def _load_job(self, generation: int, location: str, page: Page | None) -> None:
        try:
            if page is None:
                page = self.pipeline.load(
                    location, lambda got, total: self._progress(generation, got, total))
            article = self.pipeline.extract(page)
        except Exception as exc:  # noqa: BLE001 - every failure becomes one sentence
            self.post_message(LoadFailed(generation, location, describe(exc)))
            return
        self.post_message(ArticleReady(generation, location, article, [], page))
        self._split_sentences(generation, article)

    def _segment_job(self, generation: int, location: str, article: Article) -> None:
        self.post_message(ArticleReady(generation, location, article, []))
        self._split_sentences(generation, article)

    def _split_sentences(self, generation: int, article: Article) -> None:
        """Second half of a load job: the text is on screen, now find its sentences."""
        try:
            sentences = self.pipeline.sentences(article)
        except Exception as exc:  # noqa: BLE001
            self.post_message(SentencesReady(generation, [], describe(exc)))
            return
        self.post_message(SentencesReady(generation, sentences))

    def on_load_progress(self, message: LoadProgress) -> None:
        if message.generation == self._load_generation:
            self.query_one(LoadingPanel).progress(message.received, message.total)

    def on_load_failed(self, message: LoadFailed) -> None:
        if message.generation != self._load_generation:
            return
        shown, reason = clean_line(message.location), clean_line(message.message)
        # Most load errors name the location already ("x.png is not a web page"): say it once.
        text = reason if shown and shown[:60] in reason else f"Could not open {shown}: {reason}"
        self._failed_location = message.location
        app = self.app
        if self.article is None and getattr(app, "exit_on_start_failure", False) and \
                not getattr(self, "_opened_any", False):
            app.start_failure = text  # the location given on the command line: nothing to show
            app.exit(return_code=1)
            return
        if message.location.lower().startswith(("http://", "https://")):
            text += " Press r to try again."
        self.app.notify(text, title="Open failed", severity="error", timeout=10)
        if self.article is not None:
            self._set_state("ready")
        else:
            self.header.show_message("Could not open the location", clean_line(message.message))
            self._set_state("empty")

    def action_retry(self) -> None:
        """Open again the location whose last attempt failed (a network hiccup, a server down)."""
        location = getattr(self, "_failed_location", None)
        if not location:
            self.app.notify("Nothing to retry: no location failed to open.", timeout=4)
            return
        self._failed_location = None
        self.app.open_location(location)

    def on_article_ready(self, message: ArticleReady) -> None:
        if message.generation != self._load_generation:
            return
        self._opened_any = True
        self.location = message.location
        self.article = message.article
        self.sentences = message.sentences
        self.summary = None
        self.count = self.default_count
        self.header.show_article(message.article, len(message.sentences) or None)
        self.app.sub_title = clean_line(message.article.title)
        self._set_state("ready")
        view = self.article_view
        view.set_article(message.article, message.sentences)
        view.focus()
        self.ux.article_ready(message.location, message.article)
        self.notes_ux.article_ready(message.location, message.article, message.page)
        if message.sentences:
            # Start the summary once the article is painted: its worker's imports (sumy, numpy)
            # hold the GIL and would otherwise delay the first view of the text.
            generation, sentences = message.generation, message.sentences
            self.call_after_refresh(
                lambda: generation == self._load_generation and self._use_sentences(sentences))
        else:
            self.summary_panel.clear("finding sentences…")
            self.summary_panel.set_busy(True)

    def on_sentences_ready(self, message: SentencesReady) -> None:
        if message.generation != self._load_generation or self.article is None:
            return
        if message.error:
            self.summary_panel.set_busy(False)
            self.summary_panel.clear("unavailable")
            self.app.notify(clean_line(message.error), title="Summary failed", severity="error",
                            timeout=10)
            return
        self._use_sentences(message.sentences)

    def _use_sentences(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self.article_view.set_sentences(sentences)
        self.header.show_article(self.article, len(sentences))
        self.summary_panel.clear("summarising…")
        self.refresh_summary()

    # ----------------------------------------------------------------- summary
    def refresh_summary(self) -> None:
        """Recompute the summary for the current algorithm and length in a worker."""
        article = self.article
        if article is None:
            return
        self._summary_generation += 1
        generation = self._summary_generation
        sentences = self.sentences
        algorithm, count = self.algorithm, self.count
        self.summary_panel.set_busy(True)
        self.run_worker(lambda: self._summary_job(generation, article, sentences, algorithm, count),
                        thread=True, group="summary", exclusive=True, exit_on_error=False,
                        name="summary")

    def _summary_job(self, generation: int, article: Article, sentences: list[Sentence],
                     algorithm: str | None, count: int | None) -> None:
        try:
            if count is None:
                count = self.pipeline.default_count(len(sentences))
            summary = self.pipeline.summarize(article, sentences, algorithm=algorithm, count=count)
            if summary.requested is None:
                summary.requested = count
        except Exception as exc:  # noqa: BLE001
            self.post_message(SummaryFailed(generation, describe(exc)))
            return
        self.post_message(SummaryReady(generation, summary))

    def on_summary_ready(self, message: SummaryReady) -> None:
        if message.generation != self._summary_generation or self.article is None:
            return
        summary = message.summary
        self.summary = summary
        self.algorithm = summary.algorithm
        if isinstance(summary.requested, int):
            self.count = summary.requested
        elif self.count is None:
            self.count = len(summary.sentences)
        self.summary_panel.set_busy(False)
        self.summary_panel.show(self.article, summary, len(self.sentences))
        self.article_view.set_highlights(
            "summary", [(s.start, s.end) for s in summary.sentences], "article-view--summary")
        self.ux.summary_shown()  # the `s` toggle may hide these highlights

    def on_summary_failed(self, message: SummaryFailed) -> None:
        if message.generation != self._summary_generation:
            return
        self.summary_panel.set_busy(False)
        self.summary_panel.clear("unavailable")
        self.article_view.clear_highlights("summary")
        self.summary = None
        self.app.notify(clean_line(message.message), title="Summary failed", severity="error",
                        timeout=10)

    def on_summary_panel_sentence_chosen(self, message: SummaryPanel.SentenceChosen) -> None:
        self.article_view.jump_to_sentence(message.index)

    # ----------------------------------------------------------------- actions
    def action_longer(self) -> None:
        if self.article is None or not self.sentences:
            return
        current = self.count or (len(self.summary.sentences) if self.summary else 1)
        if current >= len(self.sentences):
            self.app.notify("The summary already has every sentence of the article.")
            return
        self.count = current + 1
        self.refresh_summary()

    def action_shorter(self) -> None:
        if self.article is None or not self.sentences:
            return
        current = self.count or (len(self.summary.sentences) if self.summary else 1)
        if current <= 1:
            self.app.notify("The summary is already one sentence long.")
            return
        self.count = current - 1
        self.refresh_summary()

    def action_next_algorithm(self) -> None:
        if self.article is None:
            return
        names = self.pipeline.algorithms()
        if not names:
            return
        current = self.algorithm or self.pipeline.default_algorithm()
        position = names.index(current) if current in names else -1
        self.algorithm = names[(position + 1) % len(names)]
        self.refresh_summary()

    def set_algorithm(self, name: str) -> None:
        """Summarise with `name` (from the command palette)."""
        if self.article is None or name not in self.pipeline.algorithms():
            return
        self.algorithm = name
        self.refresh_summary()

    def action_copy_summary(self) -> None:
        if self.article is None or self.summary is None:
            self.app.notify("There is no summary to copy yet.", severity="warning")
            return
        from reader.core.export import summary_markdown
        markdown = summary_markdown(self.article, self.summary)
        self.app.copy_text(markdown)
        count = len(self.summary.sentences)
        self.app.notify(f"Copied the summary ({count} sentence{'s' if count != 1 else ''}, "
                        f"{self.summary.algorithm}) as Markdown with the title and link.",
                        title="Copied")

    def action_copy_sentence(self) -> None:
        sentence = self.article_view.current_sentence
        if self.article is None or sentence is None:
            self.app.notify("There is no sentence to copy.", severity="warning")
            return
        text = clean_line(sentence.text_in(self.article.text))
        self.app.copy_text(text)
        self.app.notify(f"Copied sentence {sentence.index + 1}: {text[:60]}"
                        f"{'…' if len(text) > 60 else ''}", title="Copied")

    # ----------------------------------------------------------------- find, links (ux.py)
    def action_find(self) -> None:
        self.ux.find()

    def action_find_next(self) -> None:
        self.ux.find_step(1)

    def action_find_previous(self) -> None:
        self.ux.find_step(-1)

    def action_close_find(self) -> None:
        self.ux.close_find()

    def on_find_bar_updated(self, message: FindBar.Updated) -> None:
        self.ux.find_updated(message)

    def on_find_bar_done(self, message: FindBar.Done) -> None:
        self.ux.find_done(message)

    def action_links(self) -> None:
        self.ux.links()

    def action_open_link(self) -> None:
        self.ux.open_link()

    def action_open_in_browser(self) -> None:
        self.ux.open_in_browser()

    def action_toggle_summary_highlights(self) -> None:
        self.ux.toggle_summary_highlights()

    def action_cycle_view(self) -> None:
        self.ux.cycle_view()

    def action_copy_summary_text(self) -> None:
        self.ux.copy_summary_text()

    # ----------------------------------------------------------------- notes (notes_ux.py)
    def on_unmount(self) -> None:
        self.notes_ux.unmount()

    def action_notes(self) -> None:
        self.notes_ux.toggle_notes()

    def action_highlight(self) -> None:
        self.notes_ux.highlight()

    def action_highlight_note(self) -> None:
        self.notes_ux.highlight_note()

    def action_copy_notes(self) -> None:
        self.notes_ux.copy_notes()
