"""The `?` screen: every key that works here, grouped, generated from the actions registry.

`collect_bindings(screen)` takes the registry's actions for the scopes present on `screen`
(the app, the screen, and every widget on it that owns keys) with the user's keymap applied,
so a key added to the registry, or remapped in the config, shows up here and in the command
palette without anyone editing a list. Textual's own widgets (inputs, scroll containers) are
left out: their keys are the usual editing keys and would drown the reader's.
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

from reader.ui import actions
from reader.ui.actions import Scoped
from reader.ui.widgets.footer import hint_line

REMAP_HINT = ("Keys can be changed in the config file (reader config --edit), for example:\n"
              "\n    [keys]\n    copy_sentence = \"ctrl+y\"\n\n"
              "Names are the labels of the command palette (ctrl+p), up to any colon, in lower "
              "case, _ for spaces.")


@dataclass(frozen=True, slots=True)
class BindingInfo:
    group: str
    keys: str
    description: str
    action: str
    id: str | None
    node: DOMNode
    tooltip: str = ""


def _displayed(widget: DOMNode) -> bool:
    """Whether `widget` and every container around it are displayed (a closed find bar is on
    the screen but hidden: its keys do nothing until it opens)."""
    node: DOMNode | None = widget
    while node is not None and not isinstance(node, Screen):
        if not node.display:
            return False
        node = node.parent if isinstance(node.parent, DOMNode) else None
    return True


def scoped_nodes(screen: Screen) -> list[DOMNode]:
    """The app, then `screen`, then every displayed widget on it that owns keys, each scope once."""
    nodes: list[DOMNode] = [screen.app, screen]
    nodes.extend(w for w in screen.walk_children() if isinstance(w, Scoped) and _displayed(w))
    seen: set[str] = set()
    out: list[DOMNode] = []
    for node in nodes:
        scope = "app" if node is screen.app else (node.SCOPE if isinstance(node, Scoped) else "")
        if scope and scope not in seen:
            seen.add(scope)
            out.append(node)
    return out


def collect_bindings(screen: Screen) -> list[BindingInfo]:
    """Every registry action reachable on `screen` (app first, then screen, then widgets) and
    offered there now (`Scoped.offered`), with the keymap applied; one row per action."""
    app = screen.app
    keymap = app._keymap  # what [keys] remapped: Textual keeps it on the app
    rows: list[BindingInfo] = []
    for node in scoped_nodes(screen):
        scope = "app" if node is app else node.SCOPE if isinstance(node, Scoped) else ""
        if scope in actions.NOT_IN_HELP:
            continue
        for action in actions.for_scope(scope):
            if isinstance(node, Scoped) and not node.offered(action.action):
                continue
            remapped = action.id in keymap
            keys = keymap[action.id] if remapped else action.keys
            shown = None if remapped else action.key_display  # "+" for "plus,equals_sign"
            displays: list[str] = []
            for i, key in enumerate(k.strip() for k in keys.split(",")):
                # key_display names the first key ("?" for question_mark, not for f1 too)
                text = app.get_key_display(Binding(key, action.action,
                                                   key_display=shown if i == 0 else None))
                if key and text not in displays:
                    displays.append(text)
            display = " ".join(displays)
            rows.append(BindingInfo(action.group, display, action.description, action.action,
                                    action.id, node, action.help))
    return rows


def grouped(rows: list[BindingInfo]) -> list[tuple[str, list[BindingInfo]]]:
    """Rows by group, groups in first-seen order, one row per (group, action)."""
    groups: dict[str, list[BindingInfo]] = {}
    for row in rows:
        bucket = groups.setdefault(row.group, [])
        if not any(r.action == row.action and r.keys == row.keys for r in bucket):
            bucket.append(row)
    order = {group: i for i, group in enumerate(actions.GROUP_ORDER)}
    return sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))


def _group_table(rows: list[BindingInfo]) -> Table:
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column("key", width=12, no_wrap=True, overflow="fold", style="bold")  # aligned
    table.add_column("what", ratio=1)
    for row in rows:
        table.add_row(Text(row.keys), Text(row.tooltip or row.description))
    return table


class HelpScreen(Scoped, ModalScreen[None]):
    """A centred, scrollable list of keys by group; Escape, q or ? closes it."""

    SCOPE = "help"
    BINDINGS = actions.bindings("help")

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
            box.border_subtitle = hint_line(self.app, self.SCOPE, every_key=True)
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
