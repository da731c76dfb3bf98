"""Fetching many queued URLs at once: a pool of workers, a per-host limit, retries.

`BulkFetcher.run()` takes work from a `WorkQueue` (the library's fetch queue behind a small
adapter in `reader.commands.fetch`, so this layer never imports the store) and keeps up to
`workers` downloads going, at most `per_host` to any one host: the queue hands out due items
oldest first with the per-host count applied, so a slow host holds two workers and never
the run. Each download goes through the one pipeline (`fetch_one`), so every `[limits]`
setting applies, and the core's `fetch` bounds its time and size. Results are saved on the
calling thread (`save`), in order, so the store sees one writer.

Retries (`RetryPolicy`): a failure the core marks `retryable` (the network or the server
failed: timeouts, refused or reset connections, 408/425/429/502/503/504) is tried again
after an exponential backoff with jitter, or after the server's Retry-After (seconds or an
HTTP date) for 429 and 503, which also holds back every other queued item of that host;
every wait is capped (`max_delay`, `[limits] total_timeout` by default). After `attempts`
tries, or at once for a failure that will not go away (404, not a page, too large), the
item is recorded as failed with its one-line reason. Interrupted (Ctrl+C), the items in
flight are put back in the queue before the interruption goes on, so the next run resumes
where this one stopped.

Written here rather than with `concurrent.futures`: its pool threads are joined at exit, so
a download stuck in a slow server would hold Ctrl+C for its whole timeout; ours are daemon
threads and the main thread only ever waits on a queue with a timeout.
"""

from __future__ import annotations

import queue
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Generic, Protocol, TypeVar

from reader.core.errors import LoadError, ReaderError

R = TypeVar("R")
WAIT_STATUSES = frozenset({429, 503})   # where Retry-After is the server's word on when


class Job(Protocol):
    id: int
    url: str
    host: str
    attempts: int          # attempts made before this one


class WorkQueue(Protocol):
    def claim(self, limit: int, per_host: int) -> Sequence[Job]: ...
    def succeeded(self, job: Job, article_id: int | None) -> None: ...
    def failed(self, job: Job, reason: str, retry_in: float | None) -> None: ...
    def defer_host(self, host: str, seconds: float) -> None: ...
    def release(self, jobs: Sequence[Job]) -> None: ...
    # Seconds until the next waiting item is due (0: due now), None when none waits.
    def wait_time(self) -> float | None: ...


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header as seconds from now: delta-seconds or an HTTP date; None when
    missing or unreadable (a date in the past is 0)."""
    text = (value or "").strip()
    if not text:
        return None
    if text.isdigit():
        return float(min(int(text[:12]), 10**9))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and after how long a retryable failure is tried again."""

    attempts: int = 4            # tries in all, the first included
    base_delay: float = 2.0      # seconds before the second try; doubled each time
    max_delay: float = 60.0      # no wait is longer (Retry-After included)
    jitter: float = 0.25         # +-25%, so retries from many items do not arrive together

    def delay(self, attempt: int, error: BaseException) -> float | None:
        """Seconds to wait before trying again after failed attempt number `attempt` (1 is
        the first), or None when it is not worth another try."""
        if not isinstance(error, LoadError) or not error.retryable or attempt >= self.attempts:
            return None
        asked = retry_after_seconds(error.retry_after) if error.status in WAIT_STATUSES \
            else None
        if asked is not None:
            return float(min(asked, self.max_delay))
        wait = self.base_delay * 2.0 ** (attempt - 1)
        wait *= 1 + self.jitter * (2 * random.random() - 1)
        return min(wait, self.max_delay)


@dataclass(slots=True)
class Tally:
    """What a run did; `total` is the work there was when it started."""

    total: int = 0
    done: int = 0
    failed: int = 0
    retries: int = 0
    started: float = field(default_factory=time.monotonic)
    failures: list[tuple[str, str]] = field(default_factory=list)   # (url, reason)

    @property
    def finished(self) -> int:
        return self.done + self.failed


@dataclass(slots=True)
class _Outcome(Generic[R]):
    job: Any
    result: R | None = None
    error: BaseException | None = None


class Progress(Protocol):
    def update(self, tally: Tally, note: str = "") -> None: ...
    def failure(self, url: str, reason: str) -> None: ...


