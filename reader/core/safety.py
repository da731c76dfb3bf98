"""Terminal safety: page text must never carry escape sequences or bidi tricks to a terminal.

Every string that comes from a page passes through `clean` before it reaches the UI, the
clipboard, the store or CLI output. Newline and tab survive; C0/C1 controls (ESC starts OSC 52
clipboard writes, screen clears, fake hyperlinks), DEL, and bidi overrides/isolates do not.
"""

from __future__ import annotations

import re

# C0 except \t and \n, DEL, C1; bidi embeddings/overrides/isolates; \r becomes \n.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_CR = re.compile(r"\r\n?")


def clean(text: str | None) -> str:
    """Return `text` without control or bidi-override characters (None becomes "")."""
    if not text:
        return ""
    if "\r" in text:
        text = _CR.sub("\n", text)
    return _CONTROL.sub("", text)


def clean_line(text: str | None) -> str:
    """`clean`, then fold all whitespace to single spaces: for titles, bylines, one-line UI."""
    return " ".join(clean(text).split())


def is_clean(text: str) -> bool:
    """True if `clean` would not change `text` (used by tests and assertions)."""
    return "\r" not in text and _CONTROL.search(text) is None
