"""How the library grows: 1,000, 10,000 and 100,000 articles built through the store API.

Run: `.venv/bin/python bench/library_scale.py [--sizes 1000,10000,100000] [--baseline REV]`

Every article is generated here (Zipf-distributed words from a made-up vocabulary, sentence,
paragraph and article lengths drawn from log-normal laws, never a real page): every one has a
note, a fifth have highlights, a fifth have tags, most have an original page of realistic
size (navigation, inline scripts and JSON state around the article, about 100-200 KB before
compression). The same seed gives the same library to every implementation.

Each implementation runs in its own process with its own folder: the store of this tree
("now") and, unless `--baseline none`, the store of `--baseline` (default cf7b2ed, the commit
this work started from; extracted with `git archive`), called through the API it had
("today"; what it lacked is "-"). Each size has its own library (`size-N`), grown from a copy
of the next smaller one, written 500 articles per transaction the way reader stores a text:
each batch's summaries (default settings) computed in the summary cache's process pool while
the next batch is written. With `--workdir` the libraries are kept and a later run measures
them at once (`--build-only` only builds). Times are medians of 5 runs for the fast
operations (one run for the passes over everything); memory is tracemalloc's peak during the
pass (Python allocations, so it shows what a pass holds, not SQLite's page cache).

The command line is measured the same way, per size, each command a fresh process on the
library of that size (its peak memory is the process's own high-water mark, VmHWM; its CPU
time, user + system with the pool's workers, beside the wall time, because the machine may
be shared): `reader notes list --json`, `reader notes export --format json` and `--format
md` (summaries stored with the texts: none computed), `reader library list --json`, the
export of a copy of the library whose summary cache was emptied (an older reader's library:
the first export computes every summary in the pool, the second none; only up to
`--uncached-max` articles, as at 100,000 it computes for many minutes), and `reader import`
of a Pocket CSV of as many rows (the items the store's own import figure merges, written as
Pocket writes them) into an empty library, without fetching. The baseline's commands run
with a time cap (`--cli-timeout`); ours run to the end.
"""

from __future__ import annotations

import argparse
import calendar
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from revisions import baseline_tree  # noqa: E402


# -- generated articles ---------------------------------------------------------------------

COMMON = ("the of and to a in is that for it as was with be by on not he this are or his "
          "from at which but have an they you were her she there one all we their can has "
          "been if more when will would who so no out up into than them only its time new "
          "some could these two may first then do any like my now over such our man me even "
          "most made after also did many before must through back years where much your way "
          "well down should because each just those people how too little state good very "
          "make world still own see men work long get here between both life being under "
          "never day same another know while last might us great old year off come since "
          "against go came right used take three").split()
