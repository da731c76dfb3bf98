"""Page metadata from the places publishers put it: OpenGraph, JSON-LD, meta tags, markup, text.

Each field is looked up in order of how reliable that source tends to be; every value is a
single clean line (or None), and dates become ISO 8601 calendar dates.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice, zip_longest
from typing import Any
from urllib.parse import urljoin, urlsplit

from reader.core.safety import clean_line

from .dates import MARKUP_SOURCES, learned_date, shipped_date_model
from .furniture import CONTENT_TAGS, LANDMARK_ROLES, LANDMARK_TAGS

ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "techarticle",
    "scholarlyarticle", "liveblogposting", "socialmediaposting", "report", "webpage",
    "advertisercontentarticle", "satiricalarticle", "medicalwebpage", "howto", "recipe",
    "discussionforumposting", "qapage", "question", "review", "creativework", "posting",
}


@dataclass(slots=True)
class Metadata:
    title: str = ""
    title_source: str = ""
    byline: str | None = None
    published: str | None = None
    site: str | None = None
    lang: str | None = None
    canonical: str | None = None
    description: str | None = None
    article_body: str | None = None  # JSON-LD articleBody, a candidate text
    h1: list[str] = field(default_factory=list)
    h1_chrome: list[bool] = field(default_factory=list)  # per h1: in the site's header, nav, aside or footer
    h2: list[str] = field(default_factory=list)  # the first <h2>s (Readability.js's title rule reads them)
    # the name and headline of the JSON-LD article Readability.js reads (the first schema.org
    # object of an article type), which its title rule weighs against the <title>
    ld_name: str | None = None
    ld_headline: str | None = None
    article_typed: bool = False  # declares itself a news/blog article (og:type, JSON-LD @type)
    title_candidates: list[tuple[str, str]] = field(default_factory=list)
    dates: dict[str, str | None] = field(default_factory=dict)  # publication date by source


# ------------------------------------------------------------------------------ dates by source

# Where a page states its publication date, each read on its own (`dates.MARKUP_SOURCES`):
# JSON-LD datePublished / dateCreated of the article object, the published meta tags, the
# modified ones, itemprop datePublished, the first <time>, the dateline by the <h1>, a date
# in the address; and htmldate ("htmldate_fast": without its search of the page text;
# "htmldate": as `htmldate_heard` says, the fast one's date or, where nothing else dates the
# page, the one of that search). "markup" is the first markup date along the order (the date
# of a page over the size budget, where htmldate does not run). Within the budget the learned
# chooser (`dates.learned_date`) decides among them.
HTMLDATE_SOURCES: tuple[str, ...] = ("htmldate", "htmldate_fast")
DATE_SOURCES: tuple[str, ...] = MARKUP_SOURCES + HTMLDATE_SOURCES
# The order the sources are asked in without the model: fitted by bench/train_extract.py's
# `fit_date_order` (greedy, on training folds, scored out of fold by site by bench/extract.py);
# this is its fit on all pages. Sources not in it are asked after it, markup ones only.
DATE_ORDER: tuple[str, ...] = ("url", "meta", "time", "dateline", "json-ld", "htmldate")


def date_from(dates: dict[str, str | None], order: tuple[str, ...]) -> str | None:
    """The first date along `order`, else the first markup date in the default order (the one
    rule both the extractor and the bench's fitting apply)."""
    for source in order + MARKUP_SOURCES:
        found = dates.get(source)
        if found:
            return found
    return None


def htmldate_date(tree: Any, url: str | None, source: str) -> str | None:
    """htmldate's publication date of a parsed page ("htmldate", or "htmldate_fast": without its
    search of the page text). It works on a copy of the tree."""
    try:
        from htmldate import find_date
    except ImportError:
        return None
    try:
        found = find_date(tree, url=url, original_date=True, extensive_search=source == "htmldate",
                          outputformat="%Y-%m-%d")
    except Exception:  # a library failure costs only its date
        return None
    return found if isinstance(found, str) and parse_date(found) else None


def needs_extensive_search(dates: dict[str, str | None]) -> bool:
    """Whether htmldate's extensive search (of the page text) is asked: only when neither its
    fast search nor any markup source found a date. Elsewhere it added nothing out of fold
    (wcxb .893 with it on every page, .894 so; mozilla .958 both) and cost much: its text
    parser, dateparser, loads its ~200 locales on the first string it cannot read (2-4 s of
    CPU, which every `reader URL` paid on its one page). The chooser hears, as "htmldate",
    the fast search's date, or the extensive one's where this says it was asked."""
    return not dates.get("htmldate_fast") and not any(dates.get(s) for s in MARKUP_SOURCES)


def htmldate_heard(dates: dict[str, str | None], extensive: Callable[[], str | None]) -> str | None:
    """The source "htmldate" as the chooser hears it: `extensive()` (the extensive search's
    date) where `needs_extensive_search`, else the fast search's. One rule for `choose_date`
    and for the bench, which reads both searches' dates from its cache.

    The extensive search's date is dropped where it falls on January 1: that search reads the
    page text, where a lone year (a copyright line, "since 1996", a year in a heading) is read
    as January 1 of it. On the development pages 315 of the dates only that search gave fell on
    January 1 (18% of all pages showed one) and none was right; its other dates were right on 7
    of the 11 pages with a known date."""
    if not needs_extensive_search(dates):
        return dates.get("htmldate_fast")
    found = extensive()
    return None if found and found.endswith("-01-01") else found


def choose_date(tree: Any, url: str | None, markup: str | None, order: tuple[str, ...] = DATE_ORDER,
                dates: dict[str, str | None] | None = None, extensive: bool = True) -> str | None:
    """The publication date: the learned chooser's among every source when the order lets
    htmldate run (`dates.learned_date`), else the first found along `order` (`date_from`);
    htmldate is asked only then (each call copies the tree), its extensive search only where
    `needs_extensive_search` says and `extensive` affords (past the page's time budget the
    fast search's date stands for it), with the model or without it (the fallback order is
    fitted on the htmldate the chooser hears). `markup` is the markup's own choice, the source
    "markup"; `dates` holds the markup sources and collects what was asked."""
    dates = {} if dates is None else dates
    dates["markup"] = markup
    model = shipped_date_model() if "htmldate" in order else None
    if model is not None:
        _ask_htmldate(tree, url, dates, "htmldate", extensive)
        return learned_date(dates, model)
    for source in order:
        if source in HTMLDATE_SOURCES:
            _ask_htmldate(tree, url, dates, source, extensive)
        if dates.get(source):
            return dates[source]
    return date_from(dates, order)


def _ask_htmldate(tree: Any, url: str | None, dates: dict[str, str | None], source: str,
                  extensive: bool) -> None:
    """Fills `dates[source]` once: the fast search, and for "htmldate" the date it stands
    for as `htmldate_heard` says (the extensive search asked only where nothing else dates
    and `extensive` affords it; else the fast search's date)."""
    if source in dates:
        return
    if "htmldate_fast" not in dates:
        dates["htmldate_fast"] = htmldate_date(tree, url, "htmldate_fast")
    if source == "htmldate":
        dates["htmldate"] = (htmldate_heard(dates, lambda: htmldate_date(tree, url, "htmldate"))
                             if extensive else dates["htmldate_fast"])


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")


def url_date(url: str | None) -> str | None:
    """A date in the address ("/2019/05/12/", "/20190512-"), or None."""
    try:
        path = urlsplit(url).path if url else ""
    except ValueError:
        return None
    m = _URL_DATE.search(path)
    return _valid(int(m[1]), int(m[2]), int(m[3])) if m else None


# ------------------------------------------------------------------------------ helpers

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8}\d{0,2});")


