"""The open dialog, recent locations, path completion and back/forward history."""

from __future__ import annotations

import json
import os
from pathlib import Path

from textual.widgets import Input, OptionList
from ui_helpers import settle

from reader.app import paths
from reader.app.state import Recents
from reader.ui.app import ReaderApp
from reader.ui.locations import LocationSuggester, complete_path
from reader.ui.navigation import History
from reader.ui.screens.open import OpenDialog

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ux"


FIRST = str(FIXTURES / "first.html")


SECOND = str(FIXTURES / "second.html")


async def test_open_dialog_remembers_and_completes(tmp_path: Path) -> None:
    Recents().add(FIRST)
    app = ReaderApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, OpenDialog)
        recent = app.screen.query_one("#open-recent", OptionList)
        assert recent.option_count == 1
        field = app.screen.query_one(Input)
        field.value = str(FIXTURES / "sec")
        await pilot.pause(0.2)
        await pilot.press("tab")
        assert field.value == SECOND
        field.value = ""
        await pilot.press("down")
        assert app.focused is recent
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader_screen.location == FIRST


def test_history_back_forward_and_branching() -> None:
    history = History()
    assert history.back() is None and history.forward() is None
    for loc in ("a", "b", "c"):
        history.visit(loc)
    history.visit("c")  # re-opening the current one is not a new entry
    assert history.entries == ["a", "b", "c"]
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.back() is None and history.current == "a"
    assert history.forward() == "b"
    history.visit("d")  # a new visit drops the forward entries
    assert history.entries == ["a", "b", "d"]
    assert not history.can_go_forward and history.can_go_back


def test_recents_persist_dedupe_and_limit(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "recent.json"
    recents = Recents(path, limit=3)
    recents.add("https://example.org/a")
    recents.add("-")  # stdin is not remembered
    (tmp_path / "page.html").write_text("<p>x</p>")
    monkeypatch.chdir(tmp_path)
    recents.add("page.html")
    recents.add("https://example.org/b")
    recents.add("https://example.org/a")
    recents.add("https://example.org/c")
    expected = ["https://example.org/c", "https://example.org/a", "https://example.org/b"]
    assert recents.items == expected
    assert Recents(path, limit=3).items == expected
    recents.add("page.html")
    assert Recents(path).items[0] == str(tmp_path / "page.html")  # stored absolute
    assert recents.matching("HTTPS://EXAMPLE.ORG/") == ["https://example.org/c",
                                                         "https://example.org/a"]


def test_recents_default_location_and_damaged_file() -> None:
    recents = Recents()
    assert recents.path == paths.data_dir() / "recent.json"
    recents.path.parent.mkdir(parents=True, exist_ok=True)
    recents.path.write_text("{not json")
    assert Recents().items == []
    recents.path.write_text(json.dumps({"recent": ["x", 3, None, "y"]}))
    assert Recents().items == ["x", "y"]
    recents.path.write_text(json.dumps(["x"]))
    assert Recents().items == []


def test_recents_unwritable_folder_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    recents = Recents(blocker / "recent.json")
    recents.add("https://example.org")
    assert recents.items == ["https://example.org"]


def test_complete_path(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "article.html").write_text("")
    (tmp_path / "Notes.txt").write_text("")
    (tmp_path / ".hidden").write_text("")
    base = str(tmp_path) + os.sep
    assert complete_path(base + "arti") == base + "article.html"
    assert complete_path(base + "articles") == base + "articles" + os.sep
    assert complete_path(base + "no") == base + "Notes.txt"  # case-insensitive
    assert complete_path(base) == base + "article.html"       # hidden files skipped
    assert complete_path(base + ".") == base + ".hidden"
    assert complete_path(base + ".h") == base + ".hidden"
    assert complete_path(base + "zzz") is None
    assert complete_path("https://exa") is None
    assert complete_path("") is None
    assert complete_path(str(tmp_path / "missing" / "x")) is None


def test_complete_path_keeps_tilde(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "reading").mkdir()
    assert complete_path("~/rea") == "~/reading" + os.sep
    assert complete_path("~") == "~" + os.sep


async def test_suggester_prefers_recents(tmp_path: Path) -> None:
    recents = Recents(tmp_path / "recent.json")
    recents.add("https://example.org/story")
    (tmp_path / "story.html").write_text("")
    suggester = LocationSuggester(recents)
    assert await suggester.get_suggestion("https://ex") == "https://example.org/story"
    assert await suggester.get_suggestion("HTTPS://EX") == "HTTPS://EXample.org/story"
    assert await suggester.get_suggestion(str(tmp_path / "st")) == str(tmp_path / "story.html")
    assert await suggester.get_suggestion("   ") is None


async def test_back_and_forward_with_keys_every_terminal_sends() -> None:
    """xterm and plain tmux send shift+backspace as backspace: the arrows (as in lynx) and
    backspace work everywhere, and help lists them."""
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_location(SECOND)
        await settle(pilot)
        screen = app.reader_screen
        assert screen.location == SECOND
        await pilot.press("left")                      # back
        await settle(pilot)
        assert screen.location == FIRST
        await pilot.press("right")                     # forward
        await settle(pilot)
        assert screen.location == SECOND
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.location == FIRST
        from reader.ui.screens.help import collect_bindings
        keys = {row.description: row.keys.split() for row in collect_bindings(app.screen)}
        assert "→" in keys["Forward"] and "Back" not in keys    # the first article: no back
        await pilot.press("right")
        await settle(pilot)
        keys = {row.description: row.keys.split() for row in collect_bindings(app.screen)}
        assert "←" in keys["Back"] and "Forward" not in keys    # the last one: no forward


async def test_tab_completes_the_common_prefix_then_cycles(tmp_path: Path) -> None:
    for name in ("report-2024.html", "report-2025.html", "reading.txt"):
        (tmp_path / name).write_text("<p>x</p>")
    base = str(tmp_path) + os.sep
    app = ReaderApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        field = app.screen.query_one(Input)
        field.value = base + "rep"
        await pilot.pause()
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(field.value.removeprefix(base))
        assert seen == ["report-202", "report-2024.html", "report-2025.html", "report-2024.html"]
        field.value = base + "re"                   # nothing longer in common: cycle at once
        await pilot.pause()
        await pilot.press("tab")
        assert field.value == base + "reading.txt"
        field.value = base + "zz"
        await pilot.press("tab")
        assert "Nothing here starts with that." in str(app.screen.query_one("#open-error").render())


async def test_tab_on_a_completed_folder_goes_into_it_past_a_recent_page_there(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("0046.html", "0077.html"):
        (pages / name).write_text("<p>x</p>")
    app = ReaderApp()
    app.recents.add(str(pages / "0046.html"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        field = app.screen.query_one(Input)
        field.value = str(tmp_path / "pag")
        await pilot.pause()
        await pilot.press("tab")
        assert field.value == str(pages) + os.sep     # as far as the recent page and the folder agree
        seen = []
        for _ in range(4):                            # then into it: its files, not the old list
            await pilot.press("tab")
            seen.append(field.value.removeprefix(str(pages) + os.sep))
        assert seen == ["00", "0046.html", "0077.html", "0046.html"]
