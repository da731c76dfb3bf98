"""The queue of URLs waiting to be fetched (`reader save --later`, imports, `reader fetch`).

Each URL is one row, keyed like a library location (so adding it again adds nothing), with its
state (queued, fetching, done, failed), attempts, the last error as one sentence, the time
before which it is not retried, and its host (for the per-host limit). A fetcher:

    queue = lib.fetch_queue
    queue.enqueue_many(urls, source="import pocket.zip")      # idempotent
    while batch := queue.claim(8, per_host=2):               # marks them "fetching"
        for item in batch:
            ...  queue.succeeded(item.id, article_id)
            ...  queue.failed(item.id, "The server said 503.", retry_in=30)  # back in line
            ...  queue.failed(item.id, "No such host.")                      # for good
    queue.release(ids_in_flight)        # on Ctrl+C: back to "queued" at once
    queue.failures(); queue.retry_failed()                  # `reader fetch --failed`

Items a killed fetcher left "fetching" go back to the queue after `STALE_AFTER`, so an
interrupted `reader fetch` resumes where it stopped. The retry policy (backoff, Retry-After,
how many attempts) is the fetcher's; the queue only keeps what it decided.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from reader.core.errors import StoreError
from reader.core.safety import clean_line
from reader.store.db import Database
from reader.store.identity import host_of, is_url, location_key, valid_id
from reader.store.records import utc_now

QUEUE_STATES = ("queued", "fetching", "done", "failed")
STALE_AFTER = timedelta(minutes=10)
ERROR_CHARS = 300
_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_COLUMNS = ("id, url, host, state, attempts, last_error, next_try, claimed, added, updated, "
            "source, article_id")


@dataclass(slots=True)
class QueueItem:
    id: int
    url: str
    host: str
    state: str
    attempts: int
    last_error: str | None
    next_try: str | None
    claimed: str | None
    added: str
    updated: str
    source: str | None
    article_id: int | None


def _shift(stamp: str, seconds: float) -> str:
    when = datetime.strptime(stamp, _FORMAT).replace(tzinfo=timezone.utc)
    return (when + timedelta(seconds=seconds)).strftime(_FORMAT)


def _items(conn: sqlite3.Connection, where: str, params: Iterable[object]) -> list[QueueItem]:
    return [QueueItem(*row) for row in conn.execute(
        f"SELECT {_COLUMNS} FROM fetch_queue WHERE {where}", list(params))]


def queue_row(url: str, now: str, source: str | None = None,
              article_id: int | None = None) -> tuple[object, ...]:
    """The row of `url` for `queue_rows`; StoreError unless it is a web address."""
    address = clean_line(url)
    host = host_of(address) if is_url(address) else None
    if host is None or not address.lower().startswith(("http://", "https://")):
        raise StoreError(f"Only web addresses can be fetched, not {address[:200]!r}.")
    return (location_key(address), address, host, now, now, source,
            article_id if valid_id(article_id) else None)


def queue_rows(conn: sqlite3.Connection, rows: list[tuple[object, ...]]) -> int:
    """Insert queue rows not there yet (inside the caller's transaction); how many were new."""
    before = conn.total_changes
    conn.executemany("INSERT OR IGNORE INTO fetch_queue(key, url, host, added, updated, "
                     "source, article_id) SELECT ?, ?, ?, ?, ?, ?, "
                     "(SELECT id FROM articles WHERE id = ?)", rows)
    return conn.total_changes - before


class FetchQueue:
    """See the module docstring."""

    def __init__(self, db: Database, clock: Callable[[], str] = utc_now) -> None:
        self.db = db
        self.clock = clock

    def enqueue(self, url: str, *, source: str | None = None,
                article_id: int | None = None) -> QueueItem:
        """Queue `url` (a web address) unless it is already in the queue; returns its item."""
        self.enqueue_many([url], source=source, article_id=article_id)
        item = self.get(url)
        assert item is not None
        return item

    def enqueue_many(self, urls: Iterable[str], *, source: str | None = None,
                     article_id: int | None = None) -> int:
        """Queue every URL not queued yet, in one transaction; returns how many were new."""
        now = self.clock()
        rows = [queue_row(url, now, source, article_id) for url in urls]

        return self.db.write(lambda c: queue_rows(c, rows)) if rows else 0

    def get(self, url: str) -> QueueItem | None:
        found = self.db.read(lambda c: _items(c, "key = ?", [location_key(url)]))
        return found[0] if found else None

    def claim(self, limit: int = 8, *, per_host: int = 2,
              stale_after: timedelta = STALE_AFTER) -> list[QueueItem]:
        """Take up to `limit` due items, oldest first, at most `per_host` fetching per host
        (counting those already fetching); they become "fetching"."""
        now = self.clock()
        stale = _shift(now, -stale_after.total_seconds())

        def run(conn: sqlite3.Connection) -> list[QueueItem]:
            conn.execute("UPDATE fetch_queue SET state = 'queued', claimed = NULL WHERE state = "
                         "'fetching' AND claimed < ?", (stale,))
            ids = [row[0] for row in conn.execute(
                "WITH busy AS (SELECT host, count(*) AS n FROM fetch_queue WHERE state = "
                "'fetching' GROUP BY host), ready AS (SELECT id, host, row_number() OVER "
                "(PARTITION BY host ORDER BY id) AS k FROM fetch_queue WHERE state = 'queued' "
                "AND (next_try IS NULL OR next_try <= ?)) SELECT r.id FROM ready r LEFT JOIN "
                "busy b ON b.host = r.host WHERE r.k + coalesce(b.n, 0) <= ? ORDER BY r.id "
                "LIMIT ?", (now, max(1, per_host), max(0, limit)))]
            if not ids:
                return []
            marks = ", ".join("?" * len(ids))
            conn.execute(f"UPDATE fetch_queue SET state = 'fetching', claimed = ?, updated = ? "
                         f"WHERE id IN ({marks})", (now, now, *ids))
            return _items(conn, f"id IN ({marks}) ORDER BY id", ids)
        return self.db.write(run)

    def succeeded(self, item_id: int, article_id: int | None = None) -> None:
        now = self.clock()
        if valid_id(item_id):
            self.db.write(lambda c: c.execute(
                "UPDATE fetch_queue SET state = 'done', attempts = attempts + 1, last_error = "
                "NULL, next_try = NULL, claimed = NULL, updated = ?, article_id = coalesce("
                "(SELECT id FROM articles WHERE id = ?), article_id) WHERE id = ?",
                (now, article_id if valid_id(article_id) else None, item_id)))

    def failed(self, item_id: int, error: str, *, retry_in: float | None = None) -> None:
        """Record a failed attempt and its reason (one sentence); with `retry_in` (seconds)
        the item waits in the queue that long, else it is "failed" until `retry_failed`."""
        now = self.clock()
        reason = clean_line(error)[:ERROR_CHARS] or "Unknown error."
        state, due = ("queued", _shift(now, max(0.0, retry_in))) if retry_in is not None \
            else ("failed", None)
        if valid_id(item_id):
            self.db.write(lambda c: c.execute(
                "UPDATE fetch_queue SET state = ?, attempts = attempts + 1, last_error = ?, "
                "next_try = ?, claimed = NULL, updated = ? WHERE id = ?",
                (state, reason, due, now, item_id)))

    def release(self, item_ids: Iterable[int]) -> int:
        """Put claimed items back in the queue at once (the fetch was interrupted)."""
        ids = [i for i in item_ids if valid_id(i)]
        marks = ", ".join("?" * len(ids))
        return int(self.db.write(lambda c: c.execute(
            f"UPDATE fetch_queue SET state = 'queued', claimed = NULL WHERE state = 'fetching' "
            f"AND id IN ({marks})", ids).rowcount)) if ids else 0

    def failures(self) -> list[QueueItem]:
        """Items that failed for good, oldest failure first, each with its reason."""
        return self.db.read(lambda c: _items(c, "state = 'failed' ORDER BY updated, id", []))

    def retry_failed(self) -> int:
        """Queue every failed item again (`reader fetch --failed`); returns how many."""
        now = self.clock()
        return int(self.db.write(lambda c: c.execute(
            "UPDATE fetch_queue SET state = 'queued', next_try = NULL, updated = ? "
            "WHERE state = 'failed'", (now,)).rowcount))

    def counts(self) -> dict[str, int]:
        """How many items are in each state (every state present, 0 when none)."""
        found = dict(self.db.read(lambda c: c.execute(
            "SELECT state, count(*) FROM fetch_queue GROUP BY state").fetchall()))
        return {state: int(found.get(state, 0)) for state in QUEUE_STATES}

    def next_due(self) -> str | None:
        """When the earliest waiting item is due (None: nothing waits; past: now)."""
        row = self.db.read(lambda c: c.execute(
            "SELECT min(coalesce(next_try, '')) FROM fetch_queue WHERE state = 'queued'"
        ).fetchone())
        return None if row is None or row[0] is None else (row[0] or self.clock())
