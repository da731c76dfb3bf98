"""Extraction benchmark: reader's extractor vs plain readability-lxml vs trafilatura.

Runs over ../shared/eval/extraction/{aeb,mozilla,wcxb} (the metric is defined in the README
there: 4-token shingles, P/R averaged over pages, F1 of the means, plus mean per-page F1) and
prints one markdown table per set, HTML and text dumps, with metadata accuracy and timings.

    .venv/bin/python bench/extract.py [--sets aeb,mozilla] [--limit N] [--systems ours,readability]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval" / "extraction"
ALL_SETS = ("aeb", "mozilla", "wcxb")
ALL_SYSTEMS = ("ours", "readability", "trafilatura", "ours-dump", "whole-dump")

_TOKEN = re.compile(r"\w+")


# ------------------------------------------------------------------------------ metric

def shingles(text: str) -> Counter:
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < 4:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3))


def page_scores(pred: str, truth: str) -> tuple[float | None, float | None, float]:
    """(precision or None if pred empty, recall or None if truth empty, per-page F1)."""
    p, t = shingles(pred), shingles(truth)
    tp = sum((p & t).values())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    precision = 1.0 if fp == 0 and fn == 0 else (tp / (tp + fp) if tp + fp else 0.0)
    recall = 1.0 if fp == 0 and fn == 0 else (tp / (tp + fn) if tp + fn else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if not p:
        f1 = 0.0 if t else 1.0
    return (precision if p else None), (recall if t else None), f1


def norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def date_of(text: str | None) -> str | None:
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", text or "")
    return m.group(0) if m else None


# ------------------------------------------------------------------------------ systems

def _options():
    from reader.core.extract import ExtractOptions

    return ExtractOptions().with_spec(os.environ.get("READER_EXTRACT_OPTIONS", ""))


def run_ours(html: bytes, url: str | None) -> dict:
    from reader.core.extract import extract
    from reader.core.models import Page

    a = extract(Page(location="page.html", body=html, media_type="text/html", final_url=url), options=_options())
    return {"text": a.text, "title": a.title, "byline": a.byline, "date": a.published}


def run_ours_dump(dump: bytes, url: str | None) -> dict:
    from reader.core.extract import extract
    from reader.core.models import Page

    a = extract(Page(location="page.txt", body=dump, media_type="text/plain"), options=_options())
    return {"text": a.text, "title": a.title, "byline": a.byline, "date": a.published}


def run_readability(html: bytes, url: str | None) -> dict:
    import lxml.html
    from readability import Document

    doc = Document(html.decode("utf-8", "replace"), url=url)
    title = doc.short_title()
    summary = doc.summary(html_partial=True)
    root = lxml.html.fragment_fromstring(summary, create_parent="div") if summary.strip() else None
    text = " ".join(root.itertext()) if root is not None else ""
    return {"text": text, "title": title, "byline": None, "date": None}


def run_trafilatura(html: bytes, url: str | None) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(html.decode("utf-8", "replace"), url=url, with_metadata=True)
    if doc is None:
        return {"text": "", "title": None, "byline": None, "date": None}
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    return {"text": get("text") or "", "title": get("title"), "byline": get("author"), "date": get("date")}


def run_whole_dump(dump: bytes, url: str | None) -> dict:
    return {"text": dump.decode("utf-8", "replace"), "title": None, "byline": None, "date": None}


RUNNERS = {"ours": run_ours, "readability": run_readability, "trafilatura": run_trafilatura,
           "ours-dump": run_ours_dump, "whole-dump": run_whole_dump}
DUMP_SYSTEMS = {"ours-dump", "whole-dump"}


def _work(job: tuple[str, str, str]) -> dict:
    set_name, page_id, system = job
    folder = EVAL / set_name
    meta = json.loads((folder / f"{page_id}.json").read_text("utf-8"))
    truth = (folder / f"{page_id}.txt").read_text("utf-8")
    if system in DUMP_SYSTEMS:
        data = (folder / f"{page_id}.dump.txt").read_bytes()
    else:
        data = gzip.decompress((folder / f"{page_id}.html.gz").read_bytes())
    url = meta.get("url")
    start = time.perf_counter()
    refused = None
    try:
        out = RUNNERS[system](data, url)
        error = None
    except Exception as exc:  # the benchmark counts failures, it does not stop on them
        out = {"text": "", "title": None, "byline": None, "date": None}
        from reader.core.errors import ReaderError

        if isinstance(exc, ReaderError):  # a clear refusal ("The page is empty."), not a crash
            error, refused = None, str(exc)
        else:
            error = f"{type(exc).__name__}: {exc}"
    ms = (time.perf_counter() - start) * 1000
    precision, recall, f1 = page_scores(out["text"], truth)
    row = {"set": set_name, "id": page_id, "system": system, "ms": ms, "error": error,
           "precision": precision, "recall": recall, "f1": f1, "empty": not out["text"].strip(),
           "refused": refused,
           "type": meta.get("page_type")}
    for field, key in (("title", "title"), ("byline", "byline"), ("date", "date")):
        want = meta.get(key)
        if not want:
            row[field] = None
        elif field == "date":
            row[field] = date_of(str(out.get("date") or "")) == date_of(want)
        else:
            row[field] = norm(out.get(field)) == norm(want)
    return row


# ------------------------------------------------------------------------------ report

def summarize(rows: list[dict]) -> dict:
    ps = [r["precision"] for r in rows if r["precision"] is not None]
    rs = [r["recall"] for r in rows if r["recall"] is not None]
    p = statistics.fmean(ps) if ps else 0.0
    r = statistics.fmean(rs) if rs else 0.0
    ms = sorted(x["ms"] for x in rows)

    def acc(field: str) -> str:
        vals = [x[field] for x in rows if x[field] is not None]
        return f"{sum(vals) / len(vals):.2f}" if vals else "-"

    return {
        "n": len(rows), "P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0,
        "pageF1": statistics.fmean(x["f1"] for x in rows) if rows else 0.0,
        "empty": sum(1 for x in rows if x["empty"]), "failed": sum(1 for x in rows if x["error"]),
        "refused": sum(1 for x in rows if x.get("refused")),
        "title": acc("title"), "byline": acc("byline"), "date": acc("date"),
        "median": statistics.median(ms) if ms else 0.0,
        "p95": ms[min(len(ms) - 1, int(len(ms) * 0.95))] if ms else 0.0,
        "max": ms[-1] if ms else 0.0, "over2s": sum(1 for m in ms if m > 2000),
    }


def table(title: str, groups: dict[str, list[dict]]) -> str:
    lines = [f"### {title}", "",
             "| system | n | P | R | F1 | page F1 | empty (refused)/failed | title | byline | date | median ms | p95 ms | max ms |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, rows in groups.items():
        s = summarize(rows)
        lines.append(
            f"| {name} | {s['n']} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} | {s['pageF1']:.3f} | "
            f"{s['empty']} ({s['refused']})/{s['failed']} | {s['title']} | {s['byline']} | {s['date']} | "
            f"{s['median']:.0f} | {s['p95']:.0f} | {s['max']:.0f} |")
    return "\n".join(lines)


def type_table(rows_by_system: dict[str, list[dict]]) -> str:
    types = sorted({r["type"] for rows in rows_by_system.values() for r in rows if r["type"]})
    lines = ["### wcxb F1 per page type", "", "| system | " + " | ".join(types) + " |",
             "|---|" + "---|" * len(types)]
    for name, rows in rows_by_system.items():
        cells = []
        for t in types:
            sub = [r for r in rows if r["type"] == t]
            cells.append(f"{summarize(sub)['F1']:.3f} ({len(sub)})" if sub else "-")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def page_ids(set_name: str, limit: int | None) -> list[str]:
    ids = sorted(p.name[: -len(".html.gz")] for p in (EVAL / set_name).glob("*.html.gz"))
    return ids[:limit] if limit else ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(ALL_SETS))
    parser.add_argument("--systems", default=",".join(ALL_SYSTEMS))
    parser.add_argument("--limit", type=int, default=None, help="pages per set")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages of ours")
    parser.add_argument("--json", help="write per-page rows to this file")
    parser.add_argument("--options", default="", help="e.g. -trim,-retry (ablation; fields of reader.core.extract.ExtractOptions)")
    args = parser.parse_args(argv)
    if not EVAL.is_dir():
        print(f"No evaluation data at {EVAL}", file=sys.stderr)
        return 2
    sets = [s for s in args.sets.split(",") if s]
    systems = [s for s in args.systems.split(",") if s]
    if "trafilatura" in systems:
        try:
            import trafilatura  # noqa: F401
        except ImportError:
            systems.remove("trafilatura")
    os.environ["READER_EXTRACT_OPTIONS"] = args.options
    _options()  # an unknown switch stops here, not in every worker
    jobs = [(s, i, system) for s in sets for i in page_ids(s, args.limit) for system in systems]
    if args.jobs > 1:
        with Pool(args.jobs) as pool:
            rows = pool.map(_work, jobs, chunksize=4)
    else:
        rows = [_work(j) for j in jobs]
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), "utf-8")
    out = []
    for s in sets:
        groups: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            if r["set"] == s:
                label = r["system"] + (" (dump)" if r["system"] in DUMP_SYSTEMS else " (HTML)")
                groups[label].append(r)
        out.append(table(s, groups))
        if s == "wcxb":
            arts = {k: [r for r in v if r["type"] == "article"] for k, v in groups.items()}
            out.append(table("wcxb articles", arts))
            out.append(type_table(groups))
    print("\n\n".join(out))
    failures = [r for r in rows if r["error"] and r["system"].startswith("ours")]
    for r in failures[:20]:
        print(f"FAILED {r['set']}/{r['id']} {r['system']}: {r['error']}")
    if args.worst:
        for system in ("ours", "ours-dump"):
            mine = sorted((r for r in rows if r["system"] == system), key=lambda r: r["f1"])
            print(f"\nworst {system}:")
            for r in mine[: args.worst]:
                print(f"  {r['set']}/{r['id']} f1={r['f1']:.3f} p={r['precision']} r={r['recall']} "
                      f"type={r['type']} ms={r['ms']:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
