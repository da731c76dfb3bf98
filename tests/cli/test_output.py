"""Where output goes is never harmed and never answered with a traceback.

- `--output` writes atomically onto a regular file, keeps its mode, follows a symlink and
  keeps the link, writes through a character device without replacing it, refuses a FIFO,
  a socket or a folder in one line, and reports a full disk with a non-zero exit.
- A failing standard output (full disk, closed, broken pipe) gives one line and a non-zero
  exit, or ends quietly for a broken pipe; Ctrl+C gives one line, never a traceback.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from child_processes import ctrl_c_reaches_it

from reader.app.files import WriteFailed, write_atomic

ROOT = Path(__file__).resolve().parents[2]
PAGE = ("<html><head><title>Output safety</title></head><body><article><h1>Output safety</h1>"
        + "".join(f"<p>Paragraph {i} says that every output has a home. It is long enough to "
                  "be kept by the extractor as real article text.</p>" for i in range(8))
        + "</article></body></html>")
DEV_FULL = Path("/dev/full")


def reader(*args: str, stdout: object = subprocess.PIPE, stdin: object = None,
           **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "reader", *args], stdout=stdout,
                          stderr=subprocess.PIPE, stdin=stdin, text=True, timeout=120,
                          cwd=ROOT, env=env, **kw)  # type: ignore[call-overload]


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    return path


@pytest.fixture
def noted(page: Path) -> Path:
    """A library with one annotated article, so `notes export` has something to write."""
    assert reader("notes", "add", str(page), "A note worth keeping.").returncode == 0
    return page


def _one_line_no_traceback(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- write_atomic -------------------------------------------------------------------------------

def test_a_regular_file_is_replaced_atomically_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]  # no temporary file left


def test_a_new_file_gets_the_usual_mode_not_a_private_one(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.md", "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    target = vault / "reading.md"
    target.write_text("old")
    link = tmp_path / "notes.md"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new"


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "notes.md"
    link.symlink_to(tmp_path / "made.md")
    write_atomic(link, "new")
    assert link.is_symlink() and (tmp_path / "made.md").read_text() == "new"


@pytest.mark.parametrize("kind", ["fifo", "socket", "folder"])
def test_special_files_are_refused_and_left_alone(tmp_path: Path, kind: str) -> None:
    target = tmp_path / f"a-{kind}"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
    else:
        target.mkdir()
    before = target.lstat()
    with pytest.raises(WriteFailed) as caught:
        write_atomic(target, "x")
    message = str(caught.value)
    assert "nothing was written" in message and "\n" not in message
    after = target.lstat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_a_device_is_written_through_not_replaced() -> None:
    null = Path("/dev/null")
    before = null.stat()
    write_atomic(null, "discarded")
    after = null.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


@pytest.mark.skipif(not DEV_FULL.exists(), reason="no /dev/full here")
def test_a_full_device_says_no_space() -> None:
    with pytest.raises(WriteFailed, match="no space left on device"):
        write_atomic(DEV_FULL, "x" * 100_000)


def test_a_full_disk_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection: the write of the temporary file fails as on a full disk."""
    target = tmp_path / "notes.md"
    target.write_text("kept")
    real = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteFailed, match="no space left on device; it was left as it was"):
        write_atomic(target, "new text")
    monkeypatch.setattr(os, "fsync", real)
    assert target.read_text() == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]


# -- the commands ---------------------------------------------------------------------------

def test_notes_export_through_a_symlink_and_onto_dev_null(noted: Path, tmp_path: Path) -> None:
    target = tmp_path / "vault.md"
    target.write_text("")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = reader("notes", "export", "--output", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and "A note worth keeping." in target.read_text()
    result = reader("notes", "export", "--output", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_notes_export_refuses_a_fifo_at_once(noted: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = reader("notes", "export", "--output", str(fifo))
    assert time.monotonic() - started < 60  # nothing waits for a reader of the pipe
    assert result.returncode == 1
    line = _one_line_no_traceback(result)
    assert "named pipe (FIFO)" in line and stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.skipif(not DEV_FULL.exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["notes", "export", "--output", "/dev/full"]])
def test_notes_export_onto_a_full_device_fails_in_one_line(noted: Path, args: list[str]) -> None:
    result = reader(*args)
    assert result.returncode == 1
    assert "no space left on device" in _one_line_no_traceback(result)


@pytest.mark.skipif(not DEV_FULL.exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["extract", "--json", "{page}"], ["summary", "{page}"],
                                  ["config", "--path"], ["notes", "export"],
                                  ["notes", "list", "--json"]])
def test_a_full_standard_output_is_one_line_and_a_failure(noted: Path, args: list[str]) -> None:
    args = [a.format(page=noted) for a in args]
    with DEV_FULL.open("w") as full:
        result = reader(*args, stdout=full)
    assert result.returncode != 0
    line = _one_line_no_traceback(result)
    assert "no space left on device" in line, line


@pytest.mark.parametrize("args", [["extract", "--json", "{page}"], ["config", "--path"],
                                  ["notes", "list"]])
def test_a_closed_standard_output_is_one_line_and_a_failure(noted: Path, args: list[str]) -> None:
    args = [a.format(page=noted) for a in args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "reader", *args], stderr=subprocess.PIPE,
                            text=True, timeout=120, cwd=ROOT, env=env,
                            preexec_fn=lambda: os.close(1))
    assert result.returncode != 0
    assert "standard output is closed" in _one_line_no_traceback(result)


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path: Path) -> None:
    pages = []
    for n in range(40):
        path = tmp_path / f"p{n}.html"
        path.write_text(PAGE.replace("Output safety", f"Page {n}"))
        pages.append(str(path))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    producer = subprocess.Popen([sys.executable, "-m", "reader", "extract", "--json", *pages],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    assert producer.stdout is not None
    first = producer.stdout.readline()
    producer.stdout.close()  # like `| head -1`
    _, err = producer.communicate(timeout=120)
    assert b'"title": "Page 0"' in first
    assert err == b"", err
    assert producer.returncode != 0


def test_ctrl_c_is_one_line_and_status_130(tmp_path: Path) -> None:
    fifo_feed = tmp_path / "slow.html"
    fifo_feed.write_text(PAGE)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # `reader summary -` waits on stdin: interrupt it there.
    proc = subprocess.Popen([sys.executable, "-m", "reader", "summary", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT, env=env, preexec_fn=ctrl_c_reaches_it)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err and err.decode().strip() == "reader: interrupted."
