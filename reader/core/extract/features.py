"""What the block classifier knows about each block of a page: a row of numbers per block.

Every block of the page body (from the same walker that builds articles) gets features of four
kinds: its own text (length, link density, punctuation, furniture words), its place in the
markup (ancestor tags, class/id words, roles, hidden, depth), its neighbours and container
(the text density around it), and the *votes* of whole-page extractors (how much of it
readability-lxml's pick, our rule-based pick, trafilatura, the page's <main> and its JSON-LD
articleBody contain). Page-level features (declared type, share of text in links and lists,
how much the extractors kept) let one model behave differently on articles, forums, product
pages and listings. All in one linear pass; the names are the model file's column names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from .blocks import RawBlock
from .cleanup import is_furniture
from .furniture import FURNITURE_ROLES
from .markers import END_MARKER

TOKEN = re.compile(r"\w+")
KINDS = ("heading", "paragraph", "list-item", "quote", "code", "caption", "table")
VOTES = ("rules", "readability", "trafilatura", "main", "json_ld")
RULE_PATHS = ("readability", "container", "retry", "body")
_ANCESTOR_TAGS = ("article", "main", "nav", "aside", "footer", "header", "form", "li", "table",
                  "section", "figure", "a")
_NEGATIVE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|footer|header|sidebar|widget|share|social|"
                       r"related|recommend\w*|promo|advert\w*|ads?|banner|cookie|newsletter|subscribe|"
                       r"breadcrumbs?|pagination|tags?|popular|trending|masthead|toolbar|modal|popup)"
                       r"(?:$|[\s_-])", re.I)
_POSITIVE = re.compile(r"(?:^|[\s_-])(?:article|story|post|entry|content|body|main|text|prose|"
                       r"blog|markdown|rich-?text)(?:$|[\s_-])", re.I)
_COMMENT = re.compile(r"comment|disqus|reply|respond|discussion", re.I)
_PRODUCT = re.compile(r"product|price|cart|buy|offer|sku|review", re.I)
# a cheap first look: the four word lists above share these stems
_ANY_WORD = re.compile(r"nav|menu|foot|head|side|widget|shar|social|relat|recommend|promo|advert|ads?\b|"
                       r"ad[-_]|banner|cookie|newsletter|subscri|bread|pagina|tag|popular|trend|mast|"
                       r"toolbar|modal|popup|article|story|post|entry|content|body|main|text|prose|blog|"
                       r"markdown|rich|comment|disqus|repl|respond|discussion|product|price|cart|buy|"
                       r"offer|sku|review", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)")
ANCESTOR_WALK = 12  # ancestors looked at for tags and class words (a block's near context)


def _names() -> tuple[str, ...]:
    own = ["log_chars", "log_words", "link_density", "log_links", "sentence_rate", "comma_rate",
           "ends_sentence", "starts_upper", "digit_share", "upper_share", "furniture",
           "end_marker", "word_len", "level"]
    own += [f"kind_{k}" for k in KINDS]
    dom = ["log_depth", *[f"in_{t}" for t in _ANCESTOR_TAGS], "neg_words", "pos_words",
           "comment_words", "product_words", "hidden", "furniture_role", "owner_heading",
           "owner_p", "owner_div", "owner_li"]
    place = ["rel_index", "rel_chars", "after_h1", "h1_distance"]
    context = ["prev_link_density", "next_link_density", "prev_log_chars", "next_log_chars",
               "window_link_density", "window_sentence_rate", "window_votes_rules",
               "parent_share", "grand_share", "grand_link_density", "same_owner_run"]
    votes = [f"vote_{v}" for v in VOTES]
    page = ["page_article_typed", "page_product", "page_forum", "page_has_main", "page_log_blocks",
            "page_log_chars", "page_link_density", "page_list_share", "page_articles",
            *[f"page_share_{v}" for v in VOTES], "page_rules_confidence",
            *[f"page_rules_{path}" for path in RULE_PATHS]]
    return tuple(own + dom + place + context + votes + page)


NAMES = _names()
INDEX = {name: i for i, name in enumerate(NAMES)}


@dataclass(slots=True)
class PageSignals:
    """Page-level facts that come from the metadata rather than from the blocks."""

    article_typed: bool = False
    product: bool = False
    forum: bool = False
    has_main: bool = False
    articles: int = 0
    rules_path: str = ""          # how the rule-based pick was found ("" when it did not run)
    rules_confidence: float = 0.0


class NgramVote:
    """Which parts of a block's text appear in another extractor's text.

    The same unit as the benchmark metric: 4-token shingles. A block of 1-3 tokens counts only
    when the other text has it as a whole line ("Tools" in a menu is not the heading "Tools that
    get out of the way"). Sets of hashes keep memory linear in the text.
    """

    def __init__(self, text: str | None) -> None:
        tokens = TOKEN.findall(text or "")
        self.empty = not tokens
        self.shingles = set(map(hash, zip(tokens, tokens[1:], tokens[2:], tokens[3:])))
        self.lines = {hash(tuple(found)) for line in (text or "").split("\n")
                      if 0 < len(found := TOKEN.findall(line)) < 4}
        self.tokens = len(tokens)

    def share(self, tokens: Sequence[str]) -> float:
        return self.share_of(shingle_keys(tokens))

    def share_of(self, keys: list[int] | int | None) -> float:
        """`share` of a block's `shingle_keys` (worked out once for all the votes)."""
        if self.empty or keys is None:
            return 0.0
        if isinstance(keys, int):
            return float(keys in self.lines)
        return sum(map(self.shingles.__contains__, keys)) / len(keys)


def shingle_keys(tokens: Sequence[str]) -> list[int] | int | None:
    """What `NgramVote.share` looks up for a block's tokens: the hash of each 4-token shingle,
    or of the whole line under 4 tokens (None: no tokens). A block is heard by five votes, so
    its shingles are hashed once, not once per vote."""
    if not tokens:
        return None
    if len(tokens) < 4:
        return hash(tuple(tokens))
    return [hash(g) for g in zip(tokens, tokens[1:], tokens[2:], tokens[3:])]


@dataclass(slots=True)
class _ElementFacts:
    depth: int
    flags: list[float]
    neg: float
    pos: float
    comment: float
    product: float
    hidden: float
    role: float
    ancestors: list[Any] = field(default_factory=list)


def _attrs(el: Any) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


@lru_cache(maxsize=4096)
def _words(attrs: str) -> tuple[float, float, float, float]:
    """The class/id word flags (negative, positive, comment, product) of an attribute string:
    remembered, since a page repeats a few class strings over thousands of elements and the
    four searches cost more than the rest of an element's facts."""
    if len(attrs) <= 1 or not _ANY_WORD.search(attrs):
        return 0.0, 0.0, 0.0, 0.0
    return (float(bool(_NEGATIVE.search(attrs))), float(bool(_POSITIVE.search(attrs))),
            float(bool(_COMMENT.search(attrs))), float(bool(_PRODUCT.search(attrs))))


_NodeFacts = tuple[int, float, float, float, float, float, float]  # tag, neg, pos, comment, product, hidden, role


def _node(node: Any, cache: dict[Any, _NodeFacts]) -> _NodeFacts:
    """What one element says about itself (cached: blocks share their ancestors)."""
    got = cache.get(node)
    if got is not None:
        return got
    tag = node.tag if isinstance(node.tag, str) else ""
    neg, pos, comment, product = _words(_attrs(node))
    hidden = float(node.get("hidden") is not None or (node.get("aria-hidden") or "").lower() == "true"
                   or bool(_HIDDEN.search(node.get("style") or "")))
    role = float((node.get("role") or "").lower() in FURNITURE_ROLES)
    got = (_ANCESTOR_TAGS.index(tag) if tag in _ANCESTOR_TAGS else -1, neg, pos, comment, product, hidden, role)
    cache[node] = got
    return got


_Chain = tuple[tuple[Any, ...], int]  # an element and its first ancestors (ANCESTOR_WALK in all), its depth


def _chain(el: Any, chains: dict[Any, _Chain]) -> _Chain:
    """An element's near ancestors and its depth, from its parent's (cached: a page's blocks
    share their ancestors, so the page is walked up once, not once per block)."""
    path = []
    node = el
    while node is not None and node not in chains:
        path.append(node)
        node = node.getparent()
    above = chains[node] if node is not None else None
    for node in reversed(path):
        above = ((node,), 1) if above is None else (((node,) + above[0])[:ANCESTOR_WALK], above[1] + 1)
        chains[node] = above
    return chains[el]


def _facts(el: Any, cache: dict[Any, _ElementFacts], nodes: dict[Any, _NodeFacts],
           chains: dict[Any, _Chain]) -> _ElementFacts:
    if el is None:
        return _ElementFacts(0, [0.0] * len(_ANCESTOR_TAGS), 0, 0, 0, 0, 0, 0)
    got = cache.get(el)
    if got is not None:
        return got
    flags = [0.0] * len(_ANCESTOR_TAGS)
    neg = pos = comment = product = hidden = role = 0.0
    near, depth = _chain(el, chains)
    for steps, node in enumerate(near):
        tag_i, n_neg, n_pos, n_comment, n_product, n_hidden, n_role = _node(node, nodes)
        if tag_i >= 0:
            flags[tag_i] = 1.0
        if n_neg:
            neg = max(neg, 1.0 / (1 + steps))
        if n_pos:
            pos = max(pos, 1.0 / (1 + steps))
        comment, product = max(comment, n_comment), max(product, n_product)
        hidden, role = max(hidden, n_hidden), max(role, n_role)
    facts = _ElementFacts(min(depth, 1000), flags, neg, pos, comment, product, hidden, role, list(near))
    cache[el] = facts
    return facts


_ALPHA = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[A-Z\u00c0-\u00de]")


def _own(block: RawBlock, tokens: list[str]) -> list[float]:
    text = block.text
    chars = len(text.strip())
    link_chars = sum(len(t.strip()) for t, _, _ in block.links)
    sample = text[:2000]
    letters = _ALPHA.subn("", sample)[1] or 1  # subn counts without building a list
    words = max(1, TOKEN.subn("", sample)[1] if len(text) > len(sample) else len(tokens))
    stripped = text.strip()
    folded = " ".join(stripped[:200].split())
    return [
        math.log1p(chars), math.log1p(len(tokens)), min(1.0, link_chars / max(1, chars)),
        math.log1p(len(block.links)), _SENTENCE_END.subn("", sample)[1] / words,
        sample.count(",") / words, float(stripped[-1:] in ".!?:;\"”'’)。！？"),
        float(stripped[:1].isupper()), _DIGIT.subn("", sample)[1] / max(1, len(sample)),
        _UPPER.subn("", sample)[1] / letters, float(is_furniture(block)),
        float(len(folded) < 60 and bool(END_MARKER.match(folded))),
        sum(len(t) for t in tokens[:500]) / max(1, min(500, len(tokens))), float(block.level),
        *[float(block.kind == k) for k in KINDS],
    ]


def block_features(raw: list[RawBlock], votes: dict[str, NgramVote], signals: PageSignals) -> np.ndarray:
    """The feature matrix of a page's blocks (rows in block order, columns as `NAMES`)."""
    n = len(raw)
    out = np.zeros((n, len(NAMES)), dtype=np.float32)
    if not n:
        return out
    cache: dict[Any, _ElementFacts] = {}
    nodes: dict[Any, _NodeFacts] = {}
    chains: dict[Any, _Chain] = {}
    tokens = [TOKEN.findall(b.text) for b in raw]
    chars = np.array([len(b.text.strip()) for b in raw], dtype=np.float64)
    total = max(1.0, float(chars.sum()))
    link_chars = np.array([sum(len(t.strip()) for t, _, _ in b.links) for b in raw], dtype=np.float64)
    h1 = next((i for i, b in enumerate(raw) if b.kind == "heading" and b.level == 1), -1)
    # text (and link text) of each container, summed from its blocks up a few levels
    under: dict[Any, list[float]] = {}
    facts = [_facts(b.element, cache, nodes, chains) for b in raw]
    for i, f in enumerate(facts):
        for anc in f.ancestors[1:4]:
            acc = under.setdefault(anc, [0.0, 0.0])
            acc[0] += chars[i]
            acc[1] += link_chars[i]
    keys = [shingle_keys(t) for t in tokens]
    vote_rows = np.array([[votes[v].share_of(keys[i]) if v in votes else 0.0 for v in VOTES]
                          for i in range(n)], dtype=np.float64)
    cum = np.concatenate([[0.0], np.cumsum(chars)])
    density = link_chars / np.maximum(chars, 1)
    sentence_rate = np.array([_SENTENCE_END.subn("", b.text[:5000])[1] / max(1, len(t))
                              for b, t in zip(raw, tokens)])
    list_chars = sum(chars[i] for i, b in enumerate(raw) if b.kind == "list-item")
    page_row = [float(signals.article_typed), float(signals.product), float(signals.forum),
                float(signals.has_main), math.log1p(n), math.log1p(total),
                float(link_chars.sum() / total), float(list_chars / total), math.log1p(signals.articles),
                *[(float((vote_rows[:, k] * chars).sum() / total)) for k in range(len(VOTES))],
                signals.rules_confidence, *[float(signals.rules_path == path) for path in RULE_PATHS]]
    run = 0
    for i, b in enumerate(raw):
        f = facts[i]
        owner_tag = b.element.tag if b.element is not None and isinstance(b.element.tag, str) else ""
        lo, hi = max(0, i - 3), min(n, i + 4)
        window = slice(lo, hi)
        parent = f.ancestors[1] if len(f.ancestors) > 1 else None
        grand = f.ancestors[2] if len(f.ancestors) > 2 else None
        p_acc = under.get(parent, [chars[i], link_chars[i]])
        g_acc = under.get(grand, p_acc)
        if i and raw[i - 1].element is b.element:
            run += 1
        else:
            run = 0
        row = _own(b, tokens[i])
        row += [math.log1p(f.depth), *f.flags, f.neg, f.pos, f.comment, f.product, f.hidden, f.role,
                float(b.kind == "heading"), float(owner_tag == "p"), float(owner_tag == "div"),
                float(owner_tag == "li")]
        row += [i / n, float(cum[i] / total), float(h1 >= 0 and i >= h1),
                (i - h1) / n if h1 >= 0 else 0.0]
        row += [float(density[i - 1]) if i else 1.0, float(density[i + 1]) if i + 1 < n else 1.0,
                math.log1p(chars[i - 1]) if i else 0.0, math.log1p(chars[i + 1]) if i + 1 < n else 0.0,
                float(link_chars[window].sum() / max(1.0, chars[window].sum())),
                float(sentence_rate[window].mean()), float(vote_rows[window, 0].mean()),
                p_acc[0] / total, g_acc[0] / total, g_acc[1] / max(1.0, g_acc[0]), math.log1p(run)]
        row += list(vote_rows[i])
        row += page_row
        out[i] = row
    return out


def votes_from(texts: Iterable[tuple[str, str | None]]) -> dict[str, NgramVote]:
    return {name: NgramVote(text) for name, text in texts if text is not None}


# ------------------------------------------------------------------------------ the stacked stage

CONTEXT_NAMES = ("ctx_p", "ctx_prev", "ctx_next", "ctx_mean2", "ctx_mean5", "ctx_wmean5",
                 "ctx_owner_share", "ctx_parent_share", "ctx_grand_share", "ctx_log_run_chars",
                 "ctx_run_share", "ctx_log_sure_distance", "ctx_page_expected", "ctx_page_sure_share")
SURE = 0.8          # a block the first stage is sure of
SURE_CHARS = 80     # ... and long enough to be a paragraph of the article
_FAR = 50           # blocks: "no sure paragraph nearby"


GROUP_LEVELS = 5    # containers of a block kept: its element and four ancestors


def block_groups(raw: list[RawBlock]) -> np.ndarray:
    """(n, GROUP_LEVELS) ids of each block's element, its parent, grandparent... (-1: none),
    numbered in order of first appearance: the containers whose predicted share the stacked
    stage reads (the first three) and among which the "region" candidate is found."""
    out = np.full((len(raw), GROUP_LEVELS), -1, dtype=np.int64)
    ids: dict[Any, int] = {}
    for i, b in enumerate(raw):
        node = b.element
        for k in range(GROUP_LEVELS):
            if node is None:
                break
            out[i, k] = ids.setdefault(node, len(ids))
            node = node.getparent()
    return out


def _window_mean(values: np.ndarray, half: int) -> np.ndarray:
    n = len(values)
    cum = np.concatenate([[0.0], np.cumsum(values)])
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) + half + 1, 0, n)
    return np.asarray((cum[hi] - cum[lo]) / np.maximum(hi - lo, 1), dtype=np.float64)


