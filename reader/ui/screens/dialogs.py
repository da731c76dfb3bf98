"""Small modal dialogs: a yes/no confirmation and a one-line text prompt.

Both show page text (titles, quotes) as plain Text, never as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from reader.core.safety import clean
from reader.ui.actions import Scoped, bindings
from reader.ui.widgets.footer import hint_line

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 72; max-width: 95%; height: auto; padding: 1 2;
    background: $panel; border: round $accent;
}}
{name} .dialog-title {{ text-style: bold; margin-bottom: 1; }}
{name} .dialog-body {{ color: $text-muted; margin-bottom: 1; }}
{name} Horizontal {{ height: auto; align-horizontal: right; margin-top: 1; }}
{name} Button {{ margin-left: 2; }}
{name} .dialog-keys {{ color: $text-muted; margin-top: 1; }}
"""


class Confirm(Scoped, ModalScreen[bool]):
    """Ask a yes/no question; `y` (or Enter on the focused yes button) answers yes, `n` or
    Escape no."""

    SCOPE = "confirm"
    DEFAULT_CSS = DIALOG_CSS.format(name="Confirm")
    BINDINGS = bindings("confirm")

    def __init__(self, title: str, body: str = "", *, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.dialog = (title, body, yes, no)

    def compose(self) -> ComposeResult:
        title, body, yes, no = self.dialog
        with Vertical():
            yield Static(Text(clean(title)), classes="dialog-title")
            if body:
                yield Static(Text(clean(body)), classes="dialog-body")
            with Horizontal():
                yield Button(no, id="no")
                yield Button(yes, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class TextPrompt(Scoped, ModalScreen[str | None]):
    """Ask for one line of text; Enter returns it, Escape returns None."""

    SCOPE = "prompt"
    DEFAULT_CSS = DIALOG_CSS.format(name="TextPrompt")
    BINDINGS = bindings("prompt")

    def __init__(self, title: str, context: str = "", value: str = "", *,
                 placeholder: str = "") -> None:
        super().__init__()
        self.prompt = (title, context, value, placeholder)

    def compose(self) -> ComposeResult:
        title, context, value, placeholder = self.prompt
        with Vertical():
            yield Static(Text(clean(title)), classes="dialog-title")
            if context:
                context = context if len(context) <= 300 else context[:299] + "…"
                yield Static(Text(clean(context)), classes="dialog-body")
            yield Input(value=value, placeholder=placeholder, id="prompt-input",
                        select_on_focus=False)
            yield Static(hint_line(self.app, self.SCOPE), classes="dialog-keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_submit(self) -> None:
        self.dismiss(self.query_one(Input).value)

    def action_cancel(self) -> None:
        self.dismiss(None)
