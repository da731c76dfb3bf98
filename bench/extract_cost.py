"""Where extraction spends its CPU: ours per page and per member vs the anchors, one process.

    .venv/bin/python bench/extract_cost.py                   # every page of ../shared/eval
    .venv/bin/python bench/extract_cost.py --sample 300      # a fixed random sample
    .venv/bin/python bench/extract_cost.py --json /tmp/cost.json   # per-page rows kept

Wall time on a shared machine is noise, so every figure is CPU time (`time.process_time()`)
of one call in this process: our whole `extract()`, plain readability-lxml and trafilatura
(the same calls as bench/extract.py's anchors) on the same page, one after the other; the
machine's load is printed beside. Our time is split among the members by timing the
functions the extractor calls (exclusive time: a member's time leaves out the members it
calls): decode+shrink, parse, metadata (less htmldate), htmldate, budget (the page measure),
blocks, rules (less readability), readability, trafilatura, features, model (block trees and
reading chooser), title, assemble; "other" is the rest. Per-member shares are printed for all
pages, the pages over 1 s and the slowest 50, with the page measures that could predict the
cost (markup characters, elements, depth, links, scripts left) and their rank correlation
with our time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from train_extract import EVAL, SETS  # noqa: E402

SLOW_MS = 1000.0

# (module, attribute, member): where the extractor looks each member up
MEMBERS: tuple[tuple[str, str, str], ...] = (
    ("reader.core.extract", "shrink", "shrink"),
    ("reader.core.extract", "decode_html", "shrink"),
    ("reader.core.extract.classify", "parse", "parse"),
    ("reader.core.extract.classify", "page_metadata", "metadata"),
    ("reader.core.extract.metadata", "htmldate_date", "htmldate"),
    ("reader.core.extract.classify", "page_budget", "budget"),
    ("reader.core.extract.classify", "page_blocks", "blocks"),
    ("reader.core.extract.classify", "rule_pick", "rules"),
    ("reader.core.extract.html", "readability_run", "readability"),
    ("reader.core.extract.classify", "trafilatura_text", "trafilatura"),
    ("reader.core.extract.classify", "block_features", "features"),
    ("reader.core.extract.classify", "final_probabilities", "model"),
    ("reader.core.extract.classify", "chooser_scores", "model"),
    ("reader.core.extract.classify", "learned_title", "title"),
    ("reader.core.extract.classify", "article_of", "assemble"),
)
NAMES = ("shrink", "parse", "metadata", "htmldate", "budget", "blocks", "rules", "readability",
         "trafilatura", "features", "model", "title", "assemble", "other")


class Timers:
    """Exclusive CPU time per member: a member's clock stops while a member it calls runs."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[list[Any]] = []  # [member, start, time of the members it called]

    def wrap(self, member: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [member, time.process_time(), 0.0]
            self._stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                self._stack.pop()
                total = time.process_time() - frame[1]
                self.spent[member] = self.spent.get(member, 0.0) + total - frame[2]
                self.calls[member] = self.calls.get(member, 0) + 1
                if self._stack:
                    self._stack[-1][2] += total
        return timed

    @contextmanager
    def installed(self) -> Iterator[None]:
        import importlib

        saved = []
        for module_name, attr, member in MEMBERS:
            module = importlib.import_module(module_name)
            original = getattr(module, attr, None)
            if original is None:
                continue
            saved.append((module, attr, original))
            setattr(module, attr, self.wrap(member, original))
        try:
            yield
        finally:
            for module, attr, original in saved:
                setattr(module, attr, original)


def page_measures(html: str) -> dict[str, int]:
    """Cheap facts about the shrunk markup that could predict the cost."""
    from reader.core.extract.html import parse
    from reader.core.extract.shrink import shrink

    shrunk = shrink(html).html
    tree = parse(shrunk)
    elements = depth = links = scripts = widest = 0
    for el in tree.iter():
        elements += 1
        widest = max(widest, len(el))
        if el.tag == "a":
            links += 1
        elif el.tag in ("script", "style", "noscript", "svg"):
            scripts += 1
    body = tree.find(".//body")
    for el in (body if body is not None else tree).iter("p", "div", "li", "td", "span", "a"):
        n = 0
        parent = el
        while parent is not None:
            n += 1
            parent = parent.getparent()
        depth = max(depth, n)
        if elements > 20000:  # the depth walk is the one quadratic fact: sample it on huge pages
            break
    text = len(tree.text_content())
    return {"chars": len(shrunk), "elements": elements, "depth": depth, "links": links,
            "scripts": scripts, "widest": widest, "text": text}


def _cpu(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.process_time()
    try:
        out = fn()
    except Exception:  # the bench counts time, a failure is the anchor's own
        out = None
    return (time.process_time() - start) * 1000, out


def run_page(job: tuple[str, str, bool]) -> dict[str, Any]:
    set_name, page_id, anchors = job
    from extract import _readability, _trafilatura
    from reader.core.extract import extract
    from reader.core.models import Page

    folder = EVAL / set_name
    meta = json.loads((folder / f"{page_id}.json").read_text("utf-8"))
    body = gzip.decompress((folder / f"{page_id}.html.gz").read_bytes())
    url = meta.get("url")
    timers = Timers()
    with timers.installed():
        ours, article = _cpu(lambda: extract(Page(location="page", body=body, media_type="text/html",
                                                  final_url=url)))
    row: dict[str, Any] = {"set": set_name, "id": page_id, "ours": ours, "bytes": len(body),
                           "members": {k: v * 1000 for k, v in timers.spent.items()},
                           "calls": timers.calls,
                           "candidate": article.candidate if article is not None else None}
    row["members"]["other"] = max(0.0, ours - sum(row["members"].values()))
    if anchors:
        row["readability"], _ = _cpu(lambda: _readability(body, url))
        row["trafilatura"], _ = _cpu(lambda: _trafilatura(body, url))
    row.update(page_measures(body.decode("utf-8", "replace")))
    return row


def pages(sets: list[str], sample: int | None, seed: int) -> list[tuple[str, str]]:
    found = sorted((s, p.name[: -len(".html.gz")]) for s in sets for p in (EVAL / s).glob("*.html.gz"))
    if sample is not None and sample < len(found):
        random.Random(seed).shuffle(found)
        found = sorted(found[:sample])
    return found


def quantile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else 0.0


def cost_table(rows: list[dict[str, Any]], systems: list[str]) -> str:
    lines = ["| CPU ms per page | median | p90 | p99 | max | pages over 1 s |", "|---|---|---|---|---|---|"]
    for system in systems:
        xs = [r[system] for r in rows if system in r]
        lines.append(f"| {system} | {statistics.median(xs):.0f} | {quantile(xs, .9):.0f} | "
                     f"{quantile(xs, .99):.0f} | {max(xs):.0f} | {sum(x > SLOW_MS for x in xs)} |")
    if "readability" in systems:
        ratio = statistics.median(r["ours"] for r in rows) / statistics.median(r["readability"] for r in rows)
        lines.append(f"\nmedian ratio ours / readability: {ratio:.2f}x")
    return "\n".join(lines)


def share_table(groups: dict[str, list[dict[str, Any]]]) -> str:
    lines = ["| member (CPU share, mean ms) | " + " | ".join(f"{k} ({len(v)})" for k, v in groups.items()) + " |",
             "|---|" + "---|" * len(groups)]
    for name in NAMES:
        cells = []
        for group in groups.values():
            total = sum(r["ours"] for r in group) or 1.0
            spent = sum(r["members"].get(name, 0.0) for r in group)
            cells.append(f"{100 * spent / total:.0f}% ({spent / max(1, len(group)):.0f})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _ranks(xs: list[float]) -> list[float]:
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    ranks = [0.0] * len(xs)
    for rank, i in enumerate(order):
        ranks[i] = float(rank)
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float:
    if len(xs) < 3:
        return float("nan")
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = statistics.mean(rx), statistics.mean(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sx = sum((a - mx) ** 2 for a in rx) ** 0.5
    sy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (sx * sy) if sx and sy else float("nan")


MEASURES = ("chars", "elements", "depth", "links", "scripts", "widest", "text")


def predictor_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| page measure | rank corr. with ours | median, all pages | median, over 1 s |", "|---|---|---|---|"]
    slow = [r for r in rows if r["ours"] > SLOW_MS]
    for m in MEASURES:
        corr = spearman([r[m] for r in rows], [r["ours"] for r in rows])
        lines.append(f"| {m} | {corr:.2f} | {statistics.median(r[m] for r in rows):.0f} | "
                     f"{statistics.median(r[m] for r in slow) if slow else float('nan'):.0f} |")
    return "\n".join(lines)


def slowest_table(rows: list[dict[str, Any]], n: int) -> str:
    lines = ["| page | ours ms | readability | trafilatura | chars | elements | depth | links | widest | "
             "top members |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: -r["ours"])[:n]:
        top = sorted(r["members"].items(), key=lambda kv: -kv[1])[:3]
        lines.append(f"| {r['set']}/{r['id'][:12]} | {r['ours']:.0f} | {r.get('readability', 0):.0f} | "
                     f"{r.get('trafilatura', 0):.0f} | {r['chars']} | {r['elements']} | {r['depth']} | "
                     f"{r['links']} | {r['widest']} | "
                     + ", ".join(f"{k} {v:.0f}" for k, v in top) + " |")
    return "\n".join(lines)


# the members the cost budget can leave out, and the rest
COSTLY: dict[str, tuple[str, ...]] = {"votes": ("rules", "readability", "trafilatura"), "htmldate": ("htmldate",)}
BUDGET_MS = 800.0  # the predicted CPU a page may take with every member it keeps
COVER = 0.9        # the predictor is the cost this share of pages stays under


def _member_costs(rows: list[dict[str, Any]]) -> dict[str, list[float]]:
    parts = {k: [sum(r["members"].get(m, 0.0) for m in ms) for r in rows] for k, ms in COSTLY.items()}
    parts["rest"] = [r["ours"] - sum(p[i] for p in parts.values()) for i, r in enumerate(rows)]
    return parts


def fit_upper(elements: list[float], costs: list[float], cover: float = COVER) -> tuple[float, float]:
    """(a, b) of cost = a * elements ** b, fitted in log space and lifted so that `cover` of
    the pages lie under it (the budget must bound the slow pages, not the typical one)."""
    import numpy as np

    x, y = np.log(np.asarray(elements)), np.log(np.maximum(np.asarray(costs), 1.0))
    b, a = np.polyfit(x, y, 1)
    lift = float(np.quantile(y - (a + b * x), cover))
    return float(np.exp(a + lift)), float(b)


def budgets(fits: dict[str, tuple[float, float]]) -> tuple[int, int]:
    """The element counts from which the predicted cost passes `BUDGET_MS` with every member,
    and without htmldate: above the first htmldate is left out, above the second the votes too."""
    def cost(e: int, names: tuple[str, ...]) -> float:
        return sum(fits[n][0] * e ** fits[n][1] for n in names)
    every = next(e for e in range(100, 200_000, 100) if cost(e, ("rest", "votes", "htmldate")) > BUDGET_MS)
    lean = next(e for e in range(100, 200_000, 100) if cost(e, ("rest", "votes")) > BUDGET_MS)
    return every, lean


def fit_costs(rows: list[dict[str, Any]], folds: int = 5) -> str:
    """The cost predictor of classify.py's budget: each member's CPU ms as a power of the
    page's element count (the page measure that ranks our cost best), at its `COVER` quantile,
    fitted on four folds by site and checked on the fifth (the share of held-out pages whose
    member cost stays under the prediction), and the element budgets it implies."""
    import zlib

    rows = [r for r in rows if r["elements"] > 0]
    elements = [float(r["elements"]) for r in rows]
    parts = _member_costs(rows)
    fold = [zlib.crc32(f"{r['set']}/{r['id'][:4]}".encode()) % folds for r in rows]
    lines = [f"| member | a | b (cost = a * elements ** b, at the {COVER:.0%} quantile) | held-out pages under "
             "the prediction (out of fold) |", "|---|---|---|---|"]
    fits: dict[str, tuple[float, float]] = {}
    for name, ys in parts.items():
        under = 0
        for k in range(folds):
            train = [i for i in range(len(rows)) if fold[i] != k]
            a, b = fit_upper([elements[i] for i in train], [ys[i] for i in train])
            under += sum(1 for i in range(len(rows)) if fold[i] == k and ys[i] <= a * elements[i] ** b)
        fits[name] = fit_upper(elements, ys)
        lines.append(f"| {name} | {fits[name][0]:.4f} | {fits[name][1]:.3f} | {under / len(rows):.1%} |")
    every, lean = budgets(fits)
    fold_budgets = []
    for k in range(folds):
        train = [i for i in range(len(rows)) if fold[i] != k]
        fold_budgets.append(budgets({n: fit_upper([elements[i] for i in train], [ys[i] for i in train])
                                     for n, ys in parts.items()}))
    lines.append(f"\nbudget {BUDGET_MS:.0f} ms: htmldate left out above {every} elements, the votes too above "
                 f"{lean} (per training fold: " + ", ".join(f"{e}/{v}" for e, v in fold_budgets) + ")")
    return "\n".join(lines)


def _extensive_fits(rows: list[dict[str, Any]], cover: float) -> dict[str, tuple[float, float]]:
    """classify.EXTENSIVE_COST's two fits: the page's CPU less htmldate by its elements (every
    page), and htmldate's with its extensive search by markup characters (the pages where it
    ran: two calls; its search reads the serialised page)."""
    page = fit_upper([float(r["elements"]) for r in rows],
                     [r["ours"] - r["members"].get("htmldate", 0.0) for r in rows], cover)
    ran = [r for r in rows if r["calls"].get("htmldate", 0) >= 2]
    return {"page": page, "extensive": fit_upper([float(r["chars"]) for r in ran],
                                                 [r["members"]["htmldate"] for r in ran], cover)}


def fit_extensive(rows: list[dict[str, Any]], folds: int = 5) -> str:
    """The extensive-search budget (classify.EXTENSIVE_COST), fitted on all pages and checked
    out of fold by site: on each held-out fold, the pages where the search ran and the rule
    fitted on the other folds leaves it out, and the held-out pages over 1 s it leaves alone."""
    import zlib

    from reader.core.extract.classify import EXTENSIVE_BUDGET_MS, EXTENSIVE_COVER

    rows = [r for r in rows if r["elements"] > 0]
    fold = [zlib.crc32(f"{r['set']}/{r['id'][:4]}".encode()) % folds for r in rows]

    def over(fits: dict[str, tuple[float, float]], r: dict[str, Any]) -> bool:
        (pa, pb), (ea, eb) = fits["page"], fits["extensive"]
        return pa * r["elements"] ** pb + ea * r["chars"] ** eb > EXTENSIVE_BUDGET_MS

    left_out, slow_kept = 0, 0
    for k in range(folds):
        fits = _extensive_fits([r for r, f in zip(rows, fold) if f != k], EXTENSIVE_COVER)
        held = [r for r, f in zip(rows, fold) if f == k and r["calls"].get("htmldate", 0) >= 2]
        left_out += sum(over(fits, r) for r in held)
        slow_kept += sum(not over(fits, r) and r["ours"] > SLOW_MS for r in held)
    fits = _extensive_fits(rows, EXTENSIVE_COVER)
    ran = sum(r["calls"].get("htmldate", 0) >= 2 for r in rows)
    return (f"extensive search budget ({EXTENSIVE_BUDGET_MS:.0f} ms at the {EXTENSIVE_COVER:.0%} quantile): "
            f"EXTENSIVE_COST = {{'page': ({fits['page'][0]:.4f}, {fits['page'][1]:.3f}), "
            f"'extensive': ({fits['extensive'][0]:.6f}, {fits['extensive'][1]:.3f})}}; out of fold, of the "
            f"{ran} pages where the search ran it is left out on {left_out}, and {slow_kept} pages over "
            f"{SLOW_MS / 1000:.0f} s keep it")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--sample", type=int, default=None, help="a fixed random sample of this many pages")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=1, help="processes (CPU time stays per process)")
    parser.add_argument("--no-anchors", action="store_true")
    parser.add_argument("--slowest", type=int, default=20)
    parser.add_argument("--json", help="write the per-page rows to this file")
    parser.add_argument("--fit", help="fit the cost predictor on rows written by --json (no run)")
    args = parser.parse_args(argv)
    if args.fit:
        rows = json.loads(Path(args.fit).read_text())
        print(fit_costs(rows))
        print(fit_extensive(rows))
        return 0
    if not EVAL.is_dir():
        print(f"No evaluation data at {EVAL}", file=sys.stderr)
        return 2
    jobs = [(s, p, not args.no_anchors) for s, p in pages(args.sets.split(","), args.sample, args.seed)]
    load_before = os.getloadavg()[0]
    if args.jobs > 1:
        with Pool(args.jobs) as pool:
            rows = pool.map(run_page, jobs, chunksize=4)
    else:
        rows = [run_page(j) for j in jobs]
    load_after = os.getloadavg()[0]
    if args.json:
        Path(args.json).write_text(json.dumps(rows))
    systems = ["ours"] + ([] if args.no_anchors else ["readability", "trafilatura"])
    print(f"{len(rows)} pages, {args.jobs} process(es), load {load_before:.1f} before / {load_after:.1f} after; "
          "CPU time of one call per page")
    print(cost_table(rows, systems))
    slow = [r for r in rows if r["ours"] > SLOW_MS]
    tail = sorted(rows, key=lambda r: -r["ours"])[:50]
    print("\nPer-member share of our CPU time:")
    print(share_table({"all": rows, "over 1 s": slow, "slowest 50": tail}))
    runs = [r["calls"].get("readability", 0) for r in rows]
    print(f"\nreadability runs per page: mean {statistics.mean(runs):.2f}, "
          f"pages with 3 runs {sum(x >= 3 for x in runs)}; read lean (no costly votes): "
          f"{sum(r['calls'].get('trafilatura', 0) == 0 for r in rows)}")
    print("\nPage measures (shrunk markup):")
    print(predictor_table(rows))
    print(f"\nSlowest {args.slowest}:")
    print(slowest_table(rows, args.slowest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
