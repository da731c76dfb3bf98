"""A block's markup facts (its near ancestors, their class words, its depth) come from its
parent's (features._chain: the page is walked up once, not once per block) and say what a
walk up from each block alone says."""

from __future__ import annotations

from typing import Any

import pytest

from reader.core.extract import features as features_mod
from reader.core.extract.classify import page_blocks
from reader.core.extract.features import ANCESTOR_WALK, _facts
from reader.core.extract.html import parse
from reader.core.limits import DEFAULT_LIMITS


def deep_page(depth: int, blocks: int) -> str:
    """Blocks at many depths under wrappers whose class words differ from level to level."""
    words = ("post-content", "sidebar", "comment-list", "product-card", "story", "nav-menu", "")
    opened = "".join(f"<div class='{words[i % len(words)]}'>" for i in range(depth))
    paragraphs = "".join(f"<section class='{words[i % len(words)]}'><p>Paragraph {i} of the harbour "
                         f"report, long enough to be a block.</p></section>" for i in range(blocks))
    return f"<html><body>{opened}{paragraphs}<p>the deepest note</p>{'</div>' * depth}<p>top</p></body></html>"


def walked(el: Any) -> tuple[list[Any], int]:
    """The ancestors and depth of one element, found by walking up from it alone."""
    near, node, depth = [], el, 0
    while node is not None:
        if depth < ANCESTOR_WALK:
            near.append(node)
        node = node.getparent()
        depth += 1
    return near, min(depth, 1000)


@pytest.mark.parametrize("depth", [3, ANCESTOR_WALK, 40])
def test_facts_match_a_walk_up_from_each_block(depth: int) -> None:
    tree = parse(deep_page(depth, 30))
    blocks = page_blocks(tree, None, DEFAULT_LIMITS)
    cache: dict[Any, Any] = {}
    nodes: dict[Any, Any] = {}
    chains: dict[Any, Any] = {}
    for b in blocks:
        facts = _facts(b.element, cache, nodes, chains)
        near, height = walked(b.element)
        assert facts.ancestors == near and facts.depth == height
        steps = [i for i, node in enumerate(near) if features_mod._words(features_mod._attrs(node))[0]]
        assert facts.neg == (1.0 / (1 + steps[0]) if steps else 0.0)



@pytest.mark.parametrize("text", ["", "Tools", "A b c", "the harbour wall", "the harbour wall was mended",
                                  "wall was mended and the harbour wall was mended again today"])
def test_a_blocks_shingles_hashed_once_say_what_each_vote_hashing_them_says(text: str) -> None:
    vote = features_mod.NgramVote("the harbour wall was mended on Tuesday\nTools\nA b c")
    tokens = features_mod.TOKEN.findall(text)
    grams = list(zip(tokens, tokens[1:], tokens[2:], tokens[3:]))
    if not tokens:
        expected = 0.0
    elif len(tokens) < 4:
        expected = float(hash(tuple(tokens)) in vote.lines)
    else:
        expected = sum(1 for g in grams if hash(g) in vote.shingles) / len(grams)
    assert vote.share_of(features_mod.shingle_keys(tokens)) == vote.share(tokens) == expected
