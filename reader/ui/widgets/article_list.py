"""The library's list of articles: a virtualised, line-based view over rows it never holds all
at once.

Why not Textual's DataTable: it builds every row up front (100,000 rows take seconds before the
first one shows) and keeps them all. Here only the lines on screen are rendered (Textual's Line
API), and rows come in pages: the list knows how many rows there are (`total`) and holds the
pages read so far; a line whose row is missing asks for its page with `NeedRows`, and the
screen reads it from the store in a worker and hands it back with `add_rows`. A search result
(a list of at most a few hundred hits) is given whole with `reset(rows=...)`.

Each `reset` starts a new generation: pages that arrive for an older one (another query, another
sort) are dropped, so a late answer never shows under a new search.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from typing import TYPE_CHECKING

from reader.core.safety import clean_line
from reader.ui.actions import Scoped, bindings
from reader.ui.wording import progress_percent

if TYPE_CHECKING:
    from reader.store import ArticleRecord

PAGE_ROWS = 100         # rows read from the store at a time
WIDE = 100              # from this width on, tags get a column of their own


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    width: int
    right: bool = False


# The date column shows the date the list is sorted by, named in its header, so a row never
# mixes published and saved dates; sorted by anything else, the date saved (always known).
DATES: dict[str, tuple[str, Callable[[ArticleRecord], str | None]]] = {
    "saved": ("Saved", lambda r: r.saved),
    "opened": ("Opened", lambda r: r.last_opened),
    "published": ("Published", lambda r: r.published),
}


def date_of_sort(sort: str) -> str:
    """The `DATES` key the date column shows for a list in `sort` order."""
    return sort if sort in DATES else "saved"


def columns(width: int, sort: str = "saved") -> list[Column]:
    """The columns for a list `width` cells wide: the title takes what the others leave."""
    fixed = [Column("mark", "", 1), Column("site", "Site", 16)]
    if width >= WIDE:
        fixed.append(Column("tags", "Tags", 18))
    fixed += [Column("date", DATES[date_of_sort(sort)][0], 10), Column("notes", "Notes", 5, True),
              Column("read", "Read", 4, True)]
    gaps = len(fixed)  # one cell between columns
    title = max(12, width - sum(c.width for c in fixed) - gaps)
    return [fixed[0], Column("title", "Title", title), *fixed[1:]]


def host_of(record: ArticleRecord) -> str:
    if record.host:
        return record.host
    if record.key.startswith("text:"):
        return "pasted text"
    return "local file" if not record.url else ""


FAILED_MARK = "!"       # the mark of an article whose download failed (Enter tries again)


def cells(record: ArticleRecord, narrow: bool, failed: bool = False,
          sort: str = "saved") -> dict[str, str]:
    """What each column shows for `record` (tags follow the title when they have no column);
    `failed`: its download failed (the status line gives the reason); `sort`: the list's
    order, which decides the date shown."""
    title = clean_line(record.title) or clean_line(record.link) or "Untitled article"
    if narrow and record.tags:
        title += "  #" + " #".join(record.tags)
    mark = FAILED_MARK if failed else "★" if record.starred else "✓" if record.archived else ""
    return {
        "mark": mark,
        "title": title,
        "site": clean_line(record.site) or host_of(record),
        "tags": ", ".join(record.tags),
        "date": (DATES[date_of_sort(sort)][1](record) or "")[:10],
        "notes": str(record.notes_count) if record.notes_count else "",
        # the footer's figure: 0% once opened (as the footer said), blank if never opened
        "read": f"{progress_percent(record.progress)}%" if record.progress else
                "↓" if record.to_fetch else "0%" if record.last_opened else "",   # ↓: Enter fetches it
    }


def fitted(text: str, width: int, right: bool = False) -> str:
    """`text` in exactly `width` cells: cut with an ellipsis when too long."""
    if cell_len(text) > width:
        text = set_cell_size(text, max(0, width - 1)) + "…" if width > 1 else text[:width]
    padding = " " * max(0, width - cell_len(text))
    return padding + text if right else text + padding


def header_text(width: int, sort: str = "saved") -> Text:
    return Text(" ".join(fitted(c.title, c.width, c.right) for c in columns(width, sort)),
                no_wrap=True, overflow="crop", end="")


class ArticleList(Scoped, ScrollView, can_focus=True):
    """Rows of the library; see the module docstring. `cursor` is the selected row."""

    SCOPE = "library-table"
    BINDINGS = bindings("library-table")

    COMPONENT_CLASSES = {"article-list--cursor", "article-list--missing", "article-list--mark",
                         "article-list--tags"}
    DEFAULT_CSS = """
    ArticleList { overflow-x: hidden; overflow-y: auto; scrollbar-size-vertical: 1; }
    ArticleList > .article-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    ArticleList:blur > .article-list--cursor { background: $block-cursor-blurred-background; }
    ArticleList > .article-list--missing { color: $text-muted; }
    ArticleList > .article-list--mark { color: $accent; }
    ArticleList > .article-list--tags { color: $text-muted; }
    """

    @dataclass
    class NeedRows(Message):
        """Rows `offset` to `offset + limit` are on screen but not read yet."""

        generation: int
        offset: int
        limit: int

    @dataclass
    class Highlighted(Message):
        """The cursor moved to `record` (None: no rows, or the row is not read yet)."""

        record: ArticleRecord | None

    @dataclass
    class Chosen(Message):
        """Enter or a double click on `record` (None: there is no row to read there)."""

        record: ArticleRecord | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = 0
        self.rows: dict[int, ArticleRecord] = {}
        self.failures: dict[int, str] = {}    # article id -> why its download failed
        self.cursor = 0
        self.generation = 0
        self.sort = "saved"                   # the order shown, which decides the date column
        self._asked: set[int] = set()       # pages asked for in this generation
        self._styles: dict[str, Style] = {}

    # ----------------------------------------------------------------- content
    def reset(self, total: int, rows: list[ArticleRecord] | None = None, *, offset: int = 0,
              cursor: int = 0, failures: dict[int, str] | None = None,
              sort: str | None = None) -> int:
        """Show `total` rows, of which `rows` (from `offset`) are known, `failures` the
        reasons of those whose download failed; returns the new generation (the one
        `add_rows` must name)."""
        self.generation += 1
        if sort is not None:
            self.sort = sort
        self.total = max(0, total)
        self.rows = {}
        self.failures = dict(failures or {})
        self._asked = set()
        for i, record in enumerate(rows or ()):
            self.rows[offset + i] = record
        self.cursor = max(0, min(cursor, self.total - 1)) if self.total else 0
        self.virtual_size = Size(self.size.width, self.total)
        self._ensure_visible()
        self.refresh()
        self._highlighted()
        return self.generation

    def add_rows(self, generation: int, offset: int, records: list[ArticleRecord],
                 failures: dict[int, str] | None = None) -> None:
        """Rows read for a page asked with `NeedRows` (dropped if the list was reset since)."""
        if generation != self.generation:
            return
        self.failures.update(failures or {})
        for i, record in enumerate(records):
            self.rows[offset + i] = record
        self.refresh()
        if offset <= self.cursor < offset + len(records):
            self._highlighted()

    def record_at(self, index: int) -> ArticleRecord | None:
        return self.rows.get(index)

    @property
    def selected(self) -> ArticleRecord | None:
        return self.rows.get(self.cursor) if self.total else None

    def index_of(self, article_id: int) -> int | None:
        """The row showing `article_id`, among the rows read so far."""
        return next((i for i, r in self.rows.items() if r.id == article_id), None)

    # ----------------------------------------------------------------- cursor
    def move_to(self, index: int) -> None:
        if not self.total:
            return
        index = max(0, min(index, self.total - 1))
        if index != self.cursor:
            self.cursor = index
            self.refresh()
        self._ensure_visible()
        self._highlighted()

    def _ensure_visible(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def _highlighted(self) -> None:
        self.post_message(self.Highlighted(self.selected))

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_page(self, pages: int) -> None:
        self.move_to(self.cursor + pages * self._page_height())

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.total - 1)

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self.selected))  # the screen says why when None

    def footer_hidden(self, action: str) -> bool:
        return action == "choose" and self.selected is None

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        self.move_to(self.scroll_offset.y + offset.y)
        if event.chain >= 2:
            self.action_choose()

    # ----------------------------------------------------------------- rendering
    def _style(self, component: str) -> Style:
        style = self._styles.get(component)
        if style is None:
            style = self._styles[component] = self.get_component_rich_style(component)
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, self.total)
        self._ensure_visible()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if not 0 <= index < self.total:
            return Strip.blank(width, base)
        record = self.rows.get(index)
        style = base + self._style("article-list--cursor") if index == self.cursor else base
        if record is None:
            self._ask(index)
            return Strip([Segment(fitted(" …", width), style + self._style(
                "article-list--missing"))]).adjust_cell_length(width, base)
        narrow = width < WIDE
        values = cells(record, narrow, record.id in self.failures, self.sort)
        segments: list[Segment] = []
        for column in columns(width, self.sort):
            if segments:
                segments.append(Segment(" ", style))
            piece = fitted(values[column.key], column.width, column.right)
            extra = ("article-list--mark" if column.key == "mark" else
                     "article-list--tags" if column.key == "tags" else None)
            segments.append(Segment(piece, style + self._style(extra) if extra and
                                    index != self.cursor else style))
        return Strip(segments).adjust_cell_length(width, base)

    def _ask(self, index: int) -> None:
        page = index // PAGE_ROWS
        if page in self._asked:
            return
        self._asked.add(page)
        offset = page * PAGE_ROWS
        self.post_message(self.NeedRows(self.generation, offset,
                                        min(PAGE_ROWS, self.total - offset)))
