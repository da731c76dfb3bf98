"""Line layout of an article for a given width: which slice of `Article.text` is on each line.

Kept free of Textual so it can be tested on its own and run on huge texts: each screen line
is a (start, end) slice of the article text plus a kind and a prefix, so highlights, sentence
jumps and clicks all work in article offsets and never need the rendered text. Wrapping uses
`str.rfind` on single-cell text (the common case), which lays out 100,000 paragraphs in a
fraction of a second; text with wide or zero-width characters takes a per-character path.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from rich.cells import cell_len, get_character_cell_size

from reader.core.models import Article, Block

# Line kinds (small ints keep the per-line lists compact).
BLANK, PARAGRAPH, HEADING, HEADING1, LIST_ITEM, QUOTE, CODE, CAPTION, TABLE = range(9)
KIND_NAMES = ("blank", "paragraph", "heading", "heading1", "list-item", "quote", "code",
              "caption", "table")
_KIND_OF_BLOCK = {"paragraph": PARAGRAPH, "heading": HEADING, "list-item": LIST_ITEM,
                  "quote": QUOTE, "code": CODE, "caption": CAPTION, "table": TABLE}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
DEFAULT_MEASURE = 78  # a comfortable reading width in cells


def blocks_for(article: Article, end: int | None = None) -> list[Block]:
    """The article's blocks in order, with any text they leave out added as paragraphs.

    Extractors may give no blocks (plain text) or leave gaps; every visible character must
    still be shown, so gaps become paragraphs split at blank lines. With `end`, only the
    blocks up to the first paragraph break after `end` (a quick first screen for huge texts).
    """
    text = article.text
    limit = len(text)
    if end is not None and end < len(text):
        cut = text.find("\n\n", end)
        limit = len(text) if cut < 0 else cut
    blocks = sorted((b for b in article.blocks if 0 <= b.start < b.end <= len(text)
                     and b.start < limit), key=lambda b: (b.start, b.end))
    out: list[Block] = []
    pos = 0

    def fill(start: int, end: int) -> None:
        chunk_start = start
        for m in _PARAGRAPH_BREAK.finditer(text, start, end):
            _add_paragraph(chunk_start, m.start())
            chunk_start = m.end()
        _add_paragraph(chunk_start, end)

    def _add_paragraph(start: int, end: int) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Block("paragraph", start, end))

    for block in blocks:
        if block.start < pos:  # overlapping block: keep the part not shown yet
            if block.end <= pos:
                continue
            block = Block(block.kind, pos, block.end, block.level)
        if block.start > pos:
            fill(pos, block.start)
        out.append(block)
        pos = block.end
    if pos < limit:
        fill(pos, limit)
    return out


def _wrap_simple(text: str, start: int, end: int, width: int, words: bool,
                 out_starts: list[int], out_ends: list[int]) -> None:
    """Greedy wrap of text[start:end] (no newlines, one cell per character)."""
    s = start
    while end - s > width:
        cut = text.rfind(" ", s + 1, s + width + 1) if words else -1
        if cut <= s:
            out_starts.append(s)
            out_ends.append(s + width)
            s += width
        else:
            out_starts.append(s)
            out_ends.append(cut)
            s = cut + 1
        while words and s < end and text[s] == " ":
            s += 1
    out_starts.append(s)
    out_ends.append(end)


def _wrap_cells(text: str, start: int, end: int, width: int, words: bool,
                out_starts: list[int], out_ends: list[int]) -> None:
    """Greedy wrap measuring each character's cell width (wide CJK, combining marks)."""
    s = start
    cells = 0
    last_space = -1
    i = start
    while i < end:
        ch = text[i]
        w = get_character_cell_size(ch)
        if cells + w > width and i > s:
            if words and last_space > s:
                out_starts.append(s)
                out_ends.append(last_space)
                s = last_space + 1
            else:
                out_starts.append(s)
                out_ends.append(i)
                s = i
            while words and s < end and text[s] == " ":
                s += 1
            cells = cell_len(text[s:i]) if s < i else 0
            last_space = -1
            if s > i:
                i = s
                continue
        if ch == " ":
            last_space = i
        cells += w
        i += 1
    out_starts.append(s)
    out_ends.append(end)


