"""The `?` screen: every key binding of the app, grouped, generated from the bindings themselves.

`collect_bindings(screen)` walks the app, the screen and every reader widget on it, and applies
the user's keymap (Textual keeps remapped keys out of `node._bindings`), so a binding added
anywhere, or remapped in the config, shows up here and in the command palette without anyone
editing a list. Textual's own widgets (inputs, scroll containers) are left out: their keys are
the usual editing keys and would drown the reader's.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

REMAP_HINT = ("Remap a key in the config file (reader config --edit), for example\n"
              "[keys]  copy_sentence = \"Y\"   (the description in lower case, _ for spaces)")


@dataclass(frozen=True, slots=True)
class BindingInfo:
    group: str
    keys: str
    description: str
    action: str
    id: str | None
    node: DOMNode
    tooltip: str = ""


def _group_of(node: DOMNode) -> str:
    from textual.app import App
    group = getattr(node, "HELP_GROUP", None)
    if group:
        return group
    return "Everywhere" if isinstance(node, App) else type(node).__name__


# Inherited Textual keys that mean nothing in reader (nothing scrolls sideways).
NOISE_ACTIONS = frozenset({"scroll_left", "scroll_right", "page_left", "page_right"})


def _ours(node: DOMNode) -> bool:
    """Not one of Textual's stock widgets (whose keys are generic editing/scrolling keys)."""
    return not type(node).__module__.startswith("textual.")


def collect_bindings(screen: Screen) -> list[BindingInfo]:
    """Every non-system binding reachable on `screen`: app first, then screen, then widgets,
    with the keymap applied. Bindings sharing an action on one node (e.g. `+` and `=`) are
    merged into one row."""
    app = screen.app
    keymap = getattr(app, "_keymap", None)
    nodes: list[DOMNode] = [app, screen]
    nodes.extend(w for w in screen.walk_children() if _ours(w) and w._bindings.key_to_bindings)
    rows: list[BindingInfo] = []
    seen: dict[tuple[int, str], int] = {}
    for node in nodes:
        bindings_map = node._bindings.copy()
        if keymap:
            bindings_map.apply_keymap(keymap)
        # Bindings with an id (reader's own) first, so their description names a merged row
        # rather than an inherited Textual one (`j` and `down` -> "Next summary sentence").
        ordered = sorted((b for bs in bindings_map.key_to_bindings.values() for b in bs),
                         key=lambda b: b.id is None)
        for binding in ordered:
            if binding.system or not binding.description or binding.action in NOISE_ACTIONS:
                continue
            display = app.get_key_display(binding)
            slot = (id(node), binding.action)
            if slot in seen:
                row = rows[seen[slot]]
                if display not in row.keys.split(" "):
                    rows[seen[slot]] = BindingInfo(row.group, f"{row.keys} {display}",
                                                   row.description, row.action, row.id,
                                                   row.node, row.tooltip)
                continue
            seen[slot] = len(rows)
            rows.append(BindingInfo(_group_of(node), display, binding.description,
                                    binding.action, binding.id, node,
                                    binding.tooltip or ""))
    return rows


def grouped(rows: list[BindingInfo]) -> list[tuple[str, list[BindingInfo]]]:
    """Rows by group, groups in first-seen order, one row per (group, action)."""
    groups: dict[str, list[BindingInfo]] = {}
    for row in rows:
        bucket = groups.setdefault(row.group, [])
        if not any(r.action == row.action and r.keys == row.keys for r in bucket):
            bucket.append(row)
    return list(groups.items())


def _group_table(rows: list[BindingInfo]) -> Table:
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column("key", width=12, no_wrap=True, overflow="fold", style="bold")  # aligned
    table.add_column("what", ratio=1)
    for row in rows:
        what = Text(row.description)
        if row.tooltip and row.tooltip != row.description:
            what.append(f"  {row.tooltip}", style="dim")
        table.add_row(Text(row.keys), what)
    return table


class HelpScreen(ModalScreen[None]):
    """A centred, scrollable list of keys by group; Escape, q or ? closes it."""

    HELP_GROUP = "Help"
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss_help", "Close help", id="help.close"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False, id="help.up"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="help.page_down"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id="help.page_up"),
        Binding("g,home", "edge(0)", "Top", show=False, id="help.top"),
        Binding("G,end", "edge(1)", "Bottom", show=False, id="help.bottom"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; background: $background 50%; }
    HelpScreen > #help-box {
        width: 84; max-width: 96%; height: auto; max-height: 92%;
        border: round $accent; background: $surface; padding: 0 1;
        border-title-align: center; border-subtitle-align: center;
        border-title-style: bold;
    }
    HelpScreen #help-scroll { height: auto; max-height: 100%; }
    HelpScreen .help-group { color: $primary; text-style: bold; margin-top: 1; }
    HelpScreen .help-rows { padding-left: 1; }
    HelpScreen #help-remap { color: $text-muted; margin: 1 0 0 0; }
    """

    def __init__(self, rows: list[BindingInfo], *, remap_hint: str = REMAP_HINT) -> None:
        super().__init__()
        self.rows = rows
        self.remap_hint = remap_hint

    @classmethod
    def for_screen(cls, screen: Screen) -> "HelpScreen":
        return cls(collect_bindings(screen))

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "escape or ? closes"
            with VerticalScroll(id="help-scroll"):
                for group, rows in grouped(self.rows):
                    yield Static(group, classes="help-group", markup=False)
                    yield Static(_group_table(rows), classes="help-rows")
                if self.remap_hint:
                    yield Static(self.remap_hint, id="help-remap", markup=False)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

    # The same reading keys as the article, so the list scrolls the way the reader expects.
    def _scroller(self) -> VerticalScroll:
        return self.query_one("#help-scroll", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        scroller = self._scroller()
        scroller.scroll_to(y=scroller.scroll_y + lines, animate=False)

    def action_page(self, pages: int) -> None:
        scroller = self._scroller()
        height = max(1, scroller.scrollable_content_region.height - 1)
        scroller.scroll_to(y=scroller.scroll_y + pages * height, animate=False)

    def action_edge(self, bottom: int) -> None:
        scroller = self._scroller()
        scroller.scroll_to(y=scroller.max_scroll_y if bottom else 0, animate=False)
