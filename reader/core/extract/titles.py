"""The headline chosen among the strings a page offers for it, by a small learned model.

A page names its headline in several places (`<title>`, og:title, twitter:title, JSON-LD
headline and name, other meta tags, the first `<h1>`s), each with or without the site's name around
it. Each distinct string among them, whole, with the site stripped (`metadata.strip_site`)
and cut at its separators ("Headline | Section | Site"), is a candidate; its features say
where it came from, in what form, how many sources agree on it, whether it looks like the
site's name, its length, how much of the address's slug it holds (`slug_words`), whether the
<h1> offering it sits in the site's furniture (`metadata.in_chrome`: a logo), and whether the
hand-set rule (`metadata.choose_title`) picks it. The address is the page's, or the one a
saved page states (`address_of`); the chooser is trained on every page also read without
one, so a page without an address reads like any other (bench/train_extract.title_matrix).
Readability.js's title rule (`readability_title`) is a candidate and a feature too: many
pages' expected titles (all of mozilla's, a share of wcxb's) are what it returns, and no
library in Python applies it (readability-lxml's `short_title` is an older, different rule),
so it is written out here after mozilla/readability's `_getArticleTitle` and `_getJSONLD`.
Boosted trees (`title_model.json`: five bagging seeds averaged, trained by
bench/train_extract.py --titles on ../shared/eval, scored out of fold by site) give each
candidate a probability of being the headline; the likeliest wins. Without the model file the
rule decides alone.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np

from reader.core.safety import clean_line

from .block_model import Trees, load_model
from .block_model import columns as model_columns
from .metadata import (Metadata, _host_words, _is_site_name, _looks_like_site, _split_title, choose_title,
                       strip_site)
from .metadata import _norm as _key  # one folding for every title comparison

TITLE_MODEL_FILE = Path(__file__).with_name("title_model.json")

SOURCES = ("json-ld", "og:title", "twitter:title", "title", "h1", "h1-later", "meta", "json-ld-name")
RULE_SOURCES = ("readability", "readability-doc")  # Readability.js's metadata rule, its <title> rule
FORMS = ("whole", "stripped", "first-part", "last-part", "middle-part")
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class TitleCandidate:
    """One distinct headline string and every (source, form) that offers it."""

    text: str
    seen: set[tuple[str, str]] = field(default_factory=set)


def address_of(meta: Metadata, url: str | None) -> str | None:
    """The page's address, or the one it states (canonical link, og:url) when it came from a
    file: a saved page's title reads the same host and slug as the page fetched from the web."""
    return url or meta.canonical


def _source(name: str, h1_index: int = -1) -> str:
    if name == "h1":
        return "h1" if h1_index <= 0 else "h1-later"
    return name if name in SOURCES else "meta"


def title_candidates(meta: Metadata, url: str | None) -> list[TitleCandidate]:
    """The distinct strings the page offers as its headline, in the order first seen."""
    url = address_of(meta, url)
    found: dict[str, TitleCandidate] = {}
    h1s = [h.rstrip("¶#§ ") for h in meta.h1]
    offers = [(_source(s), t) for s, t in meta.title_candidates if s != "h1"]
    offers += [(_source("h1", i), h) for i, h in enumerate(h1s[:3])]

    def add(text: str, source: str, form: str) -> None:
        text = clean_line(text)
        if not text or len(text) > 400:
            return
        key = _key(text)
        found.setdefault(key, TitleCandidate(text)).seen.add((source, form))

    for source, raw in offers:
        add(raw, source, "whole")
        add(strip_site(raw, meta.site, url, h1s), source, "stripped")
        parts = _split_title(clean_line(raw))
        if len(parts) > 1:
            add(parts[0], source, "first-part")
            add(parts[-1], source, "last-part")
            for p in parts[1:-1]:
                add(p, source, "middle-part")
    add(readability_title(meta), "readability", "whole")
    add(readability_doc_title(meta), "readability-doc", "whole")
    return list(found.values())


# ------------------------------------------------------------------- Readability.js's title rule

_RJS_SEPARATOR = re.compile(r" [|\-\\/>»] ")
_RJS_HIERARCHY = re.compile(r" [\\/>»] ")
_RJS_LAST_CUT = re.compile(r"(.*)[|\-\\/>»] .*")
_RJS_FIRST_CUT = re.compile(r"[^|\-\\/>»]*[|\-\\/>»](.*)")
_RJS_TOKEN = re.compile(r"\W+", re.ASCII)
# where Readability.js looks for a title in the meta tags, in its order (our source names)
_RJS_META = ("dc:title", "dc.title", "dcterm:title", "og:title", "meta:title", "twitter:title", "parsely-title")


