"""Saved articles: saving (upsert by location), finding, loading, listing, position, trash."""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import fields, is_dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from reader.core.errors import StoreError
from reader.core.models import Article, Page
from reader.core.safety import clean_line
from reader.store.base import StoreBase, no_article
from reader.store.highlights import reanchor_in
from reader.store.identity import SCHEME, location_key, parse_id, valid_id
from reader.store.records import RECORD_SQL, ArticleRecord, Position, record_from_row, utc_ago
from reader.store.tags import normalise_tag

TRASH_KEEP = timedelta(days=30)   # deleted articles stay restorable this long
SORTS = ("opened", "saved", "title", "site", "published", "progress")

_ORDER = {
    "opened": "coalesce(a.last_opened, a.saved) DESC, a.id DESC",
    "saved": "a.saved DESC, a.id DESC",
    "title": "a.title COLLATE NOCASE ASC, a.id ASC",
    "site": "a.site COLLATE NOCASE ASC, a.title COLLATE NOCASE ASC, a.id ASC",
    "published": "a.published IS NULL, a.published DESC, a.id DESC",
    "progress": "a.progress DESC, a.id DESC",
}


class ArticleStore(StoreBase):
    def save_article(self, article: Article, page: Page | None = None, *,
                     location: str | None = None, opened: bool = False) -> int:
        """Insert or update the article saved under its location; returns its id.

        The note, highlights, tags and reading position of an existing entry are kept; when
        the text changed, highlights are re-anchored in the same transaction. A page is
        stored zlib-compressed so the article reopens offline and can be re-extracted. An
        entry that was deleted (in the trash) is replaced by a fresh one.
        """
        location = location or article.location or (page.location if page else "") or ""
        key = location_key(location, article.text)
        now = self.clock()
        url = clean_line(article.url or (page.final_url if page else None)
                         or (location if SCHEME.match(location) else "")) or None
        values: dict[str, Any] = {
            "location": location, "url": url, "title": clean_line(article.title),
            "byline": clean_line(article.byline) or None,
            "published": clean_line(article.published) or None,
            "site": clean_line(article.site) or None, "lang": clean_line(article.lang) or None,
            "text": article.text, "article_json": article_json(article, location),
            "page": zlib.compress(page.body, 6) if page is not None else None,
            "media_type": page.media_type if page else None,
            "charset": page.charset if page else None,
            "final_url": page.final_url if page else None,
            "fetched": page.fetched_at.isoformat() if page else None,
        }

        def run(conn: sqlite3.Connection) -> int:
            row = conn.execute("SELECT id, text, deleted, title FROM articles WHERE key = ?",
                               (key,)).fetchone()
            if row is not None and row[2] is not None:
                conn.execute("DELETE FROM articles WHERE id = ?", (row[0],))
                row = None
            if row is None:
                cols = ["key", *values, "saved", "updated", "last_opened"]
                params = [key, *values.values(), now, now, now if opened else None]
                cur = conn.execute(
                    f"INSERT INTO articles ({', '.join(cols)}) VALUES "
                    f"({', '.join('?' for _ in cols)})", params)
                return int(cur.lastrowid or 0)
            article_id, old_text, old_title = int(row[0]), row[1], row[3]
            skip = set()
            if values["page"] is None:  # keep the stored original
                skip |= {"page", "media_type", "charset", "final_url", "fetched"}
            if old_text == article.text:  # unchanged columns stay out of the UPDATE, so the
                skip.add("text")          # search index is not rebuilt on every reopen
            if old_title == values["title"]:
                skip.add("title")
            sets = [f"{k} = ?" for k in values if k not in skip]
            params = [v for k, v in values.items() if k not in skip]
            sets.append("updated = ?")
            params.append(now)
            if opened:
                sets.append("last_opened = ?")
                params.append(now)
            if old_text != article.text:
                sets.append("position = min(position, ?)")
                params.append(len(article.text))
            conn.execute(f"UPDATE articles SET {', '.join(sets)} WHERE id = ?",
                         [*params, article_id])
            if old_text != article.text:
                reanchor_in(conn, article_id, article.text)
            return article_id

        return self.db.write(run)

    def get(self, article_id: int, *, include_deleted: bool = False) -> ArticleRecord | None:
        """The entry with this id (None if missing or, unless asked, deleted)."""
        if not valid_id(article_id):
            return None
        where = "WHERE a.id = ?" + ("" if include_deleted else " AND a.deleted IS NULL")
        row = self.db.read(lambda c: c.execute(RECORD_SQL + where, (article_id,)).fetchone())
        return record_from_row(row) if row else None

    def find(self, ref: str | int) -> ArticleRecord | None:
        """The entry named by an id, a URL, or a location/path (as `reader notes` accepts).

        A number too large for SQLite (or negative) names nothing: None, never an error.
        """
        if isinstance(ref, int):
            return self.get(ref)
        number = parse_id(ref)
        if number is not None and not Path(ref.strip()).exists():
            return self.get(number)
        return self.find_location(ref)

    def find_location(self, location: str) -> ArticleRecord | None:
        """The entry saved under this location or URL (no id lookup)."""
        key = location_key(location)
        row = self.db.read(lambda c: c.execute(
            # Not by the location as typed: a relative path means another file elsewhere.
            RECORD_SQL + "WHERE a.deleted IS NULL AND (a.key = ? OR a.url = ? OR a.url = ? "
            "OR a.final_url = ?) ORDER BY a.key = ? DESC, a.id LIMIT 1",
            (key, location, key, location, key)).fetchone())
        return record_from_row(row) if row else None

    def load_article(self, article_id: int) -> Article:
        """The stored Article (text, blocks, links, metadata); StoreError if missing."""
        row = self.db.read(lambda c: c.execute(
            "SELECT article_json, text FROM articles WHERE id = ?", (article_id,)).fetchone()
        ) if valid_id(article_id) else None
        if row is None:
            raise no_article(article_id)
        article = Article.from_json(json.loads(row[0]))
        article.text = row[1]
        return article

    def load_page(self, article_id: int) -> Page | None:
        """The original page as saved (None if it was saved without one)."""
        row = self.db.read(lambda c: c.execute(
            "SELECT page, location, media_type, charset, final_url, fetched FROM articles "
            "WHERE id = ?", (article_id,)).fetchone()) if valid_id(article_id) else None
        if row is None or row[0] is None:
            return None
        fetched = datetime.fromisoformat(row[5]) if row[5] else datetime.now(timezone.utc)
        return Page(location=row[1], body=zlib.decompress(row[0]),
                    media_type=row[2] or "text/html", final_url=row[4], charset=row[3],
                    fetched_at=fetched)

    def list_articles(self, sort: str = "opened", tag: str | None = None, *,
                      limit: int | None = None, deleted: bool = False) -> list[ArticleRecord]:
        """Entries in `sort` order (one of SORTS), optionally only those with `tag`.

        `deleted=True` lists the trash instead.
        """
        if sort not in _ORDER:
            raise StoreError(f"Unknown sort order {sort!r}; choose one of: {', '.join(SORTS)}.")
        where = ["a.deleted IS NOT NULL" if deleted else "a.deleted IS NULL"]
        params: list[Any] = []
        if tag:
            where.append("EXISTS (SELECT 1 FROM tags t WHERE t.article_id = a.id AND t.tag = ?)")
            params.append(normalise_tag(tag))
        sql = RECORD_SQL + "WHERE " + " AND ".join(where) + " ORDER BY " + _ORDER[sort]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [record_from_row(r) for r in self.db.read(
            lambda c: c.execute(sql, params).fetchall())]

    def count(self) -> int:
        return int(self.db.read(lambda c: c.execute(
            "SELECT count(*) FROM articles WHERE deleted IS NULL").fetchone()[0]))

    def mark_opened(self, article_id: int) -> None:
        now = self.clock()
        self.db.write(lambda c: c.execute("UPDATE articles SET last_opened = ? WHERE id = ?",
                                          (now, article_id)))

    def set_position(self, article_id: int, position: int, progress: float | None = None) -> None:
        """Remember the reading position (a character offset) and progress (0..1)."""
        position = max(0, int(position))

        def run(conn: sqlite3.Connection) -> None:
            if progress is None:
                conn.execute("UPDATE articles SET position = ? WHERE id = ?",
                             (position, article_id))
            else:
                conn.execute("UPDATE articles SET position = ?, progress = ? WHERE id = ?",
                             (position, min(1.0, max(0.0, float(progress))), article_id))
        if valid_id(article_id):
            self.db.write(run)

    def get_position(self, article_id: int) -> Position | None:
        if not valid_id(article_id):
            return None
        row = self.db.read(lambda c: c.execute(
            "SELECT position, progress FROM articles WHERE id = ?", (article_id,)).fetchone())
        return Position(row[0], row[1]) if row else None

    # -- trash -----------------------------------------------------------------------------
    def delete(self, article_id: int) -> bool:
        """Move an entry to the trash (hidden everywhere; `restore` undoes it)."""
        now = self.clock()
        return valid_id(article_id) and self.db.write(lambda c: c.execute(
            "UPDATE articles SET deleted = ? WHERE id = ? AND deleted IS NULL",
            (now, article_id)).rowcount > 0)

    def restore(self, article_id: int) -> bool:
        """Bring a deleted entry back with its note, highlights, tags and position."""
        return valid_id(article_id) and self.db.write(lambda c: c.execute(
            "UPDATE articles SET deleted = NULL WHERE id = ? AND deleted IS NOT NULL",
            (article_id,)).rowcount > 0)

    def purge_deleted(self, older_than: timedelta | None = TRASH_KEEP) -> int:
        """Erase trashed entries deleted longer ago than `older_than` (None: all); returns count."""
        cutoff = "9999" if older_than is None else utc_ago(older_than)
        return int(self.db.write(lambda c: c.execute(
            "DELETE FROM articles WHERE deleted IS NOT NULL AND deleted <= ?",
            (cutoff,)).rowcount))


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(item: Any) -> Any:
    """A dataclass as a dict of its fields (shallow: fast for 100,000 blocks, unlike asdict)."""
    if not is_dataclass(item) or isinstance(item, type):
        return item
    names = _FIELD_NAMES.get(type(item))
    if names is None:
        names = _FIELD_NAMES[type(item)] = tuple(f.name for f in fields(item))
    return {name: getattr(item, name) for name in names}


def article_json(article: Article, location: str) -> str:
    """`Article.to_full_json()` without the text (stored once, in its own column)."""
    data = _plain(article)
    data["text"] = ""
    data["location"] = location
    for key, value in data.items():
        if isinstance(value, list):
            data[key] = [_plain(v) for v in value]
    return json.dumps(data, ensure_ascii=False)
