"""Extraction benchmark: ours out of fold vs plain readability-lxml vs trafilatura, one run.

    .venv/bin/python bench/train_extract.py && .venv/bin/python bench/extract.py
    .venv/bin/python bench/extract.py --sets aeb,mozilla --no-dumps --worst 10

Data: ../shared/eval/extraction/{aeb,mozilla,wcxb} (metric as in its README: 4-token shingles,
precision and recall averaged over pages, F1 of the means; also the mean per-page F1).

Honesty: the block classifier, the reading chooser and the date chooser are fitted on four
folds and scored on the fifth, five times (folds split by site: wcxb's domain, aeb's URL host, mozilla's test name,
so one site's pages never sit on both sides); the headline "ours" row is that out-of-fold
score (the chooser is fitted on probabilities held out within the training folds, as the
shipped one is on probabilities held out across all pages; the row "without the reading
chooser" is the previous round's method: expected F1 at a cut fitted the same nested way).
The shipped model (trained on every page) applied to the same pages is printed as
"in-sample", which is never a result. Ablations are out of fold too: without the costly votes
(the lean model), without page-level features, votes only; and one row per part of the
method added last (the stacked stage, the repeated-structure features), printed even with
--no-ablations. The stacked stage's input probabilities are cross-fitted inside the training
folds (`train_extract.stacked_fold`). The oracle row is the best candidate per page by its
true F1: the ceiling of any chooser, never a result. The anchors run in the same
process as our timed extraction: readability-lxml `Document(html).summary()` text and
trafilatura with default settings; speed is the median and slowest ms per page of our whole
`extract()` and of plain readability.

"wcxb fresh" is the 897 pages added to wcxb on 2026-12-01, told from the 600 older ones by the
modification time in their gzip headers (2026-11-29 for the old ones; scores of the extractor
of that time reproduce the previous round's figures exactly on the old 600).

Text dumps: the eval's w3m dumps, lynx dumps made here (`lynx -dump -width=80`, link numbers
and reference list as lynx prints them) and unwrapped dumps (`lynx -dump -nolist -width=1024`,
one line per paragraph), each beside the whole dump as it is; skipped when lynx is missing.
The dump extractor's unit classifier (dump_model.json) is scored out of fold like the block
classifier, beside its first pass alone (without the stacked second pass) and the hand-set
rules alone ("rules-dump"); its timed rows give the speed.

Titles: the learned headline chooser (title_model.json) out of fold, its set weighting chosen
inside the training folds (nested); the "rule-based pick alone" row carries the hand-set
rule's title (`metadata.choose_title`). Dates: the learned chooser among the date sources
(date_model.json) fitted on the training folds, beside the fitted source order alone. The dump
extractor's post-processing (`text.CHOICES`) is chosen inside the training folds too.

    .venv/bin/python bench/extract.py --dumps-only      # the dump tables alone (minutes)
    .venv/bin/python bench/extract.py --titles-only     # the title table alone
    .venv/bin/python bench/extract.py --metadata-only   # title, byline, date vs both anchors
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import struct
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from multiprocessing import Pool
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from train_extract import (EVAL, LYNX_ARGS, SETS, DumpData, DumpFits, MetaPage, PageData, TitleData,  # noqa: E402
                           _addressless, best_title_balance, candidate_text, collect_all, collect_dumps,
                           collect_metas, collect_titles, fit_chooser, fit_date_model,
                           fit_date_order, fit_title_model, fold_of,
                           lean_names, lynx_dump, page_candidates, titles_of)

FOLDS = 5
FRESH_SINCE = 1796000000  # gzip MTIME (2026-11-30): wcxb pages added on 2026-12-01
_TOKEN = re.compile(r"\w+")


# ------------------------------------------------------------------------------ metric

def shingles(text: str) -> Counter:
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < 4:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3))


def page_scores(pred: str, truth: str) -> tuple[float | None, float | None, float]:
    """(precision or None if pred empty, recall or None if truth empty, per-page F1)."""
    p, t = shingles(pred), shingles(truth)
    tp = sum((p & t).values())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    precision = 1.0 if fp == 0 and fn == 0 else (tp / (tp + fp) if tp + fp else 0.0)
    recall = 1.0 if fp == 0 and fn == 0 else (tp / (tp + fn) if tp + fn else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if not p:
        f1 = 0.0 if t else 1.0
    return (precision if p else None), (recall if t else None), f1


def norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def date_of(text: str | None) -> str | None:
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", text or "")
    return m.group(0) if m else None


def truth_of(set_name: str, page_id: str) -> str:
    return (EVAL / set_name / f"{page_id}.txt").read_text("utf-8")


def fresh(set_name: str, page_id: str) -> bool:
    if set_name != "wcxb":
        return False
    head = (EVAL / set_name / f"{page_id}.html.gz").read_bytes()[:8]
    return struct.unpack("<I", head[4:8])[0] >= FRESH_SINCE


# ------------------------------------------------------------------------------ anchors and timing

def _readability(html: bytes, url: str | None) -> dict:
    import lxml.html
    from readability import Document

    doc = Document(html.decode("utf-8", "replace"), url=url)
    title = doc.short_title()
    summary = doc.summary(html_partial=True)
    root = lxml.html.fragment_fromstring(summary, create_parent="div") if summary.strip() else None
    return {"text": " ".join(root.itertext()) if root is not None else "", "title": title}


def _trafilatura(html: bytes, url: str | None) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(html.decode("utf-8", "replace"), url=url, with_metadata=True)
    if doc is None:
        return {"text": ""}
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    return {"text": get("text") or "", "title": get("title"), "byline": get("author"), "date": get("date")}


def _ours(body: bytes, url: str | None, media_type: str) -> dict:
    from reader.core.extract import extract
    from reader.core.models import Page

    from reader.core.extract import ExtractOptions

    options = ExtractOptions().with_spec(os.environ.get("READER_EXTRACT_OPTIONS", ""))
    a = extract(Page(location="page", body=body, media_type=media_type, final_url=url), options=options)
    return {"text": a.text, "title": a.title, "byline": a.byline, "date": a.published,
            "candidate": a.candidate}


def _timed(fn, *args) -> tuple[dict, float, str | None]:
    start = time.perf_counter()
    try:
        out, error = fn(*args), None
    except Exception as exc:  # the benchmark counts failures, it does not stop on them
        from reader.core.errors import ReaderError

        out = {"text": ""}
        error = None if isinstance(exc, ReaderError) else f"{type(exc).__name__}: {exc}"
    return out, (time.perf_counter() - start) * 1000, error


def run_page(job: tuple[str, str, bool, bool]) -> list[dict]:
    """Rows for one page: our timed extraction, the anchors, and our dump extractor on dumps."""
    set_name, page_id, anchors, dumps = job
    folder = EVAL / set_name
    meta = json.loads((folder / f"{page_id}.json").read_text("utf-8"))
    html = gzip.decompress((folder / f"{page_id}.html.gz").read_bytes())
    url = meta.get("url")
    systems = [("ours", _ours, (html, url, "text/html"))]
    if anchors:
        systems += [("readability", _readability, (html, url)), ("trafilatura", _trafilatura, (html, url))]
    if dumps:
        w3m = (folder / f"{page_id}.dump.txt").read_bytes()
        variants = [("w3m", w3m)]
        if shutil.which("lynx"):
            variants += [(v, lynx_dump(html, LYNX_ARGS[v])) for v in ("lynx", "unwrapped")]
        for name, dump in variants:
            if dump is None:
                continue
            systems.append((f"ours-dump {name}", _ours, (dump, None, "text/plain")))
            systems.append((f"whole-dump {name}", lambda d: {"text": d.decode("utf-8", "replace")}, (dump,)))
    rows = []
    for system, fn, args in systems:
        out, ms, error = _timed(fn, *args)
        rows.append({"set": set_name, "id": page_id, "system": system, "ms": ms, "error": error,
                     "text": out.get("text") or "", "title": out.get("title"), "byline": out.get("byline"),
                     "date": out.get("date"), "candidate": out.get("candidate")})
    return rows


# ------------------------------------------------------------------------------ out of fold

def model_text(page: PageData, probs, cut: float, chooser=None, region: bool = True) -> str:
    """What the extractor shows for these block probabilities: the best-ranked candidate, as
    `classify.choices` ranks them (by `chooser` when given, else by expected F1 at `cut`; the
    page's <main> taken as the blocks its text holds)."""
    from reader.core.extract.classify import ranked_candidates
    from reader.core.extract.features import NAMES

    if chooser is not None:
        ranked = page_candidates(page, probs, chooser, region)
    else:
        chars = np.array([len(t.strip()) for t in page.texts], dtype=np.float64)
        share = page.features[:, NAMES.index("vote_main")]
        main = [i for i in range(len(page.texts)) if share[i] >= 0.5]
        ranked = ranked_candidates(page.features, chars, probs, cut, main, bool(page.trafilatura_text),
                                   bool(page.rules_text))
    if not ranked:
        return page.rules_text
    name, idx, _ = ranked[0]
    return candidate_text(page, name, idx)


NO_STACK = "ours without the stacked stage (first-stage probabilities, chooser as ours)"
NO_REGION = "ours without the region candidate (chooser refitted without it)"
PART_ABLATIONS = (NO_STACK,)  # the parts of this round: printed even with --no-ablations
STACKED_VARIANTS = ("ours",)  # variants whose probabilities come from the two stages
ORACLE = "best candidate per page (oracle ceiling; not a result)"


def variant_names() -> dict[str, tuple[str, ...]]:
    from reader.core.extract.features import NAMES

    return {
        "ours": NAMES,
        NO_STACK: NAMES,
        "ours without the extractors' votes (lean model)": lean_names(NAMES),
        "ours without page-level features": tuple(n for n in NAMES if not n.startswith("page_")),
    }


def variant_fold_probabilities(pages: list[PageData], variant: str, names: tuple[str, ...], k: int):
    """Fold k's held-out block probabilities for a variant: the two stages (`stacked_fold`) or
    the first stage alone."""
    from train_extract import first_fold, stacked_fold

    if variant in STACKED_VARIANTS:
        return stacked_fold(pages, names, k, FOLDS)
    return first_fold(pages, names, k, FOLDS, variant == NO_STACK)


def oracle_text(page: PageData, probs) -> str:
    """The text of the page's best candidate by its true F1 (the ceiling of any chooser)."""
    texts = [candidate_text(page, name, idx) for name, idx, _ in page_candidates(page, probs)] or [page.rules_text]
    truth = truth_of(page.set, page.id)
    return max(texts, key=lambda t: page_scores(t, truth)[2])


CUTS = tuple(round(0.3 + 0.05 * i, 2) for i in range(11))  # block probability cuts tried
_TRUTH: dict[tuple[str, str], Counter] = {}


def _truth_shingles(page: PageData) -> Counter:
    key = (page.set, page.id)
    if key not in _TRUTH:
        _TRUTH[key] = shingles(truth_of(page.set, page.id))
    return _TRUTH[key]


def set_f1(scored: list[tuple[PageData, str]]) -> float:
    """The mean over sets of each set's F1 (the README metric), so no set outweighs another."""
    by_set: dict[str, list[tuple[float | None, float | None]]] = defaultdict(list)
    for page, text in scored:
        p, t = shingles(text), _truth_shingles(page)
        tp = sum((p & t).values())
        fp, fn = sum(p.values()) - tp, sum(t.values()) - tp
        precision = 1.0 if fp == fn == 0 else (tp / (tp + fp) if tp + fp else 0.0)
        recall = 1.0 if fp == fn == 0 else (tp / (tp + fn) if tp + fn else 0.0)
        by_set[page.set].append((precision if p else None, recall if t else None))
    return mean_group_f1(by_set.values())


def mean_group_f1(groups) -> float:
    """The mean over groups of (precision or None, recall or None) rows of each group's README F1."""
    out = []
    for rows in groups:
        ps = [a for a, _ in rows if a is not None]
        rs = [b for _, b in rows if b is not None]
        pm, rm = (statistics.fmean(ps) if ps else 0.0), (statistics.fmean(rs) if rs else 0.0)
        out.append(2 * pm * rm / (pm + rm) if pm + rm else 0.0)
    return statistics.fmean(out) if out else 0.0


def best_cut(probs: dict[tuple[str, str], object], pages: list[PageData]) -> float:
    """The cut that scores best with these (held-out) probabilities."""
    def text(p: PageData, cut: float) -> str:
        key = (p.set, p.id, cut, id(probs[(p.set, p.id)]))  # the folds of one run ask again
        if key not in _CUT_TEXTS:
            _CUT_TEXTS[key] = model_text(p, probs[(p.set, p.id)], cut)
        return _CUT_TEXTS[key]

    return max(CUTS, key=lambda cut: set_f1([(p, text(p, cut)) for p in pages]))


_CUT_TEXTS: dict[tuple[str, str, float, int], str] = {}


def out_of_fold(pages: list[PageData], variants: dict[str, tuple[str, ...]], nested: bool = True
                ) -> tuple[dict[str, dict[tuple[str, str], str]], list[float], float]:
    """variant -> (set, id) -> text, each page scored by a model that never saw its site.

    Block probabilities are cross-fitted: each fold's from models fitted on the other four
    (the stacked variants' from both stages, `train_extract.stacked_fold`). The reading chooser ("ours") and the single cut on block probabilities (the previous
    round's method, the row without the chooser) for fold k are then fitted on the other
    folds' pages and their held-out probabilities, never on fold k's pages or truth (the block
    models behind those probabilities did see fold k's blocks: one step removed, and five
    fits instead of twenty-five). Returns the texts, the cut of each fold, and the cut the
    whole out-of-fold run prefers.
    """
    from reader.core.extract.choice import STRICT_CUT

    usable = [p for p in pages if len(p.texts)]
    out: dict[str, dict[tuple[str, str], str]] = {v: {} for v in [*variants, NO_CHOOSER, ORACLE, NO_REGION]}
    probs: dict[str, dict[tuple[str, str], object]] = {v: {} for v in variants}
    for variant, names in variants.items():
        for k in range(FOLDS):
            probs[variant].update(variant_fold_probabilities(usable, variant, names, k))
        print(f"{variant}: held-out block probabilities ready", file=sys.stderr, flush=True)
    cuts: list[float] = []
    ours = probs["ours"]
    for k in range(FOLDS):
        train = [p for p in usable if fold_of(p.site) != k]
        test = [p for p in usable if fold_of(p.site) == k]
        cut = best_cut(ours, train) if nested else 0.5
        chooser = fit_chooser(train, ours) if nested else None
        cuts.append(cut)
        for p in test:
            key = (p.set, p.id)
            out[NO_CHOOSER][key] = model_text(p, ours[key], cut)
            out[ORACLE][key] = oracle_text(p, ours[key])
            for variant in variants:
                out[variant][key] = model_text(p, probs[variant][key], STRICT_CUT, chooser) \
                    if chooser is not None else model_text(p, probs[variant][key], cut)
        if nested:
            out[NO_REGION].update(without_region(train, test, ours))
        print(f"fold {k + 1}/{FOLDS}: {len(train)} training pages, {len(test)} held out, cut {cut}",
              file=sys.stderr, flush=True)
    return out, cuts, best_cut(ours, usable)


def without_region(train: list[PageData], test: list[PageData], probs) -> dict[tuple[str, str], str]:
    """The test pages' texts when no "region" candidate is offered (the chooser refitted so)."""
    from reader.core.extract.choice import STRICT_CUT

    chooser = fit_chooser(train, probs, region=False)
    return {(p.set, p.id): model_text(p, probs[(p.set, p.id)], STRICT_CUT, chooser, region=False) for p in test}


NO_CHOOSER = "ours without the reading chooser (expected F1, nested cut: the previous round)"


_DUMP_TRUTH: dict[tuple[str, str], Counter] = {}
_DUMP_PR: dict[tuple, tuple[float | None, float | None]] = {}  # (dump, hash of its units) -> P, R


def _dump_text(d: DumpData, chosen: list[int] | None) -> str:
    """The dump's text from these units (None: the rules' choice); the whole dump when empty."""
    from reader.core.extract.text import dump_text

    a = d.analysis
    return dump_text(a, a.kept if chosen is None else chosen) or dump_text(a, list(range(len(a.units))))


def _dump_pr(d: DumpData, chosen: list[int] | None) -> tuple[float | None, float | None]:
    """(precision, recall) of the dump's text from these units (None: the rules' choice), each
    unit set scored once (the choice settings often agree on a dump)."""
    memo = (d.set, d.id, d.variant, None if chosen is None else hash(tuple(chosen)))
    if memo in _DUMP_PR:
        return _DUMP_PR[memo]
    if (d.set, d.id) not in _DUMP_TRUTH:
        _DUMP_TRUTH[(d.set, d.id)] = shingles(truth_of(d.set, d.id))
    p, t = shingles(_dump_text(d, chosen)), _DUMP_TRUTH[(d.set, d.id)]
    tp = sum((p & t).values())
    fp, fn = sum(p.values()) - tp, sum(t.values()) - tp
    precision = 1.0 if fp == fn == 0 else (tp / (tp + fp) if tp + fp else 0.0)
    recall = 1.0 if fp == fn == 0 else (tp / (tp + fn) if tp + fn else 0.0)
    _DUMP_PR[memo] = (precision if p else None, recall if t else None)
    return _DUMP_PR[memo]


def _dump_chosen(d: DumpData, probs: dict, settings) -> list[int] | None:
    """The units the extractor keeps with these held-out probabilities and choice settings
    (None: the rules' own choice, where the classifier does not decide, as `text.dump_choice`)."""
    from reader.core.extract.text import model_choice

    key = (d.set, d.id, d.variant)
    return model_choice(d.analysis, probs[key], None, settings) if key in probs else None


def _dump_f1(dumps: list[DumpData], probs: dict, settings) -> float:
    """The mean over (set, dump variant) of the README F1, so no set or variant outweighs another."""
    groups: dict[tuple[str, str], list[tuple[float | None, float | None]]] = defaultdict(list)
    for d in dumps:
        groups[(d.set, d.variant)].append(_dump_pr(d, _dump_chosen(d, probs, settings)))
    return mean_group_f1(groups.values())


def _dump_probs(model, test: list[DumpData]) -> dict[tuple[str, str, str], object]:
    """Held-out unit probabilities of `test` from `model` (a `DumpModel`, or a bare first pass)."""
    from reader.core.extract.dump_model import DumpModel
    from reader.core.extract.text import unit_probabilities

    if not isinstance(model, DumpModel):
        model = DumpModel(model)
    return {(d.set, d.id, d.variant): unit_probabilities(d.analysis, model)
            for d in test if d.analysis.features is not None and d.analysis.found}


def _dump_texts(dumps: list[DumpData], probs: dict, settings) -> dict[tuple[str, str, str], str]:
    """The dump extractor's text with these held-out probabilities and choice settings."""
    return {(d.set, d.id, d.variant): _dump_text(d, _dump_chosen(d, probs, settings)) for d in dumps}


def best_dump_choice(dumps: list[DumpData], probs: dict):
    """The choice settings (`text.CHOICES`) that score best with these held-out probabilities."""
    from reader.core.extract.text import CHOICES

    return max(CHOICES, key=lambda c: _dump_f1(dumps, probs, c))


# the shipped model with the choice settings its training folds prefer (nested), where "ours"
# is the choice the product makes (text.CHOICE): a fitted preference is not what ships until
# text.CHOICE says so, and the fixture tests hold the shipped one to its cases
NESTED_DUMP_CHOICE = "ours with the choice settings chosen inside the training folds"


def dumps_out_of_fold(dumps: list[DumpData], nested: bool = True, stacked: bool = True
                      ) -> tuple[dict[str, dict[tuple[str, str, str], str]], list, object]:
    """{system: (set, id, variant) -> the dump extractor's text}, its unit classifier fitted on
    the other folds' dumps (all three variants) and its choice settings chosen inside those
    folds (nested: for outer fold k, each training fold j is scored by a model fitted on the
    folds other than j and k, and the settings that do best there are applied to fold k); also
    each fold's settings and the ones all out-of-fold probabilities prefer (the ones to ship).
    A model left without folds {j, k} serves both outer folds j and k (`DumpFits` fits each
    once). Systems: "ours" (the stacked model with the shipped choice settings, text.CHOICE:
    what the product does), when nested the same model with the fold-chosen settings
    (`NESTED_DUMP_CHOICE`), and when stacked "first pass alone" (its first pass with its own
    nested choice), so the second pass's gain is measured."""
    from reader.core.extract.text import CHOICE

    fits = DumpFits(dumps, stacked)
    systems = {"ours": fits.model, "first pass alone": fits.first} if stacked else {"ours": fits.model}
    out: dict[str, dict[tuple[str, str, str], str]] = {name: {} for name in systems}
    if nested:
        out[NESTED_DUMP_CHOICE] = {}
    chosen, all_probs = [], {}

    def held(fold: int) -> list[DumpData]:
        return [d for d in dumps if fold_of(d.site) == fold]

    for k in range(FOLDS):
        train = fits.outside(frozenset({k}))
        for name, fit in systems.items():
            settings = CHOICE
            if nested:
                inner: dict = {}
                for j in range(FOLDS):
                    if j != k:
                        inner.update(_dump_probs(fit(frozenset({j, k})), held(j)))
                settings = best_dump_choice(train, inner)
            probs = _dump_probs(fit(frozenset({k})), held(k))
            if name == "ours":  # as the product chooses (text.CHOICE), and as the folds would
                out[name].update(_dump_texts(held(k), probs, CHOICE))
                if nested:
                    out[NESTED_DUMP_CHOICE].update(_dump_texts(held(k), probs, settings))
                chosen.append(settings)
                all_probs.update(probs)
            else:
                out[name].update(_dump_texts(held(k), probs, settings))
        print(f"dump fold {k + 1}/{FOLDS}: {len(train)} training dumps, {chosen[-1]}", file=sys.stderr, flush=True)
    return out, chosen, best_dump_choice(dumps, all_probs)


def dump_settings_line(chosen: list, ship) -> str:
    from reader.core.extract.text import CHOICE

    return (f"Dump choice settings chosen inside the training folds (nested): {chosen}; on all out-of-fold "
            f"probabilities (the one to ship): {ship}; shipped (text.CHOICE): {CHOICE}")


def dump_report(dumps: list[DumpData], oof: dict[str, dict[tuple[str, str, str], str]], sets: list[str],
                worst: int = 0) -> str:
    """Dump F1 per set and variant: each out-of-fold system of `dumps_out_of_fold` (with the
    shipped one's precision and recall), the rules alone, the whole dump; with `worst`, the
    pages the first system scores worst on per set and variant."""
    from reader.core.extract.text import dump_text

    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    systems = [f"{name}, out of fold" for name in oof] + ["rules alone", "whole dump"]
    for d in dumps:
        meta = json.loads((EVAL / d.set / f"{d.id}.json").read_text("utf-8"))
        a = d.analysis
        whole = "\n".join(u.text for u in a.units)
        key = (d.set, d.id, d.variant)
        texts = [texts[key] for texts in oof.values()] + [dump_text(a, a.kept) or whole, whole]
        for system, text in zip(systems, texts):
            row = score_row(system, d.set, d.id, text, meta)
            groups[(d.set, d.variant)].append(row)
            if d.set == "wcxb" and meta.get("page_type") == "article":
                groups[("wcxb articles", d.variant)].append(row)
    lines = ["### text dumps, F1 (out of fold by site)", "",
             "| set | dump | pages | " + " | ".join(systems) + f" | {systems[0]}: P / R |",
             "|---|---|---|" + "---|" * (len(systems) + 1)]
    for (set_name, variant), rows in groups.items():
        scores = {s: summarize([r for r in rows if r["system"] == s]) for s in systems}
        cells = [f"{scores[s]['F1']:.3f}" for s in systems]
        ours = scores[systems[0]]
        lines.append(f"| {set_name} | {variant} | {len(rows) // len(systems)} | " + " | ".join(cells)
                     + f" | {ours['P']:.3f} / {ours['R']:.3f} |")
    for (set_name, variant), rows in groups.items() if worst else ():
        mine = sorted((r for r in rows if r["system"] == systems[0]), key=lambda r: r["f1"])[:worst]
        lines += ["", f"worst {set_name} {variant}: "
                  + ", ".join(f"{r['id']} {r['f1']:.2f} (P {r['precision'] or 0:.2f} R {r['recall'] or 0:.2f})"
                              for r in mine)]
    return "\n".join(lines)


def titles_out_of_fold(titles: list[TitleData]) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str],
                                                        list[float], dict[tuple[str, str], str]]:
    """(set, id) -> the learned chooser's headline, fitted on the other folds' pages with the
    set weighting that scored best inside those folds (nested: inner folds of the training
    pages only); the hand-set rule's headline (`metadata.choose_title`); the weighting of each
    fold; and the same chooser's headline of each page with an address read without it (a
    saved page or stdin that states none)."""
    from reader.core.extract.headings import respace_title
    from reader.core.extract.metadata import choose_title
    from reader.core.extract.titles import learned_title

    learned, rule, balances, bare = {}, {}, [], {}
    for t in titles:
        rule[(t.set, t.id)] = respace_title(choose_title(t.meta.title_candidates, t.meta.site, t.url, t.meta.h1)[0],
                                            t.headings)
    for k in range(FOLDS):
        balance = best_title_balance(titles, skip=k)
        balances.append(balance)
        trees = fit_title_model([t for t in titles if fold_of(t.site) != k], balance)
        for t in titles:
            if fold_of(t.site) == k:
                learned[(t.set, t.id)] = respace_title(learned_title(t.meta, t.url, trees), t.headings)
                if t.url or t.meta.canonical:
                    meta, url = _addressless(t.meta)
                    bare[(t.set, t.id)] = respace_title(learned_title(meta, url, trees), t.headings)
        print(f"title fold {k + 1}/{FOLDS}: set balance {balance}", file=sys.stderr, flush=True)
    return learned, rule, balances, bare


