"""The article as a learned vote: every block of the page, scored by a small classifier.

The whole page body is cut into blocks; each block's features (`features.py`) include the
votes of three whole-page extractors (our rule-based pick around readability-lxml, readability's
own first pick, trafilatura) and of the page's `<main>` and JSON-LD articleBody. A boosted-tree
model (`block_model.py`, trained out of fold by bench/train_extract.py) turns them into a
probability per block, and the blocks above its cut are the article (Bevendorff et al., SIGIR
2023: a vote of the best extractors beats each of them). A second, stacked ensemble re-scores
each block from the same features and the first stage's probabilities around it (neighbours,
windows, the predicted share of its containers, its run: `features.context_features`), so a
block is judged in its context, not alone (Web2Text and BoilerNet smooth along the page the
same way).

The same analysis yields the *candidates* a reader can switch between when the choice is wrong
(the model's at a strict and at a generous cut, the generous one within the best container,
the rule-based pick, trafilatura's, the page's `<main>`, the whole page without furniture),
each with a confidence: the F1 the model expects of it. Which one leads is the reading chooser's call (`choice.py`: it weighs how far the
readings agree). All are built from blocks already computed, so switching costs one `assemble`.

Size budgets: readability (run up to three times by the rules), trafilatura and htmldate cost
about 1 s per MB of dense markup; above `ENSEMBLE_BUDGET` characters they are skipped and the
`lean` model, trained without their votes, decides alone. Their cost also grows faster than
the page where one element holds thousands of children (one paragraph of 12,000 links or of
60,000 one-word spans: trafilatura alone needs 10 s for half a megabyte of them), so a page
with an element of more than `CHILDREN_BUDGET` children, or of more than `ELEMENT_BUDGET`
elements in all (a paragraph a sentence, every word its own span), is read lean too, and its
body is not searched for bylines and dates. Within those bounds a cost budget keeps a page
near 0.8 s of CPU: each member's cost, as a power of the page's element count at the 90%
quantile of the 1,715 development pages (bench/extract_cost.py --fit, checked out of fold by
site), passes it above `HTMLDATE_ELEMENT_BUDGET` elements with every member, and above
`VOTES_ELEMENT_BUDGET` without htmldate: above the first the date is the markup's own, above
the second the page is read lean (the element count ranks our cost best, .88; markup
characters .81). htmldate's extensive search (asked only where nothing else dates the page)
reads the serialised page, so its cost follows the markup's characters, not the elements: it
is left out where the page's predicted CPU with it (`EXTENSIVE_COST`, at the 99% quantile)
passes `EXTENSIVE_BUDGET_MS`, and htmldate's fast date stands for it (on the development
pages the search ran on 494 pages and found 7 right dates, none on a page over 130,000
characters; the pages it costs most are the largest). The features and the trees cost a
little per block, so a page of more than `MODEL_BLOCK_BUDGET` blocks (a 30,000-item list, a
giant table) is read whole less its furniture (navigation, asides, footers, forms), with a low
confidence: no real article has that many blocks, and every page stays within ~2 s.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reader.core.errors import ExtractError
from reader.core.limits import Limits
from reader.core.models import Article, Candidate

from .block_model import BlockModel, Trees, columns, shipped_model
from .blocks import RawBlock, html_blocks
from .choice import CHOOSER_MARGIN, WIDE_CUT, candidate_rows, chooser_scores
from .cleanup import is_hidden, postclean
from .furniture import FURNITURE_TAGS
from .scripted import FRAGMENT_WORDS
from .features import (NAMES, STACKED_NAMES, TOKEN, VOTES, NgramVote, PageSignals, block_features, block_groups,
                       stacked_rows)
from .headings import respace_title, spaced_headings
from .html import (RulePick, strip_byline_blocks, strip_title_block, article_of, base_href,
                   main_container, page_metadata, parse, rule_pick)
from .metadata import Metadata, json_ld
from .options import ExtractOptions
from .titles import learned_title, shipped_title_model

ENSEMBLE_BUDGET = 1_000_000  # characters of (shrunk) markup above which the costly votes are skipped
MODEL_BLOCK_BUDGET = 4000    # blocks above which the model is not asked (its cost is per block)
CHILDREN_BUDGET = 5000       # children of one element above which the costly votes are skipped
ELEMENT_BUDGET = 25_000      # elements of a page above which the costly votes are skipped
HTMLDATE_ELEMENT_BUDGET = 4900  # elements above which htmldate is not asked (the cost budget)
VOTES_ELEMENT_BUDGET = 6000     # elements above which the page is read lean (the cost budget)
EXTENSIVE_BUDGET_MS = 1000.0    # predicted CPU past which htmldate's extensive search is left out
EXTENSIVE_COVER = 0.99          # the quantile of the predictions below (the goal: no page over 1 s)
# cost = a * measure ** b (bench/extract_cost.py --fit): the page less htmldate by its elements,
# htmldate with its extensive search by markup characters
EXTENSIVE_COST: dict[str, tuple[float, float]] = {"page": (1.0379, 0.794), "extensive": (0.009565, 0.853)}
HUGE_CONFIDENCE = 0.3        # a page read without the model's judgement
LEAN_VOTES = ("main", "json_ld")  # the votes the lean model keeps

_FURNITURE_FEATURES = ("in_nav", "in_aside", "in_footer", "in_form", "hidden", "furniture_role", "furniture")


@dataclass(slots=True)
class Analysis:
    """A page cut into blocks, with their features, the extractors' picks and the page facts."""

    blocks: list[RawBlock]
    features: np.ndarray
    rules: RulePick | None
    trafilatura: str | None
    main: set[int] = field(default_factory=set)  # indices of blocks inside <main>
    lean: bool = False
    groups: np.ndarray | None = None  # `features.block_groups`: the containers of each block


