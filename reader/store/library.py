"""The library: one object over one SQLite file, assembled from one part per table.

See `reader.store` for the API. Every method is one transaction (or one read); the object is
thread-safe and several processes may use the same file at once.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from reader.store.articles import ArticleStore
from reader.store.db import Database
from reader.store.duplicates import DuplicateStore
from reader.store.exports import ExportStore
from reader.store.fetch_queue import FetchQueue
from reader.store.highlights import HighlightStore
from reader.store.importing import ImportStore
from reader.store.listing import ListingStore
from reader.store.notes import NoteStore
from reader.store.reading import ReadingStore
from reader.store.records import utc_now
from reader.store.search import SearchStore
from reader.store.summaries import SummaryCache
from reader.store.tags import TagStore


class Library(ExportStore, ArticleStore, ListingStore, ReadingStore, NoteStore, HighlightStore,
              TagStore, SearchStore, ImportStore, DuplicateStore):
    """The reader library over one SQLite file (see the `reader.store` docstring)."""

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *,
             clock: Callable[[], str] = utc_now) -> "Library":
        """Open (create, migrate) the library; StoreError if the file is damaged or newer."""
        return cls(Database.open(path), clock=clock)

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def fetch_queue(self) -> FetchQueue:
        """URLs waiting to be fetched (see `reader.store.fetch_queue`)."""
        return FetchQueue(self.db, self.clock)

    @property
    def summaries(self) -> SummaryCache:
        """Computed summaries by text, algorithm and settings (`reader.store.summaries`)."""
        return SummaryCache(self.db, self.clock)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """A raw write transaction (context manager) for callers that group several writes."""
        return self.db.transaction()

    def integrity_check(self) -> str:
        return self.db.integrity_check()

    def compact(self) -> int:
        """Give the file's free pages back to the disk (VACUUM); returns bytes saved."""
        before = self.path.stat().st_size
        self.db.vacuum()
        self.db.read(lambda c: c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
        return max(0, before - self.path.stat().st_size)


def open(path: str | os.PathLike[str] | None = None, *,  # noqa: A001 - reader.store.open()
         clock: Callable[[], str] = utc_now) -> Library:
    """Open the library (default: `library.sqlite3` in the data folder)."""
    return Library.open(path, clock=clock)
