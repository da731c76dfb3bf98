"""Train the block classifier shipped in reader/core/extract/block_model.json.

    .venv/bin/python bench/train_extract.py            # all of ../shared/eval -> the model file
    .venv/bin/python bench/train_extract.py --check    # also print its in-sample block accuracy

Every page of ../shared/eval/extraction (aeb, mozilla, wcxb) goes through the same analysis the
extractor runs (`reader.core.extract.classify.analyse`); each block is labelled content when at
least half of its 4-token shingles (or, for 1-3 tokens, its whole token run) appear in the
page's ground truth. Weights give every page the same total (the metric averages pages) and
spread it over a page's blocks by their token count. Boosted trees (logistic loss, histogram
splits, fixed depth) are fitted with LightGBM by `fit_trees` and stored as arrays that numpy
evaluates at run time (no LightGBM in the product); bench/extract.py calls the same
functions on training folds only to report out-of-fold scores. Deterministic: one command
gives the same file.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import pickle
import sys
import zlib
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval" / "extraction"
SETS = ("aeb", "mozilla", "wcxb")
CACHE = Path(os.environ.get("READER_BENCH_CACHE", "/tmp/reader-bench-cache"))

# tree settings (fixed before looking at any fold; see the module docstring)
TREES, DEPTH, RATE, BINS, L2, MIN_WEIGHT, SAMPLE = 120, 4, 0.15, 32, 1.0, 0.5, 0.7
CUT = 0.8  # block probability cut: the one bench/extract.py chose on all out-of-fold probabilities
COSTLY = ("rules", "readability", "trafilatura")  # votes the lean model does without


@dataclass(slots=True)
class PageData:
    """What training and out-of-fold scoring need of one page (no lxml objects: picklable)."""

    set: str
    id: str
    site: str
    kinds: list[str]
    levels: list[int]
    texts: list[str]
    features: np.ndarray
    labels: np.ndarray
    tokens: np.ndarray
    title: str = ""
    byline: str | None = None
    published: str | None = None
    lean: bool = False
    meta: dict = field(default_factory=dict)
    dates: dict = field(default_factory=dict)     # publication date by source
    rules_text: str = ""                          # the rule-based pick (a candidate and a row)
    trafilatura_text: str | None = None           # trafilatura's fast-mode vote


def site_of(set_name: str, page_id: str, meta: dict) -> str:
    """The page's site: wcxb's domain, aeb's URL host, mozilla's test name less its number."""
    from urllib.parse import urlsplit

    if meta.get("domain"):
        host = str(meta["domain"])
    elif meta.get("url"):
        host = urlsplit(str(meta["url"])).hostname or page_id
    else:
        host = page_id.rsplit("-", 1)[0] if page_id.rsplit("-", 1)[-1].isdigit() else page_id
    parts = host.lower().removeprefix("www.").split(".")
    # registrable part: the last two labels, three under a two-letter country's second level
    if len(parts) > 2 and len(parts[-1]) == 2 and parts[-2] in ("co", "com", "org", "net", "ac", "gov", "ne", "or"):
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def fold_of(site: str, folds: int = 5) -> int:
    return zlib.crc32(site.encode()) % folds


def page_ids(set_name: str) -> list[str]:
    return sorted(p.name[: -len(".html.gz")] for p in (EVAL / set_name).glob("*.html.gz"))


def _source_key() -> str:
    """A hash of the code that computes a page's analysis (not of what reads it afterwards)."""
    import inspect

    from reader.core.extract import classify

    h = hashlib.sha256()
    folder = ROOT / "reader" / "core" / "extract"
    for name in ("blocks", "cleanup", "features", "html", "markers", "metadata", "options", "shrink"):
        h.update((folder / f"{name}.py").read_bytes())
    for fn in (classify.analyse, classify._page_signals, classify.trafilatura_text):
        h.update(inspect.getsource(fn).encode())
    h.update(inspect.getsource(collect).encode() + inspect.getsource(analyse_page).encode())
    return h.hexdigest()[:16]


