"""`reader library list|reextract`: the whole library from scripts.

    reader library list [--json] [--state unread|archived|starred] [--tag T]... [--sort S]
    reader library reextract ARTICLE | --all

`list` streams every entry (a batch at a time: memory flat at any size), newest saved first:
one line each, or with `--json` one JSON object per line: `{"id", "url", "location", "title",
"site", "saved", "state", "starred", "tags", "progress", "notes", "highlights", "fetch"}`,
where `notes` is 1 when the entry has a note, `highlights` how many it has, and `fetch` is
null once the article is in the library, else `{"state": "queued"|"fetching"|"failed",
"attempts", "error"}` (the one-line reason of the last failed download).

`reextract` runs today's extractor again on the saved original pages (extraction keeps
improving): the text and structure are replaced, highlights re-anchored (those that cannot be
placed are kept and flagged), the note, tags, states and position stay, and each new text's
summary is stored beside it (computed in a process pool). It ends with one line counting what
changed.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from typing import Any, TextIO

from reader.app import output
from reader.app.crashlog import describe
from reader.app.terminal_progress import TerminalProgress
from reader.commands.preamble import settings_and_library
from reader.app.summaries import BATCH, CachedSummaries
from reader.core.errors import ReaderError
from reader.core.safety import clean_line
from reader.ui.wording import progress_percent

STATES = ("unread", "archived", "starred")


def add_parser(sub: Any) -> argparse.ArgumentParser:
    parser = sub.add_parser("library", help="list the library, re-extract saved pages",
                            description="The library from scripts. ARTICLE is a library id, "
                                        "a URL or a path.")
    actions = parser.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    show = actions.add_parser("list", help="every article, newest saved first (streamed)")
    show.add_argument("--json", action="store_true", help="one JSON object per line")
    show.add_argument("--state", choices=STATES, action="append", default=[],
                      help="only articles in this state (again: all of them)")
    show.add_argument("--tag", action="append", default=[], metavar="TAG",
                      help="only articles with this tag (again: all of them)")
    from reader.store import SORTS
    show.add_argument("--sort", choices=SORTS, default="saved",
                      help="order of the list (default: saved, newest first)")
    again = actions.add_parser("reextract", help="extract the saved original pages again")
    which = again.add_mutually_exclusive_group(required=True)
    which.add_argument("article", nargs="?", metavar="ARTICLE",
                       help="library id, URL or path")
    which.add_argument("--all", action="store_true", help="every article with a saved page")
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or output.stdout()
    err = err or sys.stderr
    opened = settings_and_library("library", err)
    if opened is None:
        return 1
    settings, library = opened
    try:
        with library:
            if args.library_command == "list":
                return _list(library, args, out)
            return _reextract(library, settings.pipeline(), args, err)
    except BrokenPipeError:
        raise
    except ReaderError as exc:
        err.write(f"reader library: {describe(exc)}\n")
        return 1


# -- list ----------------------------------------------------------------------------------

def _fetch_json(item: Any) -> dict[str, Any] | None:
    if item is None or item.state == "done":
        return None
    return {"state": item.state, "attempts": item.attempts,
            "error": clean_line(item.last_error) or None}


def entry_json(record: Any, fetch: Any = None) -> dict[str, Any]:
    """One `library list --json` line (see the module docstring)."""
    return {"id": record.id, "url": clean_line(record.url) or None,
            "location": clean_line(record.location), "title": clean_line(record.title),
            "site": clean_line(record.site or record.host) or None, "saved": record.saved,
            "state": record.state, "starred": record.starred,
            "tags": [clean_line(t) for t in record.tags], "progress": record.progress,
            "notes": 1 if record.note_chars else 0, "highlights": record.highlight_count,
            "fetch": _fetch_json(fetch)}


def entry_line(record: Any, fetch: Any = None) -> str:
    """One line of `library list`: id, state, star, title, site, progress, counts, tags."""
    parts = [clean_line(record.title) or clean_line(record.link) or "(untitled)"]
    site = clean_line(record.site or record.host)
    if site:
        parts.append(site)
    if record.progress:
        parts.append(f"{progress_percent(record.progress)}% read")  # as the app shows it
    counts = []
    if record.note_chars:
        counts.append("note")
    if record.highlight_count:
        counts.append(f"{record.highlight_count} highlight"
                      + ("" if record.highlight_count == 1 else "s"))
    if counts:
        parts.append(", ".join(counts))
    if record.tags:
        parts.append("tags: " + ", ".join(clean_line(t) for t in record.tags))
    state = _fetch_json(fetch)
    if state is not None:
        parts.append(f"fetch failed: {state['error']}" if state["state"] == "failed"
                     else "not fetched yet")
    star = "*" if record.starred else " "
    return f"{record.id:>6}  {record.state:<8} {star} " + "  ·  ".join(parts) + "\n"


def _list(library: Any, args: argparse.Namespace, out: TextIO) -> int:
    from reader.store import ArticleFilter
    filters = ArticleFilter(states=tuple(dict.fromkeys(args.state)),
                            tags=tuple(dict.fromkeys(args.tag)))
    queue = library.fetch_queue
    for records in library.iter_batches(args.sort, filters):
        waiting = queue.for_urls([r.url for r in records if r.url and not r.text_chars])
        for record in records:
            fetch = waiting.get(record.url) if record.url and not record.text_chars else None
            if args.json:
                out.write(json.dumps(entry_json(record, fetch), ensure_ascii=False) + "\n")
            else:
                out.write(entry_line(record, fetch))
    return 0


# -- reextract -----------------------------------------------------------------------------

@dataclass(slots=True)
class ReextractTally:
    articles: int = 0
    changed: int = 0
    kept: int = 0
    moved: int = 0
    lost: int = 0
    without_page: int = 0
    failed: int = 0

    def line(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}" + ("" if count == 1 else "s")

        text = (f"re-extracted {n(self.articles, 'article')}: {n(self.changed, 'text')} "
                f"changed; highlights: {self.kept} kept, {self.moved} moved, {self.lost} "
                "could not be placed (kept, flagged)")
        if self.without_page:
            text += f"; {self.without_page} without a saved page (left as they were)"
        if self.failed:
            text += f"; {self.failed} failed (left as they were)"
        return text + "."


def _reextract(library: Any, pipeline: Any, args: argparse.Namespace, err: TextIO) -> int:
    if args.all:
        total = library.count()
        records = library.iter_articles("saved")
    else:
        record = library.find(args.article)
        if record is None:
            raise ReaderError(f"No article in the library matches "
                              f"{clean_line(args.article)[:200]!r}.")
        total, records = 1, iter([record])
    tally = ReextractTally()
    bar = TerminalProgress(err, label="reader library") if args.all else None
    summaries = CachedSummaries(library, pipeline)   # the new texts' summaries, stored
    texts: list[int] = []
    try:
        for done, record in enumerate(records, 1):
            page = library.load_page(record.id)
            if page is None:
                tally.without_page += 1
            else:
                try:
                    article = pipeline.remembered(page, pipeline.extract(page), record.candidate)
                    report = library.replace_article(record.id, article)
                except ReaderError as exc:
                    tally.failed += 1
                    message = f"reader library: {record.id}: {describe(exc)}"
                    if bar is not None:
                        bar.message(message)
                    else:
                        err.write(message + "\n")
                else:
                    tally.articles += 1
                    texts.append(record.id)
                    if len(texts) >= BATCH:
                        summaries.store_ids(texts)
                        texts = []
                    tally.changed += report.text_changed
                    tally.kept += report.kept
                    tally.moved += report.moved
                    tally.lost += len(report.lost)
            if bar is not None:
                bar.update(done - tally.failed, total, tally.failed)
        summaries.store_ids(texts)
    finally:
        summaries.flush()
        if bar is not None:
            bar.close()
    err.write(f"reader library: {tally.line()}\n")
    return 1 if tally.failed else 0
