"""Pilot tests of the library screen: list, search, open, delete with confirmation, undo, tags."""

from __future__ import annotations

from ui_helpers import ARTICLES, fill_library, notifications, settle, until

from pathlib import Path

import pytest

from textual.css.query import NoMatches

from reader import store
from reader.store import Library
from reader.core.models import Article, Page
from reader.ui.app import ReaderApp
from reader.ui.screens.dialogs import Confirm, TextPrompt
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_list import cells

def table_titles(screen: LibraryScreen) -> list[str]:
    listing = screen.article_list
    return [listing.rows[i].title for i in range(listing.total)]


def row_cells(screen: LibraryScreen, index: int) -> dict[str, str]:
    return cells(screen.article_list.rows[index], narrow=False, sort=screen.article_list.sort)


async def open_library(pilot) -> LibraryScreen:
    await settle(pilot)
    if not isinstance(pilot.app.screen, LibraryScreen):
        await pilot.press("l")
        await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


def import_pocket(tmp_path: Path, rows: list[str]) -> None:
    """`reader import` of a Pocket CSV with these rows (title,url,time_added,tags,status)."""
    from reader.cli import main

    export = tmp_path / "pocket.csv"
    export.write_text("title,url,time_added,tags,status\n" + "".join(f"{r}\n" for r in rows),
                      encoding="utf-8")
    assert main(["import", str(export)]) == 0


async def article_shown(pilot):
    """The reading screen once it shows an article saved in the library (up to 10 s)."""
    reader_screen = pilot.app.reader_screen
    for _ in range(200):
        await pilot.pause(0.05)
        if reader_screen.article is not None and reader_screen.article_id is not None:
            break
    return reader_screen


async def test_reader_without_location_opens_the_library_and_lists_articles() -> None:
    fill_library()
    app = ReaderApp()
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)          # `reader` alone: the library
        assert table_titles(screen) == ["The Quiet Work of Bees", "Why Kettles Sing",
                                        "Two Clocks in a Tidal Harbour"]
        row = row_cells(screen, 1)
        assert [row[k] for k in ("title", "site", "date", "notes", "read")] == [
            "Why Kettles Sing", "Kitchen Physics", "2025-07-01", "2", "0%"]   # opened, unread
        assert [row_cells(screen, 0)[k] for k in ("site", "date", "tags")] == [
            "example.org", "2025-07-01", "nature"]
        await pilot.press("s")                             # sort by date saved
        await pilot.press("s")                             # by title
        await pilot.pause()
        assert table_titles(screen)[0] == "The Quiet Work of Bees"
        assert "sorted by title" in str(screen.query_one("#library-title").render())
        await pilot.press("l")                             # l again: back to the reader
        await pilot.pause()
        assert app.screen is app.reader_screen


async def test_empty_library_is_not_forced_on_the_user() -> None:
    app = ReaderApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen is app.reader_screen
        screen = await open_library(pilot)
        assert screen.article_list.total == 0
        assert "library is empty" in str(screen.query_one("#library-status").render())


async def test_search_then_open() -> None:
    fill_library()
    app = ReaderApp()
    async with app.run_test(size=(110, 30)) as pilot:
        screen = await open_library(pilot)
        await pilot.press("slash", *"zebra")
        await pilot.pause(0.4)
        assert table_titles(screen) == ["Why Kettles Sing"]          # found by its note
        assert "«zebra»" in str(screen.query_one("#library-status").render())
        await pilot.press("enter")                                     # to the table
        await pilot.press("enter")                                     # open
        await settle(pilot)
        await app.workers.wait_for_complete()
        reader_screen = app.reader_screen
        assert app.screen is reader_screen
        assert reader_screen.article.title == "Why Kettles Sing"
        assert reader_screen.location == "https://example.org/kettles"
        assert reader_screen.article_id is not None
        with store.open() as lib:
            assert lib.count() == 3                                     # no duplicate


async def test_hostile_search_strings_are_harmless() -> None:
    fill_library()
    app = ReaderApp()
    async with app.run_test(size=(110, 30)) as pilot:
        screen = await open_library(pilot)
        await pilot.press("slash", *'"NEAR(*', "enter")
        await pilot.pause(0.3)
        assert screen.article_list.total == 0
        assert not [n for n in notifications(app) if "Library" in n]


