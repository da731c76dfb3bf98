"""The first article read in a forked child (reader/app/prefetch.py): the same results and the
same one-line errors as the in-process pipeline, a fallback whenever the child cannot answer,
and no child left behind."""

from __future__ import annotations

import io
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from child_processes import reaped
from sources_server import serve

from reader.app import prefetch
from reader.app.prefetch import ChildGone, ChildRead, PrefetchedPipeline
from reader.core.errors import ReaderError
from reader.core.limits import Limits
from reader.core.models import Page
from reader.core.pipeline import Pipeline
from reader.core.sources import load

pytestmark = pytest.mark.skipif(not prefetch.available(), reason="no fork on this system")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HTML = FIXTURES / "ui" / "harbour.html"
DUMP = FIXTURES / "extract" / "dump-news-site.txt"


def _every_step(pipeline: Pipeline, location: str, page: Page | None):
    if page is None:
        page = pipeline.load(location)
    article = pipeline.extract(page)
    sentences = pipeline.sentences(article)
    return page, article, sentences, pipeline.summarize(article, sentences)


def _in_process(location: str, page: Page | None = None):
    return _every_step(Pipeline(), location, page)


def _one_line(call) -> str:
    with pytest.raises(ReaderError) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize("path", [HTML, DUMP], ids=["html", "text-dump"])
def test_the_child_reads_a_file_as_the_pipeline_does(path: Path) -> None:
    page = load(str(path))
    pipeline = PrefetchedPipeline.start(Pipeline(), str(path), page)
    assert isinstance(pipeline, PrefetchedPipeline)
    got = _every_step(pipeline, str(path), page)
    assert got[1:] == _in_process(str(path), page)[1:]
    assert pipeline._article is got[1]  # the child's article, not one extracted again
    assert reaped(pipeline.child.pid) and pipeline.child.exit_status == 0


def test_the_child_extracts_standard_input_read_by_the_parent(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(HTML.read_bytes())))
    page = load("-")
    pipeline = PrefetchedPipeline.start(Pipeline(), "-", page)
    got = _every_step(pipeline, "-", page)
    assert got[1:] == _in_process("-", page)[1:]
    assert pipeline._article is got[1]


def test_the_child_loads_a_web_address_with_progress() -> None:
    seen: list[tuple[int, int | None]] = []
    with serve() as server:
        url = server.url("/page.html")
        pipeline = PrefetchedPipeline.start(Pipeline(), url)
        page = pipeline.load(url, lambda received, total: seen.append((received, total)))
        got = _every_step(pipeline, url, page)
        expected = _in_process(url)
    assert server.hits.count("/page.html") == 2  # once by the child, once by the reference
    assert got[0].body == expected[0].body and got[0].final_url == expected[0].final_url
    assert got[1:] == expected[1:]
    assert seen and seen[-1][0] == len(expected[0].body)


