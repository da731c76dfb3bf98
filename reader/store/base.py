"""What every part of the library shares: the database, the clock, and the existence check.

`Library` is assembled from one class per table (articles, notes, highlights, tags, search...),
each a subclass of `StoreBase`; they meet only through the database, so each reads alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from reader.core.errors import StoreError
from reader.store.db import Database
from reader.store.identity import valid_id
from reader.store.records import utc_now


class StoreBase:
    """The database handle and clock the per-table parts of `Library` work with."""

    def __init__(self, db: Database, *, clock: Callable[[], str] = utc_now) -> None:
        self.db = db
        self.clock = clock


def no_article(article_id: object) -> StoreError:
    return StoreError(f"There is no article {article_id} in the library.")


def require_article(conn: sqlite3.Connection, article_id: int) -> None:
    """StoreError unless the article exists (deleted ones included)."""
    if not valid_id(article_id) or conn.execute(
            "SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
        raise no_article(article_id)
