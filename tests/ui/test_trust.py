"""What a page or a failure can never do in the app: reach a local file, lose a note or a
reading position, or end the app when an open from inside it fails."""

from __future__ import annotations

import asyncio
import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest
from sources_server import serve
from ui_helpers import notifications, record_browser, settle, until

from reader import store
from reader.core.errors import StoreError
from reader.core.links import BLOCKED_REASON
from reader.store import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.links import LinksScreen
from reader.ui.screens.unsaved import UnsavedDialog
from reader.ui.widgets.notes import NotesPanel

ROOT = Path(__file__).resolve().parents[2]
LONG = str(Path(__file__).parent.parent / "fixtures" / "ui" / "harbour.html")
OTHER = str(Path(__file__).parent.parent / "fixtures" / "ui" / "kettles.html")

# Every way a web page can name a local file.
LOCAL_HREFS = ["file:///etc/hostname", "FILE:///etc/hostname", " file:/etc/hostname",
               "file://localhost/etc/hostname", "fi\tle:///etc/hostname", "hostname"]


def _hostile_page() -> bytes:
    links = " ".join(f'<a href="{href}">link {n}</a>' for n, href in enumerate(LOCAL_HREFS))
    return (f'<html><head><title>Local bait</title><base href="file:///etc/"></head><body>'
            f'<article><h1>Local bait</h1><p>This first sentence of the page carries every '
            f'kind of local link: {links}. It is long enough to be the article.</p>'
            + "".join(f"<p>Paragraph {i} of the bait page is here to make an article of it, "
                      f"with enough words in every sentence to be kept.</p>" for i in range(6))
            + "</article></body></html>").encode()


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return record_browser(monkeypatch)


