"""`reader [LOCATION]`: build and run the app.

A local location is read before the app starts (a file that cannot be opened is one line on
stderr, and the screen is never drawn); with `-` the page is read from standard input, then
the terminal is re-attached as standard input so the app can still read keys.
"""

from __future__ import annotations

import gc
import os
import sys


def _read_page(location: str, limits):
    from reader.core.sources import load
    return load(location, limits=limits)  # the user's size limits apply here too


def _is_local(location: str) -> bool:
    """A file (or `-`): read before the app starts, so a location that cannot be opened is
    said in one line on stderr without the screen ever being drawn (web pages load inside)."""
    from reader.core.links import url_scheme
    return url_scheme(location.strip()) not in ("http", "https")


def _reattach_terminal() -> bool:
    """Point file descriptor 0 at the controlling terminal (after stdin was a pipe)."""
    try:
        fd = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        return False
    os.dup2(fd, 0)
    os.close(fd)
    return True


class _CannotOpen(Exception):
    """The location cannot be opened (or read keys from); the message is the line to print."""


def _fork_reader():
    """The child that reads the first article (first thing: it imports the extractor while
    this process reads the config and the page), or None where forking is not used."""
    from reader.app import prefetch
    return prefetch.ChildRead.fork() if prefetch.available() else None


def _prepare(location: str | None, child):
    """The pipeline (the child's, given its job, when there is one), the page read before the
    app starts, and the settings."""
    from reader.app import config as reader_config
    settings = reader_config.load()
    pipeline = settings.pipeline()
    page = None
    if location is not None and _is_local(location):
        from reader.core.errors import ReaderError
        from reader.app.crashlog import describe
        try:
            page = _read_page(location, settings.limits)
        except (ReaderError, Exception) as exc:  # noqa: BLE001
            raise _CannotOpen(describe(exc)) from None
    if location == "-":
        if not sys.stdin.isatty() and not _reattach_terminal():
            raise _CannotOpen("no terminal to read keys from; use `reader summary -` for "
                              "piped input without a terminal.")
    if child is not None and location is not None:
        from reader.app.prefetch import PrefetchedPipeline
        child.send(pipeline, location, page)
        pipeline = PrefetchedPipeline(pipeline, location, page, child)
    return pipeline, page, settings


def run(location: str | None) -> int:
    """Open the app on `location` (None: the start screen); return the exit status.

    Before Textual is imported, the location's article is read in a child process
    (`reader.app.prefetch`), so extraction and the UI's start-up run at once."""
    # No cyclic garbage collection while both processes import and start (about 5-10% of
    # their CPU time: every collection walks the new modules' objects); the child turns it
    # back on once its imports are done, the app after its first frame.
    gc.disable()
    child = _fork_reader() if location is not None else None
    try:
        try:
            pipeline, page, settings = _prepare(location, child)
        except _CannotOpen as exc:
            sys.stderr.write(f"reader: {exc}\n")
            return 1
        from reader.ui.app import ReaderApp
        app = ReaderApp(location, page=page, pipeline=pipeline, config=settings,
                        exit_on_start_failure=True)
        result = app.run()
    finally:
        gc.enable()
        if child is not None:
            child.close()  # the child, if it still runs: killed, never waited for
    if app.start_failure:
        sys.stderr.write(f"reader: {app.start_failure}\n")
    return app.return_code or (result if isinstance(result, int) else 0) or 0