def _page_signals(tree: Any, meta: Metadata, main_el: Any) -> PageSignals:
    types: set[str] = set()
    for obj in json_ld(tree):
        t = obj.get("@type", [])
        types.update(str(x).lower() for x in (t if isinstance(t, list) else [t]) if isinstance(x, str))
    return PageSignals(
        article_typed=meta.article_typed,
        product=bool(types & {"product", "offer", "aggregateoffer", "productgroup"}),
        forum=bool(types & {"discussionforumposting", "qapage", "question", "comment"}),
        has_main=main_el is not None,
        articles=sum(1 for _ in tree.iter("article")),
    )


def trafilatura_text(tree: Any, url: str | None) -> str | None:
    """trafilatura's main text for a parsed page (None when it is not installed or fails).

    Run on a copy (it prunes the tree it gets), in its fast mode (no fallback extractors: we
    are the fallback), with its default precision/recall balance.
    """
    try:
        import trafilatura
    except ImportError:
        return None
    try:
        return trafilatura.extract(copy.deepcopy(tree), url=url, fast=True) or ""
    except Exception:  # a member's failure only costs its vote
        return None


def page_blocks(tree: Any, base: str | None, limits: Limits) -> list[RawBlock]:
    """Every block of the page body as the browser shows it: hidden hover cards and duplicates
    inside paragraphs stay out."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    return [b for b in html_blocks(root, base, limits.max_nesting_depth, is_hidden) if b.text.strip()]


@dataclass(frozen=True, slots=True)
class Budget:
    """What a page's size lets run (see the module docstring)."""

    votes: bool = True      # the rule-based pick (readability) and trafilatura
    htmldate: bool = True   # htmldate's date
    scan_body: bool = True  # the metadata's search of the body for bylines and dates
    extensive: bool = True  # htmldate's extensive search, where nothing else dates the page


def page_budget(tree: Any, markup_chars: int) -> Budget:
    """The members this page can afford: none past the size and shape bounds, and past the
    cost budget's element counts first htmldate, then the votes."""
    elements = 0
    for elements, el in enumerate(tree.iter(), 1):
        if elements > ELEMENT_BUDGET or len(el) > CHILDREN_BUDGET:
            return Budget(False, False, False, False)
    if markup_chars > ENSEMBLE_BUDGET:
        return Budget(False, False, False, False)
    (page_a, page_b), (search_a, search_b) = EXTENSIVE_COST["page"], EXTENSIVE_COST["extensive"]
    predicted = page_a * elements ** page_b + search_a * markup_chars ** search_b
    htmldate = elements <= HTMLDATE_ELEMENT_BUDGET
    return Budget(votes=elements <= VOTES_ELEMENT_BUDGET, htmldate=htmldate,
                  extensive=htmldate and predicted <= EXTENSIVE_BUDGET_MS)


