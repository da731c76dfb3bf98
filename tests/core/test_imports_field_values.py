"""Field values of the exports turned into the model's: times, progress, flags, URLs, tags."""

from __future__ import annotations

import pytest

from reader.core.imports.fields import (FieldError, flag, progress, tag_list, timestamp,
                                        web_url)

MOMENT = "2024-01-15T10:30:00Z"


@pytest.mark.parametrize("value", [
    1705314600, "1705314600", 1705314600.0, 1705314600_000, 1705314600_000_000,
    "2024-01-15T10:30:00Z", "2024-01-15T10:30:00.000Z", "2024-01-15 10:30:00+00:00",
    "2024-01-15T11:30:00+0100", "2024-01-15T11:30:00+01:00", "2024-01-15 10:30:00",
    "Mon, 15 Jan 2024 10:30:00 GMT",
])
def test_every_time_shape_gives_the_same_utc_moment(value: object) -> None:
    assert timestamp(value) == MOMENT


@pytest.mark.parametrize("value", [None, "", "  ", 0, "0", "null"])
def test_unset_times_are_none(value: object) -> None:
    assert timestamp(value) is None


@pytest.mark.parametrize("value", ["yesterday", "2024-13-45", -5, "1e400", 10**30, "9" * 80,
                                   float("nan"), ["2024-01-15"]])
def test_unusable_times_raise(value: object) -> None:
    with pytest.raises(FieldError):
        timestamp(value)


def test_a_bare_date_is_midnight_utc() -> None:
    assert timestamp("2024-01-15") == "2024-01-15T00:00:00Z"


@pytest.mark.parametrize("value, percent, expected", [
    (0.42, False, 0.42), ("0.42", False, 0.42), ("1", False, 1.0), ("45%", False, 0.45),
    (45, False, 0.45), (1, True, 0.01), ("37.5", True, 0.375), ("", False, None),
    (None, True, None),
])
def test_progress(value: object, percent: bool, expected: float | None) -> None:
    assert progress(value, percent=percent) == expected


@pytest.mark.parametrize("value", ["lots", "-0.1", "250", "inf"])
def test_unusable_progress_raises(value: str) -> None:
    with pytest.raises(FieldError):
        progress(value)


@pytest.mark.parametrize("value, expected", [
    (1, True), (0, False), ("1", True), ("TRUE", True), ("False", False), ("", False),
    (None, False), (True, True),
])
def test_flags(value: object, expected: bool) -> None:
    assert flag(value) is expected


def test_a_flag_that_is_neither_raises() -> None:
    with pytest.raises(FieldError):
        flag("maybe")


@pytest.mark.parametrize("value", ["https://example.com/a?b=c#d", " http://example.com ",
                                   "HTTPS://EXAMPLE.COM/"])
def test_web_urls_are_kept(value: str) -> None:
    assert web_url(value, 8000) == value.strip()


@pytest.mark.parametrize("value, words", [
    ("", "no URL"), ("ftp://example.com/f", "not a web address"), ("https:///path", "no host"),
    ("javascript:alert(1)", "not a web address"), ("https://example.com/" + "a" * 9000,
                                                   "too long"), ("http://[::1", "not a URL"),
])
def test_unusable_urls_say_why(value: str, words: str) -> None:
    with pytest.raises(FieldError, match=words):
        web_url(value, 8000)


def test_tags_are_cleaned_deduplicated_and_flattened() -> None:
    assert tag_list(["a", " a ", {"label": "b"}, {"name": "c"}, None, "", ["x"], "d\x1b[0m"],
                    100) == ["a", "b", "c", "d[0m"]
