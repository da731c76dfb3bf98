"""Links: where they lead, the link list, Enter on a sentence's link, the browser."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import OptionList
from ui_helpers import notifications, record_browser, settle

from reader.app import paths
from reader.app.state import Recents
from reader.core.links import Target, base_of, resolve, saved_path
from reader.core.models import Link
from reader.ui.app import ReaderApp
from reader.ui.screens.links import LinksScreen
from reader.ui.widgets.footer import KeyFooter

LINKS = [Link("Next story", "https://example.org/next"),
         Link("Write to us", "mailto:ed@example.org"),
         Link("Evil", "javascript:void(0)")]


class Host(App):
    def __init__(self, links) -> None:
        super().__init__()
        self.links = links
        self.results: list = []

    def on_mount(self) -> None:
        self.push_screen(LinksScreen(self.links, "https://example.org/"), self.results.append)


FIXTURES = Path(__file__).parent.parent / "fixtures" / "ux"


FIRST = str(FIXTURES / "first.html")


SECOND = str(FIXTURES / "second.html")


def test_resolve_web_links() -> None:
    base = "https://example.org/news/story.html"
    assert resolve("https://other.org/x", base) == Target("https://other.org/x",
                                                          "https://other.org/x")
    assert resolve("/about", base).location == "https://example.org/about"
    assert resolve("next.html?p=2", base).location == "https://example.org/news/next.html?p=2"
    assert resolve("mailto:ed@example.org", base) == Target(None, "mailto:ed@example.org")
    assert resolve("javascript:alert(1)", base) == Target(None, None)
    assert resolve("#notes", base).in_page
    assert resolve("", base) == Target(None, None)


def test_resolve_local_links(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text("<p>x</p>")
    (tmp_path / "next.html").write_text("<p>y</p>")
    target = resolve("next.html#top", str(page))
    assert target.location == str(tmp_path / "next.html")
    assert target.url == (tmp_path / "next.html").as_uri()
    assert resolve("missing.html", str(page)) == Target(None, None)


def test_a_saved_page_opens_only_what_was_saved_with_it_and_other_saved_pages(tmp_path: Path) -> None:
    from reader.core.links import OUTSIDE_REASON

    site = tmp_path / "site" / "news"
    (site / "story_files").mkdir(parents=True)
    page = site / "story.html"
    page.write_text("<p>x</p>")
    (site / "story_files" / "notes.txt").write_text("saved with the page")
    other = tmp_path / "site" / "sport" / "match.html"        # a mirrored site's other page
    other.parent.mkdir()
    other.write_text("<p>y</p>")
    secret = tmp_path / "secret"
    secret.write_text("root:x:0:0")
    (site / "sneaky").symlink_to(secret)                      # inside the folder, leading out
    for href in ("file:///etc/hosts", "FILE:///etc/passwd", " file:///etc/passwd ",
                 secret.as_uri(), "../../secret", "sneaky", str(secret)):
        target = resolve(href, str(page), saved_at=str(page))
        assert target.blocked and target.location is None and target.url is None, href
        assert target.why == OUTSIDE_REASON
    assert resolve("story_files/notes.txt", str(page), saved_at=str(page)).location == \
        str(site / "story_files" / "notes.txt")
    assert resolve("../sport/match.html", str(page), saved_at=str(page)).location == str(other)
    assert resolve(other.as_uri(), str(page), saved_at=str(page)).location == str(other)
    # the same links from a web page are refused whatever they name
    for href in ("file:///etc/hosts", other.as_uri()):
        assert resolve(href, "https://example.org/a", local_allowed=False).blocked


def test_saved_page_prefers_a_neighbour_file_then_the_web(tmp_path: Path) -> None:
    page = tmp_path / "saved.html"
    page.write_text("<p>x</p>")
    (tmp_path / "other.html").write_text("<p>y</p>")
    web = "https://example.org/essays/saved"
    local = resolve("other.html", web, saved_at=str(page))
    assert local.location == str(tmp_path / "other.html")
    absolute = resolve("https://example.org/essays/other.html#part", web, saved_at=str(page))
    assert absolute.location == str(tmp_path / "other.html")
    elsewhere = resolve("https://example.org/other.html", web, saved_at=str(page))
    assert elsewhere.location == "https://example.org/other.html"
    remote = resolve("gone.html", web, saved_at=str(page))
    assert remote.location == "https://example.org/essays/gone.html"
    assert saved_path(str(page)) == str(page) and saved_path("https://x.org/") is None
    assert saved_path("-") is None


def test_base_prefers_the_web_address(tmp_path: Path) -> None:
    assert base_of("https://example.org/a", str(tmp_path / "a.html")) == "https://example.org/a"
    assert base_of(None, "page.html").endswith("/page.html")
    assert base_of(None, "-") is None


async def test_links_screen_enter_opens_in_app() -> None:
    app = Host(LINKS)
    async with app.run_test() as pilot:
        assert isinstance(app.screen, LinksScreen)
        assert app.screen.query_one(OptionList).option_count == 3
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [("app", Target("https://example.org/next",
                                              "https://example.org/next"))]


async def test_links_screen_browser_key_and_refusals() -> None:
    app = Host(LINKS)
    async with app.run_test() as pilot:
        await pilot.press("down", "enter")  # mailto: reader cannot open it: stays open
        await pilot.pause()
        assert app.results == [] and isinstance(app.screen, LinksScreen)
        await pilot.press("j", "b")         # javascript: never opened
        await pilot.pause()
        assert app.results == []
        await pilot.press("k", "b")
        await pilot.pause()
        assert app.results == [("browser", Target(None, "mailto:ed@example.org"))]


async def test_links_screen_without_links_closes_on_escape() -> None:
    app = Host([])
    async with app.run_test() as pilot:
        assert "no links" in str(app.screen.query_one("#links-empty").render())
        hint = app.screen.query_one("#links-box").border_subtitle
        assert "close" in hint and "open" not in hint and "browser" not in hint  # nothing to open
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_enter_on_a_link_opens_it_and_backspace_comes_back() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        view = screen.article_view
        link = view.article.links[0]
        assert "links" in view.highlight_names()
        view.set_cursor(view.sentence_at(link.start))
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article.title == "Reading the Faded Ink"
        assert screen.location == SECOND
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.article.title == "The Lighthouse Keepers' Logbooks"
        await pilot.press("shift+backspace")
        await settle(pilot)
        assert screen.article.title == "Reading the Faded Ink"
        await pilot.press("shift+backspace")  # nothing later: a notice, nothing else
        await pilot.pause()
        assert "There is no later article: forward follows going back." in notifications(app)
        assert Recents().items[:2] == [SECOND, FIRST]


async def test_links_list_and_system_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    opened = record_browser(monkeypatch)
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = app.reader_screen.query_one(KeyFooter)
        assert "Help" in footer.text
        await pilot.press("f")
        assert isinstance(app.screen, LinksScreen)
        assert app.screen.query_one(OptionList).option_count == 2
        hint = app.screen.query_one("#links-box").border_subtitle
        assert "open in reader" in hint and "browser" in hint
        await pilot.pause()
        assert footer.text == ""          # the keys under the dialog do not answer there
        await pilot.press("down", "b")
        await settle(pilot)
        assert opened == ["https://example.org/volunteer"]
        assert app.screen is app.reader_screen
        await pilot.pause()
        assert "Help" in footer.text      # back: the reading screen's keys again
        await pilot.press("f", "enter")
        await settle(pilot)
        assert app.reader_screen.article.title == "Reading the Faded Ink"


async def test_bundled_sample_link_opens_its_saved_neighbour() -> None:
    """The offline demo: the sample's in-article link opens the bundled companion essay."""
    sample = str(paths.sample_path())
    app = ReaderApp(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        assert screen.article.url.startswith("https://")  # links are absolute web addresses
        await pilot.press("f")
        assert isinstance(app.screen, LinksScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article.title == "Notes That Outlast Their Apps"
        assert screen.location == str(Path(sample).parent / "notes-that-last.html")
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.location == sample


@pytest.fixture
def over_ssh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict:
    """No display, and `$BROWSER` a fake terminal browser that notes its arguments and whether
    it had the terminal to itself; `App.suspend` recorded (a headless test cannot suspend)."""
    import contextlib
    log = tmp_path / "browser.log"
    script = tmp_path / "fakebrowser"
    script.write_text(f"#!/bin/sh\necho \"$@\" >> {log}\n")
    script.chmod(0o755)
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BROWSER", str(script))
    seen: dict = {"suspended": 0, "log": log, "during": []}

    @contextlib.contextmanager
    def suspend(self):
        seen["suspended"] += 1
        seen["during"].append(log.exists())
        yield

    monkeypatch.setattr(ReaderApp, "suspend", suspend)
    return seen


async def test_a_terminal_browser_gets_the_terminal_while_the_app_is_suspended(over_ssh) -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f", "down", "b")
        await settle(pilot)
        assert over_ssh["suspended"] == 1 and over_ssh["during"] == [False]  # run inside it
        assert over_ssh["log"].read_text().split() == ["https://example.org/volunteer"]
        assert notifications(app)[-1] == "Back from fakebrowser."
        assert app.screen is app.reader_screen and app.reader_screen.has_class("-ready")


async def test_without_any_browser_the_address_is_copied(monkeypatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(ReaderApp, "copy_text", lambda self, text: copied.append(text))
    monkeypatch.setattr(webbrowser, "get", lambda using=None: (_ for _ in ()).throw(
        webbrowser.Error("no browser")))
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f", "down", "b")
        await settle(pilot)
        assert copied == ["https://example.org/volunteer"]
        assert notifications(app)[-1].startswith("No web browser is available here, so the "
                                                 "address is copied instead")


def test_a_terminal_browser_is_recognised_without_a_display(over_ssh, monkeypatch) -> None:
    from reader.ui.browser import choose
    assert choose().kind == "terminal"
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("BROWSER", "lynx")     # a terminal browser even with a display
    assert choose().kind == "terminal" and choose().argv("https://x.org") == [
        "lynx", "https://x.org"]


LONG = ("https://example.org/news/2024/03/12/harbour-wall-repairs-finished-ahead-of-schedule-"
        "and-under-budget-says-the-council-in-a-statement-on-tuesday.html?utm_source=rss&utm_medium=feed")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_long_address_is_shortened_to_one_line_not_broken_mid_word(size) -> None:
    app = Host([Link("The harbour story", LONG), Link("Short", "https://example.org/a")])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        width = options.scrollable_content_region.width
        lines = [str(options.get_option_at_index(i).prompt).split("\n") for i in range(2)]
        long_line, short_line = lines[0][1].strip(), lines[1][1].strip()
        assert len(lines[0][1]) <= width and long_line.startswith("https://example.org")
        assert long_line.endswith("on-tuesday.html?…") and "…" in long_line[:-1]
        assert short_line == "https://example.org/a"


def test_fit_location_keeps_the_start_and_the_page_name() -> None:
    from reader.ui.locations import fit_location

    assert fit_location("https://example.org/a", 40) == "https://example.org/a"
    for width in (12, 20, 33, 60):
        fitted = fit_location(LONG, width)
        assert len(fitted) <= width and "…" in fitted
    assert fit_location("/home/someone/a/very/long/folder/name/page.html", 30).endswith("/page.html")
    assert fit_location("https://例え.jp/" + "長い" * 30, 20).count("…") == 1
    assert len(fit_location("data:text/html;base64," + "A" * 3_000_000, 60)) == 60  # a pasted page


async def test_a_saved_page_cannot_open_a_local_file_not_saved_with_it(tmp_path: Path) -> None:
    secret = tmp_path / "private.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    folder = tmp_path / "downloads"
    folder.mkdir()
    page = folder / "story.html"
    page.write_text("<html><head><title>Harbour notes</title></head><body><article><h1>Harbour "
                    "notes</h1>" + "".join(
                        f"<p>The harbour master wrote note {i} about the tides and the wall, "
                        f"and <a href='{secret.as_uri()}'>the list</a> was pinned by the door "
                        f"for every crew to read before sailing.</p>" for i in range(4))
                    + "</article></body></html>")
    app = ReaderApp(str(page))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert isinstance(app.screen, LinksScreen)
        assert "not saved with this page" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert "not saved with it" in notifications(app)[-1]
        assert isinstance(app.screen, LinksScreen)            # nothing opened
        await pilot.press("escape")
        await settle(pilot)
        assert "root:x" not in app.reader_screen.article.text


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_long_addresses_told_apart_only_by_their_queries_stay_apart(size) -> None:
    path = "https://example.com/" + "/".join(["very-long-segment"] * 6) + "/"
    links = [Link(f"Page {n}", f"{path}?page={n}&sort=new") for n in range(1, 4)]
    links.append(Link("Elsewhere", "https://example.com/" + "x" * 150 + "?utm_source=feed"))
    app = Host(links)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        width = options.scrollable_content_region.width
        addresses = [str(options.get_option_at_index(i).prompt).split("\n")[1].strip()
                     for i in range(len(links))]
        assert all(len(a) <= width for a in addresses)
        assert len(set(addresses[:3])) == 3, addresses              # each tells its page apart
        assert all(f"page={n}" in a for n, a in zip(range(1, 4), addresses))
        assert addresses[3].endswith("?…")                          # alone: the query goes first
