"""The app's small state files in the data folder: first-run state and recent locations.

Both are best effort: a missing, damaged or unwritable file means defaults (no recents, a
first run), never an error, and every write goes through `files.write_atomic`, so a crash
cannot leave half a file behind.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader.app import paths
from reader.app.files import WriteFailed, write_atomic

STATE_FILE = "state.json"
RECENT_FILE = "recent.json"
RECENT_LIMIT = 50
HINT_LAUNCHES = 3  # the footer's "New here? Press ?" shows for this many launches at most


def read_json(path: Path) -> dict[str, Any]:
    """The JSON object in `path`, or {} when it is missing, damaged or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(path: Path, data: dict[str, Any]) -> bool:
    """Write `data` atomically; False (and nothing changed) when the folder is unwritable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    except (OSError, WriteFailed):
        return False
    return True


class AppState:
    """Launch count, whether help was ever opened, and the theme picked in the palette."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.data_dir() / STATE_FILE
        self.data = read_json(self.path)

    def launched(self) -> bool:
        """Count a launch; True if the first-run hint should show this time."""
        launches = self.data.get("launches", 0)
        count = (launches if isinstance(launches, int) else 0) + 1
        self.data["launches"] = count
        write_json(self.path, self.data)
        return count <= HINT_LAUNCHES and not self.data.get("help_seen", False)

    def help_seen(self) -> None:
        if not self.data.get("help_seen"):
            self.data["help_seen"] = True
            write_json(self.path, self.data)

    @property
    def theme(self) -> str | None:
        theme = self.data.get("theme")
        return theme if isinstance(theme, str) else None

    def remember_theme(self, name: str) -> None:
        if self.data.get("theme") != name:
            self.data["theme"] = name
            write_json(self.path, self.data)


def normalize_location(location: str) -> str:
    """Local paths are stored absolute, so a recent entry works from any working directory."""
    location = location.strip()
    if not location or location == "-" or "://" in location:
        return location
    return str(Path(location).expanduser().resolve())


class Recents:
    """Recently opened locations: most recent first, no duplicates, at most `limit`."""

    def __init__(self, path: Path | None = None, *, limit: int = RECENT_LIMIT) -> None:
        self.path = path or paths.data_dir() / RECENT_FILE
        self.limit = limit
        items = read_json(self.path).get("recent")
        self.items: list[str] = ([x for x in items if isinstance(x, str) and x][:limit]
                                 if isinstance(items, list) else [])

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
        write_json(self.path, {"recent": self.items})

    def matching(self, prefix: str) -> list[str]:
        """Recent locations that start with `prefix` (case-insensitive), most recent first."""
        low = prefix.lower()
        return [x for x in self.items if x.lower().startswith(low)]
