"""The header above the panes: the article's title, then byline, site, date and length."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reader.core.models import Article
from reader.core.safety import clean_line
from reader.ui.wording import byline_and_site, plural, reading_minutes, word_count


def display_date(published: str | None) -> str:
    """The date part of an ISO 8601 date or datetime ("2023-11-30T08:00Z" -> "2023-11-30")."""
    value = clean_line(published)
    return value.split("T", 1)[0] if len(value) > 10 and value[4:5] == "-" else value


def shown_reading(article: Article) -> str | None:
    """The label of the reading shown when it is not the extractor's first choice."""
    if len(article.candidates) < 2 or article.candidate in (None, article.candidates[0].name):
        return None
    return next((clean_line(c.label) for c in article.candidates
                 if c.name == article.candidate), None)


class MetadataHeader(Static):
    """Two lines: title (bold), then byline · site · date · minutes. Never parses markup."""

    DEFAULT_CSS = """
    MetadataHeader { height: auto; padding: 0 1; }
    """

    def show_article(self, article: Article, sentences: int | None = None, *,
                     words: int | None = None) -> None:
        """`words`: the article's word count, when the caller has it (the footer's minutes
        left come from the same count)."""
        title = Text(clean_line(article.title) or "Untitled article", style="bold",
                     no_wrap=True, overflow="ellipsis")
        parts = [*byline_and_site(clean_line(article.byline), clean_line(article.site)),
                 display_date(article.published)]
        meta = " · ".join(p for p in parts if p)
        count = word_count(article.text) if words is None else words
        length = f"{max(1, reading_minutes(count))} min read"
        if sentences:
            length += f" · {plural(sentences, 'sentence')}"
        if article.truncated:
            length += " · cut at the length limit"
        reading = shown_reading(article)
        if reading:
            length += f" · reading: {reading}"
        details = Text(meta + (" · " if meta else "") + length, style="dim", no_wrap=True,
                       overflow="ellipsis")
        self.update(Text("\n").join([title, details]))

    def show_message(self, title: str, detail: str = "") -> None:
        lines = [Text(title, style="bold", no_wrap=True, overflow="ellipsis")]
        lines.append(Text(detail, style="dim", no_wrap=True, overflow="ellipsis"))
        self.update(Text("\n").join(lines))