def title_report(titles: list[TitleData], learned: dict, rule: dict, bare: dict | None = None) -> str:
    """Title exact match per set: the learned chooser out of fold vs the rule alone, and how
    often the true title is among the chooser's candidates at all (its ceiling); with `bare`,
    also the chooser's on each set's pages with an address, read without it."""
    from reader.core.extract.headings import respace_title
    from reader.core.extract.titles import title_candidates

    oracle = {(t.set, t.id): t.truth if norm(t.truth) in {norm(respace_title(c.text, t.headings))
                                                           for c in title_candidates(t.meta, t.url)} else ""
              for t in titles if t.truth}
    lines = ["### titles, exact match (out of fold by site)", "",
             "| set | pages with a title | learned chooser, out of fold | rule alone | true title among the candidates |",
             "|---|---|---|---|---|"]
    groups: dict[str, list[TitleData]] = defaultdict(list)
    for t in titles:
        if t.truth:
            groups[t.set].append(t)
            if t.set == "wcxb" and fresh(t.set, t.id):
                groups["wcxb fresh 897 pages"].append(t)
    for name, group in groups.items():
        cells = [sum(norm(d[(t.set, t.id)]) == norm(t.truth) for t in group) / len(group)
                 for d in (learned, rule, oracle)]
        lines.append(f"| {name} | {len(group)} | {cells[0]:.3f} | {cells[1]:.3f} | {cells[2]:.3f} |")
    for name in ("mozilla", "wcxb"):
        group = [t for t in groups.get(name, []) if (t.set, t.id) in (bare or {})]
        if group and bare:
            with_it = sum(norm(learned[(t.set, t.id)]) == norm(t.truth) for t in group) / len(group)
            without = sum(norm(bare[(t.set, t.id)]) == norm(t.truth) for t in group) / len(group)
            lines.append(f"| {name} pages with an address, read without it (with it: {with_it:.3f}) | "
                         f"{len(group)} | {without:.3f} | - | - |")
    return "\n".join(lines)


