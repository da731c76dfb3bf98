"""Markdown and JSON renderings of summaries, notes and highlights (clipboard and export)."""

from __future__ import annotations

from reader.core.models import Article, Summary
from reader.core.safety import clean, clean_line


def _one_line(text: str) -> str:
    return " ".join(clean(text).split())


def summary_markdown(article: Article, summary: Summary, *, with_header: bool = True) -> str:
    """The summary as Markdown: title (linked when the URL is known), source line, bullets."""
    lines: list[str] = []
    if with_header:
        title = clean_line(article.title) or "Untitled"
        url = clean_line(article.url or article.canonical_url or "")
        lines.append(f"# [{title}]({url})" if url.startswith(("http://", "https://")) else f"# {title}")
        meta = " · ".join(clean_line(x) for x in (article.byline, article.site, article.published) if x)
        if meta:
            lines.append(f"*{meta}*")
        lines.append("")
        lines.append(f"Summary ({summary.algorithm}, {len(summary.sentences)} sentences):")
        lines.append("")
    for sentence in summary.sentences:
        lines.append(f"- {_one_line(sentence.text_in(article.text))}")
    return "\n".join(lines).rstrip() + "\n"
