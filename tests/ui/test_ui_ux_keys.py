"""Every key of DESIGN.md's default key table that the reading screen owns, pressed for real."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import settle

from reader.ui.app import ReaderApp
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.open import OpenDialog
from reader.ui.widgets.find import FindBar
from reader.ui.widgets.summary_panel import SummaryList

FIRST = str(Path(__file__).parent.parent / "fixtures" / "ux" / "first.html")


@pytest.fixture
def copied(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    monkeypatch.setattr(ReaderApp, "copy_text", lambda self, text: texts.append(text))
    return texts


async def test_scrolling_keys() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.reader_screen.article_view
        assert app.focused is view and view.max_scroll_y > 10
        await pilot.press("j", "j", "j")
        assert view.scroll_y == 3
        await pilot.press("k")
        assert view.scroll_y == 2
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("space")
        page = view.scroll_y
        assert page >= view.scrollable_content_region.height - 2
        await pilot.press("b")
        assert view.scroll_y == 0


async def test_dialog_keys_help_find_open_and_tab() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert app.screen is screen
        await pilot.press("slash")
        assert screen.query_one(FindBar).is_open
        await pilot.press(*"the", "enter")
        first = screen.article_view._layers["find-current"].spans
        await pilot.press("n")
        assert screen.article_view._layers["find-current"].spans != first
        await pilot.press("N")
        assert screen.article_view._layers["find-current"].spans == first
        await pilot.press("escape", "o")
        assert isinstance(app.screen, OpenDialog)
        await pilot.press("escape")
        assert app.screen is screen and app.focused is screen.article_view
        await pilot.press("tab")
        assert isinstance(app.focused, SummaryList)
        await pilot.press("down", "enter")
        view = screen.article_view
        chosen = screen.summary.sentences[1]
        assert view.current_sentence == chosen
        start, end = view.visible_span()
        assert start <= chosen.start < end


async def test_summary_keys_length_algorithm_copy(copied: list[str]) -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        length = len(screen.summary.sentences)
        await pilot.press("plus")
        await settle(pilot)
        assert len(screen.summary.sentences) == length + 1
        await pilot.press("minus", "minus")
        await settle(pilot)
        assert len(screen.summary.sentences) == length - 1
        algorithm = screen.summary.algorithm
        await pilot.press("a")
        await settle(pilot)
        assert screen.summary.algorithm != algorithm
        await pilot.press("c")
        assert copied and copied[-1].count("\n") >= len(screen.summary.sentences)
        assert "The Lighthouse Keepers' Logbooks" in copied[-1]
        await pilot.press("y")
        sentence = screen.article_view.current_sentence
        assert copied[-1] == " ".join(sentence.text_in(screen.article.text).split())
        await pilot.press("Y")
        assert copied[-1].splitlines() == [
            " ".join(s.text_in(screen.article.text).split()) for s in screen.summary.sentences]


async def test_q_quits() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_help_scrolls_with_reading_keys() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        scroller = app.screen.query_one("#help-scroll")
        assert scroller.max_scroll_y > 5  # the key list is longer than 24 rows
        await pilot.press("j", "j")
        assert scroller.scroll_y == 2
        await pilot.press("k")
        assert scroller.scroll_y == 1
        await pilot.press("G")
        assert scroller.scroll_y == scroller.max_scroll_y
        await pilot.press("g")
        assert scroller.scroll_y == 0
        await pilot.press("space")
        assert scroller.scroll_y > 5


async def test_s_toggles_summary_marks_and_v_cycles_the_view() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        view, summary = screen.article_view, screen.summary_panel
        assert "summary" in view.highlight_names()
        await pilot.press("s")
        assert "summary" not in view.highlight_names()
        await pilot.press("plus")  # a new summary keeps the marks hidden
        await settle(pilot)
        assert "summary" not in view.highlight_names()
        await pilot.press("s")
        assert view._layers["summary"].spans == [(s.start, s.end)
                                                 for s in screen.summary.sentences]
        both_height = view.size.height
        await pilot.press("v")
        await pilot.pause()
        assert not summary.display and view.size.height > both_height
        await pilot.press("v")
        await pilot.pause()
        assert not view.display and summary.display
        assert isinstance(app.focused, SummaryList)
        assert summary.size.height > 15
        await pilot.press("v")
        await pilot.pause()
        assert view.display and summary.display and app.focused is view
