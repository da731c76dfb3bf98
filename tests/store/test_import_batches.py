"""`merge_articles` writes runs of new items together (`reader.store.new_entries`); what it
stores and reports must be exactly what merging the items one by one stored and reported.

Both paths run on the same generated items (a few thousand: duplicates within and across
batches, URLs written differently for one key, entries already in the library, in the trash
or in the fetch queue, items with highlights, notes, our export's locations, and items the
store refuses) against two libraries built alike, and every table, search and report is
compared."""

from __future__ import annotations

import random
import sqlite3
import zlib
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from library_fixtures import LONG_TEXT, article, ticking_clock

from reader import store
from reader.core.models import Article, Page
from reader.store import IncomingArticle, IncomingHighlight, Library, MergeReport
from reader.store.contents import article_json, empty_article_json

SOURCE = "import pocket.csv"
FETCHED = datetime(2024, 1, 1, tzinfo=timezone.utc)
WORDS = ("harbour", "wall", "storm", "winter", "board", "repair", "tide", "Sea", "town")


def url_of(n: int, rng: random.Random) -> str:
    """The URL of place `n`, sometimes written another way for the same key."""
    base = f"https://site{n % 7}.example.org/news/{n}"
    return rng.choice([base, base, base, base.replace("https://site", "HTTPS://Site"),
                       base + "#comments"])


def items(count: int, seed: int) -> list[IncomingArticle]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        n = rng.randrange(count // 2)            # each place about twice
        kind = rng.random()
        url: str | None = url_of(n, rng)
        location = None
        if kind < 0.01:
            url = rng.choice(["ftp://example.org/x", "not a url", "http://", "", None])
        elif kind < 0.02:
            url, location = None, f"readwise://book/{n % 40}"     # a book: no URL
        elif kind < 0.03:
            location = f"/home/someone/saved/{n}.html"            # our export: another key
        saved = rng.choice([None, f"2019-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00Z",
                            f"2018-03-0{1 + n % 9} 08:00:00+02:00"])
        if rng.random() < 0.01:
            saved = "yesterday"                                   # refused: not a date
        note = rng.choice(["", "", "", "  ", f"Note on {n}.", f"Another thought {i}."])
        if rng.random() < 0.002:
            note = "x" * (5 * 2**20)                              # refused: over 4 MB
        highlights = [IncomingHighlight(f"{rng.choice(WORDS)} quote {n} {k}",
                                        note=rng.choice(["", "why"]),
                                        created=rng.choice([None, "2020-01-01T00:00:00Z"]))
                      for k in range(rng.choice([0, 0, 0, 0, 0, 0, 1, 2]))]
        out.append(IncomingArticle(
            url=url, location=location,
            title=rng.choice(["", f"  {rng.choice(WORDS)} report {n} ", f"Title\n{n}"]),
            tags=rng.sample(WORDS, rng.randint(0, 3)) + rng.choice([[], [""], [" Sea "]]),
            state=rng.choice([None, "unread", "archived", "archived"]),
            starred=rng.random() < 0.1, saved=saved,
            progress=rng.choice([None, 0.0, 0.5, 1.5]), note=note,
            note_created=rng.choice([None, "2021-06-01T00:00:00Z"]), highlights=highlights))
    return out


def library(path: Path) -> Library:
    """A library that already holds some of the places: saved with text, opened from
    another URL, in the trash, or only queued for fetching."""
    lib = store.open(path, clock=ticking_clock())
    rng = random.Random(5)
    for n in range(0, 300, 7):
        url = f"https://site{n % 7}.example.org/news/{n}"
        text = LONG_TEXT.replace("Readers", f"Readers of {n}")
        page = Page(url, b"<p>x</p>", final_url=url + "?from=feed",
                    fetched_at=FETCHED) if n % 2 else None
        article_id = lib.save_article(article(url, text=text, title=f"Saved {n}"), page)
        if rng.random() < 0.5:
            lib.set_note(article_id, f"Note on {n}.")
        if rng.random() < 0.3:
            lib.add_tag(article_id, "sea")
        if n % 5 == 0:
            lib.delete(article_id)
    lib.fetch_queue.enqueue_many(f"https://site{n % 7}.example.org/news/{n}"
                                 for n in range(1, 400, 9))
    gone = lib.save_article(article("https://example.org/gone", title="Erased"))
    lib.db.write(lambda c: c.execute("DELETE FROM articles WHERE id = ?", (gone,)))
    return lib     # its last id was used and erased: ids go on after it


def per_row(lib: Library, batch: list[IncomingArticle]) -> list[MergeReport]:
    """The reference: each item through `merge_article` in its own savepoint (undone alone
    when refused), as `merge_articles` did before it wrote new items together."""
    with lib.transaction() as conn:
        return [lib._merge_one(conn, item, True, SOURCE) for item in batch]


def unpacked(value: Any) -> Any:
    return zlib.decompress(value).decode() if isinstance(value, bytes) else value


def everything(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%' "
            "AND name NOT IN ('sqlite_sequence', 'sqlite_stat1') ORDER BY name")]
        dump = {name: [tuple(unpacked(v) for v in row)
                       for row in conn.execute(f"SELECT * FROM {name} ORDER BY 1, 2")]
                for name in tables}
        dump["sequence"] = conn.execute("SELECT * FROM sqlite_sequence ORDER BY 1").fetchall()
        return dump
    finally:
        conn.close()


def searches(lib: Library) -> list[list[tuple[int, str, float]]]:
    queries = ["harbour", "sea", "tag:sea", "report 1", "note", "why", "quote", "is:archived w",
               "site:site3.example.org", "-is:archived tag:town"]
    return [[(h.record.id, h.snippet, h.rank) for h in lib.search(q, limit=500)]
            for q in queries]


@pytest.mark.parametrize("batch", [2000, 37])
def test_batched_import_stores_and_reports_what_one_by_one_did(tmp_path: Path,
                                                                batch: int) -> None:
    one, many = library(tmp_path / "one.sqlite3"), library(tmp_path / "many.sqlite3")
    expected, got = [], []
    for part in range(2):                    # the second file merges into the first
        expected += per_row(one, items(3000, seed=part))
        with many.transaction():
            got += list(many.merge_articles(items(3000, seed=part), queue_fetch=True,
                                            source=SOURCE, batch=batch))
    assert [asdict(r) for r in got] == [asdict(r) for r in expected]
    kinds = {"created": sum(r.created for r in got), "skipped": sum(bool(r.skipped) for r in got),
             "merged": sum(r.changed and not r.created for r in got),
             "unchanged": sum(not r.changed and not r.skipped for r in got)}
    assert all(count > 20 for count in kinds.values()), kinds      # every path was taken
    assert searches(many) == searches(one)
    for lib in (one, many):
        lib.close()
    got_rows, expected_rows = everything(tmp_path / "many.sqlite3"), everything(tmp_path / "one.sqlite3")
    for name in expected_rows:
        assert got_rows[name] == expected_rows[name], name


@pytest.mark.parametrize("title, url, location", [
    ('Quotes "and" accents é', "https://example.org/a", "https://example.org/a"),
    ("", None, "readwise://book/untitled"), ("x", "https://example.org/b", "/home/a/b.html")])
def test_the_template_json_of_an_empty_article_is_article_json(title: str, url: str | None,
                                                               location: str) -> None:
    empty = Article(text="", title=title, url=url, location=location)
    assert empty_article_json(title, url, location) == article_json(empty, location)
