"""crashlog.describe: one sentence always; unexpected errors logged with their traceback."""

from __future__ import annotations

from reader.core.errors import LoadError
from reader.app.crashlog import LOG_NAME, MAX_LOG_BYTES, describe


def _raise(exc: Exception) -> Exception:
    try:
        raise exc
    except Exception as caught:  # noqa: BLE001 - we want it with a traceback
        return caught


def test_reader_errors_are_their_message_on_one_line():
    assert describe(LoadError("No such file:\n x.html\x1b[2J")) == "No such file: x.html[2J"
    assert describe(LoadError("")) == "The operation failed (LoadError)."
    assert describe(MemoryError()) == "Out of memory while processing this input."


def test_unexpected_errors_are_logged(isolated_dirs):
    message = describe(_raise(ValueError("boom")))
    log = isolated_dirs / "log" / LOG_NAME
    assert message == f"Unexpected error (ValueError); details were logged to {log}."
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "ValueError: boom" in text
    assert "argv:" in text and "reader 0." in text


def test_log_is_rotated(isolated_dirs):
    folder = isolated_dirs / "log"
    folder.mkdir(parents=True)
    (folder / LOG_NAME).write_text("x" * (MAX_LOG_BYTES + 10))
    describe(_raise(KeyError("k")))
    assert (folder / (LOG_NAME + ".1")).stat().st_size > MAX_LOG_BYTES
    assert (folder / LOG_NAME).stat().st_size < 10_000


def test_unwritable_log_folder_still_gives_one_sentence(isolated_dirs, monkeypatch):
    blocker = isolated_dirs / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("READER_LOG_DIR", str(blocker / "log"))
    assert describe(_raise(ValueError("boom\nsecond line"))) == \
        "Unexpected error (ValueError: boom second line)."


def test_exception_whose_str_fails():
    class Nasty(Exception):
        def __str__(self) -> str:
            raise RuntimeError("no")

    message = describe(_raise(Nasty()))
    assert message.startswith("Unexpected error (Nasty)")


def test_reader_error_for_a_bug_gets_its_cause_logged(isolated_dirs):
    """The core raises `from_bug` and never logs; describe logs the cause and says where."""
    cause = _raise(KeyError("bug"))
    message = describe(LoadError.from_bug("Could not read p.html (unexpected KeyError).", cause))
    log = isolated_dirs / "log" / LOG_NAME
    assert message == f"Could not read p.html (unexpected KeyError); details were logged to {log}."
    assert "KeyError: 'bug'" in log.read_text() and "Traceback" in log.read_text()
    # an ordinary ReaderError with a cause (a disk error, say) is not logged
    plain = LoadError("Could not read p.html (disk full).")
    plain.__cause__ = OSError(28, "No space left on device")
    assert describe(plain) == "Could not read p.html (disk full)."
    assert log.read_text().count("Traceback") == 1
