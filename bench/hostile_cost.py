"""Cost on hostile input: does work stay near-linear in the input on every page shape?

    .venv/bin/python bench/hostile_cost.py [--quick] [--only pages|summaries] [--stages extract,...] [--timeout S]

Pages: six shapes that made the pipeline super-linear (issue 10), generated at 0.5, 1, 2 and 5 MB:
dense links (one <p>, many words then many links), tiny inline elements (every word its own
element), one giant paragraph, a huge list, a huge table, deep inline nesting (one nest whose
depth grows with the size). Stages: extraction (`reader.core.extract.extract`), segmentation
(`reader.core.segment.split_sentences` on the extracted text) and the default summary
(`summarize(article, sentences=...)`). Anchors, same pages, same run: plain readability-lxml
(`Document(html).summary()`) and trafilatura (`trafilatura.extract`).

Summaries: every algorithm of `reader.core.summarize.registry` on generated prose of 1,000,
10,000 and 20,000 sentences (the `max_sentences` limit), `summarize(article, algorithm=...,
sentences=...)`, the sentences split beforehand. Anchor: sumy's own implementation at 1,000
sentences (`reader.core.summarize.sumy_ref`).

Every measurement is a fresh subprocess. Time: the stage alone, after imports and input
preparation. Memory: the child's peak RSS from `os.wait4` (interpreter and imports included,
which is what the machine must hold), the child started by a small launcher process so that
it does not inherit this one's size. Growth: least-squares slope of log time over log size;
">=" when a larger size hit the timeout (the timeout is then a lower bound of its time).
Budget (issue 10): 5 MB pages and 20,000-sentence summaries within 2 s and under 500 MB; a
cell over it is marked "!", a growth over 1.25 too. Each cell gives wall and CPU time (the
child's `time.process_time()`); the budget and the growth are judged on CPU time, which the
other processes of a shared machine do not inflate (the load is printed beside). "†":
extraction did not finish, so the stage ran on the generator's own text of the page.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MB = 1024 * 1024
PAGE_SIZES = (0.5, 1.0, 2.0, 5.0)
SENTENCE_COUNTS = (1_000, 10_000, 20_000)
BUDGET_SECONDS = 2.0
BUDGET_MB = 500.0
GROWTH_LIMIT = 1.25
MEMORY_CAP_MB = 4096  # address-space cap of each child (the machine is shared)

# --- generated prose ---------------------------------------------------------------------------
# Made-up words with Zipf-like frequencies (a few very common, a long tail of rare ones) between
# English stop words: the shape of real prose for every similarity graph, with no data file.

_SYLLABLES = ("ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne "
              "ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu").split()
_STOP = "the of and to in a is that for it as was with on by at from this have are be or an".split()


class Prose:
    """A deterministic supply of words and sentences."""

    def __init__(self, seed: int = 7, vocabulary: int = 8000) -> None:
        self.rng = random.Random(seed)
        words: set[str] = set()
        while len(words) < vocabulary:
            words.add("".join(self.rng.choices(_SYLLABLES, k=self.rng.randint(2, 4))))
        self.vocab = sorted(words)
        self.rng.shuffle(self.vocab)
        # Rank offset 30: the commonest content word is under 1% of them, as in English prose
        # once stop words are gone (without it one word sits in most sentences).
        self.cum = list(itertools.accumulate(1.0 / (r + 30) ** 1.05 for r in range(vocabulary)))

    def words(self, k: int) -> list[str]:
        content = self.rng.choices(self.vocab, cum_weights=self.cum, k=k)
        return [w if self.rng.random() < 0.6 else self.rng.choice(_STOP) for w in content]

    def sentence(self, low: int = 8, high: int = 26) -> str:
        ws = self.words(self.rng.randint(low, high))
        return ws[0].capitalize() + " " + " ".join(ws[1:]) + "."

    def text(self, sentences: int, per_paragraph: int = 4) -> str:
        paras = []
        for start in range(0, sentences, per_paragraph):
            paras.append(" ".join(self.sentence() for _ in range(min(per_paragraph, sentences - start))))
        return "\n\n".join(paras)


# --- page shapes -------------------------------------------------------------------------------

def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


def _fill(size: int, make: Callable[[int], str], reserve: int = 300) -> tuple[list[str], int]:
    parts: list[str] = []
    total = 0
    i = 0
    while total < size - reserve:
        piece = make(i)
        parts.append(piece)
        total += len(piece)
        i += 1
    return parts, i


def dense_links(size: int, prose: Prose) -> str:
    """One <p>: a third of the bytes words, then links to the end (issue 10's 34 s page)."""
    words: list[str] = []
    n = 0
    while n < size // 3:
        words.append(prose.sentence())
        n += len(words[-1]) + 1
    links, _ = _fill(size - n, lambda i: f'<a href="/w/{i}">{prose.words(1)[0]}</a> ')
    return _page("Dense links", "<p>" + " ".join(words) + " " + "".join(links) + "</p>")


def tiny_inline(size: int, prose: Prose) -> str:
    """Paragraphs where every word is its own inline element."""
    tags = ("span", "b", "i", "em")

    def para(i: int) -> str:
        ws = " ".join(f"<{tags[j % 4]}>{w}</{tags[j % 4]}>"
                      for j, w in enumerate(prose.sentence().split()))
        return f"<p>{ws}</p>\n"
    parts, _ = _fill(size, para)
    return _page("Tiny inline elements", "".join(parts))


def giant_paragraph(size: int, prose: Prose) -> str:
    """All the text in one <p>."""
    parts, _ = _fill(size, lambda i: prose.sentence() + " ")
    return _page("One giant paragraph", "<p>" + "".join(parts) + "</p>")


def huge_list(size: int, prose: Prose) -> str:
    """One <ul> of short items."""
    parts, _ = _fill(size, lambda i: f"<li>{prose.sentence(4, 10)}</li>\n")
    return _page("Huge list", "<p>" + prose.sentence() + "</p><ul>" + "".join(parts) + "</ul>")


def huge_table(size: int, prose: Prose) -> str:
    """One <table>, four cells a row."""
    def row(i: int) -> str:
        return "<tr>" + "".join(f"<td>{' '.join(prose.words(3))}</td>" for _ in range(4)) + "</tr>\n"
    parts, _ = _fill(size, row)
    return _page("Huge table", "<p>" + prose.sentence() + "</p><table>" + "".join(parts) + "</table>")


def deep_nesting(size: int, prose: Prose) -> str:
    """One nest of inline elements whose depth grows with the page (a word at every level)."""
    depth = size // 18
    words = prose.words(depth)
    opened = "".join(f"<span>{w} " for w in words)
    return _page("Deep nesting", "<p>" + opened + "</span>" * depth + "</p>")


SHAPES: dict[str, Callable[[int, Prose], str]] = {
    "dense links": dense_links, "tiny inline": tiny_inline, "giant paragraph": giant_paragraph,
    "huge list": huge_list, "huge table": huge_table, "deep nesting": deep_nesting,
}


def visible_text(html: str) -> str:
    """The page's text without extraction (used when extraction does not finish)."""
    import re

    text = re.sub(r"</(?:p|li|tr|h1)>", "\n\n", html)
    text = re.sub(r"<[^>]+>", " ", text)
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n") if p.strip())


# --- one measurement = one child process --------------------------------------------------------

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
# A runaway stage must not take the machine with it: past the cap it fails with MemoryError.
cap = int(float(sys.argv[6]) * 1024 * 1024)
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
stage, arg, source, out = sys.argv[2:6]

def article_from(path):
    from reader.core.models import Article
    with open(path, encoding="utf-8") as f:
        return Article.from_json(json.load(f))

if stage == "extract":
    from reader.core.extract import extract
    from reader.core.models import Page
    import lxml.html, readability  # imports before timing
    page = Page(location="page.html", body=open(source, "rb").read(), media_type="text/html")
    t = time.perf_counter(); c = time.process_time(); article = extract(page); elapsed = time.perf_counter() - t; cpu = time.process_time() - c
    data = article.to_json(); data["blocks"] = [dict(kind=b.kind, start=b.start, end=b.end, level=b.level) for b in article.blocks]
    with open(out, "w", encoding="utf-8") as f:
        json.dump(data, f)
elif stage == "readability":
    from readability import Document
    html = open(source, encoding="utf-8").read()
    t = time.perf_counter(); c = time.process_time(); Document(html).summary(); elapsed = time.perf_counter() - t; cpu = time.process_time() - c
elif stage == "trafilatura":
    import trafilatura
    html = open(source, encoding="utf-8").read()
    t = time.perf_counter(); c = time.process_time(); trafilatura.extract(html); elapsed = time.perf_counter() - t; cpu = time.process_time() - c
elif stage == "segment":
    from reader.core.segment import split_sentences
    from reader.core import lang
    article = article_from(source)
    t = time.perf_counter(); c = time.process_time(); split_sentences(article.text, lang.detect(article.text, article.lang)); elapsed = time.perf_counter() - t; cpu = time.process_time() - c
elif stage in ("summary", "algorithm"):
    from reader.core.segment import split_sentences
    from reader.core.summarize import summarize
    from reader.core import lang
    import numpy, scipy.sparse  # imports before timing
    article = article_from(source)
    sentences = split_sentences(article.text, lang.detect(article.text, article.lang))
    name = None if stage == "summary" else arg
    t = time.perf_counter(); c = time.process_time(); summarize(article, algorithm=name, sentences=sentences); elapsed = time.perf_counter() - t; cpu = time.process_time() - c
elif stage == "sumy":
    from reader.core.summarize import sumy_ref
    from reader.core.summarize.document import build
    article = article_from(source)
    doc = build(article)
    sumy_ref._summarizer(arg, doc)  # imports before timing
    t = time.perf_counter(); c = time.process_time(); sumy_ref.scores(arg, doc); elapsed = time.perf_counter() - t; cpu = time.process_time() - c
print(json.dumps({"seconds": elapsed, "cpu": cpu}))
"""


# Peak RSS survives exec (Linux keeps ru_maxrss across execve), so a child forked from this
# process, which holds the generated pages, would report at least this process's size. Every
# child is therefore started by a small launcher, itself started before anything was built.
_LAUNCHER = r"""
import json, os, signal, subprocess, sys, tempfile, time
for line in sys.stdin:
    job = json.loads(line)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(job["argv"], stdout=out, stderr=err, env=job["env"])
        deadline = time.monotonic() + job["timeout"]
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        reply = {"code": proc.returncode, "timeout": timed_out, "maxrss_kb": usage.ru_maxrss,
                 "stdout": out.read().decode(errors="replace"),
                 "stderr": err.read().decode(errors="replace")[-2000:]}
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
"""


class Launcher:
    """A small process that runs each measurement child and reports its exit and rusage."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([PYTHON, "-c", _LAUNCHER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def run(self, argv: list[str], env: dict[str, str], timeout: float) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"argv": argv, "env": env, "timeout": timeout}) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(10)


LAUNCHER: Launcher | None = None


def measure(stage: str, arg: str, source: str, out: str, timeout: float) -> dict:
    """Run one stage in a fresh child: {"seconds", "mb"}, {"timeout"}, {"memory"} or {"error"}."""
    assert LAUNCHER is not None, "main() starts the launcher first"
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    reply = LAUNCHER.run([PYTHON, "-c", _CHILD, str(ROOT), stage, arg, source, out,
                          str(MEMORY_CAP_MB)], env, timeout)
    if reply["timeout"]:
        return {"timeout": True}
    if reply["code"] != 0:
        lines = reply["stderr"].strip().splitlines()
        last = lines[-1] if lines else f"exit {reply['code']}"
        if "MemoryError" in last or "Cannot allocate memory" in last:
            return {"memory": True}
        return {"error": last[:60]}
    result: dict = json.loads(reply["stdout"].strip().splitlines()[-1])
    result["mb"] = reply["maxrss_kb"] / 1024  # kilobytes on Linux
    return result


def cell(result: dict, timeout: float, budget: bool, marked: bool = False) -> str:
    if result.get("timeout"):
        return f">{timeout:.0f} s" + (" !" if budget else "")
    if result.get("memory"):
        return f"> {MEMORY_CAP_MB / 1024:g} GB (out of memory) !"
    if "error" in result:
        return "error: " + result["error"]
    cpu = result.get("cpu", result["seconds"])
    over = budget and (cpu > BUDGET_SECONDS or result["mb"] > BUDGET_MB)
    return (f"{result['seconds']:.2f} s ({cpu:.2f} CPU) / {result['mb']:.0f} MB" + (" †" if marked else "")
            + (" !" if over else ""))


def growth(sizes: list[float], results: list[dict], timeout: float) -> str:
    """log-log slope of time over size; a timeout counts as `timeout` seconds (a lower bound),
    running out of memory ends the fit (and fails the budget)."""
    xs, ys, bound, oom = [], [], False, False
    for size, result in zip(sizes, results):
        if result.get("memory"):
            oom = True
            break
        if result.get("timeout"):
            xs.append(math.log(size))
            ys.append(math.log(timeout))
            bound = True
            break  # larger sizes were not run
        if "seconds" in result:
            xs.append(math.log(size))
            ys.append(math.log(max(result.get("cpu", result["seconds"]), 1e-4)))
    if len(xs) < 2:
        return "- !" if oom else "-"
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return ((">= " if bound else "") + f"{slope:.2f}"
            + (" !" if slope > GROWTH_LIMIT or oom else ""))


def run_series(stage: str, arg: str, sources: list[str], outs: list[str], sizes: list[float],
               timeout: float, marks: list[bool] | None = None) -> list[str]:
    """One row: the stage at every size (bigger sizes skipped after a timeout), then growth."""
    results: list[dict] = []
    cells: list[str] = []
    for i, (source, out) in enumerate(zip(sources, outs)):
        budget = i == len(sources) - 1
        if results and (results[-1].get("timeout") or results[-1].get("memory")):
            results.append(results[-1])
            cells.append("(not run)")
            continue
        result = measure(stage, arg, source, out, timeout)
        results.append(result)
        cells.append(cell(result, timeout, budget, bool(marks and marks[i])))
        print(f"  {stage} {arg} #{i}: {cells[-1]}", file=sys.stderr, flush=True)
    return cells + [growth(sizes, results, timeout)]


PAGE_STAGES = ("extract", "readability", "trafilatura", "segment", "summary")


def page_rows(sizes: list[float], timeout: float, tmp: Path,
              stages: tuple[str, ...] = PAGE_STAGES) -> list[list[str]]:
    from reader.core.models import Article

    rows: list[list[str]] = []
    byte_sizes = [int(s * MB) for s in sizes]
    for shape, make in SHAPES.items():
        htmls, articles, marks = [], [], []
        for size in byte_sizes:
            path = tmp / f"{shape.replace(' ', '-')}-{size}.html"
            html = make(size, Prose(seed=size))
            path.write_text(html, encoding="utf-8")
            htmls.append(str(path))
            articles.append(str(path.with_suffix(".json")))
        # extraction writes the article each later stage reads
        extract_cells = run_series("extract", "", htmls, articles, sizes, timeout)
        for html_path, article_path in zip(htmls, articles):
            missing = not os.path.exists(article_path)
            if missing:
                text = visible_text(Path(html_path).read_text(encoding="utf-8"))
                Path(article_path).write_text(json.dumps(Article(text=text).to_json()), encoding="utf-8")
            marks.append(missing)
        rows.append([shape, "extract (ours)", *extract_cells])
        for anchor in ("readability", "trafilatura"):
            if anchor in stages:
                label = {"readability": "readability-lxml (anchor)", "trafilatura": "trafilatura (anchor)"}[anchor]
                rows.append([shape, label, *run_series(anchor, "", htmls, ["-"] * len(htmls), sizes, timeout)])
        if "segment" in stages:
            rows.append([shape, "segment (ours)", *run_series("segment", "", articles, ["-"] * len(htmls),
                                                              sizes, timeout, marks)])
        if "summary" in stages:
            rows.append([shape, "default summary (ours)",
                         *run_series("summary", "", articles, ["-"] * len(htmls), sizes, timeout, marks)])
    return rows


def summary_rows(counts: tuple[int, ...], timeout: float, tmp: Path, sumy_timeout: float,
                 names: list[str] | None = None) -> list[list[str]]:
    sys.path.insert(0, str(ROOT))
    from reader.core.models import Article
    from reader.core.summarize.registry import ALGORITHMS
    from reader.core.summarize.sumy_ref import SUMY_NAMES

    sources = []
    for n in counts:
        path = tmp / f"prose-{n}.json"
        path.write_text(json.dumps(Article(text=Prose(seed=n).text(n)).to_json()), encoding="utf-8")
        sources.append(str(path))
    rows = []
    for name in names or list(ALGORITHMS):
        rows.append([f"{n_label(counts)} sentences", f"{name} (ours)",
                     *run_series("algorithm", name, sources, ["-"] * len(sources), list(counts), timeout)])
        if name in SUMY_NAMES and sumy_timeout > 0:
            result = measure("sumy", name, sources[0], "-", sumy_timeout)
            rows.append([f"{n_label(counts)} sentences", f"{name} (sumy, anchor)",
                         cell(result, sumy_timeout, False), *["(not run)"] * (len(counts) - 1), "-"])
    return rows


def n_label(counts: tuple[int, ...]) -> str:
    return "/".join(f"{n // 1000}k" for n in counts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="pages at 0.5 and 1 MB, summaries at 1k/5k")
    parser.add_argument("--only", choices=("pages", "summaries"))
    parser.add_argument("--stages", default=",".join(PAGE_STAGES),
                        help="page stages to run, comma-separated (extraction always runs: the others read it)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per measurement (60)")
    parser.add_argument("--algorithms", help="comma-separated summary algorithms (default: all)")
    parser.add_argument("--sumy-timeout", type=float, default=30.0,
                        help="seconds for each sumy anchor at 1,000 sentences (30)")
    args = parser.parse_args()
    global LAUNCHER
    LAUNCHER = Launcher()  # before this process grows: see _LAUNCHER
    sys.path.insert(0, str(ROOT))
    sizes = [0.5, 1.0] if args.quick else list(PAGE_SIZES)
    counts = (1_000, 5_000) if args.quick else SENTENCE_COUNTS
    rows: list[list[str]] = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "pages"):
            rows += page_rows(sizes, args.timeout, Path(tmp), tuple(args.stages.split(",")))
        if args.only in (None, "summaries"):
            names = args.algorithms.split(",") if args.algorithms else None
            rows += summary_rows(counts, args.timeout, Path(tmp), args.sumy_timeout, names)
    LAUNCHER.close()
    width = max(len(sizes), len(counts))
    heads = []
    for i in range(width):
        page = f"{sizes[i]:g} MB" if i < len(sizes) else ""
        sent = f"{counts[i]:,} sent." if i < len(counts) else ""
        heads.append(" · ".join(x for x in (page, sent) if x))
    print("| input | stage | " + " | ".join(heads) + " | growth |")
    print("|---|---|" + "---|" * width + "---|")
    for row in rows:
        label, stage, *cells = row
        values, grow = cells[:-1], cells[-1]
        values += [""] * (width - len(values))
        print(f"| {label} | {stage} | " + " | ".join(values) + f" | {grow} |")
    print()
    print(f"Load {load_before:.1f} before / {os.getloadavg()[0]:.1f} after.")
    print(f"Cells: seconds for the stage alone (its CPU seconds) / peak RSS of its process. Budget "
          f"(on CPU time): the largest size "
          f"within {BUDGET_SECONDS:g} s and under {BUDGET_MB:g} MB, growth at most {GROWTH_LIMIT} "
          f"(\"!\" = over). Timeout {args.timeout:g} s per measurement ({args.sumy_timeout:g} s for "
          "sumy); \"†\" = extraction did not finish, the stage read the page's generated text.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
