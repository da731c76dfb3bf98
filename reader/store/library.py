"""The library: saved articles, their note, highlights, tags and reading position.

See `reader.store` for the API summary. Every method is one transaction (or one read); the
class is thread-safe and several processes may use the same file at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from reader.core.errors import StoreError
from reader.core.models import Article, Highlight, Note, Page
from reader.core.safety import clean, clean_line
from reader.store.anchor import Anchor, make_anchor, reanchor
from reader.store.db import Database

TRASH_KEEP = timedelta(days=30)   # deleted articles stay restorable this long
SORTS = ("opened", "saved", "title", "site", "published", "progress")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def location_key(location: str, text: str = "") -> str:
    """The unique key of a location: a normalised URL, an absolute path, or a hash of the text.

    Stdin (`-`) and text without a location have no place to be found again, so their key is
    the hash of their text: saving the same text twice gives the same article.
    """
    loc = location.strip()
    if _SCHEME.match(loc):
        parts = urlsplit(loc)
        return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                           parts.query, ""))
    if loc in ("", "-"):
        return "text:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    path = Path(loc).expanduser()
    try:
        return str(path.resolve())
    except OSError:
        return os.path.abspath(path)


@dataclass(slots=True)
class ArticleRecord:
    """One library entry as the library screen and CLI list it (no text, no page)."""

    id: int
    key: str
    location: str
    url: str | None
    title: str
    byline: str | None
    published: str | None
    site: str | None
    lang: str | None
    media_type: str | None
    saved: str
    updated: str
    last_opened: str | None
    position: int
    progress: float
    deleted: str | None = None
    tags: list[str] = field(default_factory=list)
    note_chars: int = 0
    highlight_count: int = 0
    text_chars: int = 0

    @property
    def notes_count(self) -> int:
        """The note (if not empty) plus every highlight: the library's "notes" column."""
        return (1 if self.note_chars else 0) + self.highlight_count

    @property
    def link(self) -> str:
        """URL when there is one, else the location."""
        return self.url or self.location


@dataclass(slots=True)
class Position:
    position: int
    progress: float


@dataclass(slots=True)
class SearchHit:
    record: ArticleRecord
    snippet: str
    rank: float


@dataclass(slots=True)
class ReanchorReport:
    kept: int = 0
    moved: int = 0
    lost: list[Highlight] = field(default_factory=list)


@dataclass(slots=True)
class ExportEntry:
    """Everything exported for one article."""

    record: ArticleRecord
    article: Article
    note: Note | None
    highlights: list[Highlight]


_RECORD_SQL = """
SELECT a.id, a.key, a.location, a.url, a.title, a.byline, a.published, a.site, a.lang,
       a.media_type, a.saved, a.updated, a.last_opened, a.position, a.progress, a.deleted,
       (SELECT group_concat(tag, char(31)) FROM tags t WHERE t.article_id = a.id),
       coalesce((SELECT length(body) FROM notes n WHERE n.article_id = a.id), 0),
       (SELECT count(*) FROM highlights h WHERE h.article_id = a.id),
       length(a.text)
FROM articles a
"""

_ORDER = {
    "opened": "coalesce(a.last_opened, a.saved) DESC, a.id DESC",
    "saved": "a.saved DESC, a.id DESC",
    "title": "a.title COLLATE NOCASE ASC, a.id ASC",
    "site": "a.site COLLATE NOCASE ASC, a.title COLLATE NOCASE ASC, a.id ASC",
    "published": "a.published IS NULL, a.published DESC, a.id DESC",
    "progress": "a.progress DESC, a.id DESC",
}


def _record(row: tuple[Any, ...]) -> ArticleRecord:
    tags = sorted(row[16].split("\x1f")) if row[16] else []
    return ArticleRecord(*row[:16], tags=tags, note_chars=row[17], highlight_count=row[18],
                         text_chars=row[19] or 0)


def _note(row: tuple[Any, ...] | None) -> Note | None:
    if row is None:
        return None
    return Note(id=row[0], article_id=row[1], body=row[2], created=row[3], updated=row[4])


_HL_COLUMNS = "id, article_id, start, end, quote, prefix, suffix, note, created, anchored"


def _highlight(row: tuple[Any, ...]) -> Highlight:
    return Highlight(id=row[0], article_id=row[1], start=row[2], end=row[3], quote=row[4],
                     prefix=row[5], suffix=row[6], note=row[7], created=row[8],
                     anchored=bool(row[9]))


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


