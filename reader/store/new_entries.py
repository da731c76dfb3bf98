"""Many new entries at once: the rows of imported items the library does not hold yet, written
with one statement per table for a whole batch.

Why by hand (no library does this): `merge_article` finds, merges and creates one item at a
time, a dozen statements each, the search row built by SQL subqueries. The common item of an
import is new to the library and brings no text, page or highlights (a Pocket or Instapaper
row, a bookmark): every row it needs is known before any SQL runs, so a batch of them is one
`executemany` per table, and its search row is written once, after its tags and note (whose
triggers then have no search row to rewrite). `ImportStore.merge_articles` sends only such
items here and everything else through `merge_article`, so what is stored is the same either
way (tests/store/test_import_batches.py compares the two paths row by row).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.store.contents import pack
from reader.store.fetch_queue import queue_rows

ARTICLE_COLUMNS = ("key", "location", "url", "host_key", "title", "byline", "published", "site",
                   "lang", "saved", "updated", "last_opened", "progress", "state", "starred",
                   "archived_at", "starred_at")
INSERT_ARTICLE = (f"INSERT INTO articles({', '.join(ARTICLE_COLUMNS)}) "
                  f"VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))})")
EMPTY_TEXT = pack("")
_LOOKUP = 500        # keys per `IN (...)` lookup (well under SQLite's variable limit)


@dataclass(slots=True)
class NewEntry:
    """Everything the rows of one new entry hold, worked out before any SQL (see above)."""

    key: str
    row: tuple[object, ...]                   # the `articles` row, as ARTICLE_COLUMNS
    title: str                                # as stored (the search row's title)
    data: bytes                               # the packed article JSON of the empty article
    tags: list[str]                           # normalised, distinct, sorted
    note: tuple[str, str, str] | None         # body, created, updated
    queue: tuple[object, ...] | None          # `queue_row` without its article id


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _LOOKUP):
        yield values[start:start + _LOOKUP]


def known_keys(conn: sqlite3.Connection, keys: Iterable[str]) -> set[str]:
    """Which of `keys` the library knows: an entry's key (in the trash too) or a location an
    entry was opened from. An item under any of them goes through `merge_article`."""
    found: set[str] = set()
    for part in _chunks(sorted(set(keys))):
        marks = ", ".join("?" * len(part))
        found.update(r[0] for r in conn.execute(
            f"SELECT key FROM articles WHERE key IN ({marks}) UNION ALL "
            f"SELECT key FROM locations WHERE key IN ({marks})", (*part, *part)))
    return found


def _ids(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for part in _chunks(keys):
        ids.update(conn.execute(f"SELECT key, id FROM articles WHERE key IN "
                                f"({', '.join('?' * len(part))})", part).fetchall())
    return ids


def _queued(conn: sqlite3.Connection, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for part in _chunks(keys):
        found.update(r[0] for r in conn.execute(
            f"SELECT key FROM fetch_queue WHERE key IN ({', '.join('?' * len(part))})", part))
    return found


def insert_new(conn: sqlite3.Connection, entries: Sequence[NewEntry]) -> list[tuple[int, bool]]:
    """Write `entries` (distinct keys, none known to the library) inside the caller's
    transaction; returns (id, queued) of each, in order. Ids are given in order, as one
    insert after another would give them."""
    if not entries:
        return []
    conn.executemany(INSERT_ARTICLE, [e.row for e in entries])
    ids = _ids(conn, [e.key for e in entries])
    conn.executemany("INSERT INTO contents(article_id, text, article_json) VALUES (?, ?, ?)",
                     [(ids[e.key], EMPTY_TEXT, e.data) for e in entries])
    conn.executemany("INSERT INTO tags(article_id, tag) VALUES (?, ?)",
                     [(ids[e.key], tag) for e in entries for tag in e.tags])
    conn.executemany("INSERT INTO notes(article_id, body, created, updated) VALUES (?, ?, ?, ?)",
                     [(ids[e.key], *e.note) for e in entries if e.note is not None])
    waiting = [e for e in entries if e.queue is not None]
    already = _queued(conn, [str(e.queue[0]) for e in waiting if e.queue is not None])
    fresh = {str(e.queue[0]) for e in waiting if e.queue is not None} - already
    # Every row, the ones already queued too: each INSERT OR IGNORE uses up a queue id, as
    # one insert per item did, so the queue's ids are the same either way.
    queue_rows(conn, [(*e.queue, ids[e.key]) for e in waiting if e.queue is not None])
    # Last, so the tag and note triggers above found no search row to rewrite; the columns
    # are what `contents.index_entry` computes (notes: note, space, highlights; tags sorted).
    conn.executemany("INSERT INTO search(rowid, title, body, notes, tags) VALUES (?, ?, '', ?, ?)",
                     [(ids[e.key], e.title, (e.note[0] if e.note else "") + " ",
                       " ".join(e.tags)) for e in entries])
    return [(ids[e.key], e.queue is not None and e.queue[0] in fresh) for e in entries]
