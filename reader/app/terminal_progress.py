"""Progress of a long command on standard error: a bar on a terminal, plain lines elsewhere.

On a terminal one line redraws itself in place (`[#######.......]  57/200  3.2/s  0:44 left
· 2 failed`), at most ten times a second, and lines printed through `message` appear above
it. When standard error is a pipe or a file (a cron job, `2> log`), there is no bar and no
carriage return: a plain line at most every `interval` seconds, so a log stays readable.

Written here because the app layer never imports Rich (whose progress bar also draws from
its own thread and owns the console), and the whole of it is one line of arithmetic.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import TextIO

from reader.core.safety import clean_line


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class TerminalProgress:
    """`update(done, total, failed=..., note=...)`, `message(text)`, `close()`."""

    def __init__(self, stream: TextIO, *, label: str, interval: float = 10.0,
                 terminal: bool | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.label = label
        self.terminal = is_terminal(stream) if terminal is None else terminal
        self.interval = interval
        self.clock = clock
        self.started = clock()
        self._drawn = False
        self._last = -1e9 if self.terminal else self.started   # a log's first line: later
        self._last_text = ""

    def rate(self, done: int) -> float:
        elapsed = self.clock() - self.started
        return done / elapsed if elapsed > 0 else 0.0

    def text(self, done: int, total: int, failed: int = 0, note: str = "",
             width: int = 80) -> str:
        """The line for this state, fitted to `width` columns."""
        finished = done + failed
        rate = self.rate(finished)
        left = (total - finished) / rate if rate > 0 and total > finished else None
        figures = f"{finished}/{total}  {rate:.1f}/s"
        if left is not None:
            figures += f"  {_clock(left)} left"
        extras = [f"{failed} failed"] if failed else []
        if note:
            extras.append(note)
        tail = (" · " + ", ".join(extras)) if extras else ""
        if not self.terminal:
            words = f"{finished} of {total} done, {rate:.1f} per second"
            if left is not None:
                words += f", about {_clock(left)} left"
            return f"{self.label}: {words}{(' (' + ', '.join(extras) + ')') if extras else ''}"
        room = width - len(figures) - len(tail) - 4
        bar = ""
        if room >= 10:
            size = min(40, room)
            filled = int(size * finished / total) if total else size
            bar = "[" + "#" * filled + "." * (size - filled) + "]  "
        return (bar + figures + tail)[:width - 1]

    def update(self, done: int, total: int, failed: int = 0, note: str = "") -> None:
        now = self.clock()
        if now - self._last < (0.1 if self.terminal else self.interval):
            return
        self._last = now
        if self.terminal:
            width = shutil.get_terminal_size((80, 24)).columns
            self._write("\r\x1b[K" + self.text(done, total, failed, note, width))
            self._drawn = True
        elif done + failed:
            self._write(self.text(done, total, failed, note) + "\n")

    def message(self, text: str) -> None:
        """A line of its own (a failure, say), above the bar on a terminal."""
        self.clear()
        self._write(clean_line(text) + "\n")
        if self.terminal:
            self._last = -1e9      # the bar comes back at the next update

    def clear(self) -> None:
        if self.terminal and self._drawn:
            self._write("\r\x1b[K")
            self._drawn = False

    def close(self) -> None:
        self.clear()

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):   # stderr went away: progress is not worth failing for
            pass
