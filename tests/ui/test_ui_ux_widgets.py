"""UX widgets in a small host app (the real app wires them the same way): help, find, themes,
key remapping, download progress, footer status."""

from __future__ import annotations

import threading

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, ProgressBar, Static

from pathlib import Path

from ui_helpers import notifications, settle

from reader.app import paths
from reader.ui import themes
from reader.ui.app import ReaderApp
from reader.ui.screens.help import HelpScreen, collect_bindings, grouped
from reader.ui.widgets.find import FindBar
from reader.ui.widgets.progress import DownloadProgress
from reader.ui.widgets.footer import HINT, ReadingStatus, StatusFooter

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


def _write_config(text: str) -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


async def test_help_lists_the_registry_by_group_with_remapped_keys() -> None:
    _write_config('[keys]\ncopy_sentence = "ctrl+y"\n')
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = collect_bindings(app.screen)
        sections = {group: {r.description: r.keys for r in rows} for group, rows in grouped(rows)}
        actions = {group: {r.action: r.keys for r in rows} for group, rows in grouped(rows)}
        assert actions["Article pane"]["scroll_down"].split() == ["j", "↓"]
        assert sections["Reading"]["Copy sentence"] == "^y"  # the remapped key (ctrl+y), not y
        assert "Input" not in sections  # Textual's own editing keys are left out
        labels = {d for group in sections.values() for d in group}
        assert not labels & {"Scroll Home", "Focus Next", "Scroll End"}  # no stock labels
        everywhere = sections["Everywhere"]
        assert everywhere["Help"] == "?" and "Quit" in everywhere
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert any(r.description == "Copy sentence" and r.keys == "^y"
                   for r in app.screen.rows)
        hint = app.screen.query_one("#help-remap", Static)
        assert "[keys]" in str(hint.render())
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        assert not any("Copied sentence" in n for n in notifications(app))
        await pilot.press("ctrl+y")
        assert any("Copied sentence" in n for n in notifications(app))


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


async def test_themes_registered_and_applied() -> None:
    app = Host()
    async with app.run_test():
        assert {"reader-paper", "reader-night", "textual-dark", "nord"} <= set(
            app.available_themes)
        assert themes.apply(app, None) is None and app.theme == "reader-paper"
        assert themes.apply(app, "nord") is None and app.theme == "nord"
        problem = themes.apply(app, "nope")
        assert problem.startswith("The theme 'nope' does not exist; using 'reader-paper'.")
        assert app.theme == "reader-paper"


async def test_remapped_key_from_a_config_file_works() -> None:
    _write_config('[keys]\nfind = "ctrl+f"\nscroll_down = ["x", "down"]\n')
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not notifications(app)  # nothing to report: no clash, no unknown name
        await pilot.press("slash")
        assert not app.query_one(FindBar).is_open  # the old key no longer finds
        await pilot.press("ctrl+f")
        assert app.query_one(FindBar).is_open


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
