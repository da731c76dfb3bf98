"""Turn page bytes into text: HTTP header, BOM, `<meta>`, then detection, and never raise.

Declarations are treated as hints, not facts: some pages declare one charset and send another.
A declaration is kept only if the bytes decode under it cleanly, and a single-byte declaration
(latin-1, windows-1252...) loses to UTF-8 when the bytes are valid UTF-8 with multi-byte
sequences, since legacy text is almost never valid UTF-8 by accident. For the same reason a
page that is UTF-8 but for a few broken bytes (a truncated character, one pasted legacy byte)
is read as UTF-8 with those bytes replaced, not re-read as windows-1252 mojibake: legacy text
yields almost no valid multi-byte sequence, so many valid ones per broken one decide it.
"""

from __future__ import annotations

import codecs
import re

# The one table of byte-order marks (the sniffer uses it too).
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.+-]+)""", re.I)
_NON_ASCII = re.compile(rb"[\x80-\xff]")

# WHATWG: these labels mean windows-1252 in browsers, which is what the pages were written for.
_ALIASES = {
    "latin-1": "cp1252", "latin1": "cp1252", "iso-8859-1": "cp1252", "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "l1": "cp1252",
    "windows-1252": "cp1252", "x-sjis": "shift_jis", "gb2312": "gb18030", "gbk": "gb18030",
    "x-gbk": "gb18030", "iso-8859-9": "cp1254", "tis-620": "cp874", "iso-8859-11": "cp874",
    "ks_c_5601-1987": "cp949", "euc-kr": "cp949", "unicode": "utf-16",
}
_SINGLE_BYTE_PREFIXES = ("cp", "iso8859", "latin", "windows", "koi8", "mac", "tis")


def normalize(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def bom(body: bytes) -> tuple[str, int] | None:
    """(charset, length of the mark) if `body` starts with a byte-order mark."""
    for mark, name in BOMS:
        if body.startswith(mark):
            return name, len(mark)
    return None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_single_byte(encoding: str) -> bool:
    return encoding.replace("-", "").replace("_", "").startswith(_SINGLE_BYTE_PREFIXES)


# valid multi-byte characters needed per broken sequence to call bytes "UTF-8, a few broken"
MOSTLY_UTF8_RATIO = 10


def _mostly_utf8(body: bytes) -> str | None:
    """The UTF-8 reading of `body` if it is valid UTF-8, or UTF-8 with a few broken bytes."""
    text = _strict(body, "utf-8")
    if text is not None:
        return text
    text = body.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - body.count(b"\xef\xbf\xbd")  # U+FFFD written by the page
    valid = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return text if broken > 0 and valid >= MOSTLY_UTF8_RATIO * broken else None


def _utf8_if_better(body: bytes, encoding: str) -> str | None:
    """UTF-8 text if a single-byte declaration is probably a lie told about UTF-8 bytes."""
    if _is_single_byte(encoding) and _NON_ASCII.search(body):
        return _mostly_utf8(body)
    return None


def _detect(body: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    results = from_bytes(body[:200_000])
    best = results.best()
    if best is None or not best.encoding:
        return None
    encoding = normalize(best.encoding) or best.encoding
    # on short Western text the detector wavers between Latin code pages; the web's default wins
    if _is_single_byte(encoding) and encoding != "cp1252":
        for match in results:
            if match.encoding == "cp1252" and match.chaos <= best.chaos + 0.05:
                encoding = "cp1252"
                break
    text = _strict(body, encoding)
    if text is None:
        text = body.decode(encoding, errors="replace")
    return text, encoding


def _decode(body: bytes, hints: list[str | None]) -> tuple[str, str]:
    marked = bom(body)
    if marked:
        name, skip = marked
        return body[skip:].decode(name, errors="replace"), name
    if not _NON_ASCII.search(body) and b"\x00" not in body[:4096]:
        return body.decode("ascii"), "utf-8"
    for hint in hints:
        encoding = normalize(hint)
        if encoding is None:
            continue
        if encoding.startswith(("utf-16", "utf-32")) and b"\x00" not in body[:4096]:
            encoding = "utf-8"  # WHATWG: an ASCII-compatible page cannot be UTF-16
        better = _utf8_if_better(body, encoding)
        if better is not None:
            return better, "utf-8"
        text = _strict(body, encoding)
        if text is not None:
            return text, encoding
    text = _mostly_utf8(body)
    if text is not None:
        return text, "utf-8"
    detected = _detect(body)
    if detected is not None:
        return detected
    return body.decode("cp1252", errors="replace"), "cp1252"


def meta_charset(body: bytes) -> str | None:
    """The charset named by `<meta charset>`, `http-equiv` or an XML declaration, if any."""
    head = body[:16384]
    match = _XML_DECL.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode an HTML page; returns (text, codec name). Never raises on bad bytes."""
    try:
        return _decode(body, [declared, meta_charset(body)])
    except Exception:  # last resort: bad bytes must never stop a page from opening
        return body.decode("utf-8", errors="replace"), "utf-8"


def decode_text(body: bytes, declared: str | None = None) -> str:
    """Decode a plain-text page (BOM, declared charset, UTF-8, detection). Never raises."""
    try:
        return _decode(body, [declared])[0]
    except Exception:
        return body.decode("utf-8", errors="replace")
