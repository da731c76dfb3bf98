"""Where a link in an article leads: a location reader can open, a web address for the
browser, or nowhere.

Relative URLs are resolved against the article's address, or its folder for a saved page, so
a link in a local copy opens the local neighbour file when it exists. Schemes reader cannot
read (mailto:, tel:...) are only offered to the browser, and `javascript:`/`data:` not even
there.
"""

from __future__ import annotations

import os
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


def resolve(href: str, base: str | None, *, saved_at: str | None = None) -> Target:
    """Resolve `href` against `base` (a URL or a local path). For a saved page (`saved_at`: its
    local path), a relative link to a file that exists beside it opens that file; other
    relative links follow the page's web address."""
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
