"""Hostile pages in the app: escape sequences, markup, huge lines and 100,000 paragraphs.

What reaches the screen is inspected from the compositor's rendered strips: their text must
show the page's markup literally, no segment may carry a click action from the page, and the
terminal sequences Textual would write for them contain nothing but colour (SGR) codes.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
from pathlib import Path

import pytest
from rich.console import Console
from ui_helpers import line_texts, settle

from reader.core.errors import LoadError
from reader.core.extract import from_plain_text
from reader.core.models import Page
from reader.core.pipeline import Pipeline
from reader.core.safety import is_clean
from reader.ui.app import ReaderApp

HOSTILE = str(Path(__file__).parent.parent / "fixtures" / "sources" / "hostile.html")
SGR = re.compile(r"\x1b\[[0-9;:]*m")
OSC8 = re.compile(r"\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def screen_lines(app) -> list[str]:
    return ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]


def check_screen_is_inert(app) -> str:
    """Everything on screen: no page action in any style, only SGR/OSC 8 in the output."""
    strips = app.screen._compositor.render_strips()
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor",
                      width=app.size.width, legacy_windows=False)
    output = ""
    for strip in strips:
        for segment in strip:
            meta = segment.style.meta if segment.style else {}
            # Textual adds its own handlers (e.g. "@mouse.down" on splitters); a click action
            # can only come from markup, which page text must never be parsed as.
            assert "@click" not in meta, (segment.text, meta)
        output += strip.render(console) + "\n"
    for link in OSC8.findall(output):
        assert is_clean(link[1:].replace("\x1b\\", "").replace("\x07", "")), repr(link)
    rest = OSC8.sub("", SGR.sub("", output))
    assert "\x1b" not in rest and "\x07" not in rest and "\x9b" not in rest, repr(rest[:300])
    assert not BIDI.search(rest)
    assert is_clean(rest.replace("\n", ""))
    return rest


@pytest.fixture
def clipboard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import pyperclip
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", lambda text: None)
    monkeypatch.setattr(ReaderApp, "copy_to_clipboard", lambda self, text: copied.append(text))
    return copied


async def test_hostile_page_renders_literally(clipboard) -> None:
    app = ReaderApp(HOSTILE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        assert screen.has_class("-ready"), screen.classes
        shown = "\n".join(screen_lines(app))
        check_screen_is_inert(app)
        # The header shows the title's and byline's markup as text, not as styles or actions.
        assert "[bold red]Hostile[/bold red]" in shown
        assert "[@click=app.quit]Mallory[/]" in shown
        # The article keeps every piece of markup literally, and no control characters.
        lines = "\n".join(line_texts(screen.article_view))
        for literal in ("[@click=app.quit]Click to continue[/]", "[link=https://evil.example]",
                        "$accent", "[b]Bold?[/b]", "\\[not markup]", "a lone [/] closer",
                        "[@click=screen.dismiss()]"):
            assert literal in lines, literal
        assert "[@click=app.quit]Click to continue[/]" in shown
        assert "\x1b" not in lines and "\u202e" not in lines and "\x07" not in lines
        # The summary pane too.
        assert screen.summary is not None and screen.summary.sentences

        # Clicking the literal "[@click=app.quit]" text does not quit.
        view = screen.article_view
        region = view.region
        for row, text in enumerate(screen_lines(app)):
            column = text.find("[@click=app.quit]Click", region.x, region.right)
            if column >= 0:
                break
        assert column >= 0
        await pilot.click(offset=(column + 3, row))
        await pilot.pause()
        assert app.return_code is None and app.is_running
        assert app.focused is view

        # Every long line is cut to the pane: nothing wider than the screen.
        await pilot.press("G")
        await pilot.pause()
        check_screen_is_inert(app)
        assert all(len(line) <= 120 for line in screen_lines(app))
        assert view.scroll_y > 0, (app.focused, view.max_scroll_y, len(view.layout_lines))

        # Copying the summary copies clean text.
        await pilot.press("c")
        await pilot.pause()
        assert clipboard and is_clean(clipboard[-1].replace("\n", ""))
        assert "\x1b" not in clipboard[-1] and not BIDI.search(clipboard[-1])

        await pilot.press("q")
    assert app.return_code == 0


async def test_hostile_location_in_error_is_shown_literally(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    location = "x[@click=app.quit]Y[/] [bold red]Z[/]\x1b]52;c;AA==\x07.html"
    app = ReaderApp(location)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert messages and "[@click=app.quit]Y[/] [bold red]Z[/]" in messages[-1]
        assert all(is_clean(m) for m in messages)
        assert not any(n.markup for n in app._notifications)
        shown = "\n".join(screen_lines(app))
        assert "[@click=app.quit]Y[/] [bold red]Z[/]" in shown
        check_screen_is_inert(app)
        await pilot.press("q")
    assert app.return_code == 0


def _huge_article():
    paragraphs = [f"Para {i} [b]says[/b] a thing. Two." for i in range(100_000)]
    paragraphs[50_000] = "X" * 200_000  # a single very long line in the middle
    article = from_plain_text("\n\n".join(paragraphs), location="huge.txt",
                              title="Huge [b]page[/b]")
    assert not article.truncated and article.text.endswith("Para 99999 [b]says[/b] a thing. Two.")
    return article


async def test_100000_paragraphs_open_and_stay_responsive() -> None:
    article = _huge_article()
    app = ReaderApp(article=article)
    async with app.run_test(size=(100, 30)) as pilot:
        # While the workers segment and summarise 200,000 sentences, keys still work.
        await pilot.pause()
        busy = any(worker.is_running and worker.name in ("segment", "summary")
                   for worker in app.workers)
        started = time.monotonic()
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        # Generous: the worker shares the GIL and the test machine is shared; a hang or a
        # layout of the whole text on the UI thread would take far longer.
        waited = time.monotonic() - started
        assert waited < 15.0, waited
        assert busy, [(w.name, w.state) for w in app.workers]  # the keys ran during the work
        await settle(pilot, rounds=6)
        screen = app.reader_screen
        assert screen.has_class("-ready")
        view = screen.article_view
        assert "Para 0 [b]says[/b] a thing." in "\n".join(screen_lines(app))

        for key, expect in (("G", "Para 99999 "), ("g", "Para 0 "),
                            ("space", None), ("j", None), ("k", None)):
            started = time.monotonic()
            await pilot.press(key)
            await pilot.pause()
            elapsed = time.monotonic() - started
            assert elapsed < 8.0, (key, elapsed)
            if expect:
                # (Before article_view rendered at round(scroll_y) like Textual, a fractional
                # scroll left stale rows on screen here: the last paragraph never showed.)
                shown = "\n".join(screen_lines(app))
                assert expect in shown, (key, view.scroll_y, view.max_scroll_y, shown)
        check_screen_is_inert(app)

        # Jump into the very long line: it is drawn cut to the pane, and the app still works.
        start = article.text.index("X" * 1000)
        view.scroll_to_offset(start)
        await pilot.pause()
        lines = screen_lines(app)
        assert any("XXXXXXXXXX" in line for line in lines)
        assert all(len(line) <= 100 for line in lines)
        await pilot.press("q")
    assert app.return_code == 0


class FlakyNetwork(Pipeline):
    """The first load fails like a dropped connection; the second works."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def load(self, location, progress=None):
        self.calls += 1
        if self.calls == 1:
            raise LoadError("Could not reach example.org (connection refused).")
        return Page(location=location, body=Path(HOSTILE).read_bytes(),
                    final_url=location, charset="utf-8")


