"""Readwise's exports: Reader's library CSV and the highlights CSV."""

from __future__ import annotations

from pathlib import Path

from reader.core.imports import ImportedItem, Problem, open_export

READWISE = Path(__file__).resolve().parent.parent / "fixtures" / "imports" / "readwise"


def read(path: Path) -> tuple[list[ImportedItem], list[Problem]]:
    with open_export(path) as export:
        entries = list(export)
    return ([e for e in entries if isinstance(e, ImportedItem)],
            [e for e in entries if isinstance(e, Problem)])


def test_reader_library_locations_tags_and_progress() -> None:
    items, _ = read(READWISE / "reader-export.csv")
    assert [(i.url, i.state, i.starred, i.tags, i.progress) for i in items] == [
        ("https://ocean.example.org/vents", "unread", False, ["oceans", "chemistry"], 0.42),
        ("https://fav.example.com/short", "unread", True, [], 0.0),
        ("https://done.example.net/finished", "archived", False, ["it's done"], 1.0),
        ("https://new.example.org/fresh", "unread", False, [], None),
        ("https://odd.example.org/p", "unread", False, [], None)]
    assert (items[0].title, items[0].saved) == ("Deep Sea Vents", "2022-11-06T04:33:50Z")


def test_feed_rows_are_skipped_with_the_reason() -> None:
    items, problems = read(READWISE / "reader-export.csv")
    assert "https://feed.example.com/post/1" not in {i.url for i in items}
    assert [(p.place.line, p.skipped) for p in problems] == [(5, True), (7, False)]
    assert "feed item" in problems[0].reason and "'lots'" in problems[1].reason


def test_highlights_are_grouped_by_document_in_first_seen_order() -> None:
    items, _ = read(READWISE / "highlights.csv")
    assert [(i.title, i.author, i.url, i.tags) for i in items] == [
        ("The Slow Book", "Mara Ellison", None, ["nonfiction", "favorites"]),
        ("Notes on Tidal Power", "energy.example.net", None, [])]
    slow = items[0]
    assert [(h.quote, h.note, h.labels, h.color, h.created, h.position.location)
            for h in slow.highlights] == [
        ("Attention is trained, not given.", "Key idea", ["focus", "habits"], "yellow",
         "2020-10-05T10:15:30Z", "page 12"),
        ("A page read twice\nis a different page.", "", [], "blue", "2020-10-06T08:00:00Z",
         "page 40"),
        ("Back to the slow book.", "", [], None, "2020-10-07T08:00:00Z", "location 1200")]
    tides = items[1]
    assert [(h.position.order, h.note) for h in tides.highlights] == [(3, ""), (1, "Start here")]


def test_highlight_rows_without_a_document_or_passage_are_reported() -> None:
    _, problems = read(READWISE / "highlights.csv")
    assert [(p.place.line, p.skipped) for p in problems] == [(8, True), (9, True)]


def test_a_url_column_keeps_same_titled_documents_apart(tmp_path: Path) -> None:
    path = tmp_path / "readwise.csv"
    path.write_text("Highlight,Book Title,Book Author,Note,URL\n"
                    "one,Weekly Notes,,,https://a.example.com/1\n"
                    "two,Weekly Notes,,,https://a.example.com/2\n"
                    ",Weekly Notes,,just a note,https://a.example.com/1\n", "utf-8")
    items, problems = read(path)
    assert problems == []
    assert [(i.url, [h.quote for h in i.highlights], i.notes) for i in items] == [
        ("https://a.example.com/1", ["one"], ["just a note"]),
        ("https://a.example.com/2", ["two"], [])]
