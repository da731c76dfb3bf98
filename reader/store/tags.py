"""Tags: lower-case, trimmed, control-free names attached to articles."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from reader.core.errors import StoreError
from reader.core.safety import clean_line
from reader.store.base import StoreBase, require_article
from reader.store.identity import valid_id


def normalise_tag(tag: str) -> str:
    """The stored form of a tag: one line, no control characters, trimmed, lower case."""
    return clean_line(tag).lower()


def add_tags(conn: sqlite3.Connection, article_id: int, tags: Iterable[str]) -> int:
    """Add every tag the article lacks (empty names skipped); returns how many were new."""
    names = {normalise_tag(t) for t in tags} - {""}
    names -= {r[0] for r in conn.execute("SELECT tag FROM tags WHERE article_id = ?",
                                         (article_id,))}
    conn.executemany("INSERT INTO tags(article_id, tag) VALUES (?, ?)",
                     [(article_id, name) for name in sorted(names)])
    return len(names)


class TagStore(StoreBase):
    def add_tag(self, article_id: int, tag: str) -> None:
        name = normalise_tag(tag)
        if not name:
            raise StoreError("A tag needs at least one visible character.")

        def run(conn: sqlite3.Connection) -> None:
            require_article(conn, article_id)
            conn.execute("INSERT OR IGNORE INTO tags(article_id, tag) VALUES (?, ?)",
                         (article_id, name))
        self.db.write(run)

    def remove_tag(self, article_id: int, tag: str) -> None:
        if valid_id(article_id):
            self.db.write(lambda c: c.execute("DELETE FROM tags WHERE article_id = ? AND tag = ?",
                                              (article_id, normalise_tag(tag))))

    def tags(self, article_id: int) -> list[str]:
        if not valid_id(article_id):
            return []
        return [r[0] for r in self.db.read(lambda c: c.execute(
            "SELECT tag FROM tags WHERE article_id = ? ORDER BY tag", (article_id,)).fetchall())]

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag with how many (not deleted) articles carry it."""
        return [(r[0], r[1]) for r in self.db.read(lambda c: c.execute(
            "SELECT t.tag, count(*) FROM tags t JOIN articles a ON a.id = t.article_id "
            "WHERE a.deleted IS NULL GROUP BY t.tag ORDER BY t.tag").fetchall())]
