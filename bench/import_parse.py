"""Parsing speed and peak memory of imports on generated exports, beside two anchors; and
the whole `reader import` of a Pocket CSV beside the store of another revision.

Pocket CSVs of 1,000 to 100,000 rows (issue 14: a 100,000-row Pocket CSV within a minute,
memory flat in the rows) and wallabag JSON exports with ~20 KB of HTML per entry. Anchors,
run on the same files in the same run: `csv.DictReader` iterated bare (the floor: parsing
with no checks, cleaning or dates) and the load-everything way other importers read these
files (`list(csv.DictReader(...))`, `json.load`). Each case runs in a fresh subprocess and
reports its time and peak RSS (ru_maxrss), so no case inherits another's heap.

`--import-rows` (default 10000,100000) times the command itself, `reader import FILE`
without fetching, in a fresh process each: into an empty library, and into a library that
already holds the first 10,000 rows (imported before; those rows merge, the rest are new).
Each runs with this tree and with `--baseline` (a git revision, default f10e03d: the store
that merged one item at a time; `none` skips it) on the same files in the same run, with
wall time, CPU time (user + system) and peak RSS (VmHWM); the parse-only figure above is the
floor any import pays. `uptime` is printed beside, as the machine is shared.

    .venv/bin/python bench/import_parse.py [--rows 1000,10000,100000] [--entries 500,2000]
        [--import-rows 10000,100000] [--baseline REV]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from revisions import baseline_tree  # noqa: E402

PRESENT = 10_000      # rows the library holds before the merge case

_CHILD = r"""
import csv, json, resource, sys, time
kind, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
count = 0
if kind == "ours":
    from reader.core.imports import ImportedItem, open_export
    with open_export(path) as export:
        for entry in export:
            count += isinstance(entry, ImportedItem)
elif kind == "dictreader":
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            count += 1
elif kind == "csv-list":
    with open(path, newline="", encoding="utf-8") as f:
        count = len(list(csv.DictReader(f)))
elif kind == "json-load":
    with open(path, "rb") as f:
        count = len(json.load(f))
seconds = time.perf_counter() - start
print(json.dumps({"count": count, "seconds": seconds,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_PARA = ("<p>The harbour board met on Tuesday to discuss the wall, which has been crumbling "
         "for years; members agreed that repairs must start before the winter storms.</p>")


def pocket_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("title,url,time_added,tags,status\n")
        for i in range(rows):
            out.write(f'"Article {i}, on harbours and walls",https://site{i % 500}.example.com/'
                      f'news/{i}?ref=feed,{1_600_000_000 + i},town|sea|t{i % 11},'
                      f'{"archive" if i % 3 else "unread"}\n')
    return path


def wallabag_json(path: Path, entries: int) -> Path:
    content = "<article>" + _PARA * 120 + "</article>"   # ~20 KB
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for i in range(entries):
            entry = {"id": i, "title": f"Entry {i}", "url": f"https://w{i % 50}.example.org/{i}",
                     "content": content, "is_archived": i % 2, "is_starred": int(i % 7 == 0),
                     "created_at": "2024-01-15T10:30:00+0100", "tags": ["sea", f"t{i % 5}"],
                     "annotations": [{"quote": "the wall", "text": "note", "ranges": [],
                                      "created_at": "2024-01-15T11:00:00+0100"}]}
            out.write(("," if i else "") + json.dumps(entry))
        out.write("]")
    return path


def run(kind: str, path: Path) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", _CHILD, kind, str(path)], capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout)


def table(title: str, label: str, cases: list[tuple[int, Path]], kinds: list[str]) -> None:
    print(f"\n{title}")
    print(f"| {label} | MB | " + " | ".join(f"{k} s | {k} peak MB" for k in kinds) + " |")
    print("|" + "---|" * (2 + 2 * len(kinds)))
    for size, path in cases:
        cells = []
        for kind in kinds:
            figures = run(kind, path)
            if kind == "ours" and figures["count"] != size:
                raise SystemExit(f"ours read {figures['count']} items of {size}")
            cells.append(f"{figures['seconds']:.2f} | {figures['peak_mb']:.0f}")
        print(f"| {size:,} | {path.stat().st_size / 1e6:.1f} | " + " | ".join(cells) + " |",
              flush=True)


# `reader import` in a fresh process that reports its CPU time and peak memory (VmHWM
# starts afresh at exec, unlike ru_maxrss).
_COMMAND = r"""
import atexit, os, sys
def figures():
    peak = [l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")]
    t = os.times()
    sys.stderr.write(f"bench-figures {t.user + t.system} {int(peak[0]) / 1024}\n")
atexit.register(figures)
from reader.cli import main
sys.exit(main(sys.argv[1:]))
"""


def command(tree: Path, data: Path, argv: list[str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MB) of `reader ARGV` from `tree` on the library in `data`."""
    env = {**os.environ, "PYTHONPATH": str(tree), "READER_DATA_DIR": str(data),
           "OPENBLAS_NUM_THREADS": "1"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _COMMAND, *argv], cwd=data, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    lines = [line.split() for line in done.stderr.splitlines()
             if line.startswith("bench-figures ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"reader {' '.join(argv)} failed:\n{done.stderr[-2000:]}")
    return wall, float(lines[-1][1]), float(lines[-1][2])


def import_table(base: Path, sizes: list[int], trees: list[tuple[str, Path]]) -> None:
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"\n`reader import` of a Pocket CSV, no fetch (uptime: {uptime})")
    print("| rows | library before | " + " | ".join(
        f"{label} wall s | {label} CPU s | {label} peak MB" for label, _ in trees) + " |")
    print("|" + "---|" * (2 + 3 * len(trees)))
    present = base / "present"
    present.mkdir()
    command(ROOT, present, ["import", str(pocket_csv(base / "present.csv", PRESENT))])
    for size in sizes:
        csv_path = pocket_csv(base / f"import_{size}.csv", size)
        for before in ("empty", f"{PRESENT:,} of its rows"):
            cells = []
            for label, tree in trees:
                data = base / f"run-{label}"
                shutil.rmtree(data, ignore_errors=True)
                if before == "empty":
                    data.mkdir()
                else:
                    shutil.copytree(present, data)
                wall, cpu, peak = command(tree, data, ["import", str(csv_path)])
                cells.append(f"{wall:.1f} | {cpu:.1f} | {peak:.0f}")
                shutil.rmtree(data)
            print(f"| {size:,} | {before} | " + " | ".join(cells) + " |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000,10000,100000")
    parser.add_argument("--entries", default="500,2000,5000")
    parser.add_argument("--import-rows", default="10000,100000")
    parser.add_argument("--baseline", default="f10e03d", help="git revision, or 'none'")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        rows = [int(n) for n in args.rows.split(",") if n]
        table("Pocket CSV (part_000000.csv)", "rows",
              [(n, pocket_csv(base / f"pocket_{n}.csv", n)) for n in rows],
              ["ours", "dictreader", "csv-list"])
        entries = [int(n) for n in args.entries.split(",") if n]
        table("wallabag JSON (~20 KB of HTML per entry)", "entries",
              [(n, wallabag_json(base / f"wallabag_{n}.json", n)) for n in entries],
              ["ours", "json-load"])
        imports = [int(n) for n in args.import_rows.split(",") if n]
        if imports:
            trees = [("now", ROOT)]
            if args.baseline != "none":
                trees.append((args.baseline, baseline_tree(args.baseline, base)))
            import_table(base, imports, trees)


if __name__ == "__main__":
    main()
