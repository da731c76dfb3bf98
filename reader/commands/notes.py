"""`reader notes add|list|export`: the library's notes from scripts.

    reader notes add LOCATION TEXT...      save the article if new, append TEXT to its note,
                                           print the article's library id (TEXT `-` reads stdin)
    reader notes list [--json] [ARTICLE]   annotated articles, or one article's note+highlights
    reader notes export [--format md|json] [--output FILE] [--all] [--pages] [ARTICLE]

ARTICLE is a library id, a URL or a path. Lists and exports stream: entries are read from the
library a batch at a time and written as they come, so memory stays flat however large the
library; summaries come from the library's summary cache (`reader/app/summaries.py`) when it has
them. `--output` is written atomically (a temporary file in the same folder, replaced when
the export is complete), so a reader of FILE never sees half an export.

`notes export --format json --all --pages` is a full backup: every article with its original
page, note, highlights (with their anchors), tags, states, positions, chosen extraction
candidate and timestamps; `reader import` reads it back into the same library entries.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO, cast

from reader.app import config, output
from reader.app.crashlog import describe
from reader.app.files import atomic_writer
from reader.app.terminal_progress import TerminalProgress, is_terminal
from reader.app.summaries import CachedSummaries, keep_summary
from reader.commands.wording import plural
from reader.core.errors import ReaderError
from reader.core.models import Article, Summary
from reader.core.pipeline import Pipeline
from reader.core.safety import clean, clean_line


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register `reader notes` on the CLI's sub-parsers; `handler` runs it."""
    parser = sub.add_parser("notes", help="notes and highlights: add, list, export",
                            description="Notes kept in the local library. ARTICLE is a library "
                                        "id, a URL or a path.")
    actions = parser.add_subparsers(dest="notes_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="append a note to an article (saved first if new)")
    add.add_argument("location", metavar="LOCATION", help="URL, path, or library id")
    add.add_argument("text", nargs="+", metavar="TEXT", help="the note (- reads stdin)")
    add.description = ("Append TEXT to the note of the article at LOCATION (saved to the "
                       "library first if new) and print the article's library id.")

    show = actions.add_parser("list", help="list annotated articles, or one article's notes")
    show.add_argument("--json", action="store_true", help="one JSON object per line")
    show.add_argument("article", nargs="?", metavar="ARTICLE",
                      help="library id, URL or path (default: every annotated article)")

    export = actions.add_parser("export", help="export notes and highlights (Markdown or JSON)")
    export.add_argument("--format", "-f", choices=("md", "json"), default="md",
                        help="Markdown with front matter (default) or JSON with everything")
    export.add_argument("--output", "-o", metavar="FILE", help="write here (atomically)")
    export.add_argument("--all", action="store_true",
                        help="every article in the library, not only those with notes or "
                             "highlights")
    export.add_argument("--pages", action="store_true",
                        help="JSON only: include each original page (base64); with --all, a "
                             "full backup that `reader import` restores")
    export.add_argument("article", nargs="?", metavar="ARTICLE",
                        help="library id, URL or path (default: every annotated article)")

    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None,
        stdin: TextIO | None = None) -> int:
    out = out or output.stdout()
    err = err or sys.stderr
    try:
        if args.notes_command == "add":
            return _add(args, out, stdin or sys.stdin)
        if args.notes_command == "list":
            return _list(args, out)
        return _export(args, out, err)
    except BrokenPipeError:
        raise  # ends quietly in `reader.cli.main`
    except Exception as exc:  # noqa: BLE001 - one clear line, never a traceback
        err.write(f"reader notes: {clean(describe(exc))}\n")
        return 1


def _open():
    from reader import store
    return store.open()


# -- add ---------------------------------------------------------------------------------------

def read_bounded(stdin: TextIO, limit: int) -> str:
    """Standard input as text, reading at most `limit` + 1 bytes: a note over the limit is
    refused (one sentence) without ever holding more than that in memory."""
    from reader.store.notes import check_size
    raw = getattr(stdin, "buffer", None)
    if raw is not None:
        data = raw.read(limit + 1)
        text = data.decode(getattr(stdin, "encoding", None) or "utf-8", errors="replace")
        if len(data) > limit:
            text += "\x00" * (limit + 1)      # over the limit whatever the decoding made of it
    else:
        text = stdin.read(limit + 1)
    check_size(text)
    return text


def _looks_like_id(ref: str) -> bool:
    """A number (of any size or sign) that is not also the name of a file."""
    from pathlib import Path
    text = ref.strip().removeprefix("-")
    return text.isascii() and text.isdigit() and not Path(ref).exists()


