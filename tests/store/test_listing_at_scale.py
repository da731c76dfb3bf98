"""Listing and search on a library of 5,000 articles: pages come in the right order whichever
way they are walked, counts agree with the rows, search ranks a bounded set, and streams do
not hold the library in memory (measured with tracemalloc, never with wall time)."""

from __future__ import annotations

import random
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from library_fixtures import ticking_clock

from reader import store
from reader.core.models import Article
from reader.store import ArticleFilter, ArticleRecord, Library
from reader.store.listing import SORTS
from reader.store.search import RANKED_SET

N = 5000
WORDS = ["otter", "harbour", "kettle", "lantern", "meadow", "quartz", "willow", "ember",
         "saffron", "tundra", "falcon", "glacier"]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    rng = random.Random(5)
    path = tmp_path_factory.mktemp("scale") / "library.sqlite3"
    lib = store.open(path, clock=ticking_clock())
    with lib.transaction():
        for n in range(N):
            words = rng.choices(WORDS, k=60)
            title = " ".join(rng.choices(WORDS, k=3)).title()
            text = f"Common words for article {n}. " + " ".join(words) + "."
            article_id = lib.save_article(Article(
                text=text, title=title, location=f"https://site{n % 37}.example/{n}",
                url=f"https://site{n % 37}.example/{n}", site=f"Site {n % 37}" if n % 3 else None,
                published=f"20{10 + n % 14}-0{1 + n % 9}-1{n % 10}" if n % 4 else None),
                opened=n % 5 == 0)
            lib.set_note(article_id, f"note {n} about {rng.choice(WORDS)}")
            if n % 5 == 0:
                lib.add_tag(article_id, WORDS[n % 7])
            if n % 7 == 0:
                lib.add_highlight(article_id, 0, 12)
            if n % 3 == 0:
                lib.set_state(article_id, "archived")
            if n % 11 == 0:
                lib.set_starred(article_id)
            lib.set_position(article_id, n % 50, (n % 100) / 100)
    yield lib
    lib.close()


def python_key(sort: str) -> Callable[[ArticleRecord], Any]:
    """The same order as SQLite's, written independently (titles are ASCII: NOCASE = lower)."""
    return {
        "opened": lambda r: (r.last_opened or r.saved, r.id),
        "saved": lambda r: (r.saved, r.id),
        "title": lambda r: (r.title.lower(), r.id),
        "site": lambda r: ((r.site or "").lower(), r.title.lower(), r.id),
        "published": lambda r: (r.published or "", r.id),
        "progress": lambda r: (r.progress, r.id),
    }[sort]


@pytest.mark.parametrize("sort", SORTS)
def test_pages_walked_by_keyset_or_offset_give_every_row_in_order(big: Library, sort: str) -> None:
    everything = big.list_articles(sort)
    expected = sorted(everything, key=python_key(sort), reverse=sort not in ("title", "site"))
    assert [r.id for r in everything] == [r.id for r in expected]
    by_keyset: list[int] = []
    page = big.list_page(sort, limit=333)
    while page:
        by_keyset += [r.id for r in page]
        page = big.list_page(sort, limit=333, after=page[-1])
    by_offset = [r.id for k in range(0, N, 777) for r in big.list_page(sort, limit=777, offset=k)]
    assert by_keyset == by_offset == [r.id for r in everything]
    assert [r.id for r in big.list_page(sort, limit=50, offset=4990)] == by_keyset[4990:]
    streamed = [r.id for r in big.iter_articles(sort, batch=400)]
    assert streamed == by_keyset
    assert [r.id for r in big.iter_articles(sort, reverse=True, batch=999)] == by_keyset[::-1]


@pytest.mark.parametrize("filters", [
    ArticleFilter(states=("archived",)), ArticleFilter(states=("unread", "starred")),
    ArticleFilter(tags=("otter",)), ArticleFilter(tags=("kettle",), states=("archived",)),
    ArticleFilter(sites=("site3.example",)), ArticleFilter(sites=("Site 4",)),
    ArticleFilter(without_states=("archived",), without_tags=("otter",)),
    ArticleFilter(annotated=True),
])
def test_filters_count_and_list_the_same_rows(big: Library, filters: ArticleFilter) -> None:
    everything = big.list_articles("saved")

    def wanted(r: ArticleRecord) -> bool:
        checks = [
            all((r.starred if s == "starred" else r.state == s) for s in filters.states),
            not any((r.starred if s == "starred" else r.state == s)
                    for s in filters.without_states),
            all(t in r.tags for t in filters.tags),
            not any(t in r.tags for t in filters.without_tags),
            not filters.sites or any(r.host == s or (r.site or "").lower() == s.lower()
                                     for s in filters.sites),
            not filters.annotated or r.notes_count > 0,
        ]
        return all(checks)

    expected = [r.id for r in everything if wanted(r)]
    assert expected                                          # the fixture covers each case
    assert big.count_articles(filters) == len(expected)
    assert [r.id for r in big.iter_articles("saved", filters, batch=128)] == expected
    assert [r.id for r in big.list_page("saved", filters, limit=20)] == expected[:20]


def test_search_ranks_at_most_the_newest_ranked_set(big: Library) -> None:
    hits = big.search("common", limit=N)
    assert len(hits) == RANKED_SET                           # every article matches
    newest = {r.id for r in big.list_page("saved", limit=RANKED_SET)}
    assert {h.record.id for h in hits} <= {r.id for r in big.list_articles()}
    assert all(h.record.id in newest or h.record.id > N - RANKED_SET for h in hits)
    ranks = [h.rank for h in hits]
    assert ranks == sorted(ranks)
    few = big.search("note 4321 ")                           # a selective query: exact
    assert [h.record.id for h in few][:1] == [4322] and "«4321»" in few[0].snippet
    assert len(big.search("o", limit=200)) == 200            # one letter: still answered
    assert [h.record.id for h in big.search("tag:otter is:starred", limit=N)] == [
        r.id for r in big.list_page("opened", ArticleFilter(tags=("otter",),
                                                            states=("starred",)), limit=N)]


def peak_of(consume: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        consume()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streams_do_not_hold_the_library_in_memory(big: Library) -> None:
    listed = peak_of(lambda: big.list_articles("saved"))
    streamed = peak_of(lambda: sum(1 for _ in big.iter_articles("saved", batch=200)))
    assert streamed * 5 < listed, (streamed, listed)
    exported = peak_of(lambda: big.export_entries(annotated_only=False))
    stream_export = peak_of(lambda: sum(1 for _ in big.iter_export_entries(
        annotated_only=False, batch=100)))
    assert stream_export * 5 < exported, (stream_export, exported)
    annotated = peak_of(lambda: sum(1 for _ in big.iter_annotated(batch=200)))
    assert annotated * 5 < listed, (annotated, listed)


def test_streamed_exports_hold_the_same_entries_as_the_list(big: Library) -> None:
    listed = big.export_entries()
    streamed = list(big.iter_export_entries(batch=300))
    assert [e.record.id for e in streamed] == [e.record.id for e in listed]
    assert [e.record.id for e in listed] == sorted(e.record.id for e in listed)  # oldest first
    first = streamed[7]
    assert first.article.text == big.load_article(first.record.id).text
    assert first.note == big.get_note(first.record.id)
    assert first.highlights == big.list_highlights(first.record.id)
    annotated = list(big.iter_annotated())                   # newest first, as notes list
    assert [a.record.id for a in annotated] == [e.record.id for e in listed][::-1]
    assert annotated[-1].note == listed[0].note and annotated[-1].highlights == listed[0].highlights
