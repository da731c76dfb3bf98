"""The merge primitives an importer calls: insert-or-merge by URL without overwriting, tags
united, states moved forward, timestamps kept, notes appended once, highlights deduplicated
by quote and place (unplaceable ones kept and flagged), shipped content stored, and all of it
idempotent; also our own export imported into an empty library comes back the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from library_fixtures import LONG_TEXT, article, ticking_clock

from reader import store
from reader.core.errors import StoreError
from reader.core.models import Page
from reader.store import Library
from reader.store.importing import IncomingArticle, IncomingHighlight, MergeReport

URL = "https://example.org/a"
QUOTE = "Highlights keep their quote and some context"


def pocket_item(**kw: object) -> IncomingArticle:
    values: dict[str, object] = dict(url=URL, title="Durable notes", tags=["Reading", "notes"],
                                     state="archived", saved="2019-05-01T10:00:00Z",
                                     highlights=[IncomingHighlight(QUOTE,
                                                                   created="2019-05-02T08:00:00Z")])
    values.update(kw)
    return IncomingArticle(**values)  # type: ignore[arg-type]


def test_a_new_item_keeps_everything_the_export_gave(lib: Library) -> None:
    report = lib.merge_article(pocket_item(note="Read again in May.", starred=True,
                                           progress=0.5))
    assert report.created and report.tags_added == 2 and report.note_added
    assert report.highlights_unplaced == 1 and report.changed     # no text yet: flagged
    record = lib.get(report.article_id)
    assert (record.title, record.tags, record.state, record.starred, record.saved,
            record.progress) == ("Durable notes", ["notes", "reading"], "archived", True,
                                 "2019-05-01T10:00:00Z", 0.5)
    assert lib.get_note(record.id).body == "Read again in May."
    [h] = lib.list_highlights(record.id)
    assert h.quote == QUOTE and not h.anchored and h.created == "2019-05-02T08:00:00Z"
    # the text arrives later (reader fetch): the highlight finds its place
    lib.save_article(article(URL), Page(URL, b"<p>fetched</p>"))
    placed = lib.get_highlight(h.id)
    assert placed.anchored and LONG_TEXT[placed.start:placed.end] == QUOTE


def test_importing_the_same_item_twice_adds_nothing(lib: Library) -> None:
    first = lib.merge_article(pocket_item(note="once"), queue_fetch=True)
    assert first.queued
    second = lib.merge_article(pocket_item(note="once"), queue_fetch=True)
    assert second.article_id == first.article_id and not second.created
    assert not second.changed, second
    assert lib.count() == 1 and len(lib.list_highlights(first.article_id)) == 1
    assert lib.get_note(first.article_id).body == "once"
    assert lib.fetch_queue.counts()["queued"] == 1
    lib.save_article(article(URL))                               # fetched: placed now
    third = lib.merge_article(pocket_item(note="once"), queue_fetch=True)
    assert not third.changed and len(lib.list_highlights(first.article_id)) == 1


def test_merging_never_overwrites(lib: Library) -> None:
    article_id = lib.save_article(article(URL, title="My title"))
    lib.set_note(article_id, "My own thoughts.")
    lib.add_tag(article_id, "mine")
    lib.set_starred(article_id)
    lib.set_position(article_id, 200, 0.8)
    saved = lib.get(article_id).saved
    report = lib.merge_article(pocket_item(title="Their title", state="unread", progress=0.1,
                                           note="Their note.", saved="2030-01-01T00:00:00Z",
                                           starred=False))
    assert report.article_id == article_id and not report.created
    record = lib.get(article_id)
    assert record.title == "My title" and record.starred and record.progress == 0.8
    assert record.saved == saved and record.tags == ["mine", "notes", "reading"]
    assert lib.get_note(article_id).body == "My own thoughts.\n\nTheir note."
    assert lib.get_position(article_id).position == 200
    [h] = lib.list_highlights(article_id)
    assert h.anchored and LONG_TEXT[h.start:h.end] == QUOTE
    earlier = lib.merge_article(pocket_item(saved="2001-01-01T00:00:00Z"))
    assert lib.get(article_id).saved == "2001-01-01T00:00:00Z" and earlier.changed
    assert lib.get(article_id).state == "archived"        # the other service had read it


def test_highlights_are_deduplicated_by_quote_and_place(lib: Library) -> None:
    text = "The same words. Other words here. The same words."
    article_id = lib.save_article(article(URL, text=text))
    report = lib.merge_article(pocket_item(highlights=[
        IncomingHighlight("The same words.", hint=0),
        IncomingHighlight("The same words.", hint=34, note="second place"),
        IncomingHighlight("the  same WORDS.", hint=0, note="a note for the first"),
        IncomingHighlight("Words never written in this article at all.")]))
    assert (report.highlights_added, report.highlights_unplaced,
            report.highlight_notes_added) == (2, 1, 1)
    found = lib.list_highlights(article_id)
    assert [(h.start, h.anchored) for h in found] == [(0, True), (34, True), (0, False)]
    assert found[0].note == "a note for the first" and found[1].note == "second place"
    again = lib.merge_article(pocket_item(highlights=[
        IncomingHighlight("The same words.", hint=34, note="second place")]))
    assert not again.changed


def test_content_shipped_with_the_export_becomes_the_saved_page(lib: Library) -> None:
    page = Page(URL, b"<html><p>from the export</p></html>")
    report = lib.merge_article(pocket_item(article=article(URL), page=page, position=57),
                               queue_fetch=True)
    assert report.content_added and not report.queued
    assert lib.load_article(report.article_id).text == LONG_TEXT
    assert lib.load_page(report.article_id).body == page.body
    assert lib.get_position(report.article_id).position == 57
    [h] = lib.list_highlights(report.article_id)
    assert h.anchored and LONG_TEXT[h.start:h.end] == QUOTE and report.highlights_added == 1
    assert [x.record.id for x in lib.search("context")] == [report.article_id]
    # an entry that has text keeps it; a page it lacks is added
    other = lib.save_article(article("https://example.org/b", text="Its own text."))
    kept = lib.merge_article(IncomingArticle("https://example.org/b", article=article(),
                                             page=page))
    assert kept.article_id == other and not kept.content_added
    assert lib.load_article(other).text == "Its own text."
    assert lib.load_page(other).body == page.body


def test_trashed_entries_and_bad_input(lib: Library) -> None:
    article_id = lib.save_article(article(URL))
    lib.delete(article_id)
    report = lib.merge_article(pocket_item())
    assert report.skipped and not report.changed and lib.count() == 0
    for bad in (IncomingArticle("ftp://x.example/a"), IncomingArticle("not a url"),
                IncomingArticle(URL, state="read"), IncomingArticle(URL, saved="last Tuesday")):
        with pytest.raises(StoreError):
            lib.merge_article(bad)
    assert lib.count() == 0


def round_trip_item(entry: store.ExportEntry) -> IncomingArticle:
    """What an importer of our own JSON export rebuilds from one exported entry."""
    r = entry.record
    return IncomingArticle(
        url=r.url, location=r.location, title=r.title, byline=r.byline, site=r.site,
        published=r.published, tags=r.tags, state=r.state, starred=r.starred, saved=r.saved,
        updated=r.updated, archived_at=r.archived_at, starred_at=r.starred_at,
        last_opened=r.last_opened, progress=r.progress, position=r.position,
        note=entry.note.body if entry.note else "",
        note_created=entry.note.created if entry.note else None,
        note_updated=entry.note.updated if entry.note else None,
        highlights=[IncomingHighlight(h.quote, h.note, h.created, h.start, h.prefix, h.suffix)
                    for h in entry.highlights],
        article=entry.article, page=entry.page, candidate=r.candidate)


def comparable(entry: store.ExportEntry) -> tuple[object, ...]:
    r = entry.record
    return (r.location, r.url, r.title, r.byline, r.site, r.published, r.saved, r.updated,
            r.last_opened, r.position, r.progress, r.state, r.starred, r.archived_at,
            r.starred_at, tuple(r.tags), entry.article.text,
            entry.note and (entry.note.body, entry.note.created, entry.note.updated),
            tuple((h.quote, h.note, h.start, h.end, h.anchored, h.created)
                  for h in entry.highlights),
            entry.page and (entry.page.body, entry.page.media_type))


def test_our_export_round_trips_losslessly(tmp_path: Path) -> None:
    source = store.open(tmp_path / "one.sqlite3", clock=ticking_clock())
    web = source.save_article(article(URL), Page(URL, b"<p>original</p>"), opened=True)
    local = source.save_article(article(str(tmp_path / "page.html"), text="A file's own text, "
                                        "long enough to say something about otters."))
    source.set_note(web, "note one")
    source.add_highlight(web, 0, 7, note="first words")
    source.add_tag(web, "otters")
    source.set_state(web, "archived")
    source.set_starred(local)
    source.set_position(web, 33, 0.3)
    source.set_note(local, "note two")
    exported = list(source.iter_export_entries(annotated_only=False, pages=True))
    target = store.open(tmp_path / "two.sqlite3", clock=ticking_clock(10**6))
    reports = [target.merge_article(round_trip_item(e)) for e in exported]
    assert all(r.created for r in reports)
    again = list(target.iter_export_entries(annotated_only=False, pages=True))
    assert [comparable(e) for e in again] == [comparable(e) for e in exported]
    assert not any(target.merge_article(round_trip_item(e)).changed for e in exported)
    source.close()
    target.close()


def test_merge_report_says_when_nothing_changed() -> None:
    assert not MergeReport(1).changed and MergeReport(1, tags_added=1).changed


def test_a_whole_file_goes_in_batches_and_a_bad_item_is_skipped_alone(lib: Library) -> None:
    items = [IncomingArticle(f"https://example.org/{n}", title=f"Item {n}", tags=["pocket"],
                             saved=f"2020-01-01T00:00:{n:02d}Z") for n in range(12)]
    items[5] = IncomingArticle("https://example.org/5", title="Bad date", saved="yesterday")
    items[8] = IncomingArticle("https://example.org/8", note="x" * (5 * 2**20))
    reports = list(lib.merge_articles(items, batch=4, queue_fetch=True, source="pocket.csv"))
    assert len(reports) == 12
    assert [r.skipped is not None for r in reports] == [n in (5, 8) for n in range(12)]
    assert "not a date" in reports[5].skipped and "4 MB" in reports[8].skipped
    assert lib.count() == 10 and lib.find("https://example.org/8") is None
    assert lib.fetch_queue.counts()["queued"] == 10
    assert lib.fetch_queue.get("https://example.org/3").source == "pocket.csv"
    again = list(lib.merge_articles(items, batch=5, queue_fetch=True))
    assert not any(r.changed for r in again) and lib.count() == 10


def test_inside_one_transaction_a_failing_import_changes_nothing(lib: Library) -> None:
    def items():
        for n in range(5):
            yield IncomingArticle(f"https://example.org/{n}", title=f"Item {n}")
        raise ValueError("the file is malformed at line 6")

    merged = []
    with pytest.raises(ValueError):
        with lib.transaction():
            for report in lib.merge_articles(items(), batch=2):
                merged.append(report.article_id)
    assert len(merged) == 4                       # two batches went in, then the file broke
    assert lib.count() == 0
