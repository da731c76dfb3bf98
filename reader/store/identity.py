"""How an article is recognised: the key of a location, the fingerprint of its text, its
site, and ids that SQLite can hold.

The same page opened by file, by URL and from stdin must be one library entry. Its location
key (normalised URL, absolute path, or for stdin a hash of the text) finds it when opened the
same way again; the canonical and final URLs and the fingerprint of the text find it when it
comes another way. The fingerprint is a hash of the text with everything that differs between
routes for the same words folded away: Unicode forms, case, typographic quotes and dashes,
invisible characters, and all whitespace (a text dump wraps lines where HTML has spaces).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from reader.core.safety import clean, clean_line
from reader.store.anchor import FOLD

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
MAX_ID = 2**63 - 1                 # SQLite's INTEGER range; larger ids cannot exist
# Texts shorter than this (after folding) are too generic to say two entries are one article:
# "Access denied", a cookie wall or an empty page would otherwise merge unrelated URLs.
FINGERPRINT_MIN_CHARS = 280
CANONICAL_OVERLAP = 0.5   # share of word runs two texts need to be one article by canonical URL
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
        return _url_key(loc)
    if loc in ("", "-"):
        return "text:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    path = Path(loc).expanduser()
    try:
        return str(path.resolve())
    except OSError:
        return os.path.abspath(path)


# Recent URLs remembered (more than an import batch holds): an import asks for the key and
# host of each URL more than once (its entry, its place in the fetch queue). URLs only: a
# path's key depends on the file system.
@lru_cache(maxsize=4096)
def _url_key(loc: str) -> str:
    try:
        parts = urlsplit(loc)
    except ValueError:   # malformed ("http://[oops"): still one key, case folded
        return loc.split("#", 1)[0].lower()
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                       parts.query, ""))


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


def text_hash(text: str) -> str:
    """A stable hash of the exact text (the summary cache's key)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def fold_text(text: str) -> str:
    """The text with what differs between routes to the same words folded away (see above)."""
    folded = unicodedata.normalize("NFKC", clean(text)).casefold().translate(FOLD)
    return "".join(folded.split())


def text_fingerprint(text: str) -> str | None:
    """The fingerprint of an article's text, or None when the text is too short to tell."""
    folded = fold_text(text)
    if len(folded) < FINGERPRINT_MIN_CHARS:
        return None
    return hashlib.sha256(folded.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def host_of(url: str | None) -> str | None:
    """The lower-case host of a URL without a leading "www." (None for files and text)."""
    if not url or not SCHEME.match(url.strip()):
        return None
    return _host(url.strip())


@lru_cache(maxsize=4096)
def _host(url: str) -> str | None:
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return None
    host = host.removeprefix("www.")
    return host or None


def host_key(url: str | None) -> str | None:
    """The host's labels reversed ("news.example.org" -> "org.example.news"), so every
    subdomain of a site sorts right after it and `site:example.org` is one index range."""
    host = host_of(url)
    return ".".join(reversed(host.split("."))) if host else None


def site_key(site: str) -> str:
    """`host_key` for what a user types after `site:` (a host, or a URL)."""
    value = site.strip().lower()
    host = host_of(value if SCHEME.match(value) else "http://" + value)
    return ".".join(reversed(host.split("."))) if host else value


def is_file(name: str) -> bool:
    try:
        return Path(name).exists()
    except (OSError, ValueError):   # a name too long for the file system names no file
        return False


def canonical_of(canonical_url: str | None, url: str | None) -> str | None:
    """The canonical URL when it can name the article: a web address, and not the site's home
    page unless the article is the home page (a common misconfiguration)."""
    canonical = clean_line(canonical_url)
    if not canonical or not canonical.lower().startswith(("http://", "https://")):
        return None
    try:
        home = urlsplit(canonical).path in ("", "/")
        article_home = bool(url) and urlsplit(url or "").path in ("", "/")
    except ValueError:   # not a URL after all ("http://[oops")
        return None
    return None if home and not article_home else canonical


def word_runs(text: str) -> set[int]:
    """Hashes of every run of three words (the shingles two texts are compared by)."""
    words = text.lower().split()
    return {hash((words[i], words[i + 1], words[i + 2])) for i in range(len(words) - 2)}


def same_text(stored: str, new: str) -> bool:
    """Most word runs of the shorter text appear in the other (extra furniture on one side
    does not matter; another page of a series shares almost none)."""
    a, b = word_runs(stored), word_runs(new)
    if not a or not b:
        return True   # nothing to compare (e.g. an imported URL not fetched yet)
    return len(a & b) >= CANONICAL_OVERLAP * min(len(a), len(b))
