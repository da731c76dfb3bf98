"""Another revision of reader for the benchmarks' baseline columns: its `reader` package
unpacked from `git archive`, so it runs beside this tree in the same run."""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def baseline_tree(rev: str, into: Path) -> Path:
    """`rev`'s `reader` package unpacked under `into`/tree; returns that folder."""
    archive = into / "baseline.tar"
    with archive.open("wb") as handle:
        subprocess.run(["git", "-C", str(ROOT), "archive", rev, "reader"], stdout=handle,
                       check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"
