"""reader's own JSON export read back: everything `reader notes export --format json` writes."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from reader.commands.notes import render_export
from reader.core.imports import ImportedItem, ImportFileError, Problem, open_export
from reader.core.models import Article, Block, Highlight, Note, Page
from reader.store import ArticleRecord, ExportEntry

READER = Path(__file__).resolve().parent.parent / "fixtures" / "imports" / "reader"
TEXT = "Harbour Lights\n\nThe ferry leaves at dawn.\n\nGulls follow it out past the breakwater."


def read(data: bytes | Path) -> tuple[list[ImportedItem], list[Problem]]:
    with open_export(data) as export:
        entries = list(export)
    return ([e for e in entries if isinstance(e, ImportedItem)],
            [e for e in entries if isinstance(e, Problem)])


def exported(with_pages: bool) -> tuple[bytes, bytes]:
    """A real export, rendered by the CLI's own code from one library entry."""
    record = ArticleRecord(
        id=1, key="https://port.example.org/lights", location="https://port.example.org/lights",
        url="https://port.example.org/lights", title="Harbour Lights", byline="Ines Port",
        published="2024-06-01", site="port.example.org", lang="en", media_type="text/html",
        saved="2025-01-02T03:04:05Z", updated="2025-01-03T03:04:05Z",
        last_opened="2025-01-04T03:04:05Z", position=16, progress=0.25, tags=["sea", "towns"])
    article = Article(text=TEXT, title="Harbour Lights", byline="Ines Port",
                      url="https://port.example.org/lights", location=record.location,
                      blocks=[Block("heading", 0, 14, 1), Block("paragraph", 16, 40)])
    start = TEXT.index("past the breakwater")
    highlight = Highlight(article_id=1, start=start, end=start + 19, quote="past the breakwater",
                          prefix="follow it out ", suffix=".", note="the long way",
                          created="2025-01-02T04:00:00Z", id=9)
    note = Note(article_id=1, body="Take the early boat.", created="2025-01-02T03:10:00Z",
                updated="2025-01-02T03:11:00Z", id=4)
    original = b"<html><body><h1>Harbour Lights</h1><p>The ferry leaves at dawn.</p></body></html>"
    page = Page(location=record.location, body=original, charset="utf-8",
                final_url=record.url, fetched_at=datetime(2025, 1, 2, 3, 4, 0, tzinfo=timezone.utc))
    text = render_export([ExportEntry(record, article, note, [highlight])], "json",
                         exported="2025-01-05T00:00:00Z",
                         pages={1: page} if with_pages else None)
    return text.encode("utf-8"), original


@pytest.mark.parametrize("with_pages", [False, True])
def test_what_the_cli_exports_comes_back_field_for_field(with_pages: bool) -> None:
    data, original = exported(with_pages)
    [item], problems = read(data)
    assert problems == []
    assert (item.url, item.location, item.title, item.author, item.site, item.lang) == (
        "https://port.example.org/lights", "https://port.example.org/lights", "Harbour Lights",
        "Ines Port", "port.example.org", "en")
    assert (item.saved, item.updated, item.opened, item.published) == (
        "2025-01-02T03:04:05Z", "2025-01-03T03:04:05Z", "2025-01-04T03:04:05Z",
        "2024-06-01")
    assert (item.tags, item.position, item.progress, item.notes) == (
        ["sea", "towns"], 16, 0.25, ["Take the early boat."])
    assert item.article is not None and item.article.text == TEXT
    assert [(b.kind, b.start, b.end) for b in item.article.blocks] == [
        ("heading", 0, 14), ("paragraph", 16, 40)]
    [mark] = item.highlights
    assert (mark.quote, mark.note, mark.created, mark.anchored) == (
        "past the breakwater", "the long way", "2025-01-02T04:00:00Z", True)
    assert (mark.position.start, mark.position.end, mark.position.prefix,
            mark.position.suffix) == (TEXT.index("past the"), TEXT.index("past the") + 19,
                                      "follow it out ", ".")
    if with_pages:
        assert item.content is not None and item.content.body == original
        assert (item.content.charset, item.content.fetched) == ("utf-8", "2025-01-02T03:04:00Z")
    else:
        assert item.content is None


def test_fields_a_later_version_adds_are_read_or_ignored() -> None:
    items, problems = read(READER / "notes-export.json")
    assert problems == []
    lanterns, local = items
    assert (lanterns.state, lanterns.starred) == ("archived", True)
    assert [h.anchored for h in lanterns.highlights] == [True, False]
    assert lanterns.content is not None and lanterns.content.body.startswith(b"<html>")
    assert (local.url, local.location, local.title) == (
        None, "/home/someone/notes/local-page.html", "A local page")
    assert local.article is not None and local.article.text == "Just a local page."


def test_damaged_parts_of_an_article_are_dropped_and_reported(tmp_path: Path) -> None:
    doc = json.loads((READER / "notes-export.json").read_text("utf-8"))
    doc["articles"][0]["page"]["data"] = "not base64!"
    doc["articles"][0]["article"] = {"text": 5}
    doc["articles"][1]["url"] = "mailto:someone@example.com"
    doc["articles"].append(dict(doc["articles"][1], url="https://a.example.com/esc", article={
        "text": "Hidden \x1b]52;c;ZXZpbA==\x07 text", "title": "T", "location": "x"}))
    doc["articles"].append(dict(doc["articles"][1], url="https://a.example.com/blocks", article={
        "text": "short", "blocks": [{"kind": "paragraph", "start": 0, "end": 99}]}))
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc), "utf-8")
    items, problems = read(path)
    assert [(i.url, i.content, i.article) for i in items] == [
        ("https://festival.example.org/lanterns", None, None),
        ("https://a.example.com/esc", None, None), ("https://a.example.com/blocks", None, None)]
    assert [(p.place.index, p.skipped) for p in problems] == [
        (1, False), (1, False), (2, True), (3, False), (4, False)]


@pytest.mark.parametrize("doc, message", [
    ({"format": "someone-else", "version": 1, "articles": []}, "not a reader export"),
    ({"format": "reader-notes", "articles": []}, "without a valid version"),
    ([{"format": "reader-notes"}], "not an object"),
])
def test_json_that_is_not_our_export_is_refused(tmp_path: Path, doc: object, message: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ImportFileError, match=message):
        open_export(path, format="reader")
