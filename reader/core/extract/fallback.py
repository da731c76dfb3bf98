"""The last resort when no article was found: all the readable text of the page.

An article must never be silently empty: a page whose extraction comes back empty gets its whole
visible text (with a confidence near zero, so the UI can say so), and only a page without any
text at all becomes an ExtractError.
"""

from __future__ import annotations

from .blocks import RawBlock, html_blocks

FALLBACK_CONFIDENCE = 0.05

_INVISIBLE = ("script", "style", "template", "svg", "math", "head", "title", "noscript")


def visible_blocks(html: str, max_depth: int = 512) -> list[RawBlock]:
    """Every block of text in the page body, furniture included; [] when there is none."""
    from .html import parse  # lxml loads only when needed

    try:
        tree = parse(html, max_depth)
    except Exception:  # nothing parses: there is no text to fall back on
        return []
    body = tree.find(".//body")
    root = body if body is not None else tree
    raw = [b for b in html_blocks(root, None, max_depth) if b.text.strip()]
    if raw:
        return raw
    # the walker skips forms, buttons and iframes; a page made only of those still has words
    for el in list(root.iter(*_INVISIBLE)):
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()
    words = " ".join(root.text_content().split())
    return [RawBlock("paragraph", words)] if words else []
