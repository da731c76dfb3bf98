"""Every key of the app in one registry: id, keys, description, group, where it acts.

The registry is the single source for the bindings of every screen and widget
(`BINDINGS = bindings("reader")`), the `?` help, the footer, the command palette, and the
config's `[keys]` remapping (`reader config` checks names against it without loading any
screen). Adding a key means adding one `Action` here and the `action_*` method on the node
of its scope.

This module imports nothing from Textual at import time (`bindings()` does, on use), so the
CLI can read it cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from textual.binding import BindingType


@dataclass(frozen=True, slots=True)
class Action:
    """One key binding: `action` runs on the node of `scope` when one of `keys` is pressed."""

    id: str                 # stable name for [keys] and Textual's keymap: "reader.find"
    scope: str              # which node owns it (see SCOPES)
    action: str             # Textual action on that node: "find", "scroll(1)"
    keys: str               # default keys in Textual's names, comma separated
    description: str        # short label: footer, help, palette
    group: str              # help group, in a reader's words
    help: str = ""          # one more sentence for help and the palette
    show: bool = False      # shown in the footer
    key_display: str | None = None
    priority: bool = False

    @property
    def name(self) -> str:
        """The id's last part ("find"): what a user writes in `[keys]`."""
        return self.id.rsplit(".", 1)[-1]


# Which nodes carry each scope, and which scopes are active together (for key conflicts).
SCOPES = ("app", "reader", "article", "summary", "notes", "find", "library", "library-table",
          "links", "open", "help", "confirm", "prompt", "unsaved")
CONTEXTS: dict[str, frozenset[str]] = {
    "reading": frozenset({"app", "reader", "article", "summary"}),
    "notes": frozenset({"app", "reader", "notes"}),
    "finding": frozenset({"app", "reader", "find"}),
    "library": frozenset({"app", "library", "library-table"}),
    "links": frozenset({"links"}),
    "open": frozenset({"open"}),
    "help": frozenset({"help"}),
    "confirm": frozenset({"confirm"}),
    "prompt": frozenset({"prompt"}),
    "unsaved": frozenset({"unsaved"}),
}

EVERYWHERE, READING, ARTICLE, SUMMARY, NOTES = (
    "Everywhere", "Reading", "Article pane", "Summary pane", "Notes")
LIBRARY, LINKS, OPEN, HELP, DIALOG = "Library", "Links", "Open dialog", "Help", "Dialog"

