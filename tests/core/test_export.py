"""Markdown and JSON renderings of notes and highlights; page text never becomes live markup."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest
from hypothesis import given, settings, strategies as st

from reader.core.export import markdown_text, notes_json, notes_markdown, summary_markdown
from reader.core.models import Article, Block, Highlight, Link, Note, Sentence, Summary
from reader.core.safety import clean_line

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
    assert set(fm) == {"title", "url", "author", "published", "tags"}
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
    assert front_matter(md)["tags"] == "[]"  # tags are always there, empty or not


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


def test_json_cleans_strings_deep_in_the_article_and_keeps_the_rest() -> None:
    links = [Link("a\x7fb", "https://example.org/\u200bx", 0, 5), Link("Café ☕", "/ok", None, None)]
    data = notes_json(article(title="Crème\u00adbrûlée", links=links,
                              blocks=[Block("paragraph", 0, 20, 0)]))
    assert data["article"]["links"] == [
        {"text": "ab", "url": "https://example.org/x", "start": 0, "end": 5},
        {"text": "Café ☕", "url": "/ok", "start": None, "end": None}]
    assert data["article"]["title"] == "Crèmebrûlée"
    assert data["article"]["blocks"] == [{"kind": "paragraph", "start": 0, "end": 20, "level": 0}]
    assert data["article"]["confidence"] == 1.0 and data["article"]["truncated"] is False


def test_summary_markdown_is_unchanged() -> None:
    summary = Summary("lead", [Sentence(0, 0, 20)], [1.0])
    assert summary_markdown(article(), summary).startswith("# [A title](https://example.org/post)")


def test_summary_markdown_counts_its_sentences_in_words_that_agree() -> None:
    one = summary_markdown(article(), Summary("lead", [Sentence(0, 0, 20)], [1.0]))
    two = summary_markdown(article(), Summary("lead", [Sentence(0, 0, 20), Sentence(1, 21, 40)],
                                              [1.0, 0.5]))
    assert "Summary (lead, 1 sentence):" in one
    assert "Summary (lead, 2 sentences):" in two


# --- page text can never become live Markdown or HTML (issue 10, class 8) ----------------------


EVIL_TITLE = "Evil](javascript:alert(1)) [x"
EVIL_BYLINE = "<script>alert(2)</script>"
EVIL_BODY = "[here](javascript:alert(3)) and ![pic](https://evil.example/t.png) <img src=x onerror=alert(4)>"


def render(markdown: str) -> str:
    """HTML from GitHub's own renderer (autolinks, tables, strike-through on), raw HTML kept."""
    gfm = pytest.importorskip("cmarkgfm")
    from cmarkgfm.cmark import Options

    return gfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def render_commonmark(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).render(markdown)


def tags(html_text: str) -> list[str]:
    return re.findall(r"<\s*/?\s*([a-zA-Z0-9]+)", html_text)


def plain(html_text: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]*>", " ", html_text)).split())


def evil_article() -> Article:
    text = f"Calm first sentence here. {EVIL_BODY}\n\nA later paragraph follows."
    return Article(text=text, title=EVIL_TITLE, byline=EVIL_BYLINE, site="<b>Site</b>",
                   published="2024-01-01", url="https://example.org/a(b)c d")


def test_the_hostile_page_from_the_issue_exports_as_plain_text() -> None:
    article = evil_article()
    start = article.text.index("[here]")
    end = article.text.index("\n\n")
    summary = Summary("lead", [Sentence(1, start, end)], [1.0])
    highlight = Highlight(1, start, end, article.text[start:end], note="My *own* [link](https://mine.example)")
    note = Note(1, "My **own** note with <kbd>keys</kbd>.", "t", "t")
    documents = [summary_markdown(article, summary),
                 notes_markdown(article, note=note, highlights=[highlight], summary=summary)]
    for markdown in documents:
        for html_text in (render(markdown), render_commonmark(markdown)):
            assert "<script" not in html_text and "<img" not in html_text
            # links: the article's own address (the heading; GitHub also autolinks the front
            # matter's url when it renders front matter as text) and the user's own note
            hrefs = re.findall(r'href="([^"]*)"', html_text)
            assert all(h.startswith("https://example.org/a") or h == "https://mine.example"
                       for h in hrefs), hrefs
            assert "https://example.org/a%28b%29c%20d" in hrefs
            text = plain(html_text)
            for shown in (EVIL_TITLE, EVIL_BYLINE, EVIL_BODY):
                assert shown in text, (shown, text)
    # the user's own Markdown stays live
    assert "<strong>own</strong>" in render(documents[1]) and "<kbd>" in render(documents[1])


# Pieces of every Markdown construct (emails aside: GitHub links them whatever the escapes).
_MARKDOWN_SOUP = st.lists(
    st.sampled_from(list("abc XYZ 019 .,:;!?()[]{}<>*_`~#^|\\/&$%=+-'\"\n\t")
                    + ["http://", "https://", "www.", "javascript:", "&amp;", "&#65;", "<!--",
                       "-->", "```", "~~~", "    ", "1. ", "2) ", "- ", "+ ", "> ", "# ", "](",
                       "![", "[[", "]]", "%%", "==", "---", "***", "<b>", "</b>", "\u00e9",
                       "\u2028", "\x1b["]),
    max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_MARKDOWN_SOUP)
def test_any_page_text_renders_as_itself_and_nothing_else(text: str) -> None:
    expected = clean_line(text)
    line = markdown_text(text)
    assert "\n" not in line
    for wrapper, allowed in (("{}", {"p"}), ("- {}", {"ul", "li"}), ("> {}", {"blockquote", "p"}),
                             ("# [{}](https://example.org)", {"h1", "a"})):
        for html_text in (render(wrapper.format(line)), render_commonmark(wrapper.format(line))):
            assert set(tags(html_text)) <= allowed, (text, line, html_text)
            assert plain(html_text) == " ".join(expected.split()), (text, line, html_text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.text(max_size=30), st.lists(st.text(max_size=10), max_size=3))
def test_front_matter_is_valid_yaml_whatever_the_page_says(title: str, byline: str, tags_: list[str]) -> None:
    md = notes_markdown(article(title=title, byline=byline or None, published=title[:20] or None),
                        tags=tags_)
    assert md.startswith("---\n")
    block = md[4:md.index("\n---\n", 4)]
    try:
        import yaml
    except ImportError:  # no YAML parser: every value must be a JSON string or an ISO date
        for line in block.splitlines():
            key, _, value = line.partition(": ")
            if key == "tags":
                assert isinstance(json.loads(value), list)
            elif not re.fullmatch(r"\d{4}-\d{2}-\d{2}[\dT:.Z+-]*", value):
                assert isinstance(json.loads(value), str), line
        return
    data = yaml.safe_load(block)
    assert data["title"] == (clean_line(title) or "Untitled")
    if clean_line(byline):
        assert data["author"] == clean_line(byline)
    assert data.get("tags", []) == [clean_line(t) for t in tags_]


def test_a_note_keeps_its_line_breaks_in_markdown() -> None:
    from markdown_it import MarkdownIt

    from reader.core.export import kept_line_breaks
    note = "Milk\nEggs\n\nA new paragraph\n```\ncode a\ncode b\n```\nafter"
    kept = kept_line_breaks(note)
    assert kept == "Milk  \nEggs\n\nA new paragraph\n```\ncode a\ncode b\n```\nafter"
    html = MarkdownIt().render(kept)
    assert "Milk<br />\nEggs" in html and "code a\ncode b" in html
