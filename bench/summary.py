"""Summary benchmark: ROUGE of every algorithm on the dev sets, and speed on long texts.

    .venv/bin/python bench/summary.py [--quick] [--only rouge|speed|cli]

ROUGE: ../shared/eval/summaries/{cnndm,xsum}; ROUGE-1/2/Lsum F1 (rouge-score, Porter stemming)
at 3 sentences and at the reference's length (its line count), mean over articles, x100.
Speed: texts of 50/200/1,000/3,000 sentences made by joining dev articles; every algorithm,
ours next to sumy's own implementation, one subprocess per measurement with a timeout
(">Ts" when it did not finish), seconds for the summary itself (after imports and sentence
splitting) and how much the child's peak RSS grew meanwhile. CLI: wall time of `reader summary --plain-text` on a
3,000-sentence text over a 20-sentence one (start-up included).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SUMMARIES = ROOT.parent / "shared" / "eval" / "summaries"
PYTHON = sys.executable

from reader.core.models import Article  # noqa: E402
from reader.core.summarize import DEFAULT_ALGORITHM, algorithm_names  # noqa: E402

SUMY = ("lexrank", "textrank", "lsa", "luhn", "sumbasic", "kl", "reduction", "edmundson")


def pairs(dataset: str, limit: int | None = None) -> list[tuple[str, str, list[str]]]:
    out = []
    for path in sorted((SUMMARIES / dataset).glob("*.article.txt")):
        ref = path.with_name(path.name.replace(".article.txt", ".summary.txt"))
        lines = [ln.strip() for ln in ref.read_text(encoding="utf-8").splitlines() if ln.strip()]
        out.append((path.name.split(".")[0], path.read_text(encoding="utf-8"), lines))
    return out[:limit] if limit else out


def rouge_table(quick: bool) -> str:
    from rouge_score import rouge_scorer

    from reader.core.summarize import summarize
    from reader.core.summarize.document import build

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    names = [DEFAULT_ALGORITHM, "lead"] + [n for n in algorithm_names() if n not in (DEFAULT_ALGORITHM, "lead")]
    limit = 40 if quick else None
    columns: list[str] = []
    results: dict[str, list[str]] = {n: [] for n in names}
    for dataset in ("cnndm", "xsum"):
        data = pairs(dataset, limit)
        docs = []
        for _, text, ref in data:
            article = Article(text=text)
            docs.append((article, build(article), ref))
        for mode in ("3", "ref"):
            columns.append(f"{dataset}@{mode} (n={len(data)})")
            for name in names:
                r1 = r2 = rl = 0.0
                for article, doc, ref in docs:
                    count = 3 if mode == "3" else max(1, len(ref))
                    summary = summarize(article, algorithm=name, count=count, sentences=doc.sentences)
                    pred = "\n".join(" ".join(s.text_in(article.text).split()) for s in summary.sentences)
                    score = scorer.score("\n".join(ref), pred)
                    r1 += score["rouge1"].fmeasure
                    r2 += score["rouge2"].fmeasure
                    rl += score["rougeLsum"].fmeasure
                k = len(docs)
                results[name].append(f"{100 * r1 / k:.1f} / {100 * r2 / k:.1f} / {100 * rl / k:.1f}")
    header = "| algorithm | " + " | ".join(columns) + " |"
    lines = [header, "|---|" + "---|" * len(columns)]
    for name in names:
        label = {DEFAULT_ALGORITHM: f"**{DEFAULT_ALGORITHM}** (ours, default)", "lead": "lead (Lead-3 at @3)"}.get(name, name)
        lines.append(f"| {label} | " + " | ".join(results[name]) + " |")
    lines.append("")
    lines.append("Cells: ROUGE-1 / ROUGE-2 / ROUGE-Lsum F1 x100. Non-default rows use our vectorised "
                 "versions of sumy's algorithms (same choices as sumy's, see the tests).")
    return "\n".join(lines)


_CHILD = r"""
import json, resource, sys, time, os
sys.path.insert(0, {root!r})
from reader.core.models import Article
from reader.core.summarize.document import build
from reader.core.summarize import run_ranker
from reader.core.summarize.select import choose
impl, name, path = sys.argv[1:4]
text = open(path, encoding="utf-8").read()
doc = build(Article(text=text))

def status_mb(key):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0

def rss_mb():
    # current RSS, after resetting the peak (VmHWM) so the peak read later is this run's
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass
    return status_mb("VmRSS")

if impl == "sumy":
    from reader.core.summarize import sumy_ref
    sumy_ref._summarizer(name, doc)  # import sumy before timing
    before = rss_mb()
    t = time.perf_counter()
    with __import__("threadpoolctl").threadpool_limits(1, "blas"):
        scores = sumy_ref.scores(name, doc)
    choose(doc, scores, 10)
