"""The library screen (`l`): every saved article, full-text search, open, tag, delete, undo.

A table of title, site, date (published, else saved), notes (the note plus highlights) and
reading progress. Typing in the search box searches titles, article text, notes and
highlights (FTS5) as you type; the line under the table shows where the words were found.
Deleting asks first and moves the article to the trash; `u` brings back the last deleted
article, for as long as the app runs (the trash is emptied after 30 days).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static

from reader.core.errors import ReaderError
from reader.core.safety import clean, clean_line
from reader.ui.notes_ux import app_library, library_location

SORT_LABELS = {
    "opened": "last opened", "saved": "date saved", "title": "title", "site": "site",
    "published": "date published", "progress": "progress",
}
SEARCH_DELAY = 0.15
FIXED_COLUMNS = 16 + 10 + 5 + 8 + 8  # site, date, notes, progress, cell padding


class LibraryTable(DataTable):
    """The article list (row cursor; vim keys on top of the arrows)."""

    HELP_GROUP = "Library"
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="library.down"),
        Binding("k", "cursor_up", "Up", show=False, id="library.up"),
        Binding("g", "scroll_top", "First", show=False, id="library.first"),
        Binding("G", "scroll_bottom", "Last", show=False, id="library.last"),
    ]


class LibraryScreen(Screen):
    """Saved articles; see the module docstring."""

    HELP_GROUP = "Library"
    BINDINGS = [
        Binding("escape", "back", "Back", id="library.back",
                tooltip="Back to the article (clears the search first)"),
        Binding("slash", "search", "Search", key_display="/", id="library.search",
                tooltip="Search titles, text, notes and highlights"),
        Binding("enter", "open", "Open", show=False, id="library.open",
                tooltip="Open the selected article"),
        Binding("d,delete", "delete", "Delete", id="library.delete",
                tooltip="Delete the selected article (asks first; u undoes)"),
        Binding("u", "undo", "Undo delete", id="library.undo",
                tooltip="Bring back the last deleted article"),
        Binding("t", "tag", "Tags", id="library.tag", tooltip="Edit the selected article's tags"),
        Binding("s", "sort", "Sort", id="library.sort", tooltip="Change the sort order"),
    ]

    def __init__(self, *, name: str | None = None, id: str | None = "library") -> None:
        super().__init__(name=name, id=id)
        self.sort = "opened"
        self.query_text = ""
        self.records = []
        self.snippets: dict[int, str] = {}
        self._timer: Timer | None = None

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Static("Library", id="library-title")
        yield Input(placeholder="Search titles, article text, notes and highlights  (/)",
                    id="library-search")
        yield LibraryTable(cursor_type="row", zebra_stripes=True, id="library-table")
        yield Static("", id="library-status")
        yield Footer()

    @property
    def table(self) -> LibraryTable:
        return self.query_one(LibraryTable)

    @property
    def library(self):
        return app_library(self.app)

    @property
    def undo_stack(self) -> list[tuple[int, str]]:
        """Deleted (id, title) pairs of this app session, newest last (shared by screens)."""
        stack = getattr(self.app, "_reader_library_undo", None)
        if stack is None:
            stack = []
            self.app._reader_library_undo = stack
        return stack

    def on_mount(self) -> None:
        library = self.library
        if library is not None:
            try:
                library.purge_deleted()
            except ReaderError:
                pass
        self.refresh_rows()
        self.table.focus()

    def on_resize(self) -> None:
        self.refresh_rows(keep=True)

    # ----------------------------------------------------------------- rows
    def _title_width(self) -> int:
        return max(20, self.size.width - FIXED_COLUMNS - 2)

    def refresh_rows(self, *, keep: bool = False) -> None:
        """Reload from the store: the search results, or every article in the sort order."""
        library = self.library
        table = self.table
        selected = self.selected_id() if keep else None
        self.snippets = {}
        if library is None:
            self.records = []
        else:
            try:
                if self.query_text.strip():
                    hits = library.search(self.query_text, limit=200)
                    self.records = [h.record for h in hits]
                    self.snippets = {h.record.id: h.snippet for h in hits}
                else:
                    self.records = library.list_articles(self.sort)
            except ReaderError as exc:
                self.records = []
                self.app.notify(clean(str(exc)), title="Library", severity="error")
        table.clear(columns=True)
        width = self._title_width()
        table.add_column("Title", width=width, key="title")
        table.add_column("Site", width=16, key="site")
        table.add_column("Date", width=10, key="date")
        table.add_column(Text("Notes", justify="right"), width=5, key="notes")
        table.add_column(Text("Read", justify="right"), width=4, key="progress")
        for record in self.records:
            title = clean_line(record.title) or clean_line(record.link) or "(untitled)"
            if len(title) > width:
                title = title[:width - 1] + "…"
            site = clean_line(record.site) or _host(record)
            date = (record.published or record.saved or "")[:10]
            notes = str(record.notes_count) if record.notes_count else ""
            if len(site) > 16:
                site = site[:15] + "…"
            table.add_row(Text(title), Text(site), Text(date),
                          Text(notes, justify="right"),
                          Text(f"{round(record.progress * 100)}%", justify="right"),
                          key=str(record.id))
        if selected is not None and str(selected) in table.rows:
            table.move_cursor(row=table.get_row_index(str(selected)))
        self._update_title()
        self._update_status()

    def _update_title(self) -> None:
        count = len(self.records)
        noun = "article" if count == 1 else "articles"
        if self.query_text.strip():
            text = f"Library · {count} {noun} match “{clean_line(self.query_text)}”"
        else:
            text = f"Library · {count} {noun} · sorted by {SORT_LABELS[self.sort]}"
        self.query_one("#library-title", Static).update(Text(text))

    def _update_status(self) -> None:
        status = self.query_one("#library-status", Static)
        if not self.records:
            status.update(Text(
                "Nothing matches; try other words." if self.query_text.strip() else
                "The library is empty: every article you open is saved here, with its notes."))
            return
        record = self.selected_record()
        if record is None:
            status.update("")
            return
        snippet = self.snippets.get(record.id)
        line = snippet if snippet else clean_line(record.link)
        tags = f"  [{', '.join(record.tags)}]" if record.tags else ""
        status.update(Text(clean_line(line) + tags))

    def selected_id(self) -> int | None:
        table = self.table
        if not self.records or table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:  # noqa: BLE001 - no cursor
            return None
        return int(key.value) if key.value is not None else None

    def selected_record(self):
        article_id = self.selected_id()
        return next((r for r in self.records if r.id == article_id), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._update_status()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    # ----------------------------------------------------------------- search
    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, self.refresh_rows, name="library search")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self.query_text = event.value
        self.refresh_rows()
        self.table.focus()

    def action_search(self) -> None:
        self.query_one(Input).focus()

    def action_back(self) -> None:
        search = self.query_one(Input)
        if search.has_focus and search.value:
            search.value = ""
            self.query_text = ""
            self.refresh_rows()
            return
        if search.has_focus:
            self.table.focus()
            return
        self.dismiss_library()

    def dismiss_library(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_sort(self) -> None:
        names = list(SORT_LABELS)
        self.sort = names[(names.index(self.sort) + 1) % len(names)]
        if self.query_text.strip():
            self.app.notify("Search results are ordered by relevance; clear the search to "
                            "see the new order.", timeout=4)
        self.refresh_rows()

    # ----------------------------------------------------------------- actions
    def action_open(self) -> None:
        record = self.selected_record()
        library = self.library
        if record is None or library is None:
            return
        try:
            article = library.load_article(record.id)
        except ReaderError as exc:
            self.app.notify(clean(str(exc)), title="Could not open", severity="error")
            return
        self.app.show_article(article, location=library_location(record))

    def action_delete(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        from reader.ui.screens.dialogs import Confirm
        title = clean_line(record.title) or clean_line(record.link)
        extra = []
        if record.note_chars:
            extra.append("its note")
        if record.highlight_count:
            extra.append(f"{record.highlight_count} highlight"
                         f"{'s' if record.highlight_count != 1 else ''}")
        body = ("With it go " + " and ".join(extra) + ". " if extra else "") + \
            "Press u to undo while reader is open."

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(record.id, title)

        self.app.push_screen(Confirm(f"Delete “{title}” from the library?", body, yes="Delete"),
                             answered)

    def _delete(self, article_id: int, title: str) -> None:
        library = self.library
        if library is None:
            return
        try:
            if not library.delete(article_id):
                return
        except ReaderError as exc:
            self.app.notify(clean(str(exc)), title="Not deleted", severity="error")
            return
        self.undo_stack.append((article_id, title))
        self.refresh_rows(keep=True)
        self.app.notify(f"Deleted “{title[:60]}”. Press u to undo.", title="Deleted", timeout=8)

    def action_undo(self) -> None:
        library = self.library
        if not self.undo_stack or library is None:
            self.app.notify("Nothing to undo.", timeout=3)
            return
        article_id, title = self.undo_stack.pop()
        try:
            restored = library.restore(article_id)
        except ReaderError as exc:
            self.app.notify(clean(str(exc)), title="Not restored", severity="error")
            return
        self.refresh_rows()
        if restored and str(article_id) in self.table.rows:
            self.table.move_cursor(row=self.table.get_row_index(str(article_id)))
        self.app.notify(f"Restored “{title[:60]}”." if restored else
                        f"“{title[:60]}” could not be restored.", timeout=5)

    def action_tag(self) -> None:
        record = self.selected_record()
        library = self.library
        if record is None or library is None:
            return
        from reader.ui.screens.dialogs import TextPrompt

        def done(value: str | None) -> None:
            if value is None:
                return
            wanted = {t.strip().lower() for t in value.split(",") if clean_line(t)}
            wanted = {clean_line(t) for t in wanted}
            try:
                for tag in set(record.tags) - wanted:
                    library.remove_tag(record.id, tag)
                for tag in wanted - set(record.tags):
                    library.add_tag(record.id, tag)
            except ReaderError as exc:
                self.app.notify(clean(str(exc)), title="Tags", severity="error")
            self.refresh_rows(keep=True)

        self.app.push_screen(TextPrompt("Tags (comma separated)",
                                        clean_line(record.title),
                                        ", ".join(record.tags)), done)


def _host(record) -> str:
    from urllib.parse import urlsplit
    if record.url and "://" in record.url:
        host = urlsplit(record.url).hostname or ""
        return host.removeprefix("www.")
    return "local file" if not record.key.startswith("text:") else "pasted text"
