"""Markdown and JSON renderings of summaries, notes and highlights (clipboard and export).

Every string that came from the page (title, byline, site, date, summary sentences, highlight
quotes, the page's address) is escaped with `markdown_text` so it renders as the same plain
text in CommonMark, GitHub Markdown and Obsidian: no link, image, HTML tag, entity, heading,
list, quote, code, table, emphasis or autolink can come out of a page. The user's own notes
stay their Markdown. Written by hand because the Markdown libraries render, none escapes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from reader.core.models import Article, Highlight, Note, Summary
from reader.core.safety import clean, clean_line, is_clean

# Characters that open an inline construct anywhere in a line: code, emphasis, links and
# images, HTML and autolinks, tables, strike-through, entities, and in Obsidian math ($),
# tags (#) and block references (^). A backslash makes any of them literal in CommonMark.
_INLINE = re.compile(r"[\\`*_\[\]<>|~&$#^]")
_DOUBLED = re.compile(r"%%|==")                         # Obsidian comments and highlights
_AUTOLINK = re.compile(r":(?=//)|(?<=www)\.", re.IGNORECASE)  # "https://" and "www." autolinks
# What starts a block at the beginning of a line: heading, quote, list, setext underline.
_LINE_START = re.compile(r"^([>+=\-])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def markdown_text(text: str | None) -> str:
    """Page text as Markdown that renders as exactly this text (one line, controls removed).

    Emails and xmpp: addresses are the one exception: GitHub's Markdown links them whatever
    escapes surround them (to the very address shown).
    """
    return _escape_line(clean_line(text))


def _escape_line(line: str) -> str:
    out = _INLINE.sub(lambda m: "\\" + m.group(), line)
    out = _DOUBLED.sub(lambda m: "\\" + m.group()[0] + "\\" + m.group()[1], out)
    out = _AUTOLINK.sub(lambda m: "\\" + m.group(), out)
    out = _LINE_START.sub(r"\\\1", out)
    return _ORDERED.sub(r"\1\\\2", out)


def _link_target(url: str) -> str:
    """A web address as a link destination that cannot end early: spaces, parentheses,
    brackets, backslashes and quotes percent-encoded."""
    return quote(clean_line(url), safe="/:?#@!$&'*+,;=%~-._")


def _heading(title: str | None, url: str) -> str:
    text = markdown_text(title) or "Untitled"
    link = clean_line(url)
    if link.lower().startswith(("http://", "https://")):
        return f"# [{text}]({_link_target(link)})"
    return f"# {text}"


def _meta_line(article: Article) -> str:
    parts = [markdown_text(x) for x in (article.byline, article.site, article.published) if x]
    parts = [p for p in parts if p]
    return f"*{' · '.join(parts)}*" if parts else ""


def summary_markdown(article: Article, summary: Summary, *, with_header: bool = True) -> str:
    """The summary as Markdown: title (linked when the URL is known), source line, bullets."""
    lines: list[str] = []
    if with_header:
        lines.append(_heading(article.title, article.url or article.canonical_url or ""))
        meta = _meta_line(article)
        if meta:
            lines.append(meta)
        lines.append("")
        count = len(summary.sentences)
        lines.append(f"Summary ({summary.algorithm}, {count} sentence{'' if count == 1 else 's'}):")
        lines.append("")
    for sentence in summary.sentences:
        lines.append(f"- {markdown_text(sentence.text_in(article.text))}")
    return "\n".join(lines).rstrip() + "\n"


# --- notes and highlights -------------------------------------------------------------------
# Obsidian-ready Markdown: YAML front matter (strings JSON-quoted, which YAML reads as
# double-quoted scalars, so no title can break out of it), then summary, highlights, note.


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?")


# Inside front-matter strings, characters that Markdown or HTML would act on are written as
# JSON/YAML \u escapes: YAML reads them back exactly, and a renderer that does not know front
# matter (it then shows it as text) finds nothing to interpret but a bare web address, which
# is the article's own and is linked by the heading anyway.
_YAML_INERT = str.maketrans({c: f"\\u{ord(c):04x}" for c in "<>&[]`*_|!~#$^%="})


def _yaml_str(value: str) -> str:
    return json.dumps(clean_line(value), ensure_ascii=False).translate(_YAML_INERT)


def _yaml_date(value: str) -> str:
    """Plain ISO dates stay unquoted so Obsidian and other tools read them as dates."""
    value = clean_line(value)
    return value if _ISO_DATE.fullmatch(value) else _yaml_str(value)


def _quote_block(text: str) -> list[str]:
    """A highlight's quote, line by line, escaped; leading spaces dropped (no code blocks)."""
    lines = clean(text).strip("\n").split("\n")
    return [f"> {_escape_line(' '.join(line.split()))}" if line.strip() else ">" for line in lines]


