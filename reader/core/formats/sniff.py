"""Content sniffing: decide from the bytes whether something is a web page, and which kind.

Suffixes and Content-Type headers lie (a `.html` that is a PNG, a server that calls a ZIP
`text/html`), so `load` asks this module before trusting either. Signatures follow the WHATWG
MIME sniffing standard where it has one; binary data is recognised by NUL and control-byte
density in the first few kilobytes, while UTF-16 text (NUL every other byte) stays text.
"""

from __future__ import annotations

import re

from reader.core.formats.charset import bom

# Media types `load` returns for pages.
HTML = "text/html"
XHTML = "application/xhtml+xml"
TEXT = "text/plain"
MHTML = "multipart/related"
WEBARCHIVE = "application/x-webarchive"
PAGE_TYPES = frozenset({HTML, XHTML, TEXT, MHTML, WEBARCHIVE})
BINARY = "application/octet-stream"

SNIFF_BYTES = 8192

# (offset, signature, media type) for formats that are never pages.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"BM", "image/bmp"),
    (0, b"\x00\x00\x01\x00", "image/x-icon"),
    (0, b"\x00\x00\x02\x00", "image/x-icon"),
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (0, b"\x00\x00\x00\x0cjXL \r\n\x87\n", "image/jxl"),
    (0, b"\xff\x0a", "image/jxl"),
    (0, b"8BPS", "image/vnd.adobe.photoshop"),
    (0, b"%PDF-", "application/pdf"),
    (0, b"%!PS", "application/postscript"),
    (0, b"PK\x03\x04", "application/zip"),
    (0, b"PK\x05\x06", "application/zip"),
    (0, b"\x1f\x8b", "application/gzip"),
    (0, b"BZh", "application/x-bzip2"),
    (0, b"\xfd7zXZ\x00", "application/x-xz"),
    (0, b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (0, b"Rar!\x1a\x07", "application/vnd.rar"),
    (0, b"\x28\xb5\x2f\xfd", "application/zstd"),
    (0, b"\x04\x22\x4d\x18", "application/x-lz4"),
    (257, b"ustar", "application/x-tar"),
    (0, b"\x7fELF", "application/x-executable"),
    (0, b"MZ", "application/x-msdownload"),
    (0, b"\xcf\xfa\xed\xfe", "application/x-mach-binary"),
    (0, b"\xce\xfa\xed\xfe", "application/x-mach-binary"),
    (0, b"\xca\xfe\xba\xbe", "application/java-vm"),
    (0, b"\x00asm", "application/wasm"),
    (0, b"SQLite format 3\x00", "application/vnd.sqlite3"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"OggS\x00", "audio/ogg"),
    (0, b"fLaC", "audio/flac"),
    (0, b"MThd", "audio/midi"),
    (0, b"\x1a\x45\xdf\xa3", "video/webm"),
    (0, b"FLV\x01", "video/x-flv"),
    (0, b"wOFF", "font/woff"),
    (0, b"wOF2", "font/woff2"),
    (0, b"OTTO", "font/otf"),
    (0, b"\x00\x01\x00\x00\x00", "font/ttf"),
)

# WHATWG "HTML" sniffing tags, plus a few common openers of fragments and saved pages.
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|h[1-6]|div|font|table|a|style|title|b|p"
    rb"|br|meta|link|section|article|main|header|nav|span|ul|ol|pre|!--)[\s>/]",
    re.IGNORECASE,
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body|head)[\s>]|<!doctype\s+html", re.IGNORECASE)
_XHTML_NS = re.compile(rb"xmlns\s*=\s*[\"']http://www\.w3\.org/1999/xhtml[\"']", re.IGNORECASE)
_MIME_HEADERS = re.compile(
    rb"^(?:[A-Za-z-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?content-type:\s*multipart/related",
    re.IGNORECASE,
)
_SVG_ROOT = re.compile(rb"<svg[\s>]", re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)

# Bytes that never appear in text: C0 controls except tab, LF, FF, CR and ESC (ESC appears in
# some text dumps with colours; it is stripped later by `safety.clean`).
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def bom_charset(head: bytes) -> str | None:
    """The charset named by a byte-order mark at the start of `head`, if any."""
    marked = bom(head)
    return marked[0] if marked else None


def magic_type(head: bytes) -> str | None:
    """The media type of a known non-page format whose signature starts `head`, else None."""
    for offset, signature, media in _MAGIC:
        if head[offset:offset + len(signature)] == signature:
            if media == "application/x-msdownload" and not _looks_like_pe(head):
                continue  # "MZ" alone is too common a text start to refuse on
            if media == "image/bmp" and not _looks_like_bmp(head):
                continue  # "BM" is an ordinary start of text ("BMW ...")
            if media == "font/ttf" and len(head) < 12:
                continue
            return media
    if head[:4] == b"RIFF" and len(head) >= 12:
        kind = head[8:12]
        return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}.get(
            kind, "application/octet-stream")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "image/avif"
        if brand[:3] in (b"hei", b"mif") or brand == b"heic":
            return "image/heic"
        return "video/mp4"
    if head.startswith(b"bplist00") and b"WebMainResource" not in head:
        return "application/x-plist"
    root = _skip_leading_noise(head, doctype=True)
    if _SVG_ROOT.match(root):
        return "image/svg+xml"
    if _FEED_ROOT.match(root):
        return "application/rss+xml"
    return None


def _looks_like_pe(head: bytes) -> bool:
    if len(head) < 0x40:
        return False
    offset = int.from_bytes(head[0x3C:0x40], "little")
    return head[offset:offset + 4] == b"PE\x00\x00" if offset + 4 <= len(head) else b"\x00" in head[:64]


