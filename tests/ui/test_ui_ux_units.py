"""UX building blocks without a screen: find, history, recents, completion, keymap, progress."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from reader.app import paths
from reader.app.state import HINT_LAUNCHES, AppState, Recents
from reader.ui import keymap
from reader.ui.actions import ACTIONS, Action
from reader.ui.locations import LocationSuggester, complete_path
from reader.ui.navigation import History
from reader.ui.widgets.find import Finder, find_all
from reader.ui.widgets.footer import progress_text, reading_progress
from reader.ui.widgets.progress import describe, format_bytes


# --- find -------------------------------------------------------------------------------------

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


# --- history ----------------------------------------------------------------------------------

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


# --- keymap -----------------------------------------------------------------------------------

_ACTIONS = [
    Action("app.quit", "app", "quit", "q", "Quit", "Everywhere"),
    Action("reader.find", "reader", "find", "slash", "Find", "Reading"),
    Action("article.scroll_down", "article", "scroll_down", "j,down", "Down", "Article pane"),
    Action("reader.copy_summary", "reader", "copy('all')", "c", "Copy", "Reading"),
    Action("library.search", "library", "search", "slash", "Search", "Library"),
]


def test_resolve_by_id_or_action_and_normalizes_keys() -> None:
    result = keymap.resolve({"quit": "ctrl+q", "copy": "?", "scroll-down": "J,Ctrl+D"},
                            _ACTIONS)
    assert result.keymap == {"app.quit": "ctrl+q", "reader.copy_summary": "question_mark",
                             "article.scroll_down": "J,ctrl+d"}
    assert result.problems == []


def test_resolve_reports_unknown_names_and_taken_keys() -> None:
    result = keymap.resolve({"fly": "x", "find": "q"}, _ACTIONS)
    assert result.keymap == {"reader.find": "q"}
    assert "[keys] fly: no action has that name" in result.problems[0]
    assert result.problems[1] == ("[keys] find = 'q': that key already belongs to quit (quit); "
                                  "remap one of them.")
    # Moving quit away as well is not a clash.
    assert keymap.resolve({"find": "q", "quit": "x"}, _ACTIONS).problems == []


def test_keys_of_screens_never_shown_together_do_not_clash() -> None:
    # "/" finds on the reading screen and searches in the library: adding ctrl+f to find
    # takes nothing from the library's search.
    assert keymap.resolve({"find": "slash,ctrl+f"}, _ACTIONS).problems == []


def test_unknown_names_get_the_closest_suggested() -> None:
    [problem] = keymap.resolve({"copy_sentense": "x"}).problems
    assert "Did you mean 'copy_sentence'" in problem
    assert len(problem) < 200


def test_every_registry_action_is_remappable_by_its_short_name() -> None:
    for action in ACTIONS:
        assert keymap.resolve({action.id: "ctrl+t"}).keymap == {action.id: "ctrl+t"}


def test_normalize_key() -> None:
    assert keymap.normalize_key("?") == "question_mark"
    assert keymap.normalize_key("/") == "slash"
    assert keymap.normalize_key("Ctrl+F") == "ctrl+f"
    assert keymap.normalize_key("G") == "G"
    assert keymap.normalize_key("+") == "plus"
    assert keymap.normalize_key("shift+backspace") == "shift+backspace"


# --- progress and status ----------------------------------------------------------------------

@pytest.mark.parametrize(("count", "text"), [(0, "0 B"), (999, "999 B"), (1536, "1.5 KB"),
                                             (3 * 1024 * 1024, "3.0 MB"),
                                             (5 * 1024 ** 3, "5.0 GB")])
def test_format_bytes(count: int, text: str) -> None:
    assert format_bytes(count) == text


def test_describe_download() -> None:
    assert describe(1536, 3 * 1024 * 1024) == "1.5 KB of 3.0 MB"
    assert describe(2048, None) == "2.0 KB received"


def test_reading_progress() -> None:
    assert reading_progress(0, 0, 500) == (100, 0)
    assert reading_progress(0, 100, 2300) == (0, 10)
    assert reading_progress(50, 100, 2300) == (50, 5)
    assert reading_progress(99, 100, 2300) == (99, 1)  # never "0 min" with text left
    assert reading_progress(100, 100, 2300) == (100, 0)
    assert progress_text(50, 5) == "50% · 5 min left"
    assert progress_text(100, 0) == "100% · end"
    assert progress_text(99, 0) == "99%"


def test_first_run_hint_shows_a_few_times_until_help_is_seen() -> None:
    assert [AppState().launched() for _ in range(HINT_LAUNCHES + 1)] == \
        [True] * HINT_LAUNCHES + [False]
    path = paths.data_dir() / "state.json"
    path.unlink()
    state = AppState()
    assert state.launched()
    state.help_seen()
    assert not AppState().launched()
    path.write_text("[1, 2]")  # damaged state: start over, no crash
    assert AppState().launched()
