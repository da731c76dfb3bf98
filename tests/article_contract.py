"""The text contract every extracted Article keeps (shared by the extraction tests)."""

from __future__ import annotations

from reader.core.safety import is_clean


def check_contract(article) -> None:
    text = article.text
    assert is_clean(text) and "\n\n\n" not in text and text == text.strip()
    for part in text.split("\n\n") if text else []:
        assert part.strip() == part and part
    for b in article.blocks:
        assert 0 <= b.start < b.end <= len(text)
        chunk = text[b.start:b.end]
        assert chunk.strip() == chunk and "\n\n" not in chunk
    joined = "\n\n".join(text[b.start:b.end] for b in article.blocks)
    assert joined == text
    for link in article.links:
        if link.start is not None:
            assert text[link.start:link.end] == link.text
    assert 0.0 <= article.confidence <= 1.0
    for value in (article.title, article.byline, article.site):
        assert value is None or ("\n" not in value and is_clean(value))
