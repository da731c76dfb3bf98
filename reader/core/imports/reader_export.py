"""reader's own JSON export (`reader notes export --format json [--pages]`), read back.

Shape followed: `reader.commands.notes.render_export` and `reader.core.export.notes_json`,
version 1: `{"format": "reader-notes", "version": 1, "exported", "articles": [{id, location,
url, title, byline, published, site, lang, media_type, saved, updated, last_opened, position,
progress, tags, article: {Article.to_full_json()}, note: {body, created, updated} | null,
highlights: [{start, end, quote, prefix, suffix, note, created, anchored}], summary,
page?: {media_type, charset, final_url, fetched, encoding: "base64", data}}]}`.

Fields a later version adds are read when this module knows them (`state`, `starred`,
`archived_at`, `starred_at`, `candidate`, the note's `created` and `updated`) and
otherwise ignored, so an export from a newer reader still imports; a version this module
has never heard of is read the same way. The article itself travels whole (text, blocks,
links), so highlight offsets stay valid and nothing has to be extracted again.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any, get_args

from reader.core.imports.fields import RowFields
from reader.core.imports.limits import ImportLimits
from reader.core.imports.model import (Content, Entry, HighlightPosition, ImportedHighlight,
                                       ImportedItem, ImportFileError, Place, Problem)
from reader.core.imports.source import Source, check_json, json_entries
from reader.core.models import Article, BlockKind
from reader.core.safety import clean, is_clean

NAME = "reader"
LABEL = "reader's own JSON export (reader notes export --format json)"
FORMAT_TAG = "reader-notes"
_KINDS = frozenset(get_args(BlockKind))


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value)


def _published(value: Any, f: RowFields) -> str | None:
    """Kept as written (a date stays a date: it is what extraction found), if it is one."""
    return f.line(value) or None if f.time(value, "published") else None


def _spans_fit(article: Article) -> bool:
    """Blocks and links point inside the text with whole-number offsets, blocks of a known
    kind. The text is kept exactly as exported, since offsets count its characters: one that
    `clean` would change (ours never does) drops the article instead of shifting them."""
    size = len(article.text)

    def fits(start: object, end: object) -> bool:
        return (type(start) is int and type(end) is int and 0 <= start <= end <= size)

    return (all(fits(b.start, b.end) and b.kind in _KINDS and type(b.level) is int
                for b in article.blocks)
            and all(isinstance(link.text, str) and isinstance(link.url, str)
                    and (link.start is None or fits(link.start, link.end))
                    for link in article.links))


def _article(value: Any, f: RowFields) -> Article | None:
    if value is None:
        return None
    try:
        if not isinstance(value, dict) or not isinstance(value.get("text"), str):
            raise TypeError
        article = Article.from_json(value)
        if not is_clean(article.text) or not _spans_fit(article):
            raise ValueError
    except (TypeError, ValueError):
        f.note("Its extracted article is not in the expected shape; it will be extracted "
               "again from the page or the URL.")
        return None
    limit = f.limits.max_title_chars
    for name in ("title", "byline", "published", "site", "lang", "url", "canonical_url"):
        setattr(article, name, f.line(getattr(article, name)) or
                (None if name != "title" else ""))
    article.location = f.line(article.location)[:limit]
    return article


def _page(value: Any, url: str | None, f: RowFields) -> Content | None:
    if not isinstance(value, dict):
        return None
    data = value.get("data")
    if value.get("encoding", "base64") != "base64" or not isinstance(data, str):
        f.note("Its original page is not base64 data; it was imported without it.")
        return None
    if len(data) > f.limits.max_content_bytes * 4 // 3 + 4:
        f.note("Its original page is over the size an import keeps; it was imported "
               "without it.")
        return None
    try:
        body = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        f.note("Its original page is damaged base64; it was imported without it.")
        return None
    media = f.line(value.get("media_type")) or "text/html"
    return Content(body, media, f.optional(value.get("charset")),
                   final_url=f.optional(value.get("final_url")) or url,
                   fetched=f.time(value.get("fetched"), "page fetched"))


def _highlights(value: Any, f: RowFields) -> list[ImportedHighlight]:
    found: list[ImportedHighlight] = []
    for number, mark in enumerate(value if isinstance(value, list) else [], 1):
        quote = f.block(mark.get("quote")) if isinstance(mark, dict) else ""
        if not quote:
            f.note(f"Highlight {number} has no quote; it was skipped.")
            continue
        found.append(ImportedHighlight(
            quote=quote, note=f.block(mark.get("note")),
            created=f.time(mark.get("created"), f"highlight {number} created"),
            anchored=mark.get("anchored") is not False,
            position=HighlightPosition(order=len(found), start=_int(mark.get("start")),
                                       end=_int(mark.get("end")),
                                       prefix=clean(str(mark.get("prefix") or "")),
                                       suffix=clean(str(mark.get("suffix") or "")))))
    return found


def item(data: Any, place: Place, limits: ImportLimits) -> Iterator[Entry]:
    if not isinstance(data, dict):
        yield Problem(place, "This entry is not an object; it was skipped.")
        return
    f = RowFields(place, limits)
    url: str | None = None
    location = f.line(data.get("location")) or None
    if data.get("url"):
        url = f.item_url(data.get("url"))
        if url is None:
            yield from f.problems
            return
    elif location is None:
        yield Problem(place, "This article has neither a URL nor a location; it was skipped.")
        return
    note = data.get("note")
    body = f.block(note.get("body")) if isinstance(note, dict) else ""
    note_times = note if isinstance(note, dict) and body else {}
    state = str(data.get("state") or "").strip().lower()
    position = _int(data.get("position"))
    found = ImportedItem(url=url, format=NAME, place=place, location=location,
                         title=f.line(data.get("title")), author=f.optional(data.get("byline")),
                         site=f.optional(data.get("site")), lang=f.optional(data.get("lang")),
                         tags=f.tags(data.get("tags") or []),
                         state="archived" if state == "archived" else "unread",
                         starred=f.flag(data.get("starred"), "starred"),
                         saved=f.time(data.get("saved"), "saved"),
                         updated=f.time(data.get("updated"), "updated"),
                         published=_published(data.get("published"), f),
                         opened=f.time(data.get("last_opened"), "last_opened"),
                         archived_at=f.time(data.get("archived_at"), "archived_at"),
                         starred_at=f.time(data.get("starred_at"), "starred_at"),
                         progress=f.progress(data.get("progress"), "progress"),
                         position=position if position is None or position >= 0 else None,
                         notes=[body] if body else [],
                         note_created=f.time(note_times.get("created"), "note created"),
                         note_updated=f.time(note_times.get("updated"), "note updated"),
                         candidate=f.optional(data.get("candidate")),
                         highlights=_highlights(data.get("highlights"), f),
                         article=_article(data.get("article"), f))
    found.content = _page(data.get("page"), url, f)
    yield from f.problems
    yield found


def read(source: Source) -> Iterator[Entry]:
    top = check_json(source, expect="object")
    if top.get("format") != FORMAT_TAG:
        raise ImportFileError(f"{source.name} is JSON but not a reader export (its \"format\" "
                              f"is not {FORMAT_TAG!r}).")
    version = top.get("version")
    if isinstance(version, bool) or not isinstance(version, (int, float)) or version < 1:
        raise ImportFileError(f"{source.name} is a reader export without a valid version.")
    return json_entries(source, "articles.item", item)
