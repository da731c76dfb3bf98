"""The article line layout: wrapping, blocks, offsets (no Textual app needed)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.core.models import Article, Block
from reader.ui.widgets.article_layout import (
    BLANK,
    CODE,
    HEADING1,
    LIST_ITEM,
    blocks_for,
    layout_article,
    wrap,
)
from reader.ui.widgets.article_view import display_safe


def _article(parts: list[tuple[str, str]]) -> Article:
    text = ""
    blocks = []
    for kind, body in parts:
        if text:
            text += "\n\n"
        blocks.append(Block(kind, len(text), len(text) + len(body), 1))
        text += body
    return Article(text=text, blocks=blocks)


@given(st.text(alphabet=st.sampled_from("abc de fghij 日本 é\u0301"), max_size=300),
       st.integers(min_value=1, max_value=40))
@settings(max_examples=200, deadline=None)
def test_wrap_fits_width_and_keeps_every_word(text: str, width: int) -> None:
    lines = wrap(text, 0, len(text), width)
    for start, end in lines:
        assert cell_len(text[start:end]) <= max(width, 2), (text[start:end], width)
    assert "".join(text[s:e] for s, e in lines).replace(" ", "") == text.replace(" ", "")
    # lines are in order and never overlap
    for (s1, e1), (s2, _) in zip(lines, lines[1:]):
        assert s1 <= e1 <= s2


def test_wrap_breaks_at_spaces() -> None:
    text = "The quick brown fox jumps over the lazy dog"
    assert [text[s:e] for s, e in wrap(text, 0, len(text), 15)] == [
        "The quick brown", "fox jumps over", "the lazy dog"]


def test_layout_kinds_prefixes_and_blank_lines() -> None:
    article = _article([("heading", "Title"), ("paragraph", "Some words here."),
                        ("list-item", "one"), ("list-item", "two"),
                        ("code", "x = 1\n    y = 2"), ("quote", "Said someone.")])
    layout = layout_article(article, 40)
    rows = [(layout.kinds[i], layout.prefixes[i] + article.text[layout.starts[i]:layout.ends[i]])
            for i in range(len(layout))]
    texts = [t for _, t in rows]
    assert texts == ["Title", "", "Some words here.", "", "• one", "• two", "",
                     " x = 1", "     y = 2", "", "│ Said someone."]
    assert rows[0][0] == HEADING1
    assert rows[4][0] == LIST_ITEM and rows[5][0] == LIST_ITEM  # no blank between items
    assert rows[7][0] == CODE and rows[1][0] == BLANK


def test_blocks_fill_gaps_and_plain_text() -> None:
    text = "Intro para.\n\nBlock para.\n\nTrailing para."
    article = Article(text=text, blocks=[Block("heading", 13, 24)])
    blocks = blocks_for(article)
    assert [(b.kind, text[b.start:b.end]) for b in blocks] == [
        ("paragraph", "Intro para."), ("heading", "Block para."), ("paragraph", "Trailing para.")]
    plain = Article(text="One.\n\nTwo.\n\n\nThree.")
    assert [plain.text[b.start:b.end] for b in blocks_for(plain)] == ["One.", "Two.", "Three."]


def test_line_for_offset_points_at_the_line_showing_it() -> None:
    article = _article([("paragraph", "alpha beta gamma delta epsilon " * 10)] * 5)
    layout = layout_article(article, 30)
    for offset in range(0, len(article.text), 7):
        line = layout.line_for_offset(offset)
        assert layout.kinds[line] != BLANK
        if not article.text[offset].isspace():
            assert layout.starts[line] <= offset < layout.ends[line]


def test_huge_article_lays_out_quickly() -> None:
    text = "\n\n".join(f"Paragraph {i}. " + "Lorem ipsum dolor sit amet, consectetur. " * 3
                       for i in range(100_000))
    started = time.process_time()  # CPU time: a loaded machine's wall clock is noise
    layout = layout_article(Article(text=text), 76)
    elapsed = time.process_time() - started
    assert len(layout) > 200_000
    assert elapsed < 5, elapsed  # typically ~0.4 s


@pytest.mark.parametrize("raw", ["a\x1b]52;c;ZXZpbA==\x07b", "x\u202ey", "tab\there", "cr\rlf"])
def test_display_safe_keeps_length_and_drops_controls(raw: str) -> None:
    shown = display_safe(raw)
    assert len(shown) == len(raw)
    assert "\x1b" not in shown and "\u202e" not in shown and "\t" not in shown
    assert "\r" not in shown and "\x07" not in shown
