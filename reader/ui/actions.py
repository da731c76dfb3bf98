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
    description: str        # short label: footer, palette
    group: str              # help group, in a reader's words
    help: str = ""          # what it does, as help and the palette say it (a full phrase)
    show: bool = False      # shown in the footer
    key_display: str | None = None
    priority: bool = False
    keep: int = 0           # footer rank: when the line is short, lower ranks go first
    palette: str = ""       # the palette's title, when it needs the words a reader would type

    @property
    def name(self) -> str:
        """The id's last part ("find"): what a user writes in `[keys]`."""
        return self.id.rsplit(".", 1)[-1]

    @property
    def essential(self) -> bool:
        """Always in the footer, at its right end, whatever the width (help and quit)."""
        return self.keep >= ESSENTIAL


ESSENTIAL = 100  # `keep` of the keys the footer never drops

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

# Help groups, in the words of someone reading (never a widget's or a scope's name).
ARTICLES = "Opening articles"
MOVING = "Moving through the article"
FINDING, FIND_BAR = "Finding words", "In the find bar"
SUMMARY = "The summary"
SUMMARY_LIST = "In the summary list"
COPYING = "Copying"
NOTES = "Notes, highlights and tags"
LINKS = "Links and the web browser"
APP = "Help and quitting"
LIBRARY, LIBRARY_MOVING = "The library", "Moving in the list"
LINK_LIST, OPEN, HELP, DIALOG = "The list of links", "The open dialog", "Help", "This dialog"
# The order `?` shows the groups in: reading first, leaving last.
GROUP_ORDER = (MOVING, FINDING, SUMMARY, SUMMARY_LIST, COPYING, NOTES, LINKS, ARTICLES, FIND_BAR,
               LIBRARY, LIBRARY_MOVING, LINK_LIST, OPEN, DIALOG, HELP, APP)

