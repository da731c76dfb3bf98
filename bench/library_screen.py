"""The library screen at scale: `l` -> first rows, each search key, filters, sorts and `G`, in the
app itself, on a library of 100,000 articles (or `--size`).

Run: `.venv/bin/python bench/library_screen.py [--size 100000] [--folder DIR] [--baseline REV]`

The library is built through the store API with `bench/library_scale.py`'s generator (every
article with a note, a fifth with highlights or tags, most with an original page; generated
text, never a real page), in `--folder` (kept, so a second run measures at once; default: a
temporary folder, removed afterwards). The app runs headless under Textual's Pilot in this
process; each figure is the wall time from the key press until the screen shows its answer
(the rows of that query are in the list and drawn): what a person waits for.

Beside ours, the same steps on the library screen of `--baseline` (default f99b489, before the
virtualised list; its DataTable screen, loaded from git into this tree's app) in the same run,
unless `--baseline none`. A step the old screen cannot do is "-"; a step still unanswered after
`--patience` seconds is "> N s".
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FIXTURE = ROOT / "tests" / "fixtures" / "ui" / "harbour.html"


def search_word() -> str:
    """The word typed letter by letter: one the generated articles use (in about 5% of them),
    so every key has hits to rank and show ("coast" is in none of them)."""
    import library_scale
    return str(library_scale.SEARCH_WORD)


def build(folder: Path, size: int) -> float:
    """Fill `folder`'s library up to `size` articles; the seconds it took (0 if already)."""
    import library_scale

    from reader import store
    lib = store.open(folder / "library.sqlite3")
    try:
        have = lib.count()
        if have >= size:
            return 0.0
        start = time.perf_counter()
        for first in range(have, size, 500):
            with lib.transaction():
                for index in range(first, min(size, first + 500)):
                    library_scale.add_article(lib, index, True)
            if first % 10_000 == 0:
                print(f"  built {first:,}", file=sys.stderr, flush=True)
        return time.perf_counter() - start
    finally:
        lib.close()


