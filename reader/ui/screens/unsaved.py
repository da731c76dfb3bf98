"""Quitting with words the library could not take yet: ask first, and offer ways out that
keep them (try again, a rescue file in another folder, the clipboard).

Reached from `q` when the library's writer still holds failed writes (a full disk, say). The
dialog never lets the text go silently: "Quit anyway" works only once it is copied or
rescued. It dismisses with "quit" or None (keep reading).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.app.files import WriteFailed
from reader.app.rescue import write_rescue
from reader.core.safety import clean
from reader.ui.actions import Scoped, bindings
from reader.ui.screens.dialogs import DIALOG_CSS

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp
    from reader.ui.library_service import LibraryService

RETRY_WAIT_SECONDS = 5.0


class UnsavedDialog(Scoped, ModalScreen[str | None]):
    """See the module docstring."""

    SCOPE = "unsaved"
    DEFAULT_CSS = DIALOG_CSS.format(name="UnsavedDialog")
    BINDINGS = bindings("unsaved")

    def __init__(self, service: LibraryService) -> None:
        super().__init__()
        self.service = service
        self.kept = False  # the text is safe elsewhere (copied or rescued)

    @property
    def reader_app(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Some of what you wrote is not saved yet"), classes="dialog-title")
            yield Static(Text(self._body()), classes="dialog-body", id="unsaved-body")
            yield Static(Text("r try again · w rescue file and quit · c copy · "
                              "q quit anyway (after c) · esc keep reading"),
                         id="unsaved-keys")

    def _body(self, extra: str = "") -> str:
        pending = self.service.pending
        what = ", ".join(dict.fromkeys(pending)) or "nothing"
        error = self.service.last_error()
        lines = [f"Not saved: {what}." + (f" The library said: {error}" if error else ""),
                 "reader keeps trying every few seconds while it runs."]
        if extra:
            lines.append(extra)
        return clean("\n".join(lines))

    def _say(self, extra: str) -> None:
        self.query_one("#unsaved-body", Static).update(Text(self._body(extra)))

    # ------------------------------------------------------------------ actions
    def action_retry(self) -> None:
        self._say("Trying again…")
        self._retry()

    @work(thread=True, exclusive=True, group="unsaved-retry", exit_on_error=False)
    def _retry(self) -> None:
        self.service.retry_now()
        saved = self.service.drain(RETRY_WAIT_SECONDS)
        self.app.call_from_thread(self._retried, saved)

    def _retried(self, saved: bool) -> None:
        if saved:
            self.dismiss("quit")
        else:
            self._say("Still not saved.")

    def action_rescue(self) -> None:
        self._rescue(self.service.rescue_text())

    @work(thread=True, exclusive=True, group="unsaved-rescue", exit_on_error=False)
    def _rescue(self, text: str) -> None:
        try:
            path = write_rescue(text)
        except WriteFailed as exc:
            self.app.call_from_thread(self._say, f"{exc} Copy it instead (c).")
            return
        self.app.call_from_thread(self._rescued, str(path))

    def _rescued(self, path: str) -> None:
        self.kept = True
        self.app.notify(f"The unsaved text is in {path}.", title="Rescued", timeout=15)
        self.dismiss("quit")

    def action_copy(self) -> None:
        self.reader_app.copy_text(self.service.rescue_text())
        self.kept = True
        self._say("Copied to the clipboard. Press q to quit anyway.")

    def action_quit_anyway(self) -> None:
        if self.kept:
            self.dismiss("quit")
        else:
            self._say("Copy it (c) or write a rescue file (w) first, so nothing is lost.")

    def action_stay(self) -> None:
        self.dismiss(None)
