"""Our vectorised algorithms choose the same sentences as sumy's own implementations.

Checked on the project's own fixtures (news, essay, forum thread, list-heavy guide, short,
long), so every clone proves it; the dev articles in ../shared are an extra when present.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reader.core.models import Article, Block
from reader.core.summarize import graphs, sumy_ref
from reader.core.summarize.document import Doc, build
from reader.core.summarize.registry import ALGORITHMS

pytest.importorskip("sumy")

FIXTURES = ("news", "essay", "forum", "guide", "short", "long")
# Same scores as sumy's to rounding (the others only choose the same sentences: their greedy
# rounds stop once the summary is full).
EXACT_SCORES = ("lexrank", "textrank", "lsa", "luhn", "reduction", "edmundson")


def _top(scores: np.ndarray, n: int) -> list[int]:
    return sorted(int(k) for k in np.argsort(-scores, kind="stable")[:n])


def assert_same_choice(name: str, doc: Doc, ref: np.ndarray, n: int) -> None:
    ours = ALGORITHMS[name].ranker()(doc, n)
    got, want = _top(ours, n), _top(ref, n)
    if got != want:
        # Only exact ties may differ (sumy's float noise orders equal scores arbitrarily):
        # the two choices must be worth the same under both scorings.
        assert np.allclose(sorted(ours[got]), sorted(ours[want]), rtol=1e-9, atol=1e-12), (name, got, want)
        assert np.allclose(sorted(ref[got]), sorted(ref[want]), rtol=1e-6, atol=1e-9), (name, got, want)
    if name in EXACT_SCORES:
        assert np.allclose(ours, ref, rtol=1e-6, atol=1e-9), name


def fixture_article(fixtures_dir: Path, name: str) -> Article:
    """A fixture text; its first line is the title and a heading block, as extraction gives."""
    text = (fixtures_dir / "summary" / f"{name}.txt").read_text(encoding="utf-8")
    first = text.split("\n", 1)[0]
    if name == "short":
        return Article(text=text)
    return Article(text=text, title=first, blocks=[Block("heading", 0, len(first), 1)])


def edge_cases() -> Article:
    """Stop-word-only sentences, one-word content (sumy's log(1) + log(1) = 0 edge), repeats."""
    return Article(text="It is what it is. The town flooded after rain. It is the rain. "
                        "The river rose and the town flooded. It was the rain. "
                        "Flooded town, flooded river, flooded fields.")


@pytest.mark.parametrize("name", sumy_ref.SUMY_NAMES)
def test_same_sentences_as_sumy_on_fixtures(fixtures_dir: Path, name: str) -> None:
    articles = [fixture_article(fixtures_dir, f) for f in FIXTURES] + [edge_cases()]
    for article in articles:
        doc = build(article)
        assert doc.size >= 3
        ref = sumy_ref.scores(name, doc)
        for n in (1, 3, 5):
            assert_same_choice(name, doc, ref, min(n, doc.size))


@pytest.mark.parametrize("name", ["textrank", "reduction"])
def test_overlap_graph_beyond_the_exact_size_still_equals_sumy(fixtures_dir: Path, name: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The low-rank form used past EXACT_MAX candidates is the same graph to rounding."""
    monkeypatch.setattr(graphs, "EXACT_MAX", 0)
    for article in [fixture_article(fixtures_dir, f) for f in ("long", "news", "guide")] + [edge_cases()]:
        doc = build(article)
        ref = sumy_ref.scores(name, doc)
        for n in (3, 5):
            assert_same_choice(name, doc, ref, n)


def generated_prose(fixtures_dir: Path, sentences: int, seed: int = 3) -> Article:
    """Long prose-like text: random sentences over the fixtures' words, commonest words most often."""
    import random
    from collections import Counter

    words = Counter(w.lower() for f in FIXTURES
                    for w in (fixtures_dir / "summary" / f"{f}.txt").read_text(encoding="utf-8").split()
                    if w.isalpha())
    vocab = [w for w, _ in words.most_common()]
    rng = random.Random(seed)
    cum = [sum(1.0 / (r + 1) for r in range(k + 1)) for k in range(len(vocab))]
    paragraphs = []
    for _ in range(sentences // 4):
        paragraphs.append(" ".join(
            " ".join(rng.choices(vocab, cum_weights=cum, k=rng.randint(8, 24))).capitalize() + "."
            for _ in range(4)))
    return Article(text="\n\n".join(paragraphs))


def test_lexrank_beyond_the_budget_keeps_the_top_sentences(fixtures_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Past its budget LexRank runs sumy's two power steps on a sampled graph: its top picks
    stay those of the exact graph."""
    doc = build(generated_prose(fixtures_dir, 3000))
    exact = ALGORITHMS["lexrank"].ranker()(doc, 10)
    calls: list[int] = []
    sampled = graphs.cosine_edges

    def counted(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        calls.append(1)
        return sampled(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(graphs, "cosine_edges", counted)
    monkeypatch.setattr(graphs, "EXACT_MAX", 0)
    monkeypatch.setattr(graphs, "PAIRS_PER_SENTENCE", 100)
    approximate = ALGORITHMS["lexrank"].ranker()(doc, 10)
    assert len(calls) == 2  # probes, then the shortlist: the sampled path ran
    shared = set(_top(exact, 10)) & set(_top(approximate, 10))
    assert len(shared) >= 8, sorted(shared)


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
        doc = build(article)
        ref = sumy_ref.scores(name, doc)
        for n in (3, 5):
            assert_same_choice(name, doc, ref, n)
