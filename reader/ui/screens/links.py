"""`f`: the article's links in a list; enter opens one in reader, `b` in the system browser.

Links come from `Article.links` (text, URL, offsets). Relative URLs are resolved against the
article's address, or its folder for a saved page, so a link in a local copy opens the local
neighbour file when it exists. Schemes reader cannot read (mailto:, javascript:...) are only
offered to the browser, and `javascript:` not even there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.models import Link
from reader.core.safety import clean_line
from reader.ui.history import display_location

READABLE_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Target:
    """Where a link leads: `location` for reader (None if reader cannot open it), `url` for a
    browser (None if it should never be opened)."""

    location: str | None
    url: str | None
    in_page: bool = False


def resolve(href: str, base: str | None, *, saved_at: str | None = None) -> Target:
    """Resolve `href` against `base` (a URL or a local path). For a saved page (`saved_at`: its
    local path), a relative link to a file that exists beside it opens that file; other
    relative links follow the page's web address."""
    href = href.strip()
    if not href:
        return Target(None, None)
    scheme = urlsplit(href).scheme.lower()
    if scheme == "javascript" or scheme == "data":
        return Target(None, None)
    if href.startswith("#"):
        return Target(None, None, in_page=True)
    if scheme in READABLE_SCHEMES:
        # Extraction makes links absolute; one into the page's own web folder may have a
        # saved copy beside the saved page.
        if saved_at and base and urlsplit(base).scheme.lower() in READABLE_SCHEMES:
            folder = urljoin(base, ".")
            if href.startswith(folder) and len(href) > len(folder):
                neighbour = _neighbour(href[len(folder):], saved_at)
                if neighbour is not None:
                    return neighbour
        return Target(href, href)
    if scheme and scheme != "file" and len(scheme) > 1:  # mailto:, tel:, ftp:... (not C:\)
        return Target(None, href)
    if scheme == "file":
        path = unquote(urlsplit(href).path)
        return Target(path, href)
    if saved_at and not scheme:
        neighbour = _neighbour(href, saved_at)
        if neighbour is not None:
            return neighbour
    if base and urlsplit(base).scheme.lower() in READABLE_SCHEMES:
        absolute = urljoin(base, href)
        return Target(absolute, absolute)
    if base:
        neighbour = _neighbour(href, base)
        if neighbour is not None:
            return neighbour
    return Target(None, None)


def _neighbour(href: str, page_path: str) -> Target | None:
    """The local file `href` names relative to the page at `page_path`, if it exists."""
    relative = unquote(urlsplit(href).path)
    if not relative or "://" in page_path:
        return None
    folder = Path(page_path).expanduser().parent
    candidate = (folder / relative).resolve()
    if candidate.is_file():
        return Target(str(candidate), candidate.as_uri())
    return None


def saved_path(location: str | None) -> str | None:
    """The local file a page was read from (None for web pages and stdin)."""
    if not location or location == "-" or "://" in location:
        return None
    return os.path.abspath(os.path.expanduser(location))


def base_of(article_url: str | None, location: str | None) -> str | None:
    """The address links are relative to: the page's URL, else its file's location."""
    if article_url and urlsplit(article_url).scheme.lower() in READABLE_SCHEMES:
        return article_url
    if location and location != "-":
        return location if "://" in location else os.path.abspath(location)
    return article_url


class LinksScreen(ModalScreen[tuple[str, Target] | None]):
    """Pick a link; dismisses with ("app" | "browser", Target) or None."""

    HELP_GROUP = "Links"
    BINDINGS = [
        Binding("escape", "close", "Close links", id="links.close"),
        Binding("b", "browser", "Open in browser", id="links.browser",
                tooltip="Open the highlighted link in the system web browser"),
        Binding("j", "move(1)", "Next link", show=False, id="links.down"),
        Binding("k", "move(-1)", "Previous link", show=False, id="links.up"),
    ]
    DEFAULT_CSS = """
    LinksScreen { align: center middle; background: $background 50%; }
    LinksScreen > #links-box {
        width: 90%; max-width: 110; height: auto; max-height: 85%;
        border: round $accent; background: $surface; padding: 0 1;
        border-title-align: center; border-subtitle-align: center;
    }
    LinksScreen OptionList, LinksScreen OptionList:focus {
        height: auto; max-height: 100%; border: none; padding: 0;
    }
    LinksScreen #links-empty { color: $text-muted; padding: 1 0; }
    """

    def __init__(self, links: list[Link], base: str | None, *, title: str = "Links",
                 saved_at: str | None = None) -> None:
        super().__init__()
        self.links = links
        self.base = base
        self.title_text = title
        self.targets = [resolve(link.url, base, saved_at=saved_at) for link in links]

    def compose(self) -> ComposeResult:
        with Vertical(id="links-box") as box:
            box.border_title = f"{self.title_text} ({len(self.links)})"
            box.border_subtitle = "enter: open in reader · b: browser · esc: close"
            if not self.links:
                yield Static("This article has no links.", id="links-empty")
                return
            options = []
            for number, (link, target) in enumerate(zip(self.links, self.targets), 1):
                label = Text(f"{number:>3}. ", style="dim")
                label.append(clean_line(link.text) or "(no text)")
                shown = display_location(target.location) if target.location else (
                    target.url or link.url)
                suffix = "" if target.location else (
                    "  (browser only)" if target.url else "  (cannot be opened)")
                label.append("\n     " + clean_line(shown) + suffix, style="dim")
                options.append(Option(label))
            yield OptionList(*options, id="links-list")

    def on_mount(self) -> None:
        if self.links:
            self.query_one(OptionList).focus()

    def _highlighted(self) -> Target | None:
        if not self.links:
            return None
        index = self.query_one(OptionList).highlighted
        return None if index is None else self.targets[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self.targets[event.option_index]
        if target.location:
            self.dismiss(("app", target))
        elif target.url:
            self.notify("reader cannot open this kind of link; press b to use the browser.",
                        severity="warning")
        else:
            self.notify("This link cannot be opened.", severity="warning")

    def action_browser(self) -> None:
        target = self._highlighted()
        if target is not None and target.url:
            self.dismiss(("browser", target))
        elif target is not None:
            self.notify("This link cannot be opened.", severity="warning")

    def action_move(self, delta: int) -> None:
        if self.links:
            options = self.query_one(OptionList)
            options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