def analyse_page(html: bytes, url: str | None):
    """(Analysis, Metadata) exactly as `extract` computes them for this page."""
    from reader.core.formats.charset import decode_html
    from reader.core.extract.classify import analyse
    from reader.core.extract.html import base_href, page_metadata, parse
    from reader.core.extract.options import DEFAULT_OPTIONS
    from reader.core.extract.shrink import shrink
    from reader.core.limits import DEFAULT_LIMITS

    from reader.core.extract.metadata import htmldate_date

    text, _ = decode_html(html, None)
    shrunk = shrink(text)
    tree = parse(shrunk.html, DEFAULT_LIMITS.max_nesting_depth)
    meta = page_metadata(tree, url)
    for source in ("htmldate_fast", "htmldate"):  # every source, for choosing the order on folds
        if source not in meta.dates:
            meta.dates[source] = htmldate_date(tree, url or meta.canonical, source)
    base = base_href(tree, url, meta)
    return analyse(tree, meta, base, url, DEFAULT_LIMITS, DEFAULT_OPTIONS, len(shrunk.html)), meta


def collect(job: tuple[str, str]) -> PageData:
    set_name, page_id = job
    from reader.core.extract.features import TOKEN, NgramVote

    key = CACHE / _source_key() / set_name / f"{page_id}.pkl"
    if key.exists():
        return pickle.loads(key.read_bytes())
    folder = EVAL / set_name
    meta = json.loads((folder / f"{page_id}.json").read_text("utf-8"))
    truth = NgramVote((folder / f"{page_id}.txt").read_text("utf-8"))
    html = gzip.decompress((folder / f"{page_id}.html.gz").read_bytes())
    try:
        analysis, md = analyse_page(html, meta.get("url"))
        blocks, features, lean = analysis.blocks, analysis.features, analysis.lean
    except Exception:  # a page the extractor refuses has no blocks to learn from
        blocks, features, lean, md = [], np.zeros((0, 0), np.float32), False, None
    tokens = [TOKEN.findall(b.text) for b in blocks]
    data = PageData(
        set=set_name, id=page_id, site=site_of(set_name, page_id, meta),
        kinds=[b.kind for b in blocks], levels=[b.level for b in blocks], texts=[b.text for b in blocks],
        features=features, labels=np.array([truth.share(t) >= 0.5 for t in tokens], dtype=np.float64),
        tokens=np.array([len(t) for t in tokens], dtype=np.float64),
        title=md.title if md else "", byline=md.byline if md else None,
        published=md.published if md else None, lean=lean, meta=meta,
        dates=dict(md.dates) if md else {},
        rules_text="\n\n".join(b.text for b in analysis.rules.raw) if md and analysis.rules else "",
        trafilatura_text=analysis.trafilatura if md else None)
    key.parent.mkdir(parents=True, exist_ok=True)
    key.write_bytes(pickle.dumps(data))
    return data


def collect_all(sets=SETS, jobs: int = 2, limit: int | None = None) -> list[PageData]:
    work = [(s, i) for s in sets for i in page_ids(s)[:limit]]
    if jobs > 1:
        with Pool(jobs) as pool:
            return pool.map(collect, work, chunksize=4)
    return [collect(w) for w in work]


# ------------------------------------------------------------------------------ trees

def lean_names(names: tuple[str, ...]) -> tuple[str, ...]:
    costly = {f"vote_{v}" for v in COSTLY} | {f"page_share_{v}" for v in COSTLY} | {"window_votes_rules"}
    return tuple(n for n in names if n not in costly)


def training_matrix(pages: list[PageData], names: tuple[str, ...]):
    from reader.core.extract.features import NAMES

    cols = [NAMES.index(n) for n in names]
    xs, ys, ws = [], [], []
    for p in pages:
        if not len(p.texts):
            continue
        xs.append(p.features[:, cols])
        ys.append(p.labels)
        w = p.tokens + 1.0
        ws.append(w / w.sum() * 100.0)
    return np.vstack(xs).astype(np.float64), np.concatenate(ys), np.concatenate(ws)


