"""The reading shown first is the one the learned chooser ranks best; the chooser
reads how far the candidate readings agree, and ships inside the block model file."""

from __future__ import annotations

import json

import numpy as np
import pytest

from reader.core.extract.block_model import BlockModel, Trees, shipped_model
from reader.core.extract.choice import CHOOSER_NAMES, WIDE_CUT, candidate_rows
from reader.core.extract.classify import ranked_candidates
from reader.core.extract.features import NAMES


def _page(n: int = 6) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    features = np.zeros((n, len(NAMES)), dtype=np.float32)
    chars = np.full(n, 100.0)
    probs = np.array([0.95, 0.9, 0.5, 0.4, 0.1, 0.05][:n])
    return features, chars, probs


def _column(name: str) -> int:
    return CHOOSER_NAMES.index(name)


def test_agreement_is_full_between_equal_readings_and_nil_between_disjoint_ones() -> None:
    features, chars, probs = _page()
    found = [("model", [0, 1]), ("rules", [0, 1]), ("page", [4, 5])]
    rows = candidate_rows(features, chars, probs, found, lean=False)
    assert rows.shape == (3, len(CHOOSER_NAMES))
    assert rows[0, _column("agree_max")] == pytest.approx(1.0)
    assert rows[2, _column("agree_max")] == pytest.approx(0.0)
    assert rows[0, _column("agree_mean")] == pytest.approx(0.5)
    assert rows[1, _column("is_rules")] == 1.0 and rows[1, _column("is_model")] == 0.0
    # the sure blocks alone: precise, but they hold only part of what the page probably has
    assert rows[0, _column("expected_precision")] > rows[2, _column("expected_precision")]
    assert rows[0, _column("expected_recall")] < 1.0


def _stump(feature: str, high: float, low: float = -2.0) -> Trees:
    """A one-split chooser: candidates with `feature` above 0.5 score `high` (a ranking score), others `low`."""
    return Trees(CHOOSER_NAMES, np.array([[_column(feature)]]), np.array([[0.5]]),
                 np.array([[low, high]]), 0.0, None)


def test_the_chooser_decides_which_reading_leads() -> None:
    features, chars, probs = _page()
    features[:, NAMES.index("vote_rules")] = [1, 1, 1, 1, 0, 0]
    for favourite in ("rules", "wide", "page"):
        ranked = ranked_candidates(features, chars, probs, 0.8, [], False, True, _stump(f"is_{favourite}", 3.0))
        assert ranked[0][0] == favourite
    names = [name for name, _, _ in ranked]
    assert {"model", "wide", "rules", "page"} == set(names) and len(names) == len(set(names))
    wide = next(idx for name, idx, _ in ranked if name == "wide")
    assert wide == [i for i in range(len(probs)) if probs[i] > WIDE_CUT]


def test_readings_the_chooser_can_hardly_tell_apart_are_ranked_by_expected_f1() -> None:
    from reader.core.extract.classify import expected_f1

    features, chars, probs = _page()
    near = ranked_candidates(features, chars, probs, 0.8, [], False, False, _stump("is_model", 2.005, 2.0))
    best = max(expected_f1(chars, probs, idx) for _, idx, _ in near)
    assert near[0][0] != "model" and expected_f1(chars, probs, near[0][1]) == pytest.approx(best)
    sure = ranked_candidates(features, chars, probs, 0.8, [], False, False, _stump("is_model", 3.0, 2.0))
    assert sure[0][0] == "model"


def test_without_a_chooser_the_expected_f1_ranks_and_no_wide_reading_is_offered() -> None:
    features, chars, probs = _page()
    ranked = ranked_candidates(features, chars, probs, 0.8, [], False, False)
    assert "wide" not in [name for name, _, _ in ranked]


def test_a_wide_reading_that_adds_nothing_is_not_offered() -> None:
    features, chars, _ = _page()
    probs = np.array([0.99, 0.95, 0.1, 0.1, 0.05, 0.01])  # nothing between the two cuts
    ranked = ranked_candidates(features, chars, probs, 0.8, [], False, False, _stump("is_model", 3.0))
    assert "wide" not in [name for name, _, _ in ranked] and ranked[0][0] == "model"


def test_the_chooser_survives_the_model_file_round_trip() -> None:
    model = shipped_model()
    assert model is not None and model.chooser is not None  # trained by bench/train_extract.py
    assert model.chooser.names == CHOOSER_NAMES and model.chooser.cut is None
    back = BlockModel.from_json(json.loads(json.dumps(model.to_json())))
    assert back.chooser is not None
    rows = np.random.default_rng(0).random((5, len(CHOOSER_NAMES)))
    assert np.allclose(back.chooser.probabilities(rows), model.chooser.probabilities(rows), atol=1e-5)
    without = BlockModel.from_json({k: v for k, v in model.to_json().items() if k != "chooser"})
    assert without.chooser is None
