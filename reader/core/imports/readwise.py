"""Readwise's two CSV exports: Reader's library and the highlights of every document.

Shapes followed (Readwise's own exports, as the importers of readwise-to-raindrop, kizuki
and several Obsidian tools read them):

- Reader library: `Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen`.
  `Document tags` is a Python-style list (`['a', 'b']`), `Saved date` ISO 8601 with a space
  (`2022-11-06 04:33:50+00:00`), `Reading progress` a fraction 0..1, `Location` one of new,
  later, shortlist, archive, feed. Feed items are RSS entries Reader showed, never saved:
  they are skipped and reported. Shortlisted items are starred.
- Highlights: `Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,
  Location,Highlighted at,Document tags`, one row per highlight. Rows are grouped into one
  item per document (title and author, and URL when the file has a `URL` column), in the
  order documents first appear; the groups are held until the file ends, since rows of one
  document need not be adjacent. A document without a URL (a Kindle book) has `url` None.
  `Tags` (on the highlight) and `Document tags` are comma-separated; `Location Type`
  "order" gives the highlight's rank, any other type a free-form location ("page 12").
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reader.core.imports.csvrows import CsvTable, Row, each_row, read_table
from reader.core.imports.fields import RowFields, split_tags
from reader.core.imports.model import (Entry, HighlightPosition, ImportedHighlight, ImportedItem,
                                       Place, Problem)
from reader.core.imports.source import Source

NAME = "readwise"
HIGHLIGHTS_NAME = "readwise-highlights"
LABEL = "Readwise Reader CSV export (the library)"
HIGHLIGHTS_LABEL = "Readwise highlights CSV export"

READER_REQUIRED = ("URL", "Saved date", "Location")
READER_OPTIONAL = ("Title", "ID", "Document tags", "Reading progress", "Seen")
HIGHLIGHTS_REQUIRED = ("Highlight", "Book Title")
HIGHLIGHTS_OPTIONAL = ("Book Author", "Amazon Book ID", "Note", "Color", "Tags",
                       "Location Type", "Location", "Highlighted at", "Document tags", "URL")
_LOCATIONS = ("new", "later", "shortlist", "archive", "feed")


def document_tags(text: str, f: RowFields) -> list[str]:
    """`['a', 'b']` (Python literal, as Reader writes it), `[]`, or `a, b`."""
    text = text.strip()
    if not text or text == "[]":
        return []
    if not text.startswith("["):
        return split_tags(text, ",", f.limits.max_title_chars)
    try:
        value = ast.literal_eval(text) if len(text) <= 20_000 else None
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        value = None
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        f.note(f"Document tags {text[:40]!r} is not a list of tags; the item was imported "
               "without them.")
        return []
    return f.tags(list(value))


def _reader_item(row: Row, place: Place, source: Source) -> Iterator[Entry]:
    location = row.get("Location").strip().lower()
    if location == "feed":
        yield Problem(place, "This is a feed item Reader showed, not a saved document; it "
                      "was skipped.")
        return
    f = RowFields(place, source.limits)
    url = f.item_url(row.get("URL"))
    if url is None:
        yield from f.problems
        return
    if location not in _LOCATIONS:
        f.note(f"Location {location[:20]!r} is not one of {', '.join(_LOCATIONS)}; the item "
               "was imported as unread.")
    item = ImportedItem(url=url, format=NAME, place=place, title=f.line(row.get("Title")),
                        tags=document_tags(row.get("Document tags"), f),
                        state="archived" if location == "archive" else "unread",
                        starred=location == "shortlist",
                        saved=f.time(row.get("Saved date"), "Saved date"),
                        progress=f.progress(row.get("Reading progress"), "Reading progress"))
    yield from f.problems
    yield item


def read_reader(source: Source) -> Iterator[Entry]:
    return read_table(source, required=READER_REQUIRED, optional=READER_OPTIONAL,
                      label="a Readwise Reader CSV (Title,URL,ID,Document tags,Saved date,"
                      "Reading progress,Location,Seen)",
                      entries=lambda table: each_row(table, lambda row, place:
                                                     _reader_item(row, place, source)))


# -- highlights ----------------------------------------------------------------------------

def _position(kind: str, value: str, order: int) -> HighlightPosition:
    kind, value = kind.strip().lower(), value.strip()
    if kind == "order" and value.isdigit():
        return HighlightPosition(order=int(value))
    return HighlightPosition(order=order, location=f"{kind} {value}".strip() if value else None)


class _Documents:
    """Highlights grouped by document as the rows stream in."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.items: dict[tuple[str, str, str], ImportedItem] = {}

    def add(self, row: Row, place: Place) -> Iterator[Entry]:
        f = RowFields(place, self.source.limits)
        title = f.line(row.get("Book Title"))
        if not title:
            yield Problem(place, "This highlight has no Book Title; it was skipped.")
            return
        author = f.line(row.get("Book Author"))
        url: str | None = None
        if row.get("URL").strip():
            url = f.item_url(row.get("URL"))
            if url is None:
                yield from f.problems
                return
        quote, note = f.block(row.get("Highlight")), f.block(row.get("Note"))
        if not quote and not note:
            yield Problem(place, "This row has neither a highlight nor a note; it was skipped.")
            return
        key = (title.lower(), author.lower(), url or "")
        item = self.items.get(key)
        if item is None:
            item = self.items[key] = ImportedItem(
                url=url, format=HIGHLIGHTS_NAME, place=place, title=title,
                author=author or None, tags=split_tags(row.get("Document tags"), ",",
                                                       self.source.limits.max_title_chars))
        if not quote:
            item.notes.append(note)
        else:
            item.highlights.append(ImportedHighlight(
                quote=quote, note=note,
                labels=split_tags(row.get("Tags"), ",", self.source.limits.max_title_chars),
                color=f.optional(row.get("Color")),
                created=f.time(row.get("Highlighted at"), "Highlighted at"),
                position=_position(row.get("Location Type"), row.get("Location"),
                                   len(item.highlights))))
        yield from f.problems

    def rows(self, table: CsvTable) -> Iterator[Entry]:
        yield from each_row(table, self.add)
        yield from self.items.values()


def read_highlights(source: Source) -> Iterator[Entry]:
    return read_table(source, required=HIGHLIGHTS_REQUIRED, optional=HIGHLIGHTS_OPTIONAL,
                      label="a Readwise highlights CSV (Highlight,Book Title,Book Author,...)",
                      entries=_Documents(source).rows)
