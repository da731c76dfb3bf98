"""Large exports stream: a 100,000-row Pocket CSV parses lazily, in memory flat in the rows."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

from reader.core.imports import ImportedItem, open_export


def write_pocket_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("title,url,time_added,tags,status\n")
        for i in range(rows):
            out.write(f'"Article {i}, on things",https://site{i % 500}.example.com/p/{i},'
                      f'{1_600_000_000 + i},t{i % 7}|t{i % 11},{"archive" if i % 3 else "unread"}\n')
    return path


def peak_while_reading(path: Path) -> tuple[int, int]:
    """(items read, peak bytes allocated while reading them one by one)."""
    count = 0
    tracemalloc.start()
    try:
        with open_export(path) as export:
            for entry in export:
                count += isinstance(entry, ImportedItem)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_pocket_csv_streams_in_flat_memory(tmp_path: Path) -> None:
    """Ten times the rows, not ten times the memory (bench/import_parse.py times 100,000)."""
    small = write_pocket_csv(tmp_path / "small.csv", 2_000)
    large = write_pocket_csv(tmp_path / "large.csv", 20_000)
    assert large.stat().st_size > 1_600_000
    started = time.monotonic()
    small_count, small_peak = peak_while_reading(small)
    large_count, large_peak = peak_while_reading(large)
    assert (small_count, large_count) == (2_000, 20_000)
    # ten times the rows, not ten times the memory: the rows are never all held
    assert large_peak < 2 * small_peak + 1_000_000
    assert large_peak < large.stat().st_size / 4
    assert time.monotonic() - started < 120   # generous: tracing slows Python down