def context_features(probs: np.ndarray, chars: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """`CONTEXT_NAMES` per block from the first stage's probabilities around it: its neighbours'
    and windows' probabilities, the predicted-content share of its element, parent and
    grandparent, the run of likely-content blocks it sits in, how far the nearest sure
    paragraph is, and the page's expected content share. A second tree ensemble reads these
    beside the block's own features (stacking: Web2Text and BoilerNet gain from the same
    smoothing of per-block scores along the page)."""
    n = len(probs)
    out = np.zeros((n, len(CONTEXT_NAMES)), dtype=np.float32)
    if not n:
        return out
    p = probs.astype(np.float64)
    c = chars.astype(np.float64)
    weighted = p * c
    total, expected = max(1.0, float(c.sum())), float(weighted.sum())
    out[:, 0] = p
    out[1:, 1] = p[:-1]
    out[:-1, 2] = p[1:]
    out[:, 3] = _window_mean(p, 2)
    out[:, 4] = _window_mean(p, 5)
    out[:, 5] = _window_mean(weighted, 5) / np.maximum(_window_mean(c, 5), 1.0)
    for k in range(3):
        ids = groups[:, k] if groups.shape[0] == n else np.full(n, -1)
        have = ids >= 0
        if have.any():
            size = int(ids.max()) + 1
            hit = np.bincount(ids[have], weights=weighted[have], minlength=size)
            all_chars = np.bincount(ids[have], weights=c[have], minlength=size)
            out[have, 6 + k] = hit[ids[have]] / np.maximum(all_chars[ids[have]], 1.0)
        out[~have, 6 + k] = p[~have]
    likely = p > 0.5
    run_chars = np.zeros(n)
    i = 0
    while i < n:
        if not likely[i]:
            i += 1
            continue
        j = i
        while j < n and likely[j]:
            j += 1
        run_chars[i:j] = c[i:j].sum()
        i = j
    out[:, 9] = np.log1p(run_chars)
    out[:, 10] = run_chars / max(1.0, expected)
    sure = np.flatnonzero((p > SURE) & (c >= SURE_CHARS))
    if len(sure):
        at = np.searchsorted(sure, np.arange(n))
        before = np.where(at > 0, np.arange(n) - sure[np.maximum(at - 1, 0)], _FAR)
        after = np.where(at < len(sure), sure[np.minimum(at, len(sure) - 1)] - np.arange(n), _FAR)
        out[:, 11] = np.log1p(np.minimum(np.minimum(before, after), _FAR))
    else:
        out[:, 11] = math.log1p(_FAR)
    out[:, 12] = expected / total
    out[:, 13] = float(c[sure].sum()) / total if len(sure) else 0.0
    return out


STACKED_NAMES = NAMES + CONTEXT_NAMES


def stacked_rows(features: np.ndarray, probs: np.ndarray, chars: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """The stacked stage's input: the block features (`NAMES`) and their context (`CONTEXT_NAMES`)."""
    return np.hstack([features.astype(np.float64), context_features(probs, chars, groups)])
