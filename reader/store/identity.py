"""How an article is recognised: the key of a location, and ids that SQLite can hold."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
MAX_ID = 2**63 - 1                 # SQLite's INTEGER range; larger ids cannot exist
_DIGITS = re.compile(r"[0-9]+")


def is_url(location: str) -> bool:
    return bool(SCHEME.match(location.strip()))


def location_key(location: str, text: str = "") -> str:
    """The unique key of a location: a normalised URL, an absolute path, or a hash of the text.

    Stdin (`-`) and text without a location have no place to be found again, so their key is
    the hash of their text: saving the same text twice gives the same article.
    """
    loc = location.strip()
    if SCHEME.match(loc):
        parts = urlsplit(loc)
        return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                           parts.query, ""))
    if loc in ("", "-"):
        return "text:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    path = Path(loc).expanduser()
    try:
        return str(path.resolve())
    except OSError:
        return os.path.abspath(path)


def valid_id(value: object) -> bool:
    """True for an int SQLite can store as a row id (1 .. 2**63-1); huge or negative ids name
    nothing, so lookups return None instead of raising OverflowError."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def parse_id(ref: str) -> int | None:
    """The number written in `ref` (ASCII digits only), else None; an out-of-range number is
    returned as MAX_ID + 1, which `valid_id` rejects (int() of a huge string is never tried)."""
    text = ref.strip()
    if not _DIGITS.fullmatch(text):
        return None
    return int(text) if len(text) <= 19 else MAX_ID + 1
