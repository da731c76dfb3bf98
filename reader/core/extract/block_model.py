"""The learned block classifier: boosted decision trees read from a small JSON file.

`bench/train_extract.py` fits the trees on ../shared/eval (one command, reproducible) and writes
`block_model.json` beside this module. At run time only numpy is needed: each tree is a
complete binary tree of fixed depth stored as arrays (feature index and threshold per inner
node, a value per leaf), so scoring every block of a page is a handful of vectorised lookups.
No library in the dependencies evaluates such trees without pulling in its whole training
stack, which is why the dozen lines of inference live here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, Self, TypeVar

import numpy as np

MODEL_FILE = Path(__file__).with_name("block_model.json")


@dataclass(frozen=True, slots=True)
class Trees:
    """One boosted ensemble: `features[t, k]`/`thresholds[t, k]` for inner node k of tree t
    (children of k are 2k+1 and 2k+2), `leaves[t, j]` for leaf j, and the starting score."""

    names: tuple[str, ...]
    features: np.ndarray
    thresholds: np.ndarray
    leaves: np.ndarray
    base: float
    cut: float | None  # probability above which a block is content (None: `choose_blocks` decides)

    @property
    def depth(self) -> int:
        return int(np.log2(self.leaves.shape[1]))

    def scores(self, x: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds) for the rows of `x` (columns in `names` order)."""
        n = x.shape[0]
        if n == 0:
            return np.zeros(0)
        n_trees = self.features.shape[0]
        node = np.zeros((n, n_trees), dtype=np.int64)
        trees = np.arange(n_trees)[None, :]
        rows = np.arange(n)[:, None]
        for _ in range(self.depth):
            f = self.features[trees, node]
            right = x[rows, f] > self.thresholds[trees, node]
            node = 2 * node + 1 + right
        leaf = node - (self.leaves.shape[1] - 1)
        return np.asarray(self.base + self.leaves[trees, leaf].sum(axis=1), dtype=np.float64)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(1.0 / (1.0 + np.exp(-self.scores(x))), dtype=np.float64)

    def to_json(self) -> dict[str, Any]:
        return {"names": list(self.names), "features": self.features.tolist(),
                "thresholds": [[round(float(v), 6) for v in row] for row in self.thresholds],
                "leaves": [[round(float(v), 6) for v in row] for row in self.leaves],
                "base": self.base, "cut": self.cut}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Trees":
        return cls(tuple(data["names"]), np.asarray(data["features"], dtype=np.int64),
                   np.asarray(data["thresholds"], dtype=np.float64),
                   np.asarray(data["leaves"], dtype=np.float64), float(data["base"]),
                   None if data.get("cut") is None else float(data["cut"]))


@dataclass(frozen=True, slots=True)
class BlockModel:
    """The shipped classifiers: `full` uses every extractor's votes; `lean` none of the costly
    ones (for pages over the size budget, where readability and trafilatura are skipped);
    `stacked` re-scores the full model's blocks from their features and the full model's
    probabilities around them (`features.context_features`); `chooser` ranks the candidate
    readings built from the final probabilities (`choice.py`)."""

    full: Trees
    lean: Trees
    meta: dict[str, Any]
    chooser: Trees | None = None
    stacked: Trees | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"full": self.full.to_json(), "lean": self.lean.to_json(), "meta": self.meta}
        if self.chooser is not None:
            out["chooser"] = self.chooser.to_json()
        if self.stacked is not None:
            out["stacked"] = self.stacked.to_json()
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "BlockModel":
        chooser = Trees.from_json(data["chooser"]) if data.get("chooser") else None
        stacked = Trees.from_json(data["stacked"]) if data.get("stacked") else None
        return cls(Trees.from_json(data["full"]), Trees.from_json(data["lean"]), dict(data.get("meta", {})),
                   chooser, stacked)


class _ModelFile(Protocol):
    """What a model file's class offers: built from the file's JSON."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self: ...


_Model = TypeVar("_Model", bound=_ModelFile)


def load_model(path: Path, kind: type[_Model]) -> _Model | None:
    """A model file of the package, or None when it is missing or unreadable (the rules then
    decide alone)."""
    try:
        return kind.from_json(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


@lru_cache(maxsize=1)
def shipped_model() -> BlockModel | None:
    """The block classifier in the package."""
    return load_model(MODEL_FILE, BlockModel)


def columns(trees: Trees, x: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """`x` (columns named `names`) rearranged to the columns `trees` was trained on."""
    if trees.names == names:
        return x
    index = {name: i for i, name in enumerate(names)}
    out = np.zeros((x.shape[0], len(trees.names)), dtype=x.dtype)
    for j, name in enumerate(trees.names):
        if name in index:
            out[:, j] = x[:, index[name]]
    return out


def choose_blocks(weights: np.ndarray, probs: np.ndarray, cut: float | None) -> list[int]:
    """The blocks to keep, in order: those over `cut`, or (cut None) the set whose F1 the
    probabilities expect to be best.

    That set is always the blocks above some probability, so it is found by sorting: keeping
    the k likeliest blocks scores 2 * hit(k) / (weight(k) + expected), where hit(k) is their
    probability-weighted size and `expected` the page's. The cut is then the page's own, not
    one fitted number that suits no page exactly.
    """
    n = len(probs)
    if not n:
        return []
    if cut is not None:
        return [i for i in range(n) if probs[i] > cut]
    order = np.argsort(-probs, kind="stable")
    hit = np.cumsum((weights * probs)[order])
    size = np.cumsum(weights[order])
    expected = float((weights * probs).sum())
    f1 = 2 * hit / np.maximum(size + expected, 1e-9)
    k = int(np.argmax(f1)) + 1
    if probs[order[k - 1]] < 0.05:  # nothing on the page is likely content
        k = int((probs >= 0.05).sum())
    return sorted(int(i) for i in order[:k])
