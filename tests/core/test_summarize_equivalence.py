"""Our vectorised algorithms choose the same sentences as sumy's own implementations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reader.core.models import Article, Block
from reader.core.summarize import sumy_ref
from reader.core.summarize.document import build
from reader.core.summarize.registry import ALGORITHMS

pytest.importorskip("sumy")


def _top(scores: np.ndarray, n: int) -> list[int]:
    return sorted(int(k) for k in np.argsort(-scores, kind="stable")[:n])


def assert_same_choice(name: str, article: Article, n: int) -> None:
    doc = build(article)
    ours = ALGORITHMS[name].ranker()(doc, n)
    ref = sumy_ref.scores(name, doc)
    got, want = _top(ours, n), _top(ref, n)
    if got != want:
        # Only exact ties may differ (sumy's float noise orders equal scores arbitrarily):
        # the two choices must be worth the same under both scorings.
        assert np.allclose(sorted(ours[got]), sorted(ours[want]), rtol=1e-9, atol=1e-12), (name, got, want)
        assert np.allclose(sorted(ref[got]), sorted(ref[want]), rtol=1e-6, atol=1e-9), (name, got, want)
    if name in ("lexrank", "textrank", "lsa", "luhn", "reduction", "edmundson"):
        assert np.allclose(ours, ref, rtol=1e-6, atol=1e-9), name


def _dev_articles(shared_dir: Path) -> list[Article]:
    out = []
    for dataset, count in (("cnndm", 6), ("xsum", 4)):
        paths = sorted((shared_dir / "eval" / "summaries" / dataset).glob("*.article.txt"))
        step = max(1, len(paths) // count)
        out += [Article(text=p.read_text(encoding="utf-8")) for p in paths[::step][:count]]
    return out


@pytest.mark.parametrize("name", sumy_ref.SUMY_NAMES)
def test_same_sentences_as_sumy_on_dev_articles(shared_dir: Path, name: str) -> None:
    for article in _dev_articles(shared_dir):
        for n in (3, 5):
            assert_same_choice(name, article, n)


@pytest.mark.parametrize("name", sumy_ref.SUMY_NAMES)
def test_same_sentences_as_sumy_on_fixtures(fixtures_dir: Path, name: str) -> None:
    essay = (fixtures_dir / "summary" / "essay.txt").read_text(encoding="utf-8")
    heading = essay.split("\n", 1)[0]
    with_blocks = Article(text=essay, title="Small tools", blocks=[Block("heading", 0, len(heading), 1)])
    forum = Article(text=(fixtures_dir / "summary" / "forum.txt").read_text(encoding="utf-8"))
    # Duplicates, stop-word-only and one-word sentences exercise sumy's edge cases.
    odd = Article(text="It is what it is. Rain fell. Rain fell. The town flooded after rain. "
                       "Rain. The river rose and the town flooded. It was. Flooded town, flooded river.")
    for article in (with_blocks, forum, odd):
        for n in (1, 3):
            assert_same_choice(name, article, n)
