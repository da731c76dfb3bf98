"""Find in the article: matching, stepping, the find bar and `n`/`N`."""

from __future__ import annotations

import re

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Input, Label
from ui_helpers import Host, Pane, notifications, settle

from reader.ui.app import ReaderApp
from reader.ui.widgets.find import FindBar, Finder, find_all

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ux"


FIRST = str(FIXTURES / "first.html")


FIRST = str(Path(__file__).parent.parent / "fixtures" / "ux" / "first.html")


async def test_find_highlights_counts_and_steps() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        view = screen.article_view
        text = view.article.text
        await pilot.press("slash")
        bar = screen.query_one(FindBar)
        assert bar.is_open and isinstance(app.focused, Input)
        await pilot.press(*"lamp")
        await pilot.pause()
        expected = [i for i in range(len(text)) if text[i:i + 4].lower() == "lamp"]
        assert [s for s, _ in view._layers["find"].spans] == expected
        assert str(screen.query_one("#find-status").render()) == f"1/{len(expected)}"
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is view
        await pilot.press("n")
        assert view._layers["find-current"].spans == [(expected[1], expected[1] + 4)]
        assert view.current_sentence.start <= expected[1] < view.current_sentence.end
        await pilot.press("N", "N")
        assert view._layers["find-current"].spans == [(expected[-1], expected[-1] + 4)]
        start, end = view.visible_span()
        assert start <= expected[-1] < end  # scrolled to the match
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.is_open
        assert "find" not in view.highlight_names() and "find-current" not in \
            view.highlight_names()


async def test_n_repeats_the_search_after_the_bar_is_closed_as_in_less() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        view, bar = screen.article_view, screen.find_bar
        text = screen.article.text
        matches = [m.start() for m in re.finditer("(?i)lamp", text)]
        assert len(matches) >= 3
        await pilot.press("n")                           # nothing searched yet: it says so
        assert "no search to repeat" in notifications(app)[-1]
        await pilot.press("slash", *"lamp", "enter")
        assert view._layers["find-current"].spans[0][0] == matches[0]
        await pilot.press("escape")                      # closed ...
        await pilot.pause()
        assert not bar.is_open and "find-current" not in view.highlight_names()
        await pilot.press("n")                           # ... n is still "next match"
        await pilot.pause()
        assert screen.notes_panel is None
        assert bar.is_open and app.focused is view       # the bar shows, the focus stays
        assert view._layers["find-current"].spans[0][0] == matches[1]
        assert view.current_sentence.start <= matches[1] < view.current_sentence.end
        await pilot.press("N")
        assert view._layers["find-current"].spans[0][0] == matches[0]
        await pilot.press("escape", "G", "n")            # from the end: wraps to the first
        await pilot.pause()
        assert view._layers["find-current"].spans[0][0] == matches[0]
        await pilot.press("escape", "e")                 # notes have their own key
        await settle(pilot)
        panel = screen.notes_panel
        assert panel is not None and panel.display and app.focused is panel.editor


async def test_n_typed_in_the_find_field_is_a_letter() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        bar = app.reader_screen.find_bar
        await pilot.press("slash", *"lamp", "enter", "slash", "end", *" on")
        await pilot.pause()
        assert bar.query_one(Input).value == "lamp on"


def test_find_all_is_case_insensitive_with_exact_offsets() -> None:
    text = "Spy networks. A SPY, a spy-ring; spyware."
    spans = find_all(text, "spy")
    assert [text[a:b] for a, b in spans] == ["Spy", "SPY", "spy", "spy"]
    assert find_all(text, "") == []
    assert find_all(text, "a.b") == []  # regex characters are literal
    assert find_all("a.b a-b", "a.b") == [(0, 3)]


def test_find_offsets_survive_case_folding_that_changes_length() -> None:
    text = "İstanbul and istanbul"
    for a, b in find_all(text, "istanbul"):
        assert text[a:b].lower().endswith("stanbul")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(min_size=1, max_size=4))
def test_find_all_spans_match_the_query(text: str, query: str) -> None:
    spans = find_all(text, query)
    for a, b in spans:
        assert text[a:b].casefold() == query.casefold() or text[a:b].lower() == query.lower() \
            or len(text[a:b]) == len(query)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


def test_finder_next_previous_wrap_and_status() -> None:
    finder = Finder(text="one two one three one")
    assert finder.status() == ""
    assert finder.search("one") == (0, 3)
    assert finder.status() == "1/3"
    assert finder.next() == (8, 11)
    assert finder.next() == (18, 21)
    assert finder.next() == (0, 3)          # wraps forward
    assert finder.previous() == (18, 21)    # wraps backward
    assert finder.status() == "3/3"
    assert finder.search("zebra") is None
    assert finder.status() == "no matches"
    assert finder.next() is None and finder.previous() is None


def test_finder_starts_near_the_reading_position() -> None:
    finder = Finder(text="one two one three one")
    assert finder.search("one", near=5) == (8, 11)
    assert finder.search("one", near=100) == (0, 3)  # nothing after: wrap to the first


def test_finder_new_text_reruns_the_query() -> None:
    finder = Finder(text="aaa")
    finder.search("b")
    finder.set_text("b b")
    assert finder.matches == [(0, 1), (2, 3)] and finder.status() == "1/2"


async def test_find_bar_counts_steps_wraps_and_closes() -> None:
    app = Host()
    async with app.run_test() as pilot:
        bar = app.query_one(FindBar)
        assert not bar.display or not bar.is_open
        await pilot.press("slash")
        assert bar.is_open and isinstance(app.focused, Input)
        await pilot.press(*"alpha")
        await pilot.pause()
        status = app.query_one("#find-status", Label)
        assert str(status.render()) == "1/3"
        assert app.updates[-1].matches == [(0, 5), (18, 23), (40, 45)]
        assert app.updates[-1].current == (0, 5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.done == [False] and isinstance(app.focused, Pane)
        await pilot.press("n")
        assert app.updates[-1].current == (18, 23)
        await pilot.press("n", "n")
        assert app.updates[-1].current == (0, 5)          # wrapped
        await pilot.press("N")
        assert app.updates[-1].current == (40, 45)
        assert str(status.render()) == "3/3"
        await pilot.press("slash")                        # reopen: query kept and selected
        assert app.query_one("#find-input", Input).value == "alpha"
        await pilot.press("x")
        await pilot.pause()
        assert str(status.render()) == "no matches" and bar.has_class("-none")
        assert app.updates[-1].current is None
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.is_open and app.done[-1] is True
        assert app.updates[-1].matches == [] and app.updates[-1].current is None
