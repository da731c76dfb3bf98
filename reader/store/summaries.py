"""A cache of computed summaries, so an export never recomputes a summary it already has.

Keyed by (hash of the exact text, algorithm, length settings): the same text summarised the
same way gives the same summary whichever entry holds it, and a changed text or setting simply
misses. `settings` must hold everything that changes the result (count or ratio, options, the
algorithm's version if it can change); it is stored as canonical JSON.

    cache = lib.summaries
    summary = cache.get(article.text, "salience", {"count": 5})
    if summary is None:
        summary = summarize(article, ...)
        cache.put(article.text, summary, {"count": 5})
    # many at once (one transaction): cache.put_many([(text, summary, settings), ...])
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from reader.core.models import Sentence, Summary, SummaryLength
from reader.store.db import Database
from reader.store.identity import text_hash
from reader.store.records import utc_now

Settings = Mapping[str, Any] | str
KEEP = 200_000   # entries kept by `prune` (a few hundred bytes each)


def settings_key(settings: Settings) -> str:
    if isinstance(settings, str):
        return settings
    return json.dumps(dict(settings), sort_keys=True, separators=(",", ":"), default=str)


def _encode(summary: Summary) -> str:
    return json.dumps({"sentences": [[s.index, s.start, s.end, s.paragraph]
                                     for s in summary.sentences],
                       "scores": [float(x) for x in summary.scores],
                       "length": ([summary.length.count, summary.length.ratio]
                                  if summary.length else None)}, separators=(",", ":"))


def _decode(algorithm: str, data: str) -> Summary:
    raw = json.loads(data)
    length = raw.get("length")
    return Summary(algorithm=algorithm,
                   sentences=[Sentence(index=i, start=s, end=e, paragraph=p)
                              for i, s, e, p in raw["sentences"]],
                   scores=list(raw["scores"]),
                   length=SummaryLength(count=length[0], ratio=length[1]) if length else None)


class SummaryCache:
    """Get and put computed summaries (see the module docstring)."""

    def __init__(self, db: Database, clock: Callable[[], str] = utc_now) -> None:
        self.db = db
        self.clock = clock

    def get(self, text: str, algorithm: str, settings: Settings) -> Summary | None:
        row = self.db.read(lambda c: c.execute(
            "SELECT summary FROM summaries WHERE text_hash = ? AND algorithm = ? AND "
            "settings = ?", (text_hash(text), algorithm, settings_key(settings))).fetchone())
        if row is None:
            return None
        try:
            return _decode(algorithm, row[0])
        except (ValueError, KeyError, TypeError):   # written by something else: a miss
            return None

    def get_many(self, items: Sequence[tuple[str, Settings]],
                 algorithm: str) -> list[Summary | None]:
        """`get` for several (text, settings) at once: one query per few hundred texts (an
        export looks up a batch of articles, not one row at a time)."""
        keys = [(text_hash(text), settings_key(settings)) for text, settings in items]
        found: dict[tuple[str, str], str] = {}
        hashes = sorted({h for h, _ in keys})
        for first in range(0, len(hashes), 500):
            chunk = hashes[first:first + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self.db.read(lambda c: c.execute(
                f"SELECT text_hash, settings, summary FROM summaries WHERE algorithm = ? AND "
                f"text_hash IN ({marks})", (algorithm, *chunk)).fetchall())
            found.update(((h, s), data) for h, s, data in rows)
        out: list[Summary | None] = []
        for key in keys:
            data = found.get(key)
            try:
                out.append(_decode(algorithm, data) if data is not None else None)
            except (ValueError, KeyError, TypeError):
                out.append(None)
        return out

    def put(self, text: str, summary: Summary, settings: Settings) -> None:
        self.put_many([(text, summary, settings)])

    def put_many(self, items: Iterable[tuple[str, Summary, Settings]]) -> int:
        """Store several summaries in one transaction; returns how many."""
        now = self.clock()
        rows = [(text_hash(text), summary.algorithm, settings_key(settings), _encode(summary),
                 now) for text, summary, settings in items]

        def run(conn: sqlite3.Connection) -> int:
            conn.executemany("INSERT OR REPLACE INTO summaries(text_hash, algorithm, settings, "
                             "summary, created) VALUES (?, ?, ?, ?, ?)", rows)
            return len(rows)
        return self.db.write(run) if rows else 0

    def count(self) -> int:
        return int(self.db.read(lambda c: c.execute(
            "SELECT count(*) FROM summaries").fetchone()[0]))

    def prune(self, keep: int = KEEP) -> int:
        """Forget all but the `keep` most recently stored summaries; returns how many went."""
        return int(self.db.write(lambda c: c.execute(
            "DELETE FROM summaries WHERE (text_hash, algorithm, settings) IN (SELECT text_hash, "
            "algorithm, settings FROM summaries ORDER BY created DESC LIMIT -1 OFFSET ?)",
            (max(0, int(keep)),)).rowcount))

    def clear(self) -> int:
        return int(self.db.write(lambda c: c.execute("DELETE FROM summaries").rowcount))