def _unescaped(text: str) -> str:
    """A metadata value with its character references decoded: JSON-LD and meta values are
    often HTML-escaped twice ("&#8217;", "&amp;reg;"), and a JSON-LD string escaped twice
    inside the script ("And finally&amp;#8230; trouble", a WordPress SEO plugin's habit)
    still reads "&#8230;" after one pass, where the page shows "…"."""
    text = html.unescape(text)
    return html.unescape(text) if "&" in text and _ENTITY.search(text) else text


def _web_address(href: str, url: str | None) -> str | None:
    """`href` made absolute against `url` when it is an http(s) address with a host ("https:///x",
    a page's broken canonical, is none)."""
    try:
        address = urljoin(url or "", href)
        parts = urlsplit(address)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host or " " in host:
        return None
    return clean_line(address) or None


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def in_chrome(el: Any) -> bool:
    """Whether an element sits in the site's furniture (a header, nav, aside or footer, by tag
    or ARIA role) outside any article or main element: a logo's <h1>, not an article's
    <header><h1>."""
    chrome = False
    for node in el.iterancestors():
        tag = node.tag if isinstance(node.tag, str) else ""
        role = (node.get("role") or "").strip().lower()
        if tag in CONTENT_TAGS or role == "main":
            return False
        chrome = chrome or tag in LANDMARK_TAGS or role in LANDMARK_ROLES
    return chrome


