"""The library screen (`l`): every saved article, full-text search, open, tag, delete, undo.

A table of title, site, date (published, else saved), notes (the note plus highlights) and
reading progress. Typing in the search box searches titles, article text, notes and
highlights (FTS5) as you type; the line under the table shows where the words were found.
Deleting asks first and moves the article to the trash; `u` brings back the last deleted
article, for as long as the app runs (the trash is emptied after 30 days).

Reading the rows and searching run in an exclusive thread worker (the newest query wins);
deleting, restoring and tagging go through the app's library writer: never the UI thread.
"""

from __future__ import annotations

from rich.text import Text
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from reader.core.errors import ReaderError
from reader.core.models import Article
from reader.core.safety import clean, clean_line
from reader.store import ArticleRecord, Library
from reader.ui.actions import Scoped, bindings
from reader.ui.screens.reader.annotations import library_location
from reader.ui.screens.tags import edit_tags
from reader.ui.widgets.footer import KeyFooter
from reader.ui.wording import plural, verb

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

SORT_LABELS = {
    "opened": "last opened", "saved": "date saved", "title": "title", "site": "site",
    "published": "date published", "progress": "progress",
}
SEARCH_DELAY = 0.15
FIXED_COLUMNS = 16 + 10 + 5 + 8 + 8  # site, date, notes, progress, cell padding


class LibraryTable(Scoped, DataTable):
    """The article list (row cursor; vim keys on top of the arrows)."""

    SCOPE = "library-table"
    BINDINGS = bindings("library-table")


