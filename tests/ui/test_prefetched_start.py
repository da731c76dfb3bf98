"""`reader LOCATION` shows the article its child process read (reader/app/prefetch.py), and
leaves no child behind however the app ends."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from child_processes import reaped
from textual.app import App
from ui_helpers import settle

from reader import cli
from reader.app import prefetch
from reader.app.prefetch import ChildRead, PrefetchedPipeline
from reader.commands import app as app_command
from reader.core.pipeline import Pipeline
from reader.core.sources import load
from reader.ui.app import ReaderApp

pytestmark = pytest.mark.skipif(not prefetch.available(), reason="no fork on this system")

HARBOUR = str(Path(__file__).resolve().parent.parent / "fixtures" / "ui" / "harbour.html")


async def test_the_app_shows_the_article_and_summary_the_child_read() -> None:
    page = load(HARBOUR)
    pipeline = PrefetchedPipeline.start(Pipeline(), HARBOUR, page)
    assert isinstance(pipeline, PrefetchedPipeline)
    app = ReaderApp(HARBOUR, page=page, pipeline=pipeline)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        assert screen.article is pipeline._article          # the child's, not re-extracted
        assert screen.sentences is pipeline._sentences
        reference = Pipeline()
        article = reference.extract(page)
        assert screen.article == article
        assert screen.summary == reference.summarize(article, reference.sentences(article))
        assert pipeline._asked == {"extract", "sentences", "summary"}
    assert reaped(pipeline.child.pid)


def _children(monkeypatch: pytest.MonkeyPatch) -> list[ChildRead]:
    """The children the launch forks, as they are forked."""
    forked: list[ChildRead] = []
    real = ChildRead.fork.__func__  # type: ignore[attr-defined]

    def fork(cls):
        child = real(cls)
        forked.append(child)
        return child

    monkeypatch.setattr(ChildRead, "fork", classmethod(fork))
    return forked


def _child_that_never_answers(job_fd: int, results_fd: int) -> None:
    time.sleep(60)


def test_quitting_before_the_child_answers_kills_it_without_waiting(
        monkeypatch: pytest.MonkeyPatch) -> None:
    started = _children(monkeypatch)
    monkeypatch.setattr(prefetch, "_child", _child_that_never_answers)  # (the fork copies it)

    def run(self):
        async def quit_at_once(pilot) -> None:
            await pilot.pause(0.2)
            await pilot.press("q")
        return App.run(self, headless=True, size=(100, 30), auto_pilot=quit_at_once)

    monkeypatch.setattr(ReaderApp, "run", run)
    began = time.monotonic()
    assert app_command.run(HARBOUR) == 0
    assert time.monotonic() - began < 10
    [child] = started
    assert reaped(child.pid)


def test_the_launch_reads_through_the_child_and_leaves_none_running(
        monkeypatch: pytest.MonkeyPatch) -> None:
    started = _children(monkeypatch)
    seen = {}

    def run(self):
        async def read_then_quit(pilot) -> None:
            await settle(pilot)
            seen["article"] = pilot.app.reader_screen.article
            seen["pipeline"] = pilot.app.pipeline
            await pilot.press("q")
        return App.run(self, headless=True, size=(100, 30), auto_pilot=read_then_quit)

    monkeypatch.setattr(ReaderApp, "run", run)
    assert app_command.run(HARBOUR) == 0
    [child] = started
    assert isinstance(seen["pipeline"], PrefetchedPipeline) and seen["pipeline"].child is child
    assert seen["article"] is seen["pipeline"]._article
    assert reaped(child.pid) and child.exit_status == 0


def test_ctrl_c_says_interrupted_and_kills_the_child(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    started = _children(monkeypatch)
    monkeypatch.setattr(prefetch, "_child", _child_that_never_answers)

    def run(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(ReaderApp, "run", run)
    assert cli.main([HARBOUR]) == 130
    assert capsys.readouterr().err == "reader: interrupted.\n"
    [child] = started
    assert reaped(child.pid)


def test_a_location_that_cannot_be_read_ends_the_child_too(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    started = _children(monkeypatch)
    assert app_command.run(str(tmp_path / "nope.html")) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("reader: ") and "nope.html" in err[0]
    [child] = started
    assert reaped(child.pid)