def _rjs_words(text: str) -> int:
    return len(re.split(r"\s+", text))


def _rjs_similarity(a: str, b: str) -> float:
    """Readability.js's `_textSimilarity`: the share of b's tokens (by length) also in a."""
    ta = [t for t in _RJS_TOKEN.split(a.lower()) if t]
    tb = [t for t in _RJS_TOKEN.split(b.lower()) if t]
    if not ta or not tb:
        return 0.0
    uniq = [t for t in tb if t not in ta]
    return 1 - len(" ".join(uniq)) / len(" ".join(tb))


def _page_title(meta: Metadata) -> str:
    """The page's <title> as the metadata read it ("" without one)."""
    return next((t for s, t in meta.title_candidates if s == "title"), "")


def readability_doc_title(meta: Metadata) -> str:
    """Readability.js's `_getArticleTitle`: the <title> cut at its last separator (or its first,
    when that leaves three words or fewer), after a colon unless a heading holds it whole, the
    lone <h1> for a title too long or short; the whole <title> when the cut leaves four words or fewer."""
    orig = _page_title(meta).strip()
    cur = orig
    hierarchical = False
    if _RJS_SEPARATOR.search(cur):
        hierarchical = bool(_RJS_HIERARCHY.search(cur))
        cur = _RJS_LAST_CUT.sub(r"\1", orig)
        if _rjs_words(cur) < 3:
            cur = _RJS_FIRST_CUT.sub(r"\1", orig)
    elif ": " in cur:
        if not any(_key(h) == _key(cur) for h in meta.h1 + meta.h2):
            cur = orig[orig.rfind(":") + 1:]
            if _rjs_words(cur) < 3:
                cur = orig[orig.find(":") + 1:]
            elif _rjs_words(orig[: orig.find(":")]) > 5:
                cur = orig
    elif (len(cur) > 150 or len(cur) < 15) and len(meta.h1) == 1:
        cur = meta.h1[0]
    cur = re.sub(r"\s{2,}", " ", cur.strip())
    words = _rjs_words(cur)
    if words <= 4 and (not hierarchical or words != _rjs_words(re.sub(r"[|\-\\/>»]+", "", orig)) - 1):
        cur = orig
    return cur


def readability_title(meta: Metadata) -> str:
    """Readability.js's article title: its JSON-LD article's name or headline (whichever
    matches its <title> rule), else the first title meta tag in its order, else the <title> rule."""
    name, headline = meta.ld_name, meta.ld_headline
    if name and headline and name != headline:
        doc = readability_doc_title(meta)
        by_name, by_headline = _rjs_similarity(name, doc) > 0.75, _rjs_similarity(headline, doc) > 0.75
        return headline if by_headline and not by_name else name
    if name or headline:
        return (name or headline or "").strip()
    tags = dict(reversed(meta.title_candidates))
    return next((tags[k] for k in _RJS_META if tags.get(k)), "") or readability_doc_title(meta)


_SEEN = tuple((s, f) for s in SOURCES for f in FORMS) + tuple((s, "whole") for s in RULE_SOURCES)
NAMES: tuple[str, ...] = tuple(f"{s}:{f}" for s, f in _SEEN) + (
    "n_sources", "n_sources_whole", "share_sources", "rule_choice", "log_words", "log_chars",
    "has_separator", "looks_like_site", "is_site_name", "h1_overlap", "title_overlap",
    "inside_title", "inside_others", "upper_share", "ends_dot", "n_candidates", "n_page_sources",
    "has_h1", "first_seen", "title_share", "title_prefix", "title_suffix", "title_rest_site",
    "title_rest_words", "slug_share", "slug_covered", "h1_in_chrome", "h1_outside_chrome")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(_key(text)))


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def title_features(cands: list[TitleCandidate], meta: Metadata, url: str | None) -> np.ndarray:
    """One row per candidate, columns as `NAMES`."""
    url = address_of(meta, url)
    out = np.zeros((len(cands), len(NAMES)), dtype=np.float32)
    if not cands:
        return out
    rule = _key(choose_title(meta.title_candidates, meta.site, url, meta.h1)[0])
    sources = {s for c in cands for s, _ in c.seen if s not in RULE_SOURCES}
    h1_words = _words(meta.h1[0]) if meta.h1 else set()
    page_title = _page_title(meta)
    title_words = _words(page_title)
    wholes = [_key(t) for s, t in meta.title_candidates]
    host = _host_words(url)
    slug = slug_words(url)
    h1_keys = _h1_keys(meta)
    index = {p: i for i, p in enumerate(_SEEN)}
    for r, c in enumerate(cands):
        key = _key(c.text)
        words = _words(c.text)
        letters = [ch for ch in c.text if ch.isalpha()] or ["a"]
        own = {s for s, _ in c.seen if s not in RULE_SOURCES}
        for pair in c.seen:
            out[r, index[pair]] = 1.0
        out[r, len(_SEEN):] = [
            len(own), len({s for s, f in c.seen if f in ("whole", "stripped")}), len(own) / max(1, len(sources)),
            float(key == rule), math.log1p(len(words)), math.log1p(len(c.text)),
            float(len(_split_title(c.text)) > 1), float(_looks_like_site(c.text, meta.site, host)),
            float(_is_site_name(c.text, meta.site, url)), _overlap(words, h1_words), _overlap(words, title_words),
            float(bool(page_title) and key in _key(page_title)),
            sum(1 for w in wholes if key in w) / max(1, len(wholes)),
            sum(ch.isupper() for ch in letters) / len(letters), float(c.text.endswith(".")),
            math.log1p(len(cands)), float(len(sources)), float(bool(meta.h1)), r / len(cands),
            *_against_title(c.text, key, words, page_title, meta, url, host),
            *_against_slug(words, slug),
            *_h1_places(key, h1_keys),
        ]
    return out


