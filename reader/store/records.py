"""What the store hands out: library entries, positions, search hits, export entries, and the
mapping from SQL rows to them (one column list per shape, so the SQL and the mapping agree)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from reader.core.errors import StoreError
from reader.core.models import Article, Highlight, Note, Page


def utc_now() -> str:
    """The store's timestamp: UTC, ISO 8601, seconds ("2024-01-01T10:00:00Z")."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_ago(delta: timedelta) -> str:
    """The store's timestamp of `delta` ago."""
    return (datetime.now(timezone.utc) - delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def store_time(value: str | None) -> str | None:
    """An ISO 8601 time (with offset or Z; naive means UTC; a bare date is midnight) in the
    store's form; None stays None; StoreError for anything else."""
    if value is None or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise StoreError(f"{value[:40]!r} is not a date and time the library understands "
                         "(ISO 8601, such as 2024-03-05T09:00:00Z).") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(slots=True)
class ArticleRecord:
    """One library entry as the library screen and CLI list it (no text, no page)."""

    id: int
    key: str
    location: str
    url: str | None
    title: str
    byline: str | None
    published: str | None
    site: str | None
    lang: str | None
    media_type: str | None
    saved: str
    updated: str
    last_opened: str | None
    position: int
    progress: float
    deleted: str | None = None
    tags: list[str] = field(default_factory=list)
    note_chars: int = 0
    highlight_count: int = 0
    text_chars: int = 0
    state: str = "unread"                # "unread" or "archived" (see STATES)
    starred: bool = False
    archived_at: str | None = None
    starred_at: str | None = None
    canonical_url: str | None = None
    host: str | None = None              # of the URL, without "www."
    candidate: str | None = None         # the extraction candidate chosen; None: the first

    @property
    def archived(self) -> bool:
        return self.state == "archived"

    @property
    def unread(self) -> bool:
        return self.state == "unread"

    @property
    def notes_count(self) -> int:
        """The note (if not empty) plus every highlight: the library's "notes" column."""
        return (1 if self.note_chars else 0) + self.highlight_count

    @property
    def to_fetch(self) -> bool:
        """A web address with no text yet (imported, or saved for later, and not fetched)."""
        return not self.text_chars and self.key.startswith(("http:", "https:"))

    @property
    def link(self) -> str:
        """URL when there is one, else the location."""
        return self.url or self.location


@dataclass(slots=True)
class Position:
    position: int
    progress: float


@dataclass(slots=True)
class SearchHit:
    record: ArticleRecord
    snippet: str
    rank: float


@dataclass(slots=True)
class ReanchorReport:
    """Highlights after the text changed: kept in place, moved, or lost (kept, flagged)."""

    kept: int = 0
    moved: int = 0
    lost: list[Highlight] = field(default_factory=list)
    text_changed: bool = False


@dataclass(slots=True)
class ExportEntry:
    """Everything exported for one article (`page` only when asked for)."""

    record: ArticleRecord
    article: Article
    note: Note | None
    highlights: list[Highlight]
    page: Page | None = None


@dataclass(slots=True)
class AnnotatedRecord:
    """An entry with its note and highlights, without its text (`reader notes list`)."""

    record: ArticleRecord
    note: Note | None
    highlights: list[Highlight]


# -- row mapping ------------------------------------------------------------------------------

STATES = ("unread", "archived")       # exclusive; "starred" is a flag beside them

# Every column a record needs is in the small `articles` row (counts and tags are kept there
# by triggers), so listing any number of rows is one index walk without subqueries.
RECORD_COLUMNS = ("id", "key", "location", "url", "title", "byline", "published", "site",
                  "lang", "media_type", "saved", "updated", "last_opened", "position",
                  "progress", "deleted", "tag_list", "note_chars", "highlight_count",
                  "text_chars", "state", "starred", "archived_at", "starred_at",
                  "canonical_url", "host_key", "candidate")
RECORD_SQL = "SELECT " + ", ".join("a." + c for c in RECORD_COLUMNS) + " FROM articles a "


def record_from_row(row: Sequence[Any]) -> ArticleRecord:
    tags = sorted(row[16].split("\x1f")) if row[16] else []
    host = ".".join(reversed(row[25].split("."))) if row[25] else None
    return ArticleRecord(
        id=row[0], key=row[1], location=row[2], url=row[3], title=row[4], byline=row[5],
        published=row[6], site=row[7], lang=row[8], media_type=row[9], saved=row[10],
        updated=row[11], last_opened=row[12], position=row[13], progress=row[14],
        deleted=row[15], tags=tags, note_chars=row[17], highlight_count=row[18],
        text_chars=row[19], state=row[20], starred=bool(row[21]), archived_at=row[22],
        starred_at=row[23], canonical_url=row[24], host=host, candidate=row[26])


NOTE_COLUMNS = "id, article_id, body, created, updated"


def note_from_row(row: Sequence[Any] | None) -> Note | None:
    if row is None:
        return None
    return Note(id=row[0], article_id=row[1], body=row[2], created=row[3], updated=row[4])


HIGHLIGHT_COLUMNS = "id, article_id, start, end, quote, prefix, suffix, note, created, anchored"


def highlight_from_row(row: Sequence[Any]) -> Highlight:
    return Highlight(id=row[0], article_id=row[1], start=row[2], end=row[3], quote=row[4],
                     prefix=row[5], suffix=row[6], note=row[7], created=row[8],
                     anchored=bool(row[9]))
