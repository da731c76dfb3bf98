"""Whether two trees extract the same: `extract()`'s output on every page of ../shared/eval.

    # the reference, from another checkout's package
    .venv/bin/python bench/extract_same.py --reader ../main --write /tmp/main.jsonl
    # this tree, compared with it (exit status 1 and the differing pages when any differ)
    .venv/bin/python bench/extract_same.py --write /tmp/mine.jsonl --against /tmp/main.jsonl

A speed change that claims to leave the output alone proves it here: per page the text, title,
byline, date, the shown candidate and every candidate's name, confidence and length.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "extraction"  # as bench/train_extract.py (which would import this tree)
SETS = ("aeb", "mozilla", "wcxb")


def page_row(job: tuple[str, str]) -> dict[str, Any]:
    from reader.core.extract import extract
    from reader.core.models import Page

    set_name, page_id = job
    folder = EVAL / set_name
    meta = json.loads((folder / f"{page_id}.json").read_text("utf-8"))
    body = gzip.decompress((folder / f"{page_id}.html.gz").read_bytes())
    row: dict[str, Any] = {"page": f"{set_name}/{page_id}"}
    try:
        a = extract(Page(location="page", body=body, media_type="text/html", final_url=meta.get("url")))
    except Exception as exc:  # the error itself is output too
        row["error"] = f"{type(exc).__name__}: {exc}"
        return row
    row.update(text=hashlib.sha256(a.text.encode()).hexdigest(), chars=len(a.text), title=a.title,
               byline=a.byline, date=a.published, candidate=a.candidate,
               candidates=[[c.name, c.confidence, c.chars] for c in a.candidates])
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", required=True, help="JSON lines, one page a line")
    parser.add_argument("--against", help="a file written by --write to compare with")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--reader", default=str(ROOT), help="the checkout whose package is run")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(args.reader).resolve()))
    import reader

    print(f"reader from {Path(reader.__file__).parent}", file=sys.stderr)
    jobs = sorted((s, p.name[: -len(".html.gz")]) for s in args.sets.split(",")
                  for p in (EVAL / s).glob("*.html.gz"))
    with Pool(args.jobs) as pool:
        rows = pool.map(page_row, jobs, chunksize=4)
    Path(args.write).write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows))
    if not args.against:
        print(f"{len(rows)} pages written")
        return 0
    before = {r["page"]: r for r in map(json.loads, Path(args.against).read_text().splitlines())}
    differ = [r["page"] for r in rows if before.get(r["page"]) != r]
    for page in differ:
        print(f"differs: {page}\n  before {before.get(page)}\n  after  "
              f"{next(r for r in rows if r['page'] == page)}")
    print(f"{len(rows)} pages, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
