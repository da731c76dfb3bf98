"""Unexpected exceptions go to a log file with their traceback; the user gets one sentence."""

from __future__ import annotations

import traceback
from datetime import datetime, timezone

from reader.core.errors import ReaderError
from reader.paths import log_dir


def describe(exc: BaseException) -> str:
    """One clear sentence for `exc`; an unexpected one is logged and the sentence says where."""
    if isinstance(exc, ReaderError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "Out of memory while processing this input."
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "errors.log"
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {stamp}\n")
            log.write("".join(traceback.format_exception(exc)))
        return f"Unexpected error ({type(exc).__name__}); details were logged to {path}."
    except OSError:
        return f"Unexpected error ({type(exc).__name__}: {exc})."
