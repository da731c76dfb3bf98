"""`reader import FILE...`: other services' exports (and our own) merged into the library.

    reader import pocket.zip                 # recognised by content; one summary line each
    reader import --format instapaper x.csv  # force a format (`reader import --help` lists them)
    reader import --json *.json              # one JSON report per file on stdout

Each file is read by `reader.core.imports` and merged through the store's merge primitives
(`Library.merge_articles`) inside one transaction, so a file that turns out to be malformed
halfway changes nothing, and importing it again adds nothing. What the export shipped (the
page of Omnivore and wallabag, the article and original of our own export) becomes the
entry's saved page and text, extracted by the one pipeline, so it opens offline; everything
else is queued for `reader fetch`. `import_file` is the function the rest of the app calls.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, TextIO
from urllib.parse import quote

from reader.app import config, output
from reader.app.crashlog import describe
from reader.commands.preamble import settings_and_library
from reader.app.summaries import BATCH, CachedSummaries
from reader.commands.wording import plural
from reader.core.errors import ReaderError
from reader.core.imports import ImportedItem, Place, Problem, formats, open_export
from reader.core.models import Article, Block
from reader.core.pipeline import Pipeline
from reader.core.safety import clean_line

SHOWN_REASONS = 5   # reasons written on the summary line; --json lists them all


def add_parser(sub: Any) -> argparse.ArgumentParser:
    names = ", ".join(f"{f.name} ({f.label})" for f in formats())
    parser = sub.add_parser(
        "import", help="import an export of Pocket, Omnivore, Instapaper, wallabag, Readwise, "
                       "bookmarks or reader",
        description="Merge each FILE into the library: articles, tags, states, notes and "
                    "highlights; nothing in the library is overwritten and importing a file "
                    "twice adds nothing. Articles without their page in the export are queued "
                    f"for `reader fetch`. Formats: {names}.")
    parser.add_argument("--format", "-f", choices=[f.name for f in formats()], metavar="NAME",
                        help="read every FILE as this format instead of recognising it")
    parser.add_argument("--json", action="store_true",
                        help="one JSON report per file on stdout (JSON Lines)")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.set_defaults(handler=run)
    return parser


@dataclass(slots=True)
class Reason:
    where: str
    reason: str


@dataclass(slots=True)
class FileReport:
    """What importing one file did (`--json` prints it as it stands)."""

    file: str
    format: str | None = None
    new: int = 0
    merged: int = 0
    unchanged: int = 0
    skipped: list[Reason] = field(default_factory=list)
    dropped: list[Reason] = field(default_factory=list)   # items kept without a bad field
    queued: int = 0
    pages: int = 0                    # entries whose page came in the export: offline
    highlights: int = 0
    highlights_unplaced: int = 0      # kept, flagged: not found in the text
    highlights_waiting: int = 0       # kept, to be placed once their page is fetched
    error: str | None = None          # the file as a whole was refused; nothing changed

    def json(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        name = clean_line(self.file)
        if self.error is not None:
            error = self.error
            if error.startswith(name + " "):          # "x.csv: ...: x.csv is empty."
                error = "the file " + error[len(name) + 1:]
            return f"{name}: nothing was imported: {error}"
        text = f"{name}: {self.new} new, {self.merged} merged"
        if self.unchanged:
            text += f", {self.unchanged} already in the library"
        text += f", {len(self.skipped)} skipped" + _reasons(self.skipped)
        extras = []
        if self.highlights:
            notes = [f"{self.highlights_unplaced} not found in the text, kept"
                     ] if self.highlights_unplaced else []
            if self.highlights_waiting:
                notes.append(f"{self.highlights_waiting} placed once their page is fetched")
            extras.append(plural(self.highlights, "highlight")
                          + (f" ({'; '.join(notes)})" if notes else ""))
        if self.pages:
            extras.append(f"{self.pages} with their page")
        if self.queued:
            extras.append(f"{self.queued} queued for `reader fetch`")
        if self.dropped:
            extras.append(f"{plural(len(self.dropped), 'value')} left out"
                          + _reasons(self.dropped))
        return text + ("; " + "; ".join(extras) if extras else "")


def _reasons(reasons: list[Reason]) -> str:
    if not reasons:
        return ""
    shown = "; ".join(f"{r.where}: {r.reason}" if r.where else r.reason
                      for r in reasons[:SHOWN_REASONS])
    more = len(reasons) - SHOWN_REASONS
    return f" ({shown}{f'; and {more} more' if more > 0 else ''})"


def _where(place: Place) -> str:
    """The place without the file's name (the summary line starts with it)."""
    parts = [clean_line(place.member)] if place.member else []
    if place.line is not None:
        parts.append(f"line {place.line}")
    if place.index is not None:
        parts.append(f"item {place.index}")
    return " ".join(parts)


def _short(reason: str) -> str:
    """A parser's sentence shortened for the summary line ("This item has no URL")."""
    text = clean_line(reason).rstrip(".")
    for tail in ("; it was skipped", ", so it cannot be imported", "; the item was skipped",
                 "; the item was imported without it"):
        if text.endswith(tail):
            text = text[: -len(tail)]
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


# -- one item ------------------------------------------------------------------------------

def _book_location(item: ImportedItem) -> str:
    """Where a document without a URL (a Kindle book in Readwise) is kept: a stable name of
    its own, so importing the file again finds the same entry."""
    author = f"?author={quote(item.author or '', safe='')}" if item.author else ""
    return f"{item.format}://book/{quote(item.title or 'untitled', safe='')}{author}"