class _Silent:
    def update(self, tally: Tally, note: str = "") -> None:
        pass

    def failure(self, url: str, reason: str) -> None:
        pass


def describe_failure(error: BaseException) -> str:
    """One sentence for a failed download (never a traceback)."""
    if isinstance(error, ReaderError):
        return " ".join(str(error).split()) or f"The download failed ({type(error).__name__})."
    return f"Unexpected error ({type(error).__name__})."


class BulkFetcher(Generic[R]):
    """See the module docstring. `fetch_one(url)` runs on worker threads and returns what
    `save(job, result)` stores on the calling thread (returning the library id)."""

    def __init__(self, work: WorkQueue, fetch_one: Callable[[str], R],
                 save: Callable[[Any, R], int | None], *, workers: int = 6, per_host: int = 2,
                 policy: RetryPolicy = RetryPolicy(), progress: Progress | None = None,
                 poll: float = 0.25) -> None:
        self.work = work
        self.fetch_one = fetch_one
        self.save = save
        self.workers = max(1, workers)
        self.per_host = max(1, per_host)
        self.policy = policy
        self.progress = progress or _Silent()
        self.poll = poll
        self.blocked = False         # stopped while others (another process) held the items
        self.tally = Tally()         # the current run's, readable after an interruption
        self.stall_limit = 3         # checks, `poll * 2` apart, before calling it blocked
        self._tasks: queue.Queue[Any] = queue.Queue()
        self._results: queue.Queue[_Outcome[R]] = queue.Queue()
        self._threads: list[threading.Thread] = []

    def _worker(self) -> None:
        while True:
            job = self._tasks.get()
            try:
                outcome = _Outcome(job, result=self.fetch_one(job.url))
            except BaseException as exc:  # noqa: BLE001 - reported, never raised in a worker
                outcome = _Outcome(job, error=exc)
            self._results.put(outcome)

    def _start_workers(self) -> None:
        for n in range(self.workers):
            thread = threading.Thread(target=self._worker, name=f"reader-fetch-{n}",
                                      daemon=True)
            thread.start()
            self._threads.append(thread)

    def run(self, total: int) -> Tally:
        """Fetch until nothing is due or waiting (within the policy's longest wait)."""
        tally = self.tally = Tally(total=total)
        in_flight: dict[int, Any] = {}
        stalls = 0
        self._start_workers()
        try:
            while True:
                free = self.workers - len(in_flight)
                if free > 0:
                    for job in self.work.claim(free, self.per_host):
                        in_flight[job.id] = job
                        self._tasks.put(job)
                        stalls = 0
                if not in_flight:
                    wait = self.work.wait_time()
                    if wait is None:
                        break
                    if wait <= 0:            # due, yet none could be claimed: another
                        stalls += 1          # process is fetching them (or the clock's
                        if stalls > self.stall_limit:   # second has not turned yet)
                            self.blocked = True
                            break
                        time.sleep(self.poll * 2)
                        continue
                    self.progress.update(tally, "waiting to retry")
                    time.sleep(min(wait, self.poll * 4))
                    continue
                try:
                    outcome = self._results.get(timeout=self.poll)
                except queue.Empty:
                    self.progress.update(tally)
                    continue
                self._settle(outcome, tally)      # interrupted in here: still in flight
                in_flight.pop(outcome.job.id, None)
                self.progress.update(tally)
        finally:
            if in_flight:                    # interrupted: back in the queue at once
                self.work.release(list(in_flight.values()))
        return tally

    def _settle(self, outcome: _Outcome[R], tally: Tally) -> None:
        job = outcome.job
        error = outcome.error
        if error is None:
            try:
                article_id = self.save(job, outcome.result)  # type: ignore[arg-type]
            except ReaderError as exc:
                error = exc
            else:
                self.work.succeeded(job, article_id)
                tally.done += 1
                return
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise error
        reason = describe_failure(error)
        delay = self.policy.delay(job.attempts + 1, error)
        if delay is not None:
            if isinstance(error, LoadError) and error.status in WAIT_STATUSES \
                    and error.retry_after is not None:
                self.work.defer_host(job.host, delay)
            self.work.failed(job, reason, delay)
            tally.retries += 1
            return
        self.work.failed(job, reason, None)
        tally.failed += 1
        tally.failures.append((job.url, reason))
        self.progress.failure(job.url, reason)
