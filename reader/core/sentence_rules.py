"""A rule-based sentence-boundary finder that works on offsets (never rewrites text).

One regular expression finds every candidate boundary (terminal punctuation, optional closing
quotes/brackets, whitespace); Python then only judges those candidates, about one per
sentence, which makes it several times faster than a token-by-token segmenter on long pages.

A boundary also needs whitespace after the punctuation, except between a lower-case word and
a capitalised one glued by a full stop ("didn't.The", common in scraped text).

Rules, in order (the first that applies decides):
- the next word starts in lower case -> no boundary ('"Why?" she asked', 'U.S. officials');
- `?`, `!`, `…` -> boundary;
- a title before a name ("Mr.", "Dr.", "Gen.") or a reference word ("e.g.", "No.", "vs.",
  "Fig.") -> no boundary; a month before a number ("Nov. 19, 2019") -> no boundary;
- a single capital letter ("J. R. R. Tolkien") -> no boundary;
- a dotted acronym ("U.S.", "a.m.") -> a boundary only before a typical sentence opener
  ("The", "He", "But"...), since "U.S. President" is more common than a sentence ending in
  "U.S.";
- anything else (words, numbers, closing quotes, ellipses) -> boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_CANDIDATE = re.compile(
    r"""(?:\.{2,}|…|[.!?]+)        # terminal punctuation
        [\"'”’»)\]]*               # closing quotes or brackets
        (?=\s+(\S)                 # then whitespace and the next character (captured),
          |(?<=[a-z][.!?])([A-Z][a-z]))      # or glued: "didn't.The" (not "Philly.com")
    """,
    re.VERBOSE,
)
_TITLES = frozenset("""
mr mrs ms messrs mme mlle dr prof sr jr st mt ft gen gov sen rep rev hon pres supt det insp
lt col capt cpt sgt cpl maj adm cmdr brig fr
""".split())
_REFERENCES = frozenset("""
e.g i.e cf viz vs v approx ca fig figs vol vols no nos pp ch sec art eq eqs ref refs ed eds
""".split())
# month abbreviations: "Nov. 19, 2019", "Jan. 5" (before a number only: "in Oct. The board")
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_OPENERS = frozenset("""
the a an he she it they we i you this that these those there his her their its our my your
but and or so yet in on at for as if when while after before however meanwhile then
""".split())
_WORD_BEFORE = re.compile(r"(\S+)$")
_WORD_WINDOW = 64  # characters looked at before a full stop (no abbreviation is longer)
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_OPENING = "\"'“‘«([¡¿"


def _next_word(text: str, pos: int, end: int) -> str:
    i = pos
    while i < end and text[i] in _OPENING:
        i += 1
    j = i
    while j < end and (text[j].isalnum() or text[j] in "'’-"):
        j += 1
    return text[i:j]


def _is_boundary(text: str, start: int, punct_start: int, punct: str, next_pos: int, end: int) -> bool:
    nxt = _next_word(text, next_pos, end)
    first = nxt[:1]
    if first and first.isalpha() and first.islower():
        return False
    if first == "" and text[next_pos] not in _OPENING:
        return True  # the next token starts with a symbol ("- item", "$5", "#3")
    if punct[0] in "?!…" or punct.startswith(".."):
        return True
    # only the last few characters are searched: from `start`, a long sentence full of
    # abbreviations would be rescanned for each of them (quadratic on a giant paragraph)
    m = _WORD_BEFORE.search(text, max(start, punct_start - _WORD_WINDOW), punct_start)
    word = m.group(1) if m else ""
    word = word.lstrip(_OPENING)
    low = word.lower()
    if low in _TITLES or low in _REFERENCES:
        return False
    if low in _MONTHS and first.isdigit() and punct == ".":
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False
    if m and m.start(1) == start and punct == "." and word.isdigit():
        return False  # "1. Open the box": a list number, not a sentence
    if _DOTTED.match(word):
        return nxt.lower() in _OPENERS
    return True


def boundaries(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans (start, end) inside text[start:end], trimmed of surrounding whitespace."""
    pos = start
    while pos < end and text[pos].isspace():
        pos += 1
    for m in _CANDIDATE.finditer(text, pos, end):
        if m.start() < pos:
            continue
        punct_end = m.end()
        punct = m.group(0)
        next_pos = m.start(1) if m.start(1) >= 0 else m.start(2)
        if next_pos >= end:
            break
        if _is_boundary(text, pos, m.start(), punct, next_pos, end):
            yield pos, punct_end
            pos = next_pos
    tail_end = end
    while tail_end > pos and text[tail_end - 1].isspace():
        tail_end -= 1
    if tail_end > pos:
        yield pos, tail_end