ACTIONS: tuple[Action, ...] = (
    # -- everywhere ----------------------------------------------------------------------
    Action("app.open", "app", "open_location", "o", "Open", EVERYWHERE,
           "Open a web address or a file", show=True),
    Action("app.help", "app", "help", "question_mark", "Help", EVERYWHERE,
           "Show every key", show=True, key_display="?"),
    Action("app.quit", "app", "quit", "q", "Quit", EVERYWHERE, "Quit reader", show=True),
    Action("app.back", "app", "go_back", "backspace", "Back", EVERYWHERE,
           "The previously opened article"),
    Action("app.forward", "app", "go_forward", "shift+backspace", "Forward", EVERYWHERE,
           "The next article (after going back)"),
    Action("app.library", "app", "library", "l", "Library", EVERYWHERE,
           "Saved articles: search, reopen, tag, delete", show=True),
    # -- the reading screen ------------------------------------------------------------------
    Action("reader.copy_summary", "reader", "copy_summary", "c", "Copy", READING,
           "Copy the summary as Markdown (title, link, sentences)", show=True),
    Action("reader.copy_sentence", "reader", "copy_sentence", "y", "Copy sentence", READING,
           "Copy the sentence under the reading cursor"),
    Action("reader.longer", "reader", "longer", "plus,equals_sign", "Longer", READING,
           "Add a sentence to the summary", show=True, key_display="+"),
    Action("reader.shorter", "reader", "shorter", "minus", "Shorter", READING,
           "Remove a sentence from the summary", show=True, key_display="-"),
    Action("reader.next_algorithm", "reader", "next_algorithm", "a", "Algorithm", READING,
           "Summarise with the next algorithm", show=True),
    Action("reader.find", "reader", "find", "slash", "Find", READING,
           "Find in the article; n / N (or down / up in the bar): next / previous", show=True,
           key_display="/"),
    Action("reader.find_next", "reader", "find_next", "n", "Next match", READING,
           "While finding", priority=True),
    Action("reader.find_previous", "reader", "find_previous", "N", "Previous match", READING,
           "While finding", priority=True),
    Action("reader.close_find", "reader", "close_find", "escape", "Close find", READING),
    Action("reader.links", "reader", "links", "f", "Links", READING,
           "List the article's links (enter: open here, b: browser)"),
    Action("reader.open_link", "reader", "open_link", "enter", "Open link", READING,
           "Open the link in the sentence under the cursor"),
    Action("reader.browser", "reader", "open_in_browser", "B", "Open in browser", READING,
           "The link under the cursor, else this article, in the web browser"),
    Action("reader.summary_marks", "reader", "toggle_summary_highlights", "s", "Summary marks",
           READING, "Show or hide the summary's sentences highlighted in the article"),
    Action("reader.view", "reader", "cycle_view", "v", "View", READING,
           "Both panes, the article only, or the summary only"),
    Action("reader.copy_summary_text", "reader", "copy_summary_text", "Y", "Copy summary text",
           READING, "Copy only the summary's sentences, one per line"),
    Action("reader.notes", "reader", "notes", "n", "Notes", READING,
           "Write notes beside the article (saved as you type; Escape leaves)", show=True),
    Action("reader.highlight", "reader", "highlight", "h", "Highlight", READING,
           "Highlight the sentence under the cursor (again: remove it)", show=True),
    Action("reader.highlight_note", "reader", "highlight_note", "H", "Highlight note", READING,
           "Write a note for the highlight under the cursor"),
    Action("reader.copy_notes", "reader", "copy_notes", "C", "Copy notes", READING,
           "Copy this article's notes and highlights as Markdown"),
    Action("reader.retry", "reader", "retry", "r", "Retry", READING,
           "Try again to open the location that just failed"),
    Action("reader.next_reading", "reader", "next_reading", "e", "Other reading", READING,
           "Wrong part of the page? Read it another way: the runner-up, its main part, "
           "the whole page"),
    # -- the article pane --------------------------------------------------------------------
    Action("article.scroll_down", "article", "scroll_down", "j,down", "Scroll down", ARTICLE),
    Action("article.scroll_up", "article", "scroll_up", "k,up", "Scroll up", ARTICLE),
    Action("article.top", "article", "scroll_home", "g,home", "Top", ARTICLE),
    Action("article.bottom", "article", "scroll_end", "G,end", "Bottom", ARTICLE),
    Action("article.page_down", "article", "page_down", "space,pagedown", "Page down", ARTICLE),
    Action("article.page_up", "article", "page_up", "b,pageup", "Page up", ARTICLE),
    Action("article.next_sentence", "article", "next_sentence", "right_parenthesis",
           "Next sentence", ARTICLE, key_display=")"),
    Action("article.previous_sentence", "article", "previous_sentence", "left_parenthesis",
           "Previous sentence", ARTICLE, key_display="("),
    # -- the summary pane --------------------------------------------------------------------
    Action("summary.down", "summary", "cursor_down", "j", "Next summary sentence", SUMMARY),
    Action("summary.up", "summary", "cursor_up", "k", "Previous summary sentence", SUMMARY),
    Action("summary.first", "summary", "first", "g", "First summary sentence", SUMMARY),
    Action("summary.last", "summary", "last", "G", "Last summary sentence", SUMMARY),
    Action("summary.jump", "summary", "select", "enter", "Jump to it in the article", SUMMARY),
    # -- notes editor and find bar -----------------------------------------------------------
    Action("notes.leave", "notes", "leave", "escape", "Leave notes", NOTES,
           "Save the note and go back to the article", show=True),
    Action("find.close", "find", "close", "escape", "Close find", READING),
    Action("find.next", "find", "step(1)", "down", "Next match", READING),
    Action("find.previous", "find", "step(-1)", "up", "Previous match", READING),
    # -- library -----------------------------------------------------------------------------
    Action("library.back", "library", "back", "escape", "Back", LIBRARY,
           "Back to the article (clears the search first)", show=True),
    Action("library.search", "library", "search", "slash", "Search", LIBRARY,
           "Search titles, text, notes and highlights", show=True, key_display="/"),
    Action("library.open", "library", "open", "enter", "Open", LIBRARY,
           "Open the selected article"),
    Action("library.delete", "library", "delete", "d,delete", "Delete", LIBRARY,
           "Delete the selected article (asks first; u undoes)", show=True),
    Action("library.undo", "library", "undo", "u", "Undo delete", LIBRARY,
           "Bring back the last deleted article", show=True),
    Action("library.tag", "library", "tag", "t", "Tags", LIBRARY,
           "Edit the selected article's tags", show=True),
    Action("library.sort", "library", "sort", "s", "Sort", LIBRARY, "Change the sort order",
           show=True),
    Action("library.down", "library-table", "cursor_down", "j", "Down", LIBRARY),
    Action("library.up", "library-table", "cursor_up", "k", "Up", LIBRARY),
    Action("library.first", "library-table", "scroll_top", "g", "First", LIBRARY),
    Action("library.last", "library-table", "scroll_bottom", "G", "Last", LIBRARY),
    # -- links, open dialog, help, dialogs ---------------------------------------------------
    Action("links.close", "links", "close", "escape", "Close links", LINKS, show=True),
    Action("links.browser", "links", "browser", "b", "Open in browser", LINKS,
           "Open the highlighted link in the system web browser", show=True),
    Action("links.down", "links", "move(1)", "j", "Next link", LINKS),
    Action("links.up", "links", "move(-1)", "k", "Previous link", LINKS),
    Action("open.cancel", "open", "cancel", "escape", "Cancel", OPEN, show=True),
    Action("open.complete", "open", "complete", "tab", "Complete the path", OPEN,
           "Take the grey completion (recent location or file name)"),
    Action("help.close", "help", "dismiss_help", "escape,q,question_mark", "Close help", HELP,
           show=True),
    Action("help.down", "help", "scroll(1)", "j,down", "Scroll down", HELP),
    Action("help.up", "help", "scroll(-1)", "k,up", "Scroll up", HELP),
    Action("help.page_down", "help", "page(1)", "space,pagedown", "Page down", HELP),
    Action("help.page_up", "help", "page(-1)", "b,pageup", "Page up", HELP),
    Action("help.top", "help", "edge(0)", "g,home", "Top", HELP),
    Action("help.bottom", "help", "edge(1)", "G,end", "Bottom", HELP),
    Action("confirm.yes", "confirm", "answer(True)", "y", "Yes", DIALOG, show=True),
    Action("confirm.no", "confirm", "answer(False)", "n,escape", "No", DIALOG, show=True),
    Action("prompt.cancel", "prompt", "cancel", "escape", "Cancel", DIALOG, show=True),
    Action("unsaved.retry", "unsaved", "retry", "r", "Try again", DIALOG,
           "Try to save to the library again now", show=True),
    Action("unsaved.rescue", "unsaved", "rescue", "w", "Rescue file", DIALOG,
           "Write the unsaved text to a file in another folder, then quit", show=True),
    Action("unsaved.copy", "unsaved", "copy", "c", "Copy", DIALOG,
           "Copy the unsaved text to the clipboard", show=True),
    Action("unsaved.quit", "unsaved", "quit_anyway", "q", "Quit anyway", DIALOG,
           "Quit once the text is copied or rescued", show=True),
    Action("unsaved.stay", "unsaved", "stay", "escape", "Keep reading", DIALOG, show=True),
)

BY_ID: dict[str, Action] = {a.id: a for a in ACTIONS}
assert len(BY_ID) == len(ACTIONS), "duplicate action ids"
assert all(a.scope in SCOPES for a in ACTIONS), "unknown scope"

# Scopes whose keys serve only while their bar or dialog has focus: not in the palette; the
# find bar's keys are the reading screen's find keys, so help lists them once, there.
NOT_IN_PALETTE = frozenset({"find", "confirm", "prompt", "help", "links", "open", "unsaved"})
NOT_IN_HELP = frozenset({"find"})


class Scoped:
    """Mixed into every screen and widget that owns keys: `SCOPE` names its registry scope."""

    SCOPE: ClassVar[str]


def for_scope(scope: str) -> list[Action]:
    """The actions of one scope, in registry order."""
    return [a for a in ACTIONS if a.scope == scope]


def bindings(scope: str) -> list[BindingType]:
    """Textual bindings for a node of `scope` (its class's `BINDINGS`)."""
    from textual.binding import Binding

    return [Binding(a.keys, a.action, a.description, show=a.show, key_display=a.key_display,
                    priority=a.priority, tooltip=a.help, id=a.id)
            for a in for_scope(scope)]
