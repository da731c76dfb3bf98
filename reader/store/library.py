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

from reader.core.errors import StoreError
from reader.core.safety import clean_line
from reader.store.articles import ArticleStore
from reader.store.db import Database
from reader.store.highlights import HighlightStore
from reader.store.listing import ListingStore
from reader.store.notes import NoteStore
from reader.store.reading import ReadingStore
from reader.store.records import ArticleRecord, ExportEntry, utc_now
from reader.store.search import SearchStore
from reader.store.tags import TagStore


class Library(ArticleStore, ReadingStore, ListingStore, NoteStore, HighlightStore, TagStore,
              SearchStore):
    """The reader library over one SQLite file (see the `reader.store` docstring)."""

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *,
             clock: Callable[[], str] = utc_now) -> "Library":
        """Open (create, migrate) the library; StoreError if the file is damaged or newer."""
        return cls(Database.open(path), clock=clock)

    @property
    def path(self) -> Path:
        return self.db.path

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

    def export_entries(self, ref: str | int | None = None, *,
                       annotated_only: bool = True) -> list[ExportEntry]:
        """What `reader notes export` writes: one article (`ref`) or every annotated one.

        StoreError when `ref` names nothing in the library.
        """
        records: list[ArticleRecord]
        if ref is not None:
            record = self.find(ref)
            if record is None:
                raise StoreError(f"No article in the library matches {clean_line(str(ref))!r}.")
            records = [record]
        else:
            records = [r for r in self.list_articles(sort="saved")
                       if not annotated_only or r.notes_count]
            records.reverse()  # oldest first reads naturally in one file
        return [ExportEntry(r, self.load_article(r.id), self.get_note(r.id),
                            self.list_highlights(r.id)) for r in records]


def open(path: str | os.PathLike[str] | None = None, *,  # noqa: A001 - reader.store.open()
         clock: Callable[[], str] = utc_now) -> Library:
    """Open the library (default: `library.sqlite3` in the data folder)."""
    return Library.open(path, clock=clock)
