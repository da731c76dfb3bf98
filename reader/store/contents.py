"""The big part of an entry: its text, structure (blocks, links) and original page.

All three are zlib-compressed (level 6). Measured on generated news-like pages (see
bench/library_scale.py): level 9 saves under 1% more, bz2 and lzma (both in the standard
library) about 12% of the page column for 3 to 9 times the time; zstd is not in Python 3.11.
The text is also in the search index uncompressed, which is where searches and snippets read
it, so this copy is only for loading the article and rebuilding the index.

The search row of an entry is created and its body written here, by the code that has the
text: SQL triggers cannot decompress it (see `reader.store.schema`).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import fields, is_dataclass
from datetime import datetime, timezone
from typing import Any

from reader.core.models import Article, Page

LEVEL = 6

# The search row's derived columns as SQL of an article id `{id}` (triggers use them too).
FTS_NOTES = (
    "coalesce((SELECT body FROM notes WHERE article_id = {id}), '') || ' ' || "
    "coalesce((SELECT group_concat(quote || ' ' || note, ' ') FROM highlights "
    "WHERE article_id = {id}), '')"
)
FTS_TAGS = "coalesce((SELECT group_concat(tag, ' ') FROM tags WHERE article_id = {id}), '')"
TAG_LIST = ("coalesce((SELECT group_concat(tag, char(31)) FROM "
            "(SELECT tag FROM tags WHERE article_id = {id} ORDER BY tag)), '')")


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), LEVEL)


def unpack(blob: bytes | str | None) -> str:
    if blob is None:
        return ""
    if isinstance(blob, str):
        return blob
    return zlib.decompress(blob).decode("utf-8", "surrogatepass")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
# `json.dumps(data, ensure_ascii=False)` builds this encoder on every call; one is enough.
_JSON = json.JSONEncoder(ensure_ascii=False)


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
    return _JSON.encode(data)


_EMPTY: dict[str, Any] = json.loads(article_json(Article(text=""), ""))


def empty_article_json(title: str, url: str | None, location: str) -> str:
    """`article_json` of an article with no text yet (an imported URL), from a template: the
    same string, without building an Article per row (an import writes 100,000 of them)."""
    data = dict(_EMPTY)
    data.update(title=title, url=url, location=location)
    return _JSON.encode(data)


def page_values(page: Page | None) -> dict[str, Any]:
    """The columns of `contents` that hold the original page (all None without one)."""
    if page is None:
        return {"page": None, "charset": None, "final_url": None, "fetched": None}
    return {"page": zlib.compress(page.body, LEVEL), "charset": page.charset,
            "final_url": page.final_url, "fetched": page.fetched_at.isoformat()}


def insert_content(conn: sqlite3.Connection, article_id: int, text: str, data: str,
                   page: Page | None, *, index: bool = True) -> None:
    """The content of a new entry, and its search row unless `index=False` (then the caller
    adds tags, notes and highlights first and calls `index_entry` once at the end, so the
    text is tokenised once instead of once per change)."""
    values = page_values(page)
    conn.execute("INSERT INTO contents(article_id, text, article_json, page, charset, "
                 "final_url, fetched) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (article_id, pack(text), pack(data), *values.values()))
    if index:
        index_entry(conn, article_id, text)


def index_entry(conn: sqlite3.Connection, article_id: int, text: str) -> None:
    """(Re)write the entry's search row from its title, `text`, note, highlights and tags."""
    conn.execute("INSERT OR REPLACE INTO search(rowid, title, body, notes, tags) SELECT id, "
                 f"title, ?, {FTS_NOTES.format(id='articles.id')}, "
                 f"{FTS_TAGS.format(id='articles.id')} FROM articles WHERE id = ?",
                 (text, article_id))


def replace_text(conn: sqlite3.Connection, article_id: int, text: str, data: str) -> None:
    """New text and structure for an entry (its search body follows)."""
    conn.execute("UPDATE contents SET text = ?, article_json = ? WHERE article_id = ?",
                 (pack(text), pack(data), article_id))
    conn.execute("UPDATE search SET body = ? WHERE rowid = ?", (text, article_id))


def replace_data(conn: sqlite3.Connection, article_id: int, data: str) -> None:
    """New structure (metadata, blocks, links) for unchanged text."""
    conn.execute("UPDATE contents SET article_json = ? WHERE article_id = ?",
                 (pack(data), article_id))


def replace_page(conn: sqlite3.Connection, article_id: int, page: Page) -> None:
    values = page_values(page)
    conn.execute("UPDATE contents SET page = ?, charset = ?, final_url = ?, fetched = ? "
                 "WHERE article_id = ?", (*values.values(), article_id))


def read_text(conn: sqlite3.Connection, article_id: int) -> str | None:
    """The stored text (None when the entry does not exist)."""
    row = conn.execute("SELECT text FROM contents WHERE article_id = ?",
                       (article_id,)).fetchone()
    return None if row is None else unpack(row[0])


def _article(data_blob: bytes | str, text_blob: bytes | str, candidate: str | None) -> Article:
    data = json.loads(unpack(data_blob))
    data["text"] = unpack(text_blob)
    article = Article.from_json(data)
    if hasattr(article, "candidate"):   # the extractor's candidates (issue 11), when present
        setattr(article, "candidate", candidate)
    return article


def read_article(conn: sqlite3.Connection, article_id: int) -> Article | None:
    found = read_articles(conn, [article_id])
    return found.get(article_id)


def read_articles(conn: sqlite3.Connection, article_ids: list[int]) -> dict[int, Article]:
    """Several stored articles in one query (by id)."""
    marks = ", ".join("?" * len(article_ids))
    rows = conn.execute(f"SELECT c.article_id, c.article_json, c.text, a.candidate FROM "
                        f"contents c JOIN articles a ON a.id = c.article_id WHERE c.article_id "
                        f"IN ({marks})", article_ids).fetchall() if article_ids else []
    return {row[0]: _article(row[1], row[2], row[3]) for row in rows}


def has_page(conn: sqlite3.Connection, article_id: int) -> bool:
    row = conn.execute("SELECT page IS NOT NULL FROM contents WHERE article_id = ?",
                       (article_id,)).fetchone()
    return bool(row and row[0])


def read_page(conn: sqlite3.Connection, article_id: int) -> Page | None:
    return read_pages(conn, [article_id]).get(article_id)


def read_pages(conn: sqlite3.Connection, article_ids: list[int]) -> dict[int, Page]:
    """The original pages of several articles in one query (those saved with one)."""
    marks = ", ".join("?" * len(article_ids))
    rows = conn.execute(f"SELECT c.article_id, c.page, a.location, a.media_type, c.charset, "
                        f"c.final_url, c.fetched FROM contents c JOIN articles a ON a.id = "
                        f"c.article_id WHERE c.page IS NOT NULL AND c.article_id IN ({marks})",
                        article_ids).fetchall() if article_ids else []
    pages = {}
    for article_id, body, location, media_type, charset, final_url, fetched in rows:
        when = datetime.fromisoformat(fetched) if fetched else datetime.now(timezone.utc)
        pages[article_id] = Page(location=location, body=zlib.decompress(body),
                                 media_type=media_type or "text/html", final_url=final_url,
                                 charset=charset, fetched_at=when)
    return pages
