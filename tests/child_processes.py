"""Waiting for a child process to be gone, for tests of the app's child processes."""

from __future__ import annotations

import os
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