def fit_trees(x: np.ndarray, y: np.ndarray, w: np.ndarray, names: tuple[str, ...], *,
              trees: int = TREES, depth: int = DEPTH, rate: float = RATE, cut: float = CUT):
    """Gradient-boosted trees (LightGBM, logistic loss), as the complete-tree arrays that
    `reader.core.extract.block_model.Trees` evaluates with numpy alone."""
    import lightgbm

    from reader.core.extract.block_model import Trees

    params = {"objective": "binary", "learning_rate": rate, "num_leaves": 2 ** depth, "max_depth": depth,
              "min_sum_hessian_in_leaf": MIN_WEIGHT, "lambda_l2": L2, "bagging_fraction": SAMPLE,
              "bagging_freq": 1, "feature_fraction": 0.8, "seed": 0, "deterministic": True,
              "num_threads": 2, "verbose": -1, "max_bin": BINS * 2}
    booster = lightgbm.train(params, lightgbm.Dataset(x, label=y, weight=w), num_boost_round=trees)
    dump = booster.dump_model()["tree_info"]
    inner, width = 2 ** depth - 1, 2 ** depth
    feats = np.zeros((len(dump), inner), dtype=np.int64)
    thresholds = np.full((len(dump), inner), np.inf)
    leaves = np.zeros((len(dump), width))

    def fill(t: int, node: dict, heap: int, level: int) -> None:
        if level == depth:
            leaves[t, heap - inner] = node["leaf_value"]
            return
        if "leaf_value" in node:  # a shallow leaf: an inner node that sends everything left
            fill(t, node, 2 * heap + 1, level + 1)
            fill(t, node, 2 * heap + 2, level + 1)
            return
        feats[t, heap] = node["split_feature"]
        thresholds[t, heap] = node["threshold"]  # LightGBM goes left when x <= threshold
        fill(t, node["left_child"], 2 * heap + 1, level + 1)
        fill(t, node["right_child"], 2 * heap + 2, level + 1)

    for t, info in enumerate(dump):
        fill(t, info["tree_structure"], 0, 0)
    model = Trees(names, feats, thresholds, leaves, 0.0, cut)
    sample = x[:2000]
    assert np.allclose(model.scores(sample), booster.predict(sample, raw_score=True), atol=1e-6)
    return model


def fit_model(pages: list[PageData], cut: float = CUT):
    """The full and lean classifiers fitted on `pages`."""
    from reader.core.extract.block_model import BlockModel
    from reader.core.extract.features import NAMES

    full = fit_trees(*training_matrix(pages, NAMES), NAMES, cut=cut)
    lean = lean_names(NAMES)
    return BlockModel(full, fit_trees(*training_matrix(pages, lean), lean, cut=cut),
                      {"pages": len(pages), "trees": TREES, "depth": DEPTH, "rate": RATE, "cut": cut})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--cut", type=float, default=CUT,
                        help="block probability cut (bench/extract.py prints the one its folds choose)")
    parser.add_argument("--out", default=str(ROOT / "reader" / "core" / "extract" / "block_model.json"))
    args = parser.parse_args(argv)
    if not EVAL.is_dir():
        print(f"No evaluation data at {EVAL}", file=sys.stderr)
        return 2
    pages = collect_all(jobs=args.jobs)
    model = fit_model(pages, args.cut)
    Path(args.out).write_text(json.dumps(model.to_json(), separators=(",", ":")), "utf-8")
    print(f"wrote {args.out} ({Path(args.out).stat().st_size // 1024} KB) from {len(pages)} pages")
    if args.check:
        x, y, w = training_matrix(pages, model.full.names)
        acc = float((((model.full.probabilities(x) > model.full.cut) == (y > 0.5)) * w).sum() / w.sum())
        print(f"in-sample weighted block accuracy (not a result): {acc:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
