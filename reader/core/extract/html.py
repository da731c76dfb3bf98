"""HTML pages: readability-lxml finds the article; we add structure, metadata and confidence."""

from __future__ import annotations

import copy
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree
import readability.readability as _rd
from readability import Document

from reader.core.errors import ExtractError
from reader.core.limits import Limits
from reader.core.models import Article
from reader.core.safety import clean_line

from .blocks import RawBlock, assemble, html_blocks
from .cleanup import drop_hidden, postclean, preclean
from .metadata import DATE_ORDER, Metadata, choose_date, extract_metadata, parse_date
from .options import DEFAULT_OPTIONS, ExtractOptions

# Each extra signal can be switched off to measure what it adds (ExtractOptions, bench/extract.py).
# Dropping furniture from the whole page *before* readability was measured too and cost recall
# (mozilla 0.963 -> 0.950: article wrappers with "share"/"comments" words, list-heavy posts), so
# furniture is trimmed inside readability's pick instead, and the page-wide clean-up only feeds
# the retries below.
# _widen: the page's <main> replaces readability's pick when it holds this much more text (an
# article's <main> only when the pick is a scrap), and the furniture-free body of a page that is
# no article and declares no <main> past BODY_GAIN. Measured on wcxb/mozilla/aeb: main alone
# 0.766 -> 0.794 / 0.963 -> 0.969 / 0.965; with body 0.806 / 0.968 / 0.965 (body at 2.0: mozilla 0.949)
MAIN_GAIN = 1.5
MAIN_GAIN_ARTICLE = 5.0
BODY_GAIN = 3.0
RETRY_SHARE = 0.25  # readability's pick holding less of the page's text than this is suspect

logging.getLogger("readability").setLevel(logging.CRITICAL)
logging.getLogger("readability.readability").setLevel(logging.CRITICAL)

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# A browser's parser ignores </body> and </html> (what follows still goes in the body); libxml2
# stops honouring later markup after them, and a template that closes the page after its header
# loses the article that follows. Dropped, they are closed at the end, as a browser would.
_END_TAGS = re.compile(r"</(?:body|html)\s*>", re.I)
_BAD_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_WRAPPERS = re.compile(r"</?(?:div|span|section|font|center|article|main|aside|header|footer|"
                       r"b|i|em|strong|small|big|u|s|sup|sub|blockquote|ul|ol|li|dl|dd|dt)\b[^>]*>", re.I)
_PARSER = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
# lxml.html picks every element's Python class in Python (HtmlElementClassLookup.lookup, a call
# each time any member touches an element: ~140,000 on a big page); the same classes chosen in C
# (only the form-field subclasses, which nothing here uses, become plain HtmlElement)
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity))


def flatten_deep(tree: Any, max_depth: int) -> None:
    """Elements nested deeper than `max_depth` become plain text of their ancestor at that depth.

    Keeps every later step (readability, our walker, deepcopy) away from pathological nesting
    while losing no words. XPath does the depth test in C, so normal pages pay almost nothing.
    """
    if max_depth < 2:
        max_depth = 2
    path = "/*" * max_depth
    try:
        if not tree.xpath(f"boolean({path}/*)"):
            return
        for el in tree.xpath(path):
            if len(el):
                text = el.text_content()
                for child in list(el):
                    el.remove(child)
                el.text = text
    except etree.XPathError:
        return


def _unwrap_noscript(tree: Any) -> None:
    """Script-driven pages (forums, SPAs) put their crawler-readable text in <noscript>."""
    big = [el for el in tree.iter("noscript") if len(el.text_content()) > 300]
    if not big:
        return
    body = tree.find(".//body")
    total = len(body.text_content()) if body is not None else 0
    # only when the page's readable text lives there; elsewhere <noscript> holds nags and pixels
    if sum(len(el.text_content()) for el in big) > 0.5 * total:
        for el in big:
            if el.getparent() is not None:
                el.drop_tag()


