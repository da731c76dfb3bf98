"""`load(location) -> Page`: a URL, a local file, a `file:` URL or `-` (stdin), within limits.

Only http(s), local paths and `file:` are opened; any other scheme is refused so a link in a
page (`javascript:`, `data:`...) can never make reader run or read something unexpected. The
bytes are sniffed before anything else trusts them: only HTML, XHTML, plain text, MHTML and
webarchive become pages; everything else is a LoadError naming what it is.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from reader.core.formats import sniff
from reader.core.errors import LoadError
from reader.core.links import url_scheme
from reader.core.safety import short
from reader.core.limits import DEFAULT_LIMITS, Limits, human_size
from reader.core.models import Page
from reader.core.safety import clean_line

Progress = Callable[[int, "int | None"], None]
READ_CHUNK = 256 * 1024

_HOST = re.compile(r"^(?:[A-Za-z0-9-]+\.)+([A-Za-z]{2,})(?::\d+)?$")
_COMMON_TLDS = frozenset(
    "com org net io dev edu gov co uk de fr it es nl info app news blog me us ca au in jp ru "
    "ch se no eu tv ai".split())


def load(location: str, *, limits: Limits | None = None,
         progress: Progress | None = None) -> Page:
    """Read `location` (URL, path, `file:` URL or `-`) into a Page; LoadError on any failure.

    `progress(done_bytes, total_bytes_or_None)` is called in the caller's thread while reading.
    """
    limits = limits or DEFAULT_LIMITS
    guarded = None
    if progress is not None:
        def guarded(done: int, total: int | None) -> None:
            try:
                progress(done, total)
            except BaseException as exc:  # the caller's own exception: handed back untouched
                raise _CallerError(exc) from None
    try:
        return _load(location, limits, guarded)
    except _CallerError as wrapper:
        raise wrapper.original from None
    except LoadError as exc:
        message = clean_line(str(exc))
        if message == str(exc):
            raise
        raise LoadError(message) from None
    except MemoryError:
        raise LoadError(f"Out of memory while reading {short(str(location))}.") from None
    except Exception as exc:  # a bug: one sentence here, the caller logs the cause
        raise LoadError.from_bug(f"Could not read {short(str(location))} "
                                 f"(unexpected {type(exc).__name__}).", exc) from exc


class _CallerError(Exception):
    """Carries an exception raised by the caller's progress callback through `load`."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(repr(original))
        self.original = original


def _load(location: str, limits: Limits, progress: Progress | None) -> Page:
    if not isinstance(location, str) or not location.strip():
        raise LoadError("No location given: name a URL, a file, or - for standard input.")
    if "\x00" in location:
        raise LoadError("The location contains a NUL character, so it cannot be opened.")
    if location == "-":
        return _load_stdin(limits, progress)
    text = location.strip()
    scheme = url_scheme(text)
    if scheme in ("http", "https"):
        from reader.core.fetch import fetch  # http, ssl, email: only when a URL is opened

        return fetch(text, limits, progress)
    if scheme == "file":
        return _load_file(_path_from_file_url(text), location, limits, progress)
    if scheme and len(scheme) > 1 and not os.path.lexists(location):
        if re.match(r"^[A-Za-z0-9.\-]+:\d{1,5}(?:[/?#]|$)", text):  # localhost:8000/page
            raise LoadError(f"There is no file at {short(text)}; for a web page, write "
                            f"http://{short(text)}.")
        raise LoadError(f"Only http(s) addresses, files and file: URLs can be opened, "
                        f"not {short(scheme, 20)}: locations.")
    return _load_file(_local_path(location), location, limits, progress)


def _local_path(location: str) -> Path:
    """The path as typed; failing that, without the spaces or quotes a paste or a drag from a
    file manager adds around it ('/tmp/a page.html' ), so those still open."""
    path = Path(location).expanduser()
    if os.path.lexists(path):
        return path
    trimmed = location.strip()
    if len(trimmed) >= 2 and trimmed[0] == trimmed[-1] and trimmed[0] in "'\"":
        trimmed = trimmed[1:-1]
    candidate = Path(trimmed).expanduser()
    return candidate if trimmed and os.path.lexists(candidate) else path


def _looks_like_host(location: str) -> bool:
    """True for `example.com/page`-like text, to hint that a URL needs its https://."""
    host = location.split("/", 1)[0]
    match = _HOST.match(host)
    if match is None:
        return False
    return host.lower().startswith("www.") or match.group(1).lower() in _COMMON_TLDS


