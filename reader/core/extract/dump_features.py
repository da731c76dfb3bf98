"""What the dump classifier knows about each unit of a text dump: a row of numbers per unit.

A unit is a paragraph, bullet or line re-joined by `text.units_of`. Its features are of four
kinds: its own shape (words, length, indentation, bullets, lynx's "[12]" link marks,
punctuation, grammar words, furniture and byline patterns), the hand-set rules' votes (the
unit's rule score, whether the rules' best run holds it, whether they keep it), its place
(position in the dump, distance to the rules' run) and its neighbours (are the units around it
prose, kept, linked), with a few facts of the whole dump (wrapped or not, link-marked or not,
how much of it is prose), and its context in the dump's story (`_CONTEXT`: against the title
line, amid the prose far around it, its sentences' shape, repeats of its phrases elsewhere,
end-of-article headings passed). The names are the model file's column names.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .markers import END_MARKER, FURNITURE_LINE


class UnitLike(Protocol):
    text: str
    bullet: bool
    indent: int
    lines: int
    words: int
    repeats: int
    marks: int


@dataclass(slots=True)
class UnitFacts:
    """The rules' judgement of one unit (computed by `text.py`, which owns the rules)."""

    score: float
    prose: bool
    cut_off: bool
    comment: bool
    code: bool
    byline: bool
    date: bool
    title_like: bool
    function_share: float
    lower_share: float


_OWN = ("log_words", "log_chars", "bullet", "indent", "log_lines", "log_repeats", "prose",
        "ends_sentence", "sentence_inside", "function_share", "lower_share", "cut_off",
        "furniture", "comment", "code", "byline", "date", "title_like", "end_marker",
        "digit_share", "upper_share", "log_marks", "mark_density", "starts_upper", "ends_colon",
        "words_per_line", "indent_vs_prose", "form_control")
_RULES = ("rule_score", "rule_in_run", "rule_kept", "rule_lead")
_PLACE = ("rel_index", "rel_words", "run_distance", "before_run", "after_run")
_NEIGHBOURS = ("prev_log_words", "next_log_words", "prev_prose", "next_prose", "prev_bullet",
               "next_bullet", "prev_kept", "next_kept", "window_prose", "window_kept",
               "window_mark_density", "window_repeats", "window_bullets", "prev_rule_score",
               "next_rule_score")
# where the unit sits in the dump's story: against the title line the rules found, amid the
# prose around it (ten units a side, and all of it before and after), how its sentences are
# shaped, how much of it other units repeat (a teaser restating the headline, a gallery's
# captions), how many nearby rows carry lynx link numbers, and how many end-of-article
# headings ("More stories") lie between the rules' article start and it
_CONTEXT = ("title_distance", "after_title", "wide_prose", "prose_before", "prose_after",
            "sentence_words", "sentences", "shared_trigrams", "window_marked", "after_end_marker")
_PAGE = ("page_log_units", "page_log_words", "page_wrapped", "page_marks", "page_prose_share",
         "page_run_share", "page_kept_share")
NAMES: tuple[str, ...] = _OWN + _RULES + _PLACE + _NEIGHBOURS + _PAGE + _CONTEXT

_END = re.compile(r"[.!?…\"'”’)\]。！？」』）]\s*$")
_INSIDE = re.compile(r"\w[.!?][\"'”’)]?\s+[\"'“‘(]?[A-Z0-9]|[。！？]")
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[A-Z\u00c0-\u00de]")
_ALPHA = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"\w+")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?。！？])[\"'”’)\]]*\s+")
# what lynx and w3m print for form controls and unnamed images: page furniture, never prose
_FORM = re.compile(r"\(BUTTON\)|\[(?:IMG|INLINE|LINK|BUTTON[^\]]*)\]|_{8,}|\[ \]|\(\*\)|\( \)|\[X\]")


def _signed_log(x: float) -> float:
    return math.copysign(math.log1p(abs(x)), x)


def _context(units: Sequence[UnitLike], prose: np.ndarray, title_at: int, run_start: int) -> np.ndarray:
    """The `_CONTEXT` columns (see there)."""
    n = len(units)
    words = np.array([u.words for u in units], dtype=np.float64)
    pw = prose * words
    total_pw = max(1.0, float(pw.sum()))
    cpw = np.concatenate([[0.0], np.cumsum(pw)])
    cw = np.concatenate([[0.0], np.cumsum(np.maximum(words, 1.0))])
    idx = np.arange(n)
    lo, hi = np.maximum(idx - 10, 0), np.minimum(idx + 11, n)
    marked = np.concatenate([[0.0], np.cumsum([u.marks > 0 for u in units])])
    lo5, hi5 = np.maximum(idx - 5, 0), np.minimum(idx + 6, n)
    grams: list[set[tuple[str, ...]]] = []
    counts: Counter[tuple[str, ...]] = Counter()
    for u in units:
        toks = [t.casefold() for t in _WORDS.findall(u.text[:2000])]
        g = {tuple(toks[i:i + 3]) for i in range(max(0, len(toks) - 2))}
        grams.append(g)
        counts.update(g)
    out = np.zeros((n, len(_CONTEXT)))
    if title_at >= 0:
        d = idx - title_at
        out[:, 0], out[:, 1] = np.sign(d) * np.log1p(np.abs(d)), d > 0
    else:
        out[:, 1] = 0.5
    out[:, 2] = (cpw[hi] - cpw[lo]) / (cw[hi] - cw[lo])
    out[:, 3], out[:, 4] = cpw[idx] / total_pw, (cpw[n] - cpw[idx + 1]) / total_pw
    out[:, 8] = (marked[hi5] - marked[lo5]) / (hi5 - lo5)
    passed = 0
    for i, u in enumerate(units):
        sentences = sum(1 for x in _SENTENCE_BREAK.split(u.text[:3000]) if x.strip())
        out[i, 5], out[i, 6] = math.log1p(u.words / max(1, sentences)), math.log1p(sentences)
        g = grams[i]
        out[i, 7] = sum(1 for x in g if counts[x] > 1) / len(g) if g else 0.0
        if i > run_start:
            prev = units[i - 1]
            if prev.words <= 8 and not prose[i - 1] and END_MARKER.match(" ".join(prev.text.split())[:60]):
                passed += 1
            out[i, 9] = math.log1p(passed)
    return out


