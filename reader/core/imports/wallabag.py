"""wallabag's JSON export: a list of entries with their HTML and annotations.

Shape followed (wallabag 2's `Entry` serialised in the `export_all` group, as its own
importer and wallabag_to_karakeep read it): `[{id, title, url, given_url, origin_url,
content, is_archived, is_starred, created_at, updated_at, published_at, published_by,
domain_name, language, tags, annotations}]`; flags are 0/1 (or booleans), tags are labels
(or `{label}` objects, as the API gives them), dates ISO 8601 (`2024-01-15T10:30:00+0000`)
or `2017-02-14 17:50:31` without a zone (read as UTC), `published_by` a list of names.
Annotations are annotator.js records `{text, quote, ranges: [{start, startOffset, end,
endOffset}], created_at, updated_at}`: `text` is the note, `ranges` XPaths into `content`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reader.core.imports.fields import RowFields
from reader.core.imports.limits import ImportLimits
from reader.core.imports.model import (Content, Entry, HighlightPosition, ImportedHighlight,
                                       ImportedItem, Place, Problem, XPathRange)
from reader.core.imports.source import Source, check_json, json_entries

NAME = "wallabag"
LABEL = "wallabag JSON export"


def _ranges(value: Any) -> list[XPathRange]:
    ranges: list[XPathRange] = []
    for r in value if isinstance(value, list) else []:
        if not isinstance(r, dict):
            continue
        try:
            ranges.append(XPathRange(str(r.get("start") or ""), int(r.get("startOffset") or 0),
                                     str(r.get("end") or ""), int(r.get("endOffset") or 0)))
        except (TypeError, ValueError):
            continue
    return [r for r in ranges if r.start or r.end]


def _highlights(value: Any, f: RowFields) -> list[ImportedHighlight]:
    highlights: list[ImportedHighlight] = []
    for number, note in enumerate(value if isinstance(value, list) else [], 1):
        if not isinstance(note, dict):
            f.note(f"Annotation {number} is not an object; it was skipped.")
            continue
        quote = f.block(note.get("quote"))
        if not quote:
            f.note(f"Annotation {number} has no quote; it was skipped.")
            continue
        highlights.append(ImportedHighlight(
            quote=quote, note=f.block(note.get("text")),
            created=f.time(note.get("created_at"), f"annotation {number} created_at"),
            updated=f.time(note.get("updated_at"), f"annotation {number} updated_at"),
            position=HighlightPosition(order=len(highlights), ranges=_ranges(note.get("ranges")))))
    return highlights


def item(data: Any, place: Place, limits: ImportLimits) -> Iterator[Entry]:
    if not isinstance(data, dict):
        yield Problem(place, "This entry is not an object; it was skipped.")
        return
    f = RowFields(place, limits)
    raw = data.get("url") or data.get("given_url") or data.get("origin_url")
    url = f.item_url(raw)
    if url is None:
        yield from f.problems
        return
    authors = data.get("published_by")
    author = ", ".join(f.tags(authors)) if isinstance(authors, list) else f.line(authors)
    found = ImportedItem(url=url, format=NAME, place=place, title=f.line(data.get("title")),
                         author=author or None, site=f.optional(data.get("domain_name")),
                         lang=f.optional(data.get("language")),
                         tags=f.tags(data.get("tags") or []),
                         state="archived" if f.flag(data.get("is_archived"), "is_archived")
                         else "unread",
                         starred=f.flag(data.get("is_starred"), "is_starred"),
                         saved=f.time(data.get("created_at"), "created_at"),
                         updated=f.time(data.get("updated_at"), "updated_at"),
                         published=f.time(data.get("published_at"), "published_at"),
                         highlights=_highlights(data.get("annotations"), f))
    content = data.get("content")
    if isinstance(content, str) and content.strip():
        body = content.encode("utf-8", errors="replace")
        if len(body) > limits.max_content_bytes:
            f.note(f"Its page is {len(body):,} bytes, over the {limits.max_content_bytes:,} an "
                   "import keeps; the article was imported without it.")
        else:
            found.content = Content(body, "text/html", "utf-8", final_url=url)
    yield from f.problems
    yield found


def read(source: Source) -> Iterator[Entry]:
    check_json(source, expect="array")
    return json_entries(source, "item", item)
