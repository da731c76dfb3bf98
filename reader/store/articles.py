"""Saved articles: saving (one entry per article), finding, loading, the candidate choice.

`save_article` recognises an article already in the library, in this order: the key of the
location it was opened from (or of another location it was opened from before); its URL or
final URL; its canonical URL, if the stored text and the new one share most of their word
runs (a site that gives every page of a series the first page's canonical URL must not merge
them); the fingerprint of its text (`identity.text_fingerprint`). The entry found keeps its
id, note, highlights, tags, position and state; the new location is recorded beside it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from reader.core.models import Article, Page
from reader.core.safety import clean_line
from reader.store.base import StoreBase, no_article, require_article
from reader.store.contents import (
    article_json,
    has_page,
    insert_content,
    read_article,
    read_articles,
    read_page,
    read_text,
    replace_data,
    replace_page,
    replace_text,
)
from reader.store.highlights import highlights_of, reanchor_in
from reader.store.identity import (
    SCHEME,
    canonical_of,
    host_key,
    is_file,
    location_key,
    parse_id,
    same_text,
    text_fingerprint,
    valid_id,
)
from reader.store.records import RECORD_SQL, ArticleRecord, ReanchorReport, record_from_row

_METADATA = ("title", "byline", "published", "site", "lang")
_KEEP = object()                  # "leave the stored candidate as it is"


def entry_for_key(conn: sqlite3.Connection, key: str) -> int | None:
    """The live entry saved under `key` or opened from it before."""
    row = conn.execute(
        "SELECT a.id FROM articles a WHERE a.deleted IS NULL AND (a.key = ? OR a.id IN "
        "(SELECT article_id FROM locations WHERE key = ?)) ORDER BY a.key = ? DESC, a.id "
        "LIMIT 1", (key, key, key)).fetchone()
    return None if row is None else int(row[0])


def add_locations(conn: sqlite3.Connection, article_id: int, places: Iterable[tuple[str, str]],
                  now: str) -> None:
    """Record other (key, location) pairs of an entry; a key another live entry is saved
    under stays that entry's, one held by an entry in the trash moves here."""
    for key, location in places:
        owner = conn.execute("SELECT id FROM articles WHERE key = ?", (key,)).fetchone()
        if owner is not None:
            continue
        row = conn.execute("SELECT l.article_id, a.deleted FROM locations l JOIN articles a "
                           "ON a.id = l.article_id WHERE l.key = ?", (key,)).fetchone()
        if row is None or row[1] is not None:
            conn.execute("INSERT OR REPLACE INTO locations(key, article_id, location, added) "
                         "VALUES (?, ?, ?, ?)", (key, article_id, location, now))


