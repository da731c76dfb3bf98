"""The bulk fetcher on its own (an in-memory queue, no network): retry policy and
Retry-After, the pool and per-host limit, interruption, and the progress line."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from reader.app.fetching import BulkFetcher, RetryPolicy, retry_after_seconds
from reader.app.terminal_progress import TerminalProgress
from reader.core.errors import LoadError, ReaderError

NOW = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


def test_retry_after_in_seconds_or_as_an_http_date() -> None:
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(" 7 ") == 7
    later = format_datetime(NOW + timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds(later, NOW) == 90
    assert retry_after_seconds(format_datetime(NOW - timedelta(hours=1), usegmt=True), NOW) == 0
    for unreadable in (None, "", "soon", "-5", "1.5e9 seconds"):
        assert retry_after_seconds(unreadable, NOW) is None
    assert retry_after_seconds("9" * 40) == 10**9          # absurd, but no OverflowError


def test_policy_backs_off_honours_the_server_and_caps_every_wait() -> None:
    policy = RetryPolicy(attempts=4, base_delay=2.0, max_delay=30.0, jitter=0.0)
    network = LoadError("Could not reach x (connection reset).", retryable=True)
    assert [policy.delay(n, network) for n in (1, 2, 3, 4)] == [2.0, 4.0, 8.0, None]
    busy = LoadError("The server answered 429.", retryable=True, status=429, retry_after="5")
    assert policy.delay(1, busy) == 5.0
    assert policy.delay(1, LoadError("503", retryable=True, status=503,
                                     retry_after="100000")) == 30.0          # capped
    assert policy.delay(1, LoadError("502", retryable=True, status=502,
                                     retry_after="5")) == 2.0   # Retry-After only on 429/503
    assert policy.delay(1, LoadError("404", status=404)) is None             # never retried
    assert policy.delay(1, ReaderError("no article")) is None
    jittered = RetryPolicy(base_delay=2.0, jitter=0.25)
    assert all(1.5 <= jittered.delay(1, network) <= 2.5 for _ in range(50))


def test_core_fetch_marks_what_may_succeed_later() -> None:
    from sources_server import serve

    from reader.core.fetch import fetch
    from reader.core.limits import Limits
    with serve() as server:
        for path, retryable, status in (("/500", False, 500), ("/404", False, 404)):
            with pytest.raises(LoadError) as info:
                fetch(server.url(path), Limits())
            assert (info.value.retryable, info.value.status) == (retryable, status)
        busy = server.set_custom(503, [("Retry-After", "12"), ("Content-Length", "0")], b"")
        with pytest.raises(LoadError) as info:
            fetch(busy, Limits())
        assert (info.value.retryable, info.value.status, info.value.retry_after) == (
            True, 503, "12")
        with pytest.raises(LoadError) as info:
            fetch(server.url("/drip"), Limits(idle_timeout=0.2))
        assert info.value.retryable
    with pytest.raises(LoadError) as info:      # nothing listens there any more
        fetch(server.url("/page.html"), Limits(connect_timeout=1))
    assert info.value.retryable and "connection refused" in str(info.value)


@dataclass
class Item:
    id: int
    url: str
    host: str
    attempts: int = 0
    state: str = "queued"
    due: float = 0.0
    reason: str = ""


class MemoryQueue:
    """The queue protocol over a list, with the store's claim rule (per host, due first)."""

    def __init__(self, urls: list[str]) -> None:
        self.items = [Item(n + 1, u, u.split("/")[2]) for n, u in enumerate(urls)]
        self.lock = threading.Lock()
        self.deferred: list[tuple[str, float]] = []

    def claim(self, limit: int, per_host: int) -> list[Item]:
        with self.lock:
            busy: dict[str, int] = {}
            for item in self.items:
                if item.state == "fetching":
                    busy[item.host] = busy.get(item.host, 0) + 1
            chosen = []
            for item in self.items:
                if len(chosen) >= limit:
                    break
                if item.state == "queued" and item.due <= time.monotonic() \
                        and busy.get(item.host, 0) < per_host:
                    item.state = "fetching"
                    busy[item.host] = busy.get(item.host, 0) + 1
                    chosen.append(item)
            return chosen

    def succeeded(self, job: Item, article_id: int | None) -> None:
        job.state, job.attempts = "done", job.attempts + 1

    def failed(self, job: Item, reason: str, retry_in: float | None) -> None:
        job.attempts += 1
        job.reason = reason
        if retry_in is None:
            job.state = "failed"
        else:
            job.state, job.due = "queued", time.monotonic() + retry_in

    def defer_host(self, host: str, seconds: float) -> None:
        self.deferred.append((host, seconds))
        for item in self.items:
            if item.host == host and item.state == "queued":
                item.due = max(item.due, time.monotonic() + seconds)

    def release(self, jobs: list[Item]) -> None:
        for job in jobs:
            if job.state == "fetching":
                job.state = "queued"

    def wait_time(self) -> float | None:
        waiting = [i.due for i in self.items if i.state == "queued"]
        return max(0.0, min(waiting) - time.monotonic()) if waiting else None