def parse(html: str, max_depth: int = 512) -> Any:
    """An lxml.html document for any string, however broken (ExtractError if nothing parses)."""
    html = _XML_DECL.sub("", html, count=1)
    html = _END_TAGS.sub("", _BAD_XML_CHARS.sub("", html))
    if not html.strip():
        raise ExtractError("The page is empty.")
    try:
        tree = lxml.html.document_fromstring(html, parser=_PARSER)
        if tree.xpath("boolean(" + "/*" * 1500 + ")"):
            # libxml2 silently drops what lies deeper than ~2000 levels: unwrap and re-parse
            tree = lxml.html.document_fromstring(_WRAPPERS.sub(" ", html), parser=_PARSER)
        flatten_deep(tree, max_depth)
        _unwrap_noscript(tree)
        return tree
    except (etree.ParserError, ValueError) as exc:
        try:
            return lxml.html.document_fromstring(f"<html><body><pre>{_escape(html)}</pre></body></html>")
        except (etree.ParserError, ValueError):
            raise ExtractError("The page could not be read as HTML.") from exc


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# readability's parse of a tree (with the url it resolved links against), for later passes
ParsedPages = dict[tuple[Any, "str | None"], Any]


class _InPlaceCleaner:
    """readability's `html_cleaner` without the deep copy its `clean_html` makes first: the tree
    readability cleans is already the copy `_TreeDocument` made for that pass, so the second
    copy of the whole page was only cost (the cleaning itself is the same call)."""

    def __init__(self, cleaner: Any) -> None:
        self.cleaner = cleaner

    def clean_html(self, doc: Any) -> Any:
        self.cleaner(doc)
        return doc


_IN_PLACE_CLEANER = _InPlaceCleaner(_rd.html_cleaner)


class _TreeDocument(Document):  # readability-lxml ships no types
    """readability's Document fed with an already parsed tree, re-copied for each pass.

    readability re-parses its input on every pass; with a tree it would reuse the tree it already
    mutated, so each pass gets a fresh deep copy instead (cheaper than parsing twice).
    `ruthless=False` skips readability's class-name purge ("unlikely candidates"), whose
    false positives (a wrapper called "comment-area" or "sidebar-layout") can empty a page; such
    a document also skips readability's own second pass for a short result, which would repeat
    the first exactly (the second pass only drops the purge). `passes` counts the passes: a
    ruthless document's second pass is the lenient one, the same as a `ruthless=False` run.
    `parsed` (`ParsedPages`) keeps what a pass's parse made of the tree (readability's own
    clean-up: hidden elements, scripts, styles, javascript links), for the next pass on the
    same tree: a copy of it instead of the whole clean-up again.
    """

    def __init__(self, tree: Any, ruthless: bool = True, parsed: ParsedPages | None = None,
                 **kwargs: Any) -> None:
        if not ruthless:
            kwargs["retry_length"] = 0
        super().__init__("", **kwargs)
        self._tree = tree
        self._ruthless = ruthless
        self._parsed = parsed
        self.passes = 0

    def _parse(self, input: Any) -> Any:  # noqa: A002 - readability's signature
        self.passes += 1
        key = (self._tree, self.url)
        if self._parsed is not None and key in self._parsed:
            self.encoding = "utf-8"  # (what readability's own parse of a tree sets)
            return copy.deepcopy(self._parsed[key])
        saved = _rd.html_cleaner
        _rd.html_cleaner = _IN_PLACE_CLEANER  # it cleans the copy made here
        try:
            doc = super()._parse(copy.deepcopy(self._tree))
        finally:
            _rd.html_cleaner = saved
        if self._parsed is not None:
            self._parsed[key] = copy.deepcopy(doc)  # the pass goes on to change `doc`
        return doc

    def remove_unlikely_candidates(self) -> None:
        if self._ruthless:
            super().remove_unlikely_candidates()


def _fast_clean(text: str) -> str:
    """readability's `clean` (three regex passes, measured only for lengths and comma counts)
    as one C-level split/join: the same length for all but exotic whitespace, several times
    faster on big pages, where readability re-measures every container's whole text."""
    return " ".join(text.split())


# readability's module globals (`clean`, `html_cleaner`) are swapped for the length of a run
# (`_fast_readability`, `_TreeDocument._parse`): one run at a time, so two extractions in
# worker threads never interleave the swaps and leave another run's stand-in installed
_READABILITY_SWAPS = threading.Lock()


@contextmanager
def _fast_readability() -> Iterator[None]:
    original = _rd.clean
    _rd.clean = _fast_clean
    try:
        yield
    finally:
        _rd.clean = original


