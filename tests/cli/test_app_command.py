"""`reader [LOCATION]` (reader/commands/app.py) and the open dialog's input checks."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input
from ui_helpers import settle

from reader.commands import app as app_command
from reader.core.sources import load
from reader.ui.app import ReaderApp
from reader.ui.screens.open import OpenDialog, normalise_location

KETTLES = str(Path(__file__).parent.parent / "fixtures" / "ui" / "kettles.html")


def _run_headless(monkeypatch: pytest.MonkeyPatch, seen: dict) -> None:
    """Make ReaderApp.run headless, record the reading screen's state, then press q."""

    async def auto_pilot(pilot) -> None:
        await settle(pilot)
        screen = pilot.app.reader_screen
        seen["title"] = screen.article.title if screen.article else None
        seen["location"] = screen.location
        await pilot.press("q")

    def run(self):
        return App.run(self, headless=True, size=(100, 30), auto_pilot=auto_pilot)

    monkeypatch.setattr(ReaderApp, "run", run)


def test_run_opens_the_location_and_exits_cleanly(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict = {}
    _run_headless(monkeypatch, seen)
    assert app_command.run(KETTLES) == 0
    assert seen == {"title": "A Short Note on Kettles", "location": KETTLES}


def test_run_reads_standard_input_before_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict = {}
    _run_headless(monkeypatch, seen)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(Path(KETTLES).read_bytes())))
    monkeypatch.setattr(app_command, "_reattach_terminal", lambda: True)
    assert app_command.run("-") == 0
    assert seen["title"] == "A Short Note on Kettles"


def test_run_reports_unreadable_standard_input(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    status = app_command.run("-")
    err = capsys.readouterr().err
    assert status == 1 and err == "reader: Standard input is empty.\n"


def test_normalise_location() -> None:
    assert normalise_location("  https://example.com/a  ") == "https://example.com/a"
    assert normalise_location("~/page.html") == str(Path("~/page.html").expanduser())


async def test_dialog_refuses_empty_and_stdin_and_clears_its_hint() -> None:
    app = ReaderApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, OpenDialog)
        field = dialog.query_one(Input)
        field.value = ""
        await pilot.press("enter")
        assert app.screen is dialog
        assert "Type a web address" in str(dialog.query_one("#open-error").render())
        field.value = "-"
        await pilot.pause()
        assert str(dialog.query_one("#open-error").render()).strip() == ""
        await pilot.press("enter")
        assert app.screen is dialog
        assert "standard input" in str(dialog.query_one("#open-error").render()).lower()


def test_loader_reads_stdin_as_the_command_expects(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command relies on load("-") reading sys.stdin's bytes."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"<p>Hello there.</p>")))
    page = load("-")
    assert b"Hello there." in page.body


@pytest.mark.parametrize("bad", ["missing.html", "folder", "binary.bin"])
def test_a_location_that_cannot_open_prints_one_line_and_exits_1(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, tmp_path: Path,
        bad: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "binary.bin").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8)

    def run(self):
        async def wait(pilot) -> None:
            await pilot.pause(5)  # the app must close itself long before this ends
        return App.run(self, headless=True, size=(100, 30), auto_pilot=wait)

    monkeypatch.setattr(ReaderApp, "run", run)
    assert app_command.run(str(tmp_path / bad)) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("reader: ")
    assert bad in err[0]


async def test_a_failed_open_inside_the_app_keeps_it_running(tmp_path: Path) -> None:
    app = ReaderApp(KETTLES, exit_on_start_failure=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_location(str(tmp_path / "missing.html"))
        await settle(pilot)
        assert app.is_running and app.start_failure is None
        assert app.reader_screen.article is not None  # the first article is still shown


def test_a_file_that_cannot_be_opened_is_said_before_the_screen_is_drawn(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    started: list[str] = []
    monkeypatch.setattr(ReaderApp, "run", lambda self: started.append("drawn"))
    missing = tmp_path / "nope.html"
    assert app_command.run(str(missing)) == 1
    assert capsys.readouterr().err == f"reader: There is no file at {missing}.\n"
    assert started == []                       # the app never started
