"""Schema steps that need code, not only SQL (see `reader.store.schema` for the shape).

Step 5 moves the big columns out of `articles` into `contents` (compressed), so a listing reads
small rows; it adds states, the remembered extraction candidate, fingerprints, other
locations, denormalised counts, the summary cache and the fetch queue, and rebuilds the
search index with tags and prefix indexes. Ids, notes, highlights, tags, positions and the
trash are kept as they were; the last id used stays used (ids are never reused).
"""

from __future__ import annotations

import sqlite3

from reader.store.contents import FTS_NOTES, FTS_TAGS, TAG_LIST, pack
from reader.store.identity import host_key, location_key, text_fingerprint

# -- step 5 ----------------------------------------------------------------------------------

TABLES_5 = [
    """CREATE TABLE articles_5 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,  -- ids are never reused
        key TEXT NOT NULL UNIQUE,            -- normalised first location: URL, path, stdin hash
        location TEXT NOT NULL,              -- as the user gave it
        url TEXT,
        canonical_url TEXT,
        host_key TEXT,                       -- host labels reversed, no www.: org.example.news
        title TEXT NOT NULL DEFAULT '',
        byline TEXT,
        published TEXT,
        site TEXT,
        lang TEXT,
        media_type TEXT,
        saved TEXT NOT NULL,
        updated TEXT NOT NULL,
        last_opened TEXT,
        position INTEGER NOT NULL DEFAULT 0, -- character offset into the text
        progress REAL NOT NULL DEFAULT 0,    -- 0..1
        deleted TEXT,                        -- in the trash since
        state TEXT NOT NULL DEFAULT 'unread' CHECK (state IN ('unread', 'archived')),
        starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
        archived_at TEXT,
        starred_at TEXT,
        candidate TEXT,                      -- extraction candidate chosen; NULL: the first
        fingerprint TEXT,                    -- hash of the normalised text (identity.py)
        text_chars INTEGER NOT NULL DEFAULT 0,
        note_chars INTEGER NOT NULL DEFAULT 0,     -- kept by triggers on notes
        highlight_count INTEGER NOT NULL DEFAULT 0, -- kept by triggers on highlights
        tag_list TEXT NOT NULL DEFAULT ''          -- sorted tags joined by char(31), by triggers
    )""",
    """CREATE TABLE contents (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        text BLOB NOT NULL,                  -- zlib(UTF-8)
        article_json BLOB NOT NULL,          -- zlib(Article JSON without the text)
        page BLOB,                           -- original body, zlib
        charset TEXT,
        final_url TEXT,
        fetched TEXT
    )""",
    """CREATE TABLE locations (
        key TEXT PRIMARY KEY,                -- location_key of another place it was opened from
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        location TEXT NOT NULL,
        added TEXT NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX locations_article ON locations(article_id)",
    """CREATE TABLE summaries (
        text_hash TEXT NOT NULL,             -- identity.text_hash of the article text
        algorithm TEXT NOT NULL,
        settings TEXT NOT NULL,              -- canonical JSON of the length settings
        summary TEXT NOT NULL,               -- JSON: the chosen sentences and scores
        created TEXT NOT NULL,
        PRIMARY KEY (text_hash, algorithm, settings)
    ) WITHOUT ROWID""",
    """CREATE TABLE fetch_queue (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,            -- location_key of the URL
        url TEXT NOT NULL,
        host TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'queued'
            CHECK (state IN ('queued', 'fetching', 'done', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,                     -- one sentence
        next_try TEXT,                       -- not before (UTC); NULL: at once
        claimed TEXT,                        -- when a fetcher took it
        added TEXT NOT NULL,
        updated TEXT NOT NULL,
        source TEXT,                         -- e.g. "save --later", "import pocket.zip"
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL
    )""",
    "CREATE INDEX fetch_queue_ready ON fetch_queue(state, next_try, id)",
    "CREATE INDEX fetch_queue_host ON fetch_queue(state, host)",
]

# Listing reads these in order, page by page; all skip the trash (partial indexes).
INDEXES_5 = [
    "CREATE INDEX articles_by_opened ON articles(coalesce(last_opened, saved) DESC, id DESC) "
    "WHERE deleted IS NULL",
    "CREATE INDEX articles_by_saved ON articles(saved DESC, id DESC) WHERE deleted IS NULL",
    "CREATE INDEX articles_by_title ON articles(title COLLATE NOCASE, id) WHERE deleted IS NULL",
    "CREATE INDEX articles_by_site ON articles(coalesce(site, '') COLLATE NOCASE, "
    "title COLLATE NOCASE, id) WHERE deleted IS NULL",
    "CREATE INDEX articles_by_published ON articles(coalesce(published, '') DESC, id DESC) "
    "WHERE deleted IS NULL",
    "CREATE INDEX articles_by_progress ON articles(progress DESC, id DESC) WHERE deleted IS NULL",
    "CREATE INDEX articles_state ON articles(state, starred) WHERE deleted IS NULL",
    "CREATE INDEX articles_host ON articles(host_key) WHERE deleted IS NULL",
    "CREATE INDEX articles_fingerprint ON articles(fingerprint) WHERE deleted IS NULL",
    "CREATE INDEX articles_trash ON articles(deleted) WHERE deleted IS NOT NULL",
    "CREATE INDEX articles_annotated ON articles(saved, id) "
    "WHERE deleted IS NULL AND (note_chars > 0 OR highlight_count > 0)",
]


COUNTS = {   # the denormalised columns of articles, as SQL of the article id {id}
    "note": "note_chars = coalesce((SELECT length(body) FROM notes WHERE article_id = {id}), 0)",
    "highlight": "highlight_count = (SELECT count(*) FROM highlights WHERE article_id = {id})",
    "tag": "tag_list = " + TAG_LIST,
}


def _refresh(what: str, column: str, id_expr: str, when: str = "") -> str:
    """Recount `what` for one article and refresh its search `column` (when `when` holds)."""
    cond = f" AND {when}" if when else ""
    value = (FTS_NOTES if column == "notes" else FTS_TAGS).format(id=id_expr)
    return (f"UPDATE articles SET {COUNTS[what].format(id=id_expr)} WHERE id = {id_expr}{cond}; "
            f"UPDATE search SET {column} = {value} WHERE rowid = {id_expr}{cond};")


TRIGGERS_5 = [
    """CREATE TRIGGER articles_title AFTER UPDATE OF title ON articles BEGIN
        UPDATE search SET title = new.title WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER articles_gone AFTER DELETE ON articles BEGIN
        DELETE FROM search WHERE rowid = old.id;
    END""",
]
# Re-anchoring moves highlights (start, end, anchored) without touching what search sees, so
# updates fire only for the columns search reads; a merge may move a row to another article.
for _table, _what, _column, _changes in (("notes", "note", "notes", "body, article_id"),
                                         ("highlights", "highlight", "notes",
                                          "quote, note, article_id"),
                                         ("tags", "tag", "tags", "tag, article_id")):
    TRIGGERS_5 += [
        f"CREATE TRIGGER {_table}_added AFTER INSERT ON {_table} BEGIN "
        f"{_refresh(_what, _column, 'new.article_id')} END",
        f"CREATE TRIGGER {_table}_removed AFTER DELETE ON {_table} BEGIN "
        f"{_refresh(_what, _column, 'old.article_id')} END",
        f"CREATE TRIGGER {_table}_changed AFTER UPDATE OF {_changes} ON {_table} BEGIN "
        f"{_refresh(_what, _column, 'new.article_id')} "
        f"{_refresh(_what, _column, 'old.article_id', 'old.article_id != new.article_id')} END",
    ]

SEARCH_5 = ("CREATE VIRTUAL TABLE search USING fts5(title, body, notes, tags, prefix = '1 2 3', "
            "tokenize = 'unicode61 remove_diacritics 2')")

_OLD_TRIGGERS = ("articles_ai", "articles_au", "articles_ad", "notes_ai", "notes_au", "notes_ad",
                 "hl_ai", "hl_au", "hl_ad")
_COLUMNS = ("id", "key", "location", "url", "title", "byline", "published", "site", "lang",
            "media_type", "saved", "updated", "last_opened", "position", "progress", "deleted")


def upgrade_to_5(conn: sqlite3.Connection) -> None:
    """Run with foreign keys off (the old table is replaced); `Database` checks them after."""
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'articles'").fetchone()
    for name in _OLD_TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute("DROP TABLE IF EXISTS search")
    for sql in TABLES_5:
        conn.execute(sql)
    conn.execute(SEARCH_5)
    columns = ", ".join(_COLUMNS)
    rows = conn.execute(f"SELECT {columns}, text, article_json, page, charset, final_url, "
                        "fetched FROM articles ORDER BY id")
    for row in rows:
        meta, (text, data, page, charset, final_url, fetched) = row[:len(_COLUMNS)], row[16:]
        article_id, key, url = meta[0], meta[1], meta[3]
        conn.execute(f"INSERT INTO articles_5 ({columns}, host_key, fingerprint, text_chars) "
                     f"VALUES ({', '.join('?' * (len(_COLUMNS) + 3))})",
                     (*meta, host_key(url), text_fingerprint(text), len(text)))
        conn.execute("INSERT INTO contents(article_id, text, article_json, page, charset, "
                     "final_url, fetched) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (article_id, pack(text), pack(data), page, charset, final_url, fetched))
        for other in {location_key(u) for u in (url, final_url) if u} - {key}:
            conn.execute("INSERT OR IGNORE INTO locations(key, article_id, location, added) "
                         "VALUES (?, ?, ?, ?)", (other, article_id, other, meta[11]))
        conn.execute("INSERT INTO search(rowid, title, body, notes, tags) VALUES (?, ?, ?, "
                     f"{FTS_NOTES.format(id='?')}, {FTS_TAGS.format(id='?')})",
                     (article_id, meta[4], text, article_id, article_id, article_id))
    conn.execute("DROP TABLE articles")
    conn.execute("ALTER TABLE articles_5 RENAME TO articles")
    if seq is not None:
        conn.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'articles'",
                     (seq[0],))
        conn.execute("INSERT INTO sqlite_sequence(name, seq) SELECT 'articles', ? WHERE NOT "
                     "EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'articles')", (seq[0],))
    conn.execute("UPDATE articles SET " + ", ".join(c.format(id="articles.id")
                                                    for c in COUNTS.values()))
    for sql in INDEXES_5 + TRIGGERS_5:
        conn.execute(sql)
