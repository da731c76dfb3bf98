"""The reading experience in the real app: find, links, history, recents, config, themes,
help, progress and the first-run hint (Pilot)."""

from __future__ import annotations

import json
import webbrowser
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList
from ui_helpers import notifications, settle

from reader.app import paths
from reader.ui.app import ReaderApp
from reader.app.state import Recents
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.links import LinksScreen
from reader.ui.screens.open import OpenDialog
from reader.ui.widgets.find import FindBar
from reader.ui.widgets.footer import HINT, ReadingStatus

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ux"
FIRST = str(FIXTURES / "first.html")
SECOND = str(FIXTURES / "second.html")


def write_config(text: str) -> Path:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def status_text(app: ReaderApp) -> str:
    return str(app.reader_screen.query_one(ReadingStatus).render())


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


async def test_n_steps_matches_while_finding_and_opens_notes_otherwise() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await pilot.press("slash", *"lamp", "enter", "n")
        await pilot.pause()
        assert screen.notes_panel is None  # n was "next match"
        await pilot.press("escape", "n")      # find closed: n is notes again
        await settle(pilot)
        panel = screen.notes_panel
        assert panel is not None and panel.display
        assert app.focused is panel.editor


async def test_enter_on_a_link_opens_it_and_backspace_comes_back() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        view = screen.article_view
        link = view.article.links[0]
        assert "links" in view.highlight_names()
        view.set_cursor(view.sentence_at(link.start))
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article.title == "Reading the Faded Ink"
        assert screen.location == SECOND
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.article.title == "The Lighthouse Keepers' Logbooks"
        await pilot.press("shift+backspace")
        await settle(pilot)
        assert screen.article.title == "Reading the Faded Ink"
        await pilot.press("shift+backspace")  # nothing later: a notice, nothing else
        await pilot.pause()
        assert "No later article." in notifications(app)
        assert Recents().items[:2] == [SECOND, FIRST]


async def test_links_list_and_system_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert isinstance(app.screen, LinksScreen)
        assert app.screen.query_one(OptionList).option_count == 2
        await pilot.press("down", "b")
        await pilot.pause()
        assert opened == ["https://example.org/volunteer"]
        assert app.screen is app.reader_screen
        await pilot.press("f", "enter")
        await settle(pilot)
        assert app.reader_screen.article.title == "Reading the Faded Ink"


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


async def test_footer_progress_and_first_run_hint() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(80, 24)) as pilot:  # small: the article needs scrolling
        await settle(pilot)
        assert status_text(app) == HINT
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert status_text(app).startswith("0% · ")
        assert status_text(app).endswith(" min left")
        await pilot.press("G")
        await pilot.pause()
        assert status_text(app) == "100% · end"
    state = json.loads((paths.data_dir() / "state.json").read_text())
    assert state["help_seen"] is True
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert status_text(app) != HINT  # help was seen: no more hint


async def test_config_remaps_keys_theme_and_summary_length() -> None:
    write_config('theme = "nord"\n[summary]\nlength = 2\n[keys]\nfind = "ctrl+f"\n'
                 'open = "O"\n')
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        assert len(app.reader_screen.summary.sentences) == 2
        await pilot.press("slash")
        assert not app.reader_screen.query_one(FindBar).is_open
        await pilot.press("ctrl+f")
        assert app.reader_screen.query_one(FindBar).is_open
        await pilot.press("escape", "o")
        assert not isinstance(app.screen, OpenDialog)
        await pilot.press("O")
        assert isinstance(app.screen, OpenDialog)
        await pilot.press("escape", "question_mark")
        rows = {row.description: row.keys for row in app.screen.rows}
        assert rows["Find"] == "^f" and rows["Open"] == "O"


async def test_invalid_config_is_reported_and_defaults_used() -> None:
    write_config('theme = "nord"\n[summary]\nlength = "three"\n[keys]\nfly = "x"\n'
                 '[limits]\nmax_redirects = -1\n')
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = notifications(app)
        assert any(m.startswith("config.toml line 3: summary.length") for m in messages)
        assert any(m.startswith("config.toml line 7: limits.max_redirects") for m in messages)
        assert any(m.startswith("[keys] fly: no action has that name") for m in messages)
        assert app.theme == "nord"  # the valid setting still applies
        assert app.reader_screen.summary is not None  # the app works with defaults


async def test_broken_toml_and_unknown_theme_or_algorithm() -> None:
    write_config('theme = "nord"\n[summary\n')
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any(m.startswith("config.toml line 2:") for m in notifications(app))
        assert app.theme == "reader-paper"
    write_config('theme = "no-such-theme"\n[summary]\nalgorithm = "nope"\n')
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = notifications(app)
        assert any("The theme 'no-such-theme' does not exist" in m for m in messages)
        assert any("algorithm 'nope' is not one of" in m for m in messages)
        assert app.reader_screen.summary is not None
        assert app.reader_screen.summary.algorithm != "nope"


async def test_theme_chosen_in_the_app_is_remembered() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "reader-paper"
        assert {"reader-paper", "reader-night", "nord", "textual-dark"} <= set(
            app.available_themes)
        app.theme = "reader-night"
        await pilot.pause()
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "reader-night"


async def test_bundled_sample_link_opens_its_saved_neighbour() -> None:
    """The offline demo: the sample's in-article link opens the bundled companion essay."""
    sample = str(paths.sample_path())
    app = ReaderApp(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        assert screen.article.url.startswith("https://")  # links are absolute web addresses
        await pilot.press("f")
        assert isinstance(app.screen, LinksScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article.title == "Notes That Outlast Their Apps"
        assert screen.location == str(Path(sample).parent / "notes-that-last.html")
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.location == sample


async def test_download_progress_bar_shows_bytes_received() -> None:
    import threading

    from textual.widgets import Label, ProgressBar

    from reader.core.models import Page
    from reader.core.pipeline import Pipeline
    from reader.ui.widgets.progress import DownloadProgress, describe

    halfway = threading.Event()
    release = threading.Event()
    body = Path(FIRST).read_bytes()

    class SlowPipeline(Pipeline):
        def load(self, location, progress=None):
            progress(len(body) // 2, len(body))
            halfway.set()
            release.wait(10)
            progress(len(body), len(body))
            return Page(location=location, body=body, media_type="text/html",
                        final_url="https://example.org/first.html")

    app = ReaderApp("https://example.org/first.html", pipeline=SlowPipeline())
    async with app.run_test(size=(120, 40)) as pilot:
        while not halfway.is_set():
            await pilot.pause(0.01)
        await pilot.pause(0.2)
        bar = app.reader_screen.query_one(DownloadProgress)
        assert bar.has_class("-active") and bar.display
        half = len(body) // 2
        assert str(bar.query_one("#download-bytes", Label).render()) == describe(half, len(body))
        assert " of " in describe(half, len(body))
        assert bar.query_one(ProgressBar).percentage == pytest.approx(half / len(body))
        release.set()
        await settle(pilot)
        assert app.reader_screen.article.title == "The Lighthouse Keepers' Logbooks"
        assert not app.reader_screen.query_one("#loading").display


async def test_enter_in_the_notes_editor_is_a_newline_not_a_link() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        view = screen.article_view
        view.set_cursor(view.sentence_at(view.article.links[0].start))
        await pilot.press("n")
        await settle(pilot)
        editor = screen.notes_panel.editor
        assert app.focused is editor
        await pilot.press("a", "enter", "b")
        await settle(pilot)
        assert screen.article.title == "The Lighthouse Keepers' Logbooks"  # no link followed
        assert editor.text.endswith("a\nb")
