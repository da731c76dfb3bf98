"""Saved-page containers: unpack MHTML and Safari web archives to (html bytes, charset, url).

MHTML (`.mhtml`/`.mht`, "Save as single file" in Chromium) is a MIME multipart message: the
stdlib `email` parser reads it. Safari's `.webarchive` is a binary plist: `plistlib` reads it.
SingleFile and "complete" saves are ordinary HTML and need no unpacking.
"""

from __future__ import annotations

import email
import email.policy
import plistlib
from dataclasses import dataclass

from reader.core.errors import ExtractError

@dataclass(slots=True)
class Unpacked:
    kind: str  # "html" or "text"
    body: bytes
    charset: str | None
    url: str | None


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
    payload = chosen.get_payload(decode=True)
    payload = payload if isinstance(payload, bytes) else b""
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
