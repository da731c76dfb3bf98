"""Pilot tests of the library screen: list, search, open, delete with confirmation, undo, tags."""

from __future__ import annotations

from ui_helpers import ARTICLES, fill_library, notifications, settle

from reader import store
from reader.core.models import Article, Page
from reader.ui.app import ReaderApp
from reader.ui.screens.dialogs import Confirm, TextPrompt
from reader.ui.screens.library import LibraryScreen

def table_titles(screen: LibraryScreen) -> list[str]:
    table = screen.table
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def open_library(pilot) -> LibraryScreen:
    await settle(pilot)
    if not isinstance(pilot.app.screen, LibraryScreen):
        await pilot.press("l")
        await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


async def test_reader_without_location_opens_the_library_and_lists_articles() -> None:
    fill_library()
    app = ReaderApp()
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)          # `reader` alone: the library
        assert table_titles(screen) == ["The Quiet Work of Bees", "Why Kettles Sing",
                                        "Two Clocks in a Tidal Harbour"]
        row = [str(c) for c in screen.table.get_row_at(1)]
        assert row == ["Why Kettles Sing", "Kitchen Physics", "2024-11-02", "2", "0%"]
        assert [str(c) for c in screen.table.get_row_at(0)][1:3] == ["example.org", "2025-07-01"]
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
        assert screen.table.row_count == 0
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
        assert screen.table.row_count == 0
        assert not [n for n in notifications(app) if "Library" in n]


async def test_delete_asks_then_undo_restores() -> None:
    ids = fill_library()
    app = ReaderApp()
    async with app.run_test(size=(110, 30)) as pilot:
        screen = await open_library(pilot)
        screen.table.move_cursor(row=1)                     # Why Kettles Sing
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
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
        screen.table.move_cursor(row=0)                     # the Bees, tagged "nature"
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*", Later", "enter")
        await pilot.pause()
        with store.open() as lib:
            assert lib.tags(ids["The Quiet Work of Bees"]) == ["later", "nature"]
        assert "[later, nature]" in str(screen.query_one("#library-status").render())


def test_library_snapshot(snap_compare) -> None:
    fill_library()

    async def ready(pilot) -> None:
        await settle(pilot)
        assert isinstance(pilot.app.screen, LibraryScreen)
        pilot.app.screen.table.move_cursor(row=1)
        await pilot.pause()

    assert snap_compare(ReaderApp(), terminal_size=(100, 20), run_before=ready)
