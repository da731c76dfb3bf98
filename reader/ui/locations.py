"""Locations as the open dialog and the link list show them: completion from recent
locations and the file system, and short display forms of paths."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.suggester import Suggester
from textual.widgets import Input
from textual.widgets.option_list import Option

from reader.app.state import Recents
from reader.core.safety import clean_line


def complete_path(value: str, *, limit: int = 200) -> str | None:
    """Complete a partly typed local path to the first matching entry (folders end with `/`),
    keeping what was typed (`~` included) as the prefix; None when nothing matches."""
    if not value or "://" in value or value == "-":
        return None
    if value == "~":
        return "~" + os.sep
    partial = value.rsplit(os.sep, 1)[-1]
    expanded = os.path.expanduser(value)
    base = Path(expanded[: len(expanded) - len(partial)] or ".")
    try:
        names = sorted(os.listdir(base))[: limit * 10]
    except OSError:
        return None
    show_hidden = partial.startswith(".")
    candidates = [n for n in names
                  if n.lower().startswith(partial.lower()) and (show_hidden or not n.startswith("."))]
    if not candidates:
        return None
    # Prefer an exact-case match, then folders and readable files in name order.
    candidates.sort(key=lambda n: (not n.startswith(partial), n.lower()))
    choice = candidates[0]
    suffix = os.sep if (base / choice).is_dir() else ""
    completed = value[: len(value) - len(partial)] + choice + suffix
    return completed if completed != value else None


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


def accept_suggestion(field: Input) -> bool:
    """Take the Input's grey completion (tab in the `o` dialog); False if there is none."""
    suggestion: Any = field._suggestion  # Textual keeps the shown completion here
    if suggestion and suggestion != field.value and suggestion.startswith(field.value):
        field.value = suggestion
        field.cursor_position = len(suggestion)
        return True
    return False
