"""The app's handle on the library: every store call runs off the UI thread.

- `get()` opens the library once (migrations can take a moment) and is for worker threads
  only; reads (the library list, search, loading an article) run in the screens' own
  `@work(thread=True, exclusive=True)` workers, so the newest query wins.
- `submit(job)` queues a write (or a read that must see the writes before it) for one writer
  thread, which runs them in the order they were asked for (a note saved twice must not land
  in the wrong order) and reports back on the UI thread. A write that fails (a full disk, a locked file) is kept and retried in the
  background until it succeeds; `pending` says what is still unsaved, and `drain()` lets the
  app wait for the queue before it exits (from a thread: results come back as `WriteReport`
  messages, never by blocking on the UI thread), so "q saves everything" holds.

Why a thread of its own rather than a Textual worker per write: workers in one group run
concurrently and exclusive ones cancel each other, and writes need neither; and the queue
must keep working while the app shuts down (SIGHUP, `q`), after Textual has stopped its
workers.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual.message import Message

from reader.core.errors import ReaderError, StoreError

if TYPE_CHECKING:
    from textual.app import App

    from reader.store import Library

T = TypeVar("T")
RETRY_SECONDS = 5.0


@dataclass(eq=False)
class Write(Generic[T]):
    """One queued write: `job(library)` and what to call on the UI thread afterwards."""

    job: Callable[[Library], T]
    what: str | None                            # "the note"; None: not retried when it fails
    done: Callable[[T], None] | None = None
    failed: Callable[[str], None] | None = None
    key: str | None = None                      # a newer write with the same key replaces it
    rescue: str | None = None                   # the user's words, to save elsewhere if need be
    error: str | None = None                    # why the last attempt failed
    attempts: int = 0
    finished: threading.Event = field(default_factory=threading.Event)


class LibraryService:
    """See the module docstring. `open_library` runs once, in the first thread that needs it."""

    def __init__(self, app: App[Any], open_library: Callable[[], Library], *,
                 unavailable: Callable[[str], None] | None = None) -> None:
        self._app = app
        self._open = open_library
        self._on_unavailable = unavailable  # told once, on the UI thread, why it cannot open
        self._library: Library | None = None
        self._error: str | None = None
        self._lock = threading.Lock()
        self._queue: queue.Queue[Write[Any] | None] = queue.Queue()
        self._failed: list[Write[Any]] = []       # waiting for a retry, oldest first
        self._failed_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closing = False

    # ------------------------------------------------------------------ reading
    def get(self) -> Library:
        """The open library (worker threads only); StoreError with the reason if unavailable."""
        with self._lock:
            if self._library is None and self._error is None:
                try:
                    self._library = self._open()
                except ReaderError as exc:
                    self._error = str(exc)
                    self._report(self._on_unavailable, self._error)
            if self._library is None:
                raise StoreError(self._error or "The library is unavailable.")
            return self._library

    @property
    def unavailable(self) -> str | None:
        """Why the library could not be opened (None: open, or not tried yet)."""
        return self._error

    # ------------------------------------------------------------------ writing
    def submit(self, job: Callable[[Library], T], *, what: str | None,
               done: Callable[[T], None] | None = None,
               failed: Callable[[str], None] | None = None, key: str | None = None,
               rescue: str | None = None) -> None:
        """Queue `job` for the writer thread; `done(result)` / `failed(message)` run on the
        UI thread. A failed job with `what` ("the note") is retried until it succeeds; with
        `key`, a newer job replaces the one waiting for its retry. `rescue` is the user's text
        the job saves, written elsewhere by `rescue_text` if the library cannot take it."""
        if key is not None:
            with self._failed_lock:
                self._failed = [w for w in self._failed if w.key != key]
        self._start()
        self._queue.put(Write(job, what, done, failed, key, rescue))

    @property
    def pending(self) -> list[str]:
        """What is not saved yet: one phrase per failed write waiting for its retry."""
        with self._failed_lock:
            return [w.what for w in self._failed if w.what]

    def rescue_text(self) -> str:
        """Everything the user wrote that is not saved yet, as Markdown (empty: nothing)."""
        with self._failed_lock:
            parts = [w.rescue for w in self._failed if w.rescue]
        return "\n\n---\n\n".join(parts) + ("\n" if parts else "")

    def last_error(self) -> str | None:
        with self._failed_lock:
            return self._failed[-1].error if self._failed else None

    def drain(self, timeout: float = 5.0) -> bool:
        """Wait (any thread) until every queued write ran once; True if none is left unsaved."""
        if self._thread is None:
            return not self.pending
        marker: Write[None] = Write(lambda library: None, None)
        self._queue.put(marker)
        marker.finished.wait(timeout)
        return marker.finished.is_set() and not self.pending

    def retry_now(self) -> None:
        """Queue every failed write again at once (the user asked)."""
        with self._failed_lock:
            waiting, self._failed = self._failed, []
        for item in waiting:
            self._start()
            self._queue.put(item)

    def close(self) -> None:
        """Stop the writer after the queue is done; close the library."""
        self._closing = True
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)
        with self._lock:
            if self._library is not None:
                try:
                    self._library.close()
                except Exception:  # noqa: BLE001 - closing must not fail the exit
                    pass
                self._library = None

    # ------------------------------------------------------------------ the writer thread
    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="reader-library-writer",
                                                daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=RETRY_SECONDS)
            except queue.Empty:
                if not self._closing:
                    self.retry_now()
                continue
            if item is None:
                return
            self._attempt(item)
            item.finished.set()

    def _attempt(self, item: Write[Any]) -> None:
        item.attempts += 1
        try:
            result = item.job(self.get())
        except ReaderError as exc:
            item.error = str(exc)
            if item.what:
                with self._failed_lock:
                    if item.key is None or all(w.key != item.key for w in self._failed):
                        self._failed.append(item)
            self._report(item.failed, item.error)
            return
        except Exception as exc:  # noqa: BLE001 - a bug: reported, the write is not retried
            from reader.app.crashlog import describe
            item.error = describe(exc)
            self._report(item.failed, item.error)
            return
        item.error = None
        self._report(item.done, result)

    def _report(self, callback: Callable[[Any], None] | None, value: Any) -> None:
        """Run `callback(value)` on the UI thread without waiting for it (the UI thread may
        itself be waiting for `drain`)."""
        if callback is not None:
            self._app.post_message(WriteReport(callback, value))


@dataclass
class WriteReport(Message):
    """Posted to the app by the writer thread: run `callback(value)` on the UI thread."""

    callback: Callable[[Any], None]
    value: Any

