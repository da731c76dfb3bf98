"""Instapaper's CSV export, current (six columns) and older (four)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.imports import ImportedItem, ImportFileError, Problem, open_export

INSTAPAPER = Path(__file__).resolve().parent.parent / "fixtures" / "imports" / "instapaper"


def read(path: Path) -> tuple[list[ImportedItem], list[Problem]]:
    with open_export(path) as export:
        entries = list(export)
    return ([e for e in entries if isinstance(e, ImportedItem)],
            [e for e in entries if isinstance(e, Problem)])


def test_folders_map_to_states_stars_and_tags() -> None:
    items, _ = read(INSTAPAPER / "instapaper-export.csv")
    assert [(i.url, i.state, i.starred, i.tags) for i in items] == [
        ("https://science.example.org/octopus", "unread", False, ["biology", "oceans"]),
        ("https://books.example.com/reviews/quiet", "archived", False, []),
        ("https://essays.example.net/on-walking", "unread", True, ["essays"]),
        ("https://cooking.example.com/stock", "unread", False, ["Kitchen"]),
        ("https://late.example.com/when", "unread", False, [])]
    octopus = items[0]
    assert (octopus.title, octopus.excerpt, octopus.saved) == (
        "How Octopuses Taste", "They taste with their arms, which is odd.", "2023-07-22T04:26:40Z")
    assert items[-1].saved is None


def test_bad_rows_and_fields_are_reported_with_their_line() -> None:
    _, problems = read(INSTAPAPER / "instapaper-export.csv")
    assert [(p.place.line, p.skipped) for p in problems] == [(6, True), (7, False)]
    assert "not a url" in problems[0].reason and "yesterday" in problems[1].reason


def test_older_four_column_exports_are_read() -> None:
    items, problems = read(INSTAPAPER / "instapaper-old.csv")
    assert problems == []
    assert [(i.title, i.state, i.excerpt, i.saved) for i in items] == [
        ("An Older Export", "unread", None, None),
        ("Read Long Ago", "archived", "Some selected words.", None)]


def test_tags_that_are_not_a_json_list_are_dropped_not_the_row(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("URL,Title,Selection,Folder,Timestamp,Tags\n"
                    "https://a.example.com/x,X,,Unread,1690000000,\"[\"\"unclosed\"\n", "utf-8")
    items, problems = read(path)
    assert [i.tags for i in items] == [[]]
    assert [(p.place.line, p.skipped) for p in problems] == [(2, False)]


def test_a_csv_without_instapapers_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("URL,Title,Selection\nhttps://a.example.com,A,\n", "utf-8")
    with pytest.raises(ImportFileError, match="header lacks Folder"):
        open_export(path, format="instapaper")
