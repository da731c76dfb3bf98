"""The footer: reading progress, the first-run hint, download progress."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, ProgressBar, Static
from ui_helpers import settle

from reader.app import paths
from reader.app.state import HINT_LAUNCHES, AppState
from reader.ui import themes
from reader.ui.app import ReaderApp
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.find import FindBar
from reader.ui.widgets.footer import (
    HINT,
    ReadingStatus,
    StatusFooter,
    progress_text,
    reading_progress,
)
from reader.ui.widgets.progress import DownloadProgress, describe, format_bytes

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ux"


FIRST = str(FIXTURES / "first.html")


def status_text(app: ReaderApp) -> str:
    return str(app.reader_screen.query_one(ReadingStatus).render())


FIRST = str(Path(__file__).parent.parent / "fixtures" / "ux" / "first.html")


TEXT = "Alpha beta. Gamma ALPHA delta.\n\nEpsilon alpha zeta."


class Pane(VerticalScroll, can_focus=True):
    pass


class Host(App):
    BINDINGS = [
        Binding("slash", "find", "Find"),
        Binding("n", "find_next", "Next match", show=False),
        Binding("N", "find_previous", "Previous match", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.copied = ""
        self.updates: list[FindBar.Updated] = []
        self.done: list[bool] = []

    def compose(self) -> ComposeResult:
        with Pane():
            yield Static(TEXT)
        yield FindBar()
        yield DownloadProgress()
        yield StatusFooter()

    def on_mount(self) -> None:
        themes.register(self)
        self.query_one(Pane).focus()

    def action_find(self) -> None:
        self.query_one(FindBar).open(TEXT)

    def action_find_next(self) -> None:
        self.query_one(FindBar).next()

    def action_find_previous(self) -> None:
        self.query_one(FindBar).previous()

    def on_find_bar_updated(self, message: FindBar.Updated) -> None:
        self.updates.append(message)

    def on_find_bar_done(self, message: FindBar.Done) -> None:
        self.done.append(message.closed)
        self.query_one(Pane).focus()


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


async def test_download_progress_from_a_worker_thread() -> None:
    app = Host()
    async with app.run_test() as pilot:
        widget = app.query_one(DownloadProgress)
        assert not widget.has_class("-active")
        widget.start("example.org")
        report = widget.callback()

        def download() -> None:
            for received in range(0, 4097, 512):
                report(received, 4096)

        thread = threading.Thread(target=download)
        thread.start()
        while thread.is_alive():
            await pilot.pause(0.01)
        await pilot.pause()
        assert widget.received == 4096 and widget.total == 4096
        assert str(widget.query_one("#download-bytes", Label).render()) == "4.0 KB of 4.0 KB"
        assert widget.query_one(ProgressBar).percentage == 1.0
        report(5000, None)  # called on the UI thread (an async worker): still shown
        assert widget.total is None
        widget.finish()
        assert not widget.has_class("-active")


async def test_status_footer_shows_hint_then_progress() -> None:
    app = Host()
    async with app.run_test():
        status = app.query_one(ReadingStatus)
        status.show_hint()
        assert str(status.render()) == HINT
        status.show_hint(False)
        status.set_progress(50, 100, 2300)
        assert str(status.render()) == "50% · 5 min left"
        assert app.query_one(StatusFooter).region.height == 1
