"""The first article read in a child process while the UI starts.

`reader FILE|URL|-` spends about as long importing and starting Textual as it spends
importing the extractor (lxml, readability, trafilatura, numpy, the models) and extracting;
in one process they run one after the other (a thread shares the GIL, so it barely overlaps).
On a machine with two cores they can run at once: before Textual is imported, `ChildRead`
forks a child that loads and extracts the location, splits its sentences and summarises it,
sending each result back on a pipe as soon as it is ready; `PrefetchedPipeline` is the
pipeline the app is given, and answers the first article's steps from those results instead
of computing them again. Every other call goes to the ordinary pipeline.

Why by hand: `multiprocessing` (even with the fork context) costs its own imports and a
pickling layer for one child that runs one function; `os.fork` and a pipe do the same job.

Safety:
- the child runs only core code (load, extract, sentences, summary): it never writes a file,
  never opens the store and reads no config (the parent passes its pipeline, with the user's
  limits and summary settings); its standard streams point at /dev/null, it runs in a session
  of its own and ignores Ctrl+C (the terminal's signals go to the app, which kills the
  child) and leaves with `os._exit`, so no exit handler or buffered output of the parent
  ever runs twice; if the app itself is killed, the child ends at its next write (or
  finds no job) instead of living on;
- an expected failure (`ReaderError`) comes back as the same exception, so the user reads the
  same one line as in-process; anything else (a bug, a child killed or out of memory, a
  result that cannot be unpickled) makes that step run in-process instead, where the error
  is reported and logged as it always is;
- a child that stops answering is killed after the download's own time limits plus
  `EXTRACT_SECONDS` and the user reads one line; `close()` (quitting, Ctrl+C) kills the
  child without waiting for it, and a daemon thread reaps it;
- fork is used only on Linux and the BSDs, before any thread exists; elsewhere (Windows,
  macOS, where forking a process that may use system frameworks is unsafe), or with
  `READER_PREFETCH=0`, the in-process pipeline is used.
"""

from __future__ import annotations

import gc
import importlib
import math
import os
import pickle
import signal
import struct
import sys
import threading
import time
from typing import Any

from reader.core.errors import LoadError, ReaderError
from reader.core.models import Article, Page, Sentence, Summary
from reader.core.models import SummaryLength
from reader.core.pipeline import Pipeline, Progress

EXTRACT_SECONDS = 120.0    # beyond the download's limits: extraction, sentences, summary
_HEADER = struct.Struct("!Q")
# What extracting the first page imports (the loader, lxml and readability, the classifier
# with numpy, trafilatura, htmldate, the sentence splitter): imported before the job arrives.
# A test checks that the first extraction imports nothing more.
EXTRACTION_IMPORTS = ("reader.core.sources", "reader.core.extract.html",
                      "reader.core.extract.classify", "trafilatura", "htmldate",
                      "reader.core.segment")
_FORK_PLATFORMS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly")


def available() -> bool:
    """Whether the first article may be read in a forked child on this system."""
    if os.environ.get("READER_PREFETCH", "").strip().lower() in ("0", "no", "off", "false"):
        return False
    return hasattr(os, "fork") and sys.platform.startswith(_FORK_PLATFORMS)


class ChildGone(Exception):
    """The child ended without this result: compute it in-process."""


