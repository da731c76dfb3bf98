"""Entries that are one article saved twice (libraries from before `save_article` recognised
them), and merging two of them into one without losing anything.

`duplicate_groups()` lists the candidates: entries with the same text fingerprint or the same
canonical URL. `merge_entries(keep, other)` moves everything of `other` into `keep` in one
transaction, then erases `other`: its note is appended (unless `keep`'s note holds it), its
highlights are placed in `keep`'s text (the same quote at the same place is one highlight;
one that cannot be placed stays, flagged), its tags and locations join `keep`'s, the state
moves forward (archived, starred), the earlier saved and later opened times are kept, and its
page is kept when `keep` has none. Nothing is merged silently: a caller asks for each merge.
"""

from __future__ import annotations

import sqlite3

from reader.core.errors import StoreError
from reader.store.base import StoreBase, no_article
from reader.store.contents import has_page, read_page, read_text, replace_page
from reader.store.highlights import add_unless_present, highlights_of
from reader.store.identity import valid_id
from reader.store.listing import fetch_records
from reader.store.notes import append_unless_present, note_row
from reader.store.records import RECORD_SQL, ArticleRecord
from reader.store.tags import add_tags


class DuplicateStore(StoreBase):
    def duplicate_groups(self, limit: int = 1000) -> list[list[ArticleRecord]]:
        """Groups of live entries that look like one article (oldest first in each)."""
        def run(conn: sqlite3.Connection) -> list[list[ArticleRecord]]:
            groups = []
            for column in ("a.fingerprint", "lower(a.canonical_url)"):
                for (value,) in conn.execute(
                        f"SELECT {column} FROM articles a WHERE a.deleted IS NULL AND {column} IS "
                        f"NOT NULL GROUP BY {column} HAVING count(*) > 1 LIMIT ?", (limit,)):
                    groups.append(fetch_records(conn, RECORD_SQL + "WHERE a.deleted IS NULL "
                                                f"AND {column} = ? ORDER BY a.id", [value]))
            seen: set[frozenset[int]] = set()
            unique = []
            for group in groups:
                ids = frozenset(r.id for r in group)
                if ids not in seen:
                    seen.add(ids)
                    unique.append(group)
            return unique[:limit]
        return self.db.read(run)

    def merge_entries(self, keep: int, other: int) -> ArticleRecord:
        """Move everything of entry `other` into `keep` and erase `other`; returns `keep`."""
        now = self.clock()
        if keep == other:
            raise StoreError("An article cannot be merged with itself.")

        def run(conn: sqlite3.Connection) -> ArticleRecord:
            rows = {r.id: r for r in fetch_records(
                conn, RECORD_SQL + "WHERE a.id IN (?, ?)",
                [keep if valid_id(keep) else 0, other if valid_id(other) else 0])}
            for article_id in (keep, other):
                if article_id not in rows:
                    raise no_article(article_id)
            a, b = rows[keep], rows[other]
            note = note_row(conn, other)
            if note is not None:
                append_unless_present(conn, keep, note.body, now)
            add_tags(conn, keep, b.tags)
            text = read_text(conn, keep) or ""
            for h in highlights_of(conn, other):
                add_unless_present(conn, keep, text, h.quote, note=h.note, created=h.created,
                                   hint=h.start, prefix=h.prefix, suffix=h.suffix)
            sets = {"saved": min(a.saved, b.saved), "updated": now,
                    "last_opened": max((t for t in (a.last_opened, b.last_opened) if t),
                                       default=None),
                    "progress": max(a.progress, b.progress)}
            if b.archived and not a.archived:
                sets.update(state="archived", archived_at=b.archived_at)
            if b.starred and not a.starred:
                sets.update(starred=1, starred_at=b.starred_at)
            conn.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in sets)} "
                         "WHERE id = ?", (*sets.values(), keep))
            page = None if has_page(conn, keep) else read_page(conn, other)
            places = [(b.key, b.location), *conn.execute(
                "SELECT key, location FROM locations WHERE article_id = ?", (other,))]
            conn.execute("DELETE FROM articles WHERE id = ?", (other,))
            if page is not None:
                replace_page(conn, keep, page)
            conn.executemany("INSERT OR REPLACE INTO locations(key, article_id, location, added) "
                             "VALUES (?, ?, ?, ?)", [(k, keep, loc, now) for k, loc in places])
            return fetch_records(conn, RECORD_SQL + "WHERE a.id = ?", [keep])[0]

        return self.db.write(run)
