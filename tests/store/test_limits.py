"""Limits that protect the store: a bounded note size, and lookups by numbers SQLite cannot
hold (huge, negative, non-ASCII digits) that find nothing instead of raising."""

from __future__ import annotations

import tracemalloc

import pytest
from library_fixtures import article

from reader.core.errors import StoreError
from reader.store import Library
from reader.store.notes import NOTE_LIMIT_BYTES, check_size


def test_a_note_over_the_limit_is_refused_in_one_sentence(lib: Library) -> None:
    article_id = lib.save_article(article())
    lib.set_note(article_id, "kept")
    too_big = "a" * (NOTE_LIMIT_BYTES + 1)
    for call in (lambda: lib.set_note(article_id, too_big),
                 lambda: lib.append_note(article_id, too_big),
                 lambda: lib.set_note(article_id, too_big, base="kept")):
        with pytest.raises(StoreError) as info:
            call()
        message = str(info.value)
        assert "4 MB" in message and "not saved" in message and "\n" not in message
    assert lib.get_note(article_id).body == "kept"


def test_the_limit_counts_utf8_bytes_not_characters(lib: Library) -> None:
    article_id = lib.save_article(article())
    euro = "€" * (NOTE_LIMIT_BYTES // 3)        # 3 bytes each: exactly at the limit
    lib.set_note(article_id, euro)
    with pytest.raises(StoreError):
        lib.set_note(article_id, euro + "€")
    check_size("é" * (NOTE_LIMIT_BYTES // 2))
    with pytest.raises(StoreError):
        check_size("é" * (NOTE_LIMIT_BYTES // 2 + 1))


def test_appending_past_the_limit_is_refused_and_keeps_the_note(lib: Library) -> None:
    article_id = lib.save_article(article())
    half = "b" * (NOTE_LIMIT_BYTES // 2)
    lib.append_note(article_id, half)
    with pytest.raises(StoreError):
        lib.append_note(article_id, half)
    assert lib.get_note(article_id).body == half


def test_highlight_notes_have_the_same_limit(lib: Library) -> None:
    article_id = lib.save_article(article())
    with pytest.raises(StoreError, match="highlight note"):
        lib.add_highlight(article_id, 0, 5, note="x" * (NOTE_LIMIT_BYTES + 1))
    h = lib.add_highlight(article_id, 0, 5, note="short")
    with pytest.raises(StoreError, match="highlight note"):
        lib.set_highlight_note(h.id, "x" * (NOTE_LIMIT_BYTES + 1))
    assert lib.get_highlight(h.id).note == "short"


def test_refusing_a_huge_note_is_checked_before_any_copy(lib: Library) -> None:
    """Only the caller's string exists: no encoded copy, no SQL parameter copy."""
    article_id = lib.save_article(article())
    huge = "c" * (40 * NOTE_LIMIT_BYTES)
    tracemalloc.start()
    try:
        with pytest.raises(StoreError):
            lib.append_note(article_id, huge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < NOTE_LIMIT_BYTES, peak


@pytest.mark.parametrize("ref", ["99999999999999999999999", "9223372036854775808",
                                 "9" * 5000, "-1", "-99999999999999999999", "0", "²", "١٢",
                                 " 12 ", "1e5"])
def test_lookups_by_impossible_numbers_find_nothing(lib: Library, ref: str) -> None:
    lib.save_article(article())
    assert lib.find(ref) is None


@pytest.mark.parametrize("number", [2**63, 2**70, -1, 0, -(2**70)])
def test_id_calls_with_out_of_range_ids_never_raise_overflow(lib: Library, number: int) -> None:
    assert lib.get(number) is None and lib.find(number) is None
    assert lib.get_position(number) is None and lib.load_page(number) is None
    assert lib.get_note(number) is None and lib.list_highlights(number) == []
    assert lib.get_highlight(number) is None and lib.delete_highlight(number) is None
    assert not lib.delete(number) and not lib.restore(number)
    assert lib.tags(number) == [] and lib.locations(number) == []
    lib.set_position(number, 3, 0.5)
    lib.mark_opened(number)
    with pytest.raises(StoreError, match="no article"):
        lib.load_article(number)
    with pytest.raises(StoreError, match="no article"):
        lib.set_note(number, "x")
    with pytest.raises(StoreError, match="no article"):
        lib.add_highlight(number, 0, 1)
    with pytest.raises(StoreError):
        lib.add_tag(number, "x")


def test_a_real_id_still_works_with_spaces(lib: Library) -> None:
    article_id = lib.save_article(article())
    assert lib.find(f" {article_id} ").id == article_id
