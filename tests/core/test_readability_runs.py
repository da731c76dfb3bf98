"""readability runs once per distinct input: the rules' retry reuses the lenient pass readability
already made on the same tree, and a lenient document does not repeat its own pass."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from reader.core.extract import html as html_mod
from reader.core.extract.html import page_metadata, parse, readability_root, readability_run, rule_pick
from reader.core.limits import DEFAULT_LIMITS

_ITEM = "<li>The harbour board met on Tuesday to discuss the crumbling wall and agreed on repairs {i}.</li>"


def list_page() -> str:
    """A page whose text is a long list beside one short paragraph: readability's pick is the
    paragraph (a scrap under its retry length), so it falls back to its lenient pass, and the
    rules retry because the pick holds a sliver of the page's text."""
    items = "".join(_ITEM.format(i=i) for i in range(60))
    return ("<html><head><title>Harbour notices</title><meta property='og:type' content='article'></head><body>"
            "<div class='intro'><div><p>Notices from the harbour board, updated weekly by the clerk.</p></div></div>"
            f"<ul>{items}</ul></body></html>")


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """readability's passes, counted by the tree each document was given."""
    seen: Counter[int] = Counter()
    real = html_mod._TreeDocument._parse

    def counted(self: Any, input: Any) -> Any:  # noqa: A002
        seen[id(self._tree)] += 1
        return real(self, input)

    monkeypatch.setattr(html_mod._TreeDocument, "_parse", counted)
    return seen


def test_the_retry_reuses_readabilitys_own_lenient_pass(passes: Counter[int]) -> None:
    tree = parse(list_page())
    meta = page_metadata(tree, None)
    rule_pick(tree, meta, None, DEFAULT_LIMITS)
    assert len(passes) == 2  # the rules retried: on the page and on a copy cleaned of furniture
    # the page's own tree: the ruthless pass and readability's lenient fallback, nothing repeated
    assert passes[id(tree)] == 2
    # every other input (the cleaned copy) is read in one pass
    assert all(n == 1 for key, n in passes.items() if key != id(tree))


def test_a_lenient_run_is_what_readabilitys_fallback_found() -> None:
    tree = parse(list_page())
    fallback, lenient = readability_run(tree, None, ruthless=True)
    assert lenient  # the scrap sent readability to its lenient pass
    direct = readability_root(tree, None, ruthless=False)
    assert fallback is not None and direct is not None
    assert fallback.text_content() == direct.text_content()


def test_a_long_pick_is_not_marked_lenient() -> None:
    body = "".join(f"<p>{'The harbour light burned all night above the quay and the boats. ' * 4}</p>"
                   for _ in range(8))
    tree = parse(f"<html><body><article>{body}</article></body></html>")
    root, lenient = readability_run(tree, None, ruthless=True)
    assert root is not None and not lenient
