"""Extraction and sentence splitting grow linearly with the input on hostile page shapes.

Each shape is run at two sizes, five times apart: linear work takes about five times longer
(less, with fixed costs), quadratic work about 25 times. The bound (10x) sits between the two,
and CPU time (best of two runs) keeps the comparison steady on a loaded machine. Absolute
timings belong to bench/hostile_cost.py, not to the suite.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from hostile_pages import SHAPES
from reader.core.extract import extract
from reader.core.models import Page
from reader.core.segment import split_sentences

SMALL, FACTOR, BOUND = 30_000, 5, 10.0


def _cpu(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return max(best, 1e-4)


def _growth(make: Callable[[int], Callable[[], object]]) -> float:
    small, big = make(SMALL), make(SMALL * FACTOR)
    small()  # warm caches and lazy imports
    return _cpu(big) / _cpu(small)


@pytest.mark.parametrize("shape", ["dense_links", "link_breaks", "tiny_inline", "giant_paragraph",
                                   "huge_list", "huge_table", "deep_inline", "nested_blocks"])
def test_extraction_time_grows_linearly(shape: str) -> None:
    def make(size: int) -> Callable[[], object]:
        page = Page(location="page.html", body=SHAPES[shape](size).encode())
        return lambda: extract(page)

    assert _growth(make) < BOUND


@pytest.mark.parametrize("shape", ["abbreviation_paragraph", "giant_paragraph", "dense_links"])
def test_sentence_splitting_time_grows_linearly(shape: str) -> None:
    def make(size: int) -> Callable[[], object]:
        text = extract(Page(location="page.html", body=SHAPES[shape](size).encode())).text
        return lambda: split_sentences(text)

    assert _growth(make) < BOUND


def test_every_link_of_a_dense_paragraph_keeps_its_offsets() -> None:
    article = extract(Page(location="page.html", body=SHAPES["dense_links"](60_000).encode()))
    placed = [link for link in article.links if link.start is not None]
    assert len(placed) > 1000 and len(placed) == len(article.links)
    assert all(article.text[link.start:link.end] == link.text for link in placed)
    assert [link.start for link in placed] == sorted(link.start for link in placed)
    assert placed[-1].text == f"story {len(placed) - 1}"
