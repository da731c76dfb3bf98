"""Netscape bookmark files: what every browser, Pinboard, Raindrop and many others export.

Shape followed (the Netscape bookmark file format as Firefox, Chrome and Safari write it,
and as karakeep's and LinkAce's importers read it): `<!DOCTYPE NETSCAPE-Bookmark-file-1>`,
then `<DL><p>` lists of `<DT><A HREF="..." ADD_DATE="..." LAST_MODIFIED="..." TAGS="a,b">
title</A>`, each optionally followed by `<DD>description`; a `<DT><H3>name</H3>` followed by a
`<DL>` is a folder. Folders become tags (every folder on the path), except the browsers' own
containers, marked `PERSONAL_TOOLBAR_FOLDER` or `UNFILED_BOOKMARKS_FOLDER` (the bookmarks
bar, "Other bookmarks"), which say where a bookmark sat, not what it is about.
`TOREAD="1"` (Pinboard, Delicious) keeps an item unread, which bookmarks are anyway.
"""

from __future__ import annotations

from collections.abc import Iterator

from reader.core.imports.fields import RowFields, split_tags
from reader.core.imports.htmlstream import LinkListParser, parse_stream
from reader.core.imports.limits import ImportLimits
from reader.core.imports.model import Entry, ImportedItem, Place
from reader.core.imports.source import Source, closing, text_stream

NAME = "bookmarks"
LABEL = "Netscape bookmarks HTML (browsers, Pinboard, Raindrop...)"

_CONTAINERS = ("personal_toolbar_folder", "unfiled_bookmarks_folder")


class _Bookmarks(LinkListParser):
    def __init__(self, place: Place, limits: ImportLimits) -> None:
        super().__init__(place, limits)
        self.folders: list[str | None] = []    # one per open <DL>; None: no tag
        self._folder: list[str] | None = None   # text of the <H3> being read
        self._folder_tag: str | None = None     # the last <H3>, waiting for its <DL>
        self._container = False
        self._item: ImportedItem | None = None  # finished link, waiting for a <DD>
        self._description: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("dt", "dl", "h3", "a"):
            self.close_link()
            self._flush()
        if tag == "h3":
            self._folder = []
            self._container = any(name in _CONTAINERS for name, _ in attrs)
        elif tag == "dl":
            self.folders.append(self._folder_tag)
            self._folder_tag = None
        elif tag == "a":
            self.open_link(attrs)
        elif tag == "dd" and self._item is not None:
            self._description = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3" and self._folder is not None:
            name = " ".join("".join(self._folder).split())
            self._folder_tag = None if self._container or not name else name
            self._folder = None
        elif tag == "a":
            self.close_link()
        elif tag == "dl":
            self.close_link()
            self._flush()
            if self.folders:
                self.folders.pop()

    def handle_data(self, data: str) -> None:
        if self._folder is not None:
            self._folder.append(data)
        elif not self.link_text(data) and self._description is not None:
            self._description.append(data)

    def finish(self) -> None:
        super().finish()
        self._flush()

    def link_item(self, attrs: dict[str, str | None], url: str, title: str,
                  f: RowFields) -> ImportedItem:
        tags = f.tags([name for name in self.folders if name])
        for tag in split_tags(attrs.get("tags") or "", ",", self.limits.max_title_chars):
            if tag not in tags:
                tags.append(tag)
        return ImportedItem(url=url, format=NAME, place=f.place, title=title, tags=tags,
                            saved=f.time(attrs.get("add_date"), "ADD_DATE"),
                            updated=f.time(attrs.get("last_modified"), "LAST_MODIFIED"))

    def add_item(self, item: ImportedItem) -> None:
        self._item = item    # held until the next entry, in case a <DD> describes it

    def _flush(self) -> None:
        if self._item is None:
            return
        if self._description is not None:
            text = RowFields(self._item.place, self.limits).block("".join(self._description))
            self._item.excerpt = text or None
        self.entries.append(self._item)
        self._item = None
        self._description = None


def read(source: Source) -> Iterator[Entry]:
    text = text_stream(source.stream())
    return closing(text, parse_stream(text, _Bookmarks(source.place, source.limits),
                                      "a bookmarks file"))
