"""Turning the exports' field values into the model's: timestamps, URLs, tags, progress, text.

Each converter raises `FieldError` with a short reason when a value is present but unusable,
so the parser can keep the item without that field and say which field and why.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TypeVar
from urllib.parse import urlsplit

from reader.core.imports.limits import ImportLimits
from reader.core.imports.model import Place, Problem
from reader.core.safety import clean, clean_line


T = TypeVar("T")


class FieldError(ValueError):
    """A field value that cannot be used; the message names what was wrong with it."""


_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_EARLIEST = datetime(1971, 1, 1, tzinfo=timezone.utc).timestamp()   # epoch 0 means "unset"
_LATEST = datetime(2200, 1, 1, tzinfo=timezone.utc).timestamp()


def shorten(value: object, limit: int = 40) -> str:
    """A value quoted in a message: one clean line, cut to `limit` characters."""
    text = clean_line(str(value))
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit]


def line_text(value: object, limit: int) -> str:
    """A one-line field (title, author, tag): cleaned, whitespace folded, cut at `limit`."""
    if value is None:
        return ""
    return cut(clean_line(value if isinstance(value, str) else str(value)), limit)


def block_text(value: object, limit: int) -> str:
    """A multi-line field (note, quote, excerpt): cleaned, outer blank lines dropped, cut."""
    if value is None:
        return ""
    return cut(clean(value if isinstance(value, str) else str(value)).strip(), limit)


def _from_epoch(seconds: float) -> datetime:
    # Exports write epoch seconds; a few tools write milliseconds or microseconds instead.
    for _ in range(3):
        if seconds < _LATEST:
            break
        seconds /= 1000
    if not _EARLIEST <= seconds < _LATEST:
        raise FieldError("is not a plausible time")
    return datetime.fromtimestamp(seconds, timezone.utc)


def timestamp(value: object) -> str | None:
    """ISO 8601 UTC (`2024-01-15T10:30:00Z`) from epoch seconds (ms, µs) or a date string.

    Strings may be ISO 8601 with `T` or a space, with or without fraction and offset (`Z`,
    `+00:00`, `+0000`), a bare date, or RFC 2822. A time without an offset is taken as UTC:
    the exports that write one (wallabag) do not say which zone they meant. Empty, None and
    epoch 0 mean "not set" and give None.
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise FieldError("is not a time")
        if value == 0:
            return None
        moment = _from_epoch(float(value))
    elif isinstance(value, str):
        text = value.strip()
        if not text or text in ("0", "null", "None"):
            return None
        if _NUMBER.fullmatch(text):
            moment = _from_epoch(float(text))
        else:
            moment = _parse_date(text)
    else:
        raise FieldError("is not a time")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    if not _EARLIEST <= moment.timestamp() < _LATEST:
        raise FieldError("is not a plausible time")
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(text: str) -> datetime:
    if len(text) > 64:
        raise FieldError("is not a date")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        raise FieldError("is not a date") from None


def web_url(value: object, limit: int) -> str:
    """The value as an http(s) URL with a host, cleaned; FieldError otherwise."""
    url = line_text(value, limit * 4)
    if not url:
        raise FieldError("has no URL")
    if len(url) > limit:
        raise FieldError("is too long for a URL")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FieldError("is not a URL") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FieldError("is not a web address (http or https)")
    if not parts.hostname:
        raise FieldError("has no host name")
    return url


def tag_list(values: object, limit: int) -> list[str]:
    """Tags, cleaned, empty ones dropped, duplicates dropped, order kept."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    seen: dict[str, None] = {}
    for value in values:
        if isinstance(value, dict):   # {"label": ...} (wallabag API) or {"name": ...} (Omnivore)
            value = value.get("label", value.get("name"))
        if value is None or isinstance(value, (dict, list)):
            continue
        tag = line_text(value, limit)
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


def split_tags(text: str, separator: str, limit: int) -> list[str]:
    return tag_list(text.split(separator), limit) if text.strip() else []


def progress(value: object, *, percent: bool = False) -> float | None:
    """Reading progress as 0..1 from a fraction, or from a percentage when `percent` (or
    when the value says so: `45%`, or a number over 1); empty gives None."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    text = str(value).strip()
    if text.endswith("%"):
        percent, text = True, text[:-1].strip()
    try:
        number = float(text)
    except ValueError:
        raise FieldError("is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise FieldError("is not a progress")
    if percent or number > 1:
        number /= 100
    if number > 1:
        raise FieldError("is over 100%")
    return round(number, 6)


def flag(value: object) -> bool:
    """A yes/no field: 1/0, true/false (any case), yes/no; FieldError for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y"):
        return True
    if text in ("0", "false", "no", "n", ""):
        return False
    raise FieldError("is not yes or no")


class RowFields:
    """Converts one row's or item's fields, noting each unusable one as a `Problem` (the item
    is kept without that field) in `problems`."""

    def __init__(self, place: Place, limits: ImportLimits) -> None:
        self.place = place
        self.limits = limits
        self.problems: list[Problem] = []

    def _convert(self, convert: Callable[[object], T], value: object, name: str, default: T) -> T:
        try:
            return convert(value)
        except FieldError as exc:
            self.problems.append(Problem(self.place, f"{name} {shorten(value)} {exc}; the item "
                                         "was imported without it.", skipped=False))
            return default

    def time(self, value: object, name: str) -> str | None:
        return self._convert(timestamp, value, name, None)

    def progress(self, value: object, name: str, *, percent: bool = False) -> float | None:
        return self._convert(lambda v: progress(v, percent=percent), value, name, None)

    def flag(self, value: object, name: str) -> bool:
        return self._convert(flag, value, name, False)

    def note(self, message: str) -> None:
        """A field-level problem the parser found itself."""
        self.problems.append(Problem(self.place, message, skipped=False))

    def line(self, value: object) -> str:
        return line_text(value, self.limits.max_title_chars)

    def block(self, value: object) -> str:
        return block_text(value, self.limits.max_field_chars)

    def optional(self, value: object) -> str | None:
        return self.line(value) or None

    def tags(self, values: object) -> list[str]:
        return tag_list(values, self.limits.max_title_chars)

    def url(self, value: object) -> str:
        """The URL, or FieldError (the caller skips the item, since a URL is its identity)."""
        return web_url(value, self.limits.max_title_chars * 4)

    def item_url(self, value: object) -> str | None:
        """The URL, or None with the item's skipping `Problem` added to `problems`."""
        try:
            return self.url(value)
        except FieldError as exc:
            self.problems.append(skipped_for_url(self.place, value, exc))
            return None


def skipped_for_url(place: Place, value: object, exc: FieldError) -> Problem:
    """The `Problem` for an item left out because its URL is missing or unusable."""
    if not str(value or "").strip():
        return Problem(place, "This item has no URL; it was skipped.")
    return Problem(place, f"The URL {shorten(value, 60)} {exc}; the item was skipped.")
