"""`reader [LOCATION]`: build and run the app.

With `-` the page is read from standard input before the app starts, then the terminal is
re-attached as standard input so the app can still read keys.
"""

from __future__ import annotations

import os
import sys


def _read_stdin_page():
    from reader.app import config
    from reader.core.sources import load
    return load("-", limits=config.load().limits)  # the user's size limit applies to stdin too


def _reattach_terminal() -> bool:
    """Point file descriptor 0 at the controlling terminal (after stdin was a pipe)."""
    try:
        fd = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        return False
    os.dup2(fd, 0)
    os.close(fd)
    return True


def run(location: str | None) -> int:
    """Open the app on `location` (None: the start screen); return the exit status."""
    page = None
    if location == "-":
        from reader.core.errors import ReaderError
        from reader.app.crashlog import describe
        try:
            page = _read_stdin_page()
        except (ReaderError, Exception) as exc:  # noqa: BLE001
            sys.stderr.write(f"reader: {describe(exc)}\n")
            return 1
        if not sys.stdin.isatty() and not _reattach_terminal():
            sys.stderr.write("reader: no terminal to read keys from; use `reader summary -` "
                             "for piped input without a terminal.\n")
            return 1
    from reader.ui.app import ReaderApp
    app = ReaderApp(location, page=page, exit_on_start_failure=True)
    result = app.run()
    if app.start_failure:
        sys.stderr.write(f"reader: {app.start_failure}\n")
    return app.return_code or (result if isinstance(result, int) else 0) or 0
