"""`reader notes add|list|export`: the library's notes from scripts.

    reader notes add LOCATION TEXT...      save the article if new, append TEXT to its note,
                                           print the note's id (TEXT `-` reads stdin)
    reader notes list [--json] [ARTICLE]   annotated articles, or one article's note+highlights
    reader notes export [--format md|json] [--output FILE] [--pages] [ARTICLE]

ARTICLE is a library id, a URL or a path. `--output` is written atomically (temporary file in
the same folder, then `os.replace`), so a reader of FILE never sees half an export.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from reader.app import config, output
from reader.app.crashlog import describe
from reader.app.files import write_atomic
from reader.core.errors import ReaderError
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

    show = actions.add_parser("list", help="list annotated articles, or one article's notes")
    show.add_argument("--json", action="store_true", help="one JSON object per line")
    show.add_argument("article", nargs="?", metavar="ARTICLE",
                      help="library id, URL or path (default: every annotated article)")

    export = actions.add_parser("export", help="export notes and highlights (Markdown or JSON)")
    export.add_argument("--format", "-f", choices=("md", "json"), default="md",
                        help="Markdown with front matter (default) or JSON with everything")
    export.add_argument("--output", "-o", metavar="FILE", help="write here (atomically)")
    export.add_argument("--pages", action="store_true",
                        help="JSON only: include each original page (base64), for a full backup")
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

def _add(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    text = " ".join(args.text)
    if text == "-":
        if args.location == "-":
            raise ReaderError("Only one of LOCATION and TEXT can be read from stdin.")
        text = stdin.read()
    if not text.strip():
        raise ReaderError("The note is empty; give some TEXT.")
    with _open() as library:
        record = library.find(args.location) if args.location != "-" else None
        if record is not None:
            article_id = record.id
        else:
            page, article = config.load().pipeline().read(args.location)
            article_id = library.save_article(article, page, location=args.location)
        note = library.append_note(article_id, text)
    out.write(f"{note.id}\n")
    out.flush()
    return 0


# -- list --------------------------------------------------------------------------------------

def _entry_json(library: Any, record: Any) -> dict[str, Any]:
    from reader.core.export import highlight_json, note_json
    return {"id": record.id, "title": clean_line(record.title), "url": clean_line(record.url),
            "location": clean_line(record.location), "saved": record.saved,
            "tags": record.tags, "note": note_json(library.get_note(record.id)),
            "highlights": [highlight_json(h) for h in library.list_highlights(record.id)]}


def _list(args: argparse.Namespace, out: TextIO) -> int:
    with _open() as library:
        if args.article:
            record = library.find(args.article)
            if record is None:
                raise ReaderError(f"No article in the library matches {clean_line(args.article)!r}.")
            records = [record]
        else:
            records = [r for r in library.list_articles(sort="saved") if r.notes_count]
        for record in records:
            if args.json:
                out.write(json.dumps(_entry_json(library, record), ensure_ascii=False) + "\n")
                continue
            if args.article:
                out.write(_detail_text(library, record))
            else:
                out.write(_summary_line(library, record))
    return 0


def _summary_line(library: Any, record: Any) -> str:
    note = library.get_note(record.id)
    first = next((line for line in clean(note.body).splitlines() if line.strip()), "") if note else ""
    if len(first) > 60:
        first = first[:59] + "…"
    parts = [f"{record.highlight_count} highlight" + ("" if record.highlight_count == 1 else "s")]
    if first:
        parts.append(f"note: {first}")
    title = clean_line(record.title) or "(untitled)"
    return f"{record.id:>5}  {title}  ({'; '.join(parts)})\n       {clean_line(record.link)}\n"


def _detail_text(library: Any, record: Any) -> str:
    lines = [f"{record.id}  {clean_line(record.title) or '(untitled)'}", clean_line(record.link)]
    for h in library.list_highlights(record.id):
        lines.append("")
        lines.append(f"[highlight {h.id}{'' if h.anchored else ', not found in the text'}] "
                     + clean_line(h.quote))
        if h.note.strip():
            lines.append("  " + clean(h.note).strip())
    note = library.get_note(record.id)
    if note and note.body.strip():
        lines += ["", f"[note {note.id}, updated {note.updated}]", clean(note.body).strip("\n")]
    return "\n".join(lines) + "\n\n"


# -- export ------------------------------------------------------------------------------------

def _summary_for(article: Any, pipeline: Pipeline) -> Any:
    if not article.text.strip():
        return None
    try:
        return pipeline.summarize(article)
    except Exception:  # noqa: BLE001 - the summary is optional; never lose the export for it
        return None


def _link(record: Any) -> str | None:
    """The URL, else the absolute path of a local file (never a relative path)."""
    if record.url:
        return record.url
    return None if record.key.startswith("text:") else record.key


def _page_json(page: Any) -> dict[str, Any] | None:
    if page is None:
        return None
    import base64
    return {"media_type": page.media_type, "charset": page.charset, "final_url": page.final_url,
            "fetched": page.fetched_at.isoformat(), "encoding": "base64",
            "data": base64.b64encode(page.body).decode("ascii")}


def render_export(entries: list[Any], fmt: str, *, exported: str,
                  pages: dict[int, Any] | None = None, pipeline: Pipeline | None = None) -> str:
    """The export text for `entries` (store ExportEntry objects) in `md` or `json`.

    `pages` (article id -> Page) adds the original pages to a JSON export; summaries are
    computed by `pipeline` (the config's settings by default).
    """
    from reader.core.export import notes_json, notes_markdown
    pipeline = pipeline or config.load().pipeline()
    if fmt == "md":
        documents = [notes_markdown(e.article, note=e.note, highlights=e.highlights,
                                    summary=_summary_for(e.article, pipeline), saved=e.record.saved,
                                    tags=e.record.tags, url=_link(e.record)) for e in entries]
        return "\n".join(documents)
    articles = []
    for e in entries:
        r = e.record
        record = {"id": r.id, "location": r.location, "url": r.url, "title": r.title,
                  "byline": r.byline, "published": r.published, "site": r.site, "lang": r.lang,
                  "media_type": r.media_type, "saved": r.saved, "updated": r.updated,
                  "last_opened": r.last_opened, "position": r.position, "progress": r.progress,
                  "tags": r.tags}
        data = notes_json(e.article, note=e.note, highlights=e.highlights,
                          summary=_summary_for(e.article, pipeline), record=record)
        if pages is not None:
            data["page"] = _page_json(pages.get(r.id))
        articles.append(data)
    return json.dumps({"format": "reader-notes", "version": 1, "exported": exported,
                       "articles": articles}, ensure_ascii=False, indent=2) + "\n"


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from reader.store import utc_now
    if args.pages and args.format != "json":
        raise ReaderError("--pages needs --format json (Markdown has no place for pages).")
    with _open() as library:
        entries = library.export_entries(args.article)
        pages = {e.record.id: library.load_page(e.record.id) for e in entries} if args.pages \
            else None
    if not entries:
        err.write("reader notes: no article has notes or highlights yet.\n")
    text = render_export(entries, args.format, exported=utc_now(), pages=pages)
    if args.output:
        write_atomic(Path(args.output), text)
        err.write(f"reader notes: exported {len(entries)} article"
                  f"{'' if len(entries) == 1 else 's'} to {args.output}\n")
    else:
        out.write(text)
    return 0
