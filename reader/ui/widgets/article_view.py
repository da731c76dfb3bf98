"""The article pane: a virtualised, line-based view of `Article.text` addressed by char offsets.

Only the visible lines are rendered (Textual's Line API), so a 100,000-paragraph page scrolls
as fast as a short one. Everything outside talks to this widget in article offsets:

- `set_article(article, sentences)`: show an article (sentences from `split_sentences`).
- `set_highlights(name, spans, style)`: a named layer of (start, end) spans drawn with a
  component class (e.g. "article-view--summary") or a Rich style; later layers draw on top.
  Used for summary sentences; find matches, links and saved highlights add their own layers.
- `scroll_to_offset(offset)`, `jump_to_sentence(index)`, `visible_span()`.
- `cursor` / `current_sentence`: the sentence under the reading cursor (marked in the margin).
  It follows the reader: it moves to the first visible sentence when scrolling hides it, to
  the clicked sentence on a click, and `(`/`)` step through sentences.

Page text is never parsed as markup: lines are built from Segments of the raw (cleaned) text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.models import Article, Block, Sentence
from reader.core.safety import clean, is_clean
from reader.ui.actions import Scoped, bindings
from reader.ui.widgets.article_layout import (
    BLANK, CAPTION, CODE, DEFAULT_MEASURE, HEADING, HEADING1, LIST_ITEM, QUOTE, TABLE,
    ArticleLayout, blocks_for, layout_article)

BACKGROUND_CHARS = 300_000  # longer texts are laid out in a worker thread
PARTIAL_CHARS = 50_000  # ... after a quick layout of their beginning

_KIND_COMPONENT = {
    HEADING: "article-view--heading",
    HEADING1: "article-view--title",
    QUOTE: "article-view--quote",
    CODE: "article-view--code",
    TABLE: "article-view--code",
    CAPTION: "article-view--caption",
}


def display_safe(text: str) -> str:
    """`text` with every character `clean` would drop or change replaced by a space.

    Same length as the input, so article offsets still address the displayed characters.
    """
    if is_clean(text) and "\t" not in text:
        return text
    return "".join(ch if ch != "\t" and clean(ch) == ch else " " for ch in text)


@dataclass(slots=True)
class _Layer:
    spans: list[tuple[int, int]]
    starts: list[int]
    max_len: int
    style: str | Style


class ArticleView(Scoped, ScrollView, can_focus=True):
    """The article text, wrapped to a readable measure, with highlight layers and a cursor."""

    SCOPE = "article"
    BINDINGS = bindings("article")

    COMPONENT_CLASSES = {
        "article-view--title", "article-view--heading", "article-view--quote",
        "article-view--code", "article-view--caption", "article-view--marker",
        "article-view--summary", "article-view--cursor", "article-view--gutter",
        "article-view--find", "article-view--find-current", "article-view--highlight",
        "article-view--link",
    }

    DEFAULT_CSS = """
    ArticleView {
        overflow-y: scroll;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    ArticleView > .article-view--title { text-style: bold; color: $text-primary; }
    ArticleView > .article-view--heading { text-style: bold; color: $text-accent; }
    ArticleView > .article-view--quote { text-style: italic; color: $text-muted; }
    ArticleView > .article-view--code { background: $boost; color: $text-secondary; }
    ArticleView > .article-view--caption { text-style: italic; color: $text-muted; }
    ArticleView > .article-view--marker { color: $text-accent; }
    ArticleView > .article-view--summary { background: $warning-muted; }
    ArticleView > .article-view--cursor { background: $accent 20%; }
    ArticleView > .article-view--gutter { color: $accent; }
    ArticleView > .article-view--link { text-style: underline; color: $text-primary; }
    ArticleView > .article-view--find { background: $accent 35%; }
    ArticleView > .article-view--find-current { background: $accent; color: $background; }
    ArticleView > .article-view--highlight { background: $success 30%; text-style: underline; }
    """

    measure: reactive[int] = reactive(DEFAULT_MEASURE)
    """The widest text line in cells; the text is centred when the pane is wider."""

    class CursorMoved(Message):
        """The reading cursor moved to another sentence (None: no sentence)."""

        def __init__(self, view: "ArticleView", index: int | None) -> None:
            super().__init__()
            self.view = view
            self.index = index

        @property
        def control(self) -> "ArticleView":
            return self.view

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.article: Article | None = None
        self.sentences: list[Sentence] = []
        self._sentence_starts: list[int] = []
        self._layout = ArticleLayout(0)
        self._layers: dict[str, _Layer] = {}
        self._cursor: int | None = None
        self._cache: LRUCache[tuple[int, int], Strip] = LRUCache(1024)
        self._margin = 0
        self._styles: dict[str, Style] = {}
        self._blocks: list[Block] | None = []
        self._layout_token = 0
        self._pending_width: int | None = None  # width of the layout being built in a worker
        self._pending_offset: int | None = None  # scroll target past the partial layout
        self._wanted_offset: int | None = None  # scroll target asked for before any layout
        self._anchor: int | None = None  # the offset last put at the top (see reading_offset)

    # ----------------------------------------------------------------- content
    def offered(self, action: str) -> bool:
        """Moving through the text, once there is one."""
        return self.article is not None

    def set_article(self, article: Article | None, sentences: list[Sentence] | None = None) -> None:
        """Show `article` from the top; highlight layers and the cursor are cleared."""
        self.article = article
        self._layout_token += 1
        self._pending_width = None
        self._pending_offset = None
        self._wanted_offset = None
        self._anchor = None
        big = article is not None and len(article.text) > BACKGROUND_CHARS
        # Huge texts: blocks are found with the full layout in a worker (see _relayout).
        self._blocks = None if big or article is None else blocks_for(article)
        self._layers.clear()
        self._cursor = None
        self._layout = ArticleLayout(0)
        self.set_sentences(sentences or [])
        self._relayout(keep_position=False)
        self.scroll_to(0, 0, animate=False, immediate=True)
        if self.sentences:
            self.set_cursor(0, scroll=False)

    def set_sentences(self, sentences: list[Sentence]) -> None:
        self.sentences = list(sentences)
        self._sentence_starts = [s.start for s in self.sentences]
        if self._cursor is not None and self._cursor >= len(self.sentences):
            self._cursor = None
        self._invalidate()
        if self._cursor is None and self.sentences and len(self._layout):
            self._follow_cursor()  # sentences arrived after the text: cursor on the first visible

    @property
    def layout_lines(self) -> ArticleLayout:
        """The current line layout (read-only use: tests, progress, find)."""
        return self._layout

    @property
    def text_width(self) -> int:
        return self._layout.width

    # ----------------------------------------------------------------- highlights
    def set_highlights(self, name: str, spans: list[tuple[int, int]], style: str | Style) -> None:
        """Replace layer `name` with `spans` drawn in `style` (a component class or Rich style)."""
        spans = sorted((int(s), int(e)) for s, e in spans if e > s)
        self._layers.pop(name, None)
        if spans:
            self._layers[name] = _Layer(spans, [s for s, _ in spans],
                                        max(e - s for s, e in spans), style)
        self._invalidate()

    def clear_highlights(self, name: str) -> None:
        if self._layers.pop(name, None) is not None:
            self._invalidate()

    def highlight_names(self) -> list[str]:
        return list(self._layers)

    # ----------------------------------------------------------------- cursor
    @property
    def cursor(self) -> int | None:
        """Index of the sentence under the reading cursor."""
        return self._cursor

    @property
    def current_sentence(self) -> Sentence | None:
        if self._cursor is None or not self.sentences:
            return None
        return self.sentences[self._cursor]

    def set_cursor(self, index: int | None, *, scroll: bool = True) -> None:
        """Put the cursor on sentence `index`; with `scroll`, make it visible."""
        if index is not None:
            if not self.sentences:
                index = None
            else:
                index = max(0, min(index, len(self.sentences) - 1))
        changed = index != self._cursor
        self._cursor = index
        if index is not None and scroll:
            self._ensure_visible(self.sentences[index])
        if changed:
            self._invalidate()
            self.post_message(self.CursorMoved(self, index))

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing `offset` (or the one just before a gap)."""
        if not self._sentence_starts:
            return None
        i = bisect_right(self._sentence_starts, offset) - 1
        return max(0, i)

    def jump_to_sentence(self, index: int) -> None:
        """Scroll sentence `index` to the upper part of the pane and put the cursor on it."""
        if not self.sentences:
            return
        index = max(0, min(index, len(self.sentences) - 1))
        self.scroll_to_offset(self.sentences[index].start)
        self.set_cursor(index, scroll=False)

    def action_next_sentence(self) -> None:
        if self.sentences:
            self.set_cursor(0 if self._cursor is None else self._cursor + 1)

    def action_previous_sentence(self) -> None:
        if self.sentences:
            self.set_cursor(0 if self._cursor is None else self._cursor - 1)

    # ----------------------------------------------------------------- scrolling
    def scroll_to_offset(self, offset: int, *, top_margin: int | None = None) -> None:
        """Scroll so the line showing `offset` sits a few lines below the top of the pane.

        Before the first layout (the pane not shown yet), the offset is kept and applied by
        the layout, so a restored reading position lands where it was."""
        layout = self._layout
        if not len(layout):
            self._wanted_offset = offset
            return
        if self._pending_width is not None and layout.ends and offset > layout.ends[-1]:
            self._pending_offset = offset  # past the partial layout: go there once it is built
        line = layout.line_for_offset(offset)
        if top_margin is None:
            top_margin = min(3, max(0, self.scrollable_content_region.height // 4))
        self.scroll_to(y=max(0, line - top_margin), animate=False, immediate=True)
        self._anchor = offset

    def reading_offset(self) -> int:
        """Where the reader is in the text: the offset last scrolled to, while its line is the
        top line (a restored position, or the place kept when the pane changes width), else
        the start of the top line. So re-wrapping the text never moves the place, and the
        footer, the library and the next layout all keep the same offset."""
        start = self.visible_span()[0]
        anchor = self._anchor
        if anchor is not None and len(self._layout) and anchor >= start and \
                self._layout.line_for_offset(anchor) == self._layout.line_for_offset(start):
            return anchor
        return start

    def visible_span(self) -> tuple[int, int]:
        """(start, end) offsets of the article text on screen."""
        if not len(self._layout):
            return (0, 0)
        top = self.scroll_offset.y
        bottom = min(len(self._layout), top + max(1, self.scrollable_content_region.height)) - 1
        top = min(top, len(self._layout) - 1)
        return (self._layout.starts[top], self._layout.ends[max(top, bottom)])

    def _ensure_visible(self, sentence: Sentence) -> None:
        lines = self._layout.lines_for_span(sentence.start, sentence.end)
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        if lines.start < top:
            self.scroll_to(y=lines.start, animate=False, immediate=True)
        elif lines.stop > top + height:
            self.scroll_to(y=max(0, min(lines.start, lines.stop - height)), animate=False,
                           immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._follow_cursor(downward=new_value >= old_value)

    def _follow_cursor(self, *, downward: bool = True) -> None:
        """Keep the cursor on screen: when scrolling hides it, take the first sentence that
        starts on screen (scrolling down) or the last one (scrolling up)."""
        if not self.sentences or not len(self._layout):
            return
        start, end = self.visible_span()
        current = self.current_sentence
        if current is not None and current.end > start and current.start < end:
            return
        starts = self._sentence_starts
        if downward or current is None:
            index = bisect_left(starts, start)
            if index >= len(starts) or starts[index] >= end:
                index = self.sentence_at(start) or 0
        else:
            index = bisect_left(starts, end) - 1
            if index < 0 or self.sentences[index].end <= start:
                index = self.sentence_at(start) or 0
        if index != self._cursor:
            self._cursor = index
            self._invalidate()
            self.post_message(self.CursorMoved(self, index))

    # ----------------------------------------------------------------- motions
    # Every motion scrolls at once (no animation), so the cursor is on a visible sentence as
    # soon as the key is handled: `y` or `h` right after `G` act on what the reader sees.
    def _scroll_lines_to(self, y: float) -> None:
        self.scroll_to(y=max(0.0, min(y, self.max_scroll_y)), animate=False, immediate=True)

    def action_scroll_lines(self, lines: int) -> None:
        self._scroll_lines_to(self.scroll_y + lines)

    def action_scroll_pages(self, pages: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)  # one line kept for context
        self._scroll_lines_to(self.scroll_y + pages * height)

    def action_top(self) -> None:
        """The beginning, with the cursor on the first sentence."""
        self._scroll_lines_to(0)
        if self.sentences:
            self.set_cursor(0, scroll=False)

    def action_bottom(self) -> None:
        """The end, with the cursor on the last sentence."""
        self._scroll_lines_to(self.max_scroll_y)
        if not self.layout_complete and self.article is not None:
            self._pending_offset = len(self.article.text)  # the full layout goes there
        if self.sentences:
            self.set_cursor(len(self.sentences) - 1, scroll=False)

    # ----------------------------------------------------------------- layout
    def watch_measure(self) -> None:
        self._relayout(keep_position=True)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout(keep_position=True)

    def _relayout(self, *, keep_position: bool) -> None:
        content_width = self.scrollable_content_region.width or self.size.width
        if content_width <= 0:
            return
        # Room for a two-cell gutter (the cursor mark) on the left whenever the pane allows.
        text_width = max(8, min(self.measure, content_width - 4 if content_width >= 40 else
                                content_width - 1))
        margin = max(0, (content_width - text_width) // 2)
        anchor, self._wanted_offset = self._wanted_offset, None
        if anchor is None and keep_position and len(self._layout):
            anchor = self.reading_offset()
        if self.article is not None and (text_width != self._layout.width or not len(self._layout)):
            if self._blocks is not None and len(self.article.text) <= BACKGROUND_CHARS:
                self._layout = layout_article(self.article, text_width, self._blocks)
            else:
                self._layout_in_background(text_width)
        elif self.article is None:
            self._layout = ArticleLayout(text_width)
        self._margin = margin
        self.virtual_size = Size(content_width, len(self._layout))
        self._invalidate()
        if anchor is not None and anchor > 0:
            self.scroll_to_offset(anchor, top_margin=0)
        if self._cursor is None and self.sentences and len(self._layout):
            self._follow_cursor()

    @property
    def layout_complete(self) -> bool:
        """False while a huge article's full layout is still being built in a worker."""
        return self._pending_width is None

    def _layout_in_background(self, width: int) -> None:
        """Huge article: show a quick layout of its beginning (first open) or keep the current
        one (resize), and build the full layout in a thread so the app never freezes."""
        article = self.article
        assert article is not None
        if not len(self._layout):
            self._layout = layout_article(article, width, blocks_for(article, end=PARTIAL_CHARS))
        if self._pending_width == width:
            return
        self._pending_width = width
        token = self._layout_token
        blocks = self._blocks

        def job() -> None:
            full_blocks = blocks if blocks is not None else blocks_for(article)
            layout = layout_article(article, width, full_blocks)
            try:
                self.app.call_from_thread(self._layout_done, token, width, full_blocks, layout)
            except RuntimeError:  # the app closed meanwhile
                pass

        self.run_worker(job, thread=True, group="article-layout", exclusive=True,
                        exit_on_error=False, name="article layout")

    def _layout_done(self, token: int, width: int, blocks: list[Block],
                     layout: ArticleLayout) -> None:
        if token != self._layout_token or width != self._pending_width:
            return  # another article, or the pane changed width again meanwhile
        jump = self._pending_offset
        anchor = jump
        if anchor is None and len(self._layout) and self.scroll_y > 0:
            anchor = self.reading_offset()
        self._pending_width = None
        self._pending_offset = None
        self._blocks = blocks
        self._layout = layout
        self.virtual_size = Size(self.virtual_size.width, len(layout))
        self._invalidate()
        if anchor is not None:
            self.scroll_to_offset(anchor, top_margin=None if jump is not None else 0)

    def _invalidate(self) -> None:
        self._cache.clear()
        self.refresh()

    # ----------------------------------------------------------------- mouse
    def offset_at(self, x: int, y: int) -> int | None:
        """Article offset under content coordinates (x, y), or None on blank space."""
        index = self.scroll_offset.y + y
        layout = self._layout
        if not 0 <= index < len(layout) or layout.kinds[index] == BLANK or self.article is None:
            return None
        col = x - self._margin - cell_len(layout.prefixes[index])
        start, end = layout.starts[index], layout.ends[index]
        if col <= 0:
            return start
        cells = 0
        for i in range(start, end):
            cells += get_character_cell_size(self.article.text[i])
            if cells > col:
                return i
        return max(start, end - 1)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        char = self.offset_at(offset.x, offset.y)
        if char is not None:
            self.set_cursor(self.sentence_at(char), scroll=False)

    # ----------------------------------------------------------------- rendering
    def _style_of(self, style: str | Style) -> Style:
        """A component's style holding only what its CSS sets, colours blended on the pane.

        Partial styles keep layers composable (the cursor's underline must not erase the
        summary's background); colours come from the full style so alpha is resolved.
        """
        if isinstance(style, Style):
            return style
        cached = self._styles.get(style)
        if cached is None:
            partial = self.get_component_rich_style(style, partial=True)
            full = self.get_component_rich_style(style)
            cached = Style(color=full.color if partial.color else None,
                           bgcolor=full.bgcolor if partial.bgcolor else None,
                           bold=partial.bold, italic=partial.italic, dim=partial.dim,
                           underline=partial.underline, reverse=partial.reverse,
                           strike=partial.strike)
            self._styles[style] = cached
        return cached

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width or self.size.width
        key = (index, width)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        strip = self._render_line(index, width)
        self._cache[key] = strip
        return strip

    def _render_line(self, index: int, width: int) -> Strip:
        base = self.rich_style
        layout = self._layout
        if self.article is None or not 0 <= index < len(layout) or layout.kinds[index] == BLANK:
            return Strip.blank(width, base)
        kind = layout.kinds[index]
        start, end = layout.starts[index], layout.ends[index]
        text = display_safe(self.article.text[start:end])
        kind_style = base
        component = _KIND_COMPONENT.get(kind)
        if component:
            kind_style = base + self._style_of(component)
        segments: list[Segment] = []
        margin = self._margin
        cursor = self.current_sentence
        on_cursor = cursor is not None and cursor.start < max(end, start + 1) and cursor.end > start
        if margin >= 2:
            gutter = "▎" if on_cursor else " "
            segments.append(Segment(" " * (margin - 2), base))
            segments.append(Segment(gutter, base + self._style_of("article-view--gutter")))
            segments.append(Segment(" ", base))
        elif margin:
            segments.append(Segment(" " * margin, base))
        prefix = layout.prefixes[index]
        if prefix:
            marker_style = kind_style + self._style_of("article-view--marker") \
                if kind in (LIST_ITEM, QUOTE) else kind_style
            segments.append(Segment(prefix, marker_style))
        segments.extend(self._text_segments(text, start, end, kind_style, cursor))
        return Strip(segments).adjust_cell_length(width, base)

    def _text_segments(self, text: str, start: int, end: int, kind_style: Style,
                       cursor: Sentence | None) -> list[Segment]:
        """Split the line at every layer boundary and style each piece."""
        spans: list[tuple[int, int, Style]] = []
        for layer in self._layers.values():
            # Spans starting before `end` whose end passes `start`; `max_len` bounds the search.
            lo = bisect_left(layer.starts, start - layer.max_len)
            hi = bisect_left(layer.starts, end)
            style = self._style_of(layer.style)
            for s, e in layer.spans[lo:hi]:
                if e > start and s < end:
                    spans.append((max(s, start), min(e, end), style))
        if cursor is not None and cursor.end > start and cursor.start < end:
            spans.append((max(cursor.start, start), min(cursor.end, end),
                          self._style_of("article-view--cursor")))
        if not spans:
            return [Segment(text, kind_style)] if text else []
        cuts = sorted({start, end, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
        segments = []
        for a, b in zip(cuts, cuts[1:]):
            if a >= b:
                continue
            style = kind_style
            for s, e, layer_style in spans:
                if s <= a and e >= b:
                    style = style + layer_style
            segments.append(Segment(text[a - start:b - start], style))
        return segments
