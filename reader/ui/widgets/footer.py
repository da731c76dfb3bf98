"""The footer line: Textual's key footer on the left, reading progress (or the first-run hint)
on the right.

Reading progress is "percent read · minutes left" from the article view's scroll position and
the article's word count (230 words a minute, a common adult silent-reading rate). The first-run
hint shows for the first few launches until the user opens the help once (`AppState`).
"""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

WORDS_PER_MINUTE = 230
HINT = "New here? Press ?"


def reading_progress(scroll_y: float, max_scroll_y: float, words: int,
                     wpm: int = WORDS_PER_MINUTE) -> tuple[int, int]:
    """(percent read, whole minutes left) for a scroll position; a text that fits the screen
    counts as read, and minutes left never shows 0 while something is left to read."""
    if max_scroll_y <= 0:
        return 100, 0
    fraction = min(max(scroll_y / max_scroll_y, 0.0), 1.0)
    percent = int(fraction * 100)
    left_words = words * (1 - fraction)
    minutes = math.ceil(left_words / wpm) if left_words >= 1 else 0
    return percent, minutes


def progress_text(percent: int, minutes: int) -> str:
    if percent >= 100:
        return "100% · end"
    return f"{percent}% · {minutes} min left" if minutes else f"{percent}%"


class ReadingStatus(Static):
    """Right end of the footer: the hint on first runs, then reading progress."""

    DEFAULT_CSS = """
    ReadingStatus {
        width: 20;            /* fixed: a changing width would leave the footer half-drawn */
        height: 1;
        padding: 0 1;
        text-align: right;
        color: $footer-description-foreground;
        background: $footer-background;
    }
    ReadingStatus.-hint { color: $accent; text-style: bold; }
    """

    def __init__(self, *, id: str | None = "reading-status") -> None:
        super().__init__("", id=id)
        self.hint = False
        self.progress = ""

    def show_hint(self, show: bool = True) -> None:
        self.hint = show
        self._refresh()

    def set_progress(self, scroll_y: float, max_scroll_y: float, words: int) -> None:
        percent, minutes = reading_progress(scroll_y, max_scroll_y, words)
        self.progress = progress_text(percent, minutes) if words else ""
        self._refresh()

    def clear_progress(self) -> None:
        self.progress = ""
        self._refresh()

    def _refresh(self) -> None:
        self.set_class(self.hint, "-hint")
        self.update(HINT if self.hint else self.progress)


class ReaderFooter(Footer):
    """Textual's compact footer, minus two costs that landed just when an article appears:
    - it rebuilt its keys on every bindings signal (a dozen while an article opens), even when
      the keys shown had not changed: now once per refresh, and only if they changed;
    - each new key set its `-compact` class in a watcher, restyling itself: now the class is
      set before the key is mounted."""

    _pending = False
    _shown: tuple | None = None

    def _signature(self) -> tuple:
        return tuple((key, b.binding.description, b.enabled, b.binding.tooltip)
                     for key, b in self.screen.active_bindings.items() if b.binding.show)

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        signature = self._signature()
        if signature != self._shown:
            await self.recompose()

    def compose(self) -> ComposeResult:
        ready = self._bindings_ready and self.is_attached
        self._shown = self._signature() if ready else None  # an empty first compose: not shown
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.add_class("-compact", update=False)
            yield widget


class StatusFooter(Horizontal):
    """Drop-in for `Footer()`: the key footer plus `ReadingStatus` on one line."""

    DEFAULT_CSS = """
    StatusFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    StatusFooter > Footer {
        dock: none;
        width: 1fr;
    }
    /* The footer leaves its last column to overflowing keys; cover it. */
    StatusFooter > ReadingStatus { offset-x: -1; }
    """

    def compose(self) -> ComposeResult:
        yield ReaderFooter(compact=True)
        yield ReadingStatus()
