"""The schema: every migration step since the first, in order (`PRAGMA user_version` counts them).

A step is a list of SQL statements or a function of the connection; each runs in one
transaction. Never edit a released step: add one.

The schema since step 5 (the shape the library's code reads):
- `articles`: one small row per entry (what lists, sorts and filters need, nothing big), with
  note size, highlight count and tags kept by triggers, so a page of the library is one index
  walk with no per-row subquery;
- `contents`: the text, structure (blocks, links) and original page, zlib-compressed;
- `locations`: the other places an entry was opened from (URL, file, final or canonical URL);
- `search`: FTS5 over title, text, notes (note + highlights) and tags, with prefix indexes for
  search as you type; its row and body are written by the code that stores the text
  (`contents.py`: the stored text is compressed, so SQL cannot copy it), the other columns by
  triggers;
- `summaries`: computed summaries by (text hash, algorithm, length settings);
- `fetch_queue`: URLs waiting to be fetched, with attempts, errors and retry times.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from reader.store.upgrades import upgrade_to_5

Step = list[str] | Callable[[sqlite3.Connection], None]

_FTS_NOTES = (
    "coalesce((SELECT body FROM notes WHERE article_id = {id}), '') || ' ' || "
    "coalesce((SELECT group_concat(quote || ' ' || note, ' ') FROM highlights "
    "WHERE article_id = {id}), '')"
)


def _refresh_notes(id_expr: str) -> str:
    return f"UPDATE search SET notes = {_FTS_NOTES.format(id=id_expr)} WHERE rowid = {id_expr};"


MIGRATIONS: list[Step] = [
    # 1: articles and their one Markdown note.
    [
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- ids are never reused
            key TEXT NOT NULL UNIQUE,            -- normalised location: URL, absolute path, stdin hash
            location TEXT NOT NULL,              -- as the user gave it
            url TEXT,
            title TEXT NOT NULL DEFAULT '',
            byline TEXT,
            published TEXT,
            site TEXT,
            lang TEXT,
            text TEXT NOT NULL DEFAULT '',
            article_json TEXT NOT NULL,          -- Article.to_full_json(): blocks, links, ...
            page BLOB,                           -- original body, zlib-compressed
            media_type TEXT,
            charset TEXT,
            final_url TEXT,
            fetched TEXT,
            saved TEXT NOT NULL,
            updated TEXT NOT NULL,
            last_opened TEXT,
            position INTEGER NOT NULL DEFAULT 0, -- character offset into text
            progress REAL NOT NULL DEFAULT 0     -- 0..1
        )""",
        "CREATE INDEX articles_url ON articles(url)",
        """CREATE TABLE notes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- ids are never reused
            article_id INTEGER NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
            body TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )""",
    ],
    # 2: tags and highlights (quote + context so they re-anchor after re-extraction).
    [
        """CREATE TABLE tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (article_id, tag)
        ) WITHOUT ROWID""",
        "CREATE INDEX tags_tag ON tags(tag)",
        """CREATE TABLE highlights (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- ids are never reused
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            anchored INTEGER NOT NULL DEFAULT 1
        )""",
        "CREATE INDEX highlights_article ON highlights(article_id, start)",
    ],
    # 3: full-text search over titles, article text, notes and highlights, kept by triggers.
    [
        """CREATE VIRTUAL TABLE search USING fts5(
            title, body, notes, tokenize = 'unicode61 remove_diacritics 2')""",
        "INSERT INTO search(rowid, title, body, notes) SELECT id, title, text, "
        + _FTS_NOTES.format(id="articles.id") + " FROM articles",
        """CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO search(rowid, title, body, notes) VALUES (new.id, new.title, new.text, '');
        END""",
        """CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
            UPDATE search SET title = new.title, body = new.text WHERE rowid = new.id;
        END""",
        """CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            DELETE FROM search WHERE rowid = old.id;
        END""",
        f"CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN {_refresh_notes('new.article_id')} END",
        f"CREATE TRIGGER notes_au AFTER UPDATE ON notes BEGIN {_refresh_notes('new.article_id')} END",
        f"CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN {_refresh_notes('old.article_id')} END",
        f"CREATE TRIGGER hl_ai AFTER INSERT ON highlights BEGIN {_refresh_notes('new.article_id')} END",
        f"CREATE TRIGGER hl_au AFTER UPDATE ON highlights BEGIN {_refresh_notes('new.article_id')} END",
        f"CREATE TRIGGER hl_ad AFTER DELETE ON highlights BEGIN {_refresh_notes('old.article_id')} END",
    ],
    # 4: deletion goes to a trash first, so the library screen can undo it.
    [
        "ALTER TABLE articles ADD COLUMN deleted TEXT",
        "CREATE INDEX articles_deleted ON articles(deleted)",
        "CREATE INDEX articles_opened ON articles(last_opened)",
    ],
    # 5: see `upgrade_to_5`.
    upgrade_to_5,
    # 6: starred entries are counted from their own small index; entries without a
    # fingerprint (imported URLs not fetched yet) stay out of the fingerprint index.
    [
        "CREATE INDEX articles_starred ON articles(starred) WHERE deleted IS NULL AND starred = 1",
        "DROP INDEX articles_fingerprint",
        "CREATE INDEX articles_fingerprint ON articles(fingerprint) "
        "WHERE deleted IS NULL AND fingerprint IS NOT NULL",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)


