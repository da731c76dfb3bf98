"""The notes panel: the article's one Markdown note in a TextArea, saved as you type.

Durability rules (issue 5, "never lose a word"):
- every edit restarts a short timer (AUTOSAVE_DELAY); when typing pauses the note is written,
  so at most a second of typing is ever unsaved;
- leaving the editor (Escape, focus moving away), switching article, unmounting (app quit)
  and `flush()` (called on SIGHUP/SIGTERM) write immediately;
- writes pass the text the editor started from as `base`, so a note changed meanwhile by
  another process (`reader notes add`) is merged, never overwritten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from reader.core.errors import ReaderError
from reader.core.models import Highlight
from reader.core.safety import clean, clean_line

if TYPE_CHECKING:
    from reader.store import Library

AUTOSAVE_DELAY = 0.6  # seconds of quiet typing before the note is written


class NotesEditor(TextArea):
    """TextArea with Escape to leave (TextArea itself keeps Tab for indentation off)."""

    HELP_GROUP = "Notes"
    BINDINGS = [
        Binding("escape", "leave", "Leave notes", id="notes.leave",
                tooltip="Save the note and go back to the article"),
    ]

    class Leave(Message):
        """The user pressed Escape in the editor."""

    def action_leave(self) -> None:
        self.post_message(self.Leave())


class NotesPanel(Vertical):
    """Title line with the save state, then the editor. `load(library, article_id)` fills it."""

    DEFAULT_CSS = """
    NotesPanel { height: 1fr; }
    NotesPanel > #notes-title { height: 1; padding: 0 1; background: $panel; }
    NotesPanel:focus-within > #notes-title { background: $accent 30%; }
    NotesPanel > NotesEditor, NotesPanel > NotesEditor:focus {
        height: 1fr; border: none; padding: 0 1;
    }
    NotesPanel > #notes-highlights { height: auto; max-height: 40%; padding: 0 1;
                                     color: $text-muted; border-top: hkey $foreground 20%; }
    """

    class Saved(Message):
        """The note of `article_id` was written (body is what is stored)."""

        def __init__(self, article_id: int, body: str) -> None:
            super().__init__()
            self.article_id = article_id
            self.body = body

    def __init__(self, *, id: str | None = "notes", classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.library: Library | None = None
        self.article_id: int | None = None
        self._base = ""          # the stored text this editor's content derives from
        self._timer: Timer | None = None
        self._loading = False
        self.state = "empty"

    def compose(self) -> ComposeResult:
        yield Static("Notes", id="notes-title")
        yield NotesEditor("", soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                          read_only=True, id="notes-editor",
                          placeholder="Write your notes here (Markdown). They are saved as you type.")
        yield Static("", id="notes-highlights")

    @property
    def editor(self) -> NotesEditor:
        return self.query_one(NotesEditor)

    @property
    def text(self) -> str:
        return self.editor.text

    # ----------------------------------------------------------------- loading
    def load(self, library: Library, article_id: int) -> None:
        """Show the note of `article_id` (saving the current one first)."""
        if (library, article_id) == (self.library, self.article_id):
            self.refresh_from_store()
            return
        self.flush()
        self.library = library
        self.article_id = article_id
        try:
            note = library.get_note(article_id)
        except ReaderError as exc:
            self._set_state("error", str(exc))
            return
        self._base = note.body if note else ""
        self._loading = True
        self.editor.load_text(self._base)
        self._loading = False
        self.editor.read_only = False
        self._set_state("saved" if note else "empty")

    def refresh_from_store(self) -> None:
        """Show a note changed elsewhere (e.g. `reader notes add`) unless we have unsaved edits
        (those are merged with it when saved)."""
        if self.library is None or self.article_id is None or self.editor.text != self._base:
            return
        try:
            note = self.library.get_note(self.article_id)
        except ReaderError:
            return
        body = note.body if note else ""
        if body != self._base:
            self._base = body
            self._loading = True
            self.editor.load_text(body)
            self._loading = False

    def unload(self) -> None:
        """Save and detach from the current article (another one is being opened)."""
        self.flush()
        self.library = None
        self.article_id = None
        self._base = ""
        self._loading = True
        self.editor.load_text("")
        self._loading = False
        self.editor.read_only = True
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
        if self._loading or self.article_id is None:
            return
        self._set_state("unsaved")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_DELAY, self.flush, name="notes autosave")

    def on_descendant_blur(self) -> None:
        self.flush()

    def on_notes_editor_leave(self, event: NotesEditor.Leave) -> None:
        """Escape: save, hide the panel and give the focus back to the article."""
        event.stop()
        self.flush()
        self.display = False
        try:
            self.screen.query_one("#article").focus()
        except Exception:  # noqa: BLE001 - not on the reading screen
            self.screen.set_focus(None)

    def on_unmount(self) -> None:
        self.flush()

    def flush(self) -> bool:
        """Write the note now if it changed; True when nothing is left unsaved."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.library is None or self.article_id is None:
            return True
        try:
            text = self.editor.text
        except Exception:  # noqa: BLE001 - the editor is already gone: nothing new to save
            return True
        if text == self._base:
            if self.state == "unsaved":
                self._set_state("saved")
            return True
        try:
            note = self.library.set_note(self.article_id, text, base=self._base)
        except ReaderError as exc:
            self._set_state("error", str(exc))
            self.app.notify(clean(str(exc)), title="Note not saved", severity="error", timeout=10)
            return False
        self._base = note.body
        if note.body != text:  # merged with a change made elsewhere: show the result
            self._loading = True
            cursor = self.editor.cursor_location
            self.editor.load_text(note.body)
            try:
                self.editor.cursor_location = cursor
            except Exception:  # noqa: BLE001 - cursor beyond the new text: leave it at the end
                pass
            self._loading = False
            self.app.notify("This note was also changed elsewhere; both versions are kept.",
                            title="Note merged", timeout=6)
        self._set_state("saved")
        self.post_message(self.Saved(self.article_id, note.body))
        return True

    def _set_state(self, state: str, detail: str = "") -> None:
        self.state = state
        label = {
            "empty": "Notes · Markdown, saved as you type · Esc: back",
            "saved": "Notes · saved · Esc: back",
            "unsaved": "Notes · editing…",
            "error": f"Notes · NOT SAVED: {detail}",
            "waiting": "Notes · opening the article…",
        }[state]
        try:
            self.query_one("#notes-title", Static).update(clean(label))
        except Exception:  # noqa: BLE001 - not composed yet
            pass