async def test_delete_asks_then_undo_restores() -> None:
    ids = fill_library()
    app = ReaderApp()
    async with app.run_test(size=(110, 30)) as pilot:
        screen = await open_library(pilot)
        screen.article_list.move_to(1)                      # Why Kettles Sing
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert app.screen.dialog[1].startswith("Its note and 1 highlight go with it. Press u")
        await pilot.press("n")                              # cancelled
        await pilot.pause()
        assert len(table_titles(screen)) == 3
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Why Kettles Sing" not in table_titles(screen)
        with store.open() as lib:
            assert lib.get(ids["Why Kettles Sing"]) is None
        await pilot.press("u")
        await pilot.pause()
        assert "Why Kettles Sing" in table_titles(screen)
        assert screen.selected_record().title == "Why Kettles Sing"
        with store.open() as lib:
            assert lib.get_note(ids["Why Kettles Sing"]).body == "Ask about the zebra kettle."
        await pilot.press("u")
        await pilot.pause()
        assert notifications(app)[-1] == "There is nothing to undo: no article was deleted."


async def test_tags_are_edited_in_a_prompt() -> None:
    ids = fill_library()
    app = ReaderApp()
    async with app.run_test(size=(110, 30)) as pilot:
        screen = await open_library(pilot)
        screen.article_list.move_to(0)                      # the Bees, tagged "nature"
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*", Later", "enter")
        await pilot.pause()
        with store.open() as lib:
            assert lib.tags(ids["The Quiet Work of Bees"]) == ["later", "nature"]
        await settle(pilot)
        assert "#later #nature" in str(screen.query_one("#library-status").render())
        assert row_cells(screen, 0)["tags"] == "later, nature"        # shown in the list


def _library_snapshot(snap_compare, size: tuple[int, int]) -> bool:
    ids = fill_library()
    with store.open() as lib:
        lib.add_tag(ids["Why Kettles Sing"], "physics")
        lib.set_starred(ids["Why Kettles Sing"])
        lib.set_state(ids["Two Clocks in a Tidal Harbour"], "archived")

    async def ready(pilot) -> None:
        await settle(pilot)
        assert isinstance(pilot.app.screen, LibraryScreen)
        pilot.app.screen.article_list.move_to(1)
        await pilot.pause()

    return snap_compare(ReaderApp(), terminal_size=size, run_before=ready)


def test_library_snapshot_80x24(snap_compare) -> None:
    assert _library_snapshot(snap_compare, (80, 24))


def test_library_snapshot_120x40(snap_compare) -> None:
    assert _library_snapshot(snap_compare, (120, 40))


async def test_tags_show_in_the_list_and_are_searched_and_filtered() -> None:
    ids = fill_library()
    with store.open() as lib:
        lib.add_tag(ids["Why Kettles Sing"], "security")
        lib.add_tag(ids["Why Kettles Sing"], "mac")
    app = ReaderApp()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_library(pilot)
        assert row_cells(screen, 1)["tags"] == "mac, security"
        for query in ("security", "tag:security", "tag:mac tag:security", "kettle tag:mac"):
            screen.query_one("#library-search").value = query
            await pilot.pause(0.2)
            await settle(pilot)
            assert table_titles(screen) == ["Why Kettles Sing"], query
        screen.query_one("#library-search").value = "tag:nature"
        await pilot.pause(0.2)
        await settle(pilot)
        assert table_titles(screen) == ["The Quiet Work of Bees"]
        assert "1 article matches “tag:nature”" in str(screen.query_one("#library-title").render())
    app = ReaderApp()
    async with app.run_test(size=(80, 24)) as pilot:          # narrow: tags follow the title
        screen = await open_library(pilot)
        line = "".join(s.text for s in screen.article_list.render_line(1))
        assert "Why Kettles Sing  #mac #security" in line


async def test_archive_and_star_from_the_list_and_filter_by_state() -> None:
    ids = fill_library()
    app = ReaderApp()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_library(pilot)
        screen.article_list.move_to(1)                      # Why Kettles Sing
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("asterisk")
        await settle(pilot)
        with store.open() as lib:
            record = lib.get(ids["Why Kettles Sing"])
            assert record.archived and record.starred
        assert row_cells(screen, 1)["mark"] == "★"
        screen.query_one("#library-search").value = "is:archived"
        await pilot.pause(0.2)
        await settle(pilot)
        assert table_titles(screen) == ["Why Kettles Sing"]
        screen.query_one("#library-search").value = "-is:archived"
        await pilot.pause(0.2)
        await settle(pilot)
        assert "Why Kettles Sing" not in table_titles(screen) and len(table_titles(screen)) == 2


