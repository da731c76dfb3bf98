"""`reader fetch`: download everything in the library's fetch queue (imports, `save --later`).

    reader fetch               # every queued URL: a few at once, at most two per host
    reader fetch --failed      # the ones that failed before, once more

The work is `reader.app.fetching.BulkFetcher` over the library's fetch queue: each URL is
loaded and extracted by the one pipeline (every `[limits]` setting applies), stored with its
original page (imported highlights find their place in the text then), and summarised once
for the summary cache. Each failure is kept in the queue with its one-line reason
(`reader library list` shows it). Ctrl+C puts what was in flight back in the queue and ends
with "reader: interrupted." (status 130); `reader fetch` then goes on where it stopped.
`fetch_queued` is the function the rest of the app calls (`reader save` does).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Collection, Sequence
from datetime import datetime, timezone
from typing import Any, TextIO

from reader.app import output
from reader.app.fetching import BulkFetcher, RetryPolicy, Tally
from reader.app.terminal_progress import TerminalProgress
from reader.commands.preamble import settings_and_library
from reader.app.summaries import CachedSummaries
from reader.commands.wording import plural
from reader.core.pipeline import Pipeline
from reader.core.safety import clean_line

WORKERS = 6
PER_HOST = 2


def add_parser(sub: Any) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "fetch", help="download every queued article (imports, save --later)",
        description="Download the articles waiting in the fetch queue: a few at once, at most "
                    f"{PER_HOST} per host, retrying network errors and busy servers. Ctrl+C "
                    "stops; running it again goes on where it stopped.")
    parser.add_argument("--failed", action="store_true",
                        help="try the articles that failed before once more")
    parser.add_argument("--workers", "-j", type=int, default=WORKERS, metavar="N",
                        help=f"downloads at once (default {WORKERS}, at most 32)")
    parser.set_defaults(handler=run)
    return parser


def _seconds_until(stamp: str) -> float:
    when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return (when - datetime.now(timezone.utc)).total_seconds()


class QueueWork:
    """The library's fetch queue as `BulkFetcher` wants it; `urls` limits the work to them."""

    def __init__(self, queue: Any, urls: Collection[str] | None = None) -> None:
        self.queue = queue
        self.urls = list(urls) if urls is not None else None
        self.only: list[int] | None = None
        if self.urls is not None:
            self.only = [item.id for item in self.queue.for_urls(self.urls).values()]

    def claim(self, limit: int, per_host: int) -> Sequence[Any]:
        return list(self.queue.claim(limit, per_host=per_host, only=self.only))

    def succeeded(self, job: Any, article_id: int | None) -> None:
        self.queue.succeeded(job.id, article_id)

    # The queue keeps times in whole seconds, truncated: one second more makes sure an item
    # is never tried before the wait it was given (a server's Retry-After above all).
    def failed(self, job: Any, reason: str, retry_in: float | None) -> None:
        self.queue.failed(job.id, reason, retry_in=None if retry_in is None else retry_in + 1)

    def defer_host(self, host: str, seconds: float) -> None:
        self.queue.defer_host(host, seconds + 1)

    def release(self, jobs: Sequence[Any]) -> None:
        self.queue.release([job.id for job in jobs])

    def wait_time(self) -> float | None:
        if self.urls is None:
            due = self.queue.next_due()
            return None if due is None else max(0.0, _seconds_until(due))
        waiting = [item for item in self.queue.for_urls(self.urls).values()
                   if item.state == "queued"]
        if not waiting:
            return None
        return max(0.0, min(_seconds_until(i.next_try) if i.next_try else 0.0 for i in waiting))

    def pending(self) -> int:
        if self.urls is None:
            counts = self.queue.counts()
            return int(counts["queued"] + counts["fetching"])
        return sum(item.state in ("queued", "fetching")
                   for item in self.queue.for_urls(self.urls).values())


