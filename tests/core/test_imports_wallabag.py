"""wallabag's JSON export: entries with HTML content, flags, tags and annotations."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.imports import ImportedItem, ImportFileError, Problem, XPathRange, open_export

WALLABAG = Path(__file__).resolve().parent.parent / "fixtures" / "imports" / "wallabag"


def read(path: Path) -> tuple[list[ImportedItem], list[Problem]]:
    with open_export(path) as export:
        entries = list(export)
    return ([e for e in entries if isinstance(e, ImportedItem)],
            [e for e in entries if isinstance(e, Problem)])


def test_every_entry_field_is_mapped() -> None:
    items, _ = read(WALLABAG / "wallabag-export.json")
    sky = items[0]
    assert (sky.url, sky.title, sky.author, sky.site, sky.lang) == (
        "https://astro.example.org/olbers", "Why the Sky Is Dark at Night",
        "Vera Lumen, Olaf Stern", "astro.example.org", "en")
    assert (sky.state, sky.starred, sky.tags) == ("archived", True, ["science", "space"])
    # +0100 offsets become UTC; a zone-less time is taken as UTC
    assert (sky.saved, sky.updated, sky.published) == (
        "2024-01-15T09:30:00Z", "2024-01-16T07:00:00Z", "2023-12-01T00:00:00Z")
    assert sky.content is not None and sky.content.body.startswith(b"<article><h1>Why the Sky")
    plain = items[1]
    assert (plain.title, plain.tags, plain.state, plain.starred, plain.content) == (
        "", ["css"], "unread", False, None)
    assert plain.saved == "2025-06-10T22:15:44Z"


def test_annotations_become_highlights_with_their_ranges() -> None:
    items, _ = read(WALLABAG / "wallabag-export.json")
    [mark] = items[0].highlights
    assert (mark.quote, mark.note, mark.created, mark.updated) == (
        "every line of sight would end on a star", "Olbers' paradox, in one line.",
        "2024-01-15T10:00:00Z", "2024-01-15T10:05:00Z")
    assert mark.position.ranges == [XPathRange("/article/p[1]", 44, "/article/p[1]", 83)]


def test_bad_entries_and_fields_are_reported_by_index() -> None:
    items, problems = read(WALLABAG / "wallabag-export.json")
    assert [i.url for i in items][-1] == "https://forum.example.com/flag"
    assert (items[-1].starred, items[-1].saved, items[-1].highlights) == (False, None, [])
    assert [(p.place.index, p.skipped) for p in problems] == [
        (3, False), (3, False), (3, False), (4, True), (5, True)]


@pytest.mark.parametrize("text, message", [
    ('[{"url": "https://a.example.com", "title": "cut', "cut short"),
    ('{"entries": []}', "not a list"),
    ('[{"url": "https://a.example.com"}] trailing', "more text after its end"),
])
def test_a_malformed_file_yields_nothing(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "wallabag.json"
    path.write_text(text, "utf-8")
    with pytest.raises(ImportFileError, match=message):
        open_export(path, format="wallabag")
