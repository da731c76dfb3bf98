"""The library's part of the reading screen: every article shown is saved with its original
page; its reading position is restored and kept; notes (`e`), highlights (`h`, `H`), tags
(`t`) and copying them (`C`).

Every store call goes through the app's `LibraryService` (its writer thread, in order), never
the UI thread. The reading position is written a second after scrolling stops and whenever
the article leaves the screen, by any path (another article, back/forward, the library,
quitting), before the next article replaces it in the view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.core.models import Article, Highlight, Page
from reader.core.safety import clean, clean_line
from reader.ui.screens.reader.base import ReaderScreenBase
from reader.ui.wording import fit_words, plural, reading_fraction

if TYPE_CHECKING:
    from textual.message import Message
    from textual.timer import Timer

    from reader.store import ArticleRecord, Library
    from reader.ui.widgets.notes import NotesPanel

POSITION_DELAY = 1.0  # seconds after scrolling stops before the position is written
HIGHLIGHT_LAYER = "highlights"
HIGHLIGHT_STYLE = "article-view--highlight"


def library_location(record: ArticleRecord) -> str:
    """The location to reopen a library entry with (its key; stdin text reopens as `-`)."""
    return "-" if record.key.startswith("text:") else record.key


class AnnotationsPart(ReaderScreenBase):
    article_id: int | None = None           # the shown article's library id, once saved
    highlights: list[Highlight]
    _removed: list[Highlight]               # what `h` just removed (h again restores it)
    _position_timer: Timer | None = None
    _saved_position: int | None = None
    _saved_progress: float | None = None    # with the position: what the library holds
    notes_panel: NotesPanel | None = None   # mounted on first `e`
    store_article: Callable[[Library], int] | None = None  # stores the article shown
    save_error: str | None = None           # why the library could not store it, if it failed

    def _annotations_init(self) -> None:
        self.highlights = []
        self._removed = []

    # ----------------------------------------------------------------- articles
    def leave_article(self) -> None:
        """The shown article is about to leave the screen: keep its note and position."""
        self.save_position()
        if self.notes_panel is not None:
            self.notes_panel.unload()
        self.article_id = None
        self.store_article = self.save_error = None
        self.highlights = []
        self._removed = []
        self._saved_position = self._saved_progress = None
        self.article_view.clear_highlights(HIGHLIGHT_LAYER)

    def save_article(self, location: str, article: Article, page: Page | None) -> None:
        """Save the article now on screen to the library, then restore its state."""
        def store(library: Library) -> int:
            return library.save_article(article, page, location=location, opened=True)

        self.store_article = store  # a note written before this succeeds stores it itself

        def job(library: Library) -> tuple[int, int, float | None, list[Highlight]]:
            article_id = store(library)
            queued = library.fetch_queue.get(location) if article.text and page else None
            if queued is not None and queued.state != "done":  # fetched here: not again later
                library.fetch_queue.succeeded(queued.id, article_id)
            position = library.get_position(article_id)
            return article_id, position.position if position else 0, \
                position.progress if position else None, library.list_highlights(article_id)

        def failed(message: str) -> None:
            self.save_error = message
            if self.reader_app.library.unavailable:
                return  # said once already, when the library would not open
            self.app.notify(clean(f"This article could not be saved to the library: {message}"),
                            title="Library", severity="error", timeout=10)

        self.reader_app.library.submit(
            job, what=None, failed=failed,
            done=lambda saved: self._article_saved(article, *saved))

    def _article_saved(self, article: Article, article_id: int, position: int,
                       progress: float | None, highlights: list[Highlight]) -> None:
        if article is not self.article or not self.is_attached:
            return  # another article replaced it meanwhile
        self.article_id = article_id
        self.highlights = highlights
        self._show_highlights()
        self._saved_position, self._saved_progress = position, progress
        view = self.article_view
        if position > 0:
            view.scroll_to_offset(position, top_margin=0)
            index = view.sentence_at(position)
            if index is not None:
                view.set_cursor(index, scroll=False)
        panel = self.notes_panel
        if panel is not None and panel.display:
            panel.load(self.reader_app.library, article_id, clean_line(article.title))
            panel.show_highlights(self.highlights)

    # ----------------------------------------------------------------- position
    def on_scrolled(self) -> None:
        """The article view scrolled: write the position once scrolling stops."""
        if self.article_id is None:
            return
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_DELAY, self.save_position,
                                              name="save reading position")

    def save_position(self) -> None:
        if self._position_timer is not None:
            self._position_timer.stop()
            self._position_timer = None
        article_id, article = self.article_id, self.article
        if article_id is None or article is None:
            return
        try:
            view = self.article_view
            start = view.reading_offset()
            at_end = view.layout_complete and view.scroll_y >= view.max_scroll_y
        except Exception:  # noqa: BLE001 - the view is being torn down
            return
        # The footer's figure: a position in the text, 100% once the end is on screen (a
        # short article read without scrolling is read too).
        progress = 1.0 if at_end else reading_fraction(start, len(article.text))
        if start == self._saved_position and progress == self._saved_progress:
            return
        self._saved_position, self._saved_progress = start, progress

        def failed(message: str) -> None:
            self.app.notify(clean(f"The reading position was not saved: {message}"),
                            severity="warning")

        self.reader_app.library.submit(
            lambda library: library.set_position(article_id, start, progress),
            what="the reading position", key=f"position:{article_id}", failed=failed)

    # ----------------------------------------------------------------- notes panel
    def action_notes(self) -> None:
        """`e`: show the notes panel beside the article and focus it."""
        if self.needs_article():
            return
        panel = self.notes_panel
        if panel is None:
            from reader.ui.widgets.notes import NotesPanel
            panel = self.notes_panel = NotesPanel()
            self.query_one("#panes").mount(panel)
            self.call_after_refresh(self._show_notes, panel)
            return
        self._show_notes(panel)

    def _show_notes(self, panel: NotesPanel) -> None:
        panel.display = True
        self._attach_notes(panel)
        panel.editor.focus()

    def _attach_notes(self, panel: NotesPanel) -> None:
        """Point the notes at the article shown: its stored note, or (not stored yet) a note
        whose first save stores the article too."""
        if self.article is None:
            return
        title = clean_line(self.article.title)
        if self.article_id is not None:
            panel.load(self.reader_app.library, self.article_id, title)
            panel.show_highlights(self.highlights)
        elif self.store_article is not None:
            panel.load_pending(self.reader_app.library, self.store_article, title)

    def on_notes_panel_stored(self, message: NotesPanel.Stored) -> None:
        """A note's first save stored the article the library could not take before."""
        if self.article_id is None and self.article is not None:
            self.save_error = None
            self._article_saved(self.article, message.article_id, 0, None, [])

    def on_notes_panel_left(self, message: Message) -> None:
        """The notes panel was left (`NotesPanel.Left`): back to the article."""
        self.article_view.focus()

    def flush_notes(self) -> None:
        """Queue everything pending now: the note being edited and the reading position."""
        if self.notes_panel is not None:
            self.notes_panel.flush()
        self.save_position()

    # ----------------------------------------------------------------- highlights
    def _show_highlights(self) -> None:
        spans = [(h.start, h.end) for h in self.highlights if h.anchored]
        self.article_view.set_highlights(HIGHLIGHT_LAYER, spans, HIGHLIGHT_STYLE)
        if self.notes_panel is not None:
            self.notes_panel.show_highlights(self.highlights)

    def _target(self) -> tuple[int, int] | None:
        sentence = self.article_view.current_sentence
        return None if sentence is None else (sentence.start, sentence.end)

    def _ready(self) -> int | None:
        """The article's library id, or None (and a sentence saying why)."""
        if self.needs_article():
            return None
        if self.article_id is None:
            reason = self.reader_app.library.unavailable
            if reason:
                message = f"The library is unavailable, so this cannot be saved: {reason}"
            elif self.save_error and self.location is not None and self.article is not None:
                message = (f"This article is not in the library yet ({self.save_error}); "
                           f"trying again now. Notes ({self.reader_app.key_of('reader.notes')}) "
                           f"are kept meanwhile.")
                self.save_error = None
                self.save_article(self.location, self.article, self.page)
            else:
                message = "The article is still being saved to the library; try again in a moment."
            self.app.notify(clean(message), timeout=6)
            return None
        return self.article_id

    def _highlights_changed(self, article_id: int, highlights: list[Highlight],
                            message: str) -> None:
        if article_id != self.article_id:
            return
        self.highlights = highlights
        self._show_highlights()
        self.app.notify(message, timeout=4)

    def _highlight_failed(self, message: str) -> None:
        self.app.notify(clean(message), title="Highlight not saved", severity="error")

    def action_highlight(self) -> None:
        """`h`: highlight the cursor's sentence; on a highlight: remove it; again: restore it."""
        article_id = self._ready()
        if article_id is None:
            return
        target = self._target()
        if target is None:
            self.app.notify("Put the reading cursor on a sentence first: ( and ) move it, or "
                            "click one.", timeout=5)  # (sentences not split yet)
            return
        start, end = target
        covering = [h for h in self.highlights if h.anchored and h.start < end and h.end > start]
        removed = self._removed
        self._removed = []
        if covering:
            def remove(library: Library) -> tuple[list[Highlight], list[Highlight]]:
                gone = [r for r in (library.delete_highlight(h.id) for h in covering
                                    if h.id is not None) if r]
                return library.list_highlights(article_id), gone
            job, message = remove, (f"Highlight removed; "
                                    f"{self.reader_app.key_of('reader.highlight')} again brings "
                                    f"it back.")
        elif removed and any(h.start < end and h.end > start for h in removed):
            def restore(library: Library) -> tuple[list[Highlight], list[Highlight]]:
                for h in removed:
                    library.restore_highlight(h)
                return library.list_highlights(article_id), []
            job, message = restore, "Highlight restored."
        else:
            def add(library: Library) -> tuple[list[Highlight], list[Highlight]]:
                library.add_highlight(article_id, start, end)
                return library.list_highlights(article_id), []
            number = (self.article_view.cursor or 0) + 1
            job, message = add, (f"Highlighted sentence {number}; "
                                 f"{self.reader_app.key_of('reader.highlight_note')} adds a note "
                                 f"to it.")

        def done(result: tuple[list[Highlight], list[Highlight]]) -> None:
            highlights, gone = result
            if article_id == self.article_id:
                self._removed = gone
            self._highlights_changed(article_id, highlights, message)

        quote = self.article.text[start:end] if self.article else ""
        self.reader_app.library.submit(job, what="the highlight", failed=self._highlight_failed,
                                       done=done, rescue=self._rescue_line(quote))

    def action_highlight_note(self) -> None:
        """`H`: write the note of the highlight under the cursor (highlighting it first)."""
        article_id = self._ready()
        if article_id is None or self.article is None:
            return
        target = self._target()
        if target is None:
            self.app.notify("Put the reading cursor on a sentence first: ( and ) move it, or "
                            "click one.", timeout=5)
            return
        start, end = target
        existing = next((h for h in self.highlights
                         if h.anchored and h.start < end and h.end > start), None)
        quote = self.article.text[start:end] if existing is None else existing.quote
        from reader.ui.screens.dialogs import TextPrompt

        def save(library: Library, note: str) -> list[Highlight]:
            if existing is None or existing.id is None:
                library.add_highlight(article_id, start, end, note=note)
            else:
                library.set_highlight_note(existing.id, note)
            return library.list_highlights(article_id)

        def written(note: str | None) -> None:
            if note is None:
                return
            self.reader_app.library.submit(
                lambda library: save(library, note), what="the highlight note",
                failed=self._highlight_failed, rescue=self._rescue_line(quote, note),
                done=lambda highlights: self._highlights_changed(article_id, highlights,
                                                                 "Highlight note saved."))

        self.app.push_screen(TextPrompt("Note for this highlight", clean_line(quote),
                                        existing.note if existing else ""), written)

    def _rescue_line(self, quote: str, note: str = "") -> str:
        title = clean_line(self.article.title) if self.article else "an article"
        text = f"## Highlight in “{title}”\n\n> {clean_line(quote)}"
        return text + (f"\n\n{note}" if note else "")

    # ----------------------------------------------------------------- tags
    def action_tag(self) -> None:
        """`t`: tag the article on screen (the library lists, searches and filters tags)."""
        article_id = self._ready()
        if article_id is None or self.article is None:
            return
        from reader.ui.screens.tags import edit_tags
        edit_tags(self.reader_app, article_id, self.article.title)

    # ----------------------------------------------------------------- copy
    def action_copy_notes(self) -> None:
        """`C`: copy the note and highlights (with title, link and summary) as Markdown."""
        article_id = self._ready()
        article = self.article
        if article_id is None or article is None:
            return
        if self.notes_panel is not None:
            self.notes_panel.flush()  # queued first: the read below sees it
        summary = self.summary
        from reader.core.export import notes_markdown

        def read(library: Library) -> tuple[str, int]:
            record = library.get(article_id)
            highlights = library.list_highlights(article_id)
            url = record.url if record and record.url else (
                None if record is None or record.key.startswith("text:") else record.key)
            markdown = notes_markdown(article, note=library.get_note(article_id),
                                      highlights=highlights, summary=summary,
                                      saved=record.saved if record else None,
                                      tags=record.tags if record else (), url=url)
            return markdown, len(highlights)

        def copy(result: tuple[str, int]) -> None:
            markdown, count = result
            self.reader_app.copy_text(markdown)
            self.app.notify(f"Copied the notes and {plural(count, 'highlight')} of "
                            f"“{fit_words(clean_line(article.title), 50)}” as Markdown.")

        self.reader_app.library.submit(
            read, what=None, done=copy,
            failed=lambda message: self.app.notify(clean(message), severity="error"))
