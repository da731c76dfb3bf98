"""`reader extract` and `reader summary`: one result per location, in order, in one process."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from reader.core.errors import ReaderError, SummaryError
from reader.core.safety import clean
from reader.crashlog import describe


def _emit(out: TextIO, obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _article_for(location: str, plain_text: bool):
    from reader.core.extract import extract, from_plain_text
    from reader.core.sources import load

    page = load(location)
    if plain_text:
        from reader.core.charset import decode_text
        return from_plain_text(decode_text(page.body, page.charset), location=location)
    return extract(page)


def _check_length(args: argparse.Namespace) -> None:
    if args.count is not None and args.count < 1:
        raise SummaryError("The number of sentences (-n) must be at least 1.")
    if args.ratio is not None and not 0 < args.ratio <= 1:
        raise SummaryError("The ratio (--ratio) must be greater than 0 and at most 1.")


def _format_extract_text(article) -> str:
    head = [article.title or "(untitled)"]
    meta = " · ".join(x for x in (article.byline, article.published, article.site) if x)
    if meta:
        head.append(meta)
    return "\n".join(head) + "\n\n" + article.text + "\n"


def _format_summary_text(article, summary) -> str:
    lines = [f"{article.title or '(untitled)'} [{summary.algorithm}]"]
    for n, sentence in enumerate(summary.sentences, 1):
        lines.append(f"{n}. {' '.join(sentence.text_in(article.text).split())}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `extract` or `summary` over every location; exit status 1 if any failed."""
    out = out or sys.stdout
    err = err or sys.stderr
    summarizing = args.command == "summary"
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
            _check_length(args)
            if args.algorithm and args.algorithm.lower() not in algorithm_names():
                raise SummaryError(f"Unknown algorithm {args.algorithm!r}; choose one of: "
                                   + ", ".join(algorithm_names()) + ".")
        except SummaryError as exc:
            err.write(f"reader summary: {exc}\n")
            return 2
    failed = False
    for location in args.locations:
        try:
            article = _article_for(location, getattr(args, "plain_text", False))
            if summarizing:
                from reader.core.summarize import summarize
                summary = summarize(article, algorithm=args.algorithm, count=args.count,
                                    ratio=args.ratio)
                result = summary.to_json(article)
                text = _format_summary_text(article, summary)
            else:
                result = article.to_json()
                text = _format_extract_text(article)
        except (ReaderError, Exception) as exc:  # noqa: BLE001 - one line per failed location
            failed = True
            message = clean(describe(exc))
            if args.json:
                _emit(out, {"location": location, "error": message})
            else:
                err.write(f"reader: {location}: {message}\n")
            continue
        if args.json:
            _emit(out, result)
        else:
            out.write(text)
            if len(args.locations) > 1:
                out.write("\n")
        out.flush()
    return 1 if failed else 0
