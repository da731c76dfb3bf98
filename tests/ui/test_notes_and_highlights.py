"""Pilot tests: notes editor (autosave and every exit path), highlights, position, copy."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest
from ui_helpers import notifications, palette_titles, settle, until

from reader import store
from reader.store import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.dialogs import TextPrompt
from reader.ui.screens.reader.annotations import HIGHLIGHT_LAYER
from reader.ui.widgets.notes import AUTOSAVE_DELAY, NotesEditor, NotesPanel

PAGE = str(Path(__file__).parent.parent / "fixtures" / "store" / "article.html")


@pytest.fixture
def clipboard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import pyperclip
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", lambda text: None)
    monkeypatch.setattr(ReaderApp, "copy_to_clipboard", lambda self, text: copied.append(text))
    return copied


def stored_note() -> str | None:
    with store.open() as lib:
        record = lib.find(PAGE)
        note = lib.get_note(record.id) if record else None
        return note.body if note else None


async def open_page(pilot) -> None:
    await settle(pilot)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert pilot.app.reader_screen.article_id is not None


async def test_type_leave_reopen_the_note_is_there() -> None:
    app = ReaderApp(PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_page(pilot)
        await pilot.press("e")
        await pilot.pause()
        panel = app.screen.query_one(NotesPanel)
        assert isinstance(app.focused, NotesEditor) and panel.display
        await pilot.press(*"Reread", "enter", *"line 2")
        await pilot.press("escape")          # leaves the editor: saved at once
        await pilot.pause()
        assert not panel.display and app.focused is app.reader_screen.article_view
        assert stored_note() == "Reread\nline 2"
    app = ReaderApp(PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_page(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one(NotesEditor).text == "Reread\nline 2"


async def test_autosave_while_typing_without_leaving() -> None:
    app = ReaderApp(PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_page(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"draft")
        assert app.screen.query_one(NotesPanel).state == "unsaved"
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert stored_note() == "draft"
        assert app.screen.query_one(NotesPanel).state == "saved"
        assert isinstance(app.focused, NotesEditor)


async def test_quitting_right_after_typing_saves() -> None:
    app = ReaderApp(PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_page(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"last")
        await app.action_quit()               # before the autosave timer fires
    assert stored_note() == "last"


async def test_sighup_saves_then_exits() -> None:
    app = ReaderApp(PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_page(pilot)
        if signal.SIGHUP not in app._signals:
            pytest.skip("signal handlers need the main thread's event loop")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"bye")
        os.kill(os.getpid(), signal.SIGHUP)
        await pilot.pause(0.2)
        assert stored_note() == "bye"
    assert app.return_code in (0, None)


async def test_a_note_added_elsewhere_while_editing_is_merged() -> None:
    app = ReaderApp(PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_page(pilot)
        article_id = app.reader_screen.article_id
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"mine")
        await pilot.pause(AUTOSAVE_DELAY + 0.3)
        with store.open() as other:                     # e.g. `reader notes add`
            other.append_note(article_id, "from the shell")
        await pilot.press(*" too")
        await pilot.press("escape")
        await pilot.pause()
        merged = "mine too\n\nfrom the shell"
        assert stored_note() == merged
        assert app.screen.query_one(NotesEditor).text == merged


async def test_highlight_toggle_restore_and_note(clipboard: list[str]) -> None:
    app = ReaderApp(PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_page(pilot)
        screen = app.reader_screen
        view = screen.article_view
        view.focus()
        await pilot.press("right_parenthesis", "right_parenthesis", "right_parenthesis")
        sentence = view.current_sentence
        await pilot.press("h")
        await pilot.pause()
        assert view._layers[HIGHLIGHT_LAYER].spans == [(sentence.start, sentence.end)]
        with store.open() as lib:
            [h] = lib.list_highlights(screen.article_id)
            assert h.quote == sentence.text_in(view.article.text)
        await pilot.press("H")                           # note for it
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"key", "enter")
        await pilot.pause()
        with store.open() as lib:
            assert lib.list_highlights(screen.article_id)[0].note == "key"
        await pilot.press("h")                           # remove
        await pilot.pause()
        assert HIGHLIGHT_LAYER not in view._layers
        await pilot.press("h")                           # bring back, note included
        await pilot.pause()
        with store.open() as lib:
            [back] = lib.list_highlights(screen.article_id)
            assert back.id == h.id and back.note == "key"
        # a second highlight elsewhere, then copy everything as Markdown
        await pilot.press("right_parenthesis", "h", "e", *"end", "escape")
        await pilot.pause()
        await pilot.press("C")
        await until(pilot, lambda: bool(clipboard))  # the copy reads the library off the UI thread
        markdown = clipboard[-1]
        assert markdown.startswith("---\ntitle: \"Keeping Notes That Last\"")
        assert f"> {h.quote}" in markdown and "\n\nkey\n" in markdown
        assert markdown.rstrip().endswith("## Notes\n\nend")
        assert markdown.count("\n> ") == 2
        assert any("Copied the notes and 2 highlights" in n for n in notifications(app))


async def test_highlights_and_position_come_back_on_reopen() -> None:
    app = ReaderApp(PAGE)
    async with app.run_test(size=(60, 14)) as pilot:       # small, so the article scrolls
        await open_page(pilot)
        view = app.reader_screen.article_view
        view.focus()
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y > 0
        await pilot.press("right_parenthesis", "h")
        await pilot.pause()
        top = view.visible_span()[0]
        span = view._layers[HIGHLIGHT_LAYER].spans
    with store.open() as lib:
        record = lib.find(PAGE)
        assert record.position == top and record.progress > 0.5
    app = ReaderApp(PAGE)
    async with app.run_test(size=(60, 14)) as pilot:
        await open_page(pilot)
        view = app.reader_screen.article_view
        assert view.visible_span()[0] == top
        assert view._layers[HIGHLIGHT_LAYER].spans == span


async def test_keys_without_an_article_explain_themselves() -> None:
    app = ReaderApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e", "h", "C")
        await pilot.pause()
        messages = notifications(app)
        assert any("Open an article first" in m for m in messages)
        assert not app.screen.query(NotesPanel)


async def test_palette_offers_the_notes_actions() -> None:
    app = ReaderApp(PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_page(pilot)
        titles = palette_titles(app)
        for wanted in ("Notes", "Highlight", "Highlight note", "Copy notes", "Library"):
            assert wanted in titles


async def test_an_unusable_library_never_stops_reading(monkeypatch, tmp_path) -> None:
    damaged = tmp_path / "data"
    damaged.mkdir()
    (damaged / "library.sqlite3").write_bytes(b"not a database at all" * 50)
    monkeypatch.setenv("READER_DATA_DIR", str(damaged))
    app = ReaderApp(PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.reader_screen.article.title == "Keeping Notes That Last"
        assert any("library is unavailable" in m and "left untouched" in m
                   for m in notifications(app))
        await pilot.press("h")
        await pilot.pause()
        assert app.reader_screen.summary is not None
    assert (damaged / "library.sqlite3").read_bytes() == b"not a database at all" * 50


async def test_reopening_the_panel_shows_a_note_added_from_the_shell() -> None:
    app = ReaderApp(PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_page(pilot)
        article_id = app.reader_screen.article_id
        await pilot.press("e", *"a", "escape")
        await pilot.pause()
        with store.open() as other:
            other.append_note(article_id, "added by a script")
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one(NotesEditor).text == "a\n\nadded by a script"


async def test_the_highlight_note_dialog_says_enter_saves_and_escape_cancels() -> None:
    app = ReaderApp(PAGE)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_page(pilot)
        await pilot.press("H")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        keys = str(app.screen.query_one(".dialog-keys").render())
        assert keys == "⏎ save · esc cancel"
        await pilot.press(*"why", "enter")
        await settle(pilot)
        assert app.reader_screen.highlights[0].note == "why"


async def test_tags_from_the_reading_screen() -> None:
    app = ReaderApp(PAGE)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_page(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"Security, mac", "enter")
        await settle(pilot)
        assert notifications(app)[-1].endswith(": mac, security.")
        with store.open() as lib:
            assert lib.tags(app.reader_screen.article_id) == ["mac", "security"]
            assert [h.record.title for h in lib.search("security")] == [
                app.reader_screen.article.title]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_notes_title_is_never_cut_mid_word(size) -> None:
    app = ReaderApp(PAGE)
    async with app.run_test(size=size) as pilot:
        await open_page(pilot)
        await pilot.press("e")
        await settle(pilot)
        panel = app.query_one(NotesPanel)
        title = panel.query_one("#notes-title")
        shown = str(title.render())
        assert len(shown) <= title.content_region.width
        full = "Notes · Markdown, saved as you type"
        assert shown == full or (shown.endswith("…") and
                                 full.split(shown[:-1], 1)[1][:1] in (" ", ",")), shown


@pytest.mark.parametrize("reopen", ["same session", "next session"])
async def test_typing_in_a_reopened_note_goes_after_its_text(reopen: str) -> None:
    app = ReaderApp(PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_page(pilot)
        await pilot.press("e", *"first line", "enter", *"second", "escape")
        await pilot.pause()
        if reopen == "same session":
            await pilot.press("e", *" more", "escape")
            await pilot.pause()
    if reopen == "next session":
        app = ReaderApp(PAGE)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_page(pilot)
            await pilot.press("e")
            await settle(pilot)
            await pilot.press(*" more", "escape")
            await pilot.pause()
    assert stored_note() == "first line\nsecond more"


async def test_typing_while_a_slow_note_is_read_waits_for_it_instead_of_autosaving(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The autosave delay passes while the stored note is still being read: what was typed
    is saved after the stored text once it arrives (an early save would merge it in front,
    then the read would add it again)."""
    app = ReaderApp(PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_page(pilot)
        await pilot.press("e", *"stored words", "escape")
        await pilot.pause()
    assert stored_note() == "stored words"
    release = threading.Event()
    real = Library.get_note

    def slow_get_note(self, article_id):  # type: ignore[no-untyped-def]
        release.wait(10)
        return real(self, article_id)

    monkeypatch.setattr(Library, "get_note", slow_get_note)
    app = ReaderApp(PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_page(pilot)
        await pilot.press("e", *"typed")
        await pilot.pause(AUTOSAVE_DELAY + 0.5)   # the autosave would have fired by now
        release.set()
        panel = app.reader_screen.notes_panel
        await until(pilot, lambda: panel.state == "saved", 20)
        assert panel.text == "stored words\ntyped"
        await pilot.press("escape")
        await pilot.pause()
    assert stored_note() == "stored words\ntyped"