def _book_text(item: ImportedItem, location: str) -> Article | None:
    """A book's highlights as its text (one paragraph each), so they can be read and are
    anchored; None when it has none."""
    quotes = [h.quote for h in item.highlights if h.quote.strip()]
    if not quotes:
        return None
    blocks, at = [], 0
    for q in quotes:
        blocks.append(Block("quote", at, at + len(q)))
        at += len(q) + 2
    return Article(text="\n\n".join(quotes), title=item.title, byline=item.author,
                   location=location, blocks=blocks)


def _highlight_note(note: str, labels: list[str]) -> str:
    """The note with the highlight's labels (Omnivore, Readwise tags) kept as #tags."""
    tags = " ".join("#" + "-".join(label.split()) for label in labels)
    if not tags or tags in note:
        return note
    return f"{note.rstrip()}\n\n{tags}" if note.strip() else tags


def incoming(item: ImportedItem, pipeline: Pipeline) -> tuple[Any, list[str]]:
    """The store's `IncomingArticle` for an imported item, and the problems met on the way
    (a shipped page without article text: the item is queued instead)."""
    from reader.store import IncomingArticle, IncomingHighlight
    problems: list[str] = []
    location = item.location
    if item.url is None and location is None:
        location = _book_location(item)
    where = item.url or location or ""
    page = item.content.page(where) if item.content is not None else None
    article = item.article
    if article is None and page is not None:
        try:
            article = pipeline.extract(page)
        except ReaderError as exc:
            problems.append(f"Its saved page could not be read ({clean_line(str(exc))}); it "
                            "will be fetched from its URL instead.")
    if article is None and item.url is None and item.location is None:
        article = _book_text(item, where)
    if article is not None and not article.location:
        article.location = where
    highlights = [IncomingHighlight(h.quote, _highlight_note(h.note, h.labels), h.created,
                                    h.position.start, h.position.prefix, h.position.suffix)
                  for h in item.highlights]
    return IncomingArticle(
        url=item.url, location=location, title=item.title, byline=item.author,
        site=item.site, lang=item.lang, published=item.published, tags=item.tags,
        state=item.state, starred=item.starred, saved=item.saved, updated=item.updated,
        archived_at=item.archived_at, starred_at=item.starred_at, last_opened=item.opened,
        progress=item.progress, position=item.position, note="\n\n".join(item.notes),
        note_created=item.note_created, note_updated=item.note_updated, highlights=highlights,
        article=article, page=page, candidate=item.candidate), problems


# -- one file ------------------------------------------------------------------------------

def import_file(library: Any, path: str, *, format: str | None = None,
                pipeline: Pipeline | None = None) -> FileReport:
    """Import one export file into `library` in one transaction; never raises for the file's
    own problems (they are in the report; `error` set means nothing was changed)."""
    pipeline = pipeline or config.load().pipeline()
    report = FileReport(path)
    try:
        with open_export(path, format=format) as export:
            report.format = export.format
            with library.transaction(), CachedSummaries(library, pipeline) as summaries:
                _merge(library, export, pipeline, report, summaries)
    except ReaderError as exc:
        fresh = FileReport(path, report.format, error=clean_line(str(exc)))
        return fresh
    return report


def _merge(library: Any, export: Any, pipeline: Pipeline, report: FileReport,
           summaries: CachedSummaries) -> None:
    """Merge the export's items; the texts it brought have their summaries stored (computed
    in the pool while the merge goes on), so an export of the library computes none."""
    places: deque[Place] = deque()
    texts: list[int] = []

    def items() -> Iterator[Any]:
        for entry in export:
            if isinstance(entry, Problem):
                target = report.skipped if entry.skipped else report.dropped
                target.append(Reason(_where(entry.place), _short(entry.reason)))
                continue
            item, problems = incoming(entry, pipeline)
            report.dropped += [Reason(_where(entry.place), _short(p)) for p in problems]
            places.append(entry.place)
            yield item

    source = f"import {clean_line(report.file)[-200:]}"
    for merged in library.merge_articles(items(), queue_fetch=True, source=source):
        place = places.popleft()
        if merged.skipped is not None:
            report.skipped.append(Reason(_where(place), _short(merged.skipped)))
            continue
        if merged.created:
            report.new += 1
        elif merged.changed:
            report.merged += 1
        else:
            report.unchanged += 1
        report.queued += merged.queued
        report.pages += merged.content_added
        if merged.content_added and merged.article_id is not None:
            texts.append(merged.article_id)
            if len(texts) >= BATCH:
                summaries.store_ids(texts)
                texts = []
        report.highlights += merged.highlights_added + merged.highlights_unplaced
        report.highlights_unplaced += merged.highlights_unplaced - merged.highlights_waiting
        report.highlights_waiting += merged.highlights_waiting
    summaries.store_ids(texts)


# -- the command ---------------------------------------------------------------------------

def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or output.stdout()
    err = err or sys.stderr
    opened = settings_and_library("import", err)
    if opened is None:
        return 1
    settings, library = opened
    pipeline = settings.pipeline()
    failed = False
    queued = 0
    with library:
        for path in args.files:
            try:
                report = import_file(library, path, format=args.format, pipeline=pipeline)
            except (BrokenPipeError, KeyboardInterrupt):
                raise
            except Exception as exc:  # noqa: BLE001 - one line per file, never a traceback
                report = FileReport(path, error=describe(exc))
            failed = failed or report.error is not None
            queued += report.queued
            if args.json:
                out.write(json.dumps(report.json(), ensure_ascii=False) + "\n")
                out.flush()
            err.write(f"reader import: {report.line()}\n")
            err.flush()
        waiting = library.fetch_queue.counts()["queued"] if queued else 0
    if waiting:
        err.write(f"reader import: {plural(waiting, 'article')} "
                  f"{'is' if waiting == 1 else 'are'} waiting in the fetch queue; "
                  "`reader fetch` downloads them.\n")
    return 1 if failed else 0
