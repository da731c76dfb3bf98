"""The block classifier sees each block in its context: a stacked second stage that re-scores each block from
the first stage's probabilities around it (its neighbours, its containers, its run)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from lxml import html as lxml_html

from reader.core.extract.block_model import BlockModel, Trees, shipped_model
from reader.core.extract.blocks import RawBlock
from reader.core.extract.classify import final_probabilities, page_blocks
from reader.core.extract.features import (CONTEXT_NAMES, NAMES, STACKED_NAMES, PageSignals,
                                          block_features, block_groups, context_features, stacked_rows)
from reader.core.limits import DEFAULT_LIMITS

LISTING = """<html><body>
<nav><ul><li><a href="/a">Home</a></li><li><a href="/b">World</a></li><li><a href="/c">Sport</a></li></ul></nav>
<article>
<h1>One article with a photo</h1>
<figure><img src="x.jpg"><figcaption>Photo: Jane Doe / Getty Images</figcaption></figure>
<p>The first paragraph of the article says something long enough to be prose, and it goes on.</p>
<p>The second paragraph of the article continues the story with another sentence or two.</p>
</article>
<section class="more">
<div class="card"><h3><a href="/1">First linked headline</a></h3><p>A teaser for the first story.</p></div>
<div class="card"><h3><a href="/2">Second linked headline</a></h3><p>A teaser for the second story.</p></div>
<div class="card"><h3><a href="/3">Third linked headline</a></h3><p>A teaser for the third story.</p></div>
<div class="card"><h3><a href="/4">Fourth linked headline</a></h3><p>A teaser for the fourth story.</p></div>
</section>
</body></html>"""


def _blocks(markup: str = LISTING) -> list[RawBlock]:
    return page_blocks(lxml_html.fromstring(markup), None, DEFAULT_LIMITS)


def _by_text(blocks: list[RawBlock], start: str) -> int:
    return next(i for i, b in enumerate(blocks) if b.text.startswith(start))


def test_blocks_of_one_container_share_its_group() -> None:
    blocks = _blocks()
    groups = block_groups(blocks)
    first, second = _by_text(blocks, "The first paragraph"), _by_text(blocks, "The second paragraph")
    teaser = _by_text(blocks, "A teaser for the first")
    assert groups.shape == (len(blocks), 5)
    assert groups[first, 0] != groups[second, 0]          # two paragraphs
    assert groups[first, 1] == groups[second, 1]          # one article
    assert groups[first, 1] != groups[teaser, 1]
    assert (block_groups([RawBlock("paragraph", "no element")]) == -1).all()


def _context(name: str) -> int:
    return CONTEXT_NAMES.index(name)


def test_context_reads_neighbours_containers_and_runs_of_the_first_stage() -> None:
    probs = np.array([0.1, 0.9, 0.95, 0.2, 0.9, 0.05])
    chars = np.array([10.0, 200.0, 300.0, 50.0, 100.0, 20.0])
    groups = np.array([[0, 10, 20], [1, 11, 20], [2, 11, 20], [3, 11, 20], [4, 12, 20], [5, 12, 20]])
    ctx = context_features(probs, chars, groups)
    assert ctx.shape == (6, len(CONTEXT_NAMES))
    assert ctx[2, _context("ctx_prev")] == pytest.approx(0.9) and ctx[2, _context("ctx_next")] == pytest.approx(0.2)
    # parent 11 holds blocks 1-3: its predicted share is their char-weighted mean
    share = (0.9 * 200 + 0.95 * 300 + 0.2 * 50) / 550
    assert ctx[3, _context("ctx_parent_share")] == pytest.approx(share, rel=1e-5)
    # blocks 1 and 2 form one run of 500 likely characters; block 3 is outside any run
    assert ctx[1, _context("ctx_log_run_chars")] == pytest.approx(np.log1p(500))
    assert ctx[3, _context("ctx_log_run_chars")] == 0.0
    # the nearest sure paragraph (p > 0.8, 80+ characters): block 0 is one block away
    assert ctx[0, _context("ctx_log_sure_distance")] == pytest.approx(np.log1p(1))
    assert ctx[2, _context("ctx_log_sure_distance")] == 0.0
    rows = stacked_rows(np.zeros((6, len(NAMES)), np.float32), probs, chars, groups)
    assert rows.shape == (6, len(STACKED_NAMES))


def _stump(names: tuple[str, ...], feature: str, low: float, high: float) -> Trees:
    return Trees(names, np.array([[names.index(feature)]]), np.array([[0.5]]), np.array([[low, high]]), 0.0, 0.8)


def test_the_stacked_stage_rescores_the_first_stages_blocks_and_lean_pages_skip_it() -> None:
    features = np.zeros((3, len(NAMES)), dtype=np.float32)
    features[1, NAMES.index("vote_rules")] = 1.0
    chars = np.array([100.0, 100.0, 100.0])
    groups = np.array([[0, 3, 4], [1, 3, 4], [2, 3, 4]])
    first = _stump(NAMES, "vote_rules", -3.0, 3.0)
    # the second stage keeps what the first was sure of and adds its neighbours ("ctx_prev"/"ctx_next")
    stacked = _stump(STACKED_NAMES, "ctx_mean2", -3.0, 3.0)
    alone = BlockModel(first, first, {}, None, None)
    both = BlockModel(first, first, {}, None, stacked)
    assert (final_probabilities(features, chars, groups, False, alone) > 0.5).tolist() == [False, True, False]
    before = final_probabilities(features, chars, groups, False, both)
    assert before.shape == (3,)
    assert (final_probabilities(features, chars, groups, True, both) > 0.5).tolist() == [False, True, False]
    # ctx_mean2 of every block is the mean over blocks 0-2 (one sure in three): under 0.5
    assert (before < 0.5).all()


def test_the_stacked_stage_round_trips_through_the_model_file() -> None:
    first = _stump(NAMES, "vote_rules", -3.0, 3.0)
    stacked = _stump(STACKED_NAMES, "ctx_p", -1.0, 1.0)
    back = BlockModel.from_json(json.loads(json.dumps(BlockModel(first, first, {}, None, stacked).to_json())))
    assert back.stacked is not None and back.stacked.names == STACKED_NAMES
    assert BlockModel.from_json(json.loads(json.dumps(BlockModel(first, first, {}).to_json()))).stacked is None


def test_the_shipped_model_has_a_stacked_stage_over_the_current_features() -> None:
    model = shipped_model()
    assert model is not None and model.stacked is not None
    assert set(model.stacked.names) <= set(STACKED_NAMES)
    assert set(model.full.names) == set(NAMES)


def test_the_region_reading_keeps_the_likely_blocks_of_the_best_container_only() -> None:
    from reader.core.extract.classify import ranked_candidates, region_indices

    # blocks 0-3 in one article (container 10), 4-5 in a sidebar (container 11) that the model
    # leans towards: the region reading is the article's likely blocks, the wide one has both
    probs = np.array([0.95, 0.9, 0.5, 0.1, 0.35, 0.32])
    chars = np.array([300.0, 300.0, 100.0, 50.0, 200.0, 200.0])
    groups = np.array([[i, 10, 20, -1, -1] for i in range(4)] + [[i, 11, 20, -1, -1] for i in range(4, 6)])
    assert region_indices(chars, probs, groups, 0.3) == [0, 1, 2]
    features = np.zeros((6, len(NAMES)), dtype=np.float32)
    ranked = ranked_candidates(features, chars, probs, 0.8, [], False, False, wide=True, groups=groups)
    found = {name: idx for name, idx, _ in ranked}
    assert found["region"] == [0, 1, 2] and found["wide"] == [0, 1, 2, 4, 5] and found["model"] == [0, 1]
    # one container holding everything adds no reading of its own
    flat = np.array([[i, 10, 20, -1, -1] for i in range(6)])
    again = ranked_candidates(features, chars, probs, 0.8, [], False, False, wide=True, groups=flat)
    assert "region" not in [name for name, _, _ in again]