FAST = RetryPolicy(attempts=3, base_delay=0.05, max_delay=0.2, jitter=0.0)


def test_the_pool_keeps_the_per_host_limit_and_retries_what_may_work_later() -> None:
    urls = [f"http://a.example/{n}" for n in range(6)] + [f"http://b.example/{n}"
                                                          for n in range(6)]
    queue = MemoryQueue(urls + ["http://c.example/flaky", "http://c.example/gone"])
    running: dict[str, int] = {}
    most: dict[str, int] = {}
    lock = threading.Lock()
    tries: dict[str, int] = {}

    def fetch_one(url: str) -> str:
        host = url.split("/")[2]
        with lock:
            running[host] = running.get(host, 0) + 1
            most[host] = max(most.get(host, 0), running[host])
            tries[url] = tries.get(url, 0) + 1
        try:
            time.sleep(0.03)
            if url.endswith("flaky") and tries[url] < 3:
                raise LoadError("The connection to c.example failed (connection reset).",
                                retryable=True)
            if url.endswith("gone"):
                raise LoadError("The server answered 404 Not Found for it.", status=404)
            return url.upper()
        finally:
            with lock:
                running[host] -= 1

    saved = []
    fetcher = BulkFetcher(queue, fetch_one, lambda job, result: saved.append(result) or 1,
                          workers=8, per_host=2, policy=FAST, poll=0.02)
    tally = fetcher.run(len(queue.items))
    assert (tally.done, tally.failed, tally.retries) == (13, 1, 2)
    assert most == {"a.example": 2, "b.example": 2, "c.example": 2}
    assert tries["http://c.example/flaky"] == 3 and tries["http://c.example/gone"] == 1
    assert tally.failures == [("http://c.example/gone",
                               "The server answered 404 Not Found for it.")]
    assert sorted(saved) == sorted(u.upper() for u in urls + ["http://c.example/flaky"])
    assert {i.state for i in queue.items} == {"done", "failed"}


def test_a_busy_host_is_held_back_as_a_whole() -> None:
    queue = MemoryQueue([f"http://busy.example/{n}" for n in range(3)])
    first = threading.Event()

    def fetch_one(url: str) -> str:
        if not first.is_set():
            first.set()
            raise LoadError("The server answered 429.", retryable=True, status=429,
                            retry_after="1")
        return url

    tally = BulkFetcher(queue, fetch_one, lambda job, r: 1, workers=1, policy=FAST,
                        poll=0.02).run(3)
    assert tally.done == 3 and queue.deferred == [("busy.example", 0.2)]   # 1 s, capped


def test_an_interruption_puts_everything_in_flight_back() -> None:
    queue = MemoryQueue([f"http://h{n % 3}.example/{n}" for n in range(9)])
    calls = []

    def save(job: Item, result: str) -> int:
        calls.append(job.id)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return 1

    def fetch_one(url: str) -> str:
        time.sleep(0.05)
        return url

    with pytest.raises(KeyboardInterrupt):
        BulkFetcher(queue, fetch_one, save, workers=4, poll=0.02).run(9)
    states = [i.state for i in queue.items]
    assert "fetching" not in states and states.count("done") == 1
    assert states.count("queued") == 8          # the one being saved went back too


def test_an_item_another_process_holds_ends_the_run_instead_of_spinning() -> None:
    queue = MemoryQueue(["http://held.example/1"])
    queue.items[0].state = "fetching"           # claimed elsewhere; nothing else to do
    queue.items.append(Item(2, "http://held.example/2", "held.example"))
    queue.items.append(Item(3, "http://held.example/3", "held.example"))
    queue.items[1].state = "fetching"
    fetcher = BulkFetcher(queue, lambda url: url, lambda job, r: 1, per_host=2, poll=0.01)
    started = time.monotonic()
    tally = fetcher.run(1)
    assert fetcher.blocked and tally.done == 0 and time.monotonic() - started < 2


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_line_on_a_terminal_and_in_a_log() -> None:
    import io
    clock = Clock()
    bar = TerminalProgress(io.StringIO(), label="reader fetch", terminal=True, clock=clock)
    clock.now += 10
    line = bar.text(19, 200, failed=1, note="waiting to retry", width=100)
    assert line.startswith("[####") and "20/200  2.0/s  1:30 left" in line
    assert line.endswith("· 1 failed, waiting to retry") and len(line) < 100
    assert "[" not in bar.text(19, 200, width=30)          # too narrow for a bar: figures only
    log = io.StringIO()
    plain = TerminalProgress(log, label="reader fetch", terminal=False, clock=clock,
                             interval=5)
    plain.update(1, 200, 0)                                # too soon for a first line
    clock.now += 10
    plain.update(40, 200, 0)
    plain.update(41, 200, 0)                               # within the interval: no line
    plain.message("reader fetch: x failed")
    clock.now += 6
    plain.update(60, 200, 2)
    assert log.getvalue().splitlines() == [
        "reader fetch: 40 of 200 done, 4.0 per second, about 0:40 left",
        "reader fetch: x failed",
        "reader fetch: 62 of 200 done, 3.9 per second, about 0:35 left (2 failed)"]
    assert "\r" not in log.getvalue()