def dates_out_of_fold(pages: list, judged) -> tuple[dict[tuple[str, str], str | None], dict[tuple[str, str], str | None],
                                                   list[tuple[str, ...]]]:
    """Each page's date by the learned chooser fitted on the other folds (`fit_date_model`), and
    along the source order fitted there (`fit_date_order`); `judged(page)` gives its (dates by
    source, true date). Also each fold's order."""
    from reader.core.extract.dates import learned_date
    from reader.core.extract.metadata import date_from

    learned, ordered, orders = {}, {}, []
    for k in range(FOLDS):
        train = [judged(p) for p in pages if fold_of(p.site) != k]
        order, trees = fit_date_order(train), fit_date_model(train)
        orders.append(order)
        for p in pages:
            if fold_of(p.site) == k:
                dates = judged(p)[0]
                learned[(p.set, p.id)] = learned_date(dates, trees) or date_from(dates, order)
                ordered[(p.set, p.id)] = date_from(dates, order)
    return learned, ordered, orders


def date_orders_out_of_fold(pages: list[PageData]) -> tuple[dict[tuple[str, str], str | None], list[tuple[str, ...]]]:
    """Each page's date from the chooser fitted on the other folds."""
    learned, _, orders = dates_out_of_fold(pages, lambda p: (p.dates, p.meta.get("date")))
    return learned, orders


