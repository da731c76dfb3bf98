"""CSV exports read row by row, by column name, with the line each row starts on.

The standard `csv` module does the parsing (quotes, embedded newlines); this wraps it so a
100,000-row export streams in constant memory, the header is checked once (columns matched
by name, any case, in any order, extra columns ignored), and a damaged row becomes a
`Problem` at its line instead of stopping the import.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TypeVar

from reader.core.imports.limits import ImportLimits
from reader.core.imports.model import ImportFileError, Place, Problem
from reader.core.imports.source import Lines, MemberError, Source, opened, text_stream

T = TypeVar("T")


def header_key(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").strip().lower().split())


@dataclass(slots=True)
class Row:
    line: int
    fields: dict[str, str]

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


class CsvTable:
    """The rows of a CSV export with `required` columns (and any `optional` ones it has).

    The header is read and checked on construction, so a file that is not this format fails
    before anything is imported.
    """

    def __init__(self, text: IO[str], place: Place, limits: ImportLimits, *,
                 required: Sequence[str], optional: Sequence[str] = (),
                 label: str) -> None:
        self.place = place
        self._lines = Lines(text, limits.max_line_chars)
        self._reader = csv.reader(iter(self._lines))
        try:
            header = next(self._reader, None)
        except (csv.Error, MemberError) as exc:
            raise ImportFileError(f"{place} has no readable CSV header ({exc}).") from None
        while header is not None and not any(cell.strip() for cell in header):
            header = next(self._reader, None)    # blank lines before the header
        if header is None:
            raise ImportFileError(f"{place} is empty.")
        self.header = [header_key(cell) for cell in header]
        wanted = {header_key(name): name for name in (*required, *optional)}
        self._columns: dict[int, str] = {}
        for index, key in enumerate(self.header):
            if key in wanted and wanted[key] not in self._columns.values():
                self._columns[index] = wanted[key]
        missing = [name for name in required if name not in self._columns.values()]
        if missing:
            raise ImportFileError(f"{place} is not {label}: its header lacks "
                                  f"{', '.join(missing)}.")

    @property
    def columns(self) -> Mapping[int, str]:
        return self._columns

    def __iter__(self) -> Iterator[Row | Problem]:
        width = len(self.header)
        lines = self._lines
        while True:
            start = lines.number + 1
            try:
                cells = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Problem(self.place.at(line=start), f"This row cannot be read as CSV ({exc}).")
                continue
            except MemberError as exc:
                yield Problem(self.place.at(line=start), str(exc))
                return
            if any(start <= n <= lines.number for n in lines.oversize):
                yield Problem(self.place.at(line=start), "This row has a line longer than "
                              f"{lines.max_chars:,} characters; it was skipped.")
                continue
            if not cells or not any(cell.strip() for cell in cells):
                continue
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                yield Problem(self.place.at(line=start), f"This row has {len(cells)} fields "
                              f"where the header has {width} (an unquoted comma?); it was "
                              "skipped.")
                continue
            if len(cells) < width and max(self._columns) >= len(cells):
                yield Problem(self.place.at(line=start), f"This row has {len(cells)} fields "
                              f"where the header has {width}; it was skipped.")
                continue
            yield Row(start, {name: cells[index] for index, name in self._columns.items()})


def each_row(table: CsvTable, make: Callable[[Row, Place], Iterator[T]]) -> Iterator[T | Problem]:
    """`make(row, place)` for every good row; bad rows pass through as their `Problem`."""
    for row in table:
        if isinstance(row, Problem):
            yield row
        else:
            yield from make(row, table.place.at(line=row.line))


def read_table(source: Source, *, required: Sequence[str], optional: Sequence[str], label: str,
               entries: Callable[[CsvTable], Iterator[T]]) -> Iterator[T]:
    """`source` opened as a CSV export: its header checked now, `entries(table)` streamed."""
    text = text_stream(source.stream())
    return opened(text, lambda: entries(CsvTable(text, source.place, source.limits,
                                                 required=required, optional=optional,
                                                 label=label)))
