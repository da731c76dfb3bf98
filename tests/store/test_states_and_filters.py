"""Unread / archived / starred states, and finding articles by state, tag and site, both in
listings and in the search syntax (`tag:`, `site:`, `is:`, `-`)."""

from __future__ import annotations

import pytest
from library_fixtures import article

from reader.core.errors import StoreError
from reader.store import Library
from reader.store.listing import ArticleFilter
from reader.store.search import parse_query


@pytest.fixture
def shelf(lib: Library) -> dict[str, int]:
    ids = {
        "kettles": lib.save_article(article("https://www.cooking.example/kettles", title="Why Kettles Sing",
                                            text="Kettles sing because steam bubbles collapse.")),
        "bees": lib.save_article(article("https://news.nature.example/bees", title="The Quiet Work of Bees",
                                         text="Bees keep the orchard alive; security of food.")),
        "locks": lib.save_article(article("https://blog.example.org/locks", title="Picking Locks",
                                          text="Pin tumbler locks are older than you think.",
                                          site="Lockblog")),
        "clocks": lib.save_article(article("https://nature.example/clocks", title="Tidal Clocks",
                                           text="The harbour clock follows the tides.")),
    }
    lib.add_tag(ids["locks"], "Security")
    lib.add_tag(ids["locks"], "mac")
    lib.add_tag(ids["bees"], "nature")
    lib.add_tag(ids["clocks"], "nature")
    lib.set_state(ids["bees"], "archived")
    lib.set_starred(ids["bees"])
    lib.set_starred(ids["locks"])
    return ids


def titles(hits: list) -> list[str]:
    return sorted(getattr(h, "record", h).title for h in hits)


def test_states_are_set_cleared_and_exclusive(lib: Library, shelf: dict[str, int]) -> None:
    bees = lib.get(shelf["bees"])
    assert (bees.state, bees.archived, bees.unread, bees.starred) == ("archived", True, False, True)
    assert bees.archived_at is not None and bees.starred_at is not None
    assert not lib.set_state(shelf["bees"], "archived")                  # no change
    assert lib.set_state(shelf["bees"], "unread")
    bees = lib.get(shelf["bees"])
    assert bees.unread and bees.archived_at is None and bees.starred      # starred independent
    assert lib.set_starred(shelf["bees"], False) and not lib.get(shelf["bees"]).starred
    with pytest.raises(StoreError, match="Unknown state"):
        lib.set_state(shelf["bees"], "starred")
    assert not lib.set_state(10**30, "archived") and not lib.set_starred(-1)


def test_opening_or_reading_never_archives(lib: Library, shelf: dict[str, int]) -> None:
    kettles = shelf["kettles"]
    lib.mark_opened(kettles)
    lib.set_position(kettles, 40, 1.0)
    lib.save_article(article("https://www.cooking.example/kettles", title="Why Kettles Sing",
                             text="Kettles sing because steam bubbles collapse."), opened=True)
    assert lib.get(kettles).state == "unread"
    lib.set_state(kettles, "archived")
    lib.save_article(article("https://www.cooking.example/kettles", text="Edited text."),
                     opened=True)
    assert lib.get(kettles).state == "archived"          # and reopening keeps the state


def test_listing_filters_by_state_tag_and_site(lib: Library, shelf: dict[str, int]) -> None:
    def listed(**kw: object) -> list[str]:
        f = ArticleFilter(**kw)  # type: ignore[arg-type]
        page = lib.list_page("title", f)
        assert lib.count_articles(f) == len(page)
        return [r.title for r in page]

    assert listed(states=("archived",)) == ["The Quiet Work of Bees"]
    assert listed(states=("unread",)) == ["Picking Locks", "Tidal Clocks", "Why Kettles Sing"]
    assert listed(states=("starred",)) == ["Picking Locks", "The Quiet Work of Bees"]
    assert listed(states=("unread", "starred")) == ["Picking Locks"]
    assert listed(without_states=("starred",)) == ["Tidal Clocks", "Why Kettles Sing"]
    assert listed(tags=("NATURE ",)) == ["The Quiet Work of Bees", "Tidal Clocks"]
    assert listed(tags=("nature",), states=("archived",)) == ["The Quiet Work of Bees"]
    assert listed(without_tags=("nature",)) == ["Picking Locks", "Why Kettles Sing"]
    assert listed(sites=("nature.example",)) == ["The Quiet Work of Bees", "Tidal Clocks"]
    assert listed(sites=("cooking.example",)) == ["Why Kettles Sing"]     # www. ignored
    assert listed(sites=("https://www.cooking.example/x",)) == ["Why Kettles Sing"]
    assert listed(sites=("lockblog",)) == ["Picking Locks"]               # the site's name
    assert listed(sites=("xample",)) == []                                # labels, not letters
    assert listed(sites=("ture.example",)) == []
    assert lib.get(shelf["kettles"]).host == "cooking.example"
    with pytest.raises(StoreError):
        lib.list_page(filters=ArticleFilter(states=("read",)))


