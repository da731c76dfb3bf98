"""Unexpected exceptions go to a log file with their traceback; the user gets one sentence.

`describe` never raises: it is called from error paths (CLI batch loop, app workers), where a
second failure would turn a clear message into a traceback. The log is capped by rotating to
`errors.log.1`, so a long-running batch that hits a bug on every page cannot fill the disk.
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.safety import clean_line
from reader.app.paths import log_dir

LOG_NAME = "errors.log"
MAX_LOG_BYTES = 1024 * 1024


def _rotate(path: Path) -> None:
    try:
        if path.stat().st_size > MAX_LOG_BYTES:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
    except OSError:
        pass


def log_exception(exc: BaseException) -> Path:
    """Append `exc` with its traceback and context to the log; return the log's path."""
    from reader import __version__

    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    _rotate(path)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with path.open("a", encoding="utf-8", errors="backslashreplace") as log:
        log.write(f"--- {stamp} reader {__version__}, Python {platform.python_version()}, "
                  f"{platform.platform()}\n")
        log.write(f"argv: {sys.argv!r}\n")
        log.write("".join(traceback.format_exception(exc)))
    return path


def describe(exc: BaseException) -> str:
    """One clear sentence for `exc`; an unexpected one is logged and the sentence says where.

    A ReaderError marked `unexpected` (the core met a bug) gets its cause logged.
    """
    try:
        if isinstance(exc, ReaderError):
            message = clean_line(str(exc)) or f"The operation failed ({type(exc).__name__})."
            if exc.unexpected and exc.__cause__ is not None:
                try:
                    path = log_exception(exc.__cause__)
                except Exception:  # noqa: BLE001 - unwritable log folder: the sentence alone
                    return message
                return f"{message.rstrip('.')}; details were logged to {path}."
            return message
        if isinstance(exc, MemoryError):
            return "Out of memory while processing this input."
        if isinstance(exc, KeyboardInterrupt):
            return "Interrupted."
    except Exception:  # noqa: BLE001 - str(exc) itself failed; fall through to logging
        pass
    name = type(exc).__name__
    try:
        path = log_exception(exc)
        return f"Unexpected error ({name}); details were logged to {path}."
    except Exception:  # noqa: BLE001 - the log folder is unwritable: still one sentence
        try:
            detail = clean_line(str(exc))[:200]
        except Exception:  # noqa: BLE001
            detail = ""
        return f"Unexpected error ({name}{': ' + detail if detail else ''})."
