"""Headings as the reader sees them: a space where a line break or a block splits the text.

`text_content()` joins an element's text nodes as they are, so an `<h1>` set over two lines
(`Rebuilding the Legacy<br>of American Made`, `<span>Data Analytics</span><div>Agency</div>`)
reads "Legacyof", "AnalyticsAgency". The metadata and the headline chooser keep reading the
`<h1>`s that way (the chooser was trained on those texts); when the headline chosen is one of
those `<h1>`s, `respace_title` gives it back with the spaces the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.core.safety import clean_line

from .metadata import _norm, _text

MAX_H1 = 5  # as many as the metadata reads
_BLOCK_TAGS = frozenset({"br", "div", "p", "li", "ul", "ol", "section", "header", "footer", "table", "tr", "td",
                         "th", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "blockquote", "hr"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})
_MARKS = "¶#§ "  # permalink marks docs generators end headings with


@dataclass(slots=True)
class SpacedHeading:
    """An `<h1>` whose text reads differently with its line breaks kept as spaces."""

    joined: str   # as `text_content()` reads it (the metadata's <h1>)
    spaced: str   # as the page shows it


def heading_text(el: Any) -> str:
    """The element's text with a space at each line break and block boundary, scripts skipped."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        block = tag in _BLOCK_TAGS
        if block:
            parts.append(" ")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append(" ")

    try:
        walk(el)
    except (ValueError, AttributeError, RecursionError):
        return ""
    return clean_line("".join(parts))


def spaced_headings(tree: Any) -> list[SpacedHeading]:
    """The page's first `<h1>`s with text whose words a line break or block had glued together."""
    out = []
    seen = 0
    for el in tree.iter("h1"):
        joined = _text(el)  # as the metadata reads its <h1>s
        if not joined:
            continue
        seen += 1
        if seen > MAX_H1:
            break
        spaced = heading_text(el)
        # only spaces added: the same characters otherwise (a skipped <script> is not a respacing)
        if spaced and _norm(spaced) != _norm(joined) and "".join(spaced.split()) == "".join(joined.split()):
            out.append(SpacedHeading(joined, spaced))
    return out


def respace_title(title: str, headings: list[SpacedHeading] | None) -> str:
    """The title with the spaces its `<h1>` shows, when it is one of `headings` read joined."""
    key = _norm(title.rstrip(_MARKS))
    for h in headings or ():
        if _norm(h.joined.rstrip(_MARKS)) == key:
            return h.spaced.rstrip(_MARKS)
    return title