class ArticleStore(StoreBase):
    def save_article(self, article: Article, page: Page | None = None, *,
                     location: str | None = None, opened: bool = False) -> int:
        """Insert or update the entry of this article; returns its id (see the module doc).

        The note, highlights, tags, position and state of an existing entry are kept; when the
        text changed, highlights are re-anchored in the same transaction and the position is
        kept inside the text. A page is stored compressed so the article reopens offline and
        can be re-extracted. An entry in the trash under the same location is replaced.
        """
        location = location or article.location or (page.location if page else "") or ""
        key = location_key(location, article.text)
        now = self.clock()
        url = clean_line(article.url or (page.final_url if page else None)
                         or (location if SCHEME.match(location) else "")) or None
        canonical = canonical_of(article.canonical_url, url)
        meta: dict[str, Any] = {name: clean_line(getattr(article, name)) or None
                                for name in _METADATA}
        meta["title"] = meta["title"] or ""
        data = article_json(article, location)
        candidate = article.candidate
        fingerprint = text_fingerprint(article.text)
        aliases = [(location_key(u), u) for u in (url, page.final_url if page else None)
                   if u and SCHEME.match(u)]

        def run(conn: sqlite3.Connection) -> int:
            trashed = conn.execute("SELECT id FROM articles WHERE key = ? AND deleted IS NOT "
                                   "NULL", (key,)).fetchone()
            if trashed is not None:
                conn.execute("DELETE FROM articles WHERE id = ?", (trashed[0],))
            found = entry_for_key(conn, key)
            same_key = found is not None and conn.execute(
                "SELECT key = ? FROM articles WHERE id = ?", (key, found)).fetchone()[0]
            for alias, _ in aliases:
                found = found or entry_for_key(conn, alias)
            if found is None and canonical:
                match = entry_for_key(conn, location_key(canonical))
                if match is not None and same_text(read_text(conn, match) or "", article.text):
                    found = match
            if found is None and fingerprint:
                row = conn.execute("SELECT id FROM articles WHERE fingerprint = ? AND deleted "
                                   "IS NULL ORDER BY id LIMIT 1", (fingerprint,)).fetchone()
                found = None if row is None else int(row[0])
            places = [*aliases, *([(location_key(canonical), canonical)] if canonical else [])]
            if found is None:
                article_id = self._insert(conn, key, location, url, canonical, meta, data,
                                          article.text, fingerprint, candidate, page, now,
                                          opened)
            else:
                article_id = found
                self._update(conn, found, location if same_key else None, url, canonical,
                             meta, data, article.text, fingerprint, candidate, page, now,
                             opened)
                places.append((key, location))
            add_locations(conn, article_id, places, now)
            return article_id

        return self.db.write(run)

    def _insert(self, conn: sqlite3.Connection, key: str, location: str, url: str | None,
                canonical: str | None, meta: dict[str, Any], data: str, text: str,
                fingerprint: str | None, candidate: str | None, page: Page | None, now: str,
                opened: bool) -> int:
        cur = conn.execute(
            "INSERT INTO articles (key, location, url, canonical_url, host_key, title, byline, "
            "published, site, lang, media_type, saved, updated, last_opened, fingerprint, "
            "text_chars, candidate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key, location, url, canonical, host_key(url), *meta.values(),
             page.media_type if page else None, now, now, now if opened else None,
             fingerprint, len(text), candidate))
        article_id = int(cur.lastrowid or 0)
        insert_content(conn, article_id, text, data, page)
        return article_id

    def _update(self, conn: sqlite3.Connection, article_id: int, location: str | None,
                url: str | None, canonical: str | None, meta: dict[str, Any], data: str,
                text: str, fingerprint: str | None, candidate: str | None, page: Page | None,
                now: str, opened: bool) -> None:
        """Update a found entry. Opened the same way (`location` given): its location and
        metadata follow the page, as a reload does. Opened another way: only what the entry
        lacks is filled in, and it keeps its own location and URL."""
        old = conn.execute("SELECT url, canonical_url, title, byline, published, site, lang "
                           "FROM articles WHERE id = ?", (article_id,)).fetchone()
        sets: dict[str, Any] = {"updated": now}
        if location is not None:
            sets.update(location=location, url=url, host_key=host_key(url))
        for name, before in zip(_METADATA, old[2:]):
            value = meta[name]
            if value != before and (location is not None or (value and not before)):
                sets[name] = value
        if canonical and (location is not None or not old[1]):
            sets["canonical_url"] = canonical
        if opened:
            sets["last_opened"] = now
        stored = read_text(conn, article_id)
        changed = stored != text
        if changed:
            sets.update(fingerprint=fingerprint, text_chars=len(text), candidate=candidate)
        if page is not None and (location is not None or not has_page(conn, article_id)):
            sets["media_type"] = page.media_type
            replace_page(conn, article_id, page)
        conn.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                     (*sets.values(), article_id))
        if changed:
            replace_text(conn, article_id, text, data)
            conn.execute("UPDATE articles SET position = min(position, ?) WHERE id = ?",
                         (len(text), article_id))
            reanchor_in(conn, article_id, text)
        else:
            replace_data(conn, article_id, data)

    def choose_candidate(self, article_id: int, article: Article,
                         name: str | None) -> ReanchorReport:
        """Remember that the user chose extraction candidate `name` (None: the extractor's
        first choice) and store `article`, built from it, as the entry's text: highlights
        re-anchor (those that cannot be placed stay, flagged), notes are untouched."""
        return self._new_content(article_id, article, name, metadata=False)

    def replace_article(self, article_id: int, article: Article) -> ReanchorReport:
        """Store a fresh extraction of the entry (`reader library reextract`): its text,
        structure and metadata; highlights re-anchor (lost ones stay, flagged), the note, tags,
        state and position (kept inside the text) stay. The candidate is the article's own
        when it names one, else the entry's choice is kept."""
        return self._new_content(article_id, article,
                                 _KEEP if article.candidate is None else article.candidate,
                                 metadata=True)

    def _new_content(self, article_id: int, article: Article, candidate: object, *,
                     metadata: bool) -> ReanchorReport:
        now = self.clock()

        def run(conn: sqlite3.Connection) -> ReanchorReport:
            require_article(conn, article_id)
            location = conn.execute("SELECT location FROM articles WHERE id = ?",
                                    (article_id,)).fetchone()[0]
            sets: dict[str, Any] = {"updated": now}
            if candidate is not _KEEP:
                sets["candidate"] = candidate
            if metadata:
                for name in _METADATA:
                    value = clean_line(getattr(article, name))
                    if value:
                        sets[name] = value
            changed = read_text(conn, article_id) != article.text
            if changed:
                sets.update(fingerprint=text_fingerprint(article.text),
                            text_chars=len(article.text))
            conn.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in sets)} "
                         "WHERE id = ?", (*sets.values(), article_id))
            if not changed:   # nothing moves; those already lost stay lost
                replace_data(conn, article_id, article_json(article, location))
                marks = highlights_of(conn, article_id)
                return ReanchorReport(kept=sum(h.anchored for h in marks),
                                      lost=[h for h in marks if not h.anchored])
            conn.execute("UPDATE articles SET position = min(position, ?) WHERE id = ?",
                         (len(article.text), article_id))
            replace_text(conn, article_id, article.text, article_json(article, location))
            report = reanchor_in(conn, article_id, article.text)
            report.text_changed = True
            return report

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
        if number is not None and not is_file(ref.strip()):
            return self.get(number)
        return self.find_location(ref)

    def find_location(self, location: str) -> ArticleRecord | None:
        """The entry saved under this location or URL, or opened from it before (no ids).

        Not by the location as typed: a relative path means another file elsewhere.
        """
        key = location_key(location)
        found = self.db.read(lambda c: entry_for_key(c, key))
        return None if found is None else self.get(found)

    def locations(self, article_id: int) -> list[str]:
        """Every other location the entry was opened from (its own `location` not included)."""
        return [r[0] for r in self.db.read(lambda c: c.execute(
            "SELECT location FROM locations WHERE article_id = ? ORDER BY added, key",
            (article_id,)).fetchall())] if valid_id(article_id) else []

    def load_article(self, article_id: int) -> Article:
        """The stored Article (text, blocks, links, metadata); StoreError if missing."""
        article = self.db.read(lambda c: read_article(c, article_id)) \
            if valid_id(article_id) else None
        if article is None:
            raise no_article(article_id)
        return article

    def load_articles(self, article_ids: Sequence[int]) -> dict[int, Article]:
        """Several stored Articles in one query, by id (those that exist)."""
        ids = [i for i in article_ids if valid_id(i)]
        return self.db.read(lambda c: read_articles(c, ids)) if ids else {}

    def load_page(self, article_id: int) -> Page | None:
        """The original page as saved (None if it was saved without one)."""
        return self.db.read(lambda c: read_page(c, article_id)) if valid_id(article_id) else None
