"""The `o` dialog: type a web address or a file path; Enter opens it, Escape cancels.

Dismisses with the location string (or None). The input completes from recent locations and
the file system; the recent locations are listed below it.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.actions import SkipAction
from textual.widgets import Input, OptionList, Static

from reader.app.state import Recents
from reader.ui.actions import Scoped, bindings
from reader.ui.locations import LocationSuggester, TabCompletion, recent_options
from reader.ui.widgets.footer import hint_line


def normalise_location(value: str) -> str:
    """Trim the input and expand `~` in paths; web addresses are kept as typed."""
    value = value.strip()
    if value.startswith("~"):
        return str(Path(value).expanduser())
    return value


class OpenDialog(Scoped, ModalScreen[str | None]):
    """Ask for a location to open."""

    SCOPE = "open"
    BINDINGS = bindings("open")


    def __init__(self, value: str = "", recents: Recents | None = None) -> None:
        super().__init__()
        self._value = value
        self.recents = recents or Recents()
        self.tab = TabCompletion(self.recents)

    def compose(self) -> ComposeResult:
        with Vertical(id="open-dialog"):
            yield Static("Open a web address or a file", id="open-title")
            yield Input(value=self._value, placeholder="https://… or ~/Downloads/page.html",
                        id="open-input", suggester=LocationSuggester(self.recents))
            yield Static("", id="open-error")
            if self.recents.items:
                yield Static("Recent (down to choose):", id="open-recent-title")
                yield OptionList(*recent_options(self.recents), id="open-recent")
            yield Static(hint_line(self.app, self.SCOPE), id="open-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        """Open what is typed (Enter), or say why it cannot be opened."""
        location = normalise_location(self.query_one("#open-input", Input).value)
        error = ""
        if not location:
            error = "Type a web address (https://…) or the path of a saved page."
        elif location == "-":
            error = "Standard input can only be read at start: cat page.html | reader -"
        if error:
            self.query_one("#open-error", Static).update(Text(error))
            return
        self.dismiss(location)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#open-error", Static).update("")  # the hint is about the old value

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_complete(self) -> None:
        """Tab: complete as far as every match agrees, then each Tab the next match."""
        field = self.query_one("#open-input", Input)
        if not field.has_focus:
            raise SkipAction()  # tab keeps moving the focus
        value = self.tab.next(field.value)
        if value is None:
            self.query_one("#open-error", Static).update(
                Text("Nothing here starts with that." if field.value else
                     "Type the start of a path or address first."))
            return
        with field.prevent(Input.Changed):
            field.value = value
        field.cursor_position = len(value)

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one("#open-input", Input).has_focus:
            for recent in self.query("#open-recent"):
                event.stop()
                recent.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(event.option.id)
