"""Writing the user's files: one atomic-write helper for exports and the app's state files.

Why by hand: `tempfile` + `os.replace` is the whole mechanism, but what the user names as the
output may not be a plain file, and replacing it would be a silent disaster:
- a symlink (a note exported into a vault by a link) is followed: the link's target is
  replaced atomically and the link itself stays;
- a character device (`/dev/null`, `/dev/stdout`, a terminal) is written through, never
  replaced by a regular file; `/dev/full` reports "no space left on device";
- a FIFO, a socket or a folder is refused in one sentence, before anything is written;
- a regular file keeps its permission bits (a new one gets the usual 0666 & ~umask, not the
  0600 of a temporary file).
Every failure is a `WriteFailed` whose message is one sentence naming the file and the cause.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from reader.core.errors import ReaderError


class WriteFailed(ReaderError):
    """A file could not be written; nothing at the destination was changed."""


_REASONS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EIO: "input/output error",
}


def reason(exc: OSError) -> str:
    """A short lower-case cause for an OSError ("no space left on device")."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    text = exc.strerror or str(exc) or type(exc).__name__
    return text[:1].lower() + text[1:]


def _kind(mode: int) -> str | None:
    """What a non-regular, non-device file is, for the refusal message (None: writable)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path | str, data: str | bytes) -> Path:
    """Write `data` to `path` so a reader never sees half of it; return the path written.

    See the module docstring for symlinks, devices, FIFOs and folders.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_writer(path, binary=True) as handle:
        handle.write(payload)
    return Path(os.path.realpath(Path(path).expanduser()))


@contextmanager
def atomic_writer(path: Path | str, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A stream onto `path` for output written in pieces (a streamed export): the file is
    replaced when the block ends, and left as it was if anything in it fails. Text streams
    write UTF-8. Same rules as `write_atomic`; every failure is a `WriteFailed`."""
    shown = str(path)
    target = Path(os.path.realpath(Path(path).expanduser()))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteFailed(f"Could not write {shown}: {reason(exc)}.") from None
    if info is not None:
        kind = _kind(info.st_mode)
        if kind:
            raise WriteFailed(f"{shown} is {kind}, not a file; nothing was written.")
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
            with _written_through(target, shown, binary) as device:
                yield device
            return
    mode = stat.S_IMODE(info.st_mode) if info is not None else _umask_mode()
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteFailed(f"Could not write {shown}: {reason(exc)}.") from None
    try:
        with _stream(os.fdopen(fd, "wb"), binary) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        _discard(tmp)
        raise WriteFailed(f"Could not write {shown}: {reason(exc)}; it was left as it "
                          "was.") from None
    except BaseException:
        _discard(tmp)
        raise
    _sync_folder(folder)


def _stream(raw: IO[bytes], binary: bool) -> IO[Any]:
    return raw if binary else io.TextIOWrapper(raw, encoding="utf-8", newline="")


@contextmanager
def _written_through(target: Path, shown: str, binary: bool) -> Iterator[IO[Any]]:
    """A device is written in place, never replaced."""
    try:
        with _stream(open(target, "wb"), binary) as handle:
            yield handle
            handle.flush()
    except OSError as exc:
        raise WriteFailed(f"Could not write {shown}: {reason(exc)}.") from None


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform opens folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
