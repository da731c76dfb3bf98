"""The footer line: the keys that work here on the left, reading progress (or the first-run
hint) on the right.

`KeyFooter` is written by hand rather than taken from Textual's `Footer` because the footer must
hold three promises Textual's does not: `?` Help and `q` Quit are always shown, at the right
end, whatever the width; a key that does not fit is left out whole, never cut mid-word (keys
are dropped by their registry rank, `Action.keep`); and while a text field has the focus, keys
that would type into it are not offered (the field's own keys, F1 for help and ctrl+q to quit
are). It draws one line of text (no child widgets), so it costs nothing when an article opens.

Reading progress is a position in the text (a character offset), so resizing the terminal keeps
the percentage; minutes left come from `wording.reading_minutes`, like the header's length.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding as TextualBinding
from textual.containers import Horizontal
from textual.keys import _character_to_key
from textual.widget import Widget
from textual.widgets import Input, Static

from reader.ui import actions
from reader.ui.wording import progress_percent, reading_fraction, reading_minutes

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.dom import DOMNode
    from textual.screen import Screen

HINT = "New here? Press ?"
GAP = 2  # cells between two keys
_ORDER = {a.id: i for i, a in enumerate(actions.ACTIONS)}


def reading_progress(offset: int, length: int, words: int, *, at_end: bool) -> tuple[int, int]:
    """(percent read, minutes left) for a reader whose view starts at character `offset` of a
    text of `length` characters and `words` words; `at_end`: the end of the text is on screen."""
    if at_end or length <= 0:
        return 100, 0
    fraction = reading_fraction(offset, length)
    shown = progress_percent(min(fraction, 0.999))  # the end is not on screen: below 100%
    return shown, reading_minutes(words * (1 - fraction))


def progress_text(percent_read: int, minutes: int) -> str:
    if percent_read >= 100:
        return "100% · end"
    return f"{percent_read}% · {minutes} min left" if minutes else f"{percent_read}%"


@dataclass(frozen=True, slots=True)
class FooterEntry:
    key: str            # as shown: "?", "^q"
    description: str
    action: str
    node: DOMNode
    keep: int
    essential: bool
    order: int          # the action's place in the registry

    @property
    def width(self) -> int:
        return len(self.key) + 1 + len(self.description)


def typing_focus(screen: Screen) -> bool:
    """A text field has the focus: printable keys type into it (an Input, or a widget that
    says so with `TAKES_TYPING`, like the notes editor, even while it waits for its note:
    TextArea itself is not imported at start-up just to ask)."""
    focused = screen.focused
    return isinstance(focused, Input) or bool(getattr(focused, "TAKES_TYPING", False))


# Textual's names of the printable keys ("slash", "question_mark", "space") -> the character.
_PRINTABLE = {_character_to_key(c): c for c in string.printable if c.isprintable()}


def _types(key: str) -> bool:
    """The key types a character into a text field (no modifier but shift)."""
    return key in _PRINTABLE or (len(key) == 1 and key.isprintable())


def footer_entries(screen: Screen) -> list[FooterEntry]:
    """The keys the footer offers on `screen` now, in display order (essential ones last).

    One entry per registry action; its first key that works here is shown (in a text field,
    the first that does not type). A node can hide an action it cannot do now with
    `footer_hidden(action)` (the key still answers, saying why)."""
    app = screen.app
    keymap = app._keymap  # what [keys] remapped: Textual keeps it on the app
    typing = typing_focus(screen)
    by_id: dict[str, dict[str, tuple[Binding, DOMNode]]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.show or not active.enabled or binding.id not in actions.BY_ID:
            continue
        if typing and _types(key):
            continue
        by_id.setdefault(binding.id, {})[key] = (binding, active.node)
    entries: list[FooterEntry] = []
    for action_id, found in by_id.items():
        action = actions.BY_ID[action_id]
        keys = keymap.get(action_id, action.keys).split(",")
        first = next((k.strip() for k in keys if k.strip() in found), next(iter(found)))
        binding, node = found[first]
        hidden = getattr(node, "footer_hidden", None)
        if hidden is not None and hidden(action.action):
            continue
        if action_id in keymap or first != keys[0].strip():
            # "+" stands for "plus,equals_sign"; "?" for "question_mark" but not for "f1".
            binding = replace(binding, key_display=None)
        entries.append(FooterEntry(app.get_key_display(binding), action.description,
                                   action.action, node, action.keep, action.essential,
                                   _ORDER[action_id]))
    # What this screen or field offers first, then the app's own keys, then help and quit.
    entries.sort(key=lambda e: (e.essential, e.node is app, e.order))
    return entries


def fit(entries: list[FooterEntry], width: int) -> list[FooterEntry]:
    """The entries that fit in `width` cells, in display order: the essential ones always,
    then the others by rank (a lower-ranked key that fits where a wider one did not is kept)."""
    def total(chosen: list[FooterEntry]) -> int:
        return sum(e.width for e in chosen) + GAP * max(0, len(chosen) - 1)

    chosen = [e for e in entries if e.essential]
    for entry in sorted((e for e in entries if not e.essential), key=lambda e: -e.keep):
        if total(chosen + [entry]) <= width:
            chosen.append(entry)
    return [e for e in entries if e in chosen]


def hint_line(app: App[object], scope: str, *, every_key: bool = False,
              only: tuple[str, ...] | None = None) -> str:
    """The shown keys of a dialog's scope as one line: "enter Save · esc Cancel" (the user's
    `[keys]` applied), for dialogs too small for a footer; `every_key`: all of each action's
    keys ("esc q ? f1 close help"); `only`: just these action ids (what works now)."""
    keymap = app._keymap
    parts = []
    for action in actions.for_scope(scope):
        if not action.show or (only is not None and action.id not in only):
            continue
        remapped = action.id in keymap
        keys = [k.strip() for k in (keymap[action.id] if remapped else action.keys).split(",")]
        shown = [app.get_key_display(TextualBinding(
            key, action.action, key_display=None if remapped or i else action.key_display))
            for i, key in enumerate(keys if every_key else keys[:1])]
        parts.append(f"{' '.join(shown)} {action.description.lower()}")
    return " · ".join(parts)


class KeyFooter(Widget):
    """One line of keys for the screen it is on; see the module docstring. Click a key to
    run it."""

    DEFAULT_CSS = """
    KeyFooter {
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {"key-footer--key"}

    def __init__(self, *, id: str | None = "key-footer") -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, FooterEntry]] = []
        self.shown: list[FooterEntry] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.screen_change_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.screen_change_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached:
            self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.refresh()

    @property
    def text(self) -> str:
        """The line as shown (for tests and the footer's own checks)."""
        return "  ".join(f"{e.key} {e.description}" for e in self.shown)

    def render(self) -> Text:
        width = self.content_region.width or self.size.width
        try:
            # under a dialog (links, tags...) these keys do not answer: the dialog says its own
            covered = self.app.screen is not self.screen
            entries = [] if covered else footer_entries(self.screen)
        except Exception:  # noqa: BLE001 - the screen is being torn down
            entries = []
        shown = fit(entries, width)
        key_style = self.get_component_rich_style("key-footer--key")
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, FooterEntry]] = []
        essential_only = sum(e.width for e in shown) + GAP * max(0, len(shown) - 1) > width
        for entry in shown:
            if line:
                line.append(" " * GAP)
            start = len(line)
            line.append(entry.key, style=key_style)
            if not essential_only:  # too narrow even for help and quit: keys alone
                line.append(" " + entry.description)
            spans.append((start, len(line), entry))
        self.shown, self._spans = shown, spans
        return line

    async def on_click(self, event: events.Click) -> None:
        x = event.x - self.styles.padding.left
        for start, end, entry in self._spans:
            if start <= x < end:
                event.stop()
                await self.app.run_action(entry.action, entry.node)
                return


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

    def set_progress(self, offset: int, length: int, words: int, *, at_end: bool) -> None:
        read, minutes = reading_progress(offset, length, words, at_end=at_end)
        self.progress = progress_text(read, minutes) if words else ""
        self._refresh()

    def clear_progress(self) -> None:
        self.progress = ""
        self._refresh()

    def _refresh(self) -> None:
        self.set_class(self.hint, "-hint")
        self.update(HINT if self.hint else self.progress)


class StatusFooter(Horizontal):
    """The footer of the reading screen: keys, then `ReadingStatus`, on one line."""

    DEFAULT_CSS = """
    StatusFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    """

    def compose(self) -> ComposeResult:
        yield KeyFooter()
        yield ReadingStatus()
