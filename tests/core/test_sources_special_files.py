"""Locations that are not regular files (FIFO, socket, devices) are refused at once, unopened."""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from reader.core import sources
from reader.core.errors import LoadError
from reader.core.sources import load

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs or sockets here")


def refused_at_once(location: str, seconds: float = 5.0) -> str:
    """The LoadError message of `load(location)`, which must come back within `seconds`."""
    outcome: dict[str, BaseException | object] = {}

    def run() -> None:
        try:
            outcome["page"] = load(location)
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"load({location!r}) blocked"
    error = outcome.get("error")
    assert isinstance(error, LoadError), outcome
    return str(error)


@pytest.fixture
def no_open(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every file reader.core.sources tries to open."""
    opened: list[str] = []
    real = os.open

    def spy(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(sources.os, "open", spy)
    return opened


@needs_posix
def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, no_open: list[str]) -> None:
    fifo = tmp_path / "f.html"
    os.mkfifo(fifo)
    assert refused_at_once(str(fifo)) == f"{fifo} is a named pipe (FIFO), not a file."
    assert refused_at_once("file://" + str(fifo)) == f"file://{fifo} is a named pipe (FIFO), not a file."
    assert str(fifo) not in no_open


@needs_posix
def test_socket_is_refused(tmp_path: Path, no_open: list[str]) -> None:
    path = tmp_path / "s.html"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        server.listen(1)
        assert refused_at_once(str(path)) == f"{path} is a socket, not a file."
    finally:
        server.close()
    assert str(path) not in no_open


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_character_devices_are_refused(device: str, tmp_path: Path, no_open: list[str]) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    assert refused_at_once(device) == f"{device} is a character device, not a file."
    link = tmp_path / "page.html"
    link.symlink_to(device)  # a link is judged by what it points to
    assert refused_at_once(str(link)) == f"{link} is a character device, not a file."
    assert no_open == []


def test_block_device_is_refused(no_open: list[str]) -> None:
    devices = [p for p in Path("/dev").iterdir() if _is_block(p)] if Path("/dev").is_dir() else []
    if not devices:
        pytest.skip("no block device visible here")
    assert refused_at_once(str(devices[0])) == f"{devices[0]} is a block device (a disk), not a file."
    assert no_open == []


def _is_block(path: Path) -> bool:
    try:
        return stat.S_ISBLK(path.stat().st_mode)
    except OSError:
        return False


@needs_posix
def test_a_file_swapped_for_a_fifo_after_the_check_is_still_refused(tmp_path: Path) -> None:
    """The open itself never blocks and re-checks what it opened (no check-then-open race)."""
    fifo = tmp_path / "swapped.html"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            sources._open_regular(fifo, "swapped.html")
        except BaseException as exc:  # noqa: BLE001
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive()
    assert [str(e) for e in outcome] == ["swapped.html is a named pipe (FIFO), not a file."]