class LibraryScreen(Scoped, Screen[None]):
    """Saved articles; see the module docstring."""

    SCOPE = "library"
    BINDINGS = bindings("library")

    @dataclass
    class Rows(Message):
        """The worker read the rows to show (`error`: why it could not)."""

        records: list[ArticleRecord]
        snippets: dict[int, str]
        keep: int | None
        error: str | None = None

    def __init__(self, *, name: str | None = None, id: str | None = "library") -> None:
        super().__init__(name=name, id=id)
        self.sort = "opened"
        self.query_text = ""
        self.records: list[ArticleRecord] = []
        self.snippets: dict[int, str] = {}
        self._timer: Timer | None = None
        self._width = 0

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Static("Library", id="library-title")
        yield Input(placeholder="Search titles, article text, notes and highlights  (/)",
                    id="library-search")
        yield LibraryTable(cursor_type="row", zebra_stripes=True, id="library-table")
        yield Static("", id="library-status")
        yield KeyFooter()

    @property
    def reader_app(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    @property
    def table(self) -> LibraryTable:
        return self.query_one(LibraryTable)

    def on_mount(self) -> None:
        self._width = self.size.width
        self.refresh_rows(purge=True)
        self.table.focus()

    def on_resize(self) -> None:
        if self.size.width != self._width:  # only the title column's width depends on it
            self._width = self.size.width
            self._fill_table(self.selected_id())

    # ----------------------------------------------------------------- rows
    def _title_width(self) -> int:
        return max(20, self.size.width - FIXED_COLUMNS - 2)

    def refresh_rows(self, *, keep: bool = False, purge: bool = False,
                     select: int | None = None) -> None:
        """Reload from the store (in a worker): the search results, or every article; the
        cursor stays on the selected article (`keep`) or moves to `select`."""
        self._read_rows(self.query_text, self.sort,
                        select if select is not None else self.selected_id() if keep else None,
                        purge)

    @work(thread=True, exclusive=True, group="library-rows", exit_on_error=False)
    def _read_rows(self, query: str, sort: str, keep: int | None, purge: bool) -> None:
        worker = get_current_worker()
        error: str | None = None
        try:
            library = self.reader_app.library.get()
            if purge:
                library.purge_deleted()
            if query.strip():
                hits = library.search(query, limit=200)
                records = [h.record for h in hits]
                snippets = {h.record.id: h.snippet for h in hits}
            else:
                records, snippets = library.list_articles(sort), {}
        except ReaderError as exc:
            records, snippets, error = [], {}, str(exc)
        if not worker.is_cancelled:
            self.post_message(self.Rows(records, snippets, keep, error))

    def on_library_screen_rows(self, message: Rows) -> None:
        self.records, self.snippets = message.records, message.snippets
        if message.error:
            self.app.notify(clean(message.error), title="Library", severity="error")
        self._fill_table(message.keep)

    def _fill_table(self, selected: int | None) -> None:
        table = self.table
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
        self.refresh_bindings()  # the footer offers open, tag and delete only with a selection

    def _update_title(self) -> None:
        count = len(self.records)
        if self.query_text.strip():
            text = (f"Library · {plural(count, 'article')} {verb(count, 'matches')} "
                    f"“{clean_line(self.query_text)}”")
        else:
            text = f"Library · {plural(count, 'article')} · sorted by {SORT_LABELS[self.sort]}"
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

    def selected_record(self) -> ArticleRecord | None:
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
    def footer_hidden(self, action: str) -> bool:
        """Keys that act on the selected article leave the footer while there is none."""
        return action in ("open", "tag", "delete") and self.selected_record() is None

    def _selected_or_say(self, what: str) -> ArticleRecord | None:
        """The selected article, or None after saying why there is nothing to `what`."""
        record = self.selected_record()
        if record is None:
            self.app.notify(f"There is no article to {what}: "
                            + ("nothing matches the search." if self.query_text.strip() else
                               "the library is empty."), timeout=4)
        return record

    def action_open(self) -> None:
        record = self._selected_or_say("open")
        if record is not None:
            self._load_article(record)

    @work(thread=True, exclusive=True, group="library-open", exit_on_error=False)
    def _load_article(self, record: ArticleRecord) -> None:
        try:
            article = self.reader_app.library.get().load_article(record.id)
        except ReaderError as exc:
            self.app.call_from_thread(self.app.notify, clean(str(exc)), title="Could not open",
                                      severity="error")
            return
        self.app.call_from_thread(self._show, article, library_location(record))

    def _show(self, article: Article, location: str) -> None:
        self.reader_app.show_article(article, location=location)

    def action_delete(self) -> None:
        record = self._selected_or_say("delete")
        if record is None:
            return
        from reader.ui.screens.dialogs import Confirm
        title = clean_line(record.title) or clean_line(record.link)
        extra = []
        if record.note_chars:
            extra.append("its note")
        if record.highlight_count:
            extra.append(plural(record.highlight_count, "highlight"))
        body = ("With it go " + " and ".join(extra) + ". " if extra else "") + \
            "Press u to undo while reader is open."

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(record.id, title)

        self.app.push_screen(Confirm(f"Delete “{title}” from the library?", body, yes="Delete"),
                             answered)

    def _delete(self, article_id: int, title: str) -> None:
        def deleted(done: bool) -> None:
            if not done:
                return
            self.reader_app.deleted.append((article_id, title))
            self.refresh_rows(keep=True)
            self.app.notify(f"Deleted “{title[:60]}”. Press u to undo.", title="Deleted",
                            timeout=8)

        self.reader_app.library.submit(
            lambda library: library.delete(article_id), what=None, done=deleted,
            failed=lambda message: self.app.notify(clean(message), title="Not deleted",
                                                   severity="error"))

    def action_undo(self) -> None:
        undo = self.reader_app.deleted
        if not undo:
            self.app.notify("There is nothing to undo: no article was deleted.", timeout=3)
            return
        article_id, title = undo.pop()

        def restored(done: bool) -> None:
            self.refresh_rows(keep=False, select=article_id if done else None)
            self.app.notify(f"Restored “{title[:60]}”." if done else
                            f"“{title[:60]}” could not be restored.", timeout=5)

        self.reader_app.library.submit(
            lambda library: library.restore(article_id), what=None, done=restored,
            failed=lambda message: self.app.notify(clean(message), title="Not restored",
                                                   severity="error"))

    def action_tag(self) -> None:
        record = self._selected_or_say("tag")
        if record is not None:
            edit_tags(self.reader_app, record.id, record.title or record.link,
                      done=lambda tags: self.refresh_rows(keep=True))


def _host(record: ArticleRecord) -> str:
    from urllib.parse import urlsplit
    if record.url and "://" in record.url:
        host = urlsplit(record.url).hostname or ""
        return host.removeprefix("www.")
    return "local file" if not record.key.startswith("text:") else "pasted text"