def budget_metadata(tree: Any, url: str | None, budget: Budget) -> Metadata:
    """The page's metadata with the date sources its budget affords: the markup's own date past
    htmldate's element budget; past the extensive search's, htmldate's fast date stands for
    the search (what the date chooser hears where the search is not needed)."""
    if not budget.htmldate:
        return page_metadata(tree, url, ("markup",), scan_body=budget.scan_body)
    return page_metadata(tree, url, extensive=budget.extensive)


def crowded(tree: Any) -> bool:
    """True when one element has more than `CHILDREN_BUDGET` children, or the page more than
    `ELEMENT_BUDGET` elements (see the module docstring)."""
    return not page_budget(tree, 0).scan_body


def within_budget(tree: Any, markup_chars: int) -> bool:
    """Whether the costly votes (readability, trafilatura) may run on this page."""
    return page_budget(tree, markup_chars).votes


def analyse(tree: Any, meta: Metadata, base: str | None, url: str | None, limits: Limits,
            options: ExtractOptions, markup_chars: int, blocks: list[RawBlock] | None = None,
            costly: bool | None = None) -> Analysis:
    """Every block of the page body with its features; the costly votes within the budget
    (`costly`: `within_budget`, when the caller has already worked it out)."""
    if blocks is None:
        blocks = page_blocks(tree, base, limits)
    if costly is None:
        costly = within_budget(tree, markup_chars)
    lean = not costly or not options.ensemble
    rules = None if lean else rule_pick(tree, meta, base, limits, options)
    traf = None if lean or not options.trafilatura else trafilatura_text(tree, url)
    main_el = main_container(tree)
    main: set[int] = set()
    if main_el is not None:
        inside = {id(el) for el in main_el.iter()}
        main = {i for i, b in enumerate(blocks) if b.element is not None and id(b.element) in inside}
    texts: dict[str, str | None] = {
        "main": "\n".join(blocks[i].text for i in sorted(main)) if main else None,
        "json_ld": meta.article_body,
    }
    if rules is not None:
        texts["rules"] = "\n".join(b.text for b in rules.raw)
        texts["readability"] = "\n".join(b.text for b in rules.readability)
    if traf is not None:
        texts["trafilatura"] = traf
    votes = {name: NgramVote(text) for name, text in texts.items() if text is not None}
    signals = _page_signals(tree, meta, main_el)
    if rules is not None:
        signals.rules_path, signals.rules_confidence = rules.path, rules.confidence
    features = block_features(blocks, votes, signals)
    return Analysis(blocks, features, rules, traf, main, lean, block_groups(blocks))


def model_for(analysis: Analysis, model: BlockModel) -> Trees:
    return model.lean if analysis.lean else model.full


def final_probabilities(features: np.ndarray, chars: np.ndarray, groups: np.ndarray | None, lean: bool,
                        model: BlockModel) -> np.ndarray:
    """The block probabilities the candidates are built from: the full model's re-scored by the
    stacked stage (which reads them around each block), or the lean model's alone (the stacked
    stage was trained on the full model's; bench/train_extract.py cross-fits them)."""
    if lean:
        return model.lean.probabilities(columns(model.lean, features, NAMES))
    first = model.full.probabilities(columns(model.full, features, NAMES))
    if model.stacked is None or groups is None:
        return first
    rows = stacked_rows(features, first, chars, groups)
    return model.stacked.probabilities(columns(model.stacked, rows, STACKED_NAMES))


def _share(analysis: Analysis, vote: str) -> np.ndarray:
    return analysis.features[:, NAMES.index(f"vote_{vote}")]


def region_indices(chars: np.ndarray, probs: np.ndarray, groups: np.ndarray, cut: float) -> list[int]:
    """The blocks above `cut` inside the one container (a block's parent up to its
    `GROUP_LEVELS - 1`-th ancestor) where the probabilities expect them to score the best F1:
    the generous reading without what lies outside the article's container."""
    weighted = chars * probs
    expected = float(weighted.sum())
    keep = probs > cut
    best, best_f1 = (-1, -1), 0.0
    for level in range(1, groups.shape[1]):
        ids = groups[:, level]
        use = keep & (ids >= 0)
        if not use.any():
            continue
        hit = np.bincount(ids[use], weights=weighted[use])
        size = np.bincount(ids[use], weights=chars[use])
        f1 = 2 * hit / np.maximum(size + expected, 1e-9)
        g = int(np.argmax(f1))
        if f1[g] > best_f1 + 1e-9:
            best, best_f1 = (level, g), float(f1[g])
    if best[0] < 0:
        return []
    return [int(i) for i in np.flatnonzero(keep & (groups[:, best[0]] == best[1]))]