def readability_run(tree: Any, url: str | None, ruthless: bool = True,
                    fast_clean: bool = True, parsed: ParsedPages | None = None) -> tuple[Any, bool]:
    """readability-lxml's article element for a parsed tree (None if it found nothing), and
    whether it is the lenient pass's (readability fell back to no class-name purge itself), which
    a `ruthless=False` run on the same tree would repeat exactly. `parsed`: readability's parse
    of trees it read before, kept for passes to come (see `_TreeDocument`)."""
    doc = _TreeDocument(tree, ruthless=ruthless, parsed=parsed, url=url)
    try:
        with _READABILITY_SWAPS:
            if fast_clean:
                with _fast_readability():
                    summary = doc.summary(html_partial=True)
            else:
                summary = doc.summary(html_partial=True)
    except Exception:  # readability raises its own Unparseable and sometimes worse
        return None, False
    lenient = not ruthless or doc.passes > 1
    if not summary or not summary.strip():
        return None, lenient
    try:
        return lxml.html.fragment_fromstring(summary, create_parent="div"), lenient
    except (etree.ParserError, ValueError, AssertionError):  # lxml asserts on "no <body>"
        return None, lenient


def readability_root(tree: Any, url: str | None, ruthless: bool = True, fast_clean: bool = True) -> Any:
    """readability-lxml's article element for a parsed tree, or None if it found nothing."""
    return readability_run(tree, url, ruthless, fast_clean)[0]


_TEXTY = ("p", "li", "pre", "blockquote", "td", "dd", "h2", "h3", "h4")


def page_text_chars(tree: Any) -> int:
    """Characters of paragraph-like text on the whole page (what an article could hold)."""
    body = tree.find(".//body")
    if body is None:
        body = tree
    total = 0
    for el in body.iter(*_TEXTY):
        if el.text:
            total += len(el.text.strip())
        for child in el:
            if child.tail:
                total += len(child.tail.strip())
            if isinstance(child.tag, str) and child.tag not in _TEXTY and child.text:
                total += len(child.text.strip())
    return total


def densest_container(tree: Any) -> Any:
    """The element holding the most paragraph text, ignoring class names entirely.

    An independent second opinion for when readability's pick is a scrap: each paragraph's
    non-link text counts for its parent fully and its grandparent by half (readability's idea
    without its class-name weights), and the best container wins.
    """
    scores: dict[Any, float] = {}
    for p in tree.iter("p", "pre", "blockquote"):
        text = p.text_content()
        n = len(text.strip())
        if n < 40:
            continue
        links = sum(len(a.text_content()) for a in p.iter("a"))
        value = n - links
        if value <= 0:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + value
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + value / 2
    if not scores:
        return None
    return max(scores.items(), key=lambda kv: kv[1])[0]


def _text_chars(raw: list[RawBlock]) -> int:
    return sum(len(b.text.strip()) for b in raw)


def strip_title_block(raw: list[RawBlock], title: str) -> list[RawBlock]:
    """Drop a leading heading that only repeats the title (the header already shows it)."""
    if raw and title and raw[0].kind == "heading" and clean_line(raw[0].text).casefold() == title.casefold():
        return raw[1:]
    return raw


def _base_href(tree: Any, url: str | None) -> str | None:
    """The URL relative links resolve against: <base href> (itself relative to the page) or the page."""
    found = tree.xpath("//base[@href]")  # in C: ElementPath would visit every element in Python
    base = found[0] if found else None
    if base is not None:
        try:
            return urljoin(url or "", base.get("href").strip()) or url
        except ValueError:
            return url
    return url


def strip_byline_blocks(raw: list[RawBlock], meta: Metadata) -> list[RawBlock]:
    """Drop short leading blocks that only carry the byline or the date (shown in the header)."""
    out = []
    for i, b in enumerate(raw):
        text = " ".join(b.text.split())
        if i < 4 and len(text) < 100 and b.kind != "heading" and (
                (meta.byline and meta.byline.casefold() in text.casefold())
                or (meta.published and parse_date(text) == meta.published and len(text.split()) <= 8)):
            continue
        out.append(b)
    return out


def main_container(tree: Any) -> Any:
    """The page's declared main content (<main> or role=main), the biggest if several."""
    found = tree.xpath("//main | //*[@role='main']")
    if not found:
        return None
    return max(found, key=lambda el: len(el.text_content()))


def _squashed(text: str) -> str:
    return "".join(text.split()).casefold()