def _text(el: Any) -> str:
    try:
        return clean_line(el.text_content())
    except (ValueError, AttributeError):
        return ""


def _metas(root: Any) -> dict[str, str]:
    """First value of each <meta name|property|itemprop> (lower-cased keys)."""
    out: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            # RDFa lets one tag carry several properties: property="og:title dc:title"
            for key in (meta.get(attr) or "").lower().split()[:8]:
                out.setdefault(key, content.strip())
    return out


def _walk_ld(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk_ld(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in node and isinstance(node[key], (list, dict)):
                yield from _walk_ld(node[key], depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type", [])
    if isinstance(t, str):
        t = [t]
    return {str(x).lower() for x in t if isinstance(x, str)}


def _ld_blocks(root: Any) -> Iterator[list[Any]]:
    """The JSON values of each JSON-LD block of the page, in page order (huge blocks skipped)."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if raw and len(raw) <= 2_000_000:
            yield _ld_values(raw)


def json_ld(root: Any) -> list[dict[str, Any]]:
    """All JSON-LD objects of the page, flattened; broken blocks are skipped."""
    return [o for values in _ld_blocks(root) for data in values for o in _walk_ld(data)]


_WRAPPERS = re.compile(r"^(?://\s*)?(?:<!--|<!\[CDATA\[)\s*|\s*(?://\s*)?(?:-->|\]\]>)$")


def _ld_values(raw: str) -> list[Any]:
    """The JSON values of one JSON-LD block: unwrapped of the HTML comment or XHTML CDATA
    section it may sit in ("<![CDATA[ {...} ]]>": most of mozilla's saved pages), and several
    values written one after the other read in turn."""
    raw = raw.strip()
    for _ in range(2):
        raw = _WRAPPERS.sub("", raw).strip()
    decoder = json.JSONDecoder(strict=False)
    out: list[Any] = []
    pos = 0
    while pos < len(raw) and len(out) < 50:
        try:
            value, pos = decoder.raw_decode(raw, pos)
        except ValueError:
            break
        out.append(value)
        while pos < len(raw) and raw[pos] in " \t\r\n,;":
            pos += 1
    return out


# Readability.js's JSON-LD article types (its `jsonLdArticleTypes`, unanchored as it is written)
_RJS_LD_TYPES = re.compile(r"^Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|"
                           r"BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|"
                           r"SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|"
                           r"LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference$")
_SCHEMA_ORG = re.compile(r"^https?://schema\.org/?$")


def _rjs_type(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("@type"), str) and bool(_RJS_LD_TYPES.search(obj["@type"]))


def readability_ld(root: Any) -> tuple[str | None, str | None]:
    """(name, headline) of the JSON-LD object Readability.js takes for the article: the first
    block whose schema.org object (or its @graph's first article) has an article type."""
    for values in _ld_blocks(root):
        parsed = values[0] if values else None
        if isinstance(parsed, list):
            parsed = next((o for o in parsed if _rjs_type(o)), None)
        if not isinstance(parsed, dict):
            continue
        context = parsed.get("@context")
        vocab = context.get("@vocab") if isinstance(context, dict) else context
        if not isinstance(vocab, str) or not _SCHEMA_ORG.match(vocab):
            continue
        if "@type" not in parsed and isinstance(parsed.get("@graph"), list):
            parsed = next((o for o in parsed["@graph"] if _rjs_type(o)), None)
        if not _rjs_type(parsed):
            continue
        assert isinstance(parsed, dict)
        name, headline = parsed.get("name"), parsed.get("headline")
        return (name if isinstance(name, str) else None, headline if isinstance(headline, str) else None)
    return None, None


def _names(value: Any) -> list[str]:
    """Person names out of a JSON-LD author value (string, object or list)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
        return []
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            out.extend(_names(v))
        return out
    return []


# ------------------------------------------------------------------------------- dates

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_COMPACT = re.compile(r"\b(20\d\d|19\d\d)(\d\d)(\d\d)(?:T|\b)")
_MDY = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b", re.I)
_NUMERIC_DMY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        if not 1990 <= y <= 2100:
            return None
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(text: str | None, *, loose: bool = True) -> str | None:
    """An ISO calendar date from a machine or human date string, or None."""
    if not text:
        return None
    text = text.strip()[:200]
    m = _ISO.search(text)
    if m:
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    m = _COMPACT.search(text)
    if m and not loose:
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    m = _MDY.search(text)
    if m:
        return _valid(int(m[3]), _MONTHS[m[1][:3].lower()], int(m[2]))
    m = _DMY.search(text)
    if m:
        return _valid(int(m[3]), _MONTHS[m[2][:3].lower()], int(m[1]))
    if loose:
        m = _NUMERIC_DMY.search(text)
        if m:
            a, b, y = int(m[1]), int(m[2]), int(m[3])
            return _valid(y, b, a) if a > 12 else _valid(y, a, b)
    return None


# ------------------------------------------------------------------------------ bylines

_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|door|di|av|af|written by|posted by|words by|"
                        r"story by|text by|author:?|authors:?|autor:?|reporter:?)\s*[:\-]?\s+", re.I)
_BYLINE_CUT = re.compile(r"\s+(?:[|•·–—»]|-\s|on\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                         r"|updated|published|posted|\d{1,2}[:/.]\d"
                         r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
                         r"|\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)", re.I)


# "HabernyFounder", "ThrilledSeptember": two text nodes run together before a role or a date
_GLUED = re.compile(r"(?<=[a-z])(?=(?:Founder|Senior|Staff|Reviewed|Updated|Published|Posted|Editor|Writer|"
                    r"Reporter|Contributor|January|February|March|April|May|June|July|August|September|"
                    r"October|November|December)\b)")
_LEAD_IN = re.compile(r"^(?:[\d/.\-]+\s+)?(?:\w+\s+){0,2}?(?i:by)\s*(?=[A-Z])")
_ROLE = re.compile(
    r"[\s,]+(?:(?:senior|staff|contributing|former|deputy|chief|lead|managing|associate|executive|"
    r"special|guest|freelance|political|science|tech|autos?|games|sports|business)\s+)*"
    r"(?:writer|editor|reporter|correspondent|contributor|columnist|founder|reviewer|journalist|"
    r"author|owner|producer|analyst)\b.*|\s+(?:reviewed|edited|fact[- ]checked|photos?|"
    r"illustrations?) by\b.*|\s+(?:posts|threads|joined)\s*:.*", re.I)
_NOT_NAMES = {"updated", "published", "posted", "view more posts", "more posts", "share", "author",
              "admin", "staff", "by", "last", "comments"}


def clean_byline(text: str | None) -> str | None:
    """A name (or names) without "By", dates, roles or trailing furniture."""
    text = clean_line(text)
    if not text or text.startswith(("http://", "https://", "www.")):
        return None
    text = _GLUED.sub(" ", text)
    text = _BY_PREFIX.sub("", text)
    text = _BY_PREFIX.sub("", text)
    text = _LEAD_IN.sub("", text, count=1)
    cut = _BYLINE_CUT.search(text)
    if cut:
        text = text[:cut.start()]
    text = _ROLE.sub("", text)
    text = text.strip(" ,;:|-–—")
    if not text or len(text) > 100 or len(text.split()) > 12 or text.casefold() in _NOT_NAMES:
        return None
    if not any(c.isalpha() for c in text):
        return None
    return text


# ------------------------------------------------------------------------------- titles

_WORDS = re.compile(r"\w+")
# An <h1> is the title when it shares most words with a metadata title other than the social
# card's (twitter:title is often the <h1> copied, so it confirms nothing on its own). Measured
# against returning the metadata version instead: wcxb 0.75 -> 0.71 (mozilla +4 pages).
AGREE = 0.6
AGREE_SKIP = ("twitter:title",)
H1_ALONE_WORDS = 1000
_SEPARATORS = re.compile(r"\s+[|\-–—:·•»>/\\]\s+|\s+::\s+")


def _split_title(title: str) -> list[str]:
    return [p.strip() for p in _SEPARATORS.split(title) if p.strip()]


def _host_words(url: str | None) -> set[str]:
    if not url:
        return set()
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return set()
    parts = [p for p in host.split(".") if p not in ("www", "com", "org", "net", "co", "uk", "io")]
    return {_norm(p) for p in parts if p}


def _looks_like_site(part: str, site: str | None, host: set[str]) -> bool:
    n = _norm(part)
    if site and (n == _norm(site) or _norm(site).startswith(n) or n.startswith(_norm(site))):
        return True
    squashed = re.sub(r"[^a-z0-9]", "", n)
    return bool(squashed) and any(h and (squashed == re.sub(r"[^a-z0-9]", "", h)
                                         or squashed.startswith(h) and len(h) > 3) for h in host)


def _squash(text: str) -> str:
    return re.sub(r"[^\w]", "", _norm(text))


def _is_site_name(text: str, site: str | None, url: str | None) -> bool:
    """Exactly the site's name or host (a logo heading), unlike `_looks_like_site`'s prefixes."""
    s = _squash(text)
    if not s:
        return False
    if site and s == _squash(site):
        return True
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:
        host = ""
    host = host.removeprefix("www.")
    return bool(host) and (s == _squash(host) or s in {_squash(p) for p in host.split(".")[:-1] if len(p) > 3})


def strip_site(title: str, site: str | None, url: str | None, h1s: list[str]) -> str:
    """Remove a " | Site" / "Site - " part from a title when it names the site."""
    title = clean_line(title)
    if not title:
        return title
    norm_h1 = {_norm(h) for h in h1s if h}
    if _norm(title) in norm_h1:
        return title
    parts = _split_title(title)
    if len(parts) < 2:
        return title
    # the title minus trailing/leading parts, if that is exactly an <h1>
    seps = list(_SEPARATORS.finditer(title))
    for m in reversed(seps):
        head = title[:m.start()].strip()
        if _norm(head) in norm_h1:
            return head
    for m in seps:
        tail = title[m.end():].strip()
        if _norm(tail) in norm_h1:
            return tail
    host = _host_words(url)
    last = title[seps[-1].end():].strip()
    if _looks_like_site(last, site, host):
        head = title[:seps[-1].start()].strip()
        if len(head.split()) >= 1:
            return strip_site(head, site, url, h1s) if len(seps) > 1 else head
    first = title[:seps[0].start()].strip()
    if _looks_like_site(first, site, host):
        return title[seps[0].end():].strip()
    return title


def choose_title(candidates: list[tuple[str, str]], site: str | None, url: str | None,
                 h1s: list[str]) -> tuple[str, str]:
    """The headline: the visible <h1> when it agrees with the metadata, else metadata, site removed.

    The page's main heading is what readers call the title; metadata titles are often written
    for search engines and social cards. An <h1> is trusted only when it shares most of its
    words with a metadata title (a logo or section name in <h1> does not).
    """
    # an <h1> naming the site (a logo) is neither the headline nor a hint for stripping one
    # (docs generators end headings with a permalink mark: "Install¶")
    h1s = [h.rstrip("¶#§ ") for h in h1s]
    h1s = [h for h in h1s if h and not _is_site_name(h, site, url)]
    meta = [(s, strip_site(r, site, url, h1s)) for s, r in candidates if s != "h1"]
    meta = [(s, t) for s, t in meta if t]
    heads = [strip_site(h.rstrip("¶#§ "), site, url, []) for h in h1s[:3]]
    heads = [h for h in heads if 2 <= len(h) <= 300]
    for h in heads:
        hw = set(_WORDS.findall(_norm(h)))
        if not hw:
            continue
        for src, t in meta:
            if src in AGREE_SKIP:
                continue
            tw = set(_WORDS.findall(_norm(t)))
            if tw and len(hw & tw) >= AGREE * len(hw) and len(hw & tw) >= 0.4 * len(tw):
                return h, "h1"
    if len(heads) == 1 and len(heads[0].split()) >= H1_ALONE_WORDS and not _looks_like_site(
            heads[0], site, _host_words(url)):
        return heads[0], "h1"
    for source, raw in candidates:
        text = strip_site(raw, site, url, h1s)
        if text:
            return text, source
    return "", ""


# ---------------------------------------------------------------------------- extraction

_AUTHOR_HINT = re.compile(r"(?:^|[\s_-])(byline|author|writer|contributor|reporter)(?:$|[\s_-]|name|s\b)", re.I)


_AUTHORISH = "//*[@class or @id]"


def _byline_from_markup(root: Any) -> str | None:
    for a in root.xpath("//a[@rel]"):
        if "author" in (a.get("rel") or "").lower().split():
            name = clean_byline(_text(a))
            if name:
                return name
    for el in root.xpath("//*[@itemprop]"):
        if (el.get("itemprop") or "").lower() == "author":
            name_el = next((c for c in el.iter() if (c.get("itemprop") or "").lower() == "name"), None)
            text = name_el.get("content") if name_el is not None and name_el.get("content") else (
                _text(name_el) if name_el is not None else (el.get("content") or _text(el)))
            name = clean_byline(text)
            if name:
                return name
    # XPath (in C) finds the elements with a class or id for the regex to judge (a walk over
    # every element in Python cost seconds on pages of a million bare elements)
    for el in root.xpath(_AUTHORISH):
        if not isinstance(el.tag, str) or el.tag in ("body", "html", "article", "main", "meta", "link"):
            continue
        attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
        if len(attrs) > 1 and _AUTHOR_HINT.search(attrs):
            text = _text(el)
            if 2 < len(text) < 120:
                name = clean_byline(text)
                if name:
                    return name
    return None


def _date_from_itemprop(root: Any) -> str | None:
    for el in root.xpath("//*[@itemprop]"):
        if (el.get("itemprop") or "").lower() in ("datepublished", "datecreated"):
            d = parse_date(el.get("content") or el.get("datetime") or _text(el))
            if d:
                return d
    return None


def _date_from_time(root: Any) -> str | None:
    for t in root.iter("time"):
        d = parse_date(t.get("datetime")) or parse_date(_text(t))
        if d:
            return d
    return None


DATELINE_ABOVE, DATELINE_BELOW = 40, 150  # elements read above and below the page's first <h1>


def _short_texts(node: Any) -> Iterator[str]:
    """The text and the tail of an element where each is short enough to be a dateline."""
    for text in (node.text, node.tail):
        text = (text or "").strip()
        if 6 <= len(text) <= 80:
            yield text


def _date_near_headline(root: Any) -> str | None:
    """The dateline: the written date nearest the page's first <h1>, read in short texts (an
    element's text or its tail, 6-80 characters) among the DATELINE_ABOVE elements before it
    and the DATELINE_BELOW after it in document order (the one above first on a tie), and not
    past the first long paragraph. Publishers put it above the headline (a kicker, "Dec 12,
    2025 · Analysis") about as often as in a byline box of another branch below it, or after
    an inline name ("<a>Ana</a> · March 3, 2021"); the previous rule, the <h1>'s following
    siblings alone, missed those (out of fold, the chooser refitted: wcxb .894 -> .903, as
    good for 20-100 elements above and 80-300 below, .899 with none above; the same scan as a
    source of its own beside the old rule did worse, .885)."""
    nodes = (n for n in root.iter() if isinstance(n.tag, str) and n.tag not in ("script", "style"))
    above: deque[Any] = deque(maxlen=DATELINE_ABOVE + 1)
    for node in nodes:
        above.append(node)
        if node.tag == "h1":
            break
    else:
        return None
    h1 = above.pop()
    below = []
    for node in islice(nodes, DATELINE_BELOW):
        if node.tag == "p" and len((node.text or "").strip()) > 200:
            break  # the article has begun: a date further down is not the dateline
        below.append(node)
    # the <h1> itself, then outwards one element a side at a time, the one above first
    nearest_first = [h1] + [n for pair in zip_longest(reversed(above), below) for n in pair if n is not None]
    for node in nearest_first:
        for text in _short_texts(node):
            found = parse_date(text)
            if found:
                return found
    return None


_PUBLISHED_KEYS = ("article:published_time", "og:published_time", "published_time", "datepublished", "date",
                   "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued", "dcterms.date",
                   "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published",
                   "published-date", "cxenseparse:recs:publishtime", "og:article:published_time")
_MODIFIED_KEYS = ("article:modified_time", "og:updated_time")


def _first_date(values: Any) -> str | None:
    return next((d for d in (parse_date(str(v)) for v in values if v) if d), None)


def _markup_dates(root: Any, metas: dict[str, str], articles: list[dict[str, Any]], url: str | None,
                  scan_body: bool) -> dict[str, str | None]:
    """The publication date each markup source states (None where it states none)."""
    dates: dict[str, str | None] = {
        "json-ld": _first_date(o.get("datePublished") for o in articles),
        "json-ld-created": _first_date(o.get("dateCreated") for o in articles),
        "meta": _first_date(metas.get(k) for k in _PUBLISHED_KEYS),
        "meta-modified": _first_date(metas.get(k) for k in _MODIFIED_KEYS),
        "url": url_date(url),
    }
    if scan_body:
        dates["itemprop"] = _date_from_itemprop(root)
        dates["time"] = _date_from_time(root)
        dates["dateline"] = _date_near_headline(root)
    return dates


def extract_metadata(root: Any, url: str | None = None, *, scan_body: bool = True) -> Metadata:
    """Metadata of a parsed page (an lxml.html document root).

    `scan_body=False` (pages over the extractor's size budget) reads only what the page
    declares (meta tags, JSON-LD, <title>, <h1>), not the markup hints found by searching
    every element of the body, which costs seconds on a page of a million elements.
    """
    md = Metadata()
    metas = _metas(root)
    ld = json_ld(root)
    ld_article = next((o for o in ld if _types(o) & ARTICLE_TYPES and
                       (o.get("headline") or o.get("articleBody"))), None)
    ld_any = ld_article or next((o for o in ld if _types(o) & ARTICLE_TYPES), None)

    h1s = [(t, h) for t, h in ((_text(h), h) for h in root.iter("h1")) if t][:5]
    md.h1 = [t for t, _ in h1s]
    md.h1_chrome = [in_chrome(h) for _, h in h1s]
    md.h2 = [t for t in (_text(h) for h in root.iter("h2")) if t][:20]
    md.ld_name, md.ld_headline = (_unescaped(clean_line(v)) if v else None for v in readability_ld(root))
    md.article_typed = (metas.get("og:type") or "").strip().lower() == "article" or any(
        t.endswith("article") or t == "blogposting" for o in ld for t in _types(o))

    # site
    site = metas.get("og:site_name") or metas.get("application-name")
    if not site and ld_any and isinstance(ld_any.get("publisher"), dict):
        site = ld_any["publisher"].get("name")
    if not site:
        site = next((o.get("name") for o in ld if _types(o) & {"website", "organization",
                                                                "newsmediaorganization"}
                     and isinstance(o.get("name"), str)), None)
    md.site = clean_line(site) or None if isinstance(site, str) else None

    # canonical: the <link rel=canonical>, else og:url, whichever is a web address with a host
    stated = [link.get("href").strip() for link in root.iter("link")
              if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")][:1]
    stated += [metas["og:url"]] if metas.get("og:url") else []
    md.canonical = next((c for c in (_web_address(s, url) for s in stated) if c), None)
    base = url or md.canonical

    # lang
    html_el = root if root.tag == "html" else root.getroottree().getroot()
    lang = html_el.get("lang") or html_el.get("{http://www.w3.org/XML/1998/namespace}lang") \
        or metas.get("content-language") or metas.get("og:locale") or metas.get("language")
    if lang:
        lang = clean_line(lang).replace("_", "-").split(",")[0].strip()
        md.lang = lang if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang) else None

    # title
    candidates: list[tuple[str, str]] = []
    if ld_article and isinstance(ld_article.get("headline"), str):
        candidates.append(("json-ld", ld_article["headline"]))
    for key in ("og:title", "twitter:title", "dc.title", "dcterms.title", "dc:title", "dcterm:title",
                "dcterms:title", "title", "parsely-title", "sailthru.title"):
        if metas.get(key):  # <meta name="title"> is not the <title> element: named apart
            candidates.append(("meta:title" if key == "title" else key, metas[key]))
    title_el = root.find(".//title")
    page_title = _text(title_el) if title_el is not None else ""
    if page_title:
        candidates.append(("title", page_title))
    for h in md.h1[:1]:
        candidates.append(("h1", h))
    # the JSON-LD article's name: often the headline where "headline" holds a summary
    # (Wikipedia: "headline" is the description); last, so the rule's fallback order stands
    ld_named = ld_article or ld_any
    if ld_named and isinstance(ld_named.get("name"), str) and ld_named["name"].strip():
        candidates.append(("json-ld-name", ld_named["name"]))
    candidates = [(src, _unescaped(text)) for src, text in candidates]
    md.title_candidates = candidates
    md.title, md.title_source = choose_title(candidates, md.site, base, md.h1)

    # byline
    byline = None
    if ld_any:
        names = [name for name in (clean_byline(n) for n in _names(ld_any.get("author"))) if name]
        if names:
            byline = ", ".join(dict.fromkeys(names))
    for key in ("author", "article:author", "dc.creator", "dcterms.creator", "dc:creator", "parsely-author",
                "sailthru.author", "byl", "twitter:creator"):
        if byline:
            break
        value = metas.get(key)
        if value and not value.startswith(("http", "@")):
            byline = clean_byline(value)
    md.byline = byline or (_byline_from_markup(root) if scan_body else None)

    # date, by source (see DATE_SOURCES)
    md.dates = _markup_dates(root, metas, [o for o in ld if _types(o) & ARTICLE_TYPES], base, scan_body)
    md.published = date_from(md.dates, tuple(s for s in DATE_ORDER if s in MARKUP_SOURCES))

    md.description = clean_line(metas.get("og:description") or metas.get("description")) or None
    if ld_article and isinstance(ld_article.get("articleBody"), str):
        md.article_body = ld_article["articleBody"]
    return md