def candidate_indices(features: np.ndarray, probs: np.ndarray, cut: float, main: list[int],
                      trafilatura: bool, wide_cut: float | None = None, groups: np.ndarray | None = None,
                      chars: np.ndarray | None = None, region: bool = True) -> dict[str, list[int]]:
    """Block indices of each candidate, by stable name (works on the feature matrix alone, so
    bench/extract.py scores exactly what the extractor shows). `wide_cut`: also the blocks
    above that lower cut, as the "wide" reading, when they are more than the model's, and
    (with the blocks' `groups` and `chars`) those of them in the best container, as "region",
    when that is neither of the two (and `region`: bench/extract.py scores without it)."""
    n = features.shape[0]
    out: dict[str, list[int]] = {"model": [i for i in range(n) if probs[i] > cut]}
    if wide_cut is not None and wide_cut < cut:
        wide = [i for i in range(n) if probs[i] > wide_cut]
        if len(wide) > len(out["model"]):
            out["wide"] = wide
        if groups is not None and chars is not None and region and len(groups) == n:
            inside = region_indices(chars, probs, groups, wide_cut)
            if inside and inside != wide and inside != out["model"]:
                out["region"] = inside
    if trafilatura:
        share = features[:, NAMES.index("vote_trafilatura")]
        out["trafilatura"] = [i for i in range(n) if share[i] >= 0.5]
    if main:
        out["main"] = main
    furniture = np.zeros(n, dtype=bool)
    for name in _FURNITURE_FEATURES:
        furniture |= features[:, NAMES.index(name)] > 0.5
    out["page"] = [i for i in range(n) if not furniture[i]]
    return {k: v for k, v in out.items() if v}


def ranked_candidates(features: np.ndarray, chars: np.ndarray, probs: np.ndarray, cut: float,
                      main: list[int], trafilatura: bool, rules: bool, chooser: Trees | None = None,
                      lean: bool = False, wide: bool = False, groups: np.ndarray | None = None,
                      region: bool = True) -> list[tuple[str, list[int], float]]:
    """(name, block indices, confidence) of every candidate, best first. With a `chooser`
    (choice.py), the one it expects to score best, beside a generous "wide" reading; without
    one, the one the block probabilities expect to score best (`expected_f1`; "wide" only when
    asked, to train the chooser). The model's own
    reading wins ties. The rule-based pick is listed by the blocks that hold its text (its
    `vote_rules` share)."""
    found = list(candidate_indices(features, probs, cut, main, trafilatura,
                                   WIDE_CUT if chooser is not None or wide else None, groups, chars,
                                   region).items())
    if rules:
        share = features[:, NAMES.index("vote_rules")]
        idx = [i for i in range(features.shape[0]) if share[i] >= 0.5]
        if idx:
            found.append(("rules", idx))
    order = {"model": 0, "rules": 1}
    if chooser is not None and found:
        scores = chooser_scores(chooser, candidate_rows(features, chars, probs, found, lean))
        ranked = sorted(zip(found, scores), key=lambda c: (-round(float(c[1]), 3), order.get(c[0][0], 2)))
        best = float(ranked[0][1])
        near = [c for c, score in ranked if score >= best - CHOOSER_MARGIN]
        lead = max(near, key=lambda c: (round(expected_f1(chars, probs, c[1]), 3), -order.get(c[0], 2)))
        found = [lead] + [c for c, _ in ranked if c is not lead]
    else:
        # ranked by expected F1 alone: the amount factor of the confidence would favour padding
        found.sort(key=lambda c: (-round(expected_f1(chars, probs, c[1]), 3), order.get(c[0], 2)))
    return [(name, idx, confidence_of(chars, probs, idx)) for name, idx in found]


