"""The notes panel: the article's one Markdown note in a TextArea, saved as you type.

Durability rules (issue 5, "never lose a word"):
- every edit restarts a short timer (AUTOSAVE_DELAY); when typing pauses the note is written,
  so at most a second of typing is ever unsaved;
- leaving the editor (Escape, focus moving away), switching article, unmounting (app quit)
  and `flush()` (called on SIGHUP/SIGTERM) queue the save at once;
- saves go through the library's writer thread (never the UI thread), one at a time per note,
  and a failed one is retried until it succeeds (`unsaved` says if anything is left);
- writes pass the text the editor started from as `base`, so a note changed meanwhile by
  another process (`reader notes add`) is merged, never overwritten;
- an article the library could not store (a full disk) still takes a note: its first save
  stores the article too (`load_pending`), retried like any other;
- typing never reaches the screen's keys: while the stored note is still being read the
  editor keeps what is typed and puts the stored text before it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from reader.core.errors import ReaderError
from reader.core.models import Highlight, Note
from reader.core.safety import clean, clean_line
from reader.ui.actions import Scoped, bindings
from reader.ui.wording import fit_words

if TYPE_CHECKING:
    from reader.store import Library
    from reader.ui.library_service import LibraryService

EnsureArticle = Callable[["Library"], int]  # stores the article shown, returns its id

AUTOSAVE_DELAY = 0.6  # seconds of quiet typing before the note is written


class NotesEditor(Scoped, TextArea):
    """TextArea with Escape to leave (TextArea itself keeps Tab for indentation off)."""

    SCOPE = "notes"
    BINDINGS = bindings("notes")
    TAKES_TYPING = True  # the footer offers no key that would type here

    class Leave(Message):
        """The user pressed Escape in the editor."""

    def action_leave(self) -> None:
        self.post_message(self.Leave())


class NotesTitle(Static):
    """The panel's title line: the save state cut at a word to the panel's width; a failure
    wraps instead, so the reason is never cut off."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Notes", id=id)
        self.label = "Notes"
        self.wraps = False

    def show(self, label: str, *, wraps: bool = False) -> None:
        self.label, self.wraps = clean(label), wraps
        self.set_class(wraps, "-wraps")
        self.refresh(layout=True)

    def render(self) -> Text:
        if self.wraps:
            return Text(self.label)
        return Text(fit_words(self.label, self.content_region.width or len(self.label)),
                    no_wrap=True)