def _offers_retry(screen) -> bool:
    from reader.ui.screens.help import collect_bindings

    return any(row.id == "reader.retry" for row in collect_bindings(screen))


@contextlib.asynccontextmanager
async def _failed_start():
    """The app started on an address whose first load fails: (app, pilot, pipeline, screen)."""
    pipeline = FlakyNetwork()
    app = ReaderApp("https://example.org/story", pipeline=pipeline)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.reader_screen.article is None
        yield app, pilot, pipeline, app.reader_screen


async def _r_has_nothing_to_retry(app, pilot, pipeline: FlakyNetwork) -> None:
    """r now says so and loads nothing."""
    calls = pipeline.calls
    await pilot.press("r")
    await pilot.pause()
    assert pipeline.calls == calls
    assert "nothing to retry" in [n.message for n in app._notifications][-1]


async def test_network_error_then_retry_key() -> None:
    async with _failed_start() as (app, pilot, pipeline, screen):
        texts = [n.message for n in app._notifications]
        assert texts[-1] == ("Could not reach example.org (connection refused). Press r to "
                             "try again.")             # the host once, not "Could not" twice
        assert _offers_retry(screen)                   # help and the palette list it now
        await pilot.press("r")
        await settle(pilot)
        assert pipeline.calls == 2
        assert screen.article is not None and "Click to continue" in screen.article.text
        assert not _offers_retry(screen)
        await _r_has_nothing_to_retry(app, pilot, pipeline)  # nothing failed now


async def test_retry_forgets_a_failure_once_another_page_opened() -> None:
    async with _failed_start() as (app, pilot, pipeline, screen):
        assert _offers_retry(screen)
        app.open_location("https://example.org/another")
        await settle(pilot)
        assert pipeline.calls == 2 and screen.article is not None
        assert not _offers_retry(screen)
        await _r_has_nothing_to_retry(app, pilot, pipeline)  # the old failure is not retried


async def test_truncated_article_is_marked_in_the_header() -> None:
    article = from_plain_text("\n\n".join(f"Para {i} says a thing. Two." for i in range(50)))
    article.truncated = True
    app = ReaderApp(article=article)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "cut at the length limit" in "\n".join(screen_lines(app)[:3])


class MissingPage(Pipeline):
    """Every load fails with a reason that names the (long) address."""

    def load(self, location, progress=None):
        raise LoadError(f"The server at {location} answered 404 Not Found.")


async def test_a_long_address_in_a_failure_toast_is_fitted_not_cut_mid_word() -> None:
    slug = "-".join(["tidal-harbour-clocks"] * 6)
    location = f"https://news.example.org/2025/06/{slug}.html?utm_source=feed&utm_medium=rss"
    for size in ((80, 24), (120, 40)):
        app = ReaderApp(location, pipeline=MissingPage())
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            text = [n.message for n in app._notifications][-1]
            room = min(60, size[0] // 2) - 4
            assert "404 Not Found" in text and "Press r to try again." in text
            assert all(len(word) <= room for word in text.split()), (size, text)
            address = next(word for word in text.split() if word.startswith("https://news."))
            assert "…" in address and "clocks.html" in address   # its start and its page's name
