"""Find in the article: `/` opens the bar, typing searches as you go, `n`/`N` step through.

`Finder` holds the logic (case-insensitive, offsets into the article text, wrapping) so it is
tested without a screen. `FindBar` is the bottom bar; it never touches the article view: it
posts `FindBar.Updated` with every match and the current one, and the screen highlights and
scrolls. Enter hands focus back to the article with the bar still showing the count, so `n`/`N`
keep working; escape closes the bar and clears the highlights (`n`/`N` bring it back, as in
less and vim: the query is kept).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from reader.ui.actions import Scoped, bindings

Span = tuple[int, int]


def find_all(text: str, query: str) -> list[Span]:
    """Every non-overlapping, case-insensitive occurrence of `query` in `text`; offsets into
    `text` itself (no lower-casing of the text, so offsets never shift)."""
    if not query:
        return []
    return [m.span() for m in re.finditer(re.escape(query), text, re.IGNORECASE)]


@dataclass(slots=True)
class Finder:
    """Matches of a query in a text and which one is current."""

    text: str = ""
    query: str = ""
    matches: list[Span] = field(default_factory=list)
    current: int | None = None

    def search(self, query: str, *, near: int = 0) -> Span | None:
        """Find `query`; the current match becomes the first one at or after offset `near`
        (where the reader is), wrapping to the first match."""
        self.query = query
        self.matches = find_all(self.text, query)
        if not self.matches:
            self.current = None
            return None
        self.current = next((i for i, (start, _) in enumerate(self.matches) if start >= near), 0)
        return self.matches[self.current]

    def set_text(self, text: str) -> None:
        self.text = text
        self.search(self.query)

    def step_from(self, position: int, delta: int) -> Span | None:
        """The first match starting after `position` (delta > 0) or the last one starting
        before it (delta < 0), wrapping around the text."""
        if not self.matches:
            self.current = None
            return None
        starts = [start for start, _ in self.matches]
        if delta > 0:
            index = bisect_right(starts, position)
            self.current = index if index < len(starts) else 0
        else:
            index = bisect_left(starts, position) - 1
            self.current = index if index >= 0 else len(starts) - 1
        return self.matches[self.current]

    def step(self, delta: int) -> Span | None:
        if not self.matches:
            return None
        if self.current is None:
            self.current = 0 if delta > 0 else len(self.matches) - 1
        else:
            self.current = (self.current + delta) % len(self.matches)
        return self.matches[self.current]

    def next(self) -> Span | None:
        return self.step(1)

    def previous(self) -> Span | None:
        return self.step(-1)

    @property
    def span(self) -> Span | None:
        return None if self.current is None else self.matches[self.current]

    def status(self) -> str:
        if not self.query:
            return ""
        if not self.matches:
            return "no matches"
        count = len(self.matches)
        return f"{self.current + 1}/{count}" if self.current is not None else f"{count}"


class FindBar(Scoped, Horizontal):
    """One line at the bottom of the reading screen: `Find [query] 3/12`. Not docked: it
    sits in the screen's vertical layout above the footer, so it never covers either."""

    DEFAULT_CSS = """
    FindBar {
        height: 1;
        display: none;
        background: $panel;
    }
    FindBar.-open { display: block; }
    FindBar > Label { padding: 0 1; height: 1; }
    FindBar > #find-label { color: $primary; text-style: bold; }
    FindBar > Input, FindBar > Input:focus {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1;
        background: $surface;
    }
    FindBar > Input:focus { background: $boost; }
    FindBar > #find-status { color: $text-muted; min-width: 12; text-align: right; }
    FindBar.-none > #find-status { color: $error; }
    """

    SCOPE = "find"  # the reading screen's find keys are the ones `?` lists
    BINDINGS = bindings("find")

    class Updated(Message):
        """The matches or the current match changed (or the bar closed: no matches)."""

        def __init__(self, matches: list[Span], current: Span | None, query: str) -> None:
            super().__init__()
            self.matches = matches
            self.current = current
            self.query = query

    class Done(Message):
        """The user left the input (enter or escape): focus belongs to the article again."""

        def __init__(self, closed: bool) -> None:
            super().__init__()
            self.closed = closed

    def __init__(self, *, id: str | None = "find-bar") -> None:
        super().__init__(id=id)
        self.finder = Finder()

    def compose(self) -> ComposeResult:
        yield Label("Find", id="find-label")
        yield Input(placeholder="a word or phrase", id="find-input")
        yield Label("", id="find-status")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def active(self) -> bool:
        """Open with something to step through: `n`/`N` belong to the finder."""
        return self.is_open and bool(self.finder.query)

    def open(self, text: str, *, near: int = 0) -> None:
        """Show the bar on `text`, focus the input; an earlier query is kept and selected."""
        self.finder.text = text
        self._near = near
        self.add_class("-open")
        field_ = self.query_one(Input)
        field_.focus()
        if self.finder.query:
            field_.value = self.finder.query
            field_.select_all()
            self._search(self.finder.query)

    def repeat(self, text: str, delta: int, position: int) -> None:
        """`n`/`N` with the bar closed: show it again (the focus stays where it is) at the
        next (or previous) match after `position`."""
        self.finder.text = text
        self.finder.matches = find_all(text, self.finder.query)
        self.add_class("-open")
        field_ = self.query_one(Input)
        if field_.value != self.finder.query:
            with field_.prevent(Input.Changed):
                field_.value = self.finder.query
        self._moved(self.finder.step_from(position, delta))

    def set_text(self, text: str) -> None:
        """The article changed under an open bar: search the new text."""
        self.finder.text = text
        if self.is_open:
            self._search(self.finder.query)

    def close(self) -> None:
        self.remove_class("-open", "-none")
        self.post_message(self.Updated([], None, ""))
        self.post_message(self.Done(closed=True))

    def next(self) -> None:
        self._moved(self.finder.next())

    def previous(self) -> None:
        self._moved(self.finder.previous())

    def action_close(self) -> None:
        self.close()

    def action_step(self, delta: int) -> None:
        self._moved(self.finder.step(delta))

    def action_keep(self) -> None:
        """Back to the article, the matches kept (what Enter in the field does)."""
        if not self.finder.query:
            self.close()
            return
        self.post_message(self.Done(closed=False))

    def _search(self, query: str) -> None:
        self.finder.search(query, near=getattr(self, "_near", 0))
        self._moved(self.finder.span)

    def _moved(self, span: Span | None) -> None:
        status = self.finder.status()
        self.query_one("#find-status", Label).update(status)
        self.set_class(status == "no matches", "-none")
        self.post_message(self.Updated(list(self.finder.matches), span, self.finder.query))

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_keep()
