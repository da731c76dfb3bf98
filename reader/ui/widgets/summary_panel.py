"""The summary pane: a title line (algorithm and length) over the numbered summary sentences.

Choosing a sentence (Enter or a click) posts `SummaryPanel.SentenceChosen` with the sentence's
index in the article; the reading screen scrolls the article to it.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.models import Article, Summary
from reader.core.safety import clean_line
from reader.ui.actions import Scoped, bindings


def sentence_prompt(number: int, text: str) -> Table:
    """A numbered sentence with a hanging indent, so wrapped lines align under the text."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(justify="right", width=3, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(f"{number}.", style="bold"), Text(text))
    return grid


NOTHING_TO_SUMMARISE = ("No sentence here reads as prose (a sentence of four words or more, "
                        "not a caption, code, a table cell or a repeated line), so there is "
                        "nothing to summarise.")


class SummaryList(Scoped, OptionList):
    """The numbered sentences; vim keys on top of OptionList's arrows, Enter and clicks."""

    SCOPE = "summary"
    BINDINGS = bindings("summary")

    def offered(self, action: str) -> bool:
        """Moving through the sentences, once there are some."""
        return self.option_count > 0 and not self.get_option_at_index(0).disabled


class SummaryPanel(Vertical):
    """Summary title and sentence list; `show(article, summary)` fills it."""

    DEFAULT_CSS = """
    SummaryPanel { height: 1fr; }
    SummaryPanel > #summary-title { height: 1; padding: 0 1; }
    SummaryPanel > SummaryList { height: 1fr; border: none; padding: 0; }
    SummaryPanel.-busy > SummaryList { opacity: 60%; }
    """

    class SentenceChosen(Message):
        """The user chose summary sentence `index` (its index in the article)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    BUSY_DELAY = 0.25  # seconds before a recomputation shows the loading indicator

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.summary: Summary | None = None
        self._busy_timer: Timer | None = None

    def set_busy(self, busy: bool) -> None:
        """Mark the summary as being recomputed; the indicator only appears if it takes a while,
        so quick `+`/`-` presses do not flash the pane."""
        self.set_class(busy, "-busy")
        if self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None
        if busy:
            self._busy_timer = self.set_timer(self.BUSY_DELAY, self._show_indicator)
        else:
            self.loading = False

    def _show_indicator(self) -> None:
        self._busy_timer = None
        if self.has_class("-busy"):
            self.loading = True

    def compose(self) -> ComposeResult:
        yield Static(Text("Summary", style="bold"), id="summary-title")
        yield SummaryList(id="summary-list")

    @property
    def sentence_list(self) -> SummaryList:
        return self.query_one(SummaryList)

    def set_title(self, text: Text) -> None:
        self.query_one("#summary-title", Static).update(text)

    def show(self, article: Article, summary: Summary, total: int) -> None:
        """Number the summary's sentences; the title says algorithm and length."""
        self.summary = summary
        title = Text.assemble(("Summary", "bold"), " · ", (summary.algorithm, "italic"),
                              f" · {len(summary.sentences)}/{total}")
        title.no_wrap = True
        title.overflow = "ellipsis"
        self.set_title(title)
        options = []
        for number, sentence in enumerate(summary.sentences, 1):
            prompt = sentence_prompt(number, clean_line(sentence.text_in(article.text)))
            options.append(Option(prompt, id=f"s{sentence.index}"))
        summary_list = self.sentence_list
        highlighted = summary_list.highlighted
        if not options:  # said, not left blank: the reader should know it is not still coming
            options.append(Option(Text(NOTHING_TO_SUMMARISE, style="dim italic"), disabled=True))
        summary_list.set_options(options)
        if summary.sentences:
            summary_list.highlighted = min(highlighted or 0, len(options) - 1)

    def clear(self, message: str = "") -> None:
        self.summary = None
        self.set_title(Text.assemble(("Summary", "bold"), (f" · {message}" if message else "")))
        self.sentence_list.clear_options()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id.startswith("s"):
            self.post_message(self.SentenceChosen(int(event.option.id[1:])))
