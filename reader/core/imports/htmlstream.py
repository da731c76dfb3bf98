"""HTML link lists (Netscape bookmarks, Pocket's legacy export) read as a stream of tags.

These files are not well-formed HTML (`<DT>` and `<p>` are never closed, folders nest by
`<DL>` alone), so a tree builder would guess at a nesting the file only implies. The
standard library's incremental `HTMLParser` gives the tags in order, with their line, in
constant memory; each format keeps its own small state machine on top.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import IO

from reader.core.imports.fields import RowFields
from reader.core.imports.limits import ImportLimits
from reader.core.imports.model import ImportedItem, ImportFileError, Place, Problem

CHUNK_CHARS = 64 * 1024


class LinkListParser(HTMLParser):
    """Base for the two link-list formats: collects finished entries in `entries`."""

    def __init__(self, place: Place, limits: ImportLimits) -> None:
        super().__init__(convert_charrefs=True)
        self.place = place
        self.limits = limits
        self.entries: list[ImportedItem | Problem] = []
        self.links = 0   # <a href> tags seen, kept or not
        self._link: tuple[dict[str, str | None], list[str], Place] | None = None

    def here(self) -> Place:
        return self.place.at(line=self.getpos()[0])

    def open_link(self, attrs: list[tuple[str, str | None]]) -> None:
        self.close_link()    # an <A> never closed ends where the next one starts
        self.links += 1
        self._link = (dict(attrs), [], self.here())

    def link_text(self, data: str) -> bool:
        """Take `data` as the open link's text; False when no link is open."""
        if self._link is None:
            return False
        self._link[1].append(data)
        return True

    def close_link(self) -> None:
        """Turn the open link, if any, into an item (or a `Problem` for a bad URL)."""
        if self._link is None:
            return
        attrs, text, place = self._link
        self._link = None
        f = RowFields(place, self.limits)
        url = f.item_url(attrs.get("href"))
        if url is not None:
            title = f.line("".join(text))
            item = self.link_item(attrs, url, "" if title == url else title, f)
        self.entries.extend(f.problems)
        if url is not None:
            self.add_item(item)

    def link_item(self, attrs: dict[str, str | None], url: str, title: str,
                  f: RowFields) -> ImportedItem:
        raise NotImplementedError

    def add_item(self, item: ImportedItem) -> None:
        self.entries.append(item)

    def finish(self) -> None:
        """Called after the last chunk: flush anything still open."""
        self.close_link()


def parse_stream(text: IO[str], parser: LinkListParser, what: str) -> Iterator[ImportedItem | Problem]:
    """Feed `text` to `parser` chunk by chunk, yielding entries as they complete."""
    limit = parser.limits.max_line_chars
    while True:
        chunk = text.read(CHUNK_CHARS)
        if not chunk:
            break
        parser.feed(chunk)
        if len(parser.rawdata) > limit:
            raise ImportFileError(f"{parser.place} has a tag or comment longer than {limit:,} "
                                  "characters that never ends; it is damaged.")
        if parser.entries:
            yield from parser.entries
            parser.entries.clear()
    parser.close()
    parser.finish()
    yield from parser.entries
    parser.entries.clear()
    if parser.links == 0:
        raise ImportFileError(f"{parser.place} has no links, so it is not {what}.")
