"""Is the default's lead over Lead-3 real? Fold figures, win/loss, bootstrap, cross-validated tuning.

    .venv/bin/python bench/summary_cv.py            # default vs lead: folds, wins, bootstrap CI
    .venv/bin/python bench/summary_cv.py --tune     # grid over salience.Params, chosen by CV

Only the two algorithms, 3 sentences, on ../shared/eval/summaries/{cnndm,xsum} (ROUGE F1 x100,
rouge-score with stemming, as bench/summary.py). ROUGE of a (article, chosen sentences) pair is
cached, so a grid costs little more than ranking.

Folds: the articles in file-name order; 2-fold = even/odd positions, 5-fold = position mod 5.
--tune picks the grid point with the best objective on the training folds and reports it on the
held-out fold only (for each of the 2 and the 5 folds), so the held-out figures are honest
estimates for unseen articles; the grid point chosen on all data is printed last.
Objective: dR1(cnndm) + dR2(cnndm) + dR1(xsum) against Lead-3, on the training articles.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.summary import pairs  # noqa: E402
from reader.core.models import Article  # noqa: E402
from reader.core.summarize import run_ranker  # noqa: E402
from reader.core.summarize import salience as sal  # noqa: E402
from reader.core.summarize.classic import lead  # noqa: E402
from reader.core.summarize.document import build  # noqa: E402
from reader.core.summarize.select import choose  # noqa: E402

COUNT = 3
SETS = ("cnndm", "xsum")


class Data:
    def __init__(self) -> None:
        from rouge_score import rouge_scorer

        self.scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
        self.docs: dict[str, list] = {}
        for ds in SETS:
            self.docs[ds] = []
            for ident, text, ref in pairs(ds):
                article = Article(text=text)
                self.docs[ds].append((ident, build(article), "\n".join(ref)))
        self.cache: dict = {}

    def rouge(self, ds: str, i: int, chosen: list[int]) -> tuple[float, float]:
        key = (ds, i, tuple(chosen))
        if key not in self.cache:
            _, doc, ref = self.docs[ds][i]
            pred = "\n".join(" ".join(doc.text_of(k).split()) for k in chosen)
            s = self.scorer.score(ref, pred)
            self.cache[key] = (100 * s["rouge1"].fmeasure, 100 * s["rouge2"].fmeasure)
        return self.cache[key]

    def run(self, ds: str, ranker) -> np.ndarray:
        """Per-article (R1, R2) of `ranker` at COUNT sentences: shape (n, 2)."""
        out = []
        for i, (_, doc, _) in enumerate(self.docs[ds]):
            chosen = choose(doc, run_ranker(ranker, doc, COUNT), COUNT)
            out.append(self.rouge(ds, i, chosen))
        return np.array(out)


def folds(n: int, k: int) -> list[np.ndarray]:
    idx = np.arange(n)
    return [idx % k == f for f in range(k)]


def bootstrap_ci(diff: np.ndarray, reps: int = 5000, seed: int = 0) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(0, len(diff), size=(reps, len(diff)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def report(name: str, ours: dict[str, np.ndarray], base: dict[str, np.ndarray]) -> None:
    print(f"\n### {name}\n")
    print("| set | ours R1/R2 | lead R1/R2 | dR1 | dR2 | dR1 2-fold | dR1 5-fold (min) | wins/losses/ties R1 | 95% CI dR1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for ds in SETS:
        o, b = ours[ds], base[ds]
        d = o - b
        two = [d[f, 0].mean() for f in folds(len(d), 2)]
        five = [d[f, 0].mean() for f in folds(len(d), 5)]
        wins = int((d[:, 0] > 1e-9).sum())
        losses = int((d[:, 0] < -1e-9).sum())
        lo, hi = bootstrap_ci(d[:, 0])
        print(f"| {ds} (n={len(d)}) | {o[:, 0].mean():.2f} / {o[:, 1].mean():.2f} | {b[:, 0].mean():.2f} / "
              f"{b[:, 1].mean():.2f} | {d[:, 0].mean():+.2f} | {d[:, 1].mean():+.2f} | "
              + " / ".join(f"{x:+.2f}" for x in two)
              + f" | {' '.join(f'{x:+.2f}' for x in five)} ({min(five):+.2f}) | {wins}/{losses}/{len(d) - wins - losses} "
              f"| [{lo:+.2f}, {hi:+.2f}] |")


def objective(ours: dict[str, np.ndarray], base: dict[str, np.ndarray], mask: dict[str, np.ndarray]) -> float:
    c = (ours["cnndm"] - base["cnndm"])[mask["cnndm"]].mean(axis=0)
    x = (ours["xsum"] - base["xsum"])[mask["xsum"]].mean(axis=0)
    return float(c[0] + c[1] + x[0])


GRID = {
    "anchor": [0.0, 0.5, 1.0, 2.0],
    "wide_news": [False, True],
    "mmr_lambda": [0.6, 0.75],
}


def ranker_for(p: sal.Params):
    return lambda doc, need: sal.salience(doc, need, p)


def tune(data: Data, base: dict[str, np.ndarray], grid: dict[str, list]) -> None:
    keys = list(grid)
    points = [replace(sal.DEFAULT, **dict(zip(keys, vals))) for vals in itertools.product(*(grid[k] for k in keys))]
    print(f"\nGrid: {len(points)} points over {', '.join(keys)}", flush=True)
    results = []
    for n, p in enumerate(points):
        results.append({ds: data.run(ds, ranker_for(p)) for ds in SETS})
        if (n + 1) % 8 == 0:
            print(f"  {n + 1}/{len(points)}", file=sys.stderr, flush=True)
    for k in (2, 5):
        held = {ds: np.zeros_like(base[ds]) for ds in SETS}
        picks = []
        for f in range(k):
            train = {ds: ~folds(len(base[ds]), k)[f] for ds in SETS}
            best = max(range(len(points)), key=lambda j: objective(results[j], base, train))
            picks.append(best)
            for ds in SETS:
                test = folds(len(base[ds]), k)[f]
                held[ds][test] = results[best][ds][test]
        print(f"\n{k}-fold: grid points chosen per fold: {picks}")
        report(f"held-out folds of {k}-fold tuning (each article scored by parameters tuned without it)", held, base)
    everything = {ds: np.ones(len(base[ds]), dtype=bool) for ds in SETS}
    order = sorted(range(len(points)), key=lambda j: -objective(results[j], base, everything))
    print("\nTop grid points on all dev data (in-sample objective):")
    for j in order[:8]:
        diff = {k: v for k, v in points[j].__dict__.items() if getattr(sal.DEFAULT, k) != v}
        print(f"  #{j} obj {objective(results[j], base, everything):+.2f}  {diff}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true")
    args = parser.parse_args()
    data = Data()
    base = {ds: data.run(ds, lead) for ds in SETS}
    ours = {ds: data.run(ds, sal.salience) for ds in SETS}
    report("default salience vs Lead-3 (3 sentences, current parameters)", ours, base)
    if args.tune:
        tune(data, base, GRID)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