def old_screen(rev: str) -> type | None:
    """The LibraryScreen class of `rev`, loaded from git into this tree (None: not found)."""
    try:
        source = subprocess.run(["git", "show", f"{rev}:reader/ui/screens/library.py"],
                                cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    spec = importlib.util.spec_from_loader("old_library_screen", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    exec(compile(source, f"{rev}:library.py", "exec"), module.__dict__)  # noqa: S102 - our code
    return module.LibraryScreen  # type: ignore[no-any-return]


def press(app: Any, key: str) -> None:
    """Send `key` as the terminal would, without waiting for what it starts (Pilot's `press`
    waits until every worker is done, which would time the slowest step, not the answer)."""
    from textual import events
    char = {"slash": "/", "escape": None}.get(key, key)
    app.post_message(events.Key(key, char))


class Probe:
    """Reads what a library screen (ours or the old one) shows."""

    def __init__(self, screen: Any) -> None:
        self.screen = screen
        self.new = hasattr(screen, "article_list")
        self.filled: list[tuple[str, str]] = []  # the old screen: (query, sort) of each fill
        if not self.new:
            fill = screen._fill_table

            def recorded(selected: Any) -> None:
                fill(selected)
                self.filled.append((screen.query_text, screen.sort))

            screen._fill_table = recorded

    def rows(self) -> int:
        if self.new:
            listing = self.screen.article_list
            return listing.total if listing.rows else 0
        return int(self.screen.table.row_count)

    def shows(self, query: str) -> bool:
        """The answer to `query` is on screen."""
        if self.new:
            return self.screen._shown is not None and self.screen._shown[0] == query and \
                bool(self.screen.article_list.rows or not self.screen.total)
        return bool(self.filled and self.filled[-1][0] == query)

    def sorted_by(self, sort: str) -> bool:
        if self.new:
            return self.screen._shown == ("", sort) and bool(self.screen.article_list.rows)
        return bool(self.filled and self.filled[-1] == ("", sort))

    def last_shown(self) -> bool:
        listing = self.screen.article_list
        return listing.cursor == listing.total - 1 and listing.selected is not None


async def wait_for(pilot: Any, done: Callable[[], bool], patience: float) -> float | None:
    """Seconds until `done()` (polled between frames), None after `patience` seconds."""
    start = time.perf_counter()
    while not done():
        if time.perf_counter() - start > patience:
            return None
        await pilot.pause(0.002)
    await pilot.pause(0)  # the frame that draws it
    return time.perf_counter() - start


async def session(screen_class: type | None, tags: list[str], site: str,
                  patience: float) -> dict[str, float | None]:
    """One session in the app: open an article, `l`, type, filter, sort, `G`."""
    from reader.ui.app import ReaderApp
    from reader.ui.screens import library as library_module
    saved = library_module.LibraryScreen
    if screen_class is not None:
        library_module.LibraryScreen = screen_class  # type: ignore[misc]
    figures: dict[str, float | None] = {}
    try:
        app = ReaderApp(str(FIXTURE))
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause(0.5)
            start = time.perf_counter()
            press(app, "l")
            await wait_for(pilot, lambda: app.screen is not app.reader_screen, patience)
            probe = Probe(app.screen)
            seen = await wait_for(pilot, lambda: probe.rows() > 0, patience)
            figures["l -> first rows"] = None if seen is None else time.perf_counter() - start
            # Keys answered at once, or ignored while the screen is busy?
            settled = await wait_for(pilot, lambda: not app.screen.workers, patience)
            figures["l -> every row read, keys answered"] = \
                None if settled is None else time.perf_counter() - start
            await pilot.press("slash")
            word = search_word()
            typed = ""
            keys: list[float | None] = []
            for letter in word:
                typed += letter
                start = time.perf_counter()
                press(app, letter)
                seen = await wait_for(pilot, lambda q=typed: probe.shows(q), patience)
                keys.append(None if seen is None else time.perf_counter() - start)
            for n, value in enumerate(keys, 1):
                figures[f"search key {n} ({word[:n]!r})"] = value
            field = app.screen.query_one("#library-search")
            for name, query in ((f"filter tag:{tags[0]}", f"tag:{tags[0]}"),
                                ("filter is:archived", "is:archived"),
                                ("filter is:starred", "is:starred"),
                                (f"filter site:{site}", f"site:{site}"),
                                (f"words and filter ('{word} tag:{tags[1]}')",
                                 f"{word} tag:{tags[1]}")):
                if not probe.new and (":" in query):
                    figures[name] = float("nan")  # the old screen had no filters
                    continue
                start = time.perf_counter()
                field.value = query
                seen = await wait_for(pilot, lambda q=query: probe.shows(q), patience)
                figures[name] = None if seen is None else time.perf_counter() - start
            field.value = ""
            await wait_for(pilot, lambda: probe.shows(""), patience)
            await pilot.press("escape")  # the search field lets go of the focus
            await app.workers.wait_for_complete()
            for sort in ("saved", "title"):
                start = time.perf_counter()
                press(app, "s")
                seen = await wait_for(pilot, lambda s=sort: probe.sorted_by(s), patience)
                figures[f"sort by {sort}"] = None if seen is None else time.perf_counter() - start
            if probe.new:  # (the old screen's G scrolled without moving its cursor)
                await app.workers.wait_for_complete()
                start = time.perf_counter()
                press(app, "G")
                seen = await wait_for(pilot, probe.last_shown, patience)
                figures["G -> last row"] = None if seen is None else time.perf_counter() - start
            else:
                figures["G -> last row"] = float("nan")
    finally:
        library_module.LibraryScreen = saved  # type: ignore[misc]
    return figures


def cell(value: float | None, patience: float) -> str:
    if value is None:
        return f"> {patience:.0f} s"
    if value != value:  # nan: not possible there
        return "-"
    return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, help="keep the library here (built if short)")
    parser.add_argument("--baseline", default="f99b489", help="git revision, or none")
    parser.add_argument("--patience", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=3, help="sessions of ours (medians)")
    args = parser.parse_args(argv)
    temporary = None if args.folder else tempfile.TemporaryDirectory(prefix="reader-libscreen-")
    folder = args.folder or Path(temporary.name)  # type: ignore[union-attr]
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.update(READER_DATA_DIR=str(folder), READER_CONFIG=str(folder / "config.toml"),
                      READER_LOG_DIR=str(folder / "log"), OPENBLAS_NUM_THREADS="1")
    try:
        seconds = build(folder, args.size)
        if seconds:
            print(f"built {args.size:,} articles in {seconds:,.0f} s", file=sys.stderr)
        from reader import store
        with store.open() as lib:
            count = lib.count()
            tags = [t for t, _ in sorted(lib.all_tags(), key=lambda t: -t[1])][:2]
            site = lib.list_page("saved", limit=1)[0].host or "example.org"
        ours = [asyncio.run(session(None, tags, site, args.patience)) for _ in range(args.runs)]
        old_class = None if args.baseline == "none" else old_screen(args.baseline)
        old = asyncio.run(session(old_class, tags, site, args.patience)) if old_class else None
    finally:
        if temporary is not None:
            temporary.cleanup()
    names = list(ours[0])

    def median(name: str) -> float | None:
        values = [run[name] for run in ours]
        if any(v is None for v in values):
            return None
        return statistics.median(v for v in values if v is not None)

    print(f"library screen, {count:,} articles, 120x40, headless app "
          f"(ours: median of {args.runs} sessions; {args.baseline}: one session)")
    head = f"| {'step':<42} | {'ours':>10} | {args.baseline if old else 'baseline':>10} |"
    print(head)
    print(f"|{'-' * 44}|{'-' * 11}:|{'-' * 11}:|")
    for name in names:
        before = cell(old.get(name), args.patience) if old else "-"
        print(f"| {name:<42} | {cell(median(name), args.patience):>10} | {before:>10} |")
    first = median("l -> first rows")
    worst = max((median(n) or float("inf")) for n in names if n.startswith("search key"))
    print(f"\nfirst rows {cell(first, args.patience)} after l (target 500 ms); slowest search "
          f"key {cell(worst, args.patience)} (target 100 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