class NotesPanel(Vertical):
    """Title line with the save state, then the editor. `load(library, article_id)` fills it."""

    DEFAULT_CSS = """
    NotesPanel { height: 1fr; }
    NotesPanel > #notes-title { height: 1; padding: 0 1; background: $panel; }
    NotesPanel > #notes-title.-wraps { height: auto; }
    NotesPanel:focus-within > #notes-title { background: $accent 30%; }
    NotesPanel > NotesEditor, NotesPanel > NotesEditor:focus {
        height: 1fr; border: none; padding: 0 1;
    }
    NotesPanel > #notes-highlights { height: auto; max-height: 40%; padding: 0 1;
                                     color: $text-muted; border-top: hkey $foreground 20%; }
    """

    @dataclass
    class Saved(Message):
        """The note of `article_id` was written (body is what is stored)."""

        article_id: int
        body: str

    class Left(Message):
        """Escape hid the panel: the focus belongs to the article again."""

    @dataclass
    class Stored(Message):
        """The first save of a note also stored its article, which now has this id."""

        article_id: int

    def __init__(self, *, id: str | None = "notes", classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.service: LibraryService | None = None
        self.article_id: int | None = None
        self._ensure: EnsureArticle | None = None  # article not stored yet: how to store it
        self.title = ""
        self._base = ""          # the stored text this editor's content derives from
        self._timer: Timer | None = None
        self._loading = False
        self._reading = False  # the stored note is being read: typing waits for it to merge
        self._saving = False     # a save is queued or running: one at a time per note
        self._dirty = False      # edited again while saving: save once more afterwards
        self.state = "empty"

    def compose(self) -> ComposeResult:
        yield NotesTitle(id="notes-title")
        yield NotesEditor("", soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                          id="notes-editor",
                          placeholder="Write your notes here (Markdown). They are saved as you type.")
        yield Static("", id="notes-highlights")

    @property
    def editor(self) -> NotesEditor:
        return self.query_one(NotesEditor)

    @property
    def text(self) -> str:
        return self.editor.text

    @property
    def unsaved(self) -> bool:
        """The editor holds text that is not in the library yet."""
        try:
            return self._attached and self.editor.text != self._base
        except Exception:  # noqa: BLE001 - the editor is gone: its last text was flushed
            return False

    @property
    def _attached(self) -> bool:
        """The editor belongs to an article (stored, or to be stored by its first save)."""
        return self.article_id is not None or self._ensure is not None

    # ----------------------------------------------------------------- loading
    def load_pending(self, service: LibraryService, ensure: EnsureArticle,
                     title: str = "") -> None:
        """Notes for an article the library could not store yet: the first save runs
        `ensure` (storing the article) before writing the note."""
        self.title = title
        if service is self.service and self.article_id is None and ensure is self._ensure:
            return
        self.flush()
        self.service, self.article_id, self._ensure = service, None, ensure
        self._saving = self._dirty = False
        self._base = ""
        if self.editor.text:  # typed while the article was being opened
            self._set_state("unsaved")
            self.flush()
        else:
            self._set_state("empty")
    def load(self, service: LibraryService, article_id: int, title: str = "") -> None:
        """Show the note of `article_id` (saving the current one first); `title` names the
        article if the note ever has to be rescued."""
        self.title = title
        if (service, article_id) == (self.service, self.article_id):
            self.refresh_from_store()
            return
        if self.article_id is not None:  # another article's note: saved, then cleared
            self.flush()
            self._base = ""
            self._loading = True
            self.editor.load_text("")  # (text typed while pending stays: it is saved next)
            self._loading = False
        self.service = service
        self.article_id = article_id
        self._ensure = None
        self._saving = self._dirty = False
        self._set_state("waiting")
        self._reading = True
        self._read(service, article_id, replace=True)

    @work(thread=True, exclusive=True, group="notes-read", exit_on_error=False)
    def _read(self, service: LibraryService, article_id: int, *, replace: bool) -> None:
        try:
            note = service.get().get_note(article_id)
        except ReaderError as exc:
            self.app.call_from_thread(self._read_failed, str(exc))
            return
        self.app.call_from_thread(self._note_read, article_id, note, replace)

    def _read_failed(self, message: str) -> None:
        self._reading = False
        self._set_state("error", message)

    def _note_read(self, article_id: int, note: Note | None, replace: bool) -> None:
        if article_id != self.article_id or not self.is_attached:
            return
        if replace:
            self._reading = False
        body = note.body if note else ""
        if not replace and (self.editor.text != self._base or body == self._base):
            return  # unsaved edits win (they are merged when saved); or nothing changed
        typed = self.editor.text if replace and self.editor.text != self._base else ""
        if typed and typed in body:
            typed = ""  # already stored (saved while the article itself was being stored)
        self._base = body
        self._loading = True
        self.editor.load_text(body + ("\n" if body and typed else "") + typed)
        self._loading = False
        # At the end: what is typed next goes after the note (and after text typed meanwhile).
        self.editor.move_cursor(self.editor.document.end)
        if typed:  # typed while the note was being read: kept after it, and saved
            self._set_state("unsaved")
            self.flush()
        elif replace:
            self._set_state("saved" if note else "empty")

    def refresh_from_store(self) -> None:
        """Show a note changed elsewhere (e.g. `reader notes add`) unless we have unsaved edits
        (those are merged with it when saved)."""
        if self.service is None or self.article_id is None or self.editor.text != self._base:
            return
        self._read(self.service, self.article_id, replace=False)

    def unload(self) -> None:
        """Save and detach from the current article (another one is being opened)."""
        self.flush()
        self._reading = False
        self.service = None
        self.article_id = None
        self._ensure = None
        self._base = ""
        self._loading = True
        self.editor.load_text("")
        self._loading = False
        self.show_highlights([])
        self._set_state("waiting")

    def show_highlights(self, highlights: list[Highlight]) -> None:
        """List the highlights under the editor; ones no longer in the text are flagged."""
        lines = []
        for h in highlights:
            quote = clean_line(h.quote)
            quote = quote if len(quote) <= 70 else quote[:69] + "…"
            mark = "▌" if h.anchored else "⚠ not in the current text:"
            note = f" — {' '.join(clean(h.note).split())}" if h.note.strip() else ""
            lines.append(f"{mark} {quote}{note}")
        box = self.query_one("#notes-highlights", Static)
        box.update(Text("\n".join(lines)))
        box.display = bool(lines)

    # ----------------------------------------------------------------- saving
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self._loading or not self._attached or self.editor.text == self._base:
            return  # (a note just loaded reports a change too, after the fact)
        self._set_state("unsaved")
        if self._timer is not None:
            self._timer.stop()
        if self._reading:
            return  # saved once the stored note is read, after it (not merged before it)
        self._timer = self.set_timer(AUTOSAVE_DELAY, self.flush, name="notes autosave")

    def on_descendant_blur(self) -> None:
        self.flush()

    def on_notes_editor_leave(self, event: NotesEditor.Leave) -> None:
        """Escape: save, hide the panel and give the focus back to the article."""
        event.stop()
        self.flush()
        self.display = False
        self.post_message(self.Left())

    def on_unmount(self) -> None:
        self.flush()

    def flush(self) -> None:
        """Queue the note's text for saving now if it changed (the library's writer saves it
        in order, retrying until it succeeds; `unsaved` tells whether anything is left)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        service, article_id, ensure = self.service, self.article_id, self._ensure
        if service is None:
            return
        if article_id is not None:
            known = article_id
            target: EnsureArticle = lambda _library: known  # noqa: E731
        elif ensure is not None:
            target = ensure  # the article is not stored yet: this save stores it first
        else:
            return
        try:
            text = self.editor.text
        except Exception:  # noqa: BLE001 - the editor is already gone: nothing new to save
            return
        if text == self._base:
            if self.state == "unsaved":
                self._set_state("saved")
            return
        if self._saving:
            self._dirty = True
            return
        self._saving = True
        base = self._base
        def job(library: Library) -> tuple[int, Note]:
            stored = target(library)
            return stored, library.set_note(stored, text, base=base)

        service.submit(job, what="the note",
                       key=f"note:{article_id if article_id is not None else id(ensure)}",
                       rescue=f"## Note on “{self.title or 'an article'}”\n\n{text}",
                       done=lambda saved: self._saved(article_id, ensure, text, *saved),
                       failed=lambda message: self._not_saved(article_id, message))

    def _saved(self, article_id: int | None, ensure: EnsureArticle | None, sent: str,
               stored: int, note: Note) -> None:
        if article_id is None and ensure is not None and ensure is self._ensure:
            self.article_id, self._ensure = stored, None  # the article is in the library now
            self.post_message(self.Stored(stored))
        elif article_id is None or article_id != self.article_id:
            return
        article_id = stored
        self._saving = False
        self._base = note.body
        if note.body != sent and self.is_attached and self.editor.text == sent:
            self._loading = True  # merged with a change made elsewhere: show the result
            cursor = self.editor.cursor_location
            self.editor.load_text(note.body)
            try:
                self.editor.cursor_location = cursor
            except Exception:  # noqa: BLE001 - cursor beyond the new text: leave it at the end
                pass
            self._loading = False
            self.app.notify("This note was also changed elsewhere; both versions are kept.",
                            title="Note merged", timeout=6)
        if self._dirty:
            self._dirty = False
            self.flush()
            return
        self._set_state("saved" if not self.unsaved else "unsaved")
        self.post_message(self.Saved(article_id, note.body))

    def _not_saved(self, article_id: int | None, message: str) -> None:
        if article_id != self.article_id:
            return
        self._saving = False
        self._set_state("error", message)
        self.app.notify(clean(message), title="Note not saved", severity="error", timeout=10)

    def _set_state(self, state: str, detail: str = "") -> None:
        self.state = state
        label = {
            "empty": "Notes · Markdown, saved as you type",
            "saved": "Notes · saved",
            "unsaved": "Notes · editing…",
            "error": f"Notes · NOT SAVED: {detail}",
            "waiting": "Notes · opening the article…",
        }[state]
        try:
            self.query_one(NotesTitle).show(label, wraps=state == "error")
        except Exception:  # noqa: BLE001 - not composed yet
            pass