def slug_words(address: str | None) -> set[str]:
    """The words of an address's last path segment ("/blog/beginner-marathon-plan/": beginner,
    marathon, plan): a CMS makes that slug from the headline its author typed, where the
    <title> and og:title often carry a longer search-engine version. Empty for a home page, an
    id or no address."""
    if not address:
        return set()
    path = unquote(urlsplit(address).path).strip("/")
    last = path.rsplit("/", 1)[-1]
    last = re.sub(r"\.(html?|php|aspx?)$", "", last, flags=re.IGNORECASE)
    return {w for w in _WORD.findall(_key(last.replace("_", " ").replace("-", " "))) if not w.isdigit()}


def _h1_keys(meta: Metadata) -> list[tuple[set[str], bool]]:
    """The first three <h1>s as the keys they say (whole and with the site cut), each with
    whether it sits in the site's furniture: worked out once per page."""
    flags = meta.h1_chrome or [False] * len(meta.h1)
    out = []
    for h1, in_chrome in zip(meta.h1[:3], flags[:3]):
        h1 = h1.rstrip("¶#§ ")
        out.append(({_key(h1), _key(strip_site(h1, meta.site, None, []))}, in_chrome))
    return out


def _h1_places(key: str, h1_keys: list[tuple[set[str], bool]]) -> list[float]:
    """Whether one of the first three <h1>s saying the candidate (whole or with the site cut)
    sits in the site's furniture (a logo or section name in the header), and whether one sits
    elsewhere (the article's own headline)."""
    chrome = outside = 0.0
    for keys, in_chrome in h1_keys:
        if key in keys:
            chrome, outside = (1.0, outside) if in_chrome else (chrome, 1.0)
    return [chrome, outside]


def _against_slug(words: set[str], slug: set[str]) -> list[float]:
    """The share of the candidate's words in the slug, and of the slug's words in the candidate."""
    if not slug or not words:
        return [0.0, 0.0]
    return [len(words & slug) / len(words), len(words & slug) / len(slug)]


def _against_title(text: str, key: str, words: set[str], page_title: str, meta: Metadata, url: str | None,
                   host: set[str]) -> list[float]:
    """How the candidate sits in the page's <title>: its share of the words, whether it starts
    or ends it, and whether what the <title> adds to it is the site's name (a suffix to drop)
    or more headline (a subtitle to keep)."""
    whole = _key(page_title)
    if not whole:
        return [0.0, 0.0, 0.0, 0.0, 0.0]
    prefix, suffix = whole.startswith(key) and whole != key, whole.endswith(key) and whole != key
    rest = whole[len(key):] if prefix else whole[: len(whole) - len(key)] if suffix else ""
    rest = rest.strip(" |-–—:·•»>/\\_")
    site_like = bool(rest) and (_looks_like_site(rest, meta.site, host) or _is_site_name(rest, meta.site, url))
    return [len(words) / max(1, len(_words(page_title))), float(prefix), float(suffix), float(site_like),
            math.log1p(len(_WORD.findall(rest)))]


def learned_title(meta: Metadata, url: str | None, trees: Trees) -> str:
    """The likeliest headline among the page's candidates ("" when it offers none)."""
    cands = title_candidates(meta, url)
    if not cands:
        return ""
    probs = trees.probabilities(model_columns(trees, title_features(cands, meta, url), NAMES))
    return cands[int(np.argmax(probs))].text


@lru_cache(maxsize=1)
def shipped_title_model() -> Trees | None:
    """The headline chooser in the package."""
    return load_model(TITLE_MODEL_FILE, Trees)
