"""Search: words over titles, text, notes, highlights and tags (SQLite FTS5), plus filters.

Query syntax (any string is safe; nothing a user types raises an error):
- words: all required, in any field, any case, accents ignored; the last word matches as a
  prefix while it is being typed (no space after it yet);
- `tag:NAME` (`tag:"reading list"` for a name with spaces): only entries with that tag, several
  `tag:` all required; `site:example.org` (its subdomains too) or `site:"Site Name"`, several
  `site:` any of them; `is:unread`, `is:archived`, `is:starred` (`state:` is the same);
- `-` before a filter excludes: `-tag:work`, `-is:archived`;
- a filter whose name or value is unknown (`title:x`, `is:later`) is searched as plain words.
A query of filters only lists the entries they let through, in the listing's sort order.

Ranking is bm25 with title and tags weighing most, then notes, then the text. So that every
keystroke stays fast in a library of 100,000 articles, where a one-letter prefix matches
nearly every row, at most `RANKED_SET` matches are ranked: the most recently saved ones.
FTS5's own snippet() is quadratic-ish on huge documents with many matches (minutes on a 5 MB
text), so SQLite only ranks and the snippet is cut here (`make_snippet`).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from reader.core.safety import clean, clean_line
from reader.store.base import StoreBase
from reader.store.listing import STATE_FILTERS, ArticleFilter, fetch_records, page_sql
from reader.store.records import RECORD_SQL, ArticleRecord, SearchHit

RANKED_SET = 1000
WEIGHTS = "10.0, 1.0, 5.0, 10.0"    # bm25 weights of title, body, notes, tags
_FILTER = re.compile(r'(?<!\S)(-?)(tag|site|is|state):(?:"([^"]*)"|(\S+))', re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search: the free text (filters replaced by spaces) and the filters."""

    text: str
    filters: ArticleFilter


def parse_query(query: str, filters: ArticleFilter | None = None) -> Query:
    """Split `query` into its words and its filters (added to `filters`; see the module doc)."""
    found: dict[str, list[str]] = {"tags": [], "without_tags": [], "sites": [], "states": [],
                                   "without_states": []}

    def take(match: re.Match[str]) -> str:
        negate, key = match.group(1) == "-", match.group(2).lower()
        value = (match.group(3) if match.group(3) is not None else match.group(4)).strip()
        if key in ("is", "state"):
            if value.lower() not in STATE_FILTERS:
                return match.group(0)
            found["without_states" if negate else "states"].append(value.lower())
        elif key == "tag" and clean_line(value):
            found["without_tags" if negate else "tags"].append(value)
        elif key == "site" and clean_line(value) and not negate:
            found["sites"].append(value)
        else:
            return match.group(0)
        return " "

    rest = _FILTER.sub(take, query)
    base = filters or ArticleFilter()
    merged = replace(base, tags=(*base.tags, *found["tags"]),
                     without_tags=(*base.without_tags, *found["without_tags"]),
                     sites=(*base.sites, *found["sites"]),
                     states=(*base.states, *found["states"]),
                     without_states=(*base.without_states, *found["without_states"]))
    # Filters become spaces, so a query that ends in a filter ends its last word too.
    return Query(rest, merged)


def fts_query(text: str, *, prefix_last: bool = True) -> str | None:
    """A safe FTS5 query from anything a user types: every word quoted, all words required.

    Quoting makes operators (AND, NEAR, `*`, `:`, `^`, parentheses) plain words, so no input
    can raise a syntax error. The last word matches as a prefix (search as you type).
    """
    words = [w for w in clean(text).split() if any(ch.isalnum() for ch in w)]
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    if prefix_last and not text[-1:].isspace():
        quoted[-1] += "*"
    return " ".join(quoted)


def make_snippet(fields: Sequence[str | None], words: list[str],
                 mark: tuple[str, str] = ("«", "»"), *, width: int = 120,
                 prefix_last: bool = False) -> str:
    """About `width` characters around the first match of `words` in the first field that has
    one, with every matched word wrapped in `mark`; one line, cleaned for the terminal."""
    if not words:
        return ""
    parts = [re.escape(w) + (r"\w*" if prefix_last and i == len(words) - 1 else r"(?!\w)")
             for i, w in enumerate(words)]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)
    for text in fields:
        found = pattern.search(text or "")
        if text is None or found is None:
            continue
        start = max(0, found.start() - width // 3)
        end = min(len(text), start + width)
        piece = clean_line(text[start:end])
        piece = pattern.sub(lambda m: f"{mark[0]}{m.group(0)}{mark[1]}", piece)
        return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")
    return ""


def _ranked(conn: sqlite3.Connection, match: str, filters: ArticleFilter,
            limit: int) -> list[tuple[int, float]]:
    """(id, rank) of the best `limit` among the `RANKED_SET` newest matches. Tag and site
    tests are made on the search row's id, before SQLite looks up the article row (a rare
    tag then costs a scan of the matches, not a lookup per match)."""
    where, params = filters.sql()
    for test in ("IN (", "NOT IN ("):   # `+`: a test on each match, not an id to look up
        where = where.replace(f"a.id {test}", f"+search.rowid {test}")
    rows = conn.execute(
        f"SELECT search.rowid, bm25(search, {WEIGHTS}) FROM search JOIN articles a "
        f"ON a.id = search.rowid WHERE search MATCH ? AND {where} "
        "ORDER BY search.rowid DESC LIMIT ?", [match, *params, RANKED_SET]).fetchall()
    rows.sort(key=lambda r: (r[1], -r[0]))
    return [(int(r[0]), float(r[1])) for r in rows[:max(0, limit)]]


class SearchStore(StoreBase):
    def search(self, query: str, *, limit: int = 50, mark: tuple[str, str] = ("«", "»"),
               tag: str | None = None, filters: ArticleFilter | None = None,
               sort: str = "opened") -> list[SearchHit]:
        """Entries matching `query` (see the module doc), best first.

        `tag` and `filters` add to the query's own filters; `sort` orders a query of filters
        only. An empty query finds nothing.
        """
        parsed = parse_query(query, filters)
        base = parsed.filters
        if tag:
            base = replace(base, tags=(*base.tags, tag))
        match = fts_query(parsed.text)
        if match is None:
            if base == ArticleFilter():
                return []
            sql, params = page_sql(sort, base)
            records = self.db.read(lambda c: fetch_records(c, sql + " LIMIT ?",
                                                           [*params, max(0, int(limit))]))
            return [SearchHit(r, "", 0.0) for r in records]
        ranked = self.db.read(lambda c: _ranked(c, match, base, int(limit)))
        if not ranked:
            return []
        ids = [i for i, _ in ranked]
        marks = ", ".join("?" * len(ids))

        def details(conn: sqlite3.Connection) -> tuple[dict[int, ArticleRecord], dict[int, Any]]:
            found = {r.id: r for r in fetch_records(
                conn, RECORD_SQL + f"WHERE a.id IN ({marks})", list(ids))}
            texts = {row[0]: row[1:] for row in conn.execute(
                f"SELECT rowid, notes, body FROM search WHERE rowid IN ({marks})", ids)}
            return found, texts

        by_id, texts = self.db.read(details)
        words = re.findall(r"\w+", clean(parsed.text))
        prefix_last = not parsed.text[-1:].isspace()
        hits = []
        for article_id, rank in ranked:
            record = by_id.get(article_id)
            if record is not None:
                notes, body = texts.get(article_id, ("", ""))
                snippet = make_snippet((notes, body, record.title), words, mark,
                                       prefix_last=prefix_last)
                hits.append(SearchHit(record, snippet, rank))
        return hits
