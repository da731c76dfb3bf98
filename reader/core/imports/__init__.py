"""Reading other read-it-later services' exports (and our own) into one model.

    with open_export("pocket.zip") as export:        # recognised by content
        export.format                                # "pocket"
        for entry in export:                         # streamed, in file order
            if isinstance(entry, Problem): ...       # a row skipped (or a field dropped)
            else: ...                                # an ImportedItem

`open_export` recognises the format (or takes `format=` from `formats()`), then runs the
checks that can fail the file as a whole before anything is yielded: zip directory and
caps, CSV header, JSON validity and shape. Those raise `ImportFileError` (a `ReaderError`,
one sentence) and nothing is yielded. Damage that can only be seen while reading (a zip
member whose checksum fails, a CSV part cut short) becomes a `Problem` for that member; an
HTML list with a tag that never ends, or a zip that inflates past its cap, raises
`ImportFileError` mid-stream, so the store should import one file in one transaction.

Pure core: nothing here writes files, touches the store or the network, or logs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reader.core.imports import (bookmarks, instapaper, omnivore, pocket, readwise,
                                 reader_export, wallabag)
from reader.core.imports.detect import Detection
from reader.core.imports.detect import detect as _detect
from reader.core.imports.limits import DEFAULT_IMPORT_LIMITS, ImportLimits
from reader.core.imports.model import (Content, Entry, HighlightPosition, ImportedHighlight,
                                       ImportedItem, ImportFileError, Place, Problem, XPathRange)
from reader.core.imports.source import Source

__all__ = [
    "Content", "Detection", "Entry", "Export", "Format", "HighlightPosition",
    "ImportFileError", "ImportLimits", "ImportedHighlight", "ImportedItem", "Place", "Problem",
    "XPathRange", "detect", "formats", "open_export",
]


@dataclass(slots=True, frozen=True)
class Format:
    """One export format `--format` can name."""

    name: str
    label: str
    read: Callable[[Source], Iterator[Entry]]


def _pocket(source: Source) -> Iterator[Entry]:
    if source.head().startswith(b"PK"):
        return pocket.read_zip(source)
    return pocket.read_csv(source)


def _omnivore(source: Source) -> Iterator[Entry]:
    if source.head().startswith(b"PK"):
        return omnivore.read_zip(source)
    return omnivore.read_metadata(source)


_FORMATS = (
    Format(pocket.NAME, pocket.LABEL, _pocket),
    Format(pocket.HTML_NAME, pocket.HTML_LABEL, pocket.read_html),
    Format(omnivore.NAME, omnivore.LABEL, _omnivore),
    Format(instapaper.NAME, instapaper.LABEL, instapaper.read),
    Format(wallabag.NAME, wallabag.LABEL, wallabag.read),
    Format(readwise.NAME, readwise.LABEL, readwise.read_reader),
    Format(readwise.HIGHLIGHTS_NAME, readwise.HIGHLIGHTS_LABEL, readwise.read_highlights),
    Format(bookmarks.NAME, bookmarks.LABEL, bookmarks.read),
    Format(reader_export.NAME, reader_export.LABEL, reader_export.read),
)


def formats() -> list[Format]:
    """Every format, in the order `reader import --help` should list them."""
    return list(_FORMATS)


def _format(name: str) -> Format:
    for fmt in _FORMATS:
        if fmt.name == name:
            return fmt
    raise ImportFileError(f"Unknown import format {name!r}; the formats are "
                          f"{', '.join(f.name for f in _FORMATS)}.")


Data = str | os.PathLike[str] | bytes


def detect(data: Data, *, name: str | None = None,
           limits: ImportLimits = DEFAULT_IMPORT_LIMITS) -> Detection:
    """Which format `data` (a path, or bytes) is, by content, or why none matched."""
    return _detect(Source(data, name=name, limits=limits))


class Export:
    """An opened export: `format`, `name`, and its entries when iterated (once)."""

    def __init__(self, source: Source, fmt: Format, detection: Detection | None) -> None:
        self.source = source
        self.format = fmt.name
        self.label = fmt.label
        self.detection = detection
        self._entries = fmt.read(source)

    @property
    def name(self) -> str:
        return self.source.name

    def __iter__(self) -> Iterator[Entry]:
        return self._entries

    def close(self) -> None:
        close = getattr(self._entries, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> "Export":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_export(data: Data, *, format: str | None = None, name: str | None = None,
                limits: ImportLimits = DEFAULT_IMPORT_LIMITS) -> Export:
    """Open an export for reading (see the module docstring); `format` skips detection.

    `name` is what messages call the file (default: the path as given, or "(stdin)").
    """
    source = Source(data, name=name, limits=limits)
    detection = None
    if format is None:
        detection = _detect(source)
        if detection.format is None:
            raise ImportFileError(detection.reason)
        fmt = _format(detection.format)
    else:
        fmt = _format(format)
    return Export(source, fmt, detection)
