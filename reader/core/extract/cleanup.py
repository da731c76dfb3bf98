"""Page furniture removal, before and after readability.

Before: navigation, share bars, newsletter boxes, related-link lists and the like are dropped
by tag, ARIA role and class/id words, so readability neither picks them as the article nor
keeps them inside it. A guard keeps any element that holds much of the page's paragraph text
(some sites put the whole page in a `<form>` or a `class="sidebar-layout"`).

After: blocks that are only furniture text ("Advertisement", "Share this article") or mostly
links are dropped from the extracted blocks.
"""

from __future__ import annotations

import re
from typing import Any

from .blocks import RawBlock
from .furniture import FURNITURE_ROLES, FURNITURE_TAGS
from .markers import END_MARKER, FURNITURE_BLOCK

# A page's <header> often holds the headline readability needs: it is not dropped by tag.
_DROP_TAGS = FURNITURE_TAGS - {"header"}
# consent and cookie prompts too (the block features were trained without that role)
_DROP_ROLES = FURNITURE_ROLES | {"alertdialog"}
_NEGATIVE_WORDS = frozenset("""
share sharing sharebar sharethis social socials newsletter newsletters subscribe subscription
signup related recommended recommendations recirculation promo promos promotion advert adverts
advertisement advertisements ad ads adslot adunit dfp sponsor sponsored cookie cookies consent
gdpr paywall popup modal breadcrumb breadcrumbs outbrain taboola trending popular mostpopular
morestories readmore alsoread tags taglist tagcloud sidebar widget widgets skiplink toolbar
follow comments comment disqus respond pagination pager nav navbar navigation menu masthead
""".split())
_STRUCTURAL = frozenset("article story post entry content body main text".split())
_SPLIT = re.compile(r"[-_]+")


def _negative(attr: str) -> bool:
    """True if a class/id token names furniture: 'share-bar', 'related_posts', 'ad'.

    Long tokens ('sharing-with-a-single-developer', a heading's id) and tokens that also
    name the content ('post-content', 'article-body') are left alone.
    """
    for token in attr.lower().split():
        parts = [p for p in _SPLIT.split(token) if p]
        if not parts or len(parts) > 3:
            continue
        if any(p in _NEGATIVE_WORDS for p in parts) and not any(p in _STRUCTURAL for p in parts[1:]):
            return True
    return False


def _attrs(el: Any) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _protected(el: Any, total_text: int, share: float = 0.3) -> bool:
    """An element too important to drop: it holds much of the page's text or its title."""
    if el.find(".//h1") is not None and el.tag not in ("nav", "footer"):
        return True
    if total_text <= 0:
        return False
    inner = sum(len(p.text_content()) for p in el.iter("p", "li", "pre", "blockquote", "td"))
    return inner > share * total_text


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


_DISCLOSURE = re.compile(r"accordion|collaps|tab|panel|faq|answer|toggle|expand|more|spoiler|details",
                         re.I)


def _disclosure(el: Any) -> bool:
    """A closed accordion, tab or FAQ answer: hidden until clicked, but part of the content."""
    if (el.get("role") or "").lower() in ("region", "tabpanel") or el.get("aria-labelledby"):
        return True
    if (el.get("hidden") or "").lower() == "until-found":
        return True
    return bool(_DISCLOSURE.search(_attrs(el)))


def is_hidden(el: Any) -> bool:
    """An element the browser never shows (and no closed accordion or tab that a click opens)."""
    return (el.get("hidden") is not None or (el.get("aria-hidden") or "").strip().lower() == "true"
            or bool(_HIDDEN_STYLE.search(el.get("style") or ""))) and not _disclosure(el)


def drop_hidden(root: Any) -> int:
    """Drop elements the browser never shows (hidden attribute, display:none, aria-hidden).

    readability's own pick rarely holds them, but a whole container taken as the article does.
    """
    doomed = [el for el in root.iter() if isinstance(el.tag, str) and is_hidden(el)]
    count = 0
    for el in doomed:
        if el is not root and el.getparent() is not None:
            el.drop_tree()
            count += 1
    return count


def preclean(tree: Any, share: float = 0.3) -> int:
    """Drop furniture from a parsed page (or an extracted article) in place; returns the count."""
    body = tree.find(".//body")
    if body is None:
        body = tree
    total_text = sum(len(p.text_content()) for p in body.iter("p", "li", "pre", "blockquote", "td"))
    doomed = []
    for el in body.iter():
        tag = el.tag
        if not isinstance(tag, str) or el is body:
            continue
        reason = False
        if tag in _DROP_TAGS:
            # an article's own footer often holds its last lines or notes; the page's never does
            reason = tag != "footer" or next(el.iterancestors("article", "main"), None) is None
        else:
            role = (el.get("role") or "").lower()
            if role in _DROP_ROLES:
                reason = True
            elif tag not in ("html", "body", "article", "main"):
                reason = _negative(_attrs(el))
        if reason:
            doomed.append(el)
    removed = 0
    gone: set[Any] = set()
    for el in doomed:
        if any(anc in gone for anc in el.iterancestors()):
            continue
        if _protected(el, total_text, share):
            continue
        parent = el.getparent()
        if parent is None:
            continue
        el.drop_tree()
        gone.add(el)
        removed += 1
    return removed




def is_furniture(block: RawBlock) -> bool:
    """A block that is page furniture rather than article text."""
    text = " ".join(block.text.split())
    if not text:
        return True
    if len(text) < 300 and FURNITURE_BLOCK.match(text.strip(" .!|•·")):
        return True
    return False


def cut_at_end_marker(raw: list[RawBlock], share: float = 0.6) -> list[RawBlock]:
    """Stop at a short "Related stories" / "Comments" block once most of the text is in."""
    total = sum(len(b.text) for b in raw)
    seen = 0
    for i, b in enumerate(raw):
        text = " ".join(b.text.split())
        if i and seen >= share * total and len(text) < 60 and END_MARKER.match(text):
            return raw[:i]
        seen += len(b.text)
    return raw


def postclean(raw: list[RawBlock], cut: bool = True) -> list[RawBlock]:
    """Drop furniture blocks from the extracted article, and what follows its end marker."""
    raw = dedupe([b for b in raw if not is_furniture(b)])
    return cut_at_end_marker(raw) if cut else raw


def dedupe(raw: list[RawBlock]) -> list[RawBlock]:
    """Drop a block repeating the one just before it, or any earlier caption.

    Galleries and responsive images repeat a caption back to back; an article repeating a
    paragraph further down (a pull quote, a refrain) keeps it.
    """
    out: list[RawBlock] = []
    keys: list[str] = []
    captions: set[str] = set()
    for b in raw:
        key = " ".join(b.text.split()).casefold()
        if 20 <= len(key) <= 300 and b.kind != "code" and (key in keys[-1:] or key in captions):
            continue
        out.append(b)
        keys.append(key)
        if b.kind == "caption":
            captions.add(key)
    return out
