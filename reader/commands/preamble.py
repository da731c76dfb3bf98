"""What every library command does first: read the settings, report their problems, open
the library (or say in one line why it cannot be opened)."""

from __future__ import annotations

from typing import Any, TextIO

from reader.app import config
from reader.app.config import Config
from reader.app.crashlog import describe
from reader.core.errors import ReaderError
from reader.core.safety import clean_line


def settings_and_library(command: str, err: TextIO) -> tuple[Config, Any] | None:
    """The user's settings (each problem said on `err`) and the open library; None when the
    library cannot be opened, after saying why (`reader COMMAND: ...`)."""
    from reader import store
    settings = config.load()
    for problem in settings.problems:
        err.write(f"reader: {clean_line(problem)}\n")
    try:
        return settings, store.open()
    except ReaderError as exc:
        err.write(f"reader {command}: {describe(exc)}\n")
        return None
