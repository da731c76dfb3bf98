"""Full-text search over titles, article text, notes and highlights (SQLite FTS5).

FTS5's own snippet() is quadratic-ish on huge documents with many matches (minutes on a 5 MB
text), so SQLite only ranks and the snippet is cut here (`make_snippet`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reader.core.safety import clean, clean_line
from reader.store.base import StoreBase
from reader.store.records import RECORD_SQL, SearchHit, record_from_row
from reader.store.tags import normalise_tag


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


class SearchStore(StoreBase):
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
            params.append(normalise_tag(tag))
        params.append(int(limit))
        sql = ("SELECT a.id, search.notes, a.text, a.title, bm25(search, 10.0, 1.0, 5.0) "
               "AS rank FROM search JOIN articles a ON a.id = search.rowid "
               f"WHERE {where} ORDER BY rank LIMIT ?")
        rows = self.db.read(lambda c: c.execute(sql, params).fetchall())
        words = re.findall(r"\w+", clean(query))
        prefix_last = not query[-1:].isspace()
        hits = []
        for article_id, notes, text, title, rank in rows:
            row = self.db.read(lambda c: c.execute(
                RECORD_SQL + "WHERE a.id = ? AND a.deleted IS NULL", (article_id,)).fetchone())
            if row is not None:
                snippet = make_snippet((notes, text, title), words, mark, prefix_last=prefix_last)
                hits.append(SearchHit(record_from_row(row), snippet, float(rank)))
        return hits