def _contains(outer: list[RawBlock], inner: list[RawBlock]) -> bool:
    """Most of `inner`'s longest blocks appear in `outer` (the pick lies inside the container)."""
    have = _squashed(" ".join(b.text for b in outer))
    probes = sorted((b.text for b in inner), key=len, reverse=True)[:3]
    probes = [_squashed(t)[:120] for t in probes if len(t.strip()) >= 20]
    return bool(probes) and sum(1 for t in probes if t in have) * 2 > len(probes)


def _looks_like_article(raw: list[RawBlock], meta: Metadata) -> bool:
    """Typed as an article, or signed, dated and several paragraphs long (older news pages)."""
    if meta.article_typed:
        return True
    long_paragraphs = sum(1 for b in raw if b.kind == "paragraph" and len(b.text.split()) >= 15)
    return bool(meta.published and meta.byline) and long_paragraphs >= 5


def _whole_container(el: Any, base: str | None, limits: Limits, meta: Metadata,
                     options: ExtractOptions) -> list[RawBlock]:
    """Blocks of a whole container, less hidden elements and furniture."""
    box = copy.deepcopy(el)
    drop_hidden(box)
    preclean(box, 0.3)
    whole = postclean(html_blocks(box, base, limits.max_nesting_depth), options.end_marker)
    return strip_byline_blocks(strip_title_block(whole, meta.title), meta)


def _widen(tree: Any, raw: list[RawBlock], got: int, meta: Metadata, base: str | None, limits: Limits,
           path: str, options: ExtractOptions) -> tuple[list[RawBlock], int, str]:
    """readability keeps one block; multi-section pages (docs, forums, products, services,
    listings) need the whole content container: the page's declared <main>, or, for a page
    that is no article and declares none, the page less its furniture.

    Taken only when it holds much more text and contains readability's pick. A page that is an
    article keeps the pick unless that is a scrap: its <main> also holds comments, related
    stories and author boxes (a 1.5 gain for all pages cost mozilla -1.3 and aeb -1.2 page-F1
    points in total; the article gate kept wcxb's gain and lost nothing there).
    """
    main = main_container(tree)
    if main is not None:
        if not options.main:
            return raw, got, path
        box, gain = main, (MAIN_GAIN_ARTICLE if meta.article_typed else MAIN_GAIN)
    else:
        if not options.body or _looks_like_article(raw, meta):
            return raw, got, path
        box = tree.find(".//body")
        box, gain = (tree if box is None else box), BODY_GAIN
    if len(box.text_content()) <= gain * got:  # cheap bound before copying anything
        return raw, got, path
    whole = _whole_container(box, base, limits, meta, options)
    chars = _text_chars(whole)
    if chars > gain * got and (_contains(whole, raw) if raw else chars >= 500):
        return whole, chars, "container"
    return raw, got, path


def _confidence(raw: list[RawBlock], chars: int, available: int, path: str) -> float:
    """How likely the text is the page's article: enough prose, a fair share of the page's text,
    and found by readability itself rather than by a fallback."""
    if not raw or chars == 0:
        return 0.0
    paragraphs = sum(1 for b in raw if b.kind == "paragraph" and len(b.text.split()) >= 15)
    amount = min(1.0, chars / 1500)
    share = min(1.0, chars / max(1, available) / 0.5)
    structure = min(1.0, paragraphs / 4)
    base = {"readability": 1.0, "container": 0.9, "retry": 0.8, "body": 0.4}[path]
    return round(base * (0.15 + 0.4 * amount + 0.25 * share + 0.2 * structure), 3)


@dataclass(slots=True)
class RulePick:
    """What the rule-based extractor chose, and readability's own first pick (a vote)."""

    raw: list[RawBlock]
    confidence: float
    readability: list[RawBlock]
    path: str = "readability"  # how the rules got there: readability, container, retry, body


def page_metadata(tree: Any, url: str | None, date_order: tuple[str, ...] = DATE_ORDER,
                  scan_body: bool = True, extensive: bool = True) -> Metadata:
    """The page's metadata; the date as `choose_date` reads it along `date_order`, htmldate's
    extensive search asked only where `extensive` affords it."""
    try:
        meta = extract_metadata(tree, url, scan_body=scan_body)
    except Exception:  # metadata is a bonus: a broken tag must not cost the article
        meta = Metadata()
    meta.published = choose_date(tree, url or meta.canonical, meta.published, date_order, meta.dates,
                                 extensive)
    return meta


