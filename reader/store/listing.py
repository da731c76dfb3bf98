"""Listing the library: sort orders, filters (state, tag, site, annotated, trash), pages, counts
and streams, all as index walks over the small `articles` rows.

A page is `limit` rows after an offset, or after a given record (keyset paging: the next page
starts where the last one ended, in constant time at any depth). Streams read in batches by
keyset, so memory stays flat in the library's size and no lock is held between batches.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from reader.core.errors import StoreError
from reader.store.base import StoreBase
from reader.store.identity import site_key
from reader.store.records import RECORD_SQL, ArticleRecord, record_from_row
from reader.store.tags import normalise_tag

SORTS = ("opened", "saved", "title", "site", "published", "progress")
STATE_FILTERS = ("unread", "archived", "starred")
PAGE_ROWS = 50
STREAM_BATCH = 500


@dataclass(frozen=True, slots=True)
class _Order:
    keys: tuple[str, ...]                       # SQL, most significant first
    descending: bool
    values: Callable[[ArticleRecord], tuple[Any, ...]]
    index: str                                  # the index that holds this order


ORDERS = {
    "opened": _Order(("coalesce(a.last_opened, a.saved)", "a.id"), True,
                     lambda r: (r.last_opened or r.saved, r.id), "articles_by_opened"),
    "saved": _Order(("a.saved", "a.id"), True, lambda r: (r.saved, r.id), "articles_by_saved"),
    "title": _Order(("a.title COLLATE NOCASE", "a.id"), False, lambda r: (r.title, r.id),
                    "articles_by_title"),
    "site": _Order(("coalesce(a.site, '') COLLATE NOCASE", "a.title COLLATE NOCASE", "a.id"),
                   False, lambda r: (r.site or "", r.title, r.id), "articles_by_site"),
    "published": _Order(("coalesce(a.published, '')", "a.id"), True,
                        lambda r: (r.published or "", r.id), "articles_by_published"),
    "progress": _Order(("a.progress", "a.id"), True, lambda r: (r.progress, r.id),
                       "articles_by_progress"),
}


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which entries a listing, count or search shows (every condition must hold).

    `states` and `without_states` take "unread", "archived" and "starred"; `tags` are all
    required, `without_tags` all excluded; `sites` (hosts such as "example.org", which also
    covers its subdomains, or site names) any of them; `annotated`: only entries with a note
    or highlights; `deleted`: the trash instead of the library.
    """

    states: tuple[str, ...] = ()
    without_states: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    without_tags: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    annotated: bool = False
    deleted: bool = False

    def sql(self) -> tuple[str, list[Any]]:
        """The WHERE conditions (joined by AND, on `articles a`) and their parameters."""
        where = ["a.deleted IS NOT NULL" if self.deleted else "a.deleted IS NULL"]
        params: list[Any] = []
        for states, negate in ((self.states, False), (self.without_states, True)):
            for state in states:
                if state not in STATE_FILTERS:
                    raise StoreError(f"Unknown state {state!r}; choose one of: "
                                     f"{', '.join(STATE_FILTERS)}.")
                test = "a.starred = 1" if state == "starred" else f"a.state = '{state}'"
                where.append(f"NOT ({test})" if negate else test)
        for tags, negate in ((self.tags, False), (self.without_tags, True)):
            for tag in tags:
                where.append(f"a.id {'NOT ' if negate else ''}IN "
                             "(SELECT article_id FROM tags WHERE tag = ?)")
                params.append(normalise_tag(tag))
        if self.sites:   # one index lookup each: the host, its subdomains, the site's name
            anyof = []
            for site in self.sites:
                key = site_key(site)
                anyof += ["SELECT id FROM articles WHERE deleted IS NULL AND host_key = ?",
                          "SELECT id FROM articles WHERE deleted IS NULL AND host_key > ? AND "
                          "host_key < ?",
                          "SELECT id FROM articles WHERE deleted IS NULL AND coalesce(site, '') "
                          "= ? COLLATE NOCASE"]
                params += [key, key + ".", key + "/", site.strip()]
            where.append("a.id IN (" + " UNION ALL ".join(anyof) + ")")
        if self.annotated:
            where.append("(a.note_chars > 0 OR a.highlight_count > 0)")
        return " AND ".join(where), params


def order_sql(sort: str) -> _Order:
    if sort not in ORDERS:
        raise StoreError(f"Unknown sort order {sort!r}; choose one of: {', '.join(SORTS)}.")
    return ORDERS[sort]


def page_sql(sort: str, filters: ArticleFilter | None, *, after: ArticleRecord | None = None,
             reverse: bool = False, in_order: bool = False) -> tuple[str, list[Any]]:
    """SELECT of records in `sort` order after `after` (no LIMIT yet). `in_order` walks the
    sort's index and tests each row against the filters (see `ListingStore.list_page`)."""
    order = order_sql(sort)
    descending = order.descending != reverse
    where, params = (filters or ArticleFilter()).sql()
    if after is not None:
        condition, values = _after(order.keys, order.values(after), descending)
        where += " AND " + condition
        params += values
    direction = " DESC" if descending else " ASC"
    source = RECORD_SQL + (f"INDEXED BY {order.index} " if in_order else "")
    return (source + "WHERE " + where + " ORDER BY "
            + ", ".join(k + direction for k in order.keys)), params


