"""Reading an export safely: the file or bytes, zip members in memory, text lines, JSON streams.

Nothing is ever extracted to disk: zip members are read through `zipfile` streams, so a member
named `../../.bashrc` is only a string (and is refused anyway). Every read is capped by
`ImportLimits`; the sizes a zip declares are checked before anything is inflated.

Text is decoded here, not by the parsers: a BOM wins (UTF-8, UTF-16), then UTF-8; a file
whose opening is not UTF-8 is a legacy code page, which `charset_normalizer` names when the
text is in a non-Latin script and is otherwise cp1252 (what Excel writes on Western Windows,
the usual way an export CSV comes back damaged). Stray non-UTF-8 bytes later in a UTF-8 file
are read as cp1252 instead of failing or turning into U+FFFD. JSON goes through the same
decoding and is handed to ijson re-encoded as UTF-8 (the only encoding it reads).

JSON is streamed with `ijson` (its C backend): one item at a time, so a wallabag export with
every article's HTML, or ours with every original page, never sits in memory whole. Before
the first item, one cheap pass checks that the whole document is valid JSON, so a file cut
short yields one error and no items.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, TypeVar

import ijson

from reader.core.imports.fields import line_text
from reader.core.imports.limits import DEFAULT_IMPORT_LIMITS, ImportLimits
from reader.core.imports.model import ImportFileError, Place, Problem

_CP1252_FALLBACK = "reader-imports-cp1252"
T = TypeVar("T")
BUFFER = 64 * 1024   # read size; also how much of a text stream decides its encoding


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as cp1252 (never U+FFFD)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return bad.decode("cp1252", errors="replace").replace("\ufffd", ""), exc.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)


class MemberError(Exception):
    """One zip member cannot be read; the message is the reason, for a `Problem`."""


def _size_text(size: int) -> str:
    if size >= 1024 ** 3:
        return f"{size / 1024 ** 3:.1f} GB"
    if size >= 1024 ** 2:
        return f"{size / 1024 ** 2:.1f} MB"
    return f"{size:,} bytes"


class _CountingReader(io.RawIOBase):
    """A binary stream that fails (MemberError) once more than `cap` bytes came through it,
    and turns zip damage found while inflating into a MemberError too."""

    def __init__(self, raw: IO[bytes], cap: int, what: str,
                 on_read: Callable[[int], None] | None = None) -> None:
        self._raw = raw
        self._cap = cap
        self._what = what
        self._on_read = on_read
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        try:
            data = self._raw.read(len(view))
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise MemberError(f"{self._what} is damaged ({_zip_reason(exc)}).") from None
        n = len(data)
        self.count += n
        if self.count > self._cap:
            raise MemberError(f"{self._what} is larger than the {_size_text(self._cap)} an "
                              "import reads from it.")
        if self._on_read is not None:
            self._on_read(n)
        view[:n] = data
        return n

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


def _zip_reason(exc: BaseException) -> str:
    text = str(exc).lower()
    if "crc" in text:
        return "its checksum does not match"
    if "encrypt" in text or "password" in text:
        return "it is encrypted"
    if "compression" in text:
        return "it uses a compression method Python cannot read"
    return "it cannot be inflated"


class Source:
    """The export handed to an import: a path on disk, or bytes (stdin, tests)."""

    def __init__(self, data: str | os.PathLike[str] | bytes, *, name: str | None = None,
                 limits: ImportLimits = DEFAULT_IMPORT_LIMITS) -> None:
        self.limits = limits
        self._bytes: bytes | None = None
        self._path: Path | None = None
        if isinstance(data, (bytes, bytearray, memoryview)):
            self._bytes = bytes(data)
            self.name = line_text(name or "(stdin)", 500)
            self.size = len(self._bytes)
        else:
            self._path = Path(data).expanduser()
            self.name = line_text(name or str(data), 500)
            try:
                stat = self._path.stat()
            except OSError as exc:
                raise ImportFileError(f"Could not read {self.name}: "
                                      f"{exc.strerror or exc}.") from None
            if self._path.is_dir():
                raise ImportFileError(f"{self.name} is a folder; give the export file itself "
                                      "(the .zip, .csv, .json or .html the service sent).")
            self.size = stat.st_size
        if self.size > limits.max_file_bytes:
            raise ImportFileError(f"{self.name} is {_size_text(self.size)}; an import reads "
                                  f"at most {_size_text(limits.max_file_bytes)}.")
        self._head: bytes | None = None

    @property
    def place(self) -> Place:
        return Place(self.name)

    def open(self) -> BinaryIO:
        """A fresh binary stream at the start of the export."""
        if self._bytes is not None:
            return io.BytesIO(self._bytes)
        assert self._path is not None
        try:
            return open(self._path, "rb")
        except OSError as exc:
            raise ImportFileError(f"Could not read {self.name}: {exc.strerror or exc}.") from None

    def head(self) -> bytes:
        """The first `head_bytes` of the export, for recognising its format."""
        if self._head is None:
            with self.open() as stream:
                self._head = stream.read(self.limits.head_bytes)
        return self._head

    def stream(self) -> io.BufferedReader:
        """The whole export as a capped stream (for parsers that read it once, in order)."""
        raw = self.open()
        return io.BufferedReader(_CountingReader(raw, self.limits.max_file_bytes, self.name),
                                 buffer_size=BUFFER)


# -- zip archives --------------------------------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_name(name: str) -> str | None:
    """Why a member name could escape a folder if someone extracted it, or None if it is safe."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "has an absolute path"
    if "\\" in name:
        return "has a backslash in its path"
    if any(part == ".." for part in name.split("/")):
        return "has a '..' path that would leave the export's folder"
    if any(ord(c) < 32 for c in name):
        return "has control characters in its name"
    return None