def metadata_report(metas: list[MetaPage]) -> str:
    """Title, byline and date per set from one run: ours out of fold (the title chooser nested,
    the date order fitted on the other folds) beside readability-lxml and trafilatura, and each
    date source's own accuracy (where it states a date; all pages, descriptive, not a result)."""
    from reader.core.extract.metadata import DATE_ORDER, DATE_SOURCES, date_from

    titles = titles_of(metas)
    learned, rule, balances, _ = titles_out_of_fold(titles)
    dates, ordered, orders = dates_out_of_fold(metas, lambda p: (p.md.dates, p.truth.get("date")))
    groups: dict[str, list[MetaPage]] = defaultdict(list)
    for p in metas:
        groups[p.set].append(p)
        if p.set == "wcxb":
            if p.truth.get("page_type") == "article":
                groups["wcxb articles"].append(p)
            if fresh(p.set, p.id):
                groups["wcxb fresh 897 pages"].append(p)

    def acc(group: list[MetaPage], field: str, got) -> str:
        judged = [p for p in group if p.truth.get(field)]
        if not judged:
            return "-"
        same = date_of if field == "date" else norm
        hits = sum(same(str(got(p) or "")) == same(str(p.truth[field])) for p in judged)
        return f"{hits / len(judged):.3f} ({len(judged)})"

    key = lambda p: (p.set, p.id)  # noqa: E731
    systems = {
        "title": [("ours, out of fold", lambda p: learned[key(p)]), ("rule alone", lambda p: rule[key(p)]),
                  ("readability", lambda p: p.anchors.get("readability title")),
                  ("trafilatura", lambda p: p.anchors.get("trafilatura title"))],
        "byline": [("ours", lambda p: p.md.byline), ("trafilatura", lambda p: p.anchors.get("trafilatura byline"))],
        "date": [("ours, out of fold", lambda p: dates[key(p)]),
                 ("source order alone, out of fold", lambda p: ordered[key(p)]),
                 ("source order alone, shipped (in-sample)", lambda p: date_from(p.md.dates, DATE_ORDER)),
                 ("htmldate alone (its extensive search)", lambda p: p.md.dates.get("htmldate_extensive")),
                 ("trafilatura", lambda p: p.anchors.get("trafilatura date"))],
    }
    out = [f"Title set balance chosen inside the training folds: {balances}",
           f"Date source order fitted on the training folds: {orders}; shipped: {DATE_ORDER}"]
    for field, rows in systems.items():
        lines = [f"### {field}, exact match (pages with a true {field})", "",
                 "| system | " + " | ".join(groups) + " |", "|---|" + "---|" * len(groups)]
        for name, got in rows:
            lines.append(f"| {name} | " + " | ".join(acc(g, field, got) for g in groups.values()) + " |")
        out.append("\n".join(lines))
    lines = ["### date sources alone: right / stated (all pages; descriptive, not a result)", "",
             "| source | " + " | ".join(groups) + " |", "|---|" + "---|" * len(groups)]
    for source in DATE_SOURCES:
        cells = []
        for g in groups.values():
            stated = [p for p in g if p.truth.get("date") and p.md.dates.get(source)]
            right = sum(date_of(p.md.dates[source]) == date_of(p.truth["date"]) for p in stated)
            cells.append(f"{right}/{len(stated)}")
        lines.append(f"| {source} | " + " | ".join(cells) + " |")
    out.append("\n".join(lines))
    out.append(metadata_misses(metas, titles, learned, dates))
    return "\n\n".join(out)