async def test_a_web_page_never_opens_a_local_file(browser: list[str]) -> None:
    with serve() as server:
        url = server.set_custom(200, [("Content-Type", "text/html")], _hostile_page())
        app = ReaderApp(url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = app.reader_screen
            assert screen.article is not None and screen.article.title == "Local bait"
            view = screen.article_view
            view.jump_to_sentence(0)
            await pilot.press("enter")           # several links in the sentence: the list
            await pilot.pause()
            assert isinstance(app.screen, LinksScreen)
            shown = [str(o.prompt) for o in app.screen.query_one("OptionList")._options]
            assert shown and all("blocked: a web page cannot open local files" in s
                                 for s in shown), shown
            for _ in LOCAL_HREFS:
                await pilot.press("enter")       # following one says why, opens nothing
                await pilot.press("b")           # nor does the browser get it
                await pilot.press("j")
            await pilot.pause()
            assert isinstance(app.screen, LinksScreen)
            assert sum(BLOCKED_REASON in n for n in notifications(app)) >= len(LOCAL_HREFS)
            await pilot.press("escape")
            await pilot.press("B")
            await settle(pilot)
            assert screen.article.title == "Local bait"  # still the page, nothing was read
            assert not any(u.lower().lstrip().startswith("file") for u in browser), browser
    with store.open() as library:
        texts = [library.load_article(r.id).text for r in library.list_articles()]
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    assert len(texts) == 1 and (not hostname or hostname not in texts[0].split())


async def test_a_local_saved_page_still_opens_its_neighbour() -> None:
    app = ReaderApp(str(ROOT / "reader" / "assets" / "sample.html"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        links = app.reader_screen.article.links
        neighbour = next(link for link in links if "notes-that-last" in link.url)
        target = app.reader_screen._resolve(neighbour.url)
        assert target.location and target.location.endswith("notes-that-last.html")
        assert not target.blocked


def _failing_notes(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """Fault injection: the library's disk is full until `state["full"]` is False."""
    state = {"full": True}
    real = Library.set_note

    def set_note(self, article_id, body, *, base=None):  # type: ignore[no-untyped-def]
        if state["full"]:
            raise StoreError("The library could not be written: the disk is full.")
        return real(self, article_id, body, base=base)

    monkeypatch.setattr(Library, "set_note", set_note)
    return state


async def _write_note(pilot, words: str) -> NotesPanel:
    app = pilot.app
    await settle(pilot)
    await until(pilot, lambda: app.reader_screen.article_id is not None)
    await pilot.press("e")
    await pilot.pause()
    await pilot.press(*words)
    panel = app.reader_screen.notes_panel
    await until(pilot, lambda: panel.state == "error")
    return panel


async def test_a_note_on_a_full_disk_is_kept_and_quitting_asks(monkeypatch) -> None:
    _failing_notes(monkeypatch)
    copied: list[str] = []
    monkeypatch.setattr(ReaderApp, "copy_text", lambda self, text: copied.append(text))
    app = ReaderApp(LONG)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await _write_note(pilot, "unsaved words")
        title = str(panel.query_one("#notes-title").render())
        assert "NOT SAVED" in title and "disk is full" in title
        await pilot.press("escape", "q")
        await until(pilot, lambda: isinstance(app.screen, UnsavedDialog))
        await pilot.press("q")                 # not yet: nothing is safe elsewhere
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog) and app.is_running
        await pilot.press("c")
        assert copied and "unsaved words" in copied[-1]
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)


async def test_a_rescue_file_keeps_the_note(monkeypatch, tmp_path: Path) -> None:
    _failing_notes(monkeypatch)
    monkeypatch.setenv("HOME", str(tmp_path))
    app = ReaderApp(LONG)
    async with app.run_test(size=(120, 40)) as pilot:
        await _write_note(pilot, "rescue me")
        await pilot.press("escape", "q")
        await until(pilot, lambda: isinstance(app.screen, UnsavedDialog))
        await pilot.press("w")
        await until(pilot, lambda: not app.is_running, 15)
    [rescued] = list(tmp_path.glob("reader-rescue-*.md"))
    assert "rescue me" in rescued.read_text()


async def test_the_note_is_saved_as_soon_as_the_disk_has_room(monkeypatch) -> None:
    state = _failing_notes(monkeypatch)
    app = ReaderApp(LONG)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await _write_note(pilot, "patience")
        state["full"] = False                  # room again: the background retry saves it
        await until(pilot, lambda: panel.state == "saved", 20)
        assert not app.library.pending
        await pilot.press("escape", "q")
        await until(pilot, lambda: not app.is_running)
    with store.open() as library:
        record = library.find(LONG)
        assert library.get_note(record.id).body == "patience"


def _failing_library(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """Fault injection: no write reaches the library (not even the article) until
    `state["full"]` is False."""
    state = {"full": True}
    real_save, real_note = Library.save_article, Library.set_note

    def refuse() -> None:
        raise StoreError("Could not write to the library database: the disk is full.")

    def save_article(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if state["full"]:
            refuse()
        return real_save(self, *args, **kwargs)

    def set_note(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if state["full"]:
            refuse()
        return real_note(self, *args, **kwargs)

    monkeypatch.setattr(Library, "save_article", save_article)
    monkeypatch.setattr(Library, "set_note", set_note)
    return state


@pytest.mark.parametrize("room_again", [True, False])
async def test_a_note_on_an_article_the_library_could_not_store(monkeypatch, room_again) -> None:
    """The article itself could not be stored (full disk): the notes still take every typed
    key (none reaches the screen's own keys: `o`, `y`, `n`...), quitting asks, and once there
    is room the note's save stores the article too."""
    state = _failing_library(monkeypatch)
    copied: list[str] = []
    monkeypatch.setattr(ReaderApp, "copy_text", lambda self, text: copied.append(text))
    app = ReaderApp(LONG)
    words = "my note on young boats"         # o, y, n, b, t, a, e, s: all keys of the screen
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await until(pilot, lambda: screen.save_error is not None)
        assert screen.article_id is None
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*words)
        panel = screen.notes_panel
        assert panel is not None and panel.text == words
        assert app.screen is screen and not copied    # no dialog opened, nothing copied
        await until(pilot, lambda: panel.state == "error")
        if room_again:
            state["full"] = False
            # (the screen learns the article's id from a message right after the save)
            await until(pilot, lambda: panel.state == "saved" and screen.article_id is not None,
                        20)
            assert not app.library.pending
            await pilot.press("escape", "q")
            await until(pilot, lambda: not app.is_running)
        else:
            await pilot.press("escape", "q")
            await until(pilot, lambda: isinstance(app.screen, UnsavedDialog))
            await pilot.press("c")
            assert copied and words in copied[-1]
            await pilot.press("q")
            await pilot.pause()
    if room_again:
        with store.open() as library:
            record = library.find(LONG)
            assert record is not None and library.get_note(record.id).body == words


async def test_typing_while_the_stored_note_is_read_keeps_both(monkeypatch) -> None:
    """Keys typed before the stored note has been read go into the note, after its text."""
    import threading
    release = threading.Event()
    real = Library.get_note

    def slow_get_note(self, article_id):  # type: ignore[no-untyped-def]
        release.wait(10)
        return real(self, article_id)

    with store.open() as library:
        from reader.core.sources import load
        from reader.core.extract import extract
        page = load(LONG)
        article_id = library.save_article(extract(page), page, location=LONG)
        library.set_note(article_id, "stored words")
    monkeypatch.setattr(Library, "get_note", slow_get_note)
    app = ReaderApp(LONG)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await until(pilot, lambda: screen.article_id is not None)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"typed too")
        assert app.screen is screen
        release.set()
        panel = screen.notes_panel
        await until(pilot, lambda: panel.state == "saved" and "typed" in panel.text, 20)
        assert panel.text == "stored words\ntyped too"
        await pilot.press("escape", "q")
        await until(pilot, lambda: not app.is_running)
    with store.open() as library:
        assert library.get_note(article_id).body == "stored words\ntyped too"


async def test_opening_another_article_keeps_the_reading_position() -> None:
    app = ReaderApp(LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await until(pilot, lambda: screen.article_id is not None)
        first_id = screen.article_id
        screen.article_view.focus()
        await pilot.press("G")
        await pilot.pause()
        top = screen.article_view.visible_span()[0]
        assert top > 0
        app.open_location(OTHER)               # leaves by opening another article
        await settle(pilot)
        await until(pilot, lambda: screen.article_id not in (None, first_id))
        await asyncio.to_thread(app.library.drain, 5)
        with store.open() as library:
            assert library.get_position(first_id).position == top
        await pilot.press("backspace")         # and coming back restores it
        await settle(pilot)
        await until(pilot, lambda: screen.article_id == first_id)
        await until(pilot, lambda: screen.article_view.visible_span()[0] == top)


async def test_a_failed_open_inside_the_app_keeps_it_running() -> None:
    app = ReaderApp(exit_on_start_failure=True)          # `reader` alone: the library
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_location("http://127.0.0.1:9/x")         # nothing listens on port 9
        await until(pilot, lambda: any("127.0.0.1" in n for n in notifications(app)), 30)
        assert app.is_running and app.start_failure is None


def _spawn_in_pty(*args: str) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app on a real terminal
        os.environ["PYTHONPATH"] = str(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "reader", *args])
    return pid, fd


def _read_until(fd: int, needle: bytes, seconds: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def _wait(pid: int, seconds: float, fd: int = -1) -> int | None:
    """The child's exit status, or None if it still runs after `seconds`; its terminal output
    is read meanwhile (a terminal nobody reads would block the app's writes)."""
    deadline = time.monotonic() + seconds
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() >= deadline:
            return None
        if fd >= 0:
            _read_until(fd, b"\x00never", 0.05)
        else:
            time.sleep(0.05)


@pytest.mark.parametrize("how", ["sighup", "terminal closed"])
def test_the_app_leaves_soon_after_its_terminal_goes_away(how: str) -> None:
    pid, fd = _spawn_in_pty(OTHER)
    status: int | None = None
    try:
        screen = _read_until(fd, b"Kettle", 60)
        assert b"Kettle" in screen, screen[-500:]
        _read_until(fd, b"\x00never", 1.0)
        started = time.monotonic()
        if how == "sighup":
            os.kill(pid, signal.SIGHUP)
        else:
            os.close(fd)
            fd = -1
        status = _wait(pid, 10, fd)
        assert status is not None, "the app outlived its terminal"
        assert time.monotonic() - started < 4.0
    finally:
        if status is None and _wait(pid, 0) is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        if fd >= 0:
            os.close(fd)