def _path_from_file_url(url: str) -> Path:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise LoadError(f"Files on another computer cannot be opened ({short(url)}).")
    path = unquote(parts.path)
    if not path:
        raise LoadError(f"Not a valid file: URL: {short(url)}")
    return Path(path)


def _load_stdin(limits: Limits, progress: Progress | None) -> Page:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise LoadError("There is no standard input to read from.")
    try:
        if stream.isatty():
            raise LoadError("Standard input is a terminal; pipe a page into `reader -` instead.")
    except (ValueError, OSError, AttributeError):
        pass
    try:
        body = _read_capped(stream, "-", "Standard input", limits.max_file_bytes, None, progress)
    except OSError as exc:
        raise LoadError(f"Could not read standard input ({exc.strerror or exc}).") from None
    return _page_from_bytes(body, "-", "Standard input", claimed=None)


def _read_capped(stream: BinaryIO, location: str, label: str, cap: int, total: int | None,
                 progress: Progress | None) -> bytes:
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(READ_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > cap:
            raise LoadError(f"{label} is larger than the {human_size(cap)} limit for files "
                            "(max_file_bytes).")
        parts.append(chunk)
        if progress is not None:
            progress(size, total)
    return b"".join(parts)


def _load_file(path: Path, location: str, limits: Limits, progress: Progress | None) -> Page:
    shown = short(location)
    try:
        info = path.stat()
    except FileNotFoundError:
        if _looks_like_host(location):
            raise LoadError(f"There is no file at {shown}; for a web page, write https://{shown}.") from None
        raise LoadError(f"There is no file at {shown}.") from None
    except NotADirectoryError:
        raise LoadError(f"There is no file at {shown}: a part of the path is not a folder.") from None
    except PermissionError:
        raise LoadError(f"{shown} cannot be read: permission denied.") from None
    except OSError as exc:
        raise LoadError(f"Could not open {shown} ({exc.strerror or exc}).") from None
    _refuse_special(info.st_mode, shown)
    if info.st_size > limits.max_file_bytes:
        raise LoadError(_too_large(shown, info.st_size, limits.max_file_bytes))
    try:
        stream = _open_regular(path, shown)
        with stream:
            body = _read_capped(stream, location, shown, limits.max_file_bytes, info.st_size, progress)
    except PermissionError:
        raise LoadError(f"{shown} cannot be read: permission denied.") from None
    except IsADirectoryError:
        raise LoadError(f"{shown} is a folder, not a page.") from None
    except FileNotFoundError:
        raise LoadError(f"There is no file at {shown}.") from None
    except OSError as exc:
        raise LoadError(f"Could not read {shown} ({exc.strerror or exc}).") from None
    return _page_from_bytes(body, location, shown, claimed=sniff.suffix_type(path.name))


_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device (a disk)"),
)


def _refuse_special(mode: int, shown: str) -> None:
    """Only regular files are read: a FIFO would block the reader forever, a device never ends."""
    if stat.S_ISDIR(mode):
        raise LoadError(f"{shown} is a folder, not a page.")
    for test, what in _SPECIAL:
        if test(mode):
            raise LoadError(f"{shown} is {what}, not a file.")
    if not stat.S_ISREG(mode):
        raise LoadError(f"{shown} is not a regular file.")


def _open_regular(path: Path, shown: str) -> BinaryIO:
    """Open `path` for reading without ever blocking, and only if it is (still) a regular file.

    O_NONBLOCK makes opening a FIFO return at once, so a file swapped for a pipe after the
    `stat` above is refused by `fstat` on the open descriptor instead of hanging the caller.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        _refuse_special(os.fstat(fd).st_mode, shown)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _too_large(shown: str, size: int, cap: int) -> str:
    return (f"{shown} is too large ({human_size(size)}), over the {human_size(cap)} limit for "
            "files (max_file_bytes).")


def _page_from_bytes(body: bytes, location: str, shown: str, *, claimed: str | None) -> Page:
    if not body or (body[:1].isspace() and body[-1:].isspace() and not body.strip()):
        raise LoadError(f"{shown} is empty.")
    head = body[:sniff.SNIFF_BYTES]
    kind = sniff.decide(head, claimed=claimed)
    if kind not in sniff.PAGE_TYPES:
        what = "binary data" if kind == sniff.BINARY else kind
        raise LoadError(f"{shown} is not a web page ({what}).")
    return Page(location=location, body=body, media_type=kind, final_url=None,
                charset=sniff.utf16_without_bom(head))