def metadata_misses(metas: list[MetaPage], titles: list[TitleData], learned: dict, dates: dict) -> str:
    """The out-of-fold title and date misses of mozilla and wcxb, counted by class."""
    from reader.core.extract.dates import VOTERS

    sets = ("mozilla", "wcxb")
    title_missed = {s: [title_miss_class(t, learned[(t.set, t.id)]) for t in titles
                        if t.set == s and t.truth and norm(learned[(t.set, t.id)]) != norm(t.truth)] for s in sets}
    date_missed: dict[str, list[str]] = {s: [] for s in sets}
    for p in metas:
        want, got = date_of(str(p.truth.get("date") or "")), date_of(str(dates[(p.set, p.id)] or ""))
        if p.set in sets and want and got != want:
            date_missed[p.set].append(date_miss_class({v: p.md.dates.get(v) for v in VOTERS}, want, got))
    return "\n\n".join([miss_table("title misses by class (ours, out of fold)", title_missed),
                        miss_table("date misses by class (ours, out of fold)", date_missed)])


def title_miss_class(t: TitleData, got: str) -> str:
    """Why an out-of-fold title missed: a part of the true one, more than it, another string,
    or the true one not among the candidates (inside a source, or nowhere on the page)."""
    from reader.core.extract.headings import respace_title
    from reader.core.extract.titles import title_candidates

    want, chosen = norm(t.truth), norm(got)
    if want not in {norm(respace_title(c.text, t.headings)) for c in title_candidates(t.meta, t.url)}:
        inside = any(want in norm(text) for _, text in t.meta.title_candidates)
        return "not a candidate: inside a source" if inside else "not a candidate: nowhere"
    if chosen and chosen in want:
        return "cut too much (a part of it)"
    if chosen and want in chosen:
        return "kept too much (site, section)"
    return "another string (h1 vs metadata...)"