def _looks_like_bmp(head: bytes) -> bool:
    return len(head) >= 26 and head[6:10] == b"\x00\x00\x00\x00" and head[14] in (12, 40, 52, 56, 64, 108, 124)


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' if `head` looks like BOM-less UTF-16 text (NUL every other byte)."""
    sample = head[:SNIFF_BYTES] if len(head) % 2 == 0 else head[:min(len(head) - 1, SNIFF_BYTES)]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    n = len(even)
    even_nul, odd_nul = even.count(0), odd.count(0)
    if odd_nul > 0.6 * n and even_nul < 0.05 * n:
        return "utf-16-le"
    if even_nul > 0.6 * n and odd_nul < 0.05 * n:
        return "utf-16-be"
    return None


def is_binary(head: bytes) -> bool:
    """True if `head` is not text: NUL bytes or many control bytes, and not BOM-less UTF-16."""
    sample = head[:SNIFF_BYTES]
    if not sample or bom_charset(sample) or utf16_without_bom(sample):
        return False
    nul = sample.count(0)
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    # A stray NUL in a real page is tolerated; text never has a run of them or many controls.
    return nul > max(2, len(sample) // 200) or b"\x00\x00\x00\x00" in sample or controls > len(sample) * 0.05


def text_head(head: bytes) -> bytes:
    """The start of `head` as ASCII-compatible bytes (UTF-16/32 decoded), for pattern matching."""
    charset = bom_charset(head) or utf16_without_bom(head)
    if charset and charset != "utf-8":
        text = head[:SNIFF_BYTES].decode(charset, errors="ignore")
        return text.encode("utf-8", errors="ignore")
    if charset == "utf-8":
        return head[3:SNIFF_BYTES]
    return head[:SNIFF_BYTES]


def _skip_leading_noise(head: bytes, *, doctype: bool = False) -> bytes:
    """Drop whitespace, XML declarations/processing instructions and comments (and with
    `doctype`, a DOCTYPE) before the first real tag. A loop, not a regex: nested regex
    repetition over comments backtracks exponentially on hostile input."""
    data = head.lstrip()
    for _ in range(64):
        if data.startswith(b"<?"):
            end = data.find(b"?>")
            data = data[end + 2:].lstrip() if end >= 0 else b""
        elif data.startswith(b"<!--"):
            end = data.find(b"-->", 4)
            data = data[end + 3:].lstrip() if end >= 0 else b""
        elif doctype and data[:9].lower() == b"<!doctype":
            end = data.find(b">")
            data = data[end + 1:].lstrip() if end >= 0 else b""
        else:
            break
    return data


def starts_as_markup(head: bytes) -> bool:
    """True if the (text) start of `head`, after comments and declarations, is a tag."""
    return bool(_HTML_START.match(_skip_leading_noise(text_head(head))))


def markup_type(head: bytes) -> str | None:
    """HTML or XHTML if the (text) start of `head` is markup, else None."""
    text = text_head(head)
    start = _skip_leading_noise(text)
    if text.lstrip().startswith(b"<?xml") and (_XHTML_NS.search(text) or
                                                 re.match(rb"<!doctype\s+html", start, re.I)):
        return XHTML
    if _HTML_START.match(start) or _HTML_ANYWHERE.search(text):
        return XHTML if _XHTML_NS.search(text) and text.lstrip().startswith(b"<?xml") else HTML
    return None


def container_type(head: bytes) -> str | None:
    """MHTML or webarchive if `head` starts like one, else None."""
    if head.startswith(b"bplist00") and b"WebMainResource" in head:
        return WEBARCHIVE
    if head.lstrip()[:11].lower() == b"<?xml versi" and b"WebMainResource" in head[:SNIFF_BYTES]:
        return WEBARCHIVE
    if _MIME_HEADERS.match(text_head(head).lstrip()):
        return MHTML
    return None


def sniff(head: bytes) -> str:
    """The media type of a document that starts with `head`.

    One of PAGE_TYPES, a specific non-page type (`image/png`, `application/pdf`...), or
    `application/octet-stream` for unidentified binary data.
    """
    kind = container_type(head) or magic_type(head)
    if kind:
        return kind
    if is_binary(head):
        return BINARY
    return markup_type(head) or TEXT


_SUFFIX_TYPES = {
    ".html": HTML, ".htm": HTML, ".shtml": HTML, ".xht": XHTML, ".xhtml": XHTML,
    ".mhtml": MHTML, ".mht": MHTML, ".webarchive": WEBARCHIVE,
    ".txt": TEXT, ".text": TEXT, ".md": TEXT, ".markdown": TEXT, ".rst": TEXT,
}


def suffix_type(name: str) -> str | None:
    """The page type a file name's suffix promises, if it is one we read."""
    dot = name.rfind(".")
    return _SUFFIX_TYPES.get(name[dot:].lower()) if dot >= 0 else None


def decide(head: bytes, *, claimed: str | None) -> str:
    """Combine what the name or header `claimed` with the content; return the type to use.

    The content wins when it is certain (a signature, a container, binary data); otherwise the
    claim wins, so a `.txt` page dump that quotes HTML stays text and a `.html` fragment stays
    HTML.
    """
    found = container_type(head) or magic_type(head)
    if found:
        return found
    if is_binary(head):
        return BINARY
    if claimed in (HTML, XHTML):
        return claimed
    if claimed == TEXT:
        return TEXT
    if claimed in (MHTML, WEBARCHIVE):
        # Named like a container but not one: read it as whatever it really is.
        return markup_type(head) or TEXT
    return markup_type(head) or TEXT