def expected_f1(chars: np.ndarray, probs: np.ndarray, chosen: list[int]) -> float:
    """The F1 (in characters) a choice of blocks scores if the model's probabilities are right."""
    if not chosen:
        return 0.0
    weighted = chars * probs
    hit = float(weighted[chosen].sum())
    precision = hit / max(1.0, float(chars[chosen].sum()))
    recall = hit / max(1.0, float(weighted.sum()))
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def confidence_of(chars: np.ndarray, probs: np.ndarray, chosen: list[int]) -> float:
    """How likely a reading is the page's article: the F1 the model expects of it, times how
    much article it holds (a line or two is rarely an article, however sure the model is of it;
    the UI warns below 0.5). The second factor orders no candidate before another's F1 does
    for readings of 1,500 characters or more."""
    amount = float(chars[chosen].sum()) if chosen else 0.0
    return round(expected_f1(chars, probs, chosen) * (0.4 + 0.6 * min(1.0, amount / 1500)), 3)


@dataclass(slots=True)
class Choice:
    name: str
    blocks: list[RawBlock]
    confidence: float


def choices(analysis: Analysis, model: BlockModel | None) -> list[Choice]:
    """The candidates, best first (see `ranked_candidates`). Without a model the rule-based pick
    leads with its own confidence and the others are judged by how much of it they hold."""
    if not analysis.blocks:
        return []
    chars = np.array([len(b.text.strip()) for b in analysis.blocks], dtype=np.float64)
    rules_raw = analysis.rules.raw if analysis.rules is not None else []
    if model is not None:
        trees = model_for(analysis, model)
        probs = final_probabilities(analysis.features, chars, analysis.groups, analysis.lean, model)
        cut = 0.5 if trees.cut is None else trees.cut  # (block models ship a cut)
    else:
        probs, cut = _share(analysis, "rules").astype(np.float64), 0.5
    found: list[Choice] = []
    chooser = model.chooser if model is not None else None
    for name, idx, confidence in ranked_candidates(analysis.features, chars, probs, cut, sorted(analysis.main),
                                                   bool(analysis.trafilatura), bool(rules_raw), chooser,
                                                   analysis.lean, groups=analysis.groups):
        if name == "model" and model is None:
            continue
        if name == "rules":
            found.append(Choice(name, rules_raw, analysis.rules.confidence if model is None and analysis.rules
                                else confidence))
        else:
            found.append(Choice(name, postclean([analysis.blocks[i] for i in idx], cut=False), confidence))
    found = [c for c in found if c.blocks]
    if model is None:
        found.sort(key=lambda c: c.name != "rules")
    return found


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def _huge_page_choices(tree: Any, blocks: list[RawBlock]) -> list[Choice]:
    """A page over the block budget: the whole page less its furniture, and its <main>."""
    furniture: set[int] = set()
    for el in tree.xpath("|".join(f"//{t}" for t in sorted(FURNITURE_TAGS))):
        if id(el) not in furniture:
            furniture.update(id(x) for x in el.iter())
    page = [b for b in blocks if b.element is None or id(b.element) not in furniture]
    found = [Choice("page", postclean(page or blocks, cut=False), HUGE_CONFIDENCE)]
    main_el = main_container(tree)
    if main_el is not None:
        inside = {id(x) for x in main_el.iter()}
        main = [b for b in blocks if b.element is not None and id(b.element) in inside]
        if main:
            found.append(Choice("main", postclean(main, cut=False), HUGE_CONFIDENCE))
    return found


# what the reader is told about each reading (the header shows it): what the text is, in the
# reader's words, never which library found it
LABELS = {"model": "a strict reading of the page", "wide": "a fuller reading of the page",
          "region": "the fuller reading within the article's container",
          "rules": "the densest run of prose",
          "trafilatura": "another reading of the page", "main": "the page's main section",
          "page": "the whole page without menus and footers"}


class UnknownCandidate(ExtractError):
    """A candidate name the page does not have."""