def date_miss_class(dates: dict, want: str, got: str | None) -> str:
    """Why an out-of-fold date missed: no source states it, or the one chosen is earlier (a
    published date where the page shows a revision), later, a day off (time zones), or none."""
    from datetime import date

    if not any(date_of(str(v or "")) == want for v in dates.values()):
        return "no source states it"
    if not got:
        return "none chosen"
    days = (date.fromisoformat(got) - date.fromisoformat(want)).days
    return "a day off" if abs(days) == 1 else "chose an earlier date" if days < 0 else "chose a later date"


def miss_table(title: str, missed: dict[str, list[str]]) -> str:
    """Counts of each miss class per set."""
    sets = list(missed)
    classes = sorted({c for v in missed.values() for c in v})
    lines = [f"### {title}", "", "| class | " + " | ".join(sets) + " |", "|---|" + "---|" * len(sets)]
    for c in classes:
        lines.append(f"| {c} | " + " | ".join(str(missed[s].count(c)) for s in sets) + " |")
    lines.append("| all misses | " + " | ".join(str(len(missed[s])) for s in sets) + " |")
    return "\n".join(lines)


# ------------------------------------------------------------------------------ report

def score_row(system: str, set_name: str, page_id: str, text: str, meta: dict, **extra) -> dict:
    precision, recall, f1 = page_scores(text, truth_of(set_name, page_id))
    row = {"system": system, "set": set_name, "id": page_id, "precision": precision, "recall": recall,
           "f1": f1, "empty": not text.strip(), "type": meta.get("page_type"),
           "fresh": fresh(set_name, page_id)}
    for field in ("title", "byline", "date"):
        want, got = meta.get(field), extra.get(field)
        if not want or field not in extra:
            row[field] = None
        elif field == "date":
            row[field] = date_of(str(got or "")) == date_of(str(want))
        else:
            row[field] = norm(got) == norm(str(want))
    row["ms"] = extra.get("ms")
    row["error"] = extra.get("error")
    return row


