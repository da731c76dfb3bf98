"""How the app words numbers: counts with the right plural, reading time, byline and site.

One home for these so the header, the footer, the library and every message say the same
thing the same way ("1 sentence", "2 sentences"; the minutes in the header and the footer come
from `reading_minutes` alone). The message style itself is listed in the README ("Messages").
"""

from __future__ import annotations

import math

from reader.core.links import address_host
from reader.core.models import Article

WORDS_PER_MINUTE = 230  # a common adult silent-reading rate

# Nouns whose plural is not "+s".
_PLURALS = {"match": "matches", "this": "these", "is": "are", "has": "have"}


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and `noun` with the right number: plural(1, "sentence") -> "1 sentence"."""
    if count == 1:
        return f"{count:,} {noun}"
    return f"{count:,} {many or _PLURALS.get(noun, noun + 's')}"


def verb(count: int, singular: str) -> str:
    """The verb agreeing with `count`: verb(1, "matches") -> "matches", verb(2, ...) -> "match"."""
    if count == 1:
        return singular
    if singular.endswith("es") and singular[:-2].endswith(("ch", "sh", "s", "x", "z")):
        return singular[:-2]
    return {"is": "are", "has": "have", "was": "were"}.get(singular, singular.removesuffix("s"))


def reading_minutes(words: float, wpm: int = WORDS_PER_MINUTE) -> int:
    """Whole minutes to read `words` words: rounded, and never 0 while a word is left."""
    if words < 1:
        return 0
    return max(1, round(words / wpm))


def word_count(text: str) -> int:
    return len(text.split())


def reading_fraction(offset: int, length: int) -> float:
    """How far into a text of `length` characters a reader at `offset` is (0 to 1)."""
    if length <= 0:
        return 1.0
    return min(1.0, max(0.0, offset / length))


def percent(fraction: float) -> int:
    """A fraction as a whole percentage, rounded down: 100% only at the very end."""
    return min(100, math.floor(fraction * 100 + 1e-9))


def progress_percent(fraction: float) -> int:
    """The percentage read shown everywhere (footer, library): 100 only once the end was on
    screen (a fraction of 1), never rounded up to it."""
    return 100 if fraction >= 1.0 else min(99, percent(fraction))


def byline_and_site(byline: str | None, site: str | None) -> list[str]:
    """The byline and the site, each once: a site repeated as the byline ("Mac & i ·
    Mac & i") or contained in it is said once."""
    parts: list[str] = []
    for part in (byline or "", site or ""):
        part = " ".join(part.split())
        if not part:
            continue
        folded = part.casefold()
        if any(folded == p.casefold() or folded in p.casefold() for p in parts):
            continue
        parts = [p for p in parts if p.casefold() not in folded] + [part]
    return parts


def sentence(text: str) -> str:
    """`text` ending as a sentence does (a full stop unless it ends with . ! ? or …)."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…)" else text + "."


def open_failure(location: str, reason: str, opened: bool = False) -> str:
    """What to say when `location` could not be opened: the reason alone when it already
    names the place ("Could not reach example.org."), else the place, then the reason, as
    two sentences ("Could not open page.html. It is not a web page."). A page that was read
    but holds no article (`opened`) was opened: "Nothing to read in page.html. ..." says so."""
    reason = sentence(reason)
    shown = " ".join(location.split())
    host = address_host(shown)
    if (shown and shown[:60] in reason) or (host and host in reason):
        return reason
    return f"{'Nothing to read in' if opened else 'Could not open'} {shown}. {reason}"


def fit_words(text: str, width: int) -> str:
    """`text` cut to `width` cells at a word boundary, with "…" when anything was left out
    (a title never ends mid-word: "Notes · saved as…", not "Notes · saved as yo")."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:max(width, 0)]
    cut = text[:width - 1]
    if text[width - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ·,:;") + "…"


def distinct_readings(article: Article) -> list[str]:
    """The names of the page's distinct readings, best first (a candidate that reads the
    same text as a better-ranked one is left out: it is not another reading)."""
    return [c.name for c in article.candidates if c.same_as is None]


def reading_of(article: Article, name: str | None) -> str | None:
    """The distinct reading that `name` stands for (itself, or the one it reads the same as)."""
    same = next((c.same_as for c in article.candidates if c.name == name), None)
    return same or name


def first_reading_shown(article: Article) -> bool:
    """Whether the article shows the extractor's first choice (or the same text under
    another name); True for a page without candidates."""
    return not article.candidates or reading_of(article, article.candidate) in (
        None, article.candidates[0].name)


def reading_place(article: Article, name: str | None) -> str:
    """Where the reading `name` stands among the page's distinct readings, as "2 of 5" (""
    when the page has one reading or `name` is none of them)."""
    names = distinct_readings(article)
    shown = reading_of(article, name)
    if len(names) < 2 or shown not in names:
        return ""
    return f"{names.index(shown) + 1} of {len(names)}"
