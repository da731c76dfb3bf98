"""Markdown and JSON renderings of summaries, notes and highlights (clipboard and export)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from reader.core.models import Article, Highlight, Note, Summary
from reader.core.safety import clean, clean_line


def summary_markdown(article: Article, summary: Summary, *, with_header: bool = True) -> str:
    """The summary as Markdown: title (linked when the URL is known), source line, bullets."""
    lines: list[str] = []
    if with_header:
        title = clean_line(article.title) or "Untitled"
        url = clean_line(article.url or article.canonical_url or "")
        lines.append(f"# [{title}]({url})" if url.startswith(("http://", "https://")) else f"# {title}")
        meta = " · ".join(clean_line(x) for x in (article.byline, article.site, article.published) if x)
        if meta:
            lines.append(f"*{meta}*")
        lines.append("")
        lines.append(f"Summary ({summary.algorithm}, {len(summary.sentences)} sentences):")
        lines.append("")
    for sentence in summary.sentences:
        lines.append(f"- {clean_line(sentence.text_in(article.text))}")
    return "\n".join(lines).rstrip() + "\n"


# --- notes and highlights -------------------------------------------------------------------
# Obsidian-ready Markdown: YAML front matter (strings JSON-quoted, which YAML reads as
# double-quoted scalars, so no title can break out of it), then summary, highlights, note.


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?")


def _yaml_str(value: str) -> str:
    return json.dumps(clean_line(value), ensure_ascii=False)


def _yaml_date(value: str) -> str:
    """Plain ISO dates stay unquoted so Obsidian and other tools read them as dates."""
    value = clean_line(value)
    return value if _ISO_DATE.fullmatch(value) else _yaml_str(value)


def _quote_block(text: str) -> list[str]:
    lines = clean(text).strip("\n").split("\n")
    return [f"> {line}".rstrip() if line.strip() else ">" for line in lines]


def notes_markdown(article: Article, *, note: Note | None = None,
                   highlights: Sequence[Highlight] = (), summary: Summary | None = None,
                   saved: str | None = None, tags: Sequence[str] = (),
                   url: str | None = None) -> str:
    """One article's notes as a Markdown document: front matter, summary, highlights, note.

    `url` overrides the article's own (e.g. the absolute path of a local file).
    """
    url = url or article.url or article.canonical_url or article.location or ""
    front = ["---", f"title: {_yaml_str(article.title or 'Untitled')}"]
    if url:
        front.append(f"url: {_yaml_str(url)}")
    if article.byline:
        front.append(f"author: {_yaml_str(article.byline)}")
    if article.published:
        front.append(f"published: {_yaml_date(article.published)}")
    if saved:
        front.append(f"saved: {_yaml_date(saved)}")
    if tags:
        front.append("tags: [" + ", ".join(_yaml_str(t) for t in tags) + "]")
    front.append("---")
    lines = [*front, ""]
    title = clean_line(article.title) or "Untitled"
    link = clean_line(url)
    lines.append(f"# [{title}]({link})" if link.startswith(("http://", "https://")) else f"# {title}")
    meta = " · ".join(clean_line(x) for x in (article.byline, article.site, article.published) if x)
    if meta:
        lines += ["", f"*{meta}*"]
    if summary is not None and summary.sentences:
        lines += ["", f"## Summary ({summary.algorithm})", ""]
        lines.append(summary_markdown(article, summary, with_header=False).rstrip("\n"))
    if highlights:
        lines += ["", "## Highlights"]
        for highlight in highlights:
            lines.append("")
            lines += _quote_block(highlight.quote)
            if not highlight.anchored:
                lines += ["", "*(this passage is no longer in the article's current text)*"]
            if highlight.note.strip():
                lines += ["", clean(highlight.note).strip("\n")]
    if note is not None and note.body.strip():
        lines += ["", "## Notes", "", clean(note.body).strip("\n")]
    return "\n".join(lines).rstrip() + "\n"


def highlight_json(highlight: Highlight) -> dict[str, Any]:
    return {"id": highlight.id, "start": highlight.start, "end": highlight.end,
            "quote": clean(highlight.quote), "prefix": clean(highlight.prefix),
            "suffix": clean(highlight.suffix), "note": clean(highlight.note),
            "created": highlight.created, "anchored": highlight.anchored}


def note_json(note: Note | None) -> dict[str, Any] | None:
    if note is None:
        return None
    return {"id": note.id, "body": clean(note.body), "created": note.created,
            "updated": note.updated}


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


def notes_json(article: Article, *, note: Note | None = None,
               highlights: Sequence[Highlight] = (), summary: Summary | None = None,
               record: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Everything about one article: library fields (`record`), the full article, note,
    highlights and summary; every page string cleaned."""
    data: dict[str, Any] = dict(_cleaned(dict(record or {})))
    data["article"] = _cleaned(article.to_full_json())
    data["note"] = note_json(note)
    data["highlights"] = [highlight_json(h) for h in highlights]
    data["summary"] = _cleaned(summary.to_json(article)) if summary is not None else None
    return data
