"""Helpers shared by the store tests (importable because tests/store/conftest.py puts this
folder on sys.path): articles with enough text to be recognised, and a ticking clock."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from reader.core.models import Article

LONG_TEXT = (
    "Readers lose notes when services shut down, and a local library keeps them on the "
    "reader's own disk where no sync can overwrite them.\n\n"
    "Highlights keep their quote and some context, so they find their place again after the "
    "article is extracted anew or the site edits a sentence.\n\n"
    "Search finds titles, text, notes and tags alike, so an old thought is never more than a "
    "few keys away, even in a library that holds a lifetime of reading.")


def ticking_clock(start: int = 0) -> Callable[[], str]:
    """A clock that moves one second per call (distinct, ordered timestamps)."""
    counter = itertools.count(start)

    def now() -> str:
        n = next(counter)
        return (f"2024-01-{1 + n // 86400:02d}T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:"
                f"{n % 60:02d}Z")
    return now


def article(location: str = "https://example.org/a", text: str = LONG_TEXT,
            title: str = "Durable notes", **kw: Any) -> Article:
    return Article(text=text, title=title, location=location,
                   url=kw.pop("url", location if "://" in location else None), **kw)


class ManualClock:
    """A clock that stands still until moved (`advance(seconds)`)."""

    def __init__(self) -> None:
        self.seconds = 0

    def __call__(self) -> str:
        n = self.seconds
        return (f"2024-01-{1 + n // 86400:02d}T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:"
                f"{n % 60:02d}Z")

    def advance(self, seconds: int) -> None:
        self.seconds += seconds