class _Shown:
    """BulkFetcher's progress on stderr: the bar (or plain lines) and one line per failure."""

    def __init__(self, err: TextIO, label: str) -> None:
        self.bar = TerminalProgress(err, label=label)
        self.label = label

    def update(self, tally: Tally, note: str = "") -> None:
        self.bar.update(tally.done, tally.total, tally.failed, note)

    def failure(self, url: str, reason: str) -> None:
        shown = clean_line(url)
        self.bar.message(f"{self.label}: {reason}" if shown[:60] in reason
                         else f"{self.label}: {shown}: {reason}")


def fetch_queued(library: Any, pipeline: Pipeline, err: TextIO, *,
                 urls: Collection[str] | None = None, workers: int = WORKERS,
                 label: str = "reader fetch") -> tuple[Tally, QueueWork, BulkFetcher[Any]]:
    """Fetch the queued URLs (all, or those of `urls`) into `library`; returns the tally."""
    work = QueueWork(library.fetch_queue, urls)
    summaries = CachedSummaries(library, pipeline)

    def fetch_one(url: str) -> tuple[Any, Any, Any]:
        page, article = pipeline.read(url)
        return page, article, summaries.compute(article)

    def save(job: Any, result: tuple[Any, Any, Any]) -> int | None:
        page, article, summary = result
        record = library.get(job.article_id, include_deleted=True) \
            if job.article_id is not None else None
        if record is not None and record.deleted is not None:
            return None                    # deleted while it waited: not brought back
        if record is not None:             # what the export knew and the page does not say
            article.title = article.title or record.title
            article.byline = article.byline or record.byline
        article_id = library.save_article(article, page, location=job.url)
        summaries.remember(article, summary)
        return int(article_id)

    shown = _Shown(err, label)
    fetcher: BulkFetcher[Any] = BulkFetcher(
        work, fetch_one, save, workers=max(1, min(32, workers)), per_host=PER_HOST,
        policy=RetryPolicy(max_delay=pipeline.limits.total_timeout), progress=shown)
    try:
        try:
            with summaries:
                tally = fetcher.run(work.pending())
        finally:
            shown.bar.close()
    except KeyboardInterrupt:            # what was done and what waits, then the usual line
        err.write(f"{label}: {outcome_line(fetcher.tally, work, fetcher, stopped=True)}\n")
        raise
    return tally, work, fetcher


def outcome_line(tally: Tally, work: QueueWork, fetcher: BulkFetcher[Any], *,
                 stopped: bool = False) -> str:
    """The closing line: what was fetched, what failed, what still waits and why (`stopped`:
    Ctrl+C ended the run, and the next `reader fetch` goes on)."""
    seconds = time.monotonic() - tally.started
    parts = [f"{plural(tally.done, 'article')} fetched in {seconds:.0f} s"]
    if tally.failed:
        parts.append(f"{tally.failed} failed (`reader fetch --failed` tries them again)")
    left = work.pending()
    if left and fetcher.blocked:
        parts.append(f"{left} left: another reader process is fetching them (or was stopped "
                     "without Ctrl+C; they are due again within 10 minutes)")
    elif left and stopped:
        parts.append(f"{left} still waiting (`reader fetch` goes on where this stopped)")
    elif left:
        parts.append(f"{left} still waiting")
    return ", ".join(parts) + "."


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or output.stdout()
    err = err or sys.stderr
    opened = settings_and_library("fetch", err)
    if opened is None:
        return 1
    settings, library = opened
    with library:
        queue = library.fetch_queue
        if args.failed:
            again = queue.retry_failed()
            if not again:
                err.write("reader fetch: no article failed to download; nothing to try again.\n")
        counts = queue.counts()
        if not counts["queued"] and not counts["fetching"]:
            if not args.failed:
                failed = counts["failed"]
                err.write("reader fetch: nothing is waiting to be fetched"
                          + (f"; {plural(failed, 'article')} failed before "
                             "(`reader fetch --failed` tries again)." if failed else ".") + "\n")
            return 0
        tally, work, fetcher = fetch_queued(library, settings.pipeline(), err,
                                            workers=args.workers)
        err.write(f"reader fetch: {outcome_line(tally, work, fetcher)}\n")
    return 1 if tally.failed else 0