_SYLLABLES = ([c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"]
              + [c + v + e for c in "bcdfgklmnprst" for v in "aeiou" for e in "nrst"])


def _vocabulary(size: int = 30000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    seen: set[str] = set(COMMON)
    out: list[str] = []
    while len(out) < size:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


VOCAB = _vocabulary()
_CUM_VOCAB = list(itertools.accumulate(1.0 / (r + 10) ** 1.05 for r in range(len(VOCAB))))
_CUM_COMMON = list(itertools.accumulate(1.0 / (r + 1) ** 0.9 for r in range(len(COMMON))))
HOSTS = [f"{VOCAB[i * 7 + 3]}{VOCAB[i * 5 + 1]}.{('com', 'org', 'net', 'co.uk', 'de')[i % 5]}"
         for i in range(400)]
TAGS = sorted({VOCAB[i * 11 + 40] for i in range(150)})
SEARCH_WORD = next(w for w in VOCAB[1500:] if 5 <= len(w) <= 6)   # in ~5% of the articles


class Writer:
    """Deterministic pseudo-English from one seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def words(self, n: int) -> list[str]:
        rng = self.rng
        common = sum(1 for _ in range(n) if rng.random() < 0.45)
        out = (rng.choices(COMMON, cum_weights=_CUM_COMMON, k=common)
               + rng.choices(VOCAB, cum_weights=_CUM_VOCAB, k=n - common))
        rng.shuffle(out)
        return out

    def sentence(self) -> str:
        words = self.words(max(4, int(self.rng.lognormvariate(2.7, 0.4))))
        words[0] = words[0].capitalize()
        return " ".join(words) + self.rng.choice(".....?!")

    def title(self) -> str:
        return " ".join(w.capitalize() for w in self.words(self.rng.randint(4, 11)))

    def token(self, n: int) -> str:
        return f"{self.rng.getrandbits(4 * n):0{n}x}"


def generate(index: int) -> dict[str, Any]:
    """The plain data of article `index` (same for every implementation)."""
    w = Writer(index * 7919 + 17)
    rng = w.rng
    host = rng.choice(HOSTS)
    title = w.title()
    paragraphs: list[str] = []
    target = min(9000, max(150, int(rng.lognormvariate(7.0, 0.6))))   # words; median ~1100
    count = 0
    while count < target:
        if paragraphs and rng.random() < 0.08:
            paragraphs.append(w.title())                                # a subheading
            continue
        sentences = [w.sentence() for _ in range(rng.randint(1, 6))]
        count += sum(s.count(" ") + 1 for s in sentences)
        paragraphs.append(" ".join(sentences))
    slug = "-".join(title.lower().split()[:6])
    url = f"https://{host}/{2010 + index % 15}/{1 + index % 12:02d}/{slug}-{index}"
    return {
        "index": index, "url": url, "host": host, "title": title, "paragraphs": paragraphs,
        "byline": " ".join(x.capitalize() for x in w.words(2)),
        "published": f"{2010 + index % 15}-{1 + index % 12:02d}-{1 + index % 28:02d}",
        "site": host.split(".")[0].capitalize(),
        "note": " ".join(w.sentence() for _ in range(rng.randint(1, 4))),
        "highlights": rng.randint(1, 5) if rng.random() < 0.2 else 0,
        "tags": rng.sample(TAGS, rng.randint(1, 3)) if rng.random() < 0.2 else [],
        "page": rng.random() < 0.8,
        "archived": rng.random() < 0.3, "starred": rng.random() < 0.05,
        "progress": round(rng.random(), 2) if rng.random() < 0.5 else 0.0,
        "opened": rng.random() < 0.4, "seed": index,
    }


def page_html(data: dict[str, Any]) -> bytes:
    """A page the size and shape of a news article: furniture, scripts, JSON state."""
    w = Writer(data["seed"] + 1)
    rng = w.rng
    host = data["host"]
    nav = "".join(f'<li class="nav__item nav__item--{w.token(4)}"><a href="https://{host}/'
                  f'{"-".join(w.words(2))}" data-track="nav-{w.token(6)}">{" ".join(w.words(2))}'
                  "</a></li>" for _ in range(rng.randint(40, 120)))
    body = "".join(f'<p class="article-body__paragraph" data-id="{w.token(8)}">{p}</p>'
                   for p in data["paragraphs"])
    state = json.dumps({"props": {"page": {"id": w.token(24), "body": data["paragraphs"],
                                           "related": [{"id": w.token(24), "title": w.title(),
                                                        "img": f"https://cdn.{host}/{w.token(32)}.jpg"}
                                                       for _ in range(rng.randint(10, 30))]}}})
    names = rng.choices(VOCAB[:3000], k=2000)
    script = ";".join(f"var {names[i]}_{names[i + 1]}=function(a,b){{return a.{names[i + 2]}"
                      f"(b,'{names[i + 3]}',{i})}}" for i in range(0, rng.randint(600, 1900), 4))
    style = "".join(f".{names[i]}-{names[i + 1]}{{margin:{i % 40}px;color:#{w.token(3)}}}"
                    for i in range(0, rng.randint(400, 1200), 2))
    html = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{data["title"]}'
            f'</title><link rel="canonical" href="{data["url"]}"><style>{style}</style>'
            f'<script>{script}</script></head><body><header><nav><ul>{nav}</ul></nav></header>'
            f'<main><article><h1>{data["title"]}</h1><p class="byline">By {data["byline"]}</p>'
            f'{body}</article></main><footer><ul>{nav[: len(nav) // 2]}</ul></footer>'
            f'<script id="__NEXT_DATA__" type="application/json">{state}</script></body></html>')
    return html.encode()


def build_article(data: dict[str, Any]) -> tuple[Any, Any]:
    """The Article (and Page, for most) that extraction would give for `data`."""
    from reader.core.models import Article, Block, Link, Page
    text = "\n\n".join(data["paragraphs"])
    blocks, links, at = [], [], 0
    for n, paragraph in enumerate(data["paragraphs"]):
        blocks.append(Block("heading" if n and paragraph.istitle() else "paragraph", at,
                            at + len(paragraph), 2 if paragraph.istitle() else 0))
        if n % 4 == 1:
            word = paragraph.split(" ", 1)[0]
            links.append(Link(word, f"https://{data['host']}/{word.lower()}", at, at + len(word)))
        at += len(paragraph) + 2
    url = data["url"]
    article = Article(text=text, title=data["title"], byline=data["byline"],
                      published=data["published"], site=data["site"], lang="en", url=url,
                      canonical_url=url, location=url, blocks=blocks, links=links)
    page = Page(url, page_html(data), final_url=url, charset="utf-8") if data["page"] else None
    return article, page


def add_article(lib: Any, index: int, new_api: bool) -> int:
    data = generate(index)
    article, page = build_article(data)
    article_id = lib.save_article(article, page, location=data["url"], opened=data["opened"])
    lib.set_note(article_id, data["note"])
    text, rng = article.text, random.Random(index)
    for _ in range(data["highlights"]):
        start = text.find(". ", rng.randrange(len(text))) + 2
        if 1 < start < len(text) - 40:
            lib.add_highlight(article_id, start, start + rng.randint(20, 120) if start + 120 <
                              len(text) else len(text), note=rng.choice(["", "key point"]))
    for tag in data["tags"]:
        lib.add_tag(article_id, tag)
    if data["progress"]:
        lib.set_position(article_id, int(len(text) * data["progress"]), data["progress"])
    if new_api:
        if data["archived"]:
            lib.set_state(article_id, "archived")
        if data["starred"]:
            lib.set_starred(article_id)
    return int(article_id)


# -- measuring ------------------------------------------------------------------------------

def timed(fn: Callable[[], Any], repeat: int = 5) -> float:
    """Median seconds of `fn` (one run when it takes over a second)."""
    times: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        if times[-1] > 1.0:
            break
    return statistics.median(times)


def peak_mb(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def consume(items: Iterable[Any]) -> int:
    return sum(1 for _ in items)


def measure(lib: Any, size: int) -> dict[str, Any]:
    """Every figure for one size ("-" where this implementation has no such call)."""
    new = hasattr(lib, "list_page")
    out: dict[str, Any] = {}
    lib.db.read(lambda c: c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
    out["file KB per article"] = Path(lib.path).stat().st_size / size / 1024
    tag, host = TAGS[3], HOSTS[5]
    if new:
        from reader.store import ArticleFilter
        page = lambda sort="opened", f=None: lib.list_page(sort, f, limit=50)  # noqa: E731
        out["first page (50 rows)"] = timed(lambda: page())
        out["total count"] = timed(lambda: lib.count_articles())
        for label, f in (("tag", ArticleFilter(tags=(tag,))),
                         ("archived", ArticleFilter(states=("archived",))),
                         ("starred", ArticleFilter(states=("starred",))),
                         ("site", ArticleFilter(sites=(host,)))):
            out[f"filter {label}: page + count"] = timed(partial(
                lambda f: (page("opened", f), lib.count_articles(f)), f))
        for sort in ("saved", "title", "site", "published", "progress"):
            out[f"sort {sort}: first page"] = timed(partial(page, sort))
        out["page at offset 90%"] = timed(lambda: lib.list_page("title", limit=50,
                                                                offset=int(size * 0.9)))
    else:
        out["first page (50 rows)"] = timed(lambda: lib.list_articles("opened", limit=50))
        out["total count"] = timed(lambda: lib.count())
        out["filter tag: page + count"] = timed(lambda: lib.list_articles("opened", tag=tag))
        for sort in ("saved", "title", "site", "published", "progress"):
            out[f"sort {sort}: first page"] = timed(partial(lib.list_articles, sort, limit=50))
    out["all rows as one list (today's library screen)"] = timed(lambda: lib.list_articles())
    keys = [timed(partial(lib.search, SEARCH_WORD[:k], limit=200), repeat=3)
            for k in range(1, len(SEARCH_WORD) + 1)]
    out["search per keystroke, slowest"] = max(keys)
    out["search per keystroke (ms, one per letter)"] = " ".join(f"{k * 1000:.0f}" for k in keys)
    out["search, first key"] = keys[0]
    if new:
        out["search with filter (tag: + word)"] = timed(
            lambda: lib.search(f"tag:{tag} {SEARCH_WORD[:3]}", limit=200))
        stream = lambda: consume(lib.iter_articles())  # noqa: E731
        notes = lambda: consume(lib.iter_annotated())  # noqa: E731
        export = lambda: consume(lib.iter_export_entries())  # noqa: E731
    else:
        stream = lambda: consume(lib.list_articles())  # noqa: E731

        def notes() -> int:   # what `reader notes list --json` does today
            return consume((r, lib.get_note(r.id), lib.list_highlights(r.id))
                           for r in lib.list_articles(sort="saved") if r.notes_count)
        export = lambda: consume(lib.export_entries())  # noqa: E731
    for label, fn in (("every row", stream), ("notes list (note + highlights)", notes),
                      ("export entries (text, note, highlights)", export)):
        out[f"stream {label}: time"] = timed(fn, repeat=1)
        out[f"stream {label}: peak MB"] = peak_mb(fn)
    out["articles in the library"] = lib.count()
    return out


def pocket_items(count: int) -> Iterator[Any]:
    """Items as a Pocket CSV gives them (URL, title, tags, state, time added; a tenth with
    highlights from its annotations file), for the import measurement."""
    from reader.store import IncomingArticle, IncomingHighlight
    for n in range(count):
        rng = random.Random(n)
        w = Writer(n + 10**7)
        yield IncomingArticle(
            url=f"https://{rng.choice(HOSTS)}/read/{n}", title=w.title(),
            tags=rng.sample(TAGS, rng.randint(0, 3)),
            state="archived" if rng.random() < 0.6 else "unread",
            saved=f"2019-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00Z",
            highlights=[IncomingHighlight(w.sentence()) for _ in range(rng.randint(1, 2))]
            if rng.random() < 0.1 else [])


def import_seconds(folder: Path, count: int) -> float:
    """Seconds to merge `count` Pocket-like items into an empty library (queued for fetch)."""
    from reader import store
    path = folder / "import.sqlite3"
    with store.open(path) as lib:
        start = time.perf_counter()
        for _ in lib.merge_articles(pocket_items(count), queue_fetch=True, source="bench"):
            pass
        seconds = time.perf_counter() - start
    for leftover in folder.glob("import.sqlite3*"):
        leftover.unlink()
    return seconds


def pocket_csv(path: Path, count: int) -> Path:
    """The items of `pocket_items` as Pocket's export CSV (highlights aside: Pocket keeps
    them in another file)."""
    import csv
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["title", "url", "time_added", "tags", "status"])
        for item in pocket_items(count):
            stamp = calendar.timegm(time.strptime(item.saved, "%Y-%m-%dT%H:%M:%SZ"))
            out.writerow([item.title, item.url, stamp, "|".join(item.tags),
                          "archive" if item.state == "archived" else "unread"])
    return path


# A child that reports its own peak memory: VmHWM starts afresh at exec, unlike ru_maxrss,
# which would count the worker it was forked from.
_PEAK = """
import atexit, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write("peak-kb " + line.split()[1] + "\\n")
atexit.register(peak)
from reader.cli import main
sys.exit(main(sys.argv[1:]))
"""


CPU: dict[str, float] = {}   # the CPU seconds of the last command (its pool's included)


def run_cli(argv: list[str], data: Path, timeout: float,
            stdout: Path | None = None) -> tuple[float | str, float | None]:
    """(seconds or "> N s", peak MB) of `reader ARGV` in a fresh process on `data`; its CPU
    seconds (user + system, with the pool's workers it waited for) in CPU["last"]: on a
    machine shared with other work the wall time grows with the load, the CPU time not."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["last"] = float("nan")
    env = {**os.environ, "READER_DATA_DIR": str(data), "OPENBLAS_NUM_THREADS": "1"}
    sink = stdout.open("wb") if stdout else subprocess.DEVNULL
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", _PEAK, *argv], stdout=sink,  # cwd: not
                              stderr=subprocess.PIPE, env=env, timeout=timeout,  # this tree
                              cwd=data)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s", None
    finally:
        if stdout:
            sink.close()  # type: ignore[union-attr]
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["last"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak = [line for line in done.stderr.decode(errors="replace").splitlines()
            if line.startswith("peak-kb ")]
    if done.returncode != 0:
        return f"failed ({done.returncode})", None
    return seconds, int(peak[-1].split()[1]) / 1024 if peak else None


def cli_figures(folder: Path, size: int, new: bool, timeout: float,
                uncached: bool = False) -> dict[str, Any]:
    """The command-line figures for the library in `folder` (see the module docstring)."""
    out: dict[str, Any] = {}
    export = ["notes", "export", "--format", "json"]
    runs = [("notes list --json", ["notes", "list", "--json"])]
    if new:
        runs += [("notes export --format json (summaries stored with the text)", export),
                 ("notes export --format md (summaries stored with the text)",
                  ["notes", "export", "--format", "md"]),
                 ("library list --json", ["library", "list", "--json"])]
    else:     # today's export recomputes every summary every time: once is its figure
        runs += [("notes export --format json (summaries stored with the text)", export)]
    timeout = timeout if not new else 4 * 3600.0
    target = folder / "export.out"
    for label, argv in runs:
        seconds, peak = run_cli(argv, folder, timeout, stdout=target)
        out[f"cli {label}: time"] = seconds
        out[f"cli {label}: CPU"] = CPU["last"]
        out[f"cli {label}: peak MB"] = peak
    target.unlink(missing_ok=True)
    if new and uncached:
        out.update(uncached_export(folder, timeout))
    if new:
        csv_path = pocket_csv(folder / "pocket.csv", size)
        empty = folder / "import-target"
        empty.mkdir(exist_ok=True)
        seconds, peak = run_cli(["import", str(csv_path)], empty, timeout)
        out["cli import of a Pocket CSV of as many rows (no fetch): time"] = seconds
        out["cli import of a Pocket CSV of as many rows (no fetch): CPU"] = CPU["last"]
        out["cli import of a Pocket CSV of as many rows (no fetch): peak MB"] = peak
        for leftover in (*empty.glob("*"), csv_path):
            leftover.unlink()
        empty.rmdir()
    return out


def uncached_export(folder: Path, timeout: float) -> dict[str, Any]:
    """The export of a copy of the library with its summary cache emptied (an older
    reader's library): the first computes every summary (in the pool), the second none."""
    import shutil
    import sqlite3
    copy = folder.parent / (folder.name + "-uncached")
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir()
    with sqlite3.connect(folder / "library.sqlite3") as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    conn.close()
    shutil.copyfile(folder / "library.sqlite3", copy / "library.sqlite3")
    with sqlite3.connect(copy / "library.sqlite3") as conn:
        conn.execute("DELETE FROM summaries")
    conn.close()
    out: dict[str, Any] = {}
    export = ["notes", "export", "--format", "json"]
    for label in ("first, no summary stored: all computed in the pool",
                  "again: every summary cached"):
        seconds, peak = run_cli(export, copy, timeout, stdout=copy / "export.out")
        out[f"cli notes export --format json ({label}): time"] = seconds
        out[f"cli notes export --format json ({label}): CPU"] = CPU["last"]
        out[f"cli notes export --format json ({label}): peak MB"] = peak
    shutil.rmtree(copy, ignore_errors=True)
    return out


def grow(lib: Any, built: int, size: int, new: bool) -> None:
    """Add articles `built`..`size` 500 per transaction, each batch's summaries computed as
    reader computes them when it stores a text (in the pool, while the next batch is built)."""
    summaries = None
    if hasattr(lib, "load_articles"):
        from reader.app import config
        from reader.app.summaries import CachedSummaries
        summaries = CachedSummaries(lib, config.load().pipeline())
    for first in range(built, size, 500):
        with lib.transaction():
            ids = [add_article(lib, index, new) for index in range(first, min(size, first + 500))]
        if summaries is not None:
            summaries.store_ids(ids)
        if first % 10000 == 0:
            print(f"built {first:,}", file=sys.stderr, flush=True)
    if summaries is not None:
        summaries.flush()


def size_library(work: Path, size: int, sizes: list[int], new: bool) -> tuple[Path, dict[str, Any]]:
    """The folder of the library of `size` articles, built (from the next smaller one's copy)
    unless a run before left it complete; with the build figures of the run that built it."""
    import shutil
    from reader import store
    folder = work / f"size-{size}"
    mark = folder / "built.json"
    if mark.exists():
        return folder, json.loads(mark.read_text())
    folder.mkdir(exist_ok=True)
    smaller = [s for s in sizes if s < size and (work / f"size-{s}" / "built.json").exists()]
    built = 0
    if smaller:
        built = max(smaller)
        source = work / f"size-{built}" / "library.sqlite3"
        with store.open(source) as lib:
            lib.db.read(lambda c: c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
        shutil.copyfile(source, folder / "library.sqlite3")
    start = time.perf_counter()
    with store.open(folder / "library.sqlite3") as lib:
        grow(lib, built, size, new)
    seconds = time.perf_counter() - start
    figures = {"build, this step (s)": seconds,
               "build per article, summary included (ms)": seconds / (size - built) * 1000}
    mark.write_text(json.dumps(figures))
    return folder, figures


def breakdown(lib: Any, size: int) -> dict[str, float]:
    """KB per article of each table and index (SQLite's dbstat)."""
    rows = lib.db.read(lambda c: c.execute(
        "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall())
    return {name: total / size / 1024 for name, total in rows}


def worker(sizes: list[int], work: Path, out: Path, label: str,
           cli_timeout: float = 300.0, uncached_max: int = 10000,
           build_only: bool = False) -> None:
    from reader import store
    results: dict[str, Any] = {"impl": label, "module": store.__file__, "sizes": {}}
    if out.exists():   # the figures of sizes measured by an earlier run stay beside these
        results["sizes"] = json.loads(out.read_text()).get("sizes", {})
    for size in sizes:
        probe = store.open(work / "probe.sqlite3")
        new = hasattr(probe, "list_page")
        probe.close()
        for leftover in work.glob("probe.sqlite3*"):
            leftover.unlink()
        folder, figures = size_library(work, size, sizes, new)
        print(f"[{label}] {size}: built", file=sys.stderr, flush=True)
        if build_only:
            continue
        lib = store.open(folder / "library.sqlite3")
        figures = dict(figures)
        figures.update(measure(lib, size))
        if new:
            figures["import merge of as many Pocket rows into an empty library (s)"] = \
                import_seconds(folder, size)
        figures.update(cli_figures(folder, size, new, cli_timeout, size <= uncached_max))
        figures["tables"] = breakdown(lib, size)
        figures["load average (1 min) when this size was measured"] = \
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        lib.close()
        results["sizes"][str(size)] = figures
        out.write_text(json.dumps(results, indent=1))
        print(f"[{label}] {size}: done", file=sys.stderr, flush=True)


def upgrade_worker(folder: Path, out: Path) -> None:
    """Open today's library with this tree's store: the schema upgrade, timed."""
    from reader import store
    start = time.perf_counter()
    with store.open(sorted(folder.glob("size-*/library.sqlite3"))[-1]) as lib:
        seconds = time.perf_counter() - start
        rows = lib.count()
        lib.db.read(lambda c: c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
        size = Path(lib.path).stat().st_size
    out.write_text(json.dumps({"seconds": seconds, "rows": rows, "bytes": size}))


# -- the report -----------------------------------------------------------------------------

def _cell(value: Any, key: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return f"{value:,}"
    if "MB" in key or "KB" in key:
        return f"{value:,.1f}"
    if "(s)" in key or "(ms)" in key:
        return f"{value:,.1f}"
    return f"{value * 1000:,.1f} ms" if value < 10 else f"{value:,.1f} s"


def report(results: list[dict[str, Any]], sizes: list[int], upgrades: dict[str, Any]) -> str:
    keys: list[str] = []
    for r in results:
        for figures in r["sizes"].values():
            keys += [k for k in figures if k not in keys and k not in ("tables",)]
    head = ["measurement"] + [f"{size:,} {r['impl']}" for size in sizes for r in results]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key in keys:
        cells = [_cell(r["sizes"].get(str(size), {}).get(key), key)
                 for size in sizes for r in results]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    text = "\n".join(lines)
    last = str(sizes[-1])
    for r in results:
        tables = r["sizes"].get(last, {}).get("tables", {})
        top = ", ".join(f"{name} {kb:.1f}" for name, kb in list(tables.items())[:8])
        text += f"\n\nKB per article by table at {int(last):,} ({r['impl']}): {top}"
    for size, up in upgrades.items():
        text += (f"\n\nUpgrading today's {int(size):,}-article library to this schema: "
                 f"{up['seconds']:.1f} s, file {up['bytes'] / up['rows'] / 1024:.1f} KB "
                 f"per article after")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--baseline", default="cf7b2ed", help="git revision, or 'none'")
    parser.add_argument("--workdir", help="keep the libraries here (default: a temp folder)")
    parser.add_argument("--cli-timeout", type=float, default=300.0,
                        help="seconds the baseline's commands may run (default 300)")
    parser.add_argument("--uncached-max", type=int, default=10000,
                        help="largest size whose export is also timed on a copy without "
                             "stored summaries (default 10000: at 100,000 it computes for "
                             "minutes)")
    parser.add_argument("--build-only", action="store_true",
                        help="only build (or find) the libraries in --workdir")
    parser.add_argument("--report-only", action="store_true",
                        help="print the table of the sizes an earlier run measured in "
                             "--workdir (sizes measured in separate runs, one table)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--upgrade", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace(",", "").replace("_", "")) for s in args.sizes.split(","))
    if args.worker:
        worker(sizes, Path(args.worker), Path(args.out), os.environ["BENCH_LABEL"],
               args.cli_timeout, args.uncached_max, args.build_only)
        return 0
    if args.upgrade:
        upgrade_worker(Path(args.upgrade), Path(args.out))
        return 0
    started_load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    temp = tempfile.TemporaryDirectory(prefix="reader-scale-") if not args.workdir else None
    work = Path(args.workdir or temp.name)   # type: ignore[union-attr]
    work.mkdir(parents=True, exist_ok=True)
    runs = []
    if args.baseline != "none":
        runs.append((f"today ({args.baseline})", baseline_tree(args.baseline, work)))
    runs.append(("now", ROOT))
    results = []
    for label, tree in runs:
        folder = work / label.split()[0]
        folder.mkdir(exist_ok=True)
        out = folder / "results.json"
        env = {**os.environ, "PYTHONPATH": str(tree), "BENCH_LABEL": label.split()[0],
               "READER_DATA_DIR": str(folder / "data"), "OPENBLAS_NUM_THREADS": "1"}
        if args.report_only:
            results.append({**json.loads(out.read_text()), "impl": label})
            continue
        subprocess.run([sys.executable, __file__, "--worker", str(folder), "--out", str(out),
                        "--sizes", ",".join(map(str, sizes)),
                        "--cli-timeout", str(args.cli_timeout),
                        "--uncached-max", str(args.uncached_max),
                        *(["--build-only"] if args.build_only else [])], env=env, check=True)
        if args.build_only:
            continue
        results.append(json.loads(out.read_text()))
        results[-1]["impl"] = label
    upgrades: dict[str, Any] = {}
    if args.build_only:
        return 0
    if args.baseline != "none" and not args.report_only:
        folder = work / "today"
        out = folder / "upgrade.json"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "READER_DATA_DIR": str(folder / "data")}
        subprocess.run([sys.executable, __file__, "--upgrade", str(folder), "--out", str(out)],
                       env=env, check=True)
        upgrades[str(sizes[-1])] = json.loads(out.read_text())
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    if args.report_only:   # the load of each size's run is in the table's last row
        load = started_load = "(see each size's row)"
    print(f"Library at scale (bench/library_scale.py --sizes {','.join(map(str, sizes))} "
          f"--baseline {args.baseline}); search word {SEARCH_WORD!r} typed letter by letter; "
          f"times are medians, peaks are tracemalloc's; load average at the end {load} on "
          f"{os.cpu_count()} cores (started at {started_load})\n")
    print(report(results, sizes, upgrades))
    if temp is not None:
        temp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
