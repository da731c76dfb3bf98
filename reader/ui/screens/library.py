"""The library screen (`l`): every saved article, searched and filtered as you type, opened,
tagged, archived, starred, deleted and brought back.

Built for a lifetime of reading (100,000 articles): the list (`ArticleList`) is virtualised and
reads its rows a page at a time from the store's paged listing, so the first rows show after
one count and one page, whatever the library's size, and nothing is read twice. Typing in the
search box asks the store in an exclusive worker (the newest query wins; a late answer for an
older query is dropped by the list's generation): words go to the full-text search (titles,
text, tags, notes, highlights), and `tag:NAME`, `site:HOST`, `is:unread|archived|starred` (and
`-tag:`/`-is:`) filter; a query of filters alone pages through the listing like the whole
library. Search results arrive in two steps (the best 50 at once, the rest when typing
pauses), so each key is answered quickly.

Deleting asks first and moves the article to the trash; `u` brings back the last deleted
article, for as long as the app runs (the trash is emptied after 30 days). Every write goes
through the app's library writer: never the UI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker, get_current_worker

from reader.core.errors import ReaderError
from reader.core.models import Article
from reader.core.safety import clean, clean_line
from reader.ui.actions import Scoped, bindings
from reader.ui.screens.reader.annotations import library_location
from reader.ui.screens.tags import edit_tags
from reader.ui.widgets.article_list import FAILED_MARK, PAGE_ROWS, ArticleList, header_text
from reader.ui.widgets.footer import KeyFooter
from reader.ui.wording import fit_words, plural, verb

if TYPE_CHECKING:
    from reader.store import ArticleFilter, ArticleRecord, Library
    from reader.ui.app import ReaderApp

SORT_LABELS = {
    "opened": "last opened", "saved": "date saved", "title": "title", "site": "site",
    "published": "date published", "progress": "progress",
}
SEARCH_DELAY = 0.02   # coalesce a burst of keys (a paste); each key is answered on its own
SEARCH_FIRST = 50     # hits in the first answer to a search
SEARCH_MORE = 500     # hits in the second, read when typing pauses
SEARCH_PAUSE = 0.3    # seconds without a key before the second answer is read
WRITES_WAIT = 0.5     # seconds the first read waits for the writes queued before it


def fetch_failures(library: Library, records: list[ArticleRecord]) -> dict[int, str]:
    """Why the download of each of `records` failed (those not fetched yet whose last try
    failed), by article id: one index lookup per row not fetched yet, none for the others."""
    waiting = [r for r in records if r.to_fetch and r.url]
    if not waiting:
        return {}
    items = library.fetch_queue.for_urls([r.url or "" for r in waiting])
    out: dict[int, str] = {}
    for record in waiting:
        item = items.get(record.url or "")
        if item is not None and item.state == "failed":
            out[record.id] = clean_line(item.last_error) or "The download failed."
    return out


def _pause(worker: Worker[None], seconds: float) -> bool:
    """Wait `seconds` in a worker thread; True if the worker was cancelled meanwhile."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if worker.is_cancelled:
            return True
        time.sleep(0.02)
    return worker.is_cancelled


@dataclass
class ListView:
    """What the list shows: everything (filters may narrow it) in `sort` order, or the hits of
    a search (`words`)."""

    query: str = ""
    sort: str = "opened"
    words: bool = False            # the query has words: search hits, best first
    filters: ArticleFilter | None = None