class ChildRead:
    """One location read by a forked child; its results arrive on a pipe, read by a daemon
    thread into `_frames` (kind -> payload), which the app's worker threads wait on."""

    def __init__(self, pid: int, results_fd: int, job_fd: int) -> None:
        self.pid = pid
        self._fd = results_fd
        self._job_fd: int | None = job_fd
        self._seconds = math.inf                  # how long the article may take, once asked
        self._deadline = math.inf
        self._frames: dict[str, Any] = {}
        self._progress: tuple[int, int | None] | None = None
        self._ended = False                       # the pipe closed: no more frames
        self._closed = False                      # the app is leaving: nobody needs the rest
        self.exit_status: int | None = None
        self._changed = threading.Condition()
        threading.Thread(target=self._read_frames, name="reader-child-read", daemon=True).start()

    # ------------------------------------------------------------------ starting
    @classmethod
    def fork(cls) -> ChildRead:
        """Fork the child now (first thing at launch): it imports the extractor while the
        parent reads the config and the page, then waits for `send`."""
        results_read, results_write = os.pipe()
        job_read, job_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child (its work is tested through the parent)
            status = 1
            try:
                os.close(results_read)
                os.close(job_write)
                _child(job_read, results_write)
                status = 0
            finally:
                os._exit(status)
        os.close(results_write)
        os.close(job_read)
        return cls(pid, results_read, job_write)

    def send(self, pipeline: Pipeline, location: str, page: Page | None = None, *,
             summary: bool = True) -> None:
        """Give the child its job: read `location` (or extract the already loaded `page`)
        with `pipeline` (the user's limits and summary settings), summary included."""
        seconds = EXTRACT_SECONDS
        if page is None:
            seconds += pipeline.limits.connect_timeout + pipeline.limits.total_timeout
        with self._changed:
            self._seconds, self._deadline = seconds, time.monotonic() + seconds
        job = pickle.dumps((pipeline, location, page, summary), protocol=pickle.HIGHEST_PROTOCOL)
        with self._changed:
            fd, self._job_fd = self._job_fd, None
        assert fd is not None, "the child has its job already"

        def write() -> None:  # (a page larger than the pipe waits for the child's imports)
            try:
                with os.fdopen(fd, "wb") as stream:
                    stream.write(job)
            except OSError:
                pass  # the child is gone: its results never come, each step runs in-process

        threading.Thread(target=write, name="reader-child-job", daemon=True).start()

    @classmethod
    def start(cls, pipeline: Pipeline, location: str, page: Page | None = None, *,
              summary: bool = True) -> ChildRead:
        """Fork a child and give it its job at once."""
        child = cls.fork()
        child.send(pipeline, location, page, summary=summary)
        return child

    # ------------------------------------------------------------------ results
    def page_and_article(self, progress: Progress | None = None) -> tuple[Page | None, Article]:
        """The child's page (None when the parent loaded it) and article; its ReaderError
        raised as the in-process path would; ChildGone if it ended without them."""
        last: tuple[int, int | None] | None = None
        with self._changed:
            while "article" not in self._frames and "failed" not in self._frames:
                self._check_open()
                if self._ended:
                    raise ChildGone("the child ended before the article")
                left = self._deadline - time.monotonic()
                if left <= 0:
                    self.close()
                    raise LoadError(f"Reading the page took more than "
                                    f"{self._seconds:g} seconds; reader gave up.")
                self._changed.wait(min(left, 0.5))
                if progress is not None and self._progress != last:
                    last = self._progress
                    if last is not None:
                        progress(*last)
            failed = self._frames.get("failed")
            if failed is not None:
                raise failed
            page, article = self._frames["article"]
            return page, article

    def later(self, kind: str) -> Any:
        """The child's sentences or summary once they arrive; ChildGone if they never will."""
        with self._changed:
            deadline = time.monotonic() + EXTRACT_SECONDS
            while kind not in self._frames:
                self._check_open()
                if self._ended:
                    raise ChildGone(f"the child ended before the {kind}")
                left = deadline - time.monotonic()
                if left <= 0:
                    self.close()
                    raise ChildGone(f"the child gave no {kind} in time")
                self._changed.wait(min(left, 0.5))
            return self._frames[kind]

    def _check_open(self) -> None:
        if self._closed:
            raise ReaderError("Reader is closing.")

    # ------------------------------------------------------------------ the pipe
    def _read_frames(self) -> None:
        try:
            with os.fdopen(self._fd, "rb") as stream:
                while True:
                    header = stream.read(_HEADER.size)
                    if len(header) < _HEADER.size:
                        break
                    body = stream.read(_HEADER.unpack(header)[0])
                    try:
                        kind, payload = pickle.loads(body)
                    except Exception:  # noqa: BLE001 - cut short or unreadable: the rest is lost
                        break
                    with self._changed:
                        if kind == "progress":
                            self._progress = payload
                        else:
                            self._frames[kind] = payload
                        self._changed.notify_all()
        except (OSError, ValueError):
            pass
        finally:
            with self._changed:
                self._ended = True
                self._changed.notify_all()
            self._reap()

    def _reap(self) -> None:
        """Wait for the child's end, then reap it under the lock `close` kills under, so a
        kill can never reach another process that was given the same pid."""
        try:
            os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOWAIT)
        except ChildProcessError:
            return
        with self._changed:
            _, status = os.waitpid(self.pid, 0)
            self.exit_status = os.waitstatus_to_exitcode(status)

    def close(self) -> None:
        """Kill the child (if it still runs) without waiting; waiting callers are released."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
            fd, self._job_fd = self._job_fd, None
            if self.exit_status is None:
                os.kill(self.pid, signal.SIGKILL)  # (still ours: not reaped yet)
        if fd is not None:
            os.close(fd)


def _child(job_fd: int, results_fd: int) -> None:  # pragma: no cover - runs in the child
    """The child's work: import the extractor, read the job, send each result as soon as it
    is ready."""
    # A session of its own: the terminal's signals (Ctrl+C, Ctrl+Z, hang-up) go to the app,
    # which ends the child itself; and where Linux shares CPU time by session (autogroup),
    # the child's work is not taken from the UI's share.
    os.setsid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_RDWR)
    for target in (0, 1, 2):
        os.dup2(devnull, target)
    for name in EXTRACTION_IMPORTS:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - met again, and reported, by the step that needs it
            pass
    gc.freeze()  # (the imported modules are never garbage: later collections skip them)
    gc.enable()
    with os.fdopen(job_fd, "rb") as jobs:
        job = jobs.read()
    if not job:
        return  # the parent did not need us (the location could not be read)
    pipeline, location, page, summary = pickle.loads(job)
    _work(results_fd, pipeline, location, page, summary)


def _work(fd: int, pipeline: Pipeline, location: str, page: Page | None,
          summary: bool) -> None:  # pragma: no cover - runs in the child
    stream = os.fdopen(fd, "wb")

    def send(kind: str, payload: Any) -> None:
        body = pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)
        stream.write(_HEADER.pack(len(body)) + body)
        stream.flush()

    def progress(received: int, total: int | None) -> None:
        send("progress", (received, total))  # (the screen shows them at its own pace)

    loaded = page is None
    try:
        if page is None:
            page = pipeline.load(location, progress)
        article = pipeline.extract(page)
    except ReaderError as exc:
        if exc.unexpected:
            return  # a bug: run in-process, where it is logged with its traceback
        send("failed", _bare(exc))
        return
    send("article", (page if loaded else None, article))
    sentences = pipeline.sentences(article)
    send("sentences", sentences)
    if summary:
        send("summary", pipeline.summarize(article, sentences))


def _bare(exc: ReaderError) -> ReaderError:
    """The exception without its chain (tracebacks do not pickle; the message is the point)."""
    exc.__cause__ = exc.__context__ = None
    exc.__traceback__ = None
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - a subclass that cannot be rebuilt: its message will do
        return LoadError(str(exc))
    return exc


class PrefetchedPipeline(Pipeline):
    """The app's pipeline for `reader LOCATION`: the first article's load, extraction,
    sentences and summary come from the child (each once, matched by identity: the page the
    app was given, then the article and sentences the child sent); everything else, and any
    step the child could not answer, runs in-process as in `Pipeline`."""

    reads_ahead = True

    def __init__(self, base: Pipeline, location: str, page: Page | None,
                 child: ChildRead) -> None:
        super().__init__(base.limits, base.summary)
        self.child = child
        self._location = location
        self._page = page                          # loaded by the parent (files, stdin)
        self._article: Article | None = None       # the child's, once handed out
        self._sentences: list[Sentence] | None = None
        self._loaded: tuple[Page, Article] | None = None
        self._asked: set[str] = set()
        self._lock = threading.Lock()

    @classmethod
    def start(cls, base: Pipeline, location: str, page: Page | None = None, *,
              summary: bool = True) -> Pipeline:
        """`base` with the first article read in a child, or `base` itself where forking is
        not available (or not wanted)."""
        if not available():
            return base
        return cls(base, location, page, ChildRead.start(base, location, page, summary=summary))

    def _first(self, step: str) -> bool:
        """True the first time `step` is asked for (each child result is used once)."""
        with self._lock:
            if step in self._asked:
                return False
            self._asked.add(step)
            return True

    def load(self, location: str, progress: Progress | None = None) -> Page:
        if self._page is None and location == self._location and self._first("load"):
            try:
                page, article = self.child.page_and_article(progress)
            except ChildGone:
                pass
            else:
                if page is not None:
                    self._loaded = (page, article)
                    return page
        return super().load(location, progress)

    def extract(self, page: Page) -> Article:
        loaded = self._loaded
        if loaded is not None and page is loaded[0] and self._first("extract"):
            self._article = loaded[1]
            return loaded[1]
        if self._page is not None and page is self._page and self._first("extract"):
            try:
                _, self._article = self.child.page_and_article()
                return self._article
            except ChildGone:
                pass
        return super().extract(page)

    def sentences(self, article: Article) -> list[Sentence]:
        if article is self._article and self._first("sentences"):
            try:
                self._sentences = self.child.later("sentences")
                return self._sentences
            except ChildGone:
                pass
        return super().sentences(article)

    def summarize(self, article: Article, sentences: list[Sentence] | None = None, *,
                  algorithm: str | None = None, length: SummaryLength | None = None) -> Summary:
        same = ((algorithm or self.summary.algorithm) == self.summary.algorithm
                and (length or self.summary.length) == self.summary.length)
        if same and article is self._article and (sentences is None or sentences is self._sentences) \
                and self._sentences is not None and self._first("summary"):
            try:
                summary: Summary = self.child.later("summary")
                return summary
            except ChildGone:
                pass
        return super().summarize(article, sentences, algorithm=algorithm, length=length)

    def close(self) -> None:
        """The app is leaving: the child is killed, nothing waits for it."""
        self.child.close()
