"""The fetch queue: idempotent enqueue, claims that honour a per-host limit, success and
failure with retry times, resumption after a killed fetcher, and the failures list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from library_fixtures import ManualClock

from reader import store
from reader.core.errors import StoreError
from reader.store import Library
from reader.store.fetch_queue import FetchQueue


@pytest.fixture
def queue(lib: Library) -> FetchQueue:
    return lib.fetch_queue


URLS = [f"https://{host}/{n}" for n in range(4) for host in ("a.example", "b.example")]


def test_enqueue_is_idempotent(queue: FetchQueue) -> None:
    assert queue.enqueue_many(URLS, source="import pocket.zip") == len(URLS)
    assert queue.enqueue_many(URLS) == 0
    again = queue.enqueue("HTTPS://A.example/0#top")          # the same URL, written otherwise
    assert again.url == "https://a.example/0" and again.source == "import pocket.zip"
    assert queue.counts() == {"queued": 8, "fetching": 0, "done": 0, "failed": 0}
    for bad in ("file:///etc/passwd", "/home/ada/page.html", "javascript:alert(1)", "-"):
        with pytest.raises(StoreError, match="Only web addresses"):
            queue.enqueue(bad)


def test_claims_honour_the_per_host_limit(queue: FetchQueue) -> None:
    queue.enqueue_many(URLS)
    first = queue.claim(10, per_host=1)
    assert sorted(i.host for i in first) == ["a.example", "b.example"]
    assert all(i.state == "fetching" for i in first)
    assert queue.claim(10, per_host=1) == []                   # both hosts busy
    more = queue.claim(10, per_host=2)
    assert sorted(i.host for i in more) == ["a.example", "b.example"]
    queue.succeeded(first[0].id, article_id=None)
    [next_one] = queue.claim(10, per_host=2)
    assert next_one.host == first[0].host
    assert len(queue.claim(1, per_host=5)) == 1                # limit respected


def test_failures_wait_for_their_retry_time_or_fail_for_good(lib: Library) -> None:
    clock = ManualClock()
    queue = store.Library(lib.db, clock=clock).fetch_queue
    queue.enqueue("https://slow.example/a")
    queue.enqueue("https://gone.example/b")
    a, b = queue.claim(5)
    queue.failed(a.id, "The server said 503 (busy)\nTry later.", retry_in=30)
    queue.failed(b.id, "No such host: gone.example.")
    assert queue.claim(5) == []                                 # a waits, b failed
    assert queue.next_due() == "2024-01-01T00:00:30Z"
    clock.advance(29)
    assert queue.claim(5) == []
    clock.advance(1)
    [again] = queue.claim(5)
    assert again.id == a.id and again.attempts == 1
    assert again.last_error == "The server said 503 (busy) Try later."   # one line
    [failure] = queue.failures()
    assert failure.id == b.id and failure.last_error == "No such host: gone.example."
    assert queue.retry_failed() == 1 and queue.failures() == []
    assert {i.id for i in queue.claim(5)} == {b.id}


def test_a_killed_fetcher_leaves_nothing_stuck(queue: FetchQueue) -> None:
    queue.enqueue_many(URLS[:2])
    claimed = queue.claim(5)
    assert len(claimed) == 2 and queue.claim(5) == []
    # Ctrl+C: the fetcher puts back what it had in flight
    assert queue.release([i.id for i in claimed]) == 2
    claimed = queue.claim(5)
    assert len(claimed) == 2
    # SIGKILL: nobody releases them; after STALE_AFTER they are due again
    assert queue.claim(5, stale_after=timedelta(seconds=0)) != []


def test_done_items_are_not_claimed_again(queue: FetchQueue, lib: Library) -> None:
    queue.enqueue("https://a.example/x")
    [item] = queue.claim()
    queue.succeeded(item.id, article_id=12345)
    assert queue.claim() == [] and queue.counts()["done"] == 1
    assert queue.enqueue("https://a.example/x").state == "done"   # enqueue again: no change
    queue.succeeded(10**30)                                         # ids out of range: ignored
    queue.failed(-4, "x")