def notes_markdown(article: Article, *, note: Note | None = None,
                   highlights: Sequence[Highlight] = (), summary: Summary | None = None,
                   saved: str | None = None, tags: Sequence[str] = (),
                   url: str | None = None) -> str:
    """One article's notes as a Markdown document: front matter, summary, highlights, note.

    `url` overrides the article's own (e.g. the absolute path of a local file).
    """
    url = url or article.url or article.canonical_url or article.location or ""
    front = ["---", f"title: {_yaml_str(clean_line(article.title) or 'Untitled')}"]
    if url:
        front.append(f"url: {_yaml_str(url)}")
    if article.byline:
        front.append(f"author: {_yaml_str(article.byline)}")
    if article.published:
        front.append(f"published: {_yaml_date(article.published)}")
    if saved:
        front.append(f"saved: {_yaml_date(saved)}")
    # always present, `[]` when there are none: a vault's templates and queries read one shape
    front.append("tags: [" + ", ".join(_yaml_str(t) for t in tags) + "]")
    front.append("---")
    lines = [*front, "", _heading(article.title, url)]
    meta = _meta_line(article)
    if meta:
        lines += ["", meta]
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
                lines += ["", kept_line_breaks(clean(highlight.note).strip("\n"))]
    if note is not None and note.body.strip():
        lines += ["", "## Notes", "", kept_line_breaks(clean(note.body).strip("\n"))]
    return "\n".join(lines).rstrip() + "\n"


def kept_line_breaks(markdown: str) -> str:
    """The user's Markdown with each line break kept when rendered: Markdown joins the lines
    of a paragraph, so a line followed by another gets a hard break (two trailing spaces).
    Blank lines, code fences and the lines inside them are left as they are."""
    lines = markdown.split("\n")
    out: list[str] = []
    fenced = False
    for i, line in enumerate(lines):
        fence = line.lstrip().startswith(("```", "~~~"))
        following = lines[i + 1] if i + 1 < len(lines) else ""
        breaks = (not fenced and not fence and line.strip() and following.strip()
                  and not following.lstrip().startswith(("```", "~~~"))
                  and not line.endswith(("  ", "\\")))
        out.append(line + "  " if breaks else line)
        if fence:
            fenced = not fenced
    return "\n".join(out)


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


_PLAIN = frozenset({int, float, bool, type(None)})


def _cleaned(value: Any) -> Any:
    """Every string in `value` cleaned. Numbers are passed by without a call and printable
    ASCII is left as it is (`clean` could not change it): an article's blocks are thousands
    of them, and this walk was the largest cost of a JSON export of the library."""
    if isinstance(value, str):
        return value if value.isascii() and value.isprintable() else clean(value)
    if isinstance(value, dict):
        return {k: v if type(v) in _PLAIN else _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if type(v) in _PLAIN else _cleaned(v) for v in value]
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


# What json.dumps(ensure_ascii=False) writes for the characters `clean` changes that it
# escapes: \r, \b, \f and \u00XX (the other C0 controls; \n and \t `clean` keeps).
_ESCAPES = re.compile(r"\\[urbf]")   # one regex: 10 times faster than four `in` tests


def _json_needs_cleaning(text: str) -> bool:
    """Whether serialised JSON holds anything `clean` would change (or a literal backslash
    before u, r, b or f, which only sends it the slow way). One regex for the escapes, and
    `clean`'s own only over non-ASCII text: this scans every exported byte."""
    if _ESCAPES.search(text) is not None:
        return True
    if text.isascii():
        return "\x7f" in text
    return not is_clean(text)


def notes_json_line(article: Article, *, note: Note | None = None,
                    highlights: Sequence[Highlight] = (), summary: Summary | None = None,
                    record: Mapping[str, Any] | None = None) -> str:
    """`notes_json` serialised (one line, UTF-8 as it is): the same text, found faster.

    Nearly every article has nothing `clean` would change, so the entry is serialised as it
    is and the text scanned once; only when the scan finds a character `clean` removes (or a
    JSON escape of one; a literal backslash before r, b, f or u also counts, harmlessly) is
    every string cleaned one by one. Walking the strings of every block and link was most
    of the time of an export of the library.
    """
    raw: dict[str, Any] = dict(record or {})
    raw["article"] = article.to_full_json()
    raw["note"] = note_json(note)
    raw["highlights"] = [highlight_json(h) for h in highlights]
    raw["summary"] = summary.to_json(article) if summary is not None else None
    text = json.dumps(raw, ensure_ascii=False)
    if not _json_needs_cleaning(text):
        return text
    return json.dumps(notes_json(article, note=note, highlights=highlights, summary=summary,
                                 record=record), ensure_ascii=False)
