"""Child processes in tests: waiting for one to be gone, and starting one Ctrl-C reaches."""

from __future__ import annotations

import os
import signal
import time


def reaped(pid: int, seconds: float = 5.0) -> bool:
    """The process has exited and been reaped within `seconds` (no process, not even a
    zombie, has its pid any more)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


def ctrl_c_reaches_it() -> None:
    """A `preexec_fn` that gives the child the default SIGINT disposition: a test run started
    in the background by a non-interactive shell inherits SIGINT ignored, and Python then never
    raises KeyboardInterrupt, so a test that sends Ctrl-C would test the shell, not reader."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
