"""Pocket's exports (2025 zip with CSV parts and annotations, a lone part CSV, legacy HTML)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reader.core.imports import ImportedItem, ImportFileError, Problem, open_export

POCKET = Path(__file__).resolve().parent.parent / "fixtures" / "imports" / "pocket"


def pocket_zip(**extra: bytes) -> bytes:
    """A zip shaped like Pocket's: two CSV parts and an annotations part (+ `extra` members)."""
    members = {"part_000000.csv": (POCKET / "part_000000.csv").read_bytes(),
               "part_000001.csv": (POCKET / "part_000001.csv").read_bytes(),
               "annotations/part_000000.json": (POCKET / "annotations_part_000000.json").read_bytes(),
               **extra}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def read(data: bytes | Path, **kwargs: str) -> tuple[list[ImportedItem], list[Problem]]:
    with open_export(data, **kwargs) as export:
        entries = list(export)
    return ([e for e in entries if isinstance(e, ImportedItem)],
            [e for e in entries if isinstance(e, Problem)])


def test_zip_maps_every_field_of_every_part() -> None:
    items, problems = read(pocket_zip(), name="pocket.zip")
    assert problems == []
    by_url = {i.url: i for i in items}
    bread = by_url["https://bakery.example.org/slow-bread"]
    assert (bread.title, bread.tags, bread.state, bread.saved) == (
        "Slow Bread, Fast Mornings", ["food", "weekend"], "unread", "2023-11-14T22:13:20Z")
    assert bread.format == "pocket" and str(bread.place) == "pocket.zip: part_000000.csv, line 2"
    assert by_url["https://travel.example.com/lisbon-cafes"].tags == ["travel", "café"]
    assert by_url["https://travel.example.com/lisbon-cafes"].state == "archived"
    assert by_url["https://second.example.com/part"].place.member == "part_000001.csv"
    # Pocket writes the URL as the title of an untitled item: that is no title
    assert by_url["https://plain.example.com/untitled"].title == ""


def test_zip_attaches_annotations_to_their_article_in_order() -> None:
    items, _ = read(pocket_zip())
    tides = next(i for i in items if i.url == "https://energy.example.net/tides?ref=feed")
    assert tides.state == "archived"
    assert [(h.quote, h.created, h.position.order) for h in tides.highlights] == [
        ("The moon does the heavy lifting.", "2023-11-14T23:36:40Z", 0),
        ("Turbines sit where the channel narrows.", "2023-11-14T23:37:40Z", 1)]
    assert sum(len(i.highlights) for i in items) == 3


def test_annotations_without_a_row_still_come_in() -> None:
    items, _ = read(pocket_zip())
    orphan = next(i for i in items if i.url == "https://gone.example.com/only-annotated")
    assert orphan.title == "Only in the annotations"
    assert [h.quote for h in orphan.highlights] == ["A passage whose article left the list."]
    assert orphan.place.member == "annotations/part_000000.json"


def test_a_part_csv_alone_is_read_the_same_way() -> None:
    items, problems = read(POCKET / "part_000000.csv")
    assert problems == []
    assert [i.url for i in items] == ["https://bakery.example.org/slow-bread",
                                      "https://energy.example.net/tides?ref=feed",
                                      "https://plain.example.com/untitled",
                                      "https://travel.example.com/lisbon-cafes"]


def test_bad_rows_are_reported_with_their_line_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "part_000000.csv"
    path.write_text(
        "title,url,time_added,tags,status\n"
        "Good,https://a.example.com/1,1700000000,,unread\n"
        "No address,,1700000000,,unread\n"
        '"A title\nover two lines",https://a.example.com/2,1700000000,x,archive\n'
        "Bad time,https://a.example.com/3,next tuesday,,unread\n"
        "Odd status,https://a.example.com/4,1700000000,,favourite\n"
        "Shifted,https://a.example.com/5,1700000000,a,unread,extra,fields\n"
        "Short,https://a.example.com/6\n", encoding="utf-8")
    items, problems = read(path)
    assert [i.url for i in items] == ["https://a.example.com/1", "https://a.example.com/2",
                                      "https://a.example.com/3", "https://a.example.com/4"]
    assert items[1].title == "A title over two lines" and items[1].state == "archived"
    assert items[2].saved is None
    reported = {(p.place.line, p.skipped) for p in problems}
    assert reported == {(3, True), (6, False), (7, False), (8, True), (9, True)}
    assert "next tuesday" in next(p.reason for p in problems if p.place.line == 6)


def test_a_part_whose_header_is_not_pockets_fails_the_whole_zip() -> None:
    data = pocket_zip(**{"part_000002.csv": b"name,address\nx,y\n"})
    with pytest.raises(ImportFileError, match="part_000002.csv is not a Pocket CSV"):
        open_export(data, format="pocket")


def test_broken_annotations_are_reported_and_the_articles_still_come_in() -> None:
    data = pocket_zip(**{"annotations/part_000000.json": b'[{"url": "https://x.example.com"'})
    items, problems = read(data)
    assert len(items) == 5 and not any(i.highlights for i in items)
    assert [p.place.member for p in problems] == ["annotations/part_000000.json"]
    assert "not valid JSON" in problems[0].reason


def test_legacy_html_export_maps_sections_to_states() -> None:
    items, problems = read(POCKET / "ril_export.html")
    assert [(i.url, i.title, i.tags, i.state, i.saved) for i in items] == [
        ("https://garden.example.org/compost", "Compost in small spaces", ["garden", "how-to"],
         "unread", "2020-09-13T12:26:40Z"),
        ("https://maps.example.com/old-roads", "Old roads & new maps", [], "unread",
         "2020-09-13T12:28:20Z"),
        ("https://music.example.net/fugue", "How a fugue works", ["music"], "archived",
         "2017-07-14T02:40:00Z")]
    assert [(p.place.line, p.skipped) for p in problems] == [(18, True)]
    assert "javascript:alert(1)" in problems[0].reason
    assert all(i.format == "pocket-html" for i in items)