def wrap(text: str, start: int, end: int, width: int, *, words: bool = True) -> list[tuple[int, int]]:
    """(start, end) of each wrapped line of text[start:end], which holds no newline."""
    starts: list[int] = []
    ends: list[int] = []
    _wrap_range(text, start, end, max(1, width), words, starts, ends)
    return list(zip(starts, ends))


def _wrap_range(text: str, start: int, end: int, width: int, words: bool,
                starts: list[int], ends: list[int]) -> None:
    chunk = text[start:end]
    # One cell per character? (Comparing cell_len with len is not enough: a wide character and
    # a combining mark cancel out.) A block has few distinct characters, so the set is cheap.
    if chunk.isascii() or all(get_character_cell_size(c) == 1 for c in set(chunk)):
        _wrap_simple(text, start, end, width, words, starts, ends)
    else:
        _wrap_cells(text, start, end, width, words, starts, ends)


@dataclass(slots=True)
class ArticleLayout:
    """Screen lines of an article at one text width; parallel lists, one entry per line."""

    width: int
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    kinds: list[int] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.starts)

    def line_for_offset(self, offset: int) -> int:
        """The line showing `offset`; offsets between blocks map to the line before the gap."""
        if not self.starts:
            return 0
        i = max(0, bisect_right(self.starts, offset) - 1)
        while self.kinds[i] == BLANK and i + 1 < len(self.starts):
            i += 1
        return i

    def lines_for_span(self, start: int, end: int) -> range:
        """Lines that show any part of text[start:end]."""
        first = self.line_for_offset(start)
        last = self.line_for_offset(max(start, end - 1))
        return range(first, last + 1)


def _prefix_for(kind: int, level: int, first: bool) -> str:
    if kind == LIST_ITEM:
        indent = "  " * max(0, level - 1)
        return indent + ("• " if first else "  ")
    if kind == QUOTE:
        return "│ "
    if kind in (CODE, TABLE):
        return " "
    return ""


def layout_article(article: Article, width: int, blocks: list[Block] | None = None) -> ArticleLayout:
    """Lay out `article` in `width` cells: blocks wrapped, a blank line between blocks.

    Consecutive list items stay together; code and tables keep their line breaks and are cut
    (not word-wrapped) at the width.
    """
    width = max(8, width)
    text = article.text
    layout = ArticleLayout(width)
    starts, ends, kinds, prefixes = layout.starts, layout.ends, layout.kinds, layout.prefixes
    previous_kind = None
    for block in (blocks if blocks is not None else blocks_for(article)):
        kind = _KIND_OF_BLOCK.get(block.kind, PARAGRAPH)
        if kind == HEADING and block.level <= 1:
            kind = HEADING1
        if previous_kind is not None and not (kind == LIST_ITEM and previous_kind == LIST_ITEM):
            starts.append(block.start)
            ends.append(block.start)
            kinds.append(BLANK)
            prefixes.append("")
        previous_kind = kind
        words = kind not in (CODE, TABLE)
        first = True
        pos = block.start
        while pos <= block.end:
            nl = text.find("\n", pos, block.end)
            line_end = block.end if nl < 0 else nl
            if words:  # soft line breaks inside prose: keep them, trimmed
                ls, le = pos, line_end
                while ls < le and text[ls] in " \t":
                    ls += 1
                while le > ls and text[le - 1] in " \t":
                    le -= 1
            else:
                ls, le = pos, line_end
            prefix_first = _prefix_for(kind, block.level, first)
            prefix_rest = _prefix_for(kind, block.level, False)
            room = max(1, width - len(prefix_first))
            n0 = len(starts)
            if le > ls:
                _wrap_range(text, ls, le, room, words, starts, ends)
            elif not words or nl >= 0:
                starts.append(ls)
                ends.append(ls)
            n1 = len(starts)
            for k in range(n0, n1):
                kinds.append(kind)
                prefixes.append(prefix_first if first and k == n0 else prefix_rest)
            if n1 > n0:
                first = False
            if nl < 0:
                break
            pos = nl + 1
    return layout
