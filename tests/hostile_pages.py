"""Pages shaped to make an extractor or a sentence splitter do more than linear work.

Each function returns an HTML page of about `size` characters; the shapes are the classes of
issue 10 item 4 (dense links, tiny inline elements, one giant paragraph, huge lists and tables,
deep inline nesting), written for the project.
"""

from __future__ import annotations

from collections.abc import Callable

_WORDS = "the harbour board met on tuesday to discuss the crumbling wall and agreed on repairs".split()


def words(n: int) -> str:
    return " ".join(_WORDS[i % len(_WORDS)] for i in range(n))


def _page(body: str) -> str:
    return f"<html><head><title>Hostile page</title></head><body>{body}</body></html>"


def dense_links(size: int) -> str:
    """One paragraph: many words, then link after link (each with its own text)."""
    head = "<p>" + words(max(50, size // 60)) + " "
    out = [head]
    total, i = len(head), 0
    while total < size:
        link = f'<a href="/page/{i}">story {i}</a> '
        out.append(link)
        total += len(link)
        i += 1
    return _page("".join(out) + "</p>")


def tiny_inline(size: int) -> str:
    """One paragraph of one-letter bold and italic elements."""
    unit = "<b>a</b><i>b</i> "
    return _page("<p>" + unit * (size // len(unit)) + "</p>")


def abbreviation_paragraph(size: int) -> str:
    """One giant paragraph whose only full stops follow abbreviations: one endless sentence."""
    unit = "Dr. Smith met Gen. Jones and Mr. Brown near St. Louis with No. "
    return _page("<p>" + unit * (size // len(unit)) + "</p>")


def giant_paragraph(size: int) -> str:
    """One paragraph of ordinary sentences."""
    unit = "The harbour board met on Tuesday, Nov. 19, 2019, with U.S. officials to discuss the wall. "
    return _page("<p>" + unit * (size // len(unit)) + "</p>")


def huge_list(size: int) -> str:
    unit = "<li>An item with <a href='/i'>a link</a> and a few words in it.</li>"
    return _page("<ul>" + unit * (size // len(unit)) + "</ul>")


def huge_table(size: int) -> str:
    row = "<tr><td>cell one</td><td>cell <b>two</b></td><td>3.5</td></tr>"
    return _page("<table>" + row * (size // len(row)) + "</table>")


def deep_inline(size: int) -> str:
    """Inline elements never closed: every word one level deeper."""
    unit = "<span>word "
    return _page("<p>" + unit * (size // len(unit)) + "</p>")


def nested_blocks(size: int) -> str:
    """Groups of 300 nested inline elements, closed again, side by side."""
    unit = "<b>" * 300 + "word" + "</b>" * 300 + " "
    return _page("<div>" + unit * max(1, size // len(unit)) + "</div>")


def link_breaks(size: int) -> str:
    """Links whose text holds a line break, separated by blank lines, in one paragraph."""
    unit = "<a href='/x'>top<br>story</a><br><br>"
    return _page("<p>" + "words " * 200 + unit * (size // len(unit)) + "</p>")


SHAPES: dict[str, Callable[[int], str]] = {f.__name__: f for f in (
    dense_links, tiny_inline, abbreviation_paragraph, giant_paragraph, huge_list, huge_table,
    deep_inline, nested_blocks, link_breaks)}
