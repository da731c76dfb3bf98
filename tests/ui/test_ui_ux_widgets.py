"""UX widgets in a small host app (the real app wires them the same way): help, find, themes,
key remapping, download progress, footer status."""

from __future__ import annotations

import threading

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, ProgressBar, Static

from reader import config
from reader.ui import keymap, themes
from reader.ui.screens.help import HelpScreen, collect_bindings, grouped
from reader.ui.widgets.find import FindBar
from reader.ui.widgets.progress import DownloadProgress
from reader.ui.widgets.status import HINT, ReadingStatus, StatusFooter

TEXT = "Alpha beta. Gamma ALPHA delta.\n\nEpsilon alpha zeta."


class Pane(VerticalScroll):
    HELP_GROUP = "Article"
    BINDINGS = keymap.with_ids([
        Binding("j", "scroll_down", "Scroll down"),
        Binding("k", "scroll_up", "Scroll up"),
        Binding("c", "copy", "Copy summary"),
    ])

    def action_copy(self) -> None:
        self.app.copied = "summary"


class Host(App):
    BINDINGS = keymap.with_ids([
        Binding("question_mark", "help", "Help"),
        Binding("slash", "find", "Find"),
        Binding("n", "find_next", "Next match", show=False),
        Binding("N", "find_previous", "Previous match", show=False),
    ])

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

    def action_help(self) -> None:
        self.push_screen(HelpScreen.for_screen(self.screen))

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


async def test_help_lists_bindings_by_owner_with_remapped_keys() -> None:
    app = Host()
    async with app.run_test() as pilot:
        problems = keymap.apply(app, {"copy": "C"}, [Pane])
        assert problems == []
        sections = {group: {r.description: r.keys for r in rows}
                    for group, rows in grouped(collect_bindings(app.screen))}
        actions = {group: {r.action: r.keys for r in rows}
                   for group, rows in grouped(collect_bindings(app.screen))}
        assert "j" in actions["Article"]["scroll_down"].split()  # merged with inherited down
        assert sections["Article"]["Copy summary"] == "C"  # the remapped key, not c
        assert "Find" not in sections  # the bar's keys are the screen's, listed once
        assert "Input" not in sections  # Textual's own editing keys are left out
        everywhere = sections["Everywhere"]
        assert everywhere["Help"] == "?" and everywhere["Find"] == "/"
        assert "Quit" in everywhere
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert any(r.description == "Copy summary" and r.keys == "C" for r in app.screen.rows)
        hint = app.screen.query_one("#help-remap", Static)
        assert "[keys]" in str(hint.render())
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("C")
        assert app.copied == "summary"


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
    loaded = config.parse('[keys]\nfind = "ctrl+f"\nscroll_down = ["x", "down"]\n')
    app = Host()
    async with app.run_test() as pilot:
        assert keymap.apply(app, loaded.keys, [Pane]) == []
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