def test_search_finds_tag_names(lib: Library, shelf: dict[str, int]) -> None:
    assert titles(lib.search("security")) == ["Picking Locks", "The Quiet Work of Bees"]
    assert titles(lib.search("mac")) == ["Picking Locks"]
    lib.remove_tag(shelf["locks"], "mac")
    assert lib.search("mac") == []                 # the index follows the tags


def test_search_filter_syntax(lib: Library, shelf: dict[str, int]) -> None:
    assert titles(lib.search("tag:security")) == ["Picking Locks"]
    assert titles(lib.search("tag:Security tag:mac")) == ["Picking Locks"]
    assert lib.search("tag:security tag:nature") == []                   # all required
    assert titles(lib.search("tag:nature")) == ["The Quiet Work of Bees", "Tidal Clocks"]
    assert titles(lib.search("tag:nature tides")) == ["Tidal Clocks"]     # with words
    assert titles(lib.search("tides tag:nature")) == ["Tidal Clocks"]
    assert titles(lib.search("tag:nature ti")) == ["Tidal Clocks"]        # prefix as typed
    assert titles(lib.search("is:archived")) == ["The Quiet Work of Bees"]
    assert titles(lib.search("state:unread is:starred")) == ["Picking Locks"]
    assert titles(lib.search("-is:starred")) == ["Tidal Clocks", "Why Kettles Sing"]
    assert titles(lib.search("tag:nature -is:archived")) == ["Tidal Clocks"]
    assert titles(lib.search("site:nature.example")) == ["The Quiet Work of Bees", "Tidal Clocks"]
    assert titles(lib.search("site:nature.example bees")) == ["The Quiet Work of Bees"]
    assert titles(lib.search('site:"Lockblog"')) == ["Picking Locks"]
    assert titles(lib.search("harbour", tag="nature")) == ["Tidal Clocks"]
    assert titles(lib.search("-tag:nature")) == ["Picking Locks", "Why Kettles Sing"]


def test_unknown_filters_are_plain_words(lib: Library, shelf: dict[str, int]) -> None:
    parsed = parse_query("title:Kettles is:later")
    assert parsed.filters == ArticleFilter() and "title:Kettles" in parsed.text
    assert titles(lib.search("title:Kettles")) == []      # words "title" and "kettles"
    assert lib.search("is:later") == []
    assert lib.search("tag:") == [] and lib.search('tag:""') == []


def test_a_query_ending_in_a_filter_does_not_prefix_its_last_word() -> None:
    assert parse_query("otters tag:x").text.rstrip() == "otters"
    assert parse_query("otters tag:x").text[-1:].isspace()
    assert not parse_query("tag:x ott").text[-1:].isspace()


def test_tags_are_lower_case_trimmed_and_control_free(lib: Library, shelf: dict[str, int]) -> None:
    lib.add_tag(shelf["kettles"], "  Tea\x1b[31m\tTime \u202e")
    assert lib.tags(shelf["kettles"]) == ["tea[31m time"]
    assert lib.get(shelf["kettles"]).tags == ["tea[31m time"]
    assert titles(lib.search('tag:"TEA[31M time"')) == ["Why Kettles Sing"]
    with pytest.raises(StoreError):
        lib.add_tag(shelf["kettles"], "\x00\u200b ")
