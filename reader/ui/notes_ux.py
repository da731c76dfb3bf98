"""Library, notes and highlights on the reading screen (`screen.notes_ux`).

- Every article that appears on the reading screen is saved to the library (with its original
  page when it was loaded, so it reopens offline); its reading position is restored and kept
  (saved a second after scrolling stops, and on every exit path).
- `n` opens the notes panel beside the article (reader/ui/widgets/notes.py); Escape leaves it.
- `h` highlights the sentence under the reading cursor (again: removes it; again: brings it
  back with its note); `H` writes a note for that highlight. Highlights are drawn in the
  article as the "highlights" layer.
- `C` copies the note and highlights as Markdown (same renderer as `reader notes export`).
- SIGHUP (terminal closed) and SIGTERM save the note and position before the app exits.

All store calls that may be slow (saving an article) run in worker threads; the small writes
(note, highlight, position) run on the UI thread, which keeps their order obvious. A store
failure is reported once and never stops reading.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError
from reader.core.models import Article, Highlight, Page
from reader.core.safety import clean, clean_line

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from reader.store import Library
    from reader.ui.widgets.notes import NotesPanel

POSITION_DELAY = 1.0  # seconds after scrolling stops before the position is written
HIGHLIGHT_LAYER = "highlights"
HIGHLIGHT_STYLE = "article-view--highlight"
_open_lock = threading.Lock()


def app_library(app: App) -> Library | None:
    """The app's one Library, opened on first use (from any thread); None if it cannot open."""
    with _open_lock:
        library = getattr(app, "_reader_library", None)
        if library is not None or getattr(app, "_reader_library_error", None):
            return library
        from reader import store
        try:
            library = store.open()
        except ReaderError as exc:
            app._reader_library_error = str(exc)
            _notify(app, f"The library is unavailable, so nothing will be saved: {exc}",
                    title="Library", severity="error")
            return None
        app._reader_library = library
        return library


def _notify(app: App, message: str, **kw) -> None:
    """Notify from any thread."""
    if threading.get_ident() == getattr(app, "_thread_id", None):
        app.notify(clean(message), **kw)
    else:
        try:
            app.call_from_thread(app.notify, clean(message), **kw)
        except RuntimeError:
            pass


def library_location(record) -> str:
    """The location to reopen a library entry with (its key; stdin text reopens as `-`)."""
    return "-" if record.key.startswith("text:") else record.key


