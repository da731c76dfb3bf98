"""Omnivore's export zip: metadata JSON in pages of 20, the saved page and highlights per slug.

Shape followed (Omnivore's export job, `packages/api/src/jobs/export.ts`, and the importers
of karakeep and kizuki that read it): members `metadata_0_to_20.json`, `metadata_20_to_40.json`
... each a list of `{id, slug, title, description, author, url, state, readingProgress,
thumbnail, labels, savedAt, updatedAt, publishedAt}` (`state` "Archived" or "Active",
`readingProgress` a percentage 0..100, dates ISO 8601), `content/{slug}.html` (the readable page)
and `highlights/{slug}.md`. The Markdown is written by Omnivore's `highlightToMarkdown`:
each highlight is `> quote` (later paragraphs of the quote also start with `> `, lines
joined without a blank line), then, after a blank line, an optional `#label #label` line,
then the note; highlights are separated by blank lines. A note-only annotation (Omnivore's
article note) is plain text; one that comes before the first quote is the article's note.
A bare `metadata_*.json` (the zip unpacked) is read too, without pages or highlights.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from reader.core.imports.fields import RowFields
from reader.core.imports.limits import ImportLimits
from reader.core.imports.model import (Content, Entry, HighlightPosition, ImportedHighlight,
                                       ImportedItem, ImportFileError, Place, Problem)
from reader.core.imports.source import (Archive, MemberError, Source, check_json, json_document,
                                        json_entries, opened, utf8_bytes)

NAME = "omnivore"
LABEL = "Omnivore export (zip with metadata_*.json, content/ and highlights/)"

METADATA = re.compile(r"(?:^|/)metadata_(\d+)_to_\d+\.json$")
_LABELS = re.compile(r"^#[^\s#]")


def parse_highlights(text: str, place: Place, limits: ImportLimits
                     ) -> tuple[list[ImportedHighlight], list[str]]:
    """The highlights and the article notes of one `highlights/{slug}.md`."""
    f = RowFields(place, limits)
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    highlights: list[ImportedHighlight] = []
    notes: list[str] = []
    pending: list[list[str]] = []   # note blocks of the highlight being read

    def close() -> None:
        if highlights and pending:
            highlights[-1].note = f.block("\n\n".join("\n".join(b) for b in pending))
        elif pending:
            notes.append(f.block("\n\n".join("\n".join(b) for b in pending)))
        pending.clear()

    for block in blocks:
        if block[0].startswith(">"):
            close()
            quote = block[0][1:].strip()
            for line in block[1:]:   # a "> " line was a new paragraph of the quote
                quote += "\n\n" + line[1:].strip() if line.startswith(">") else "\n" + line
            highlights.append(ImportedHighlight(quote=f.block(quote),
                                                position=HighlightPosition(order=len(highlights))))
            continue
        if highlights and not pending and len(block) == 1 and _LABELS.match(block[0]) \
                and not highlights[-1].labels:
            labels = [part.strip() for part in re.split(r"(?:^|\s)#(?=\S)", block[0])]
            highlights[-1].labels = f.tags([label for label in labels if label])
            continue
        pending.append(block)
    close()
    return [h for h in highlights if h.quote], [n for n in notes if n]


def _item(data: Any, place: Place, archive: Archive | None, prefix: str,
          limits: ImportLimits) -> Iterator[Entry]:
    if not isinstance(data, dict):
        yield Problem(place, "This entry is not an object; it was skipped.")
        return
    f = RowFields(place, limits)
    url = f.item_url(data.get("url"))
    if url is None:
        yield from f.problems
        return
    state = str(data.get("state") or "").strip().lower()
    if state == "deleted":
        yield Problem(place, "This item was deleted in Omnivore; it was skipped.")
        return
    progress = f.progress(data.get("readingProgress"), "readingProgress", percent=True)
    item = ImportedItem(url=url, format=NAME, place=place, title=f.line(data.get("title")),
                        author=f.optional(data.get("author")),
                        excerpt=f.block(data.get("description")) or None,
                        tags=f.tags(data.get("labels") or []),
                        state="archived" if state == "archived" else "unread",
                        saved=f.time(data.get("savedAt"), "savedAt"),
                        updated=f.time(data.get("updatedAt"), "updatedAt"),
                        published=f.time(data.get("publishedAt"), "publishedAt"),
                        progress=progress)
    slug = data.get("slug")
    if archive is not None and isinstance(slug, str) and slug:
        page = f"{prefix}content/{slug}.html"
        if page in archive:
            try:
                item.content = Content(archive.read(page, limits.max_content_bytes),
                                       "text/html", "utf-8", final_url=url)
            except MemberError as exc:
                f.note(f"{exc} The article was imported without its saved page.")
        marks = f"{prefix}highlights/{slug}.md"
        if marks in archive:
            try:
                text = utf8_bytes(archive.read(marks)).decode("utf-8", errors="replace")
            except MemberError as exc:
                f.note(f"{exc} The article was imported without its highlights.")
            else:
                item.highlights, item.notes = parse_highlights(text, archive.place(marks), limits)
    yield from f.problems
    yield item


def _member_items(archive: Archive, name: str) -> Iterator[Entry]:
    place = archive.place(name)
    prefix = name[:name.rfind("/") + 1]
    try:
        data = json_document(archive.read(name), name, archive.limits.max_json_depth)
    except MemberError as exc:
        yield Problem(place, f"{exc} Its items were not imported.")
        return
    if not isinstance(data, list):
        yield Problem(place, "This is not a list of items; its items were not imported.")
        return
    for index, entry in enumerate(data, 1):
        yield from _item(entry, place.at(index=index), archive, prefix, archive.limits)


def read_zip(source: Source) -> Iterator[Entry]:
    archive = Archive(source)

    def prepare() -> Iterator[Entry]:
        found = [(int(m.group(1)), n) for n in archive.names() if (m := METADATA.search(n))]
        if not found:
            raise ImportFileError(f"{source.name} has no metadata_*.json, so it is not an "
                                  "Omnivore export.")
        names = [n for _, n in sorted(found)]
        broken = 0
        for name in names:     # cheap: 20 items each; a zip with none readable fails whole
            try:
                json_document(archive.read(name), name, archive.limits.max_json_depth)
            except MemberError:
                broken += 1
        if broken == len(names):
            raise ImportFileError(f"{source.name}: none of its metadata_*.json can be read "
                                  "as JSON, so nothing was imported.")
        return _zip_entries(archive, names)

    return opened(archive, prepare)


def _zip_entries(archive: Archive, names: list[str]) -> Iterator[Entry]:
    yield from archive.problems
    for name in names:
        yield from _member_items(archive, name)


def read_metadata(source: Source) -> Iterator[Entry]:
    """A bare `metadata_*.json`: the items alone (no pages or highlights travel with it)."""
    check_json(source, expect="array")
    return json_entries(source, "item", lambda data, place, limits:
                        _item(data, place, None, "", limits))