def _add(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from reader.store import NOTE_LIMIT_BYTES
    text = " ".join(args.text)
    if text == "-":
        if args.location == "-":
            raise ReaderError("Only one of LOCATION and TEXT can be read from stdin.")
        text = read_bounded(stdin, NOTE_LIMIT_BYTES)
    if not text.strip():
        raise ReaderError("The note is empty; give some TEXT.")
    with _open() as library:
        record = library.find(args.location) if args.location != "-" else None
        if record is not None:
            article_id = record.id
        elif _looks_like_id(args.location):
            raise no_match(args.location)
        else:
            pipeline = config.load().pipeline()
            page, article = pipeline.read(args.location)
            article_id = library.save_article(article, page, location=args.location)
            _keep_summary(library, pipeline, article)
        library.append_note(article_id, text)
    out.write(f"{article_id}\n")
    out.flush()
    return 0


def _keep_summary(library: Any, pipeline: Pipeline, article: Article) -> None:
    """The new article's summary, stored as the app stores it on saving, so an export finds
    it ready; a page with nothing to summarise simply has none."""
    try:
        summary = pipeline.summarize(article)
    except ReaderError:
        return
    keep_summary(library, pipeline, article, summary)


# -- list --------------------------------------------------------------------------------------

def no_match(ref: str) -> ReaderError:
    return ReaderError(f"No article in the library matches {clean_line(ref)[:200]!r}.")


def _entry_json(record: Any, note: Any, highlights: list[Any]) -> dict[str, Any]:
    from reader.core.export import highlight_json, note_json
    return {"id": record.id, "title": clean_line(record.title), "url": clean_line(record.url),
            "location": clean_line(record.location), "saved": record.saved,
            "tags": record.tags, "note": note_json(note),
            "highlights": [highlight_json(h) for h in highlights]}


def _list(args: argparse.Namespace, out: TextIO) -> int:
    from reader.store import AnnotatedRecord
    with _open() as library:
        entries: Iterable[Any]
        if args.article:
            record = library.find(args.article)
            if record is None:
                raise no_match(args.article)
            entries = [AnnotatedRecord(record, library.get_note(record.id),
                                       library.list_highlights(record.id))]
        else:
            entries = library.iter_annotated(sort="saved")
        for entry in entries:
            if args.json:
                line = _entry_json(entry.record, entry.note, entry.highlights)
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            elif args.article:
                out.write(_detail_text(entry))
            else:
                out.write(_summary_line(entry))
    return 0


def _tags_text(tags: list[str]) -> str:
    return "tags: " + ", ".join(clean_line(t) for t in tags) if tags else ""


def _summary_line(entry: Any) -> str:
    record, note = entry.record, entry.note
    first = next((line for line in clean(note.body).splitlines() if line.strip()), "") \
        if note else ""
    if len(first) > 60:
        first = first[:59] + "…"
    parts = [plural(len(entry.highlights), "highlight")]
    if first:
        parts.append(f"note: {first}")
    if record.tags:
        parts.append(_tags_text(record.tags))
    title = clean_line(record.title) or "(untitled)"
    return f"{record.id:>5}  {title}  ({'; '.join(parts)})\n       {clean_line(record.link)}\n"


def _detail_text(entry: Any) -> str:
    record = entry.record
    lines = [f"{record.id}  {clean_line(record.title) or '(untitled)'}", clean_line(record.link)]
    if record.tags:
        lines.append(_tags_text(record.tags))
    for h in entry.highlights:
        lines.append("")
        lines.append(f"[highlight {h.id}{'' if h.anchored else ', not found in the text'}] "
                     + clean_line(h.quote))
        if h.note.strip():
            lines.append("  " + clean(h.note).strip())
    note = entry.note
    if note and note.body.strip():
        lines += ["", f"[note {note.id}, updated {note.updated}]", clean(note.body).strip("\n")]
    return "\n".join(lines) + "\n\n"


# -- export ------------------------------------------------------------------------------------

def _link(record: Any) -> str | None:
    """The URL, else the absolute path of a local file (never a relative path)."""
    if record.url:
        return record.url
    return None if record.key.startswith("text:") else record.key


def _page_json(page: Any) -> dict[str, Any] | None:
    """The original page; its time in the library's form (seconds, UTC), so an export, an
    import and another export agree."""
    if page is None:
        return None
    from reader.store.records import store_time
    return {"media_type": page.media_type, "charset": page.charset, "final_url": page.final_url,
            "fetched": store_time(page.fetched_at.isoformat()), "encoding": "base64",
            "data": base64.b64encode(page.body).decode("ascii")}


def record_json(r: Any) -> dict[str, Any]:
    """The library fields of an exported entry (what `reader import` reads back)."""
    return {"id": r.id, "location": r.location, "url": r.url, "title": r.title,
            "byline": r.byline, "published": r.published, "site": r.site, "lang": r.lang,
            "media_type": r.media_type, "saved": r.saved, "updated": r.updated,
            "last_opened": r.last_opened, "position": r.position, "progress": r.progress,
            "tags": r.tags, "state": r.state, "starred": r.starred,
            "archived_at": r.archived_at, "starred_at": r.starred_at,
            "candidate": r.candidate}


SummaryOf = Callable[[Any], Summary | None]


class ExportWriter:
    """Writes an export entry by entry to `out` (`start`, `entry` for each, `finish`)."""

    def __init__(self, out: TextIO, fmt: str, *, exported: str, summary: SummaryOf,
                 pages: bool = False) -> None:
        self.out = out
        self.fmt = fmt
        self.exported = exported
        self.summary = summary
        self.pages = pages
        self.count = 0

    def start(self) -> None:
        if self.fmt == "json":
            head = json.dumps({"format": "reader-notes", "version": 1,
                               "exported": self.exported}, ensure_ascii=False)
            self.out.write(head[:-1] + ', "articles": [')

    def entry(self, e: Any, page: Any = None) -> None:
        """Write entry `e` with the summary the writer's `summary` function finds."""
        self.write(e, self.summary(e.article), page)

    def write(self, e: Any, summary: Summary | None, page: Any = None) -> None:
        """Write entry `e` with `summary` (found already: `CachedSummaries.stream`)."""
        from reader.core.export import notes_json, notes_json_line, notes_markdown
        if self.fmt == "md":
            self.out.write(("\n" if self.count else "") + notes_markdown(
                e.article, note=e.note, highlights=e.highlights, summary=summary,
                saved=e.record.saved, tags=e.record.tags, url=_link(e.record)))
        else:
            if self.pages:
                data = notes_json(e.article, note=e.note, highlights=e.highlights,
                                  summary=summary, record=record_json(e.record))
                data["page"] = _page_json(page if page is not None else e.page)
                line = json.dumps(data, ensure_ascii=False)
            else:
                line = notes_json_line(e.article, note=e.note, highlights=e.highlights,
                                       summary=summary, record=record_json(e.record))
            self.out.write(("," if self.count else "") + "\n" + line)
        self.count += 1

    def finish(self) -> None:
        if self.fmt == "json":
            self.out.write(("\n" if self.count else "") + "]}\n")


def render_export(entries: list[Any], fmt: str, *, exported: str,
                  pages: dict[int, Any] | None = None, pipeline: Pipeline | None = None) -> str:
    """The export text for `entries` (store ExportEntry objects) in `md` or `json`, at once.

    `pages` (article id -> Page) adds the original pages to a JSON export; summaries are
    computed by `pipeline` (the config's settings by default), without a cache.
    """
    buffer = io.StringIO()
    summaries = CachedSummaries(None, pipeline or config.load().pipeline())
    writer = ExportWriter(buffer, fmt, exported=exported, summary=summaries.summary,
                          pages=pages is not None)
    writer.start()
    for e in entries:
        writer.entry(e, (pages or {}).get(e.record.id))
    writer.finish()
    return buffer.getvalue()


@contextmanager
def _destination(args: argparse.Namespace, out: TextIO) -> Iterator[TextIO]:
    if args.output:
        with atomic_writer(args.output) as handle:
            yield cast(TextIO, handle)
    else:
        yield out


def _article_of(entry: Any) -> Any:
    return entry.article


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from reader.store import ArticleFilter, utc_now
    if args.pages and args.format != "json":
        raise ReaderError("--pages needs --format json (Markdown has no place for pages).")
    if args.all and args.article:
        raise ReaderError("Give either ARTICLE or --all, not both.")
    pipeline = config.load().pipeline()
    with _open() as library:
        if args.article is not None and library.find(args.article) is None:
            raise no_match(args.article)
        entries = library.iter_export_entries(args.article, annotated_only=not args.all,
                                              pages=args.pages)
        total = 1 if args.article is not None else library.count_articles(
            ArticleFilter(annotated=not args.all))
        bar = TerminalProgress(err, label="reader notes") if is_terminal(err) else None

        def progress(done: int) -> None:
            if bar is not None and summaries.computed:
                bar.update(done, total, note=f"{summaries.computed:,} summaries computed "
                                             "(stored for the next export)")
        try:
            with CachedSummaries(library, pipeline) as summaries, \
                    _destination(args, out) as target:
                writer = ExportWriter(target, args.format, exported=utc_now(),
                                      summary=summaries.summary, pages=args.pages)
                writer.start()
                for entry, summary in summaries.stream(entries, _article_of,
                                                       progress=progress):
                    writer.write(entry, summary)
                writer.finish()
        finally:
            if bar is not None:
                bar.close()
    count = writer.count
    if summaries.computed:
        computed = summaries.computed
        one = computed == 1
        err.write(f"reader notes: computed {computed} {'summary' if one else 'summaries'}"
                  f" the library did not have yet (stored: the next export reads "
                  f"{'it' if one else 'them'}).\n")
    if not count:
        err.write("reader notes: no article has notes or highlights yet.\n" if not args.all
                  else "reader notes: the library is empty.\n")
    if args.output:
        err.write(f"reader notes: exported {plural(count, 'article')} to {args.output}\n")
    return 0
