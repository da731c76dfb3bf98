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


@pytest.fixture
def cleanings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """readability's clean-up of a whole page (its html_cleaner), by the page's first words."""
    seen: list[str] = []
    cleaner = html_mod._IN_PLACE_CLEANER.cleaner

    def counted(doc: Any) -> None:
        seen.append(" ".join(doc.text_content().split())[:40])
        cleaner(doc)

    monkeypatch.setattr(html_mod._IN_PLACE_CLEANER, "cleaner", counted)
    return seen


def test_a_tree_read_twice_is_cleaned_once(passes: Counter[int], cleanings: list[str]) -> None:
    tree = parse(list_page())
    rule_pick(tree, page_metadata(tree, None), None, DEFAULT_LIMITS)
    assert passes[id(tree)] == 2 and sum(passes.values()) == 3
    # the page's second pass reads a copy of its first clean-up; the cleaned copy is cleaned once
    assert len(cleanings) == 2


def test_readability_cleans_the_copy_it_is_given_without_copying_it_again(monkeypatch: pytest.MonkeyPatch) -> None:
    copies: list[int] = []
    real = type(html_mod._IN_PLACE_CLEANER.cleaner).clean_html

    def counted(self: Any, doc: Any) -> Any:
        copies.append(1)
        return real(self, doc)

    monkeypatch.setattr(type(html_mod._IN_PLACE_CLEANER.cleaner), "clean_html", counted)
    tree = parse(list_page())
    before = " ".join(tree.text_content().split())
    root, _ = readability_run(tree, None)
    assert root is not None and not copies
    assert " ".join(tree.text_content().split()) == before  # the page itself is left alone


def test_a_kept_parse_gives_the_same_pick_as_a_fresh_one() -> None:
    tree = parse(list_page())
    kept: html_mod.ParsedPages = {}
    first, _ = readability_run(tree, None, ruthless=False, parsed=kept)
    assert len(kept) == 1
    again, _ = readability_run(tree, None, ruthless=False, parsed=kept)
    fresh, _ = readability_run(tree, None, ruthless=False)
    assert first is not None and again is not None and fresh is not None
    assert html_mod.etree.tostring(again) == html_mod.etree.tostring(fresh) == html_mod.etree.tostring(first)


def test_the_retry_and_the_density_pick_share_one_cleaned_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    whole_page: list[int] = []
    real = html_mod.preclean

    def counted(root: Any, *args: Any, **kwargs: Any) -> Any:
        if root.tag == "html":
            whole_page.append(1)
        return real(root, *args, **kwargs)

    monkeypatch.setattr(html_mod, "preclean", counted)
    # an article (so the rules do not widen to the body) whose pick is a scrap, and stays one
    # after both retries: the density pick runs too
    tree = parse(list_page())
    pick = rule_pick(tree, page_metadata(tree, None), None, DEFAULT_LIMITS)
    assert pick.raw and len(whole_page) == 1


def test_runs_in_two_threads_never_interleave_readabilitys_swapped_globals(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A second thread's run waits while the first is inside readability (the swaps of its
    module globals are one run's at a time), and both leave readability's own globals behind."""
    import threading

    import readability.readability as rd

    originals = (rd.clean, rd.html_cleaner)
    tree = parse(list_page())
    real_summary = html_mod._TreeDocument.summary
    second_waited: list[bool] = []
    other = threading.Thread(target=readability_run, args=(tree, None))

    def summary_that_starts_another_run(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not other.is_alive() and not second_waited:
            other.start()
            other.join(timeout=1.0)
            second_waited.append(other.is_alive())  # still waiting for this run to end
        return real_summary(self, *args, **kwargs)

    monkeypatch.setattr(html_mod._TreeDocument, "summary", summary_that_starts_another_run)
    readability_run(tree, None)
    other.join(timeout=30)
    assert second_waited == [True]
    assert not other.is_alive()
    assert (rd.clean, rd.html_cleaner) == originals
