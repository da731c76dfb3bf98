"""The text-dump unit classifier as shipped: a first pass over each unit's own features, then
a second, stacked pass that also reads the first pass's probabilities around the unit.

A unit's own features say little about a short line between two paragraphs; the first pass's
probabilities of its neighbours say much (a subheading inside the article, a caption amid it,
a teaser after its end, a stray sentence in the menu). The second pass is fitted by
bench/train_extract.py on first-pass probabilities cross-fitted by site, so it learns how far
probabilities of unseen pages can be trusted, not how sure the first pass is of its own
training pages (stacked generalisation, Wolpert 1992). `dump_model.json` holds both passes; a
file with one bare ensemble (the previous format) is read as a first pass alone. The
`block_model` loader reads one ensemble only, hence this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .block_model import Trees, columns, load_model

DUMP_MODEL_FILE = Path(__file__).with_name("dump_model.json")

STACK_NAMES: tuple[str, ...] = (
    "p", "prev_p", "next_p", "prev2_p", "next2_p", "window_p", "wide_p", "window_max_p",
    "p_run", "p_run_distance", "p_before_run", "p_after_run", "p_run_place", "p_page_mean",
    "p_page_share", "p_rank")


def best_run(scores: Sequence[float]) -> tuple[int, int]:
    """Maximum-sum contiguous run (start, end exclusive); (0, 0) when nothing is positive."""
    best, best_i, best_j = 0.0, 0, 0
    cur, cur_i = 0.0, 0
    for j, s in enumerate(scores):
        if cur <= 0:
            cur, cur_i = s, j
        else:
            cur += s
        if cur > best:
            best, best_i, best_j = cur, cur_i, j + 1
    return best_i, best_j


def stack_features(probs: np.ndarray, words: np.ndarray) -> np.ndarray:
    """The second pass's extra columns (`STACK_NAMES`) from the first pass's probabilities and
    the units' word counts: the unit's and its neighbours' probabilities, the word-weighted
    means around it, and its place relative to the most likely run of the article."""
    n = len(probs)
    out = np.zeros((n, len(STACK_NAMES)), dtype=np.float64)
    if not n:
        return out
    p = probs.astype(np.float64)
    w = np.maximum(words.astype(np.float64), 1.0)
    idx = np.arange(n)

    def shifted(k: int) -> np.ndarray:
        s = np.full(n, 0.0)
        if k > 0:
            s[k:] = p[:-k]
        else:
            s[:k] = p[-k:]
        return s

    def weighted_window(radius: int) -> np.ndarray:
        cw = np.concatenate([[0.0], np.cumsum(w)])
        cpw = np.concatenate([[0.0], np.cumsum(w * p)])
        lo = np.maximum(idx - radius, 0)
        hi = np.minimum(idx + radius + 1, n)
        return np.asarray((cpw[hi] - cpw[lo]) / (cw[hi] - cw[lo]))

    around = np.zeros(n)
    for k in (1, 2, 3):
        around = np.maximum(around, np.maximum(shifted(k), shifted(-k)))
    start, end = best_run((w * (p - 0.5)).tolist())
    in_run = (idx >= start) & (idx < end)
    distance = np.where(in_run, 0, np.where(idx < start, start - idx, idx - end + 1))
    place = (idx - start) / max(1, end - start)
    total = float(w.sum())
    order = np.argsort(-p, kind="stable")
    rank = np.empty(n)
    rank[order] = np.arange(n)
    out[:, 0] = p
    out[:, 1], out[:, 2], out[:, 3], out[:, 4] = shifted(1), shifted(-1), shifted(2), shifted(-2)
    out[:, 5], out[:, 6], out[:, 7] = weighted_window(3), weighted_window(10), around
    out[:, 8] = in_run
    out[:, 9] = np.log1p(distance)
    out[:, 10], out[:, 11] = idx < start, idx >= end
    out[:, 12] = np.clip(place, -1.0, 2.0)
    out[:, 13] = float((w * p).sum() / total)
    out[:, 14] = float(w[p > 0.5].sum() / total)
    out[:, 15] = rank / n
    return out


@dataclass(frozen=True, slots=True)
class DumpModel:
    """The first pass (`first`, over the unit features) and the stacked second pass (`second`,
    over the unit features and `STACK_NAMES`), or the first pass alone."""

    first: Trees
    second: Trees | None = None

    @property
    def cut(self) -> float | None:
        return (self.second or self.first).cut

    def probabilities(self, features: np.ndarray, names: tuple[str, ...], words: np.ndarray) -> np.ndarray:
        """Each unit's probability of being article text (`features` columns named `names`)."""
        first = self.first.probabilities(columns(self.first, features, names))
        if self.second is None:
            return first
        both = np.hstack([features.astype(np.float64), stack_features(first, words)])
        return self.second.probabilities(columns(self.second, both, names + STACK_NAMES))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"first": self.first.to_json()}
        if self.second is not None:
            out["second"] = self.second.to_json()
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "DumpModel":
        if "first" not in data:
            return cls(Trees.from_json(data))
        second = data.get("second")
        return cls(Trees.from_json(data["first"]), Trees.from_json(second) if second else None)


def load_dump_model(path: Path) -> DumpModel | None:
    """The model in `path`, or None when it is missing or unreadable (the rules then decide alone)."""
    return load_model(path, DumpModel)


@lru_cache(maxsize=1)
def shipped_dump_model() -> DumpModel | None:
    """The text-dump unit classifier in the package."""
    return load_dump_model(DUMP_MODEL_FILE)
