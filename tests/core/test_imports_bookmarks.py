"""Netscape bookmark files: folders as tags, dates, descriptions, unusable links reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.imports import ImportedItem, ImportFileError, Problem, open_export

BOOKMARKS = Path(__file__).resolve().parent.parent / "fixtures" / "imports" / "bookmarks"


def read(path: Path) -> tuple[list[ImportedItem], list[Problem]]:
    with open_export(path) as export:
        entries = list(export)
    return ([e for e in entries if isinstance(e, ImportedItem)],
            [e for e in entries if isinstance(e, Problem)])


def test_folders_become_tags_but_browser_containers_do_not() -> None:
    items, _ = read(BOOKMARKS / "bookmarks.html")
    assert [(i.title, i.tags) for i in items] == [
        ("Morning News", []),
        ("Winter Soup", ["Recipes", "dinner", "winter"]),
        ("Rye Loaf", ["Recipes", "Baking"]),
        ("Summer Salad", ["Recipes"]),
        ("Top level & unsorted", []),
        ("Other thing", [])]


def test_dates_descriptions_and_places() -> None:
    items, _ = read(BOOKMARKS / "bookmarks.html")
    soup = items[1]
    assert (soup.url, soup.saved, soup.updated, soup.excerpt) == (
        "https://food.example.org/soup", "2020-09-13T12:30:10Z", "2020-09-13T12:30:20Z",
        "A soup for cold evenings.")
    assert soup.place.line == 14 and items[2].excerpt is None
    assert {i.state for i in items} == {"unread"} and not any(i.starred for i in items)


def test_bookmarklets_and_browser_places_are_reported_with_their_line() -> None:
    _, problems = read(BOOKMARKS / "bookmarks.html")
    assert [(p.place.line, p.skipped) for p in problems] == [(24, True), (25, True)]
    assert "javascript:" in problems[0].reason and "place:" in problems[1].reason


def test_unclosed_tags_and_no_doctype(tmp_path: Path) -> None:
    path = tmp_path / "export.html"
    path.write_text("<DL><DT><H3>Work</H3><DL><DT><A HREF='https://a.example.com/1'>One"
                    "<DT><A HREF='https://a.example.com/2' ADD_DATE='1600000000'>Two</DL>"
                    "<DT><A HREF='https://a.example.com/3'>Three</A></DL>", "utf-8")
    items, problems = read(path)
    assert problems == []
    assert [(i.title, i.tags) for i in items] == [("One", ["Work"]), ("Two", ["Work"]),
                                                  ("Three", [])]


def test_a_bookmark_file_without_links_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n</DL><p>\n", "utf-8")
    with pytest.raises(ImportFileError, match="has no links"):
        list(open_export(path))
