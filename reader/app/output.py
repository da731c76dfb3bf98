"""Standard output that fails in one sentence, never in a traceback.

`reader extract --json > /dev/full`, a closed stdout (`>&-`) or a reader that went away
(`| head -1`) are ordinary situations for a command-line tool. Writes go through
`GuardedOutput`, which turns the OSError of a full disk or a closed stream into
`OutputFailed` ("Could not write the output: no space left on device."), while a broken pipe
stays a `BrokenPipeError` for the caller to end quietly on, as Unix tools do.

`protect_standard_streams()` runs first: when the shell started us with file descriptor 0, 1
or 2 closed, the next file we open would take that number and anything printed would land
in it (the library's database, say), so each closed one is pointed at /dev/null.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TextIO

from reader.app.files import reason
from reader.core.errors import ReaderError


class OutputFailed(ReaderError):
    """Standard output could not be written."""


_closed: set[int] = set()  # standard descriptors that were closed when we started


def protect_standard_streams() -> None:
    """Point closed descriptors 0-2 at /dev/null (remembering which were closed)."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                null = os.open(os.devnull, os.O_RDWR)
            except OSError:
                continue
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            _closed.add(fd)


class GuardedOutput(io.TextIOBase):
    """A text stream whose failures are one sentence (see the module docstring)."""

    def __init__(self, stream: TextIO | None, closed: bool = False) -> None:
        super().__init__()
        self._stream = stream
        self._closed_at_start = closed or stream is None

    def _fail(self, exc: OSError | None = None) -> OutputFailed:
        if exc is None:
            return OutputFailed("Could not write the output: standard output is closed.")
        return OutputFailed(f"Could not write the output: {reason(exc)}.")

    def write(self, text: str) -> int:
        if self._closed_at_start or self._stream is None:
            raise self._fail()
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:  # ValueError: the stream was closed
            raise self._fail(exc if isinstance(exc, OSError) else None) from None

    def flush(self) -> None:
        if self._closed_at_start or self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            raise self._fail(exc if isinstance(exc, OSError) else None) from None

    def isatty(self) -> bool:
        try:
            return bool(self._stream is not None and self._stream.isatty())
        except (OSError, ValueError):
            return False

    def writable(self) -> bool:
        return True


def stdout() -> TextIO:
    """Standard output, guarded."""
    return GuardedOutput(sys.stdout, closed=1 in _closed)  # type: ignore[return-value]


def silence_stdout() -> None:
    """After a broken pipe: send what is left to /dev/null, so the interpreter's last flush
    at exit does not report the same broken pipe again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass
