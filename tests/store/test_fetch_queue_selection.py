"""The fetch queue's calls for `reader save` and `reader fetch`: claims limited to chosen
items, a busy host held back without counting an attempt, chosen failures queued again with
a fresh count, and queue items found by URL for `reader library list`."""

from __future__ import annotations

from library_fixtures import ManualClock

from reader import store

URLS = [f"https://{host}/{n}" for n in range(3) for host in ("a.example", "b.example")]


def test_a_claim_can_be_limited_to_chosen_items(tmp_path) -> None:
    with store.open(tmp_path / "l.sqlite3") as lib:
        queue = lib.fetch_queue
        queue.enqueue_many(URLS)
        chosen = [queue.get(URLS[1]).id, queue.get(URLS[4]).id]
        assert [i.url for i in queue.claim(10, per_host=2, only=chosen)] == [URLS[1], URLS[4]]
        assert queue.claim(10, only=chosen) == [] and queue.claim(10, only=[]) == []
        assert queue.claim(10, only=[10**30, -1]) == []          # ids that name nothing
        assert len(queue.claim(10, per_host=2)) == 2             # b.example is busy already


def test_a_busy_host_waits_as_a_whole_and_no_attempt_is_counted(tmp_path) -> None:
    clock = ManualClock()
    with store.open(tmp_path / "l.sqlite3", clock=clock) as lib:
        queue = lib.fetch_queue
        queue.enqueue_many(URLS)
        assert queue.defer_host("a.example", 30) == 3
        assert {i.host for i in queue.claim(10, per_host=5)} == {"b.example"}
        clock.advance(29)
        assert queue.claim(10, per_host=5) == []
        clock.advance(1)
        ready = queue.claim(10, per_host=5)
        assert {i.host for i in ready} == {"a.example"} and {i.attempts for i in ready} == {0}
        assert queue.defer_host("a.example", 60) == 0             # none queued: all fetching


def test_chosen_failures_are_queued_again_with_a_fresh_count(tmp_path) -> None:
    with store.open(tmp_path / "l.sqlite3") as lib:
        queue = lib.fetch_queue
        queue.enqueue_many(URLS[:3])
        for item in queue.claim(3, per_host=3):
            queue.failed(item.id, "The server answered 404 Not Found.")
        first = queue.get(URLS[0])
        assert queue.retry_failed([first.id]) == 1 and queue.retry_failed([]) == 0
        assert (queue.get(URLS[0]).state, queue.get(URLS[0]).attempts) == ("queued", 0)
        assert queue.get(URLS[1]).state == "failed"
        assert queue.retry_failed() == 2


def test_queue_items_are_found_by_url(tmp_path) -> None:
    with store.open(tmp_path / "l.sqlite3") as lib:
        queue = lib.fetch_queue
        queue.enqueue_many(URLS[:2])
        found = queue.for_urls([URLS[0], "HTTPS://A.EXAMPLE/0", URLS[5], ""])
        assert set(found) == {URLS[0], "HTTPS://A.EXAMPLE/0"}
        assert found[URLS[0]].url == URLS[0] and queue.for_urls([]) == {}