def extract_classified(html: str, *, url: str | None, limits: Limits, location: str,
                       options: ExtractOptions, candidate: str | None = None,
                       model: BlockModel | None = None) -> Article:
    """The article of an HTML page as the classifier (or the named candidate) reads it."""
    tree = parse(html, limits.max_nesting_depth)
    budget = page_budget(tree, len(html))
    meta = budget_metadata(tree, url, budget)
    spaced = spaced_headings(tree)  # read before the analysis touches the tree
    base = base_href(tree, url, meta)
    model = model or shipped_model()
    blocks = page_blocks(tree, base, limits)
    if len(blocks) > MODEL_BLOCK_BUDGET:
        ranked = _huge_page_choices(tree, blocks)
    else:
        ranked = choices(analyse(tree, meta, base, url, limits, options, len(html), blocks,
                                 budget.votes), model)
    if not ranked:  # no visible block: the rules' own ladder ends with the page body
        pick = rule_pick(tree, meta, base, limits, options)
        ranked = [Choice("rules", pick.raw, pick.confidence)]
    names = [c.name for c in ranked]
    if candidate is not None and candidate not in names:
        raise UnknownCandidate(f"This page has no candidate named {candidate!r} (it has: {', '.join(names)}).")
    shown = next(c for c in ranked if c.name == (candidate or names[0]))
    # the headline is chosen after the blocks' features are read (they were trained on the rule's)
    title_model = shipped_title_model()
    if title_model is not None:
        meta.title = learned_title(meta, url, title_model) or meta.title
    joined, meta.title = meta.title, respace_title(meta.title, spaced)  # "Legacy<br>of": "Legacy of"
    def shown_blocks(raw: list[RawBlock]) -> list[RawBlock]:
        if options.title_block:  # the leading heading repeats the title as the page shows it, or as read joined
            stripped = strip_title_block(raw, meta.title)
            raw = strip_title_block(raw, joined) if stripped is raw and joined != meta.title else stripped
        if options.byline_block:
            raw = strip_byline_blocks(raw, meta)
        return raw

    readings = [shown_blocks(c.blocks) for c in ranked]  # each as the article would show it
    article = article_of(readings[ranked.index(shown)], meta, url=url, limits=limits, location=location,
                         confidence=shown.confidence)
    article.candidate = shown.name
    same = same_readings([[b.text for b in raw] for raw in readings], [c.name for c in ranked])
    article.candidates = [Candidate(c.name, LABELS.get(c.name, c.name), c.confidence,
                                    sum(len(b.text.strip()) for b in c.blocks), same_as)
                          for c, same_as in zip(ranked, same)]
    return article


# Two readings fewer words apart than this show the same article: a byline's name, a "Share"
# or a lone caption word is all that tells them apart (on 456 dev pages 100 pairs of readings
# differed by 3 words or fewer), and cycling to one would seem to change nothing. A
# fragment's length (the floor the summary and the shell test share), not a tuned cut.
NEAR_WORDS = FRAGMENT_WORDS


def words_apart(a: Counter[str], b: Counter[str]) -> int:
    """How many words one text has that the other has not, both ways (as multisets)."""
    return sum((a - b).values()) + sum((b - a).values())


def same_readings(texts: list[list[str]], names: list[str]) -> list[str | None]:
    """For each candidate (its blocks' texts as the article would show them), the
    better-ranked distinct one that shows the same words, or all but fewer than `NEAR_WORDS`
    of them, else None: several candidates often agree, and a reader cycling them should not
    see the same text again, nor count it as another reading."""
    distinct: list[tuple[str, tuple[str, ...], Counter[str]]] = []
    same: list[str | None] = []
    for blocks, name in zip(texts, names):
        words = tuple(" ".join(blocks).split())
        bag = Counter(words)
        earlier = next((other for other, seen, seen_bag in distinct
                        if seen == words or (abs(len(seen) - len(words)) < NEAR_WORDS
                                             and words_apart(seen_bag, bag) < NEAR_WORDS)), None)
        if earlier is None:
            distinct.append((name, words, bag))
        same.append(earlier)
    return same


__all__ = ["Analysis", "Budget", "CHILDREN_BUDGET", "Choice", "ELEMENT_BUDGET", "ENSEMBLE_BUDGET",
           "EXTENSIVE_BUDGET_MS", "EXTENSIVE_COST", "EXTENSIVE_COVER", "HTMLDATE_ELEMENT_BUDGET", "LABELS",
           "LEAN_VOTES", "VOTES", "VOTES_ELEMENT_BUDGET", "analyse", "budget_metadata", "choices",
           "extract_classified", "page_budget", "shipped_model"]