ACTIONS: tuple[Action, ...] = (
    # -- everywhere ----------------------------------------------------------------------
    Action("app.open", "app", "open_location", "o", "Open", ARTICLES,
           "Open a web address or a saved page", show=True, keep=60),
    Action("app.library", "app", "library", "l", "Library", ARTICLES,
           "The library: every article you opened, to search and reopen", show=True, keep=55),
    Action("app.back", "app", "go_back", "backspace,left", "Back", ARTICLES,
           "Back to the article you read before"),
    Action("app.forward", "app", "go_forward", "right,shift+backspace", "Forward", ARTICLES,
           "Forward again, after going back"),
    Action("app.help", "app", "help", "question_mark,f1", "Help", APP,
           "Show every key (this list)", show=True, key_display="?", keep=ESSENTIAL),
    Action("app.palette", "app", "command_palette", "ctrl+p", "Palette", APP,
           "The command palette: search every action by name", show=True, priority=True,
           keep=5),
    Action("app.quit", "app", "quit", "q,ctrl+q", "Quit", APP,
           "Quit (notes, highlights and your place are saved)", show=True, keep=ESSENTIAL),
    # -- the reading screen ------------------------------------------------------------------
    Action("reader.retry", "reader", "retry", "r", "Retry", ARTICLES,
           "Try again to open the address that just failed"),
    Action("reader.next_pane", "reader", "app.focus_next", "tab", "Next pane", MOVING,
           "Move between the article, the summary and the notes"),
    Action("reader.find", "reader", "find", "slash", "Find", FINDING,
           "Find words in the article", show=True, key_display="/", keep=50),
    Action("reader.find_next", "reader", "find_next", "n", "Next match", FINDING,
           "The next match (also after the find bar is closed)"),
    Action("reader.find_previous", "reader", "find_previous", "N", "Previous match", FINDING,
           "The previous match"),
    Action("reader.close_find", "reader", "close_find", "escape", "Close find", FINDING,
           "Close the find bar"),
    Action("reader.longer", "reader", "longer", "plus,equals_sign", "Longer", SUMMARY,
           "Add a sentence to the summary", show=True, key_display="+", keep=30),
    Action("reader.shorter", "reader", "shorter", "minus", "Shorter", SUMMARY,
           "Take a sentence from the summary", show=True, key_display="-", keep=29),
    Action("reader.next_algorithm", "reader", "next_algorithm", "a", "Algorithm", SUMMARY,
           "Summarise with the next method", show=True, keep=20),
    Action("reader.summary_marks", "reader", "toggle_summary_highlights", "s", "Summary marks",
           SUMMARY, "Show or hide the summary's sentences marked in the article"),
    Action("reader.view", "reader", "cycle_view", "v", "View", SUMMARY,
           "Show both panes, the article alone, or the summary alone"),
    Action("reader.copy_summary", "reader", "copy_summary", "c", "Copy", COPYING,
           "Copy the summary as Markdown, with the title and link", show=True, keep=35),
    Action("reader.copy_summary_text", "reader", "copy_summary_text", "Y", "Copy summary text",
           COPYING, "Copy only the summary's sentences, one a line"),
    Action("reader.copy_sentence", "reader", "copy_sentence", "y", "Copy sentence", COPYING,
           "Copy the sentence under the reading cursor"),
    Action("reader.copy_notes", "reader", "copy_notes", "C", "Copy notes", COPYING,
           "Copy this article's notes and highlights as Markdown"),
    Action("reader.notes", "reader", "notes", "e", "Notes", NOTES,
           "Write notes beside the article (saved as you type; Escape leaves them)", show=True,
           keep=45),
    Action("reader.highlight", "reader", "highlight", "h", "Highlight", NOTES,
           "Highlight the sentence under the cursor (again: remove it)", show=True, keep=40),
    Action("reader.highlight_note", "reader", "highlight_note", "H", "Highlight note", NOTES,
           "Write a note on the highlight under the cursor"),
    Action("reader.tag", "reader", "tag", "t", "Tags", NOTES,
           "Tag this article (the library lists and searches tags)"),
    Action("reader.links", "reader", "links", "f", "Links", LINKS,
           "List the article's links"),
    Action("reader.open_link", "reader", "open_link", "enter", "Open link", LINKS,
           "Open the link in the sentence under the cursor"),
    Action("reader.browser", "reader", "open_in_browser", "B", "Open in browser", LINKS,
           "Open the link under the cursor, else this article, in the web browser"),
    Action("reader.next_reading", "reader", "next_reading", "x", "Other reading", ARTICLES,
           "Wrong part of the page? Extract it another way: the runner-up, its main part, "
           "the whole page",
           palette="Other reading: wrong part of the page? Read it another way (extract again)"),
    # -- the article pane --------------------------------------------------------------------
    Action("article.scroll_down", "article", "scroll_lines(1)", "j,down", "Scroll down", MOVING,
           "One line down"),
    Action("article.scroll_up", "article", "scroll_lines(-1)", "k,up", "Scroll up", MOVING,
           "One line up"),
    Action("article.page_down", "article", "scroll_pages(1)", "space,pagedown", "Page down",
           MOVING, "One screen down"),
    Action("article.page_up", "article", "scroll_pages(-1)", "b,pageup", "Page up", MOVING,
           "One screen up"),
    Action("article.top", "article", "top", "g,home", "Top", MOVING,
           "The beginning (the cursor on the first sentence)"),
    Action("article.bottom", "article", "bottom", "G,end", "Bottom", MOVING,
           "The end (the cursor on the last sentence)"),
    Action("article.next_sentence", "article", "next_sentence", "right_parenthesis",
           "Next sentence", MOVING, "The reading cursor to the next sentence", key_display=")"),
    Action("article.previous_sentence", "article", "previous_sentence", "left_parenthesis",
           "Previous sentence", MOVING, "The reading cursor to the previous sentence",
           key_display="("),
    # -- the summary pane --------------------------------------------------------------------
    Action("summary.down", "summary", "cursor_down", "j", "Next summary sentence", SUMMARY_LIST),
    Action("summary.up", "summary", "cursor_up", "k", "Previous summary sentence", SUMMARY_LIST),
    Action("summary.first", "summary", "first", "g", "First summary sentence", SUMMARY_LIST),
    Action("summary.last", "summary", "last", "G", "Last summary sentence", SUMMARY_LIST),
    Action("summary.jump", "summary", "select", "enter", "Jump to it", SUMMARY_LIST,
           "Show the chosen sentence in the article"),
    # -- notes editor and find bar -----------------------------------------------------------
    Action("notes.leave", "notes", "leave", "escape", "Back to the article", NOTES,
           "Leave the notes (they are saved) and go back to the article", show=True, keep=70),
    # (priority: the find field would take these keys first; they act only inside the bar)
    Action("find.close", "find", "close", "escape", "Close find", FIND_BAR, show=True, keep=70,
           priority=True),
    Action("find.keep", "find", "keep", "enter", "Keep matches", FIND_BAR,
           "Back to the article with the matches kept (n and N step)", show=True, keep=65,
           priority=True),
    Action("find.next", "find", "step(1)", "down", "Next match", FIND_BAR, show=True, keep=60,
           priority=True),
    Action("find.previous", "find", "step(-1)", "up", "Previous match", FIND_BAR, show=True,
           keep=59, priority=True),
    # -- library -----------------------------------------------------------------------------
    Action("library.search", "library", "search", "slash", "Search", LIBRARY,
           "Search titles, text, tags, notes and highlights; tag:NAME, site:HOST and "
           "is:unread, is:archived or is:starred filter", show=True, key_display="/", keep=50),
    # (on the list itself: the search field keeps its own Enter)
    Action("library.open", "library-table", "choose", "enter", "Read", LIBRARY,
           "Open the selected article", show=True, keep=60),
    Action("library.tag", "library", "tag", "t", "Tags", LIBRARY,
           "Edit the selected article's tags", show=True, keep=40),
    Action("library.archive", "library", "archive", "a", "Archive", LIBRARY,
           "Archive the selected article (again: back to unread)", show=True, keep=35),
    Action("library.star", "library", "star", "asterisk", "Star", LIBRARY,
           "Star the selected article (again: remove the star)", key_display="*"),
    Action("library.sort", "library", "sort", "s", "Sort", LIBRARY,
           "Sort by last opened, date saved, title, site, date published or progress",
           show=True, keep=30),
    Action("library.delete", "library", "delete", "d,delete", "Delete", LIBRARY,
           "Delete the selected article (asks first; u brings it back)", show=True, keep=20),
    Action("library.undo", "library", "undo", "u", "Undo delete", LIBRARY,
           "Bring back the article deleted last"),
    Action("library.back", "library", "back", "escape", "Back", LIBRARY,
           "Back to the article (clears the search first)", show=True, keep=65),
    Action("library.down", "library-table", "cursor_down", "j,down", "Down", LIBRARY_MOVING,
           "The next article"),
    Action("library.up", "library-table", "cursor_up", "k,up", "Up", LIBRARY_MOVING,
           "The previous article"),
    Action("library.page_down", "library-table", "page(1)", "pagedown,space", "Page down",
           LIBRARY_MOVING, "One screen down"),
    Action("library.page_up", "library-table", "page(-1)", "pageup,b", "Page up",
           LIBRARY_MOVING, "One screen up"),
    Action("library.first", "library-table", "first", "g,home", "First", LIBRARY_MOVING,
           "The first article"),
    Action("library.last", "library-table", "last", "G,end", "Last", LIBRARY_MOVING,
           "The last article"),
    # -- links, open dialog, help, dialogs ---------------------------------------------------
    Action("links.open", "links", "open", "enter", "Open in reader", LINK_LIST,
           "Open the highlighted link here", show=True, keep=60),
    Action("links.browser", "links", "browser", "b", "Open in browser", LINK_LIST,
           "Open the highlighted link in the web browser", show=True, keep=50),
    Action("links.down", "links", "move(1)", "j", "Next link", LINK_LIST),
    Action("links.up", "links", "move(-1)", "k", "Previous link", LINK_LIST),
    Action("links.close", "links", "close", "escape", "Close", LINK_LIST,
           "Close the list", show=True, keep=70),
    Action("open.open", "open", "submit", "enter", "Open", OPEN,
           "Open what is typed", show=True, keep=60),
    Action("open.complete", "open", "complete", "tab", "Complete", OPEN,
           "Complete the path (again: the next match)", show=True, keep=50),
    Action("open.cancel", "open", "cancel", "escape", "Cancel", OPEN, show=True, keep=70),
    Action("help.down", "help", "scroll(1)", "j,down", "Scroll down", HELP),
    Action("help.up", "help", "scroll(-1)", "k,up", "Scroll up", HELP),
    Action("help.page_down", "help", "page(1)", "space,pagedown", "Page down", HELP),
    Action("help.page_up", "help", "page(-1)", "b,pageup", "Page up", HELP),
    Action("help.top", "help", "edge(0)", "g,home", "Top", HELP),
    Action("help.bottom", "help", "edge(1)", "G,end", "Bottom", HELP),
    Action("help.close", "help", "dismiss_help", "escape,q,question_mark,f1", "Close help", HELP,
           show=True, keep=ESSENTIAL),
    Action("confirm.yes", "confirm", "answer(True)", "y", "Yes", DIALOG, show=True, keep=60),
    Action("confirm.no", "confirm", "answer(False)", "n,escape", "No", DIALOG, show=True,
           keep=60),
    Action("prompt.save", "prompt", "submit", "enter", "Save", DIALOG, show=True, keep=60),
    Action("prompt.cancel", "prompt", "cancel", "escape", "Cancel", DIALOG, show=True, keep=60),
    Action("unsaved.retry", "unsaved", "retry", "r", "Try again", DIALOG,
           "Try to save to the library again now", show=True, keep=50),
    Action("unsaved.rescue", "unsaved", "rescue", "w", "Rescue file", DIALOG,
           "Write the unsaved text to a file in another folder, then quit", show=True, keep=50),
    Action("unsaved.copy", "unsaved", "copy", "c", "Copy", DIALOG,
           "Copy the unsaved text to the clipboard", show=True, keep=50),
    Action("unsaved.quit", "unsaved", "quit_anyway", "q", "Quit anyway", DIALOG,
           "Quit once the text is copied or rescued", show=True, keep=50),
    Action("unsaved.stay", "unsaved", "stay", "escape", "Keep reading", DIALOG, show=True,
           keep=60),
)