def summarize(rows: list[dict]) -> dict:
    ps = [r["precision"] for r in rows if r["precision"] is not None]
    rs = [r["recall"] for r in rows if r["recall"] is not None]
    p = statistics.fmean(ps) if ps else 0.0
    r = statistics.fmean(rs) if rs else 0.0
    ms = sorted(x["ms"] for x in rows if x["ms"] is not None)

    def acc(field: str) -> str:
        vals = [x[field] for x in rows if x[field] is not None]
        return f"{sum(vals) / len(vals):.2f}" if vals else "-"

    return {"n": len(rows), "P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0,
            "pageF1": statistics.fmean(x["f1"] for x in rows) if rows else 0.0,
            "empty": sum(1 for x in rows if x["empty"]), "failed": sum(1 for x in rows if x["error"]),
            "title": acc("title"), "byline": acc("byline"), "date": acc("date"),
            "median": f"{statistics.median(ms):.0f}" if ms else "-", "max": f"{ms[-1]:.0f}" if ms else "-"}


def table(title: str, groups: dict[str, list[dict]]) -> str:
    lines = [f"### {title}", "",
             "| system | n | P | R | F1 | page F1 | empty/failed | title | byline | date | median ms | max ms |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, rows in groups.items():
        if not rows:
            continue
        s = summarize(rows)
        lines.append(f"| {name} | {s['n']} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} | {s['pageF1']:.3f} | "
                     f"{s['empty']}/{s['failed']} | {s['title']} | {s['byline']} | {s['date']} | "
                     f"{s['median']} | {s['max']} |")
    return "\n".join(lines)


def type_table(groups: dict[str, list[dict]]) -> str:
    types = sorted({r["type"] for rows in groups.values() for r in rows if r["type"]})
    lines = ["### wcxb F1 per page type", "", "| system | " + " | ".join(types) + " |",
             "|---|" + "---|" * len(types)]
    for name, rows in groups.items():
        cells = []
        for t in types:
            sub = [r for r in rows if r["type"] == t]
            cells.append(f"{summarize(sub)['F1']:.3f} ({len(sub)})" if sub else "-")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--limit", type=int, default=None, help="pages per set (quick looks only)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--no-anchors", action="store_true", help="skip readability and trafilatura")
    parser.add_argument("--no-dumps", action="store_true")
    parser.add_argument("--no-ablations", action="store_true")
    parser.add_argument("--no-nested", action="store_true", help="cut 0.5 instead of one fitted on inner folds")
    parser.add_argument("--quick", action="store_true",
                        help="out-of-fold text scores only: no timed extraction, anchors or dumps")
    parser.add_argument("--titles-only", action="store_true",
                        help="only the titles: the learned chooser out of fold vs the rule alone")
    parser.add_argument("--metadata-only", action="store_true",
                        help="only title, byline and date: ours out of fold vs readability and trafilatura")
    parser.add_argument("--dumps-only", action="store_true",
                        help="only the text dumps: the unit classifier out of fold vs the rules alone")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages of ours (out of fold)")
    parser.add_argument("--json", help="write per-page rows (no texts) to this file")
    parser.add_argument("--options", default="", help="switches for the timed extract(), e.g. -trafilatura "
                        "(fields of reader.core.extract.ExtractOptions); the out-of-fold rows use the defaults")
    args = parser.parse_args(argv)
    if not EVAL.is_dir():
        print(f"No evaluation data at {EVAL}", file=sys.stderr)
        return 2
    sets = [s for s in args.sets.split(",") if s]
    from reader.core.extract import ExtractOptions
    from reader.core.extract.block_model import shipped_model

    from reader.core.errors import ReaderError

    try:
        ExtractOptions().with_spec(args.options)
    except ReaderError as exc:
        print(exc, file=sys.stderr)
        return 2
    os.environ["READER_EXTRACT_OPTIONS"] = args.options
    if args.titles_only:
        titles = collect_titles(sets, args.jobs, args.limit)
        learned, rule, _, bare = titles_out_of_fold(titles)
        print(title_report(titles, learned, rule, bare))
        return 0
    if args.metadata_only:
        print(metadata_report(collect_metas(sets, args.jobs, args.limit)))
        return 0
    if args.dumps_only:
        dumps = collect_dumps(sets, args.jobs, args.limit)
        dump_systems, dump_choices, ship_choice = dumps_out_of_fold(dumps, nested=not args.no_nested)
        print(dump_settings_line(dump_choices, ship_choice))
        print(dump_report(dumps, dump_systems, sets, args.worst or 0))
        return 0
    model = shipped_model()
    if model is None:
        print("No block model: run bench/train_extract.py first.", file=sys.stderr)
        return 2
    # 1. analysis of every page (cached by source), out-of-fold models and date orders
    pages = collect_all(sets, args.jobs, args.limit)
    variants = variant_names()
    if args.no_ablations:
        variants = {k: v for k, v in variants.items() if k == "ours" or k in PART_ABLATIONS}
    oof, cuts, shipped_cut = out_of_fold(pages, variants, nested=not args.no_nested)
    dates, orders = date_orders_out_of_fold(pages)
    titles = collect_titles(sets, args.jobs, args.limit)
    learned_titles, rule_titles, _, bare_titles = titles_out_of_fold(titles)
    dump_oof: dict[tuple[str, str, str], str] = {}
    dump_rules: dict[tuple[str, str, str], str] = {}
    dump_line = ""
    if not args.no_dumps and not args.quick:
        from reader.core.extract.text import dump_text

        dumps = collect_dumps(sets, args.jobs, args.limit)
        dump_systems, dump_choices, ship_choice = dumps_out_of_fold(dumps, nested=not args.no_nested)
        dump_oof = dump_systems["ours"]
        dump_line = dump_settings_line(dump_choices, ship_choice)
        for d in dumps:
            whole = "\n".join(u.text for u in d.analysis.units)
            dump_rules[(d.set, d.id, d.variant)] = dump_text(d.analysis, d.analysis.kept) or whole
        del dumps  # gigabytes of features: not copied into the timing workers
    # 2. our timed extraction, anchors and dumps, in one pass
    jobs = [(p.set, p.id, not args.no_anchors, not args.no_dumps) for p in pages]
    if args.quick:
        timed = [{"set": p.set, "id": p.id, "system": "ours", "ms": None, "error": None, "text": "",
                  "title": None, "byline": None, "date": None} for p in pages]
    elif args.jobs > 1:
        with Pool(args.jobs) as pool:
            timed = [r for rows in pool.imap(run_page, jobs, chunksize=2) for r in rows]
    else:
        timed = [r for job in jobs for r in run_page(job)]
    by_page = {(p.set, p.id): p for p in pages}
    rows: list[dict] = []
    for r in timed:
        p = by_page[(r["set"], r["id"])]
        if r["system"] == "ours":
            key = (p.set, p.id)
            text = oof["ours"].get(key, r["text"])
            rows.append(score_row("ours, out of fold", p.set, p.id, text, p.meta, title=learned_titles.get(key),
                                  byline=r["byline"], date=dates.get(key), ms=r["ms"], error=r["error"]))
            rows.append(score_row("ours, in-sample (shipped model; not a result)", p.set, p.id, r["text"], p.meta,
                                  date=r["date"]))
            rows.append(score_row("rule-based pick alone (the previous extractor)", p.set, p.id, p.rules_text, p.meta,
                                  title=rule_titles.get(key)))
            rows.append(score_row("trafilatura fast mode (our vote)", p.set, p.id, p.trafilatura_text or "", p.meta))
            for variant in [*variants, NO_CHOOSER, NO_REGION, ORACLE]:
                if variant != "ours" and oof.get(variant):
                    rows.append(score_row(variant + ", out of fold", p.set, p.id, oof[variant].get(key, ""), p.meta))
        elif r["system"].startswith("ours-dump ") and dump_oof:
            # the dump classifier out of fold (the timed run's text is the shipped model's)
            variant = r["system"].split()[-1]
            dkey = (p.set, p.id, variant)
            rows.append(score_row(f"ours-dump {variant}, out of fold", p.set, p.id, dump_oof.get(dkey, r["text"]),
                                  p.meta, ms=r["ms"], error=r["error"]))
            rows.append(score_row(f"rules-dump {variant} (hand-set rules alone)", p.set, p.id,
                                  dump_rules.get(dkey, ""), p.meta))
        else:
            rows.append(score_row(r["system"], p.set, p.id, r["text"], p.meta, title=r["title"],
                                  byline=r["byline"], date=r["date"], ms=r["ms"], error=r["error"]))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), "utf-8")
    from reader.core.extract.metadata import DATE_ORDER

    out = [f"Date source order fitted on the training folds: {sorted(set(orders))}; shipped: {DATE_ORDER}",
           f"Block probability cut chosen on the training folds (nested): {cuts}; on all out-of-fold "
           f"probabilities (the one to ship, bench/train_extract.py CUT): {shipped_cut}"] + ([dump_line] if dump_line else [])
    for s in sets:
        html_groups: dict[str, list[dict]] = defaultdict(list)
        dump_groups: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            if r["set"] == s:
                (dump_groups if "dump" in r["system"] else html_groups)[r["system"]].append(r)
        subsets = [(s, lambda r: True)]
        if s == "wcxb":
            subsets += [("wcxb articles", lambda r: r["type"] == "article"),
                        ("wcxb fresh 897 pages", lambda r: r["fresh"]),
                        ("wcxb fresh 897 pages, articles", lambda r: r["fresh"] and r["type"] == "article")]
        for title, keep in subsets:
            out.append(table(f"{title} (HTML)", {k: [r for r in v if keep(r)] for k, v in html_groups.items()}))
            if dump_groups and "fresh" not in title:
                out.append(table(f"{title} (text dumps)", {k: [r for r in v if keep(r)] for k, v in dump_groups.items()}))
        if s == "wcxb":
            out.append(type_table(html_groups))
    out.append(title_report(titles, learned_titles, rule_titles, bare_titles))
    ours = [r for r in rows if r["system"] == "ours, out of fold"]
    plain = [r for r in rows if r["system"] == "readability"]
    if ours and plain:
        mo, mr = statistics.median(r["ms"] for r in ours), statistics.median(r["ms"] for r in plain)
        out.append(f"Speed, all pages: ours median {mo:.0f} ms (max {max(r['ms'] for r in ours):.0f}), "
                   f"plain readability median {mr:.0f} ms (max {max(r['ms'] for r in plain):.0f}): ratio {mo / mr:.2f}")
    print("\n\n".join(out))
    for r in [r for r in rows if r["error"] and r["system"].startswith("ours")][:20]:
        print(f"FAILED {r['set']}/{r['id']} {r['system']}: {r['error']}")
    if args.worst:
        for r in sorted(ours, key=lambda r: r["f1"])[: args.worst]:
            print(f"  {r['set']}/{r['id']} f1={r['f1']:.3f} p={r['precision']} r={r['recall']} type={r['type']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
