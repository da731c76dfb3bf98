"""The publication date chosen among the dates a page's sources state, by a small learned model.

Publishers state a date in several places (JSON-LD, meta tags, <time>, the dateline, the
address) and htmldate reads one more; they disagree on about one page in ten (a modified date
in the published tag, a UTC day beside the local one, a related video's date). No fixed
order wins on every set: wcxb's pages trust the published meta tag most, mozilla's the
JSON-LD article when other sources back it. So each distinct date is a candidate whose
features say which sources state it, how many agree, where it falls among the others
(earliest, latest), whether the reader sees it (<time>, the dateline) and falls after every
published date the markup states (a revision shown on the page: the expected date on about
four in ten such pages), and whether the page has a published meta tag or JSON-LD date at
all (sites that keep the first date only in JSON-LD often show the revised one); boosted trees (`date_model.json`, trained by bench/train_extract.py
--dates on ../shared/eval, scored out of fold by site) give each a probability of being the
publication date, and the likeliest wins. Without the model file the fitted source order
(`metadata.DATE_ORDER`) decides.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from .block_model import Trees, load_model
from .block_model import columns as model_columns

DATE_MODEL_FILE = Path(__file__).with_name("date_model.json")

MARKUP_SOURCES: tuple[str, ...] = ("json-ld", "meta", "itemprop", "json-ld-created", "time", "dateline",
                                   "meta-modified", "url")
VOTERS: tuple[str, ...] = MARKUP_SOURCES + ("htmldate",)  # the sources the model reads
NAMES: tuple[str, ...] = tuple(f"from_{s}" for s in VOTERS) + (
    "n_sources", "n_markup_sources", "n_candidates", "earliest", "latest", "rank", "modified_only",
    "visible", "after_published", "page_has_meta", "page_has_json_ld")
VISIBLE: frozenset[str] = frozenset({"time", "dateline"})  # dates the reader sees on the page
PUBLISHED: frozenset[str] = frozenset({"json-ld", "meta", "itemprop"})  # the markup's published date


def date_candidates(dates: dict[str, str | None]) -> tuple[list[str], np.ndarray]:
    """The distinct dates the voters state (in calendar order) and their features (`NAMES`)."""
    stated: dict[str, set[str]] = {}
    for source in VOTERS:
        value = dates.get(source)
        if value:
            stated.setdefault(value, set()).add(source)
    days = sorted(stated)
    published = [d for d in days if stated[d] & PUBLISHED]
    has_meta, has_ld = float(bool(dates.get("meta"))), float(bool(dates.get("json-ld")))
    rows = np.zeros((len(days), len(NAMES)), dtype=np.float64)
    for i, day in enumerate(days):
        own = stated[day]
        rows[i, : len(VOTERS)] = [float(s in own) for s in VOTERS]
        rows[i, len(VOTERS):] = [len(own), len(own & set(MARKUP_SOURCES)), len(days), float(i == 0),
                                 float(i == len(days) - 1), i / max(1, len(days) - 1),
                                 float(own == {"meta-modified"}), float(bool(own & VISIBLE)),
                                 float(bool(published) and day > max(published)), has_meta, has_ld]
    return days, rows


def learned_date(dates: dict[str, str | None], trees: Trees) -> str | None:
    """The likeliest publication date among those the sources state (None when none does)."""
    days, rows = date_candidates(dates)
    if not days:
        return None
    probs = trees.probabilities(model_columns(trees, rows, NAMES))
    return days[int(np.argmax(probs))]


@lru_cache(maxsize=1)
def shipped_date_model() -> Trees | None:
    """The date chooser in the package."""
    return load_model(DATE_MODEL_FILE, Trees)
