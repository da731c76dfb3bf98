"""`f`: the article's links in a list; enter opens one in reader, `b` in the system browser.

Links come from `Article.links` (text, URL, offsets); `reader.core.links` decides where each
leads.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.links import OUTSIDE_REASON, Target, resolve
from reader.core.models import Link
from reader.core.safety import clean_line
from reader.ui.actions import Scoped, bindings
from reader.ui.locations import display_location, fit_location
from reader.ui.widgets.footer import hint_line

class LinksScreen(Scoped, ModalScreen[tuple[str, Target] | None]):
    """Pick a link; dismisses with ("app" | "browser", Target) or None."""

    SCOPE = "links"
    BINDINGS = bindings("links")

    def __init__(self, links: list[Link], base: str | None, *, title: str = "Links",
                 saved_at: str | None = None, local_allowed: bool = True) -> None:
        super().__init__()
        self.links = links
        self.base = base
        self.title_text = title
        self.targets = [resolve(link.url, base, saved_at=saved_at, local_allowed=local_allowed)
                        for link in links]
        self._fitted_width = 0  # the list width the addresses were last fitted to

    def compose(self) -> ComposeResult:
        with Vertical(id="links-box") as box:
            box.border_title = f"{self.title_text} ({len(self.links)})"
            # with no links, only closing does anything
            box.border_subtitle = hint_line(self.app, self.SCOPE, only=None if self.links else
                                            ("links.close",))
            if not self.links:
                yield Static("This article has no links.", id="links-empty")
                return
            # a first guess at the list's width (the box is 90% of the screen, at most 110),
            # made exact once the list is laid out (`_fit`)
            width = min(110, self.app.size.width * 9 // 10) - 4
            yield OptionList(*(Option(self._label(i, address))
                               for i, address in enumerate(self._fitted(width))), id="links-list")

    def _address(self, index: int) -> tuple[str, str]:
        """Where link `index` leads, as shown, and what follows it (why it cannot open)."""
        link, target = self.links[index], self.targets[index]
        shown = display_location(target.location) if target.location else (target.url or link.url)
        suffix = "" if target.location else (
            "  (blocked: a local file not saved with this page)" if target.why == OUTSIDE_REASON else
            "  (blocked: a web page cannot open local files)" if target.blocked else
            "  (browser only)" if target.url else "  (cannot be opened)")
        return clean_line(shown), suffix

    def _fitted(self, width: int) -> list[str]:
        """Where each link leads, on one line of `width` (its address fitted, then why it
        cannot open); addresses that would then look alike though they differ (only in their
        queries) keep their ends instead."""
        addresses = [self._address(i) for i in range(len(self.links))]
        rooms = [max(10, width - 5 - len(suffix)) for _, suffix in addresses]
        fitted = [fit_location(shown, room) for (shown, _), room in zip(addresses, rooms)]
        seen: dict[str, set[str]] = {}
        for (shown, _), fit in zip(addresses, fitted):
            seen.setdefault(fit, set()).add(shown)
        return [(fit_location(shown, room, drop_query=False) if len(seen[fit]) > 1 else fit) + suffix
                for (shown, suffix), room, fit in zip(addresses, rooms, fitted)]

    def _label(self, index: int, leads: str) -> Text:
        """Link `index`'s two lines: its number and text, then `leads` (where it leads)."""
        label = Text(f"{index + 1:>3}. ", style="dim")
        label.append(clean_line(self.links[index].text) or "(no text)")
        label.append("\n     " + leads, style="dim")
        return label

    def on_mount(self) -> None:
        if self.links:
            self.query_one(OptionList).focus()
            self.call_after_refresh(self._fit)

    def on_resize(self, event: events.Resize) -> None:
        if self.links:
            self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Each address fitted to the list's width now, so none wraps mid-word."""
        options = self.query_one(OptionList)
        width = options.scrollable_content_region.width
        if width <= 0 or width == self._fitted_width:
            return
        self._fitted_width = width
        for index, address in enumerate(self._fitted(width)):
            options.replace_option_prompt_at_index(index, self._label(index, address))

    def _highlighted(self) -> Target | None:
        if not self.links:
            return None
        index = self.query_one(OptionList).highlighted
        return None if index is None else self.targets[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(self.targets[event.option_index])

    def action_open(self) -> None:
        target = self._highlighted()
        if target is None:
            self.notify("This article has no links.", timeout=3)
            return
        self._open(target)

    def _open(self, target: Target) -> None:
        if target.blocked:
            self.notify(target.why, severity="warning")
        elif target.location:
            self.dismiss(("app", target))
        elif target.url:
            self.notify("This kind of link opens only in the web browser; press b.",
                        severity="warning")
        else:
            self.notify("This link cannot be opened.", severity="warning")

    def action_browser(self) -> None:
        target = self._highlighted()
        if target is None:
            self.notify("This article has no links.", timeout=3)
        elif target.blocked:
            self.notify(target.why, severity="warning")
        elif target.url:
            self.dismiss(("browser", target))
        else:
            self.notify("This link cannot be opened.", severity="warning")

    def action_move(self, delta: int) -> None:
        if self.links:
            options = self.query_one(OptionList)
            options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