def test_a_missing_file_gives_the_same_line_from_the_child(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.html")
    pipeline = PrefetchedPipeline.start(Pipeline(), missing)
    assert _one_line(lambda: pipeline.load(missing)) == _one_line(lambda: Pipeline().load(missing))
    assert reaped(pipeline.child.pid)


def test_a_fifo_gives_the_same_line_from_the_child(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    pipeline = PrefetchedPipeline.start(Pipeline(), str(fifo))
    message = _one_line(lambda: pipeline.load(str(fifo)))
    assert message == _one_line(lambda: Pipeline().load(str(fifo)))
    assert "FIFO" in message


def test_a_page_without_an_article_gives_the_same_line_from_the_child() -> None:
    page = Page(location="blob.bin", body=b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8,
                media_type="application/octet-stream")
    pipeline = PrefetchedPipeline.start(Pipeline(), "blob.bin", page)
    message = _one_line(lambda: pipeline.extract(page))
    assert message == _one_line(lambda: Pipeline().extract(page))
    assert "\n" not in message


class _Stalls(Pipeline):
    """Extraction that never finishes (a child stuck on a hostile page)."""

    def extract(self, page: Page):
        time.sleep(60)
        raise AssertionError("not reached")


def test_a_child_killed_midway_falls_back_to_the_pipeline() -> None:
    page = load(str(HTML))
    pipeline = PrefetchedPipeline.start(_Stalls(), str(HTML), page)
    os.kill(pipeline.child.pid, signal.SIGKILL)
    started = time.monotonic()
    got = _every_step(pipeline, str(HTML), page)
    assert time.monotonic() - started < 30
    assert got[1:] == _in_process(str(HTML), page)[1:]
    assert reaped(pipeline.child.pid) and pipeline.child.exit_status == -signal.SIGKILL


class _Buggy(Pipeline):
    def extract(self, page: Page):
        raise ValueError("a bug in the child")


def test_a_bug_in_the_child_is_met_again_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected error is not reported from the child (it could not log it): the step runs
    in-process, where it is reported and logged as always (here: it works)."""
    page = load(str(HTML))
    pipeline = PrefetchedPipeline.start(_Buggy(), str(HTML), page)
    assert pipeline.extract(page) == Pipeline().extract(page)
    assert reaped(pipeline.child.pid) and pipeline.child.exit_status == 1


def test_a_child_that_hangs_is_killed_after_its_time_and_said_in_one_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefetch, "EXTRACT_SECONDS", 0.5)
    page = load(str(HTML))
    pipeline = PrefetchedPipeline.start(_Stalls(Limits()), str(HTML), page)
    started = time.monotonic()
    message = _one_line(lambda: pipeline.extract(page))
    assert time.monotonic() - started < 5
    assert message == "Reading the page took more than 0.5 seconds; reader gave up."
    assert reaped(pipeline.child.pid)


def test_a_web_address_may_take_its_download_limits_before_the_child_is_given_up() -> None:
    limits = Limits(connect_timeout=2.0, total_timeout=30.0)
    child = ChildRead.start(Pipeline(limits), "http://127.0.0.1:9/", None)  # (refused)
    try:
        assert child._seconds == prefetch.EXTRACT_SECONDS + 32.0
    finally:
        child.close()
    assert reaped(child.pid)


def test_closing_kills_the_child_at_once_and_releases_its_waiters() -> None:
    page = load(str(HTML))
    pipeline = PrefetchedPipeline.start(_Stalls(), str(HTML), page)
    started = time.monotonic()
    pipeline.close()
    assert reaped(pipeline.child.pid, 2.0)
    with pytest.raises(ReaderError, match="closing"):
        pipeline.extract(page)  # a worker still waiting: released, nothing computed again
    assert time.monotonic() - started < 2.0


def test_results_that_never_come_are_computed_in_process() -> None:
    """The child ends after the article (here: it is told not to summarise): the summary is
    the pipeline's own."""
    page = load(str(HTML))
    pipeline = PrefetchedPipeline.start(Pipeline(), str(HTML), page, summary=False)
    got = _every_step(pipeline, str(HTML), page)
    assert got[1:] == _in_process(str(HTML), page)[1:]
    with pytest.raises(ChildGone):
        pipeline.child.later("summary")


def test_other_settings_and_later_articles_are_not_answered_by_the_child() -> None:
    page = load(str(HTML))
    pipeline = PrefetchedPipeline.start(Pipeline(), str(HTML), page)
    article = pipeline.extract(page)
    sentences = pipeline.sentences(article)
    other = pipeline.summarize(article, sentences, algorithm="lexrank")
    assert other.algorithm == "lexrank"
    assert pipeline.summarize(article, sentences) == Pipeline().summarize(article, sentences)
    again = pipeline.extract(page)  # the second time: extracted here
    assert again == article and again is not article


@pytest.mark.parametrize("setting", ["env", "platform"])
def test_without_fork_the_pipeline_is_the_in_process_one(
        monkeypatch: pytest.MonkeyPatch, setting: str) -> None:
    if setting == "env":
        monkeypatch.setenv("READER_PREFETCH", "0")
    else:
        monkeypatch.setattr(sys, "platform", "darwin")
    base = Pipeline()
    assert PrefetchedPipeline.start(base, str(HTML), load(str(HTML))) is base


def test_a_page_larger_than_the_pipe_is_sent_without_waiting_for_the_child(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The job is written while the child still imports the extractor (here: slowly), so the
    launch never stalls on it; the child then reads the whole page."""
    real_import = prefetch.importlib.import_module

    def slow_import(name: str):
        time.sleep(0.3)
        return real_import(name)

    big = tmp_path / "big.html"
    paragraph = HTML.read_text(encoding="utf-8").split("<body>", 1)[1]
    big.write_text("<html><body>" + paragraph * 400, encoding="utf-8")
    page = load(str(big))
    assert len(page.body) > 1024 * 1024
    monkeypatch.setattr(prefetch.importlib, "import_module", slow_import)
    child = ChildRead.fork()
    monkeypatch.undo()
    began = time.monotonic()
    child.send(Pipeline(), str(big), page, summary=False)
    assert time.monotonic() - began < 0.5
    pipeline = PrefetchedPipeline(Pipeline(), str(big), page, child)
    assert pipeline.extract(page) == Pipeline().extract(page)
    assert pipeline._article is not None


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
def test_the_child_has_its_own_session_and_no_terminal_output() -> None:
    """Ctrl+C, Ctrl+Z and the terminal's hang-up go to the app (which ends the child), and
    nothing the child might print can reach the terminal."""
    page = load(str(HTML))
    pipeline = PrefetchedPipeline.start(_Stalls(), str(HTML), page)
    pid = pipeline.child.pid
    try:
        def streams() -> list[str]:
            return [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in (0, 1, 2)]

        deadline = time.monotonic() + 10  # (until the child has set itself up)
        while streams() != [os.devnull] * 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert streams() == [os.devnull] * 3
        assert os.getsid(pid) == pid != os.getsid(0)
    finally:
        pipeline.close()
    assert reaped(pid)
