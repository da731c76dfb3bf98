"""Duplicates from older libraries are listed and merged on request without losing anything;
computed summaries are cached by text, algorithm and settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from library_fixtures import LONG_TEXT, article

from reader import store
from reader.core.errors import StoreError
from reader.core.models import Page, Sentence, Summary, SummaryLength
from reader.store import Library
from reader.store.identity import text_fingerprint


def make_duplicates(lib: Library, tmp_path: Path) -> tuple[int, int]:
    """Two entries of one article, as a library from before schema 5 can hold them."""
    first = lib.save_article(article("https://example.org/a"), opened=True)
    second = lib.save_article(article(str(tmp_path / "saved.html"), text="placeholder"),
                              Page(str(tmp_path / "saved.html"), b"<p>saved</p>"))
    lib.db.write(lambda c: c.execute("UPDATE articles SET fingerprint = ? WHERE id = ?",
                                     (text_fingerprint(LONG_TEXT), second)))
    lib.db.write(lambda c: c.execute("UPDATE search SET body = ? WHERE rowid = ?",
                                     (LONG_TEXT, second)))
    return first, second


def test_duplicates_are_listed_and_merged_without_loss(lib: Library, tmp_path: Path) -> None:
    first, second = make_duplicates(lib, tmp_path)
    lib.set_note(first, "first note")
    lib.set_note(second, "second note")
    start = LONG_TEXT.index("Search finds")
    lib.add_highlight(first, start, start + 12)
    other_text = lib.load_article(second).text
    lib.add_highlight(second, 0, 11, note="kept anyway")          # "placeholder"
    lib.add_tag(second, "saved")
    lib.set_state(second, "archived")
    lib.set_starred(second)
    assert [[r.id for r in g] for g in lib.duplicate_groups()] == [[first, second]]
    merged = lib.merge_entries(first, second)
    assert merged.id == first and lib.get(second) is None and lib.count() == 1
    assert lib.get_note(first).body == "first note\n\nsecond note"
    assert merged.tags == ["saved"] and merged.archived and merged.starred
    quotes = {(h.quote, h.anchored) for h in lib.list_highlights(first)}
    assert quotes == {("Search finds", True), (other_text[:11], False)}   # flagged, kept
    assert lib.find(str(tmp_path / "saved.html")).id == first
    assert lib.load_page(first).body == b"<p>saved</p>"            # first had no page
    assert lib.duplicate_groups() == []
    with pytest.raises(StoreError):
        lib.merge_entries(first, first)
    with pytest.raises(StoreError, match="no article"):
        lib.merge_entries(first, 10**40)


def test_a_failed_merge_changes_nothing(lib: Library, tmp_path: Path) -> None:
    first, second = make_duplicates(lib, tmp_path)
    from reader.store.notes import NOTE_LIMIT_BYTES
    lib.set_note(first, "a" * (NOTE_LIMIT_BYTES - 10))
    lib.set_note(second, "b" * 100)                                 # together: too big
    with pytest.raises(StoreError, match="4 MB"):
        lib.merge_entries(first, second)
    assert lib.get(second) is not None and lib.get_note(second).body == "b" * 100


def summary(algorithm: str = "salience") -> Summary:
    return Summary(algorithm, [Sentence(0, 0, 20, 0), Sentence(3, 100, 140, 1)], [0.9, 0.4],
                   length=SummaryLength(count=2))


def test_summary_cache_is_keyed_by_text_algorithm_and_settings(lib: Library) -> None:
    cache = lib.summaries
    assert cache.get(LONG_TEXT, "salience", {"count": 2}) is None
    cache.put(LONG_TEXT, summary(), {"count": 2, "version": 1})
    hit = cache.get(LONG_TEXT, "salience", {"version": 1, "count": 2})   # order-free
    assert hit == summary()
    assert cache.get(LONG_TEXT, "lexrank", {"count": 2, "version": 1}) is None
    assert cache.get(LONG_TEXT, "salience", {"count": 3, "version": 1}) is None
    assert cache.get(LONG_TEXT + " ", "salience", {"count": 2, "version": 1}) is None
    n = cache.put_many([(f"text {i}", summary("lexrank"), "ratio=0.2") for i in range(5)])
    assert n == 5 and cache.count() == 6
    assert cache.get("text 3", "lexrank", "ratio=0.2") == summary("lexrank")
    assert cache.prune(keep=2) == 4 and cache.count() == 2
    assert cache.clear() == 2


def test_a_damaged_cache_entry_is_a_miss(lib: Library) -> None:
    lib.summaries.put("some text", summary(), {"count": 2})
    lib.db.write(lambda c: c.execute("UPDATE summaries SET summary = '{\"nonsense\": 1}'"))
    assert lib.summaries.get("some text", "salience", {"count": 2}) is None


def test_the_cache_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with store.open(path) as lib:
        lib.summaries.put("kept text", summary(), {"count": 2})
    with store.open(path) as lib:
        assert lib.summaries.get("kept text", "salience", {"count": 2}) == summary()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM summaries").fetchone()[0] == 1
    conn.close()
