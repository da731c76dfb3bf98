"""Omnivore's export zip: metadata pages, shipped content and highlight Markdown."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reader.core.imports import ImportedItem, ImportFileError, Place, Problem, open_export
from reader.core.imports.limits import ImportLimits
from reader.core.imports.omnivore import parse_highlights

OMNIVORE = Path(__file__).resolve().parent.parent / "fixtures" / "imports" / "omnivore"
RIVER = "the-river-calendar-18c2f0a1b2c"


def omnivore_zip(prefix: str = "", **replace: bytes) -> bytes:
    """The fixture folder zipped as Omnivore ships it (every member under `prefix`)."""
    members = {str(p.relative_to(OMNIVORE)): p.read_bytes()
               for p in sorted(OMNIVORE.rglob("*")) if p.is_file()}
    members.update(replace)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(prefix + name, data)
    return buffer.getvalue()


def read(data: bytes | Path) -> tuple[list[ImportedItem], list[Problem]]:
    with open_export(data, name="omnivore.zip") as export:
        entries = list(export)
    return ([e for e in entries if isinstance(e, ImportedItem)],
            [e for e in entries if isinstance(e, Problem)])


def test_every_metadata_field_is_mapped() -> None:
    items, _ = read(omnivore_zip())
    river = items[0]
    assert (river.url, river.title, river.author, river.excerpt) == (
        "https://history.example.org/river-calendar", "The River Calendar", "Ada Marsh",
        "How floods set the rhythm of a valley.")
    assert (river.tags, river.state, river.progress) == (["history", "long read"], "archived", 1.0)
    assert (river.saved, river.updated, river.published) == (
        "2024-03-01T09:15:00Z", "2024-03-05T18:40:12Z", "2024-02-28T00:00:00Z")
    shops = items[1]
    assert (shops.state, shops.progress, shops.author, shops.excerpt) == ("unread", 0.375, None, None)
    assert items[2].progress == 0.01     # a percentage, even at 1
    assert [i.format for i in items] == ["omnivore"] * 3


def test_the_saved_page_ships_with_the_item() -> None:
    items, _ = read(omnivore_zip())
    river, shops = items[0], items[1]
    assert river.content is not None and river.content.media_type == "text/html"
    assert river.content.body == (OMNIVORE / "content" / f"{RIVER}.html").read_bytes()
    page = river.content.page(river.url or "")
    assert b"The river kept its own calendar." in page.body
    assert shops.content is None


def test_highlights_with_labels_notes_and_paragraphs() -> None:
    items, _ = read(omnivore_zip())
    river = items[0]
    assert river.notes == ["My overall take on this article."]
    assert [(h.quote, h.labels, h.note, h.position.order) for h in river.highlights] == [
        ("The river kept its own calendar.", ["history", "rivers"],
         "Compare with the Nile chapter.", 0),
        ("First paragraph of the quote.\n\nSecond paragraph of it.", [], "", 1),
        ("Short one.", [], "A note\n\nwith two paragraphs.", 2)]


def test_highlight_markdown_edge_cases() -> None:
    place, limits = Place("x.zip", "highlights/x.md"), ImportLimits()
    text = ("> a quote that\ncontinues on a second line \n\n# Not labels: a heading in the note\n\n"
            "> #hashtag quote \n\n#machine learning #ai\n\n> \n\n> last")
    highlights, notes = parse_highlights(text, place, limits)
    assert notes == []
    assert [(h.quote, h.labels, h.note) for h in highlights] == [
        ("a quote that\ncontinues on a second line", [], "# Not labels: a heading in the note"),
        ("#hashtag quote", ["machine learning", "ai"], ""),
        ("last", [], "")]
    assert parse_highlights("", place, limits) == ([], [])


def test_problems_name_the_member_and_item() -> None:
    _, problems = read(omnivore_zip())
    assert [(p.place.member, p.place.index, p.skipped) for p in problems] == [
        ("metadata_0_to_20.json", 3, True),     # deleted in Omnivore
        ("metadata_0_to_20.json", 4, True),     # no URL
        ("metadata_20_to_40.json", 1, False)]   # unreadable savedAt, item kept
    assert "deleted" in problems[0].reason and "sometime last spring" in problems[2].reason


def test_an_export_zipped_inside_a_folder_is_read_the_same() -> None:
    items, _ = read(omnivore_zip(prefix="omnivore-export-2024-11-30/"))
    assert len(items) == 3 and items[0].content is not None and len(items[0].highlights) == 3


def test_a_damaged_metadata_page_is_reported_and_the_rest_comes_in() -> None:
    items, problems = read(omnivore_zip(**{"metadata_20_to_40.json": b'[{"id": "cut short'}))
    assert [i.title for i in items] == ["The River Calendar", "Small Shops, Big Streets"]
    assert problems[-1].place.member == "metadata_20_to_40.json"
    assert "not valid JSON" in problems[-1].reason


def test_a_zip_whose_metadata_is_all_damaged_yields_nothing() -> None:
    data = omnivore_zip(**{"metadata_0_to_20.json": b"{", "metadata_20_to_40.json": b"[1,"})
    with pytest.raises(ImportFileError, match="none of its metadata"):
        open_export(data)


def test_a_bare_metadata_file_is_read_without_pages() -> None:
    items, problems = read(OMNIVORE / "metadata_0_to_20.json")
    assert [i.url for i in items] == ["https://history.example.org/river-calendar",
                                      "https://city.example.com/small-shops"]
    assert all(i.content is None and not i.highlights for i in items)
    assert len(problems) == 2
