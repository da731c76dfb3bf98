"""`reader save URL...`: add web pages to the library and fetch them now (`--later`: queue).

    reader save https://example.org/a https://example.org/b
    cat urls.txt | reader save -            # one URL per line; blank lines and # comments skipped
    reader save --later URL...              # into the library and the queue; `reader fetch` later

Each URL becomes a library entry at once (unread, found again by its URL), queued for
fetching; without `--later` the queued ones are fetched right away by the same bulk fetcher
as `reader fetch` (a few at once, two per host, retries), and only those. The id of each
entry is printed on stdout, one per line, in the order given; a URL that is not a web address
or fails to download is one line on stderr, and the exit status is then 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from reader.app import output
from reader.commands.preamble import settings_and_library
from reader.core.errors import ReaderError
from reader.core.fetch import url_scheme
from reader.core.safety import clean_line

MAX_LINE = 100_000     # characters of one line of stdin: no URL is longer


def add_parser(sub: Any) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "save", help="add web pages to the library and fetch them (--later: only queue)",
        description="Add each URL to the library (unread) and download it now, or with "
                    "--later only queue it for `reader fetch`. - reads URLs from stdin, one "
                    "per line. Prints each entry's library id.")
    parser.add_argument("--later", action="store_true",
                        help="only queue the pages; `reader fetch` downloads them")
    parser.add_argument("urls", nargs="+", metavar="URL", help="a web address, or - for stdin")
    parser.set_defaults(handler=run)
    return parser


def _urls(given: list[str], stdin: TextIO) -> Iterator[str]:
    for value in given:
        if value != "-":
            yield value
            continue
        while line := stdin.readline(MAX_LINE):
            text = line.strip()
            if text and not text.startswith("#"):
                yield text


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None,
        stdin: TextIO | None = None) -> int:
    from reader import store
    from reader.commands.fetch import fetch_queued
    out = out or output.stdout()
    err = err or sys.stderr
    opened = settings_and_library("save", err)
    if opened is None:
        return 1
    settings, library = opened
    failed = False
    with library:
        saved: list[tuple[str, int]] = []
        for url in _urls(args.urls, stdin or sys.stdin):
            if url_scheme(url.strip()) not in ("http", "https"):
                failed = True
                err.write(f"reader save: {clean_line(url)[:200]!r} is not a web address (http "
                          "or https); nothing was saved for it.\n")
                continue
            try:
                report = library.merge_article(store.IncomingArticle(url), queue_fetch=True,
                                               source="save --later" if args.later else "save")
            except ReaderError as exc:
                failed = True
                err.write(f"reader save: {clean_line(str(exc))}\n")
                continue
            if report.skipped is not None:
                failed = True
                err.write(f"reader save: {clean_line(url)}: {report.skipped}\n")
                continue
            assert report.article_id is not None
            saved.append((url, report.article_id))
        queue = library.fetch_queue
        waiting = queue.for_urls([url for url, _ in saved])
        again = [item.id for item in waiting.values() if item.state == "failed"]
        queue.retry_failed(again)           # saving a URL again gives it another chance
        if args.later:
            queued = sum(1 for u, _ in saved if u in waiting)
            err.write(f"reader save: {queued} queued; `reader fetch` downloads "
                      f"{'it' if queued == 1 else 'them'}.\n" if queued else "")
        elif waiting:
            tally, _work, _fetcher = fetch_queued(library, settings.pipeline(), err,
                                                  urls=[u for u, _ in saved if u in waiting],
                                                  label="reader save")
            failed = failed or bool(tally.failed)
            failures = {url for url, _ in tally.failures}
            saved = [(u, i) for u, i in saved if u not in failures]
        for _, article_id in saved:
            out.write(f"{article_id}\n")
    return 1 if failed else 0
