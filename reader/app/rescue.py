"""Where unsaved words go when the library cannot take them: a rescue file in another folder.

When the data folder's disk is full (or the library is damaged), the app keeps the text in
memory and retries; if the user quits, or the terminal goes away, the text is written here:
the home folder, else the temporary folder, else the working folder (never the data folder,
which is the one failing).
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

from reader.app import paths
from reader.app.files import WriteFailed, write_atomic


def _folders() -> list[Path]:
    data = paths.data_dir().resolve()
    found: list[Path] = []
    for folder in (Path.home(), Path(tempfile.gettempdir()), Path.cwd()):
        try:
            folder = folder.resolve()
        except OSError:
            continue
        if folder != data and folder not in found:
            found.append(folder)
    return found


def write_rescue(text: str) -> Path:
    """Write `text` to a new rescue file and return its path (WriteFailed if no folder takes
    it)."""
    name = f"reader-rescue-{datetime.now().strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.md"
    header = ("# Notes reader could not save to its library\n\n"
              "reader wrote them here because its library could not be written. Paste them "
              "back in with `reader notes add ARTICLE -` once the disk has room.\n\n")
    reasons = []
    for folder in _folders():
        try:
            return write_atomic(folder / name, header + text)
        except WriteFailed as exc:
            reasons.append(str(exc))
    raise WriteFailed("No folder could take the rescue file: " + " ".join(reasons))
