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

FIRST = str(Path(__file__).parent / "fixtures" / "ux" / "first.html")


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


async def test_q_quits() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
