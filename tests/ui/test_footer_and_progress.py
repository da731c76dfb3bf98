"""The footer: reading progress, the first-run hint, download progress."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Label, ProgressBar
from ui_helpers import Host, fill_library, settle, until

from reader.app import paths
from reader.app.state import HINT_LAUNCHES, AppState
from reader.core.models import Article
from reader.ui.app import ReaderApp
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.footer import (
    HINT,
    FooterEntry,
    KeyFooter,
    ReadingStatus,
    fit,
    StatusFooter,
    progress_text,
    reading_progress,
)
from reader.ui.widgets.progress import DownloadProgress, describe, format_bytes
from reader.ui.wording import reading_minutes

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ux"


FIRST = str(FIXTURES / "first.html")


def status_text(app: ReaderApp) -> str:
    return str(app.reader_screen.query_one(ReadingStatus).render())


FIRST = str(Path(__file__).parent.parent / "fixtures" / "ux" / "first.html")


async def test_footer_progress_and_first_run_hint() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(80, 24)) as pilot:  # small: the article needs scrolling
        await settle(pilot)
        assert status_text(app) == HINT
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert status_text(app).startswith("0% · ")
        assert status_text(app).endswith(" min left")
        await pilot.press("G")
        await pilot.pause()
        assert status_text(app) == "100% · end"
    state = json.loads((paths.data_dir() / "state.json").read_text())
    assert state["help_seen"] is True
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert status_text(app) != HINT  # help was seen: no more hint


async def test_download_progress_bar_shows_bytes_received() -> None:
    import threading

    from textual.widgets import Label, ProgressBar

    from reader.core.models import Page
    from reader.core.pipeline import Pipeline
    from reader.ui.widgets.progress import DownloadProgress, describe

    halfway = threading.Event()
    release = threading.Event()
    body = Path(FIRST).read_bytes()

    class SlowPipeline(Pipeline):
        def load(self, location, progress=None):
            progress(len(body) // 2, len(body))
            halfway.set()
            release.wait(10)
            progress(len(body), len(body))
            return Page(location=location, body=body, media_type="text/html",
                        final_url="https://example.org/first.html")

    app = ReaderApp("https://example.org/first.html", pipeline=SlowPipeline())
    async with app.run_test(size=(120, 40)) as pilot:
        while not halfway.is_set():
            await pilot.pause(0.01)
        await pilot.pause(0.2)
        bar = app.reader_screen.query_one(DownloadProgress)
        assert bar.has_class("-active") and bar.display
        half = len(body) // 2
        assert str(bar.query_one("#download-bytes", Label).render()) == describe(half, len(body))
        assert " of " in describe(half, len(body))
        assert bar.query_one(ProgressBar).percentage == pytest.approx(half / len(body))
        release.set()
        await settle(pilot)
        assert app.reader_screen.article.title == "The Lighthouse Keepers' Logbooks"
        assert not app.reader_screen.query_one("#loading").display


@pytest.mark.parametrize(("count", "text"), [(0, "0 B"), (999, "999 B"), (1536, "1.5 KB"),
                                             (3 * 1024 * 1024, "3.0 MB"),
                                             (5 * 1024 ** 3, "5.0 GB")])
def test_format_bytes(count: int, text: str) -> None:
    assert format_bytes(count) == text


def test_describe_download() -> None:
    assert describe(1536, 3 * 1024 * 1024) == "1.5 KB of 3.0 MB"
    assert describe(2048, None) == "2.0 KB received"


def test_reading_progress_is_a_position_in_the_text() -> None:
    # (offset of the first character on screen, text length, words; the end on screen?)
    assert reading_progress(0, 0, 500, at_end=False) == (100, 0)
    assert reading_progress(0, 1000, 2300, at_end=False) == (0, 10)
    assert reading_progress(500, 1000, 2300, at_end=False) == (50, 5)
    assert reading_progress(999, 1000, 2300, at_end=False) == (99, 1)  # never "0 min" if left
    assert reading_progress(400, 1000, 2300, at_end=True) == (100, 0)  # the end is on screen
    assert reading_progress(0, 1000, 2300, at_end=False)[1] == reading_minutes(2300)  # header
    assert progress_text(50, 5) == "50% · 5 min left"
    assert progress_text(100, 0) == "100% · end"
    assert progress_text(99, 0) == "99%"


def test_first_run_hint_shows_a_few_times_until_help_is_seen() -> None:
    assert [AppState().launched() for _ in range(HINT_LAUNCHES + 1)] == \
        [True] * HINT_LAUNCHES + [False]
    path = paths.data_dir() / "state.json"
    path.unlink()
    state = AppState()
    assert state.launched()
    state.help_seen()
    assert not AppState().launched()
    path.write_text("[1, 2]")  # damaged state: start over, no crash
    assert AppState().launched()


async def test_download_progress_from_a_worker_thread() -> None:
    app = Host()
    async with app.run_test() as pilot:
        widget = app.query_one(DownloadProgress)
        assert not widget.has_class("-active")
        widget.start("example.org")
        report = widget.callback()

        def download() -> None:
            for received in range(0, 4097, 512):
                report(received, 4096)

        thread = threading.Thread(target=download)
        thread.start()
        while thread.is_alive():
            await pilot.pause(0.01)
        await pilot.pause()
        assert widget.received == 4096 and widget.total == 4096
        assert str(widget.query_one("#download-bytes", Label).render()) == "4.0 KB of 4.0 KB"
        assert widget.query_one(ProgressBar).percentage == 1.0
        await pilot.pause(DownloadProgress.MIN_INTERVAL * 2)  # past the repaint throttle
        report(5000, None)  # called on the UI thread (an async worker): still shown
        assert widget.total is None
        widget.finish()
        assert not widget.has_class("-active")


async def test_status_footer_shows_hint_then_progress() -> None:
    app = Host()
    async with app.run_test():
        status = app.query_one(ReadingStatus)
        status.show_hint()
        assert str(status.render()) == HINT
        status.show_hint(False)
        status.set_progress(500, 1000, 2300, at_end=False)
        assert str(status.render()) == "50% · 5 min left"
        assert app.query_one(StatusFooter).region.height == 1


def _entry(key: str, description: str, keep: int, essential: bool = False) -> FooterEntry:
    return FooterEntry(key, description, description.lower(), None, keep, essential, keep)


def test_the_footer_drops_whole_keys_by_rank_and_never_help_or_quit() -> None:
    entries = [_entry("/", "Find", 50), _entry("h", "Highlight", 40), _entry("c", "Copy", 35),
               _entry("?", "Help", 100, True), _entry("q", "Quit", 100, True)]
    assert [e.key for e in fit(entries, 200)] == ["/", "h", "c", "?", "q"]
    assert [e.key for e in fit(entries, 30)] == ["/", "c", "?", "q"]   # h is too wide here
    assert [e.key for e in fit(entries, 14)] == ["?", "q"]
    assert [e.key for e in fit(entries, 3)] == ["?", "q"]              # shown as keys alone


def _footer_words(app) -> tuple[str, list[str]]:
    footer = app.screen.query_one(KeyFooter)
    line = "".join(segment.text for segment in footer.render_line(0))
    return line, [f"{e.key} {e.description}" for e in footer.shown]


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 20)])
async def test_help_and_quit_stay_in_the_footer_and_nothing_is_cut(size) -> None:
    fill_library()  # a library to open
    app = ReaderApp(FIRST)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for keys in ([], ["slash"], ["escape", "e"], ["escape", "l"], ["slash"]):
            await pilot.press(*keys)
            await settle(pilot)
            line, shown = _footer_words(app)
            assert all(text in line for text in shown)      # each key whole, none cut
            if size[0] >= 80:
                assert any(t.endswith(" Help") for t in shown), (keys, line)
                assert any(t.endswith(" Quit") for t in shown), (keys, line)


async def test_keys_that_would_type_are_not_offered_while_typing() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _, reading = _footer_words(app)
        assert "? Help" in reading and "q Quit" in reading and "/ Find" in reading
        for keys in (["slash"], ["escape", "e"]):               # the find field, the notes
            await pilot.press(*keys)
            await settle(pilot)
            _, typing = _footer_words(app)
            assert "f1 Help" in typing and "^q Quit" in typing
            assert not [t for t in typing if len(t.split()[0]) == 1 and t.isascii()], typing
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")


async def test_the_percentage_is_a_place_in_the_text_and_survives_a_resize() -> None:
    paragraphs = [f"Paragraph {n} says a few plain words about the harbour, the tide and the "
                  f"boats that wait for the water to come back." for n in range(120)]
    text = "\n\n".join(paragraphs)
    app = ReaderApp(article=Article(text=text, title="Long"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        view = screen.article_view
        minutes = str(screen.header.render()).split(" min read")[0].split()[-1]
        await pilot.press("question_mark", "escape")          # the first-run hint goes
        assert status_text(app) == f"0% · {minutes} min left"  # the header's minutes
        view.scroll_to_offset(len(view.article.text) // 3, top_margin=0)
        await pilot.pause()
        before = status_text(app)
        assert view.reading_offset() == len(view.article.text) // 3
        assert before.startswith(f"{view.reading_offset() * 100 // len(view.article.text)}%")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert status_text(app) == before
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert status_text(app) == before


async def test_bytes_reported_while_the_bar_is_being_mounted_are_shown_not_a_crash() -> None:
    """A big local page reports its bytes in quick bursts: the second report can arrive
    before the bar mounted for the first has its parts (that crashed the app)."""
    from reader.ui.widgets.loading import LoadingPanel

    class Host(App):
        def compose(self) -> ComposeResult:
            yield LoadingPanel(id="loading")

    app = Host()
    async with app.run_test(size=(80, 10)) as pilot:
        panel = app.query_one(LoadingPanel)
        panel.start("/tmp/long.html")
        for received in (1_000, 500_000, 900_000):      # one burst, before any refresh
            panel.progress(received, 1_000_000)
        await pilot.pause()
        bar = panel.query_one(DownloadProgress)
        assert bar.has_class("-active")
        assert str(bar.query_one("#download-bytes", Label).render()) == describe(900_000,
                                                                                1_000_000)
        assert bar.query_one(ProgressBar).progress == 900_000


def test_the_library_says_the_footers_percentage() -> None:
    from dataclasses import replace

    from reader.store.records import ArticleRecord
    from reader.ui.widgets.article_list import cells

    record = ArticleRecord(id=1, key="k", location="x.html", url=None, title="T", byline=None,
                           published=None, site=None, lang=None, media_type=None, saved="",
                           updated="", last_opened=None, position=0, progress=0.0)
    for fraction, shown in ((0.276, "27%"), (0.996, "99%"), (1.0, "100%"), (0.0, "")):
        assert cells(replace(record, progress=fraction), narrow=False)["read"] == shown
        if fraction:  # the footer at the same place (not at the end unless it is 1.0)
            read, _ = reading_progress(int(fraction * 1000), 1000, 500, at_end=fraction == 1.0)
            assert f"{read}%" == shown
    # opened and not scrolled: the footer said "0% · 3 min left", and so does the list
    assert cells(replace(record, last_opened="2025-07-01T10:00:00Z"), narrow=False)["read"] == "0%"
    read, _ = reading_progress(0, 1000, 500, at_end=False)
    assert read == 0


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_library_keeps_the_percentage_the_footer_showed(size) -> None:
    """At 120x40 the whole of first.html is on screen (100% · end) without any scrolling; at
    80x24 one screen down is part-way. The library then lists what the footer said."""
    from reader.ui.screens.library import LibraryScreen
    from reader.ui.widgets.article_list import cells

    AppState().help_seen()  # no first-run hint where the percentage is shown
    app = ReaderApp(FIRST)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        if size == (80, 24):
            await pilot.press("space")
            await settle(pilot)
        shown = status_text(app).split(" ·")[0]
        assert shown == "100%" if size == (120, 40) else shown != "100%"
        await pilot.press("l")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await until(pilot, lambda: screen.article_list.total > 0)
        assert cells(screen.article_list.rows[0], narrow=False)["read"] == shown


async def test_the_place_never_drifts_as_the_text_is_wrapped_again_and_again() -> None:
    """Each new width wraps the paragraphs differently: the place kept is the offset the
    reader was at, not the start of whatever line now holds it (which crept back a little
    with every resize or notes panel, and the percentage with it)."""
    words = "the harbour wall holds back a grey and patient sea while the boats wait".split()
    paragraphs = [" ".join(words[(n + i) % len(words)] for i in range(70)).capitalize() + "."
                  for n in range(60)]
    app = ReaderApp(article=Article(text="\n\n".join(paragraphs), title="Long"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark", "escape")          # the first-run hint goes
        view = app.reader_screen.article_view
        await pilot.press("space", "space", "j", "j", "j")
        await settle(pilot)
        place, shown = view.reading_offset(), status_text(app)
        assert 0 < place and shown != "100% · end"
        for size in ((80, 24), (100, 30), (97, 33), (150, 45), (120, 40)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert (view.reading_offset(), status_text(app)) == (place, shown), size
        await pilot.press("j")                                 # the reader moves on: a new place
        await settle(pilot)
        assert view.reading_offset() == view.visible_span()[0] > place
