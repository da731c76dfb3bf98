"""Where a link in an article leads: a location reader can open, a web address for the
browser, or nowhere.

Relative URLs are resolved against the article's address, or its folder for a saved page, so
a link in a local copy opens the local neighbour file when it exists. Schemes reader cannot
read (mailto:, tel:...) are only offered to the browser, and `javascript:`/`data:` not even
there.

A saved page is a stranger's page too: its local links open only what was saved with it (a
file in its own folder or below, such as `page_files/`) or another saved web page anywhere
(a mirrored site's `../other/page.html`); a link to any other local file (`file:///etc/passwd`,
`../../.ssh/config`) is `blocked`, with `OUTSIDE_REASON`.

A page that came from the network never leads to a local file: with `local_allowed=False`
(the reading screen passes it for web pages and stdin) every link that would open a local
path or a `file:` URL, however it was written (a `file:` href, a `<base href="file:...">`
that made relative links local, odd case or spacing), is `blocked`, for reader and for the
browser alike.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

READABLE_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Target:
    """Where a link leads: `location` for reader (None if reader cannot open it), `url` for a
    browser (None if it should never be opened)."""

    location: str | None
    url: str | None
    in_page: bool = False
    blocked: bool = False  # a local file this page may not open: never opened
    why: str = ""          # when blocked, the sentence that says why


BLOCKED_REASON = ("Blocked: this page came from the web, and reader never opens local files "
                  "from web pages.")
OUTSIDE_REASON = ("Blocked: this saved page links to a local file that was not saved with it; "
                  "reader opens only the files beside a page and other saved web pages.")
BLOCKED = Target(None, None, blocked=True, why=BLOCKED_REASON)
OUTSIDE = Target(None, None, blocked=True, why=OUTSIDE_REASON)
# what a saved page may open anywhere on the disk: other saved web pages
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".mhtml", ".mht", ".webarchive")


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def url_scheme(text: str) -> str:
    """The scheme of `text` in lower case ("" when it has none)."""
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else ""


def address_host(location: str) -> str | None:
    """The host named by an address ("example.org" for "https://example.org/a"), None for a
    path, stdin or an address too broken to have one."""
    try:
        return urlsplit(location).hostname if "://" in location else None
    except ValueError:
        return None


def is_web(location: str) -> bool:
    """True for an http(s) address."""
    return urlsplit(location.strip()).scheme.lower() in READABLE_SCHEMES


def from_network(location: str | None) -> bool:
    """Did the page at `location` come from the network (or from who knows where: stdin)?"""
    return location is None or location.strip() in ("", "-") or is_web(location)


def resolve(href: str, base: str | None, *, saved_at: str | None = None,
            local_allowed: bool = True) -> Target:
    """Resolve `href` against `base` (a URL or a local path). For a saved page (`saved_at`: its
    local path), a relative link to a file that exists beside it opens that file; other
    relative links follow the page's web address. Without `local_allowed`, a link that would
    reach a local file is `BLOCKED`."""
    target = _resolve(href, base, saved_at)
    local = bool(target.location and not is_web(target.location)) or bool(
        target.url and urlsplit(target.url).scheme.lower() == "file")
    if not local:
        return target
    if not local_allowed:
        return BLOCKED
    page = saved_at or (base if base and "://" not in base else None)
    if page is not None and target.location and not _saved_with(target.location, page):
        return OUTSIDE
    return target


def _saved_with(location: str, page: str) -> bool:
    """Whether the local file at `location` may be opened from the saved page at `page`: it
    lies in the page's folder or below, or it is itself a saved web page."""
    try:
        path = Path(location).expanduser().resolve()
        folder = Path(page).expanduser().resolve().parent
    except (OSError, RuntimeError, ValueError):
        return False
    return path.is_relative_to(folder) or path.suffix.lower() in PAGE_SUFFIXES


def _resolve(href: str, base: str | None, saved_at: str | None) -> Target:
    href = href.strip()
    if not href:
        return Target(None, None)
    scheme = urlsplit(href).scheme.lower()
    if scheme == "javascript" or scheme == "data":
        return Target(None, None)
    if href.startswith("#"):
        return Target(None, None, in_page=True)
    if scheme in READABLE_SCHEMES:
        # Extraction makes links absolute; one into the page's own web folder may have a
        # saved copy beside the saved page.
        if saved_at and base and urlsplit(base).scheme.lower() in READABLE_SCHEMES:
            folder = urljoin(base, ".")
            if href.startswith(folder) and len(href) > len(folder):
                neighbour = _neighbour(href[len(folder):], saved_at)
                if neighbour is not None:
                    return neighbour
        return Target(href, href)
    if scheme and scheme != "file" and len(scheme) > 1:  # mailto:, tel:, ftp:... (not C:\)
        return Target(None, href)
    if scheme == "file":
        path = unquote(urlsplit(href).path)
        return Target(path, href)
    if saved_at and not scheme:
        neighbour = _neighbour(href, saved_at)
        if neighbour is not None:
            return neighbour
    if base and urlsplit(base).scheme.lower() in READABLE_SCHEMES:
        absolute = urljoin(base, href)
        return Target(absolute, absolute)
    if base:
        neighbour = _neighbour(href, base)
        if neighbour is not None:
            return neighbour
    return Target(None, None)


def _neighbour(href: str, page_path: str) -> Target | None:
    """The local file `href` names relative to the page at `page_path`, if it exists."""
    relative = unquote(urlsplit(href).path)
    if not relative or "://" in page_path:
        return None
    folder = Path(page_path).expanduser().parent
    candidate = (folder / relative).resolve()
    if candidate.is_file():
        return Target(str(candidate), candidate.as_uri())
    return None


def saved_path(location: str | None) -> str | None:
    """The local file a page was read from (None for web pages and stdin)."""
    if not location or location == "-" or "://" in location:
        return None
    return os.path.abspath(os.path.expanduser(location))


def base_of(article_url: str | None, location: str | None) -> str | None:
    """The address links are relative to: the page's URL, else its file's location."""
    if article_url and urlsplit(article_url).scheme.lower() in READABLE_SCHEMES:
        return article_url
    if location and location != "-":
        return location if "://" in location else os.path.abspath(location)
    return article_url