def unit_features(units: Sequence[UnitLike], facts: Sequence[UnitFacts], in_run: Sequence[bool],
                  kept: Sequence[bool], lead: Sequence[bool], wrapped: bool, title_at: int = -1,
                  run_start: int = 0) -> np.ndarray:
    """The feature matrix of a dump's units (rows in unit order, columns as `NAMES`); `title_at`
    the unit of the title line the rules found (-1: none), `run_start` where their article starts."""
    n = len(units)
    out = np.zeros((n, len(NAMES)), dtype=np.float32)
    if not n:
        return out
    words = np.array([u.words for u in units], dtype=np.float64)
    total = max(1.0, float(words.sum()))
    cum = np.concatenate([[0.0], np.cumsum(words)])
    prose = np.array([f.prose for f in facts], dtype=np.float64)
    keep = np.array(kept, dtype=np.float64)
    run = np.array(in_run, dtype=np.float64)
    bullets = np.array([u.bullet for u in units], dtype=np.float64)
    repeats = np.array([u.repeats > 1 for u in units], dtype=np.float64)
    marks = np.array([u.marks for u in units], dtype=np.float64)
    density = marks / np.maximum(words, 1.0)
    rule = np.array([_signed_log(f.score) for f in facts], dtype=np.float64)
    # indentation against the page's prose (lynx indents paragraphs by three, w3m not at all)
    prose_indents = sorted(u.indent for u, f in zip(units, facts) if f.prose)
    usual_indent = prose_indents[len(prose_indents) // 2] if prose_indents else 0
    run_idx = np.flatnonzero(run)
    run_lo, run_hi = (int(run_idx[0]), int(run_idx[-1])) if len(run_idx) else (n, -1)

    def window(a: np.ndarray) -> np.ndarray:  # mean over the unit and three on each side
        c = np.concatenate([[0.0], np.cumsum(a)])
        lo = np.maximum(np.arange(n) - 3, 0)
        hi = np.minimum(np.arange(n) + 4, n)
        return np.asarray((c[hi] - c[lo]) / (hi - lo))

    w_prose, w_kept, w_density = window(prose), window(keep), window(density)
    w_repeats, w_bullets = window(repeats), window(bullets)
    page = [math.log1p(n), math.log1p(total), float(wrapped), float(marks.sum() > 0),
            float((prose * words).sum() / total), float((run * words).sum() / total),
            float((keep * words).sum() / total)]
    context = _context(units, prose, title_at, run_start)
    for i, (u, f) in enumerate(zip(units, facts)):
        t = u.text.strip()
        sample = t[:2000]
        letters = _ALPHA.subn("", sample)[1] or 1
        folded = " ".join(t[:200].split())
        row = [
            math.log1p(u.words), math.log1p(len(t)), float(u.bullet), min(u.indent, 40) / 40,
            math.log1p(u.lines), math.log1p(u.repeats), float(f.prose), float(bool(_END.search(t))),
            float(bool(_INSIDE.search(sample))), f.function_share, f.lower_share, float(f.cut_off),
            float(bool(FURNITURE_LINE.match(t))), float(f.comment), float(f.code), float(f.byline),
            float(f.date), float(f.title_like), float(len(folded) < 60 and bool(END_MARKER.match(folded))),
            _DIGIT.subn("", sample)[1] / max(1, len(sample)), _UPPER.subn("", sample)[1] / letters,
            math.log1p(u.marks), float(density[i]), float(t[:1].isupper()), float(t.endswith(":")),
            u.words / max(1, u.lines), max(-40, min(u.indent - usual_indent, 40)) / 40,
            float(bool(_FORM.search(sample))),
        ]
        row += [float(rule[i]), float(run[i]), float(keep[i]), float(lead[i])]
        distance = 0.0 if run_lo <= i <= run_hi else min(abs(i - run_lo), abs(i - run_hi))
        row += [i / n, float(cum[i] / total), math.log1p(distance), float(i < run_lo), float(i > run_hi)]
        row += [math.log1p(words[i - 1]) if i else 0.0, math.log1p(words[i + 1]) if i + 1 < n else 0.0,
                float(prose[i - 1]) if i else 0.0, float(prose[i + 1]) if i + 1 < n else 0.0,
                float(bullets[i - 1]) if i else 0.0, float(bullets[i + 1]) if i + 1 < n else 0.0,
                float(keep[i - 1]) if i else 0.0, float(keep[i + 1]) if i + 1 < n else 0.0,
                float(w_prose[i]), float(w_kept[i]), float(w_density[i]), float(w_repeats[i]),
                float(w_bullets[i]), float(rule[i - 1]) if i else 0.0, float(rule[i + 1]) if i + 1 < n else 0.0]
        row += page
        row += context[i].tolist()
        out[i] = row
    return out
