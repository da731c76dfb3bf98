"""Recognising an export by its content: zip entry names, CSV header, JSON keys, HTML markers.

File names and suffixes are never trusted (a Pocket CSV saved as `.txt`, a zip renamed
`.csv`): only the bytes decide. Each rule looks at the opening of the file (`head_bytes`),
or at the zip's list of entries, and says in one sentence what it saw.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from typing import Any

from reader.core.imports.csvrows import header_key
from reader.core.imports.model import ImportFileError
from reader.core.imports.source import Archive, MemberError, Source, json_events, text_encoding
from reader.core.formats.sniff import is_binary, magic_type


@dataclass(slots=True, frozen=True)
class Detection:
    """The format recognised (None when nothing matched) and, either way, why."""

    format: str | None
    reason: str


_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_NETSCAPE = re.compile(r"<!doctype\s+netscape-bookmark-file", re.I)
_DT_LINK = re.compile(r"<dt>\s*<(a\s|h3)", re.I)
_POCKET_HTML = re.compile(r"<title>\s*pocket export\s*</title>|<h1>\s*unread\s*</h1>", re.I)
_TIME_ADDED = re.compile(r"<a\s[^>]*\btime_added\s*=", re.I)


def _zip(source: Source) -> Detection:
    from reader.core.imports import omnivore, pocket
    with Archive(source) as archive:
        names = archive.names()
    if any(pocket.CSV_PART.search(n) for n in names):
        return Detection(pocket.NAME, "a zip archive with Pocket's part_000000.csv")
    if any(omnivore.METADATA.search(n) for n in names):
        return Detection(omnivore.NAME, "a zip archive with Omnivore's metadata_*.json")
    return Detection(None, f"{source.name} is a zip archive, but neither Pocket's (no "
                     "part_000000.csv) nor Omnivore's (no metadata_*.json).")


def _json_probe(source: Source, head: bytes) -> tuple[str, dict[str, Any]]:
    """("object", its top-level keys and scalar values) or ("array", its first item's)."""
    kind = ""
    keys: dict[str, Any] = {}
    key = None
    try:
        for event, value, depth in json_events(head, source.name, source.limits.max_json_depth):
            if not kind:
                kind = {"start_map": "object", "start_array": "array"}.get(event, "scalar")
                if kind == "scalar":
                    break
                continue
            inside = 1 if kind == "object" else 2   # the level whose keys say what this is
            if kind == "array" and depth == 1 and event in ("end_map", "end_array"):
                break                               # the first item has ended
            if depth == inside and event == "map_key":
                key = value
                keys.setdefault(value, None)
                continue
            if depth == inside and key is not None and not event.startswith("end"):
                keys[key] = value
            key = None
    except MemberError:
        pass    # nested absurdly deep: no export looks like that
    return kind, keys


def _json(source: Source, head: bytes) -> Detection:
    from reader.core.imports import omnivore, reader_export, wallabag
    kind, keys = _json_probe(source, head)
    if kind == "object":
        if keys.get("format") == reader_export.FORMAT_TAG:
            return Detection(reader_export.NAME, "a JSON object whose format is "
                             f"{reader_export.FORMAT_TAG!r}")
        return Detection(None, f"{source.name} is a JSON object, but not a reader export (no "
                         f"\"format\": {reader_export.FORMAT_TAG!r}).")
    if kind == "array":
        if "is_archived" in keys or "is_starred" in keys:
            return Detection(wallabag.NAME, "a JSON list of entries with is_archived and "
                             "is_starred (wallabag)")
        if "slug" in keys and ("savedAt" in keys or "labels" in keys):
            return Detection(omnivore.NAME, "a JSON list of items with slug and savedAt "
                             "(Omnivore's metadata)")
        if not keys:
            return Detection(None, f"{source.name} is a JSON list without objects to import.")
        return Detection(None, f"{source.name} is a JSON list, but its items' fields ("
                         f"{', '.join(sorted(keys)[:6])}) match no known export.")
    return Detection(None, f"{source.name} is not a JSON list or object.")


def _html(source: Source, text: str) -> Detection:
    from reader.core.imports import bookmarks, pocket
    if _NETSCAPE.search(text[:4096]):
        return Detection(bookmarks.NAME, "an HTML file starting with the Netscape bookmark "
                         "DOCTYPE")
    if _TIME_ADDED.search(text) or _POCKET_HTML.search(text):
        return Detection(pocket.HTML_NAME, "an HTML list of links with time_added (Pocket's "
                         "legacy export)")
    if _DT_LINK.search(text):
        return Detection(bookmarks.NAME, "an HTML file with <DT><A> bookmark entries")
    return Detection(None, f"{source.name} is HTML, but neither a bookmarks file nor a Pocket "
                     "export (a saved web page is opened with `reader FILE`, not imported).")


_CSV_RULES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("readwise-highlights", ("highlight", "book title"), "Readwise's highlights"),
    ("readwise", ("url", "saved date", "location"), "Readwise Reader's"),
    ("instapaper", ("url", "title", "folder"), "Instapaper's"),
    ("pocket", ("url", "time_added"), "Pocket's"),
)


def _csv(source: Source, text: str) -> Detection:
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        header = {header_key(cell) for cell in next(csv.reader([first]), [])}
    except csv.Error:
        header = set()
    for name, needed, whose in _CSV_RULES:
        if header.issuperset(needed):
            return Detection(name, f"a CSV whose header has {whose} columns "
                             f"({', '.join(needed)})")
    if len(header) > 1:
        return Detection(None, f"{source.name} looks like a CSV, but its header ("
                         f"{', '.join(sorted(header)[:6])}) matches no known export.")
    return Detection(None, f"{source.name} is text, but not a CSV, JSON or HTML export.")


def detect(source: Source) -> Detection:
    """Which export `source` is, by content; `format` None with the reason when none."""
    head = source.head()
    if not head.strip():
        return Detection(None, f"{source.name} is empty.")
    if head.startswith(_ZIP_MAGIC):
        try:
            return _zip(source)
        except ImportFileError as exc:
            return Detection(None, str(exc))
    encoding = text_encoding(head)
    if not encoding.startswith("utf-16") and is_binary(head):
        kind = magic_type(head)
        return Detection(None, f"{source.name} is binary data ({kind or 'not text'}), not an "
                         "export file.")
    text = head.decode(encoding if encoding != "utf-8-sig" else "utf-8", errors="replace")
    text = text.lstrip("\ufeff \t\r\n")
    if text.startswith(("{", "[")):
        return _json(source, text.encode("utf-8"))
    if text.startswith("<"):
        return _html(source, text)
    return _csv(source, text)
