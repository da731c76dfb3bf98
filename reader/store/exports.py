"""Export and list streams: entries with their notes and highlights (and text, and pages when
asked), read in batches of a few hundred, so memory stays flat in the library's size."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace

from reader.core.errors import StoreError
from reader.core.models import Article, Highlight, Note, Page
from reader.core.safety import clean_line
from reader.store.articles import ArticleStore
from reader.store.contents import read_articles, read_pages
from reader.store.highlights import highlights_for
from reader.store.listing import ArticleFilter, ListingStore
from reader.store.notes import notes_for
from reader.store.records import AnnotatedRecord, ArticleRecord, ExportEntry

EXPORT_BATCH = 200   # articles with their text: a few MB per batch


class ExportStore(ArticleStore, ListingStore):
    def iter_annotated(self, filters: ArticleFilter | None = None, *, sort: str = "saved",
                       reverse: bool = False,
                       batch: int = 500) -> Iterator[AnnotatedRecord]:
        """Entries with a note or highlights (and `filters`), each with them; no text."""
        wanted = replace(filters or ArticleFilter(), annotated=True)
        for records in self.iter_batches(sort, wanted, reverse=reverse, batch=batch):
            ids = [r.id for r in records]
            notes, highlights = self.db.read(lambda c: (notes_for(c, ids), highlights_for(c, ids)))
            for r in records:
                yield AnnotatedRecord(r, notes.get(r.id), highlights.get(r.id, []))

    def iter_export_entries(self, ref: str | int | None = None, *, annotated_only: bool = True,
                            filters: ArticleFilter | None = None, pages: bool = False,
                            batch: int = EXPORT_BATCH) -> Iterator[ExportEntry]:
        """What `reader notes export` writes, oldest first: one article (`ref`), or every
        annotated one (every one with `annotated_only=False`) that `filters` lets through.
        `pages=True` adds each original page. StoreError when `ref` names nothing."""
        if ref is not None:
            record = self.find(ref)
            if record is None:
                raise StoreError(f"No article in the library matches {clean_line(str(ref))!r}.")
            yield from self._entries([record], pages)
            return
        wanted = filters or ArticleFilter()
        if annotated_only:
            wanted = replace(wanted, annotated=True)
        for records in self.iter_batches("saved", wanted, reverse=True, batch=batch):
            yield from self._entries(records, pages)

    def _entries(self, records: list[ArticleRecord], pages: bool) -> Iterator[ExportEntry]:
        ids = [r.id for r in records]

        def load(conn: sqlite3.Connection) -> tuple[dict[int, Article], dict[int, Note],
                                                     dict[int, list[Highlight]], dict[int, Page]]:
            return (read_articles(conn, ids), notes_for(conn, ids), highlights_for(conn, ids),
                    read_pages(conn, ids) if pages else {})

        articles, notes, highlights, originals = self.db.read(load)
        for r in records:
            if r.id in articles:
                yield ExportEntry(r, articles[r.id], notes.get(r.id), highlights.get(r.id, []),
                                  originals.get(r.id))

    def export_entries(self, ref: str | int | None = None, *,
                       annotated_only: bool = True) -> list[ExportEntry]:
        """`iter_export_entries` as a list (kept for today's callers; holds everything)."""
        return list(self.iter_export_entries(ref, annotated_only=annotated_only))
