"""Pocket's exports: the 2025 zip (CSV parts plus annotations) and the legacy HTML list.

Shapes followed (Pocket's own export, as karakeep's and LinkAce's importers read it):

- zip: `part_000000.csv`, `part_000001.csv`... with the header `title,url,time_added,tags,
  status` (`time_added` epoch seconds, tags joined with `|`, status `archive` or `unread`),
  and `annotations/part_000000.json`: `[{"url", "title", "highlights": [{"quote",
  "created_at"}]}]`. A part CSV on its own (the zip unpacked) is read the same way.
- legacy HTML: `<h1>Unread</h1><ul><li><a href="..." time_added="..." tags="a,b">title</a>`
  and then the same list under `<h1>Read Archive</h1>`.

Annotations are read first (they are small) and attached to their article by URL while the
CSV streams; annotations whose URL has no row become items of their own, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from reader.core.imports.csvrows import CsvTable, Row, each_row, read_table
from reader.core.imports.fields import RowFields, split_tags
from reader.core.imports.htmlstream import LinkListParser, parse_stream
from reader.core.imports.limits import ImportLimits
from reader.core.imports.model import (Entry, HighlightPosition, ImportedHighlight, ImportedItem,
                                       ImportFileError, Place, Problem)
from reader.core.imports.source import (Archive, MemberError, Source, closing, json_document,
                                        opened, text_stream)

NAME = "pocket"
HTML_NAME = "pocket-html"
LABEL = "Pocket export (zip, or one of its part_000000.csv)"
HTML_LABEL = "Pocket legacy HTML export (ril_export.html)"

CSV_PART = re.compile(r"(?:^|/)part_\d+\.csv$")
ANNOTATIONS_PART = re.compile(r"(?:^|/)annotations/part_\d+\.json$")
REQUIRED = ("url", "time_added")
OPTIONAL = ("title", "tags", "status")


LABEL_CSV = "a Pocket CSV (title,url,time_added,tags,status)"


def _table(text: Any, place: Place, limits: ImportLimits) -> CsvTable:
    return CsvTable(text, place, limits, required=REQUIRED, optional=OPTIONAL, label=LABEL_CSV)


def _item(row: Row, place: Place, limits: ImportLimits,
          highlights: dict[str, list[ImportedHighlight]]) -> Iterator[Entry]:
    f = RowFields(place, limits)
    url = f.item_url(row.get("url"))
    if url is None:
        yield from f.problems
        return
    status = row.get("status").strip().lower()
    if status not in ("", "unread", "archive", "archived"):
        f.note(f"status {status[:20]!r} is neither 'unread' nor 'archive'; the item was "
               "imported as unread.")
    title = f.line(row.get("title"))
    item = ImportedItem(url=url, format=NAME, place=place, title="" if title == url else title,
                        tags=split_tags(row.get("tags"), "|", limits.max_title_chars),
                        state="archived" if status.startswith("archive") else "unread",
                        saved=f.time(row.get("time_added"), "time_added"),
                        highlights=highlights.pop(url, []))
    yield from f.problems
    yield item


def read_csv(source: Source) -> Iterator[Entry]:
    """A Pocket part CSV on its own."""
    return read_table(source, required=REQUIRED, optional=OPTIONAL, label=LABEL_CSV,
                      entries=lambda table: _rows(table, source.limits, {}))


def _rows(table: CsvTable, limits: ImportLimits,
          highlights: dict[str, list[ImportedHighlight]]) -> Iterator[Entry]:
    return each_row(table, lambda row, place: _item(row, place, limits, highlights))


def _annotations(archive: Archive, name: str, limits: ImportLimits,
                 into: dict[str, list[ImportedHighlight]], titles: dict[str, tuple[str, Place]],
                 problems: list[Problem]) -> None:
    place = archive.place(name)
    try:
        data = json_document(archive.read(name), name, archive.limits.max_json_depth)
    except MemberError as exc:
        problems.append(Problem(place, f"{exc} Its highlights were not imported."))
        return
    if not isinstance(data, list):
        problems.append(Problem(place, "This is not a list of annotated articles; its "
                                "highlights were not imported."))
        return
    for index, entry in enumerate(data, 1):
        here = place.at(index=index)
        f = RowFields(here, limits)
        if not isinstance(entry, dict):
            problems.append(Problem(here, "This entry is not an object; it was skipped."))
            continue
        url = f.item_url(entry.get("url"))
        if url is None:
            problems.extend(f.problems)
            continue
        found = into.setdefault(url, [])
        titles.setdefault(url, (f.line(entry.get("title")), here))
        marks = entry.get("highlights")
        for order, mark in enumerate(marks if isinstance(marks, list) else []):
            quote = f.block(mark.get("quote")) if isinstance(mark, dict) else ""
            if not quote:
                problems.append(Problem(here, f"Highlight {order + 1} has no quote; it was "
                                        "skipped."))
                continue
            found.append(ImportedHighlight(quote=quote, created=f.time(mark.get("created_at"),
                                                                       "created_at"),
                                           position=HighlightPosition(order=len(found))))
        problems.extend(f.problems)


def read_zip(source: Source) -> Iterator[Entry]:
    archive = Archive(source)

    def prepare() -> Iterator[Entry]:
        parts = sorted(n for n in archive.names() if CSV_PART.search(n))
        if not parts:
            raise ImportFileError(f"{source.name} has no part_000000.csv, so it is not a "
                                  "Pocket export.")
        for name in parts:    # every header is checked before anything is imported
            try:
                with archive.stream(name) as stream:
                    _table(text_stream(stream), archive.place(name), source.limits)
            except MemberError as exc:
                raise ImportFileError(str(exc)) from None
        return _zip_entries(archive, parts)

    return opened(archive, prepare)


def _zip_entries(archive: Archive, parts: list[str]) -> Iterator[Entry]:
    limits = archive.limits
    yield from archive.problems
    highlights: dict[str, list[ImportedHighlight]] = {}
    titles: dict[str, tuple[str, Place]] = {}
    problems: list[Problem] = []
    for name in sorted(n for n in archive.names() if ANNOTATIONS_PART.search(n)):
        _annotations(archive, name, limits, highlights, titles, problems)
    yield from problems
    for name in parts:
        try:
            stream = archive.stream(name)
        except MemberError as exc:
            yield Problem(archive.place(name), str(exc))
            continue
        with stream:
            yield from _rows(_table(text_stream(stream), archive.place(name), limits),
                             limits, highlights)
    for url, marks in highlights.items():   # annotated articles the CSV did not list
        if marks:
            title, place = titles[url]
            yield ImportedItem(url=url, format=NAME, place=place, title=title, highlights=marks)


# -- legacy HTML -------------------------------------------------------------------------

class _PocketHtml(LinkListParser):
    def __init__(self, place: Place, limits: ImportLimits) -> None:
        super().__init__(place, limits)
        self.state = "unread"
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1":
            self._heading = []
        elif tag == "a":
            self.open_link(attrs)

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        else:
            self.link_text(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._heading is not None:
            heading = " ".join("".join(self._heading).split()).lower()
            self.state = "archived" if "archive" in heading or heading == "read" else "unread"
            self._heading = None
        elif tag == "a":
            self.close_link()

    def link_item(self, attrs: dict[str, str | None], url: str, title: str,
                  f: RowFields) -> ImportedItem:
        return ImportedItem(url=url, format=HTML_NAME, place=f.place, title=title,
                            tags=split_tags(attrs.get("tags") or "", ",",
                                            self.limits.max_title_chars),
                            state="archived" if self.state == "archived" else "unread",
                            saved=f.time(attrs.get("time_added"), "time_added"))


def read_html(source: Source) -> Iterator[Entry]:
    text = text_stream(source.stream())
    return closing(text, parse_stream(text, _PocketHtml(source.place, source.limits),
                                      "a Pocket export"))
