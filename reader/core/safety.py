"""Terminal safety: page text must never carry escape sequences or bidi tricks to a terminal.

Every string that comes from a page passes through `clean` before it reaches the UI, the
clipboard, the store or CLI output. Newline and tab survive; everything else that a terminal
could act on, or that hides or reorders text, does not:

- C0 controls (ESC starts OSC 52 clipboard writes, screen clears, fake OSC 8 hyperlinks), DEL,
  and C1 controls (U+009B is a one-character CSI on some terminals; U+0085 NEL);
- bidi embeddings, overrides, isolates and marks (U+202A-E, U+2066-9, U+200E/F, U+061C):
  "Trojan Source" style reordering that makes text read differently from what it is;
- invisible characters that only hide text: U+200B zero-width space, U+2060 word joiner,
  U+FEFF (a BOM inside text), U+180E, U+00AD soft hyphen (terminals draw it inconsistently),
  U+FFF9-B interlinear annotations, and U+E0000-E007F tag characters ("ASCII smuggling");
- lone surrogates (from bytes decoded with `surrogateescape`), which crash UTF-8 output, and
  the noncharacters U+FFFE/U+FFFF.

Kept on purpose: U+200C/U+200D (zero-width (non-)joiner), which Persian, Indic scripts and
emoji sequences need to render correctly, and variation selectors. U+2028/U+2029 (line and
paragraph separators) and CR become newlines so line structure is visible and consistent.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(
    "["
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"      # C0 except \t \n (\r handled below), DEL, C1
    "\u00ad\u061c\u180e"                        # soft hyphen, Arabic letter mark, Mongolian VS
    "\u200b\u200e\u200f\u2060\ufeff"            # zero-width space, LRM/RLM, word joiner, BOM
    "\u202a-\u202e\u2066-\u2069"                # bidi embeddings/overrides, isolates
    "\ufff9-\ufffb\ufffe\uffff"                 # interlinear annotation, noncharacters
    "\ud800-\udfff"                             # lone surrogates
    "\U000e0000-\U000e007f"                     # tag characters
    "]"
)
_NEWLINES = re.compile("\r\n?|[\u2028\u2029]")


def clean(text: str | None) -> str:
    """Return `text` without control, bidi-override or hiding characters (None becomes "")."""
    if not text:
        return ""
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = _NEWLINES.sub("\n", text)
    return _CONTROL.sub("", text)


def clean_line(text: str | None) -> str:
    """`clean`, then fold all whitespace to single spaces: for titles, bylines, one-line UI."""
    return " ".join(clean(text).split())


def short(text: str, limit: int = 160) -> str:
    """A location made safe (no control characters) and short for a one-line message."""
    text = clean_line(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def is_clean(text: str) -> bool:
    """True if `clean` would not change `text` (used by tests and assertions)."""
    return _NEWLINES.search(text) is None and _CONTROL.search(text) is None
