"""Parsing speed and peak memory of imports on generated exports, beside two anchors.

Pocket CSVs of 1,000 to 100,000 rows (issue 14: a 100,000-row Pocket CSV within a minute,
memory flat in the rows) and wallabag JSON exports with ~20 KB of HTML per entry. Anchors,
run on the same files in the same run: `csv.DictReader` iterated bare (the floor: parsing
with no checks, cleaning or dates) and the load-everything way other importers read these
files (`list(csv.DictReader(...))`, `json.load`). Each case runs in a fresh subprocess and
reports its time and peak RSS (ru_maxrss), so no case inherits another's heap.

    .venv/bin/python bench/import_parse.py [--rows 1000,10000,100000] [--entries 500,2000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000,10000,100000")
    parser.add_argument("--entries", default="500,2000,5000")
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


if __name__ == "__main__":
    main()
