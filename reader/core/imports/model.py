"""What every import format is read into: one item model, its highlights, and the problems met.

Each parser turns its own export into `ImportedItem`s, so the store merges one shape whatever
the service was. Every string here has already passed `clean`/`clean_line` (no terminal
control characters), every timestamp is ISO 8601 UTC (`2024-01-15T10:30:00Z`), and a value
the export did not carry is None (or empty), never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal

from reader.core.errors import ReaderError
from reader.core.models import Article, Page

State = Literal["unread", "archived"]


class ImportFileError(ReaderError):
    """The file as a whole cannot be imported (unknown format, not the expected shape, hostile
    archive, over a size cap); nothing from it may be kept."""


@dataclass(slots=True, frozen=True)
class Place:
    """Where something came from, for messages: the file, the zip member, the line or index."""

    file: str
    member: str | None = None
    line: int | None = None    # 1-based line in a text file or member (CSV, HTML, Markdown)
    index: int | None = None   # 1-based position in a JSON array

    def at(self, *, line: int | None = None, index: int | None = None,
           member: str | None = None) -> "Place":
        """The same place narrowed to a line, an array index or another member."""
        return Place(self.file, member if member is not None else self.member,
                     line if line is not None else self.line,
                     index if index is not None else self.index)

    def __str__(self) -> str:
        parts = [self.file]
        if self.member:
            parts.append(self.member)
        text = ": ".join(parts)
        if self.line is not None:
            text += f", line {self.line}"
        if self.index is not None:
            text += f", item {self.index}"
        return text


@dataclass(slots=True)
class Problem:
    """Something in the export that was not imported as it stands, with one sentence why.

    `skipped` is True when the whole row or item was left out, False when the item was
    imported without the one bad field named in `reason`.
    """

    place: Place
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.place}: {self.reason}"


@dataclass(slots=True, frozen=True)
class XPathRange:
    """An annotator.js range (wallabag): XPaths into the shipped HTML and offsets in them."""

    start: str
    start_offset: int
    end: str
    end_offset: int


@dataclass(slots=True)
class HighlightPosition:
    """Every hint the format gives about where a highlight sits; any of them may be missing.

    The store anchors the quote in the extracted text with these as tie-breakers.
    """

    order: int | None = None        # rank among the document's highlights (0 = first)
    start: int | None = None        # character offsets in the exported article text (ours)
    end: int | None = None
    prefix: str = ""                # text just before and after the quote (ours)
    suffix: str = ""
    ranges: list[XPathRange] = field(default_factory=list)   # wallabag
    location: str | None = None     # free-form hint such as Readwise's "page 12", "location 1200"

    @property
    def known(self) -> bool:
        return (self.order is not None or self.start is not None or bool(self.ranges)
                or bool(self.location) or bool(self.prefix) or bool(self.suffix))


@dataclass(slots=True)
class ImportedHighlight:
    """A highlighted passage with the reader's note on it."""

    quote: str
    note: str = ""
    labels: list[str] = field(default_factory=list)   # Omnivore labels, Readwise tags
    color: str | None = None                         # Readwise colour
    created: str | None = None
    updated: str | None = None
    position: HighlightPosition = field(default_factory=HighlightPosition)
    anchored: bool = True   # False when the exporting app had lost the passage (ours)


@dataclass(slots=True)
class Content:
    """The article as the export shipped it, so it opens offline without fetching the URL."""

    body: bytes
    media_type: str = "text/html"
    charset: str | None = None
    final_url: str | None = None
    fetched: str | None = None

    def page(self, location: str) -> Page:
        """This content as the `Page` that `extract` takes."""
        fetched = datetime.now(timezone.utc)
        if self.fetched:
            try:
                fetched = datetime.fromisoformat(self.fetched)
            except ValueError:
                pass
        return Page(location=location, body=self.body, media_type=self.media_type,
                    final_url=self.final_url, charset=self.charset, fetched_at=fetched)


@dataclass(slots=True)
class ImportedItem:
    """One saved article (or bookmark, or highlighted book) of another service's export."""

    url: str | None                      # http(s) address; None only for documents known by
    #                                      title alone (Readwise books) or ours without a URL
    format: str                          # the format name, e.g. "pocket"
    place: Place
    title: str = ""
    author: str | None = None
    excerpt: str | None = None           # the service's description or the saved selection
    site: str | None = None
    lang: str | None = None
    location: str | None = None          # ours: where reader saved it from (a local path)
    tags: list[str] = field(default_factory=list)
    state: State = "unread"
    starred: bool = False
    saved: str | None = None
    updated: str | None = None
    published: str | None = None
    opened: str | None = None
    progress: float | None = None        # 0..1
    position: int | None = None          # ours: character offset of the reading position
    archived_at: str | None = None       # ours: when it was archived / starred
    starred_at: str | None = None
    notes: list[str] = field(default_factory=list)   # the item's own note(s), Markdown
    note_created: str | None = None      # ours: the note's own times
    note_updated: str | None = None
    highlights: list[ImportedHighlight] = field(default_factory=list)
    content: Content | None = None
    article: Article | None = None       # ours: the extracted article exactly as exported
    candidate: str | None = None         # ours: the extraction candidate the reader chose


Entry = ImportedItem | Problem
"""What reading an export yields, in file order: items, and problems where rows were bad."""
