"""`reader save` and `reader fetch` against loopback servers: everything queued is fetched,
at most two at once per host and never held up by one slow host, network errors and busy
servers retried (Retry-After in seconds or as a date), failures recorded with their reason
and tried again by `--failed`, Ctrl+C resumable, and a progress bar only on a terminal."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from child_processes import ctrl_c_reaches_it
from fetch_server import hosts

from reader import store
from reader.cli import main

ROOT = Path(__file__).resolve().parents[2]


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def queue_urls(capsys, *urls: str) -> None:
    code, out, err = cli(capsys, "save", "--later", *urls)
    assert code == 0, err
    assert len(out.split()) == len(urls)


def states() -> dict[str, str]:
    with store.open() as lib:
        counts = lib.fetch_queue.counts()
    return {k: v for k, v in counts.items() if v}


def test_fetch_downloads_every_queued_url_and_imported_highlights_find_their_place(
        capsys, tmp_path: Path) -> None:
    with hosts(2) as (a, b):
        urls = [a.url(f"/page/{n}") for n in range(5)] + [b.url(f"/page/{n}") for n in range(5)]
        csv = tmp_path / "part_000000.csv"
        csv.write_text("title,url,time_added,tags,status\n" + "".join(
            f"Imported {n},{u},1700000000,trip,{'archive' if n % 2 else 'unread'}\n"
            for n, u in enumerate(urls)), encoding="utf-8")
        annotations = tmp_path / "annotations.json"
        annotations.write_text(f'[{{"url": "{urls[0]}", "title": "x", "highlights": [{{"quote":'
                               ' "the lanterns of story 0 are lit each autumn", "created_at": '
                               '1700000100}]}]', encoding="utf-8")
        import zipfile
        archive = tmp_path / "pocket.zip"
        with zipfile.ZipFile(archive, "w") as z:
            z.write(csv, "part_000000.csv")
            z.write(annotations, "annotations/part_000000.json")
        assert cli(capsys, "import", str(archive))[0] == 0
        code, out, err = cli(capsys, "fetch")
        assert code == 0, err
        assert err.splitlines()[-1].startswith("reader fetch: 10 articles fetched in ")
        assert "\r" not in err                                 # not a terminal: no bar
        assert states() == {"done": 10}
        with store.open() as lib:
            record = lib.find(urls[0])
            assert record.title == "Story 0" and record.tags == ["trip"]
            assert lib.load_page(record.id) is not None
            [h] = lib.list_highlights(record.id)
            text = lib.load_article(record.id).text
            assert h.anchored and text[h.start:h.end] == h.quote
            assert lib.find(urls[1]).state == "archived"     # the import's state is kept
        code, _, err = cli(capsys, "fetch")
        assert code == 0 and "nothing is waiting to be fetched" in err
        assert sum(1 for path, _ in a.hits + b.hits) == 10   # nothing fetched twice


def test_at_most_two_per_host_and_a_slow_host_holds_no_one_up(capsys) -> None:
    with hosts(2) as (slow, fast):
        urls = [slow.url(f"/slow/1.2/{n}") for n in range(4)]
        urls += [fast.url(f"/page/{n}") for n in range(8)]
        queue_urls(capsys, *urls)
        started = time.monotonic()
        code, _, err = cli(capsys, "fetch", "--workers", "6")
        elapsed = time.monotonic() - started
        assert code == 0, err
        assert slow.most_at_once == 2                     # the per-host limit, reached
        assert fast.most_at_once <= 2
        slow_done = max(t for _, t in slow.hits) + 1.2
        assert max(t for _, t in fast.hits) < slow_done - 0.5   # fast went on meanwhile
        assert elapsed >= 2 * 1.2 - 0.1                   # four slow pages, two at a time
        assert states() == {"done": 12}


def test_a_busy_server_is_retried_after_the_time_it_asks(capsys) -> None:
    with hosts(1) as (server,):
        queue_urls(capsys, server.url("/busy/1/1"), server.url("/busy-date/2/2"),
                   server.url("/flaky/1/3"))
        code, _, err = cli(capsys, "fetch")
        assert code == 0, err
        hits: dict[str, list[float]] = {}
        for path, when in server.hits:
            hits.setdefault(path, []).append(when)
        assert len(hits["/busy/1/1"]) == 2 and hits["/busy/1/1"][1] - hits["/busy/1/1"][0] >= 0.9
        first, second = hits["/busy-date/2/2"]
        assert second - first >= 0.9                       # an HTTP date, a second apart at least
        assert len(hits["/flaky/1/3"]) == 2                # 503 without Retry-After: backoff
        with store.open() as lib:
            item = lib.fetch_queue.get(server.url("/flaky/1/3"))
            assert item.state == "done" and item.attempts == 2


def test_failures_are_recorded_with_their_reason_and_tried_again(capsys) -> None:
    with hosts(1) as (server,):
        gone = server.url("/gone/1")
        queue_urls(capsys, gone, server.url("/page/2"))
        code, _, err = cli(capsys, "fetch")
        assert code == 1
        assert f"reader fetch: The server answered 404 Not Found for {gone}." in err
        assert "1 article fetched" in err and "1 failed (`reader fetch --failed`" in err
        assert server.count("/gone/1") == 1                # a 404 is not worth retrying
        with store.open() as lib:
            [failure] = lib.fetch_queue.failures()
            assert failure.url == gone and "404 Not Found" in failure.last_error
        code, _, err = cli(capsys, "fetch")
        assert code == 0 and "1 article failed before" in err
        server.gone = False
        code, _, err = cli(capsys, "fetch", "--failed")
        assert code == 0 and "1 article fetched" in err
        assert states() == {"done": 2}
        with store.open() as lib:
            assert lib.find(gone).title == "Story 1"


def test_limits_apply_to_every_download(capsys, tmp_path: Path, monkeypatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[limits]\nmax_download_bytes = 1024\n")
    monkeypatch.setenv("READER_CONFIG", str(config))
    with hosts(1) as (server,):
        queue_urls(capsys, server.url("/page/1"))
        code, _, err = cli(capsys, "fetch")
    assert code == 1 and "max_download_bytes" in err
    with store.open() as lib:
        assert lib.fetch_queue.failures()[0].attempts == 1  # too large is not retried


def test_save_fetches_now_prints_ids_and_reads_stdin(capsys, monkeypatch) -> None:
    with hosts(1) as (server,):
        queue_urls(capsys, server.url("/page/99"))          # queued before: left alone
        monkeypatch.setattr(sys, "stdin", io.StringIO(
            f"# my list\n{server.url('/page/1')}\n\n{server.url('/page/2')}\n"))
        code, out, err = cli(capsys, "save", "-", "ftp://example.org/x", server.url("/gone/3"))
        assert code == 1
        ids = out.split()
        assert len(ids) == 2 and all(i.isdigit() for i in ids)
        assert ("reader save: 'ftp://example.org/x' is not a web address (http or https); "
                "nothing was saved for it.") in err and "404 Not Found" in err
        assert "imported" not in err
        assert server.count("/page/99") == 0                 # save fetches only what it got
        with store.open() as lib:
            assert lib.get(int(ids[0])).title == "Story 1"
            assert lib.fetch_queue.get(server.url("/page/99")).state == "queued"
        server.gone = False
        code, out, _ = cli(capsys, "save", server.url("/gone/3"))   # failed before: again
        assert code == 0 and out.strip().isdigit()


def test_a_progress_bar_only_on_a_terminal(capsys, monkeypatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    with hosts(1) as (server,):
        queue_urls(capsys, *[server.url(f"/slow/0.15/{n}") for n in range(8)])
        err = Terminal()
        monkeypatch.setattr(sys, "stderr", err)
        assert main(["fetch", "--workers", "2"]) == 0
    shown = err.getvalue()
    assert "\r\x1b[K[" in shown and "/8" in shown and "/s" in shown
    assert shown.rstrip("\n").endswith("8 articles fetched in " + shown.rsplit(
        "8 articles fetched in ", 1)[1].rstrip("\n"))
    assert "\r\x1b[Kreader fetch: 8 articles fetched" in shown      # the bar erased first


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")
def test_ctrl_c_stops_cleanly_and_the_next_fetch_goes_on(capsys) -> None:
    with hosts(2) as (a, b):
        urls = [h.url(f"/slow/0.5/{n + 8 * k}") for n in range(8) for k, h in enumerate((a, b))]
        queue_urls(capsys, *urls)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        proc = subprocess.Popen([sys.executable, "-m", "reader", "fetch", "--workers", "4"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                text=True, preexec_fn=ctrl_c_reaches_it)
        deadline = time.monotonic() + 30
        while len(a.hits) + len(b.hits) < 6 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130
        assert err.rstrip("\n").endswith("reader: interrupted.") and "Traceback" not in err
        said = err.splitlines()[-2]                          # what was done, what waits
        assert said.startswith("reader fetch: ") and " articles fetched in " in said
        assert "still waiting (`reader fetch` goes on where this stopped)." in said
        counts = states()
        assert "fetching" not in counts and counts.get("done", 0) >= 2
        assert counts.get("queued", 0) >= 2                  # left for the next run
        done_before = {path for path, _ in a.hits + b.hits}
        code, _, err = cli(capsys, "fetch")
        assert code == 0, err
        assert states() == {"done": 16}
        with store.open() as lib:
            finished = [item for item in (lib.fetch_queue.get(u) for u in urls)]
            assert all(item.state == "done" for item in finished)
        again = [path for path, _ in a.hits + b.hits]
        repeated = [p for p in set(again) if again.count(p) > 1]
        assert set(repeated) <= done_before                  # only the interrupted ones
        assert len(repeated) <= 4                            # at most what was in flight