BY_ID: dict[str, Action] = {a.id: a for a in ACTIONS}
assert len(BY_ID) == len(ACTIONS), "duplicate action ids"
assert all(a.scope in SCOPES for a in ACTIONS), "unknown scope"

# Scopes whose keys serve only while their bar or dialog has focus: not in the palette.
NOT_IN_PALETTE = frozenset({"find", "confirm", "prompt", "help", "links", "open", "unsaved"})
NOT_IN_HELP: frozenset[str] = frozenset()


class Scoped:
    """Mixed into every screen and widget that owns keys: `SCOPE` names its registry scope."""

    SCOPE: ClassVar[str]

    def footer_hidden(self, action: str) -> bool:
        """True: the footer leaves `action` out for now (it cannot act; its key says why)."""
        return False

    def offered(self, action: str) -> bool:
        """False: help and the palette leave `action` out for now, since there is nothing for
        it to act on (no failed address to retry); its key still answers, saying so."""
        return True


def for_scope(scope: str) -> list[Action]:
    """The actions of one scope, in registry order."""
    return [a for a in ACTIONS if a.scope == scope]


def bindings(scope: str) -> list[BindingType]:
    """Textual bindings for a node of `scope` (its class's `BINDINGS`)."""
    from textual.binding import Binding

    return [Binding(a.keys, a.action, a.description, show=a.show, key_display=a.key_display,
                    priority=a.priority, tooltip=a.help, id=a.id)
            for a in for_scope(scope)]
