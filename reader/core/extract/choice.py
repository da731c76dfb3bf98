"""Which reading of a page to show first: a small learned chooser over the candidates.

The candidates (the classifier's blocks at a strict and at a generous cut, the generous ones
inside the container where they are expected to score best ("region"), the rule-based pick,
trafilatura's, the page's `<main>`, the whole page less furniture) are sets of the same blocks,
so each can be described by a handful of numbers: the F1 the block probabilities expect of it,
its expected precision and recall, how much it agrees with the other candidates (Bevendorff et
al., SIGIR 2023: the readings strong extractors agree on are the right ones more often than any
one extractor's), its size beside the strict reading and the page's, and which candidate it is.
A few boosted trees (trained by bench/train_extract.py on held-out block probabilities, shipped
in block_model.json as `chooser`) rank a page's candidates by those numbers (LambdaRank on the
F1 each scores: only the order within a page counts); the best goes first. The two cuts are
the ends of the range the single fitted cut wandered over between folds (0.3-0.8): instead of
one cut for every page, each page gets the reading the chooser prefers.
"""

from __future__ import annotations

import math

import numpy as np

from .block_model import Trees
from .features import NAMES

STRICT_CUT = 0.8  # the "model" reading: blocks the classifier is sure of
WIDE_CUT = 0.3    # the "wide" reading: every block it leans towards
# readings the chooser ranks within this much of the best are told apart by the F1 the block
# probabilities expect of them (a near tie of the ranking scores: it keeps a small page's code
# block or list that the strict cut alone leaves out; out of fold, margins of 0, 0.01 and 0.05
# scored within .001 of each other on every set)
CHOOSER_MARGIN = 0.01
CANDIDATE_NAMES = ("model", "wide", "region", "rules", "trafilatura", "main", "page")
PAGE_FEATURES = tuple(n for n in NAMES if n.startswith("page_"))
_PAGE_INDEX = [NAMES.index(n) for n in PAGE_FEATURES]


def _chooser_names() -> tuple[str, ...]:
    own = ["expected_f1", "expected_precision", "expected_recall", "agree_mean", "agree_max",
           "agree_min", "log_ratio_to_model", "page_share", "log_chars", "candidates", "lean"]
    return tuple(own + [f"is_{n}" for n in CANDIDATE_NAMES] + [f"doc_{n}" for n in PAGE_FEATURES])


CHOOSER_NAMES = _chooser_names()


def _agreement(chars: np.ndarray, a: set[int], b: set[int]) -> float:
    """Character F1 between two block sets."""
    both = float(chars[list(a & b)].sum()) if a & b else 0.0
    return 2 * both / max(1.0, float(chars[list(a)].sum()) + float(chars[list(b)].sum()))


def candidate_rows(features: np.ndarray, chars: np.ndarray, probs: np.ndarray,
                   found: list[tuple[str, list[int]]], lean: bool) -> np.ndarray:
    """One row of `CHOOSER_NAMES` per candidate (rows in `found` order)."""
    weighted = chars * probs
    expected = float(weighted.sum())
    total = max(1.0, float(chars.sum()))
    sets = [set(idx) for _, idx in found]
    model = next((s for (name, _), s in zip(found, sets) if name == "model"), set())
    model_chars = float(chars[list(model)].sum()) if model else 0.0
    page = features[0, _PAGE_INDEX] if features.shape[0] else np.zeros(len(_PAGE_INDEX))
    rows = []
    for k, (name, idx) in enumerate(found):
        size = float(chars[idx].sum()) if idx else 0.0
        hit = float(weighted[idx].sum()) if idx else 0.0
        precision, recall = hit / max(1.0, size), hit / max(1.0, expected)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        agree = [_agreement(chars, sets[k], s) for j, s in enumerate(sets) if j != k] or [1.0]
        row = [f1, precision, recall, float(np.mean(agree)), max(agree), min(agree),
               math.log1p(size) - math.log1p(model_chars), size / total, math.log1p(size),
               float(len(found)), float(lean)]
        row += [float(name == n) for n in CANDIDATE_NAMES]
        row += [float(v) for v in page]
        rows.append(row)
    return np.asarray(rows, dtype=np.float64).reshape(len(found), len(CHOOSER_NAMES))


def chooser_scores(chooser: Trees, rows: np.ndarray) -> np.ndarray:
    """The chooser's ranking score of each candidate row (higher: expected to score better)."""
    return chooser.scores(rows)
