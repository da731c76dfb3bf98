"""Markdown and JSON renderings of notes and highlights (reader.core.export)."""

from __future__ import annotations

import json

from reader.core.export import notes_json, notes_markdown, summary_markdown
from reader.core.models import Article, Highlight, Note, Sentence, Summary

TEXT = "First sentence here. Second one follows.\n\nA new paragraph starts. It ends."


def article(**kw) -> Article:
    base = dict(text=TEXT, title="A title", url="https://example.org/post", byline="Ann Author",
                published="2024-02-29", site="Example")
    base.update(kw)
    return Article(**base)


def front_matter(markdown: str) -> dict[str, str]:
    assert markdown.startswith("---\n")
    block = markdown[4:markdown.index("\n---\n", 4)]
    pairs = [line.split(": ", 1) for line in block.splitlines()]
    return {k: v for k, v in pairs}


def test_front_matter_fields_and_order() -> None:
    md = notes_markdown(article(), saved="2024-03-01T10:00:00Z", tags=["a", "b c"])
    fm = front_matter(md)
    assert list(fm) == ["title", "url", "author", "published", "saved", "tags"]
    assert fm["title"] == '"A title"' and fm["url"] == '"https://example.org/post"'
    assert fm["published"] == "2024-02-29" and fm["saved"] == "2024-03-01T10:00:00Z"
    assert fm["tags"] == '["a", "b c"]'
    assert "# [A title](https://example.org/post)" in md


def test_hostile_title_cannot_break_the_front_matter() -> None:
    md = notes_markdown(article(title='Evil "title"\n---\nfoo: bar\x1b[31m', published="soon\n---"))
    fm = front_matter(md)
    assert set(fm) == {"title", "url", "author", "published"}
    assert json.loads(fm["title"]) == 'Evil "title" --- foo: bar[31m'
    assert json.loads(fm["published"]) == "soon ---"
    assert "\x1b" not in md


def test_sections_order_quotes_and_notes() -> None:
    summary = Summary("lead", [Sentence(0, 0, 20)], [1.0])
    highlights = [
        Highlight(1, 0, 20, "First sentence here.", note="why it matters"),
        Highlight(1, 42, 72, "Two lines\n\nof quote", anchored=False),
    ]
    note = Note(1, "My **own** note.\n\n- item", "t", "t")
    md = notes_markdown(article(), note=note, highlights=highlights, summary=summary)
    order = [md.index(x) for x in ("## Summary (lead)", "- First sentence here.", "## Highlights",
                                   "> First sentence here.", "why it matters", "> Two lines\n>\n> of quote",
                                   "no longer in the article", "## Notes", "My **own** note.")]
    assert order == sorted(order)
    assert md.endswith("- item\n")


def test_empty_parts_are_left_out() -> None:
    md = notes_markdown(article(byline=None, published=None, url=None, site=None),
                        note=Note(1, "   ", "t", "t"))
    assert "## Notes" not in md and "## Highlights" not in md and "## Summary" not in md
    assert "author:" not in md and "published:" not in md and "# A title" in md


def test_url_override_for_local_files() -> None:
    md = notes_markdown(article(url=None, location="page.html"), url="/abs/page.html")
    assert front_matter(md)["url"] == '"/abs/page.html"'


def test_json_holds_everything_and_is_cleaned() -> None:
    summary = Summary("lead", [Sentence(0, 0, 20)], [0.5])
    data = notes_json(article(title="T\x1b]0;x\x07"), note=Note(1, "n\x00ote", "c", "u", id=3),
                      highlights=[Highlight(1, 0, 5, "First", prefix="", suffix=" sent", note="\u202eok")],
                      summary=summary, record={"id": 1, "saved": "s", "title": "T\x1b"})
    text = json.dumps(data)
    assert "\\u001b" not in text and "\\u0000" not in text and "\\u202e" not in text
    assert data["id"] == 1 and data["note"] == {"id": 3, "body": "note", "created": "c",
                                                 "updated": "u"}
    assert data["highlights"][0]["quote"] == "First" and data["highlights"][0]["anchored"]
    assert data["article"]["text"] == TEXT and data["article"]["byline"] == "Ann Author"
    assert data["summary"]["sentences"][0]["text"] == "First sentence here."


def test_summary_markdown_is_unchanged() -> None:
    summary = Summary("lead", [Sentence(0, 0, 20)], [1.0])
    assert summary_markdown(article(), summary).startswith("# [A title](https://example.org/post)")