class LibraryScreen(Scoped, Screen[None]):
    """Saved articles; see the module docstring."""

    SCOPE = "library"
    BINDINGS = bindings("library")

    @dataclass
    class Rows(Message):
        """A worker read what to show: `total` rows, `records` from the first; `snippets` for
        search hits; `final`: nothing more comes for this query."""

        view: ListView
        total: int
        records: list[ArticleRecord]
        snippets: dict[int, str]
        keep: int | None
        final: bool = True
        error: str | None = None
        failures: dict[int, str] = field(default_factory=dict)

    @dataclass
    class Page(Message):
        generation: int
        offset: int
        records: list[ArticleRecord]
        failures: dict[int, str] = field(default_factory=dict)

    def __init__(self, *, name: str | None = None, id: str | None = "library") -> None:
        super().__init__(name=name, id=id)
        self.sort = "opened"
        self.query_text = ""
        self.view = ListView()
        self.snippets: dict[int, str] = {}
        self.total = 0
        self.more = False             # a search found more hits than it shows
        self._timer: Timer | None = None
        self._last_key = 0.0                # when the search field last changed (monotonic)
        self._loaded = False
        self._shown: tuple[str, str] | None = None  # (query, sort) the list shows

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Static("Library", id="library-title")
        yield Input(placeholder="Search words, or filter: tag:NAME site:HOST "
                                "is:unread|archived|starred", id="library-search")
        yield Static("", id="library-header")
        yield ArticleList(id="library-list")
        yield Static("", id="library-status")
        yield KeyFooter()

    @property
    def reader_app(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    def on_mount(self) -> None:
        self.article_list.focus()
        self.refresh_rows(purge=True)  # (after the writes queued before it: see `_read`)

    def on_resize(self) -> None:
        # Only the header is redrawn: the list renders its own lines at any width.
        self._update_header()

    def _update_header(self) -> None:
        listing = self.article_list
        width = listing.scrollable_content_region.width or self.size.width - 2
        self.query_one("#library-header", Static).update(header_text(width, listing.sort))

    # ----------------------------------------------------------------- rows
    def refresh_rows(self, *, keep: bool = False, purge: bool = False,
                     select: int | None = None) -> None:
        """Read the list again (in a worker): the search hits, or every article; the cursor
        stays on the selected article (`keep`) or moves to `select`."""
        selected = self.selected_record()
        keep_id = select if select is not None else selected.id if keep and selected else None
        self._read(self.query_text, self.sort, keep_id, purge)

    @work(thread=True, exclusive=True, group="library-rows", exit_on_error=False)
    def _read(self, query: str, sort: str, keep: int | None, purge: bool) -> None:
        from reader.store import fts_query, parse_query
        worker = get_current_worker()
        parsed = parse_query(query)
        view = ListView(query, sort, fts_query(parsed.text) is not None, parsed.filters)

        def post(total: int, records: list[ArticleRecord], snippets: dict[int, str],
                 final: bool = True, error: str | None = None) -> None:
            if not worker.is_cancelled:
                failures = fetch_failures(library, records) if records else {}
                self.post_message(self.Rows(view, total, records, snippets, keep, final, error,
                                            failures))

        try:
            if purge:  # the first read: the reading screen's last position is queued
                self.reader_app.library.drain(WRITES_WAIT)
            library = self.reader_app.library.get()
            if view.words:
                hits = library.search(query, limit=SEARCH_FIRST, sort=sort)
                post(len(hits), [h.record for h in hits], {h.record.id: h.snippet for h in hits},
                     final=len(hits) < SEARCH_FIRST)
                # The rest once typing pauses: a query replaced by the next key never reads it
                # (a cancelled thread cannot stop a query that has started).
                if len(hits) == SEARCH_FIRST and not _pause(worker, SEARCH_PAUSE):
                    hits = library.search(query, limit=SEARCH_MORE, sort=sort)
                    post(len(hits), [h.record for h in hits],
                         {h.record.id: h.snippet for h in hits})
            else:
                filters = view.filters if query.strip() else None
                records = library.list_page(sort, filters, limit=PAGE_ROWS)
                total = len(records) if len(records) < PAGE_ROWS else \
                    library.count_articles(filters)
                post(total, records, {})
            if purge:
                library.purge_deleted()
        except ReaderError as exc:
            post(0, [], {}, error=str(exc))

    def on_library_screen_rows(self, message: Rows) -> None:
        self.view = message.view
        self.snippets = message.snippets
        self.total = message.total
        self.more = message.view.words and not message.final or \
            message.view.words and message.total >= SEARCH_MORE
        if message.error:
            self.app.notify(clean(message.error), title="Library", severity="error")
        listing = self.article_list
        same = (message.view.query, message.view.sort) == self._shown
        cursor = listing.cursor if same else 0  # the same list read again: stay in place
        if message.keep is not None:
            cursor = next((i for i, r in enumerate(message.records) if r.id == message.keep),
                          cursor)
        listing.reset(message.total, message.records, cursor=cursor, failures=message.failures,
                      sort=message.view.sort)
        self._update_header()
        self._shown = (message.view.query, message.view.sort)
        self._loaded = True
        self._update_title()
        self._update_status()
        self.refresh_bindings()  # the footer offers open, tag and delete only with a selection

    def on_article_list_need_rows(self, message: ArticleList.NeedRows) -> None:
        message.stop()
        view = self.view
        if view.words:
            return  # search hits are all given at once
        self._read_page(view, message.generation, message.offset, message.limit)

    @work(thread=True, group="library-page", exit_on_error=False)
    def _read_page(self, view: ListView, generation: int, offset: int, limit: int) -> None:
        filters = view.filters if view.query.strip() else None
        try:
            library = self.reader_app.library.get()
            if offset > self.total // 2:
                # Near the end: read from the other end, so `G` is as quick as `g`.
                from_end = max(0, self.total - offset - limit)
                records = library.list_page(view.sort, filters, limit=limit, offset=from_end,
                                            reverse=True)[::-1]
            else:
                records = library.list_page(view.sort, filters, limit=limit, offset=offset)
            failures = fetch_failures(library, records)
        except ReaderError:
            return
        self.post_message(self.Page(generation, offset, records, failures))

    def on_library_screen_page(self, message: Page) -> None:
        self.article_list.add_rows(message.generation, message.offset, message.records,
                                   message.failures)

    def _update_title(self) -> None:
        count = self.total
        query = clean_line(self.query_text.strip())
        if self.view.words:
            found = f"{count:,}+ articles match" if self.more else \
                f"{plural(count, 'article')} {verb(count, 'matches')}"
            text = f"Library · {found} “{query}”"
        elif query:
            text = (f"Library · {plural(count, 'article')} {verb(count, 'matches')} “{query}” "
                    f"· sorted by {SORT_LABELS[self.sort]}")
        else:
            text = f"Library · {plural(count, 'article')} · sorted by {SORT_LABELS[self.sort]}"
        self.query_one("#library-title", Static).update(Text(text))

    def _update_status(self) -> None:
        status = self.query_one("#library-status", Static)
        if not self.total:
            status.update(Text(
                "Nothing matches; try other words, or clear the search with Escape."
                if self.query_text.strip() else
                "The library is empty: every article you open is saved here, with its notes."))
            return
        record = self.selected_record()
        if record is None:
            status.update("")
            return
        failure = self.article_list.failures.get(record.id)
        if failure is not None:
            # the key first, so a narrow screen never cuts it; the row shows the address
            key = self.reader_app.key_of("library.open")
            for address in {record.url, record.location} - {None, ""}:
                failure = failure.replace(f" for {address}", "")
            status.update(Text(f"{FAILED_MARK} Download failed ({key} tries again): {failure}"))
            return
        snippet = self.snippets.get(record.id)
        line = clean_line(snippet) if snippet else clean_line(record.link)
        marks = [m for m in ("★ starred" if record.starred else "",
                             "archived" if record.archived else "") if m]
        tags = f"  #{' #'.join(record.tags)}" if record.tags else ""
        status.update(Text(line + tags + (f"  ({', '.join(marks)})" if marks else "")))

    def selected_record(self) -> ArticleRecord | None:
        try:
            return self.article_list.selected
        except Exception:  # noqa: BLE001 - not composed yet
            return None

    def on_article_list_highlighted(self, message: ArticleList.Highlighted) -> None:
        message.stop()
        if self._loaded:
            self._update_status()
            self.refresh_bindings()

    def on_article_list_chosen(self, message: ArticleList.Chosen) -> None:
        message.stop()
        record = message.record or self._selected_or_say("read")
        if record is not None:
            self._load_article(record)

    # ----------------------------------------------------------------- search
    def on_input_changed(self, event: Input.Changed) -> None:
        """A key typed after a pause is answered at once; keys closer together than
        SEARCH_DELAY (a held key, a burst) are coalesced into one search after the last."""
        event.stop()
        self.query_text = event.value
        now = time.monotonic()
        burst, self._last_key = now - self._last_key < SEARCH_DELAY, now
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if burst:
            self._timer = self.set_timer(SEARCH_DELAY, self.refresh_rows, name="library search")
        else:
            self.refresh_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        if event.value != self.view.query:
            self.query_text = event.value
            self.refresh_rows()
        self.article_list.focus()

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
            self.article_list.focus()
            return
        self.dismiss_library()

    def dismiss_library(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_sort(self) -> None:
        names = list(SORT_LABELS)
        self.sort = names[(names.index(self.sort) + 1) % len(names)]
        if self.view.words:
            self.app.notify("Search results are in order of relevance; clear the search to "
                            f"see them sorted by {SORT_LABELS[self.sort]}.", timeout=4)
        else:
            self.refresh_rows()

    # ----------------------------------------------------------------- actions
    def footer_hidden(self, action: str) -> bool:
        """Keys that act on the selected article leave the footer while there is none."""
        return action in ("tag", "delete", "archive", "star") and self.selected_record() is None

    def _selected_or_say(self, what: str) -> ArticleRecord | None:
        """The selected article, or None after saying why there is nothing to `what`."""
        record = self.selected_record()
        if record is None:
            self.app.notify(f"There is no article to {what}: "
                            + ("nothing matches the search." if self.query_text.strip() else
                               "the library is empty." if not self.total else
                               "its row is still being read."), timeout=4)
        return record

    def action_open(self) -> None:
        record = self._selected_or_say("open")
        if record is not None:
            self._load_article(record)

    @work(thread=True, exclusive=True, group="library-open", exit_on_error=False)
    def _load_article(self, record: ArticleRecord) -> None:
        location = library_location(record)
        if record.to_fetch:
            # Imported (or saved for later) and not fetched yet, or its download failed: fetch
            # it now, as `o` would; the library keeps one entry for it, with its notes and
            # highlights. A failed one is also queued again, for `reader fetch`.
            url = record.url or ""
            if record.id in self.article_list.failures:
                self.reader_app.library.submit(
                    lambda library: library.fetch_queue.retry_failed(
                        [i.id for i in library.fetch_queue.for_urls([url]).values()]),
                    what=None)
            self.app.call_from_thread(self.reader_app.open_location, location)
            return
        try:
            article = self.reader_app.library.get().load_article(record.id)
        except ReaderError as exc:
            self.app.call_from_thread(self.app.notify, clean(str(exc)),
                                      title="The article could not be opened", severity="error")
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
        things = bool(record.note_chars) + record.highlight_count  # the verb agrees with them
        said = " and ".join(extra)
        body = (f"{said[0].upper()}{said[1:]} {'goes' if things == 1 else 'go'} with it. "
                if extra else "") + \
            f"Press {self.reader_app.key_of('library.undo')} to undo while reader is open."

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
            self.refresh_rows(keep=False, select=None)
            self.app.notify(f"Deleted “{fit_words(title, 60)}”; "
                            f"{self.reader_app.key_of('library.undo')} brings it back.",
                            title="Deleted", timeout=8)

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
            self.refresh_rows(select=article_id if done else None)
            self.app.notify(f"Restored “{fit_words(title, 60)}”." if done else
                            f"“{fit_words(title, 60)}” could not be restored.", timeout=5)

        self.reader_app.library.submit(
            lambda library: library.restore(article_id), what=None, done=restored,
            failed=lambda message: self.app.notify(clean(message), title="Not restored",
                                                   severity="error"))

    def action_tag(self) -> None:
        record = self._selected_or_say("tag")
        if record is not None:
            edit_tags(self.reader_app, record.id, record.title or record.link,
                      done=lambda tags: self.refresh_rows(keep=True))

    def action_archive(self) -> None:
        """`a`: archive the selected article; on an archived one: back to unread."""
        record = self._selected_or_say("archive")
        if record is None:
            return
        state = "unread" if record.archived else "archived"
        title = fit_words(clean_line(record.title), 60) or "the article"
        self._change(lambda library: library.set_state(record.id, state),
                     f"Archived “{title}”." if state == "archived" else
                     f"“{title}” is unread again.")

    def action_star(self) -> None:
        """`*`: star the selected article; on a starred one: remove the star."""
        record = self._selected_or_say("star")
        if record is None:
            return
        title = fit_words(clean_line(record.title), 60) or "the article"
        self._change(lambda library: library.set_starred(record.id, not record.starred),
                     f"Starred “{title}”." if not record.starred else
                     f"Removed the star from “{title}”.")

    def _change(self, job: Callable[[Library], object], message: str) -> None:
        def done(_: object) -> None:
            self.app.notify(message, timeout=3)
            self.refresh_rows(keep=True)

        self.reader_app.library.submit(
            job, what=None, done=done,
            failed=lambda error: self.app.notify(clean(error), title="Library",
                                                 severity="error"))