def make_snippet(fields: tuple[str, ...], words: list[str], mark: tuple[str, str] = ("«", "»"),
                 *, width: int = 120, prefix_last: bool = False) -> str:
    """About `width` characters around the first match of `words` in the first field that has
    one, with every matched word wrapped in `mark`; one line, cleaned for the terminal."""
    if not words:
        return ""
    parts = [re.escape(w) + (r"\w*" if prefix_last and i == len(words) - 1 else r"(?!\w)")
             for i, w in enumerate(words)]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)
    for text in fields:
        found = pattern.search(text or "")
        if found is None:
            continue
        start = max(0, found.start() - width // 3)
        end = min(len(text), start + width)
        piece = clean_line(text[start:end])
        piece = pattern.sub(lambda m: f"{mark[0]}{m.group(0)}{mark[1]}", piece)
        return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")
    return ""


def merge_note(base: str, mine: str, theirs: str) -> str:
    """Merge an editor's text with a note another process changed meanwhile; keep every word.

    `base` is what the editor loaded, `mine` what it holds now, `theirs` what is stored.
    Appends made elsewhere (the `reader notes add` case) are appended to `mine`; any other
    concurrent change keeps both versions, stored one last, under a visible marker.
    """
    if theirs == base or theirs == mine:
        return mine
    if mine == base:
        return theirs
    stem = base.rstrip()
    if theirs.startswith(stem):  # appended elsewhere: append the same to ours
        extra = theirs[len(stem):]
        if not mine.strip():
            return extra.lstrip()
        return mine.rstrip() + ("" if extra[:1] in ("\n", "") else "\n\n") + extra
    return (mine.rstrip() + "\n\n<!-- reader: this note was also changed elsewhere meanwhile; "
            "that version follows -->\n\n" + theirs)


class Library:
    """The reader library over one SQLite file (see the `reader.store` docstring)."""

    def __init__(self, db: Database, *, clock: Callable[[], str] = utc_now) -> None:
        self.db = db
        self.clock = clock

    # -- lifecycle -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *,
             clock: Callable[[], str] = utc_now) -> "Library":
        """Open (create, migrate) the library; StoreError if the file is damaged or newer."""
        library = cls(Database.open(path), clock=clock)
        return library

    @property
    def path(self) -> Path:
        return self.db.path

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self):
        """A raw write transaction (context manager) for callers that group several writes."""
        return self.db.transaction()

    # -- articles --------------------------------------------------------------------------
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
                         or (location if _SCHEME.match(location) else "")) or None
        article_json = _article_json(article, location)
        blob = zlib.compress(page.body, 6) if page is not None else None
        values = {
            "location": location, "url": url, "title": clean_line(article.title),
            "byline": clean_line(article.byline) or None,
            "published": clean_line(article.published) or None,
            "site": clean_line(article.site) or None, "lang": clean_line(article.lang) or None,
            "text": article.text, "article_json": article_json,
            "page": blob, "media_type": page.media_type if page else None,
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
                return int(cur.lastrowid)
            article_id, old_text, old_title = row[0], row[1], row[3]
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
                self._reanchor(conn, article_id, article.text)
            return int(article_id)

        return self.db.write(run)

    def get(self, article_id: int, *, include_deleted: bool = False) -> ArticleRecord | None:
        """The entry with this id (None if missing or, unless asked, deleted)."""
        where = "WHERE a.id = ?" + ("" if include_deleted else " AND a.deleted IS NULL")
        row = self.db.read(lambda c: c.execute(_RECORD_SQL + where, (article_id,)).fetchone())
        return _record(row) if row else None

    def find(self, ref: str | int) -> ArticleRecord | None:
        """The entry named by an id, a URL, or a location/path (as `reader notes` accepts)."""
        if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()
                                    and not Path(ref.strip()).exists()):
            return self.get(int(ref))
        return self.find_location(str(ref))

    def find_location(self, location: str) -> ArticleRecord | None:
        """The entry saved under this location or URL (no id lookup)."""
        key = location_key(location)
        row = self.db.read(lambda c: c.execute(
            # Not by the location as typed: a relative path means another file elsewhere.
            _RECORD_SQL + "WHERE a.deleted IS NULL AND (a.key = ? OR a.url = ? OR a.url = ? "
            "OR a.final_url = ?) ORDER BY a.key = ? DESC, a.id LIMIT 1",
            (key, location, key, location, key)).fetchone())
        return _record(row) if row else None

    def load_article(self, article_id: int) -> Article:
        """The stored Article (text, blocks, links, metadata); StoreError if missing."""
        row = self.db.read(lambda c: c.execute(
            "SELECT article_json, text FROM articles WHERE id = ?", (article_id,)).fetchone())
        if row is None:
            raise StoreError(f"There is no article {article_id} in the library.")
        article = Article.from_json(json.loads(row[0]))
        article.text = row[1]
        return article

    def load_page(self, article_id: int) -> Page | None:
        """The original page as saved (None if it was saved without one)."""
        row = self.db.read(lambda c: c.execute(
            "SELECT page, location, media_type, charset, final_url, fetched FROM articles "
            "WHERE id = ?", (article_id,)).fetchone())
        if row is None or row[0] is None:
            return None
        fetched = datetime.fromisoformat(row[5]) if row[5] else datetime.now(timezone.utc)
        return Page(location=row[1], body=zlib.decompress(row[0]), media_type=row[2] or "text/html",
                    final_url=row[4], charset=row[3], fetched_at=fetched)

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
            params.append(_tag(tag))
        sql = _RECORD_SQL + "WHERE " + " AND ".join(where) + " ORDER BY " + _ORDER[sort]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [_record(r) for r in self.db.read(lambda c: c.execute(sql, params).fetchall())]

    def count(self) -> int:
        return self.db.read(lambda c: c.execute(
            "SELECT count(*) FROM articles WHERE deleted IS NULL").fetchone()[0])

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
        self.db.write(run)

    def get_position(self, article_id: int) -> Position | None:
        row = self.db.read(lambda c: c.execute(
            "SELECT position, progress FROM articles WHERE id = ?", (article_id,)).fetchone())
        return Position(row[0], row[1]) if row else None

    # -- tags ------------------------------------------------------------------------------
    def add_tag(self, article_id: int, tag: str) -> None:
        name = _tag(tag)
        if not name:
            raise StoreError("A tag needs at least one visible character.")
        self.db.write(lambda c: c.execute(
            "INSERT OR IGNORE INTO tags(article_id, tag) VALUES (?, ?)", (article_id, name)))

    def remove_tag(self, article_id: int, tag: str) -> None:
        self.db.write(lambda c: c.execute(
            "DELETE FROM tags WHERE article_id = ? AND tag = ?", (article_id, _tag(tag))))

    def tags(self, article_id: int) -> list[str]:
        return [r[0] for r in self.db.read(lambda c: c.execute(
            "SELECT tag FROM tags WHERE article_id = ? ORDER BY tag", (article_id,)).fetchall())]

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag with how many (not deleted) articles carry it."""
        return [(r[0], r[1]) for r in self.db.read(lambda c: c.execute(
            "SELECT t.tag, count(*) FROM tags t JOIN articles a ON a.id = t.article_id "
            "WHERE a.deleted IS NULL GROUP BY t.tag ORDER BY t.tag").fetchall())]

    # -- delete / restore ------------------------------------------------------------------
    def delete(self, article_id: int) -> bool:
        """Move an entry to the trash (hidden everywhere; `restore` undoes it)."""
        now = self.clock()
        return self.db.write(lambda c: c.execute(
            "UPDATE articles SET deleted = ? WHERE id = ? AND deleted IS NULL",
            (now, article_id)).rowcount > 0)

    def restore(self, article_id: int) -> bool:
        """Bring a deleted entry back with its note, highlights, tags and position."""
        return self.db.write(lambda c: c.execute(
            "UPDATE articles SET deleted = NULL WHERE id = ? AND deleted IS NOT NULL",
            (article_id,)).rowcount > 0)

    def purge_deleted(self, older_than: timedelta | None = TRASH_KEEP) -> int:
        """Erase trashed entries deleted longer ago than `older_than` (None: all); returns count."""
        if older_than is None:
            cutoff = "9999"
        else:
            cutoff = (datetime.now(timezone.utc) - older_than).strftime("%Y-%m-%dT%H:%M:%SZ")
        return self.db.write(lambda c: c.execute(
            "DELETE FROM articles WHERE deleted IS NOT NULL AND deleted <= ?",
            (cutoff,)).rowcount)

    # -- notes -----------------------------------------------------------------------------
    def get_note(self, article_id: int) -> Note | None:
        return _note(self.db.read(lambda c: c.execute(
            "SELECT id, article_id, body, created, updated FROM notes WHERE article_id = ?",
            (article_id,)).fetchone()))

    def set_note(self, article_id: int, body: str, *, base: str | None = None) -> Note:
        """Store the article's note; returns what is stored.

        With `base` (the text the editor started from), a note changed meanwhile by another
        process is merged instead of overwritten (see `merge_note`), so no word is lost.
        Writing the same text again is a no-op.
        """
        now = self.clock()

        def run(conn: sqlite3.Connection) -> Note:
            _require(conn, article_id)
            row = conn.execute("SELECT id, article_id, body, created, updated FROM notes "
                               "WHERE article_id = ?", (article_id,)).fetchone()
            current = row[2] if row else ""
            text = body if base is None else merge_note(base, body, current)
            if row is None:
                cur = conn.execute("INSERT INTO notes(article_id, body, created, updated) "
                                   "VALUES (?, ?, ?, ?)", (article_id, text, now, now))
                return Note(id=cur.lastrowid, article_id=article_id, body=text, created=now,
                            updated=now)
            if text == current:
                return _note(row)  # type: ignore[return-value]
            conn.execute("UPDATE notes SET body = ?, updated = ? WHERE id = ?",
                         (text, now, row[0]))
            return Note(id=row[0], article_id=article_id, body=text, created=row[3], updated=now)

        return self.db.write(run)

    def append_note(self, article_id: int, text: str) -> Note:
        """Add a paragraph at the end of the article's note (atomic; safe across processes)."""
        addition = text.strip("\n")
        now = self.clock()

        def run(conn: sqlite3.Connection) -> Note:
            _require(conn, article_id)
            row = conn.execute("SELECT id, body, created FROM notes WHERE article_id = ?",
                               (article_id,)).fetchone()
            if row is None:
                cur = conn.execute("INSERT INTO notes(article_id, body, created, updated) "
                                   "VALUES (?, ?, ?, ?)", (article_id, addition, now, now))
                return Note(id=cur.lastrowid, article_id=article_id, body=addition,
                            created=now, updated=now)
            current = row[1].rstrip()
            body = current + "\n\n" + addition if current else addition
            conn.execute("UPDATE notes SET body = ?, updated = ? WHERE id = ?",
                         (body, now, row[0]))
            return Note(id=row[0], article_id=article_id, body=body, created=row[2], updated=now)

        return self.db.write(run)

    # -- highlights ------------------------------------------------------------------------
    def add_highlight(self, article_id: int, start: int, end: int, note: str = "") -> Highlight:
        """Highlight `text[start:end]` of the stored article, keeping quote and context."""
        now = self.clock()

        def run(conn: sqlite3.Connection) -> Highlight:
            row = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise StoreError(f"There is no article {article_id} in the library.")
            text = row[0]
            if not 0 <= start < end <= len(text):
                raise StoreError(f"The highlight {start}..{end} is outside the article's text.")
            a = make_anchor(text, start, end)
            cur = conn.execute(
                "INSERT INTO highlights(article_id, start, end, quote, prefix, suffix, note, "
                "created, anchored) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (article_id, a.start, a.end, a.quote, a.prefix, a.suffix, note, now))
            return Highlight(id=cur.lastrowid, article_id=article_id, start=a.start, end=a.end,
                             quote=a.quote, prefix=a.prefix, suffix=a.suffix, note=note,
                             created=now, anchored=True)

        return self.db.write(run)

    def list_highlights(self, article_id: int) -> list[Highlight]:
        """The article's highlights by position (unanchored ones included, flagged)."""
        return [_highlight(r) for r in self.db.read(lambda c: c.execute(
            f"SELECT {_HL_COLUMNS} FROM highlights WHERE article_id = ? "
            "ORDER BY anchored DESC, start, id", (article_id,)).fetchall())]

    def get_highlight(self, highlight_id: int) -> Highlight | None:
        row = self.db.read(lambda c: c.execute(
            f"SELECT {_HL_COLUMNS} FROM highlights WHERE id = ?", (highlight_id,)).fetchone())
        return _highlight(row) if row else None

    def set_highlight_note(self, highlight_id: int, note: str) -> None:
        self.db.write(lambda c: c.execute("UPDATE highlights SET note = ? WHERE id = ?",
                                          (note, highlight_id)))

    def delete_highlight(self, highlight_id: int) -> Highlight | None:
        """Remove a highlight; returns it so the caller can offer undo (`restore_highlight`)."""
        def run(conn: sqlite3.Connection) -> Highlight | None:
            row = conn.execute(f"SELECT {_HL_COLUMNS} FROM highlights WHERE id = ?",
                               (highlight_id,)).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
            return _highlight(row)
        return self.db.write(run)

    def restore_highlight(self, highlight: Highlight) -> None:
        """Put back a highlight returned by `delete_highlight` (same id)."""
        self.db.write(lambda c: c.execute(
            f"INSERT OR REPLACE INTO highlights({_HL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (highlight.id, highlight.article_id, highlight.start, highlight.end, highlight.quote,
             highlight.prefix, highlight.suffix, highlight.note, highlight.created,
             int(highlight.anchored))))

    def reanchor_highlights(self, article_id: int, new_text: str) -> ReanchorReport:
        """Move every highlight of the article onto `new_text`; lost ones stay, unanchored."""
        return self.db.write(lambda c: self._reanchor(c, article_id, new_text))

    def _reanchor(self, conn: sqlite3.Connection, article_id: int,
                  new_text: str) -> ReanchorReport:
        rows = conn.execute(f"SELECT {_HL_COLUMNS} FROM highlights WHERE article_id = ? "
                            "ORDER BY id", (article_id,)).fetchall()
        highlights = [_highlight(r) for r in rows]
        anchors = [Anchor(h.start, h.end, h.quote, h.prefix, h.suffix) for h in highlights]
        report = ReanchorReport()
        for h, place in zip(highlights, reanchor(new_text, anchors)):
            if not place.anchored:
                report.lost.append(h)
                if h.anchored:
                    conn.execute("UPDATE highlights SET anchored = 0 WHERE id = ?", (h.id,))
                h.anchored = False
                continue
            if (place.start, place.end) == (h.start, h.end) and h.anchored:
                report.kept += 1
                continue
            report.moved += 1
            fresh = make_anchor(new_text, place.start, place.end)
            # The quote keeps the user's original words when the match was fuzzy.
            conn.execute("UPDATE highlights SET start = ?, end = ?, prefix = ?, suffix = ?, "
                         "anchored = 1 WHERE id = ?",
                         (fresh.start, fresh.end, fresh.prefix, fresh.suffix, h.id))
        return report

    # -- search ----------------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 50, mark: tuple[str, str] = ("«", "»"),
               tag: str | None = None) -> list[SearchHit]:
        """Full-text search over titles, article text, notes and highlights (best first).

        Any string is safe: words are quoted (see `fts_query`); an empty query finds nothing.
        """
        match = fts_query(query)
        if match is None:
            return []
        where = "search MATCH ? AND a.deleted IS NULL"
        params: list[Any] = [match]
        if tag:
            where += " AND EXISTS (SELECT 1 FROM tags t WHERE t.article_id = a.id AND t.tag = ?)"
            params.append(_tag(tag))
        params.append(int(limit))
        # FTS5's snippet() is quadratic-ish on huge documents with many matches (minutes on a
        # 5 MB text), so SQLite only ranks and the snippet is cut in Python (`make_snippet`).
        sql = ("SELECT a.id, search.notes, a.text, a.title, bm25(search, 10.0, 1.0, 5.0) "
               "AS rank FROM search JOIN articles a ON a.id = search.rowid "
               f"WHERE {where} ORDER BY rank LIMIT ?")
        rows = self.db.read(lambda c: c.execute(sql, params).fetchall())
        words = [w for w in re.findall(r"\w+", clean(query))]
        prefix_last = not query[-1:].isspace()
        hits = []
        for article_id, notes, text, title, rank in rows:
            record = self.get(article_id)
            if record is not None:
                snippet = make_snippet((notes, text, title), words, mark, prefix_last=prefix_last)
                hits.append(SearchHit(record, snippet, float(rank)))
        return hits

    # -- export ----------------------------------------------------------------------------
    def export_entries(self, ref: str | int | None = None, *,
                       annotated_only: bool = True) -> list[ExportEntry]:
        """What `reader notes export` writes: one article (`ref`) or every annotated one.

        StoreError when `ref` names nothing in the library.
        """
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

    def integrity_check(self) -> str:
        return self.db.integrity_check()


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(item: Any) -> Any:
    """A dataclass as a dict of its fields (shallow: fast for 100,000 blocks, unlike asdict)."""
    if not is_dataclass(item):
        return item
    names = _FIELD_NAMES.get(type(item))
    if names is None:
        names = _FIELD_NAMES[type(item)] = tuple(f.name for f in fields(item))
    return {name: getattr(item, name) for name in names}


def _article_json(article: Article, location: str) -> str:
    """`Article.to_full_json()` without the text (stored once, in its own column)."""
    data = _plain(article)
    data["text"] = ""
    data["location"] = location
    for key, value in data.items():
        if isinstance(value, list):
            data[key] = [_plain(v) for v in value]
    return json.dumps(data, ensure_ascii=False)


def _tag(tag: str) -> str:
    return clean_line(tag).lower()


def _require(conn: sqlite3.Connection, article_id: int) -> None:
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
        raise StoreError(f"There is no article {article_id} in the library.")


def open(path: str | os.PathLike[str] | None = None, *,  # noqa: A001 - reader.store.open()
         clock: Callable[[], str] = utc_now) -> Library:
    """Open the library (default: `library.sqlite3` in the data folder)."""
    return Library.open(path, clock=clock)

