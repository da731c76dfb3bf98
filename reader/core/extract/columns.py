"""Side-by-side columns in a text dump, read one after the other.

A text browser lays a page's columns side by side, so each row mixes the article's left column
with a sidebar on the right ("Minecraft 1.8 ...        Minecraft.net"). Read row by row, the
article's sentences are cut every line and interleaved with links. Where many rows have a wide
gap ending at the same column, the rows are split there: the left column is read first, then
the right one, each with its own wrap width.
"""

from __future__ import annotations

import re
from collections import Counter

from reader.core.scripts import display_width as columns  # dumps are laid out in terminal columns

_GAP = re.compile(r"(?<=\S) {3,}(?=\S)|(?<=\S)\u3000{2,}(?=\S)")

MIN_COLUMN = 30       # a right column starting further left is more likely a table
MIN_ROWS = 5          # rows split at the same column before we believe in columns
MAX_ROW_GAP = 8       # rows between two split rows of one region
MIN_LEFT_WIDTH = 25   # the left column must hold text, not labels




def _split_point(line: str) -> tuple[int, int] | None:
    """(display column, index) where the right-hand part of a row starts, if it has a wide gap."""
    pos = col = 0
    for m in _GAP.finditer(line):  # stops at the first gap far enough right: linear in the line
        col += columns(line[pos:m.end()])
        pos = m.end()
        if col >= MIN_COLUMN:
            return col, pos
    return None


_NARROW_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")


def _gap_at(line: str, col: int) -> int | None:
    """Index where a two-space (or wider) gap ending exactly at display column `col` ends."""
    pos = width = 0
    for m in _NARROW_GAP.finditer(line):
        width += columns(line[pos:m.end()])
        pos = m.end()
        if width >= col:
            return pos if width == col else None
    return None


def _indent_col(line: str) -> int:
    return columns(line[: len(line) - len(line.lstrip())])


_BOX = re.compile(r"[│┃║|]")
_DIGIT = re.compile(r"\d")


def _tabular(rights: list[str]) -> bool:
    """Right-hand cells of a table rather than a sidebar: ruled, numeric or repetitive."""
    cells = [x for x in rights if x]
    if not cells:
        return True
    if any(_BOX.search(x) for x in cells):
        return True
    if sum(1 for x in cells if _DIGIT.search(x)) > 0.3 * len(cells):
        return True
    return Counter(cells).most_common(1)[0][1] >= 3


def _extend(lines: list[str], a: int, b: int, col: int) -> tuple[int, int, int]:
    """Widen a region to the whole paragraphs it cuts: the left column's text goes on above
    and below the rows where the right column has something beside it."""
    while a > 0 and lines[a - 1].strip() and columns(lines[a - 1].rstrip()) < col:
        a -= 1
    while b < len(lines) and lines[b].strip() and columns(lines[b].rstrip()) < col:
        b += 1
    return a, b, col


def split_columns(lines: list[str]) -> tuple[list[str], list[int | None]]:
    """Lines with column regions rearranged (left column, then right), and a wrap width for each
    line of a region (None elsewhere: the dump's own width applies)."""
    points = [_split_point(line) if len(line) > MIN_COLUMN + 3 else None for line in lines]
    counts = Counter(p[0] for p in points if p)
    if not counts:
        return lines, [None] * len(lines)
    out_lines: list[str] = []
    widths: list[int | None] = []
    regions = []
    for col, n in counts.most_common(3):
        if n < MIN_ROWS:
            break
        rows = [i for i, p in enumerate(points) if p and p[0] == col]
        start = prev = rows[0]
        members = [rows[0]]
        for i in rows[1:] + [None]:
            if i is not None and i - prev <= MAX_ROW_GAP:
                members.append(i)
                prev = i
                continue
            if len(members) >= MIN_ROWS:
                regions.append((start, prev + 1, col))
            if i is not None:
                start = prev = i
                members = [i]
    if not regions:
        return lines, [None] * len(lines)
    regions = [_extend(lines, a, b, col) for a, b, col in regions]
    regions.sort()
    kept, last_end = [], 0
    for a, b, col in regions:  # overlapping regions: the first one wins
        if a >= last_end:
            kept.append((a, b, col))
            last_end = b
    pos = 0
    for a, b, col in kept:
        lefts: list[str] = []
        rights: list[str] = []
        for i in range(a, b):
            line = lines[i]
            p = points[i]
            cut = p[1] if p and p[0] == col else (_gap_at(line, col) if columns(line) > col else None)
            if cut is not None:
                lefts.append(line[:cut].rstrip())
                rights.append(line[cut:].strip())
            elif line.strip() and _indent_col(line) >= col - 1:
                lefts.append("")
                rights.append(line.strip())
            else:
                lefts.append(line.rstrip())
                rights.append("")
        if _tabular(rights):
            continue
        left_width = max((columns(x) for x in lefts if columns(x) < col), default=0)
        if left_width < MIN_LEFT_WIDTH or sum(1 for x in lefts if columns(x) >= MIN_LEFT_WIDTH - 5) < MIN_ROWS:
            continue  # a label column (a table, a form): leave the rows as they are
        out_lines.extend(lines[pos:a])
        widths.extend([None] * (a - pos))
        right_width = max((columns(x) for x in rights), default=0)
        out_lines.extend(lefts)
        widths.extend([left_width] * len(lefts))
        out_lines.append("")
        widths.append(None)
        out_lines.extend(rights)
        widths.extend([right_width] * len(rights))
        out_lines.append("")
        widths.append(None)
        pos = b
    out_lines.extend(lines[pos:])
    widths.extend([None] * (len(lines) - pos))
    return out_lines, widths