else:
    from reader.core.summarize.registry import ALGORITHMS
    ranker = ALGORITHMS[name].ranker()
    import numpy, scipy.sparse
    before = rss_mb()
    t = time.perf_counter()
    choose(doc, run_ranker(ranker, doc, 10), 10)
elapsed = time.perf_counter() - t
peak = status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": elapsed, "rss_mb": peak, "grew_mb": max(0.0, peak - before),
                  "sentences": doc.size}}))
"""


def long_text(n_sentences: int) -> str:
    """About `n_sentences` sentences of real prose: dev articles joined, paragraphs kept."""
    from reader.core.segment import split_sentences

    paras: list[str] = []
    count = 0
    for dataset in ("xsum", "cnndm"):
        for _, text, _ in pairs(dataset):
            for para in text.split("\n\n"):
                sents = split_sentences(para)
                if count + len(sents) > n_sentences:
                    take = sents[: n_sentences - count]
                    if take:
                        paras.append(para[: take[-1].end])
                        count += len(take)
                    return "\n\n".join(paras)
                paras.append(para)
                count += len(sents)
    return "\n\n".join(paras)


def _measure(impl: str, name: str, path: str, timeout: float) -> dict | None:
    code = _CHILD.format(root=str(ROOT))
    try:
        proc = subprocess.run([PYTHON, "-c", code, impl, name, path], capture_output=True, text=True,
                              timeout=timeout, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def speed_table(quick: bool) -> str:
    sizes = (50, 200, 1000) if quick else (50, 200, 1000, 3000)
    timeout = 8.0 if quick else 30.0
    names = [DEFAULT_ALGORITHM, "lead"] + list(SUMY)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for n in sizes:
            p = Path(tmp) / f"long{n}.txt"
            p.write_text(long_text(n), encoding="utf-8")
            paths[n] = str(p)
        for name in names:
            impls = ["ours", "sumy"] if name in SUMY else ["ours"]
            for impl in impls:
                cells = []
                given_up = False
                for n in sizes:
                    if given_up:
                        cells.append(f">{timeout:.0f}s")
                        continue
                    r = _measure(impl, name, paths[n], timeout)
                    if r is None:
                        cells.append(f">{timeout:.0f}s")
                        given_up = True  # a bigger input would take longer still
                    elif "error" in r:
                        cells.append("error: " + r["error"][:40])
                    else:
                        cells.append(f"{r['seconds']:.3f}s / +{r['grew_mb']:.0f} MB")
                rows.append((name, impl, cells))
    head = "| algorithm | implementation | " + " | ".join(f"{n} sentences" for n in sizes) + " |"
    lines = [head, "|---|---|" + "---|" * len(sizes)]
    for name, impl, cells in rows:
        lines.append(f"| {name} | {impl} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Cells: seconds to rank and choose 10 sentences (after imports and splitting) / how much "
                 "the process's peak RSS grew during it (the summary's own peak memory, to the MB). "
                 f"Timeout {timeout:.0f}s per run.")
    return "\n".join(lines)


def cli_table(quick: bool) -> str:
    """Wall time of the real command, start-up included, short vs long article."""
    runs = 3 if quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        short = Path(tmp) / "short.txt"
        long = Path(tmp) / "long.txt"
        short.write_text(long_text(20), encoding="utf-8")
        long.write_text(long_text(3000), encoding="utf-8")
        times = {}
        for label, path in (("20 sentences", short), ("3,000 sentences", long)):
            samples = []
            for _ in range(runs):
                t = time.perf_counter()
                subprocess.run([PYTHON, "-m", "reader", "summary", "--plain-text", str(path)],
                               cwd=ROOT, capture_output=True, check=True,
                               env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
                samples.append(time.perf_counter() - t)
            times[label] = statistics.median(samples)
    ratio = times["3,000 sentences"] / times["20 sentences"]
    return ("| `reader summary --plain-text` | median wall time |\n|---|---|\n"
            + "\n".join(f"| {k} | {v:.2f}s |" for k, v in times.items())
            + f"\n| ratio (goal <= 2.0) | {ratio:.2f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 articles a set, sizes up to 1,000, short timeouts")
    parser.add_argument("--only", choices=("rouge", "speed", "cli"))
    args = parser.parse_args()
    if not SUMMARIES.is_dir():
        print(f"No evaluation data at {SUMMARIES}.", file=sys.stderr)
        return 1
    if args.only in (None, "rouge"):
        print("## ROUGE (dev sets)\n")
        print(rouge_table(args.quick), flush=True)
    if args.only in (None, "speed"):
        print("\n## Speed\n")
        print(speed_table(args.quick), flush=True)
    if args.only in (None, "cli"):
        print("\n## Command line, start-up included\n")
        print(cli_table(args.quick), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
