"""Where the reader has been: back/forward between opened articles, recent locations kept
across runs, and path completion for the open dialog.

Recents live in a small JSON file in the data folder (`recent.json`); a missing or damaged file
just means no recents, never an error, and writes go through a temporary file so a crash cannot
leave half a file behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from textual.suggester import Suggester

from reader import paths

RECENT_FILE = "recent.json"
RECENT_LIMIT = 50


@dataclass(slots=True)
class History:
    """Browser-style back/forward: visiting a new location drops the forward entries."""

    entries: list[str] = field(default_factory=list)
    position: int = -1

    @property
    def current(self) -> str | None:
        return self.entries[self.position] if self.position >= 0 else None

    @property
    def can_go_back(self) -> bool:
        return self.position > 0

    @property
    def can_go_forward(self) -> bool:
        return 0 <= self.position < len(self.entries) - 1

    def visit(self, location: str) -> None:
        """Record that `location` was opened (re-opening the current one changes nothing)."""
        if location == self.current:
            return
        del self.entries[self.position + 1:]
        self.entries.append(location)
        self.position = len(self.entries) - 1

    def back(self) -> str | None:
        if not self.can_go_back:
            return None
        self.position -= 1
        return self.current

    def forward(self) -> str | None:
        if not self.can_go_forward:
            return None
        self.position += 1
        return self.current


def _is_remote(location: str) -> bool:
    return "://" in location


def normalize_location(location: str) -> str:
    """Local paths are stored absolute, so a recent entry works from any working directory."""
    location = location.strip()
    if not location or location == "-" or _is_remote(location):
        return location
    return str(Path(location).expanduser().resolve())


class Recents:
    """Most recent first, no duplicates, at most `limit` entries, persisted as JSON."""

    def __init__(self, path: Path | None = None, *, limit: int = RECENT_LIMIT) -> None:
        self.path = path or paths.data_dir() / RECENT_FILE
        self.limit = limit
        self.items: list[str] = self._read()

    def _read(self) -> list[str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        items = data.get("recent") if isinstance(data, dict) else None
        if not isinstance(items, list):
            return []
        return [x for x in items if isinstance(x, str) and x][: self.limit]

    def add(self, location: str) -> None:
        """Put `location` first and save; stdin (`-`) is not worth remembering."""
        location = normalize_location(location)
        if not location or location == "-":
            return
        self.items = [location] + [x for x in self.items if x != location]
        del self.items[self.limit:]
        self.save()

    def remove(self, location: str) -> None:
        self.items = [x for x in self.items if x != location]
        self.save()

    def save(self) -> None:
        """Atomic write; a read-only data folder only costs the recents, not the app."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".recent-", suffix=".json", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"recent": self.items}, handle, ensure_ascii=False, indent=1)
            os.replace(tmp, self.path)
        except OSError:
            pass

    def matching(self, prefix: str) -> list[str]:
        """Recent locations that start with `prefix` (case-insensitive), most recent first."""
        low = prefix.lower()
        return [x for x in self.items if x.lower().startswith(low)]


def complete_path(value: str, *, limit: int = 200) -> str | None:
    """Complete a partly typed local path to the first matching entry (folders end with `/`),
    keeping what was typed (`~` included) as the prefix; None when nothing matches."""
    if not value or _is_remote(value) or value == "-":
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


def recent_options(recents: Recents, limit: int = 8):
    """Options for the `o` dialog's recent list (the option id is the location)."""
    from rich.text import Text
    from textual.widgets.option_list import Option

    from reader.core.safety import clean_line
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


def accept_suggestion(field) -> bool:
    """Take the Input's grey completion (tab in the `o` dialog); False if there is none."""
    suggestion = getattr(field, "_suggestion", "")
    if suggestion and suggestion != field.value and suggestion.startswith(field.value):
        field.value = suggestion
        field.cursor_position = len(suggestion)
        return True
    return False