def _after(keys: tuple[str, ...], values: tuple[Any, ...],
           descending: bool) -> tuple[str, list[Any]]:
    """Rows after `values` in the order of `keys`, written so that SQLite walks the index from
    there: `k1 <= v1 AND (k1 < v1 OR (k2 <= v2 AND (k2 < v2 OR ...)))` (a row value
    comparison would scan from the start on expression indexes)."""
    strict, loose = ("<", "<=") if descending else (">", ">=")
    if len(keys) == 1:
        return f"{keys[0]} {strict} ?", [values[0]]
    rest, params = _after(keys[1:], values[1:], descending)
    return (f"{keys[0]} {loose} ? AND ({keys[0]} {strict} ? OR ({rest}))",
            [values[0], values[0], *params])


def fetch_records(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[ArticleRecord]:
    return [record_from_row(r) for r in conn.execute(sql, params)]


class ListingStore(StoreBase):
    def list_page(self, sort: str = "opened", filters: ArticleFilter | None = None, *,
                  limit: int = PAGE_ROWS, offset: int = 0, after: ArticleRecord | None = None,
                  reverse: bool = False) -> list[ArticleRecord]:
        """One page of entries in `sort` order (one of SORTS; `reverse` flips it): `limit` rows
        after `offset` rows, or after the record `after` (the last row of the page before)."""
        return self._page(sort, filters, limit, offset, after, reverse,
                          self._in_order(filters, limit + offset))

    def _in_order(self, filters: ArticleFilter | None, rows: int) -> bool:
        """Whether to walk the sort's index rather than the filter's. Walking the sort's
        index reads about rows * total / matches entries; collecting the matches and sorting
        them reads `matches`. So a filter that matches many entries (archived, a common tag)
        walks in order, and a rare one (a site, a rare tag) is collected and sorted. Only
        whether `matches` passes sqrt(rows * total) matters, so counting stops there (the
        total is estimated by the highest id: ids are never reused)."""
        if filters is None or filters.deleted or filters == ArticleFilter():
            return False
        where, params = filters.sql()

        def run(conn: sqlite3.Connection) -> bool:
            total = conn.execute("SELECT max(id) FROM articles").fetchone()[0] or 0
            bound = math.isqrt(max(1, rows) * total) + 1
            matches = conn.execute("SELECT count(*) FROM (SELECT 1 FROM articles a WHERE "
                                   f"{where} LIMIT ?)", [*params, bound]).fetchone()[0]
            return bool(matches >= bound)
        return self.db.read(run)

    def _page(self, sort: str, filters: ArticleFilter | None, limit: int, offset: int,
              after: ArticleRecord | None, reverse: bool, in_order: bool) -> list[ArticleRecord]:
        sql, params = page_sql(sort, filters, after=after, reverse=reverse, in_order=in_order)
        sql += " LIMIT ? OFFSET ?"
        params += [max(0, int(limit)), max(0, int(offset))]
        return self.db.read(lambda c: fetch_records(c, sql, params))

    def count_articles(self, filters: ArticleFilter | None = None) -> int:
        """How many entries `filters` lets through (an index count)."""
        where, params = (filters or ArticleFilter()).sql()
        return int(self.db.read(lambda c: c.execute(
            "SELECT count(*) FROM articles a WHERE " + where, params).fetchone()[0]))

    def iter_articles(self, sort: str = "saved", filters: ArticleFilter | None = None, *,
                      reverse: bool = False, batch: int = STREAM_BATCH) -> Iterator[ArticleRecord]:
        """Every entry `filters` lets through, in `sort` order, read `batch` rows at a time."""
        for rows in self.iter_batches(sort, filters, reverse=reverse, batch=batch):
            yield from rows

    def iter_batches(self, sort: str = "saved", filters: ArticleFilter | None = None, *,
                     reverse: bool = False,
                     batch: int = STREAM_BATCH) -> Iterator[list[ArticleRecord]]:
        """`iter_articles` a batch at a time (one read each; nothing held in between)."""
        after: ArticleRecord | None = None
        batch = max(1, int(batch))
        in_order = self._in_order(filters, batch)
        while True:
            rows = self._page(sort, filters, batch, 0, after, reverse, in_order)
            if rows:
                yield rows
            if len(rows) < batch:
                return
            after = rows[-1]

    def list_articles(self, sort: str = "opened", tag: str | None = None, *,
                      limit: int | None = None, deleted: bool = False) -> list[ArticleRecord]:
        """Entries in `sort` order (one of SORTS), optionally only those with `tag`.

        `deleted=True` lists the trash instead. (A list of everything: prefer `list_page` and
        `iter_articles` for a library of any size.)
        """
        filters = ArticleFilter(tags=(tag,) if tag else (), deleted=deleted)
        sql, params = page_sql(sort, filters)
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return self.db.read(lambda c: fetch_records(c, sql, params))

    def count(self) -> int:
        """How many entries the library holds (the trash not counted)."""
        return self.count_articles()
