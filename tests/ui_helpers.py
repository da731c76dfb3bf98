"""Helpers shared by the UI tests (not a test module)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerCancelled

from reader import store
from reader.core.models import Article, Page
from reader.ui import themes
from reader.ui.widgets.find import FindBar
from reader.ui.widgets.footer import StatusFooter
from reader.ui.widgets.progress import DownloadProgress


async def settle(pilot: Pilot, rounds: int = 4) -> None:
    """Wait until workers are done and their messages handled (load, then summary).

    A worker replaced by a newer one of its exclusive group ends cancelled; that is the app
    working as designed, so waiting simply goes on."""
    app = pilot.app
    for _ in range(rounds):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        await pilot.pause()
    await pilot.pause()


def line_texts(view) -> list[str]:
    """The article pane's lines as plain text (all of them, not only the visible ones)."""
    layout = view.layout_lines
    return [layout.prefixes[i] + view.article.text[layout.starts[i]:layout.ends[i]]
            for i in range(len(layout))]


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


def palette_titles(app, screen=None) -> list[str]:
    """The command palette's titles on `screen` (the app's current one by default)."""
    return [c.title for c in app.get_system_commands(screen or app.screen)]


ARTICLES = [
    ("https://example.org/tides", "Two Clocks in a Tidal Harbour", "The Harbour Gazette",
     "2025-06-21", "Harbour towns keep two clocks. One tells the hour; the other the tide."),
    ("https://example.org/kettles", "Why Kettles Sing", "Kitchen Physics", "2024-11-02",
     "A kettle sings because bubbles collapse. The pitch rises as the water warms."),
    ("https://example.org/bees", "The Quiet Work of Bees", None, None,
     "Bees map their fields by the sun. A dance tells the others where the flowers are."),
]


def fill_library() -> dict[str, int]:
    """Three articles saved at fixed times, with a note, a highlight, tags and progress."""
    ticks = itertools.count()
    ids = {}
    with store.open(clock=lambda: f"2025-07-0{1 + next(ticks) // 10}T10:00:0{next(ticks) % 10}Z") as lib:
        for url, title, site, published, text in ARTICLES:
            article = Article(text=text, title=title, site=site, published=published, url=url,
                              location=url)
            ids[title] = lib.save_article(article, Page(location=url, body=text.encode()),
                                          opened=True)
        kettles = ids["Why Kettles Sing"]
        lib.set_note(kettles, "Ask about the zebra kettle.")
        lib.add_highlight(kettles, 0, 36)
        lib.set_position(ids["Two Clocks in a Tidal Harbour"], 30, 0.45)
        lib.add_tag(ids["The Quiet Work of Bees"], "nature")
    return ids


def record_browser(monkeypatch) -> list[str]:
    """Stand in a graphical web browser that records the addresses it is asked to open."""
    import webbrowser

    from reader.ui import browser

    opened: list[str] = []

    class Recorder(webbrowser.BaseBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            opened.append(url)
            return True

    monkeypatch.setattr(browser, "choose",
                        lambda: browser.Browser("graphical", "recorder", Recorder("recorder")))
    return opened


async def until(pilot, check: Callable[[], bool], seconds: float = 30.0) -> None:
    """Pause until `check()` holds (the library's writer is a thread, not a Textual worker)."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        await pilot.pause(0.05)


# A bare app hosting the find bar, the download bar and the footer over one text, for the
# widget tests of find, footer and themes (the reader screen is not involved).
TEXT = "Alpha beta. Gamma ALPHA delta.\n\nEpsilon alpha zeta."


class Pane(VerticalScroll, can_focus=True):
    pass


class Host(App):
    BINDINGS = [
        Binding("slash", "find", "Find"),
        Binding("n", "find_next", "Next match", show=False),
        Binding("N", "find_previous", "Previous match", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.copied = ""
        self.updates: list[FindBar.Updated] = []
        self.done: list[bool] = []

    def compose(self) -> ComposeResult:
        with Pane():
            yield Static(TEXT)
        yield FindBar()
        yield DownloadProgress()
        yield StatusFooter()

    def on_mount(self) -> None:
        themes.register(self)
        self.query_one(Pane).focus()

    def action_find(self) -> None:
        self.query_one(FindBar).open(TEXT)

    def action_find_next(self) -> None:
        self.query_one(FindBar).next()

    def action_find_previous(self) -> None:
        self.query_one(FindBar).previous()

    def on_find_bar_updated(self, message: FindBar.Updated) -> None:
        self.updates.append(message)

    def on_find_bar_done(self, message: FindBar.Done) -> None:
        self.done.append(message.closed)
        self.query_one(Pane).focus()
