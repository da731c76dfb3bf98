"""Instapaper's CSV export.

Shape followed (Instapaper's "Export to CSV", as karakeep's importer reads it): the header
`URL,Title,Selection,Folder,Timestamp,Tags`; older exports stop after `Folder`. `Timestamp`
is epoch seconds, `Tags` a JSON list of strings, `Selection` the text selected when saving
(the item's excerpt). `Folder` is "Unread", "Archive", "Starred" or a folder the reader made,
which becomes a tag (the item stays unread).
"""

from __future__ import annotations

from collections.abc import Iterator

from reader.core.imports.csvrows import Row, each_row, read_table
from reader.core.imports.fields import RowFields
from reader.core.imports.model import Entry, ImportedItem, Place
from reader.core.imports.source import MemberError, Source, json_document

NAME = "instapaper"
LABEL = "Instapaper CSV export"
REQUIRED = ("URL", "Title", "Folder")
OPTIONAL = ("Selection", "Timestamp", "Tags")


def _tags(text: str, f: RowFields) -> list[str]:
    text = text.strip()
    if not text or text == "[]":
        return []
    try:
        value = json_document(text.encode("utf-8", "replace"), "Tags", f.limits.max_json_depth)
    except MemberError:
        value = None
    if not isinstance(value, list):
        f.note(f"Tags {text[:40]!r} is not a JSON list; the item was imported without it.")
        return []
    return f.tags(value)


def _item(row: Row, place: Place, source: Source) -> Iterator[Entry]:
    f = RowFields(place, source.limits)
    url = f.item_url(row.get("URL"))
    if url is None:
        yield from f.problems
        return
    folder = f.line(row.get("Folder"))
    tags = _tags(row.get("Tags"), f)
    if folder and folder.lower() not in ("unread", "archive", "starred") and folder not in tags:
        tags.append(folder)
    item = ImportedItem(url=url, format=NAME, place=place, title=f.line(row.get("Title")),
                        excerpt=f.block(row.get("Selection")) or None, tags=tags,
                        state="archived" if folder.lower() == "archive" else "unread",
                        starred=folder.lower() == "starred",
                        saved=f.time(row.get("Timestamp"), "Timestamp"))
    yield from f.problems
    yield item


def read(source: Source) -> Iterator[Entry]:
    return read_table(source, required=REQUIRED, optional=OPTIONAL,
                      label="an Instapaper CSV (URL,Title,Selection,Folder,Timestamp,Tags)",
                      entries=lambda table: each_row(table, lambda row, place:
                                                     _item(row, place, source)))