def rule_pick(tree: Any, meta: Metadata, base: str | None, limits: Limits,
              options: ExtractOptions = DEFAULT_OPTIONS) -> RulePick:
    """readability's pick, trimmed of furniture; widened to the whole content container on
    multi-section pages; retried without its class-name purge, then by text density, when the
    pick holds under a quarter of the page's text; the page body last."""
    available = page_text_chars(tree)

    lenient_pick: list[RawBlock] | None = None  # readability's lenient pass on `tree`, when it ran one itself
    parsed: ParsedPages = {}  # readability's parse of `tree`: a page read twice (a retry) is parsed once

    def run(source: Any, ruthless: bool) -> list[RawBlock]:
        nonlocal lenient_pick
        if source is tree and not ruthless and lenient_pick is not None:
            return lenient_pick  # the same pass on the same tree is not run twice
        # links are resolved by our walker, so readability need not rewrite every URL
        root, lenient = readability_run(source, None, ruthless, options.fast_clean,
                                        parsed if source is tree else None)
        raw = [] if root is None else blocks_of(root)
        if lenient and source is tree:
            lenient_pick = raw
        return raw

    def blocks_of(root: Any) -> list[RawBlock]:
        if options.trim:
            preclean(root, 0.3)
        raw = html_blocks(root, base, limits.max_nesting_depth)
        if options.postclean:
            raw = postclean(raw, options.end_marker)
        if options.title_block:
            raw = strip_title_block(raw, meta.title)
        if options.byline_block:
            raw = strip_byline_blocks(raw, meta)
        return raw

    raw = run(tree, True)
    first = raw
    got = _text_chars(raw)
    path = "readability"
    if options.main or options.body:
        raw, got, path = _widen(tree, raw, got, meta, base, limits, path, options)
    if options.retry and available > 1500 and got < RETRY_SHARE * available:
        # readability's known failure: a wrapper with an unlucky class name was purged, and a
        # scrap (a cookie notice, a title) won. Retry on a page without furniture, without purge.
        cleaned: Any = None  # the page without furniture: readability copies what it reads, so the
        for attempt in ("raw", "cleaned"):  # density pick below reads the same copy
            source = tree
            if attempt == "cleaned":
                source = cleaned = copy.deepcopy(tree)
                preclean(source)
            retry = run(source, False)
            if _text_chars(retry) > max(2 * got, 500):
                raw, got, path = retry, _text_chars(retry), "retry"
            if got >= RETRY_SHARE * available:
                break
        if got < RETRY_SHARE * available and got < 1000:  # a real article of its own is kept
            if cleaned is None:
                cleaned = copy.deepcopy(tree)
                preclean(cleaned)
            box = densest_container(cleaned)
            if box is not None:
                dense = postclean(html_blocks(box, base, limits.max_nesting_depth))
                dense = strip_title_block(dense, meta.title)
                if _text_chars(dense) > max(2 * got, 500):
                    raw, got, path = dense, _text_chars(dense), "retry"
    if not raw:
        body = tree.find(".//body")
        raw = postclean(html_blocks(body if body is not None else tree, base, limits.max_nesting_depth))
        got, path = _text_chars(raw), "body"
    return RulePick(raw, _confidence(raw, got, available, path), first, path)


def base_href(tree: Any, url: str | None, meta: Metadata) -> str | None:
    return _base_href(tree, url or meta.canonical)


def article_of(raw: list[RawBlock], meta: Metadata, *, url: str | None, limits: Limits,
               location: str, confidence: float) -> Article:
    """The Article for chosen blocks, with the page's metadata."""
    built = assemble(raw, limits.max_text_chars)
    return Article(
        text=built.text,
        title=clean_line(meta.title),
        byline=meta.byline,
        published=meta.published,
        site=meta.site,
        lang=meta.lang,
        url=url or meta.canonical,
        canonical_url=meta.canonical,
        location=location,
        blocks=built.blocks,
        links=built.links,
        confidence=confidence,
        truncated=built.truncated,
    )


def extract_html(html: str, *, url: str | None, limits: Limits, location: str = "",
                 options: ExtractOptions = DEFAULT_OPTIONS) -> Article:
    """The rule-based extractor alone (see `rule_pick`)."""
    tree = parse(html, limits.max_nesting_depth)
    meta = page_metadata(tree, url)
    pick = rule_pick(tree, meta, base_href(tree, url, meta), limits, options)
    return article_of(pick.raw, meta, url=url, limits=limits, location=location, confidence=pick.confidence)