def _is_link(info: zipfile.ZipInfo) -> bool:
    return (info.external_attr >> 16) & 0o170000 == 0o120000


class Archive:
    """A zip export, checked before use: member count, declared sizes, ratios, unsafe names.

    Unsafe or encrypted members are never read; each is listed in `problems`. An archive
    that would inflate past the caps, or that looks like a zip bomb, is refused whole.
    """

    def __init__(self, source: Source) -> None:
        self.source = source
        self.limits = limits = source.limits
        self.problems: list[Problem] = []
        self._inflated = 0
        self._file = source.open()
        try:
            self._zip = zipfile.ZipFile(self._file)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            self._file.close()
            raise ImportFileError(f"{source.name} is not a readable zip archive (damaged or "
                                  "cut short).") from None
        if len(infos) > limits.max_members:
            self.close()
            raise ImportFileError(f"{source.name} has {len(infos):,} entries; an import reads "
                                  f"at most {limits.max_members:,}.")
        self._members: dict[str, zipfile.ZipInfo] = {}
        declared = 0
        for info in infos:
            name = info.filename
            if name.endswith("/"):
                continue
            why = unsafe_name(name)
            if why is None and info.flag_bits & 0x1:
                why = "is encrypted"
            if why is None and _is_link(info):
                why = "is a symbolic link"
            if why is None and name in self._members:
                why = "appears twice in the archive (the first copy is used)"
            if why is not None:
                self.problems.append(Problem(Place(source.name, line_text(name, 200)),
                                             f"This entry {why}; it was not read."))
                continue
            if info.file_size > 1024 * 1024 and \
                    info.file_size > limits.max_ratio * max(info.compress_size, 1):
                self.close()
                raise ImportFileError(f"{source.name} looks like a zip bomb: "
                                      f"{line_text(name, 200)!r} would "
                                      f"inflate {info.file_size // max(info.compress_size, 1):,} "
                                      "times; nothing was imported.")
            declared += info.file_size
            self._members[name] = info
        if declared > limits.max_file_bytes:
            self.close()
            raise ImportFileError(f"{source.name} would inflate to {_size_text(declared)}; an "
                                  f"import reads at most {_size_text(limits.max_file_bytes)}.")

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self._zip.close()
        except AttributeError:
            pass
        self._file.close()

    def names(self) -> list[str]:
        return list(self._members)

    def __contains__(self, name: str) -> bool:
        return name in self._members

    def size(self, name: str) -> int:
        return self._members[name].file_size

    def place(self, name: str) -> Place:
        return Place(self.source.name, line_text(name, 200))

    def _count(self, n: int) -> None:
        self._inflated += n
        if self._inflated > self.limits.max_file_bytes:
            raise ImportFileError(f"{self.source.name} inflates past "
                                  f"{_size_text(self.limits.max_file_bytes)}; the import "
                                  "stopped.")

    def stream(self, name: str, cap: int | None = None) -> io.BufferedReader:
        """A member as a capped binary stream; MemberError if it is over its cap."""
        cap = self.limits.max_member_bytes if cap is None else cap
        info = self._members[name]
        if info.file_size > cap:
            raise MemberError(f"{line_text(name, 200)} is {_size_text(info.file_size)}, over the "
                              f"{_size_text(cap)} an import reads from one entry.")
        try:
            raw = self._zip.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError) as exc:
            raise MemberError(f"{line_text(name, 200)} cannot be read ({_zip_reason(exc)}).") \
                from None
        return io.BufferedReader(_CountingReader(raw, cap, line_text(name, 200), self._count),
                                 buffer_size=BUFFER)

    def read(self, name: str, cap: int | None = None) -> bytes:
        """A whole member (for small documents and pages); MemberError if over its cap."""
        cap = self.limits.max_document_bytes if cap is None else cap
        with self.stream(name, cap) as stream:
            return stream.read()


