"""Locations as the open dialog and the link list show them: completion from recent
locations and the file system, and short display forms of paths."""

from __future__ import annotations

import os
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual.suggester import Suggester
from textual.widgets.option_list import Option

from reader.app.state import Recents
from reader.core.safety import clean_line


def path_completions(value: str, *, limit: int = 200) -> list[str]:
    """Every completion of a partly typed local path, in the order Tab offers them: exact-case
    matches first, then by name; folders end with `/`; what was typed (`~` included) is kept
    as the prefix. Hidden entries only when the typed name starts with a dot."""
    if not value or "://" in value or value == "-":
        return []
    if value == "~":
        return ["~" + os.sep]
    partial = value.rsplit(os.sep, 1)[-1]
    expanded = os.path.expanduser(value)
    base = Path(expanded[: len(expanded) - len(partial)] or ".")
    try:
        names = sorted(os.listdir(base))[: limit * 10]
    except OSError:
        return []
    show_hidden = partial.startswith(".")
    candidates = [n for n in names
                  if n.lower().startswith(partial.lower()) and (show_hidden or not n.startswith("."))]
    candidates.sort(key=lambda n: (not n.startswith(partial), n.lower()))
    head = value[: len(value) - len(partial)]
    return [head + n + (os.sep if (base / n).is_dir() else "") for n in candidates[:limit]]


def complete_path(value: str, *, limit: int = 200) -> str | None:
    """The first completion of a partly typed local path (None when nothing new matches)."""
    found = path_completions(value, limit=limit)
    return found[0] if found and found[0] != value else None


def common_prefix(values: list[str]) -> str:
    """The longest start all `values` share (case-sensitive, as the file system is)."""
    return os.path.commonprefix(values) if values else ""


class TabCompletion:
    """Tab in the open dialog, as shells do it: the first Tab completes as far as every match
    agrees; when that adds nothing, each Tab shows the next match in turn."""

    def __init__(self, recents: Recents) -> None:
        self.recents = recents
        self._matches: list[str] = []
        self._shown: str | None = None      # the value our last Tab put in the field
        self._index = -1

    def matches(self, value: str) -> list[str]:
        recent = [r for r in self.recents.matching(value) if r != value]
        found = recent + [p for p in path_completions(value) if p not in recent]
        return found

    def next(self, value: str) -> str | None:
        """The field's new value for one Tab on `value` (None: nothing to complete)."""
        # a Tab on a folder it just completed goes into the folder, as a shell's does
        into_folder = self._index == -1 and value.endswith(os.sep) and os.path.isdir(os.path.expanduser(value))
        if self._shown is not None and value == self._shown and len(self._matches) > 1 and not into_folder:
            self._index = (self._index + 1) % len(self._matches)
            self._shown = self._matches[self._index]
            return self._shown
        matches = self.matches(value)
        if not matches:
            return None
        self._matches, self._index = matches, -1
        prefix = common_prefix(matches)
        if len(matches) == 1:
            self._shown = matches[0]
        elif len(prefix) > len(value):
            self._shown = prefix           # as far as they all agree; Tab again cycles
        else:
            self._index = 0
            self._shown = matches[0]
        return self._shown if self._shown != value else None


class LocationSuggester(Suggester):
    """Suggests from recent locations first, then completes local paths."""

    def __init__(self, recents: Recents) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.recents = recents

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        for recent in self.recents.matching(value):
            if recent != value:
                return value + recent[len(value):]
        return complete_path(value)


def recent_options(recents: Recents, limit: int = 8) -> list[Option]:
    """Options for the `o` dialog's recent list (the option id is the location)."""
    options = []
    for location in recents.items[:limit]:
        shown = display_location(clean_line(location))
        options.append(Option(Text(shown, no_wrap=True, overflow="ellipsis"), id=location))
    return options


def display_location(location: str) -> str:
    """A location as a person would type it: relative below the working folder, `~` for home.

    URLs are unchanged. Showing paths this way keeps lists short and the same on every clone.
    """
    if "://" in location or not os.path.isabs(location):
        return location
    cwd = os.getcwd()
    if location.startswith(cwd + os.sep):
        return os.path.relpath(location, cwd)
    home = os.path.expanduser("~")
    if location.startswith(home + os.sep):
        return "~" + location[len(home):]
    return location


def fit_location(location: str, width: int, *, drop_query: bool = True) -> str:
    """`location` in at most `width` cells on one line: whole when it fits, else its start (the
    scheme and host, or the first folders) and its end (the page's name) around a "…". A URL
    has no spaces, so wrapped it would break mid-word and read as two addresses. A query
    string goes first ("?…"): the page's name says more than its tracking codes, unless
    `drop_query` is False (addresses told apart only by their queries keep their ends)."""
    if cell_len(location) <= width:
        return location
    base, mark, _ = location.partition("?")
    if mark and base and width >= 12 and drop_query:
        return fit_location(base, width - 2) + "?…"
    if width < 8:
        return _cut_right(location, max(0, width - 1)) + "…"
    scheme, sep, rest = location.partition("://")
    head = scheme + sep + rest.split("/", 1)[0] if sep else ""
    if not head or cell_len(head) + 2 + width // 3 > width:
        head = _cut_right(location, (width - 1) // 2)
    room = width - cell_len(head) - 1
    return head + "…" + _cut_left(location[len(head):], room)


def _cut_right(text: str, width: int) -> str:
    """The longest start of `text` within `width` cells (measured char by char: a data: URL
    may be megabytes long)."""
    used = 0
    for i, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return text[:i]
    return text


def _cut_left(text: str, width: int) -> str:
    """The longest end of `text` within `width` cells, from a "/" when one leaves it over half."""
    used, start = 0, len(text)
    while start > 0:
        used += cell_len(text[start - 1])
        if used > width:
            break
        start -= 1
    out = text[start:]
    slash = out.find("/")
    return out[slash:] if 0 <= slash < len(out) // 2 and len(out) < len(text) else out