async def test_opening_the_same_page_by_file_url_and_stdin_keeps_one_entry(tmp_path) -> None:
    """One library entry per article, with its notes, however it was opened (issue 12)."""
    from sources_server import serve

    from reader.core.models import Page
    from ui_helpers import settle as wait
    page = (Path(__file__).parent.parent / "fixtures" / "ui" / "harbour.html").read_bytes()
    copy = tmp_path / "harbour.html"
    copy.write_bytes(page)
    with serve() as server:
        locations = [str(copy), server.set_custom(200, [("Content-Type", "text/html")], page)]
        app = ReaderApp(locations[0])
        async with app.run_test(size=(120, 40)) as pilot:
            await wait(pilot)
            await pilot.press("e", *"kept", "escape")
            for location in locations[1:]:
                app.open_location(location)
                await wait(pilot)
        app = ReaderApp(page=Page(location="-", body=page, media_type="text/html"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait(pilot)
            screen = await open_library(pilot)
            assert screen.article_list.total == 1
            assert row_cells(screen, 0)["notes"] == "1"
    with store.open() as lib:
        [record] = lib.list_articles()
        assert lib.get_note(record.id).body == "kept"


def _big_library(count: int) -> None:
    with store.open() as lib:
        for n in range(count):
            url = f"https://example.org/{n:05d}"
            lib.save_article(Article(text=f"Story {n} about tides and boats. It ends here.",
                                     title=f"Story {n:05d}", url=url, location=url),
                             opened=True)


async def test_a_big_library_reads_only_the_rows_on_screen(monkeypatch) -> None:
    _big_library(1200)
    calls: list[tuple[int, int]] = []
    original = Library.list_page

    def counted(self, sort="opened", filters=None, *, limit=50, offset=0, **kw):
        calls.append((offset, limit))
        return original(self, sort, filters, limit=limit, offset=offset, **kw)

    monkeypatch.setattr(Library, "list_page", counted)
    app = ReaderApp()
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await open_library(pilot)
        await pilot.resize_terminal(120, 30)               # a resize reads nothing again
        await settle(pilot)
        listing = screen.article_list
        assert listing.total == 1200 and len(calls) == 1 and len(listing.rows) <= 100
        assert "1,200 articles" in str(screen.query_one("#library-title").render())
        await pilot.press("G")                               # the end: its page, read from there
        await settle(pilot)
        assert listing.cursor == 1199 and listing.selected.title == "Story 00000"
        assert len(listing.rows) <= 200 and len(calls) == 2
        await pilot.press("g", "j", "j")
        assert listing.selected.title == "Story 01197"
        await pilot.press("slash", *"story 0119")           # each key searches
        await pilot.pause(0.2)
        await settle(pilot)
        assert {r.title for r in listing.rows.values()} >= {"Story 01190", "Story 01199"}


async def test_an_imported_entry_not_fetched_yet_is_fetched_when_opened(tmp_path: Path) -> None:
    """An entry from an import (or `reader save --later`) has no text yet: Enter fetches its
    address, the one library entry gets the text and keeps its tags, and the fetch queue
    no longer waits for it."""
    from sources_server import serve

    with serve() as server:
        url = server.url("/page.html")
        import_pocket(tmp_path, [f"From the import,{url},1700000000,sea,unread"])
        app = ReaderApp()
        async with app.run_test(size=(110, 30)) as pilot:
            screen = await open_library(pilot)
            assert table_titles(screen) == ["From the import"]
            await pilot.press("enter")
            reader_screen = await article_shown(pilot)
            assert "served by the test server" in reader_screen.article.text
            assert "/page.html" in server.hits
            await app.workers.wait_for_complete()
            await pilot.press("q")
    with store.open() as lib:
        assert lib.count() == 1
        record = lib.find(url)
        assert record is not None and record.text_chars > 0 and "sea" in record.tags
        item = lib.fetch_queue.get(url)
        assert item is not None and item.state == "done"


def test_an_entry_with_no_text_yet_is_marked_to_fetch() -> None:
    from reader.store.records import ArticleRecord

    def record(text_chars: int, progress: float = 0.0) -> ArticleRecord:
        return ArticleRecord(1, "https://example.org/a", "https://example.org/a",
                             "https://example.org/a", "A", None, None, None, None, None,
                             "2026-01-01", "2026-01-01", None, 0, progress,
                             text_chars=text_chars)

    assert cells(record(0), narrow=False)["read"] == "↓"
    assert cells(record(900), narrow=False)["read"] == ""
    assert cells(record(900, 0.5), narrow=False)["read"] == "50%"


async def test_the_library_footer_offers_only_keys_that_act_here() -> None:
    """Empty, Enter has no row to read (it says so instead of nothing); `l` would only close
    the library, which Escape's "Back" already offers."""
    from reader.ui.widgets.footer import KeyFooter

    def offered(app) -> list[str]:
        return [f"{e.key} {e.description}" for e in app.screen.query_one(KeyFooter).shown]

    app = ReaderApp()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_library(pilot)
        await settle(pilot)
        keys = offered(app)
        assert "esc Back" in keys and not [k for k in keys if k.endswith((" Read", " Library"))]
        await pilot.press("enter")
        await pilot.pause()
        assert notifications(app)[-1] == "There is no article to read: the library is empty."
        assert isinstance(app.screen, LibraryScreen)
    fill_library()
    app = ReaderApp()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_library(pilot)
        await settle(pilot)
        keys = offered(app)
        assert "⏎ Read" in keys and not [k for k in keys if k.endswith(" Library")], keys
        await pilot.press("l")                     # the key itself still closes the library
        await pilot.pause()
        assert app.screen is app.reader_screen
        assert "l Library" in offered(app)


async def test_a_typed_key_is_searched_at_once_and_a_burst_once_after_it() -> None:
    from types import SimpleNamespace

    fill_library()
    app = ReaderApp()
    async with app.run_test(size=(110, 30)) as pilot:
        screen = await open_library(pilot)
        await settle(pilot)
        asked: list[str] = []
        screen.refresh_rows = lambda **kw: asked.append(screen.query_text)

        def typed(value: str) -> None:
            screen.on_input_changed(SimpleNamespace(value=value, stop=lambda: None))

        typed("z")                                  # after a pause: no wait before the search
        assert asked == ["z"] and screen._timer is None
        typed("ze")                                 # right after it: held for the next key
        typed("zeb")
        assert asked == ["z"] and screen._timer is not None
        await pilot.pause(0.1)
        assert asked == ["z", "zeb"]                # the burst searched once, for its last key


async def test_a_failed_download_is_marked_with_its_reason_and_enter_tries_again(
        tmp_path: Path) -> None:
    """An imported entry whose download failed shows the failure mark in the list and its
    one-line reason in the status line; Enter fetches it again (the server answers now), the
    entry gets its text and the queue no longer holds the failure."""
    from sources_server import serve

    from reader.cli import main
    from reader.ui.widgets.article_list import FAILED_MARK

    with serve() as server:
        url = server.url("/page.html")
        waiting = server.url("/other.html")
        export = tmp_path / "pocket.csv"
        export.write_text("title,url,time_added,tags,status\n"
                          f"Failed before,{url},1700000100,,unread\n"
                          f"Still waiting,{waiting},1700000000,,unread\n", encoding="utf-8")
        assert main(["import", str(export)]) == 0
        with store.open() as lib:
            queue = lib.fetch_queue
            [item] = [i for i in queue.claim(8) if i.url == url]
            queue.failed(item.id, f"The server answered 503 (busy) three times for {url}.")
        app = ReaderApp()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_library(pilot)
            titles = table_titles(screen)
            failed = titles.index("Failed before")
            listing = screen.article_list
            assert cells(listing.rows[failed], False, listing.rows[failed].id
                         in listing.failures)["mark"] == FAILED_MARK
            other = listing.rows[titles.index("Still waiting")]
            assert other.id not in listing.failures            # queued, not failed
            listing.move_to(failed)
            await pilot.pause()
            status = str(screen.query_one("#library-status").render())
            # at 80 columns the key and the reason fit: the row already shows the address
            assert "Download failed (⏎ tries again): The server answered 503 (busy) three " \
                "times." in status and url not in status
            lines = [listing.render_line(y).text for y in range(2)]
            assert any(line.startswith(FAILED_MARK) for line in lines), lines
            await pilot.press("enter")
            reader_screen = await article_shown(pilot)
            assert "served by the test server" in reader_screen.article.text
            await app.workers.wait_for_complete()
            await pilot.press("q")
    with store.open() as lib:
        record = lib.find(url)
        assert record is not None and record.text_chars > 0
        assert lib.fetch_queue.get(url).state == "done"


async def test_a_download_that_fails_again_in_the_app_stays_marked_with_its_reason(
        tmp_path: Path) -> None:
    """Enter on an entry still to fetch whose address now fails: the failure and its reason
    are kept (marked in the list again, for `reader fetch --failed`), never forgotten as
    "not fetched yet"."""
    from sources_server import serve

    with serve() as server:
        url = server.url("/404")
        import_pocket(tmp_path, [f"Gone soon,{url},1700000100,,unread"])
        app = ReaderApp()
        async with app.run_test(size=(80, 24)) as pilot:
            await open_library(pilot)
            await pilot.press("enter")
            await until(pilot, lambda: any("404" in n for n in notifications(app)))
            await app.workers.wait_for_complete()
            with store.open() as lib:
                await until(pilot, lambda: lib.fetch_queue.get(url).state == "failed")
                assert "404" in (lib.fetch_queue.get(url).last_error or "")
            await pilot.press("q")


async def test_a_failed_open_from_the_library_goes_back_to_the_library(tmp_path: Path) -> None:
    fill_library()
    app = ReaderApp()
    async with app.run_test(size=(110, 30)) as pilot:
        await open_library(pilot)
        app.open_location(str(tmp_path))                   # a folder: not a page
        await until(pilot, lambda: any("is a folder, not a page" in n for n in notifications(app)))

        def listed() -> bool:  # the library screen back, its list filled (by a worker)
            screen = app.screen
            if not isinstance(screen, LibraryScreen):
                return False
            try:
                return screen.article_list.total > 0
            except NoMatches:  # not composed yet
                return False

        await until(pilot, listed)
        assert isinstance(app.screen, LibraryScreen)
        assert table_titles(app.screen)[0] == "The Quiet Work of Bees"  # (listed by a worker)


async def test_the_date_column_shows_the_date_the_list_is_sorted_by() -> None:
    fill_library()
    async with ReaderApp().run_test(size=(110, 30)) as pilot:
        screen = await open_library(pilot)
        header = lambda: str(screen.query_one("#library-header").render())  # noqa: E731
        seen = {}
        for _ in range(6):                     # every order once: s steps through them
            await until(pilot, lambda: screen.article_list.sort == screen.sort)
            await pilot.pause()
            titles = table_titles(screen)
            seen[screen.sort] = (header(), row_cells(screen, titles.index("Why Kettles Sing"))["date"])
            await pilot.press("s")
        assert "Opened" in seen["opened"][0] and "Saved" in seen["saved"][0]
        assert "Published" in seen["published"][0] and "Date" not in seen["published"][0]
        assert seen["published"][1] == "2024-11-02"              # its own date, not the save's
        assert seen["saved"][1].startswith("2025-07-0") and "Saved" in seen["title"][0]


@pytest.mark.parametrize("note, highlights, said", [
    (True, 0, "Its note goes with it."), (False, 1, "1 highlight goes with it."),
    (False, 2, "2 highlights go with it."), (True, 2, "Its note and 2 highlights go with it."),
    (False, 0, "Press u")])
async def test_the_delete_question_says_what_goes_with_the_article_in_agreeing_words(
        note: bool, highlights: int, said: str) -> None:
    ids = fill_library()
    bees = ids["The Quiet Work of Bees"]              # no note, no highlight of its own
    with store.open() as lib:
        if note:
            lib.set_note(bees, "Count the hives.")
        for i in range(highlights):
            lib.add_highlight(bees, i * 5, i * 5 + 4)
    app = ReaderApp()
    async with app.run_test(size=(110, 30)) as pilot:
        screen = await open_library(pilot)
        screen.article_list.move_to(table_titles(screen).index("The Quiet Work of Bees"))
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert app.screen.dialog[1].startswith(said), app.screen.dialog[1]