class NotesUX:
    """State and actions for one reading screen; the screen forwards its actions here."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self.article_id: int | None = None
        self.highlights: list[Highlight] = []
        self._generation = 0
        self._position_timer = None
        self._saved_position: int | None = None
        self._removed: list[Highlight] = []
        self._signals: list[int] = []
        self._view = None
        self._panel: NotesPanel | None = None

    @property
    def app(self) -> App:
        return self.screen.app

    @property
    def view(self):
        # Kept from mount: on unmount the screen's children are gone but the last position
        # must still be read from the view.
        if self._view is None:
            self._view = self.screen.article_view
        return self._view

    @property
    def library(self) -> Library | None:
        return app_library(self.app)

    # ----------------------------------------------------------------- lifecycle
    def mount(self) -> None:
        self.screen.watch(self.view, "scroll_y", self._scrolled, init=False)
        self._install_signals()

    def unmount(self) -> None:
        self.flush()
        self._remove_signals()

    def flush(self) -> None:
        """Write everything pending now: the note being edited and the reading position."""
        panel = self.panel
        if panel is not None:
            panel.flush()
        self.save_position()

    def _install_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is None:
                continue
            try:
                loop.add_signal_handler(number, self._terminated)
            except (NotImplementedError, RuntimeError, ValueError):
                continue
            self._signals.append(number)

    def _remove_signals(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for number in self._signals:
            try:
                loop.remove_signal_handler(number)
            except (NotImplementedError, RuntimeError, ValueError):
                pass
        self._signals.clear()

    def _terminated(self) -> None:
        """The terminal went away or we were asked to stop: save, then leave."""
        try:
            self.flush()
        finally:
            self.app.exit()

    # ----------------------------------------------------------------- articles
    def article_ready(self, location: str | None, article: Article,
                      page: Page | None = None) -> None:
        """A new article is on screen: save it to the library, then restore its state."""
        self.save_position()
        self._generation += 1
        generation = self._generation
        self.article_id = None
        self.highlights = []
        self._removed = []
        self._saved_position = None
        self.view.clear_highlights(HIGHLIGHT_LAYER)
        panel = self.panel
        if panel is not None:
            panel.unload()
        self.screen.run_worker(lambda: self._save_job(generation, location or "", article, page),
                               thread=True, group="library-save", exit_on_error=False,
                               name="save to library")

    def _save_job(self, generation: int, location: str, article: Article,
                  page: Page | None) -> None:
        library = self.library
        if library is None:
            return
        try:
            article_id = library.save_article(article, page, location=location, opened=True)
            position = library.get_position(article_id)
            highlights = library.list_highlights(article_id)
        except ReaderError as exc:
            _notify(self.app, f"This article could not be saved to the library: {exc}",
                    title="Library", severity="error", timeout=10)
            return
        try:
            self.app.call_from_thread(self._article_saved, generation, article_id,
                                      position.position if position else 0, highlights)
        except RuntimeError:  # the app closed meanwhile
            pass

    def _article_saved(self, generation: int, article_id: int, position: int,
                       highlights: list[Highlight]) -> None:
        if generation != self._generation or not self.screen.is_attached:
            return
        self.article_id = article_id
        self.highlights = highlights
        self._show_highlights()
        self._saved_position = position
        if position > 0:
            self.view.scroll_to_offset(position, top_margin=0)
            index = self.view.sentence_at(position)
            if index is not None:
                self.view.set_cursor(index, scroll=False)
        panel = self.panel
        if panel is not None and panel.display and self.library is not None:
            panel.load(self.library, article_id)
            panel.show_highlights(self.highlights)

    # ----------------------------------------------------------------- position
    def _scrolled(self, *_: object) -> None:
        if self.article_id is None:
            return
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.screen.set_timer(POSITION_DELAY, self.save_position,
                                                     name="save reading position")

    def save_position(self) -> None:
        if self._position_timer is not None:
            self._position_timer.stop()
            self._position_timer = None
        library = self.library if self.article_id is not None else None
        if library is None or self.view.article is None:
            return
        try:
            start, _ = self.view.visible_span()
            top, bottom = self.view.scroll_y, self.view.max_scroll_y
        except Exception:  # noqa: BLE001 - the view is being torn down
            return
        progress = 1.0 if bottom <= 0 else min(1.0, top / bottom)
        if start == self._saved_position:
            return
        try:
            library.set_position(self.article_id, start, progress)
            self._saved_position = start
        except ReaderError as exc:
            _notify(self.app, f"The reading position was not saved: {exc}", severity="warning")

    # ----------------------------------------------------------------- notes panel
    @property
    def panel(self) -> NotesPanel | None:
        """The notes panel once it was opened (kept after unmount for the last flush)."""
        return self._panel

    def toggle_notes(self) -> None:
        """`n`: show the notes panel beside the article and focus it."""
        if self.view.article is None:
            self.app.notify("Open an article first (o), then write notes with n.", timeout=4)
            return
        from reader.ui.widgets.notes import NotesPanel
        panel = self.panel
        if panel is None:
            panel = self._panel = NotesPanel()
            self.screen.query_one("#panes").mount(panel)
            self.screen.call_after_refresh(self._show_panel, panel)
            return
        self._show_panel(panel)

    def _show_panel(self, panel: NotesPanel) -> None:
        panel.display = True
        if self.article_id is not None and self.library is not None:
            panel.load(self.library, self.article_id)
            panel.show_highlights(self.highlights)
        panel.editor.focus()

    def leave_notes(self) -> None:
        """Escape in the editor: save, hide the panel, back to the article."""
        panel = self.panel
        if panel is not None:
            panel.flush()
            panel.display = False
        self.view.focus()

    # ----------------------------------------------------------------- highlights
    def _show_highlights(self) -> None:
        spans = [(h.start, h.end) for h in self.highlights if h.anchored]
        self.view.set_highlights(HIGHLIGHT_LAYER, spans, HIGHLIGHT_STYLE)
        panel = self.panel
        if panel is not None:
            panel.show_highlights(self.highlights)

    def _target(self) -> tuple[int, int] | None:
        sentence = self.view.current_sentence
        if sentence is None:
            return None
        return sentence.start, sentence.end

    def _ready(self) -> Library | None:
        if self.view.article is None:
            self.app.notify("Open an article first (o).", timeout=4)
            return None
        library = self.library
        if library is None or self.article_id is None:
            self.app.notify("The article is still being saved to the library; try again.",
                            timeout=4)
            return None
        return library

    def highlight(self) -> None:
        """`h`: highlight the cursor's sentence; on a highlight: remove it; again: restore it."""
        library = self._ready()
        if library is None:
            return
        target = self._target()
        if target is None:
            self.app.notify("Put the reading cursor on a sentence first: ( and ) move it, or "
                            "click one.", timeout=5)
            return
        start, end = target
        covering = [h for h in self.highlights if h.anchored and h.start < end and h.end > start]
        try:
            if covering:
                self._removed = [r for r in (library.delete_highlight(h.id) for h in covering) if r]
                self.app.notify("Highlight removed; press h again to bring it back.", timeout=5)
            elif self._removed and any(h.start < end and h.end > start for h in self._removed):
                for h in self._removed:
                    library.restore_highlight(h)
                self._removed = []
                self.app.notify("Highlight restored.", timeout=3)
            else:
                library.add_highlight(self.article_id, start, end)
                self._removed = []
                number = (self.view.cursor or 0) + 1
                self.app.notify(f"Highlighted sentence {number}; H adds a note to it.",
                                timeout=4)
            self.highlights = library.list_highlights(self.article_id)
        except ReaderError as exc:
            self.app.notify(clean(str(exc)), title="Highlight not saved", severity="error")
            return
        self._show_highlights()

    def highlight_note(self) -> None:
        """`H`: write the note of the highlight under the cursor (highlighting it first)."""
        library = self._ready()
        if library is None:
            return
        target = self._target()
        if target is None:
            self.app.notify("Put the reading cursor on a sentence first.", timeout=4)
            return
        start, end = target
        existing = next((h for h in self.highlights
                         if h.anchored and h.start < end and h.end > start), None)
        quote = self.view.article.text[start:end] if existing is None else existing.quote
        from reader.ui.screens.dialogs import TextPrompt

        def done(note: str | None) -> None:
            if note is None or self.article_id is None:
                return
            try:
                if existing is None:
                    library.add_highlight(self.article_id, start, end, note=note)
                else:
                    library.set_highlight_note(existing.id, note)
                self.highlights = library.list_highlights(self.article_id)
            except ReaderError as exc:
                self.app.notify(clean(str(exc)), title="Highlight not saved", severity="error")
                return
            self._show_highlights()
            self.app.notify("Highlight note saved.", timeout=3)

        self.app.push_screen(TextPrompt("Note for this highlight",
                                        clean_line(quote),
                                        existing.note if existing else ""), done)

    # ----------------------------------------------------------------- copy
    def markdown(self) -> str | None:
        """The note and highlights of the current article as Markdown (None: nothing yet)."""
        library = self._ready()
        if library is None:
            return None
        panel = self.panel
        if panel is not None:
            panel.flush()
        from reader.core.export import notes_markdown
        try:
            record = library.get(self.article_id)
            note = library.get_note(self.article_id)
            highlights = library.list_highlights(self.article_id)
        except ReaderError as exc:
            self.app.notify(clean(str(exc)), severity="error")
            return None
        url = record.url if record and record.url else (
            None if record is None or record.key.startswith("text:") else record.key)
        return notes_markdown(self.view.article, note=note, highlights=highlights,
                              summary=getattr(self.screen, "summary", None),
                              saved=record.saved if record else None,
                              tags=record.tags if record else (), url=url)

    def copy_notes(self) -> None:
        """`C`: copy the note and highlights (with title, link and summary) as Markdown."""
        markdown = self.markdown()
        if markdown is None:
            return
        self.app.copy_text(markdown)
        count = len(self.highlights)
        self.app.notify(f"Copied the notes and {count} highlight{'s' if count != 1 else ''} of "
                        f"“{clean_line(self.view.article.title)[:50]}” as Markdown.",
                        title="Copied")


def open_library_at_start(app: App) -> None:
    """`reader` without a location: show the library when it has articles (DESIGN.md)."""

    def job() -> None:
        library = app_library(app)
        try:
            if library is None or library.count() == 0:
                return
        except ReaderError:
            return
        try:
            app.call_from_thread(show)
        except RuntimeError:
            pass

    def show() -> None:
        from reader.ui.screens.library import LibraryScreen
        try:
            idle = app.screen is app.reader_screen and app.reader_screen.article is None
        except LookupError:
            return
        if idle and not app.reader_screen.has_class("-loading"):
            app.push_screen(LibraryScreen())

    app.run_worker(job, thread=True, exit_on_error=False, name="open the library at start")