# -- text ----------------------------------------------------------------------------------

_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")


def _legacy_encoding(head: bytes) -> str:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return "cp1252"
    best = from_bytes(head).best()
    if best is None or not best.encoding:
        return "cp1252"
    try:
        name = codecs.lookup(best.encoding).name
        text = head.decode(name, errors="replace")
    except LookupError:
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")) or not _NON_LATIN.search(text):
        return "cp1252"
    return name


def text_encoding(head: bytes) -> str:
    """The codec to read a text export with, from its first bytes (see the module docstring)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"     # the head was cut inside a character
    return _legacy_encoding(head)


def text_stream(raw: io.BufferedReader) -> io.TextIOWrapper:
    """`raw` decoded (see `text_encoding`); newlines are left as they are, for `csv`."""
    encoding = text_encoding(raw.peek(BUFFER)[:BUFFER])
    errors = _CP1252_FALLBACK if encoding == "utf-8" else "replace"
    return io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="")


class _Utf8(io.RawIOBase):
    """A text stream read back as UTF-8 bytes, for ijson (which reads bytes, UTF-8 only)."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        self._text = text
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while not self._pending:
            chunk = self._text.read(BUFFER // 4)
            if not chunk:
                return 0
            self._pending = chunk.encode("utf-8", errors="surrogatepass")
        n = min(len(view), len(self._pending))
        view[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def close(self) -> None:
        try:
            self._text.close()
        finally:
            super().close()


def utf8_stream(raw: io.BufferedReader) -> io.BufferedReader:
    """`raw` as UTF-8 whatever it was written in (BOM dropped, legacy code pages decoded)."""
    return io.BufferedReader(_Utf8(text_stream(raw)), buffer_size=BUFFER)


def utf8_bytes(data: bytes) -> bytes:
    """`data` as UTF-8 (see `utf8_stream`), for small documents read whole."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8").encode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = text_encoding(data[:BUFFER])
    errors = _CP1252_FALLBACK if encoding == "utf-8" else "replace"
    return data.decode(encoding, errors=errors).encode("utf-8", errors="surrogatepass")


class Lines:
    """The physical lines of a text stream, each cut to `max_chars`; `oversize` lists the
    1-based numbers of the lines that were cut (a CSV row on one of them is skipped)."""

    def __init__(self, text: IO[str], max_chars: int) -> None:
        self._text = text
        self.max_chars = max_chars
        self.number = 0
        self.oversize: set[int] = set()

    def __iter__(self) -> Iterator[str]:
        read = self._text.readline
        limit = self.max_chars
        while True:
            line = read(limit)
            if not line:
                return
            self.number += 1
            if len(line) >= limit and not line.endswith(("\n", "\r")):
                self.oversize.add(self.number)
                while True:   # drop the rest of the physical line, bounded reads
                    rest = read(limit)
                    if not rest or rest.endswith(("\n", "\r")):
                        break
                line = "\n"
            yield line


# -- JSON ----------------------------------------------------------------------------------

def _json_reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0].lower() if str(exc) else ""
    if "premature eof" in text:
        return "it is cut short"
    if "trailing garbage" in text:
        return "it has more text after its end"
    if "invalid" in text or "lexical" in text or "parse error" in text:
        return "it has a syntax error"
    return "it cannot be parsed"


def _nesting(events: Iterator[tuple[str, Any]], max_depth: int, what: str,
             error: type[Exception]) -> Iterator[tuple[str, Any, int]]:
    """ijson's basic events with their depth; `error` once nesting passes `max_depth`.

    The check runs before any prefixed parse: ijson builds each event's path as a string,
    so a document nested 100,000 deep would cost gigabytes of prefixes.
    """
    depth = 0
    for event, value in events:
        if event in ("start_map", "start_array"):
            depth += 1
            if depth > max_depth:
                raise error(f"{what} nests deeper than {max_depth} levels, which no export "
                            "does; it was not read.")
        elif event in ("end_map", "end_array"):
            depth -= 1
        yield event, value, depth


def check_json(source: Source, *, expect: str) -> dict[str, Any]:
    """Read the whole export once, cheaply, and fail unless it is valid JSON, not nested
    absurdly deep, whose top level is an `expect` ("array" or "object"). Returns the
    top-level object's scalar members (`format`, `version`...), or {} for an array."""
    stream = utf8_stream(source.stream())
    what = source.name
    scalars: dict[str, Any] = {}
    try:
        events = _nesting(ijson.basic_parse(stream, use_float=True),
                          source.limits.max_json_depth, what, ImportFileError)
        first = next(events, None)
        if first is None:
            raise ImportFileError(f"{what} is empty.")
        wanted = "start_array" if expect == "array" else "start_map"
        if first[0] != wanted:
            shape = "a list" if expect == "array" else "an object"
            raise ImportFileError(f"{what} is JSON but not {shape} at the top, so it is not "
                                  "this export format.")
        key = None
        for event, value, depth in events:
            if depth == 1 and event == "map_key":
                key = value
                continue
            if depth == 1 and key is not None and event not in ("end_map", "end_array") \
                    and len(scalars) < 100:
                scalars[key] = value
            key = None
    except ijson.JSONError as exc:
        raise ImportFileError(f"{what} is not valid JSON: {_json_reason(exc)}.") from None
    except MemberError as exc:
        raise ImportFileError(str(exc)) from None
    finally:
        stream.close()
    return scalars


def json_events(data: bytes, what: str, max_depth: int) -> Iterator[tuple[str, Any, int]]:
    """The basic events of a small document with their depth (see `_nesting`); stops
    quietly where `data` ends mid-document (a head read for detection)."""
    try:
        yield from _nesting(ijson.basic_parse(io.BytesIO(data), use_float=True), max_depth,
                            what, MemberError)
    except ijson.JSONError:
        return


def json_items(stream: BinaryIO, prefix: str) -> Iterator[Any]:
    """The values under `prefix` (ijson's notation: "item" for a top-level list)."""
    try:
        yield from ijson.items(stream, prefix, use_float=True)
    finally:
        stream.close()


def json_entries(source: Source, prefix: str,
                 make: Callable[[Any, Place, ImportLimits], Iterator[T]]) -> Iterator[T]:
    """`make(value, place, limits)` for each value under `prefix`, numbered from 1."""
    for index, value in enumerate(json_items(utf8_stream(source.stream()), prefix), 1):
        yield from make(value, source.place.at(index=index), source.limits)


def json_document(data: bytes, what: str, max_depth: int) -> Any:
    """A small JSON document parsed whole (streamed parser: no recursion limit to hit)."""
    data = utf8_bytes(data)
    try:
        for _ in _nesting(ijson.basic_parse(io.BytesIO(data), use_float=True), max_depth,
                          what, MemberError):
            pass
        values = list(ijson.items(io.BytesIO(data), "", use_float=True))
    except ijson.JSONError as exc:
        raise MemberError(f"{what} is not valid JSON: {_json_reason(exc)}.") from None
    if not values:
        raise MemberError(f"{what} is empty.")
    return values[0]


def closing(resource: IO[Any] | Archive, entries: Iterator[T]) -> Iterator[T]:
    """`entries`, closing `resource` when they end or the caller stops early."""
    try:
        yield from entries
    finally:
        resource.close()


def opened(resource: IO[Any] | Archive, prepare: Callable[[], Iterator[T]]) -> Iterator[T]:
    """Run the eager checks in `prepare` (closing `resource` if they fail), then stream."""
    try:
        entries = prepare()
    except BaseException:
        resource.close()
        raise
    return closing(resource, entries)
