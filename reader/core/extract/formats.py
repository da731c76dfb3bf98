"""Saved-page containers: detect by content and unpack to (html bytes, charset, url).

MHTML (`.mhtml`/`.mht`, "Save as single file" in Chromium) is a MIME multipart message: the
stdlib `email` parser reads it. Safari's `.webarchive` is a binary plist: `plistlib` reads it.
SingleFile and "complete" saves are ordinary HTML and need no unpacking.
"""

from __future__ import annotations

import email
import email.policy
import plistlib
import re
from dataclasses import dataclass

from reader.core.errors import ExtractError

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|"
                         rb"div|p|article|section|table|script|style|link|\?xml)", re.I | re.S)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body|p|div|br|article|h[1-6])[\s>/]", re.I)
_MIME_HEADER = re.compile(rb"^(?:[\w-]+:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*)*?content-type:\s*multipart/related",
                          re.I)


@dataclass(slots=True)
class Unpacked:
    kind: str  # "html" or "text"
    body: bytes
    charset: str | None
    url: str | None


def sniff(body: bytes, media_type: str | None) -> str:
    """'mhtml', 'webarchive', 'html', 'text' or 'binary', from the bytes first, then the type."""
    head = body[:4096]
    if head.startswith(b"bplist00") or (b"<plist" in head and b"WebMainResource" in body[:200_000]):
        return "webarchive"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:2000].lower().startswith((b"from:", b"mime-version:", b"subject:", b"date:",
                                           b"content-type: multipart", b"snapshot-content-location:",
                                           b"content-location:")) \
            and _MIME_HEADER.search(stripped[:8000]):
        return "mhtml"
    if media_type and "multipart/related" in media_type.lower():
        return "mhtml"
    if _looks_binary(head):
        return "binary"
    if _HTML_START.match(stripped[:1024] if not stripped.startswith((b"\xff\xfe", b"\xfe\xff")) else b""):
        return "html"
    mt = (media_type or "").lower()
    if "html" in mt or "xml" in mt:
        return "html"
    if "text/plain" in mt:
        return "text"
    if len(_HTML_ANYWHERE.findall(head)) >= 3:
        return "html"
    return "text"


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text with a BOM
        return False
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b",
                        b"\x7fELF", b"MZ", b"RIFF", b"OggS", b"ID3", b"\x00\x00\x01\x00", b"wOF")):
        return True
    zeros = head.count(b"\x00")
    if zeros > len(head) // 3:  # UTF-16 without a BOM has about half zeros, binary varies
        even, odd = head[0::2].count(0), head[1::2].count(0)
        return not (even > len(head) // 2.5 or odd > len(head) // 2.5)
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) // 10


def unpack_mhtml(body: bytes) -> Unpacked:
    """The main HTML part of an MHTML archive (the one the root names, else the first HTML)."""
    try:
        msg = email.message_from_bytes(body, policy=email.policy.compat32)
    except Exception as exc:  # email is lenient, but be sure
        raise ExtractError("The MHTML archive could not be read.") from exc
    url = msg.get("Snapshot-Content-Location") or msg.get("Content-Location")
    wanted = None
    start = msg.get_param("start") if msg.is_multipart() else None
    parts = list(msg.walk()) if msg.is_multipart() else [msg]
    chosen = None
    for part in parts:
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if start and part.get("Content-ID", "").strip() == str(start).strip():
            chosen = part
            break
        if wanted is None and ctype in ("text/html", "application/xhtml+xml"):
            wanted = part
    chosen = chosen or wanted
    if chosen is None:
        chosen = next((p for p in parts if not p.is_multipart() and p.get_content_maintype() == "text"), None)
    if chosen is None:
        raise ExtractError("The MHTML archive holds no web page.")
    payload = chosen.get_payload(decode=True) or b""
    url = chosen.get("Content-Location") or url
    kind = "text" if chosen.get_content_type() == "text/plain" else "html"
    return Unpacked(kind, payload, chosen.get_content_charset(), str(url).strip() if url else None)


def unpack_webarchive(body: bytes) -> Unpacked:
    """The main resource of a Safari web archive."""
    try:
        data = plistlib.loads(body)
    except Exception as exc:  # plistlib raises several types on damaged files
        raise ExtractError("The Safari web archive could not be read.") from exc
    main = data.get("WebMainResource") if isinstance(data, dict) else None
    if not isinstance(main, dict) or not isinstance(main.get("WebResourceData"), bytes):
        raise ExtractError("The Safari web archive holds no web page.")
    mime = str(main.get("WebResourceMIMEType") or "text/html").lower()
    charset = main.get("WebResourceTextEncodingName")
    url = main.get("WebResourceURL")
    kind = "text" if mime == "text/plain" else "html"
    return Unpacked(kind, main["WebResourceData"], str(charset) if charset else None,
                    str(url) if url else None)
