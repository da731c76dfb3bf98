"""Page formats: what bytes are (one sniffer), how they decode (charset) and how saved-page
containers (MHTML, Safari web archives) unpack.

`sniff` decides for `load` whether bytes are a page at all and of which type; `content_kind`
asks the same sniffer which reader extraction needs: HTML, a text dump, a container to unpack,
or binary data. Both trust the bytes over names and headers where the bytes are certain.
"""

from __future__ import annotations

import re

from reader.core.formats import sniff

__all__ = ["content_kind", "sniff"]

# Tags an HTML page or a real fragment has; a text dump may start with a stray <div><img> line.
_DOCUMENT_TAGS = re.compile(rb"<(?:html|head|body|p|br|title|meta|table|li|h[1-6])[\s>/]", re.I)
_FRAGMENT_TAGS = re.compile(rb"<(?:html|body|p|div|br|article|h[1-6])[\s>/]", re.I)
_XML_PLIST = re.compile(rb"<plist[\s>]", re.I)
_NOT_BINARY = frozenset({"image/svg+xml", "application/rss+xml"})  # XML: parsed as markup


def content_kind(body: bytes, media_type: str | None) -> str:
    """'mhtml', 'webarchive', 'html', 'text' or 'binary': how extraction should read `body`.

    `media_type` is what `load` decided (or a server said); it settles only what the bytes
    leave open. A page declared text/plain stays text unless it is a whole HTML document.
    """
    head = body[:sniff.SNIFF_BYTES]
    declared = (media_type or "").split(";")[0].strip().lower()
    container = sniff.container_type(head)
    if container is None and _XML_PLIST.search(head) and b"WebMainResource" in body[:200_000]:
        container = sniff.WEBARCHIVE
    if container == sniff.WEBARCHIVE:
        return "webarchive"
    if container == sniff.MHTML or declared in ("multipart/related", "message/rfc822"):
        return "mhtml"
    magic = sniff.magic_type(head)
    if (magic and magic not in _NOT_BINARY) or sniff.is_binary(head):
        return "binary"
    if sniff.starts_as_markup(head) or magic:
        if declared == sniff.TEXT and not _DOCUMENT_TAGS.search(body[:200_000]):
            return "text"
        return "html"
    if "html" in declared or "xml" in declared:
        return "html"
    if declared == sniff.TEXT:
        return "text"
    return "html" if len(_FRAGMENT_TAGS.findall(body[:4096])) >= 3 else "text"
