"""Finding a highlight again after its article's text changed (re-extraction, a site edit).

A highlight keeps its quote plus some text before and after it (the W3C "text quote selector"
idea). Locating it again tries, in order:
1. the quote at its old offsets, when its context still agrees;
2. every exact occurrence of the quote, the one whose context matches best (then the nearest);
3. the same on a normalised text (case, runs of whitespace, typographic quotes and dashes);
4. a fuzzy match for quotes of 12+ characters: windows voted for by exact chunks of the quote,
   aligned with difflib, accepted at a similarity of 0.8 or more.
A quote that cannot be found is reported as not anchored; the caller keeps it (never drops it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

CONTEXT_CHARS = 32
FUZZY_MIN_CHARS = 12
FUZZY_MIN_RATIO = 0.8
_MAX_OCCURRENCES = 2000

FOLD = str.maketrans({  # typographic quotes, dashes and spaces to ASCII
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
})


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a quote sits in a text, with the context used to find it again."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def make_anchor(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Anchor:
    """The anchor of `text[start:end]` (offsets are clamped to the text)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return Anchor(start, end, text[start:end], text[max(0, start - context):start],
                  text[end:end + context])


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of prefix (backwards) and suffix (forwards) agree around a match."""
    score = 0
    before = text[max(0, start - len(prefix)):start]
    for a, b in zip(reversed(before), reversed(prefix)):
        if a != b:
            break
        score += 1
    after = text[end:end + len(suffix)]
    for a, b in zip(after, suffix):
        if a != b:
            break
        score += 1
    return score


def _snap_to_words(text: str, start: int, end: int, reach: int = 20) -> tuple[int, int]:
    """Widen a fuzzy span that cuts a word in two to the whole word (within `reach`)."""
    limit = max(0, start - reach)
    while start > limit and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    limit = min(len(text), end + reach)
    while end < limit and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def _context_similarity(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """0..1: how alike the old context and the text around a candidate are (1 if no context)."""
    if not prefix and not suffix:
        return 1.0
    before = text[max(0, start - len(prefix)):start]
    after = text[end:end + len(suffix)]
    matched = 0
    for old, new in ((prefix, before), (suffix, after)):
        if old:
            matched += sum(b.size for b in SequenceMatcher(None, old, new, autojunk=False)
                           .get_matching_blocks())
    return matched / (len(prefix) + len(suffix))


def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    at = text.find(needle)
    while at != -1 and len(found) < _MAX_OCCURRENCES:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _best(text: str, starts: list[int], length: int, prefix: str, suffix: str,
          hint: int | None) -> int:
    def key(s: int) -> tuple[int, int]:
        distance = abs(s - hint) if hint is not None else 0
        return (_context_score(text, s, s + length, prefix, suffix), -distance)
    return max(starts, key=key)


class _Folded:
    """A normalised copy of a text with a map from each of its characters to the original."""

    def __init__(self, text: str) -> None:
        out: list[str] = []
        index: list[int] = []
        space = False
        for i, ch in enumerate(text.translate(FOLD)):
            if ch.isspace():
                if not space and out:
                    out.append(" ")
                    index.append(i)
                space = True
                continue
            space = False
            for low in ch.lower():
                out.append(low)
                index.append(i)
        self.text = "".join(out)
        self.index = index

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.index[start], self.index[end - 1] + 1

    def offset(self, original: int) -> int:
        """The folded offset nearest to an original offset (for distance hints)."""
        lo, hi = 0, len(self.index)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.index[mid] < original:
                lo = mid + 1
            else:
                hi = mid
        return lo


def fold(text: str) -> str:
    """The normalised form used by step 3 (exposed for tests)."""
    return _Folded(text).text


def locate(text: str, quote: str, prefix: str = "", suffix: str = "", hint: int | None = None,
           *, folded: _Folded | None = None) -> tuple[int, int] | None:
    """Offsets of `quote` in `text` using its context and an old offset `hint`, or None."""
    if not quote:
        return None
    # 1 and 2: exact (best context, then nearest to the old offset).
    starts = _occurrences(text, quote)
    if starts:
        best = _best(text, starts, len(quote), prefix, suffix, hint)
        agreement = _context_score(text, best, best + len(quote), prefix, suffix)
        if (agreement * 2 >= len(prefix) + len(suffix) or len(quote) < FUZZY_MIN_CHARS):
            return best, best + len(quote)
        # The words exist elsewhere but not in their old surroundings: an edited original
        # whose context still agrees is the better place, if there is one.
        folded = folded or _Folded(text)
        fuzzy = _fuzzy(folded.text, fold(quote), fold(prefix), fold(suffix),
                       folded.offset(hint) if hint is not None else None, min_context=0.5)
        if fuzzy is not None:
            return folded.span(*fuzzy)
        return best, best + len(quote)
    # 3: normalised.
    folded = folded or _Folded(text)
    fq = fold(quote)
    if fq.strip():
        fstarts = _occurrences(folded.text, fq)
        if fstarts:
            fhint = folded.offset(hint) if hint is not None else None
            best = _best(folded.text, fstarts, len(fq), fold(prefix), fold(suffix), fhint)
            return folded.span(best, best + len(fq))
    # 4: fuzzy.
    if len(fq) >= FUZZY_MIN_CHARS:
        found = _fuzzy(folded.text, fq, fold(prefix), fold(suffix),
                       folded.offset(hint) if hint is not None else None)
        if found:
            return folded.span(*found)
    return None


def _fuzzy(text: str, quote: str, prefix: str, suffix: str, hint: int | None,
           min_context: float = 0.0) -> tuple[int, int] | None:
    n = len(quote)
    k = max(6, min(24, n // 4))
    step = max(1, (n - k) // 16) if n > k else 1
    votes: Counter[int] = Counter()
    bucket = max(1, k // 2)
    for o in range(0, max(1, n - k + 1), step):
        chunk = quote[o:o + k]
        hits = _occurrences(text, chunk)
        if len(hits) > 50:
            continue  # too common to say where the quote is
        for at in hits:
            votes[(at - o) // bucket] += 1
    if not votes:
        return None
    best: tuple[float, int, int, int] | None = None
    for cell, _count in votes.most_common(6):
        guess = cell * bucket
        lo = max(0, guess - n // 2 - bucket)
        hi = min(len(text), guess + n + n // 2 + bucket)
        window = text[lo:hi]
        blocks = [b for b in SequenceMatcher(None, window, quote, autojunk=False)
                  .get_matching_blocks() if b.size >= 3]
        if not blocks:
            continue
        # Project the quote's unmatched head and tail onto the text, so a match that only
        # covers part of the quote is judged (and placed) as a whole.
        start = max(lo, lo + blocks[0].a - blocks[0].b)
        tail = n - (blocks[-1].b + blocks[-1].size)
        end = min(hi, lo + blocks[-1].a + blocks[-1].size + tail)
        start, end = _snap_to_words(text, start, end)
        ratio = SequenceMatcher(None, text[start:end], quote, autojunk=False).ratio()
        if ratio < FUZZY_MIN_RATIO:
            continue
        context = _context_similarity(text, start, end, prefix, suffix)
        if context < min_context:
            continue
        distance = abs(start - hint) / max(1, len(text)) if hint is not None else 0.0
        candidate = (ratio + 0.25 * context - 0.1 * distance, 0, start, end)
        if best is None or candidate[0] > best[0]:
            best = candidate
    if best is None:
        return None
    return best[2], best[3]


@dataclass(frozen=True, slots=True)
class Placement:
    """Result of re-anchoring one highlight: new offsets, or anchored=False with the old ones."""

    start: int
    end: int
    anchored: bool


def reanchor(text: str, anchors: list[Anchor]) -> list[Placement]:
    """Place every anchor in `text` (same order); unplaceable ones keep their old offsets."""
    folded: _Folded | None = None
    result: list[Placement] = []
    for anchor in anchors:
        if (anchor.quote and text[anchor.start:anchor.end] == anchor.quote
                and text[max(0, anchor.start - len(anchor.prefix)):anchor.start] == anchor.prefix
                and text[anchor.end:anchor.end + len(anchor.suffix)] == anchor.suffix):
            result.append(Placement(anchor.start, anchor.end, True))
            continue
        if folded is None and anchor.quote not in text:
            folded = _Folded(text)
        found = locate(text, anchor.quote, anchor.prefix, anchor.suffix, anchor.start,
                       folded=folded)
        if found is None:
            result.append(Placement(anchor.start, anchor.end, False))
        else:
            result.append(Placement(found[0], found[1], True))
    return result
