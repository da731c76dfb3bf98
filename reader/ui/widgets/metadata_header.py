"""The header above the panes: the article's title, then byline, site, date and length."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reader.core.extract.scripted import SCRIPTED_SHORT
from reader.core.models import Article
from reader.core.safety import clean_line
from reader.ui.wording import (byline_and_site, distinct_readings, first_reading_shown, fit_words, plural,
                               reading_minutes, reading_place, word_count)


def display_date(published: str | None) -> str:
    """The date part of an ISO 8601 date or datetime ("2023-11-30T08:00Z" -> "2023-11-30")."""
    value = clean_line(published)
    return value.split("T", 1)[0] if len(value) > 10 and value[4:5] == "-" else value


def shown_reading(article: Article) -> str | None:
    """The reading shown, with its place in the ranking ("2 of 5: the page's main section"),
    when it is not the extractor's first choice."""
    if len(article.candidates) < 2 or first_reading_shown(article):
        return None
    label = next((clean_line(c.label) for c in article.candidates if c.name == article.candidate), None)
    return f"{reading_place(article, article.candidate)}: {label}" if label else None


# The extractor's confidence is the F1 its classifier expects of the text shown; below a coin
# flip the header says it is unsure (a fixed meaning, not a tuned cut) and names the key that
# reads the page another way, the one moment a reader needs it.
UNSURE = 0.5


def unsure_note(article: Article, other_key: str | None) -> str | None:
    """What the header says when the extractor doubts its first choice, else None."""
    if article.confidence >= UNSURE or not first_reading_shown(article):
        return None
    if len(distinct_readings(article)) > 1 and other_key:
        return f"maybe not the article: {other_key} reads it another way"
    return "maybe not the article"


class MetadataHeader(Static):
    """Two lines: title (bold), then byline · site · date · minutes. Never parses markup.

    The second line is fitted to the width when drawn: whole parts are left out, the least
    needed first (the sentence count, the date, the site, the byline: who wrote it says more
    than where, which the title and address often say already), never one cut in half;
    the minutes and the reading shown always stay."""

    DEFAULT_CSS = """
    MetadataHeader { height: auto; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._title = ""
        self._parts: list[tuple[str, int]] = []  # (text, rank): the highest rank goes first

    def show_article(self, article: Article, sentences: int | None = None, *,
                     words: int | None = None, other_key: str | None = None) -> None:
        """`words`: the article's word count, when the caller has it (the footer's minutes
        left come from the same count); `other_key`: the key of the other readings."""
        names = byline_and_site(clean_line(article.byline), clean_line(article.site))
        parts = [(name, 2 + rank) for rank, name in enumerate(names)]  # the byline outlasts the site
        parts.append((display_date(article.published), 4))
        count = word_count(article.text) if words is None else words
        parts.append((f"{max(1, reading_minutes(count))} min read", 0))
        if sentences:
            parts.append((plural(sentences, "sentence"), 5))
        if article.truncated:
            parts.append(("cut at the length limit", 1))
        reading = shown_reading(article)
        if reading:
            parts.append((f"reading {reading}", 0))
        doubt = unsure_note(article, other_key)
        if article.drawn_by_script:  # says why the article is short: no doubt note beside it
            parts.append((SCRIPTED_SHORT, 1))
        elif doubt:
            parts.append((doubt, 1))
        self._show(clean_line(article.title) or "Untitled article",
                   [(text, rank) for text, rank in parts if text])

    def show_message(self, title: str, detail: str = "") -> None:
        self._show(title, [(detail, 0)] if detail else [])

    def _show(self, title: str, parts: list[tuple[str, int]]) -> None:
        self._title, self._parts = title, parts
        self.refresh(layout=True)

    def details(self, width: int) -> str:
        """The second line in `width` cells: the parts that fit, in their order."""
        parts = list(self._parts)
        line = " · ".join(text for text, _ in parts)
        while len(line) > width and any(rank for _, rank in parts):
            highest = max(rank for _, rank in parts)
            parts = [(text, rank) for text, rank in parts if rank != highest]
            line = " · ".join(text for text, _ in parts)
        return fit_words(line, width)

    def render(self) -> Text:
        width = self.content_region.width or 10_000
        return Text.assemble((fit_words(self._title, width), "bold"), "\n",
                             (self.details(width), "dim"), no_wrap=True)
