"""`reader extract` and `reader summary`: one result per location, in order, in one process.

A failed location yields one line (stderr, or `{"location", "error"}` in JSON mode) and the
others still run; exit status 1 if any failed. Everything printed passes `safety.clean`, since
titles and text come from strangers' pages. A progress line is drawn on stderr only when
stderr is a terminal, and erased before anything else is printed, so pipes and JSON Lines
output never see it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, TextIO

from reader.app import config, output
from reader.app.crashlog import describe
from reader.core.errors import ReaderError, SummaryError
from reader.core.extract.scripted import SCRIPTED_NOTE
from reader.commands.wording import plural
from reader.core.links import address_host
from reader.core.safety import clean, clean_line
from reader.core.models import SummaryLength


def _safe(value: Any) -> Any:
    """`value` with every string cleaned (JSON escapes C0 controls, but not C1 or bidi)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: _safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe(v) for v in value]
    return value


def _emit(out: TextIO, obj: dict[str, Any]) -> None:
    out.write(json.dumps(_safe(obj), ensure_ascii=False) + "\n")


class Progress:
    """`[3/500] page.html 1.2 MB` on one self-erasing stderr line, when stderr is a terminal."""

    def __init__(self, stream: TextIO, total: int) -> None:
        try:
            self.enabled = stream.isatty()
        except (AttributeError, ValueError, OSError):
            self.enabled = False
        self.stream = stream
        self.total = total
        self.shown = False
        self._last = 0.0
        self._label = ""

    def start(self, index: int, location: str) -> None:
        self._label = f"[{index}/{self.total}] {clean_line(location)[:60]}"
        self._draw(self._label, force=True)

    def bytes(self, done: int, total: int | None) -> None:
        from reader.core.fetch import human_size
        size = human_size(done) + (f" of {human_size(total)}" if total else "")
        self._draw(f"{self._label} {size}")

    def _draw(self, text: str, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.enabled and self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def _length(args: argparse.Namespace) -> SummaryLength | None:
    """`-n` / `--ratio` as a summary length (None: the config's, else adaptive)."""
    if args.count is None and args.ratio is None:
        return None
    try:
        return SummaryLength(count=args.count, ratio=args.ratio)
    except SummaryError:
        if args.count is not None:
            raise SummaryError("The number of sentences (-n) must be at least 1.") from None
        raise SummaryError("The ratio (--ratio) must be greater than 0 and at most 1.") from None


def _fewer_than_asked(summary: Any, length: SummaryLength | None) -> str:
    """The sentence that says why a summary holds fewer sentences than `-n` asked for ("" when
    it holds them all): the summary never pads itself with fragments, captions or repeats."""
    have = len(summary.sentences)
    if length is None or length.count is None or have >= length.count:
        return ""
    return (f"the summary has {plural(have, 'sentence')}, not {length.count}: the "
            f"rest of the page is fragments, captions, code, table cells or repeats of what "
            f"the summary already says.")


def _notes(location: str, article: Any, short: str, several: bool) -> list[str]:
    """The stderr lines beside a result (text mode): a page whose prose is mostly in scripts,
    a summary shorter than asked."""
    where = f"{clean_line(location)}: " if several else ""
    notes = [f"{where}{SCRIPTED_NOTE}; this is what its markup holds."] if article.drawn_by_script else []
    return notes + ([where + short] if short else [])


def _candidates_json(article: Any) -> dict[str, Any]:
    """`--candidates`: which reading is shown, and every reading the page has, ranked."""
    return {"candidate": article.candidate,
            "candidates": [{"name": c.name, "label": c.label, "confidence": round(c.confidence, 3),
                            "same_as": c.same_as} for c in article.candidates]}


def _format_extract_text(article) -> str:
    head = [clean_line(article.title) or "(untitled)"]
    meta = " · ".join(clean_line(x) for x in (article.byline, article.published, article.site) if x)
    if meta:
        head.append(meta)
    tail = ("\n\n[The article was cut here: it is longer than reader's length limit "
            "(max_text_chars).]" if article.truncated else "")
    return "\n".join(head) + "\n\n" + clean(article.text) + tail + "\n"


def _format_summary_text(article, summary) -> str:
    lines = [f"{clean_line(article.title) or '(untitled)'} [{summary.algorithm}]"]
    for n, sentence in enumerate(summary.sentences, 1):
        lines.append(f"{n}. {clean_line(sentence.text_in(article.text))}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `extract` or `summary` over every location; exit status 1 if any failed."""
    out = out or output.stdout()
    err = err or sys.stderr
    summarizing = args.command == "summary"
    length: SummaryLength | None = None
    if summarizing:
        from reader.core.summarize import DEFAULT_ALGORITHM, algorithm_names
        if args.list:
            for name in algorithm_names():
                out.write(name + (" (default)" if name == DEFAULT_ALGORITHM else "") + "\n")
            return 0
        if not args.locations:
            err.write("reader summary: give at least one LOCATION (or - for stdin).\n")
            return 2
        try:
            length = _length(args)
            if args.algorithm and args.algorithm.lower() not in algorithm_names():
                raise SummaryError(f"Unknown algorithm {clean_line(args.algorithm)!r}; choose "
                                   "one of: " + ", ".join(algorithm_names()) + ".")
        except SummaryError as exc:
            err.write(f"reader summary: {exc}\n")
            return 2
    settings = config.load()
    for problem in settings.problems:
        err.write(f"reader: {clean_line(problem)}\n")
    pipeline = settings.pipeline()
    progress = Progress(err, len(args.locations))
    failed = False
    try:
        for index, location in enumerate(args.locations, 1):
            progress.start(index, location)
            short = ""
            try:
                _page, article = pipeline.read(
                    location, plain_text=summarizing and args.plain_text,
                    progress=progress.bytes if progress.enabled else None)
                if summarizing:
                    summary = pipeline.summarize(article, algorithm=args.algorithm,
                                                 length=length)
                    result = summary.to_json(article)
                    text = _format_summary_text(article, summary)
                    short = _fewer_than_asked(summary, length)
                else:
                    result = article.to_json()
                    if getattr(args, "candidates", False):
                        result.update(_candidates_json(article))
                    text = _format_extract_text(article)
            except (ReaderError, Exception) as exc:  # noqa: BLE001 - one line per failed location
                failed = True
                message = clean_line(describe(exc))
                progress.clear()
                if args.json:
                    _emit(out, {"location": location, "error": message})
                    out.flush()
                else:
                    shown = clean_line(location)
                    # Most messages name the location already, or (one location asked for)
                    # its host: don't say it twice.
                    host = address_host(shown)
                    named = shown[:60] in message or (
                        len(args.locations) == 1 and host is not None and host in message)
                    where = "" if shown == "-" or named else f"{shown}: "
                    err.write(f"reader: {where}{message}\n")
                    err.flush()
                continue
            progress.clear()  # before the notes: a progress line would run into them
            if not args.json:
                for note in _notes(location, article, short, len(args.locations) > 1):
                    err.write(f"reader: {note}\n")
            if args.json:
                _emit(out, result)
            else:
                out.write(text)
                if len(args.locations) > 1:
                    out.write("\n")
            out.flush()
    finally:  # Ctrl+C, a broken pipe or a full disk end the run in `reader.cli.main`
        progress.clear()
    return 1 if failed else 0
