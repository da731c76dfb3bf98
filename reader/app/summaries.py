"""Summaries for exports, taken from the library's summary cache when it has them.

An export of 100,000 articles must not summarise 100,000 texts again each time: a summary is
looked up by the exact text, the algorithm and `settings_for(...)`, everything else that
changes the result (the length asked for, the sentence limit, the article's language, title,
byline and block structure, which the rankers read, and reader's version). Misses are computed
once and written back a batch at a time (one transaction per batch, not per article). Other
parts of the app that summarise a stored article should use the same `settings_for`, so
they share the cache.

Every path that stores an article's text stores its summary beside it (`reader fetch` and
`save` in their fetch workers, imports that ship content and `library reextract` through
`store_ids`, the app through `keep_summary` when it saves an opened article), so a library reader built itself exports without computing any. A library
that lacks them (an older reader's) has the missing ones computed by the export, a batch at
a time in a process pool over the cores (summarising is pure Python and numpy: threads would
share one core), one batch ahead of the writing so the export still streams.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

from reader import __version__
from reader.core.models import Article, Summary
from reader.core.pipeline import Pipeline

FLUSH_EVERY = 200
BATCH = 200       # articles looked up (and their misses sent to the pool) at once
POOL_MIN = 24     # misses worth starting the pool for (a worker imports numpy: ~1 s)
TASK = 8          # articles per pool task (fewer round trips, still spread over the workers)

T = TypeVar("T")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def summarize_many(pipeline: Pipeline, algorithm: str,
                   articles: Sequence[Article]) -> list[Summary | None]:
    """Summaries of `articles` (None where there is no text or summarising fails); the pool's
    task, so it lives at module level (it is pickled by name)."""
    out: list[Summary | None] = []
    for article in articles:
        try:
            out.append(pipeline.summarize(article, algorithm=algorithm)
                       if article.text.strip() else None)
        except Exception:  # noqa: BLE001 - the summary is optional
            out.append(None)
    return out


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class _Batch:
    """One batch on its way: the summaries found, and the pool's futures for the misses."""

    def __init__(self, items: list[Any], articles: list[Article],
                 found: list[Summary | None]) -> None:
        self.items = items
        self.articles = articles
        self.found = found
        self.futures: list[tuple[list[int], Future[list[Summary | None]]]] = []
        self.inline: list[int] = []


def settings_for(pipeline: Pipeline, article: Article) -> dict[str, Any]:
    """The cache key's settings part for `article` summarised by `pipeline` (see above)."""
    length = pipeline.summary.length
    shape = hashlib.sha256(repr((article.title, article.byline, article.lang,
                                 [(b.kind, b.start, b.end, b.level) for b in article.blocks])
                                ).encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return {"count": length.count, "ratio": length.ratio,
            "max_sentences": pipeline.limits.max_sentences, "article": shape,
            "reader": __version__}


def keep_summary(library: Any, pipeline: Pipeline, article: Article,
                 summary: Summary | None) -> bool:
    """Store `summary` of the stored `article` for the next export, if it is the summary an
    export would make (the pipeline's default algorithm and length); True if stored. For a
    caller that summarised the article already (the app, when it saves what it opened)."""
    if summary is None or not article.text.strip() or \
            summary.algorithm != pipeline.default_algorithm() or \
            (summary.length is not None and summary.length != pipeline.summary.length):
        return False
    try:
        library.summaries.put(article.text, summary, settings_for(pipeline, article))
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only slower
        return False
    return True


class CachedSummaries:
    """`summary(article)`: the cached summary, or a new one (None when there is no text or
    summarising fails: an export never fails for want of a summary). `stream(items, ...)`
    does the same for many, the misses in a process pool; `store_ids(ids)` makes sure stored
    articles have theirs. Call `flush()` at the end (or use it as a context manager) to store
    what was computed and stop the pool."""

    def __init__(self, library: Any | None, pipeline: Pipeline, *,
                 workers: int | None = None) -> None:
        self.library = library
        self.pipeline = pipeline
        self.algorithm = pipeline.default_algorithm()
        self.workers = cores() if workers is None else max(1, workers)
        self.hits = 0
        self.computed = 0
        self._pending: list[tuple[str, Summary, dict[str, Any]]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._stored: list[_Batch] = []

    def summary(self, article: Article) -> Summary | None:
        if not article.text.strip():
            return None
        settings = settings_for(self.pipeline, article)
        if self.library is not None:
            found: Summary | None = self.library.summaries.get(article.text, self.algorithm,
                                                               settings)
            if found is not None:
                self.hits += 1
                return found
        summary = self.compute(article)
        if summary is None:
            return None
        self.computed += 1
        self._keep(article, summary, settings)
        return summary

    def _keep(self, article: Article, summary: Summary,
              settings: dict[str, Any] | None = None) -> None:
        if self.library is not None:
            self._pending.append((article.text, summary,
                                  settings or settings_for(self.pipeline, article)))
            if len(self._pending) >= FLUSH_EVERY:
                self.flush_cache()

    def remember(self, article: Article, summary: Summary | None) -> None:
        """Keep a summary computed elsewhere (a fetch worker) for the next export."""
        if summary is not None and self.library is not None and article.text.strip():
            self._keep(article, summary)

    def compute(self, article: Article) -> Summary | None:
        """A fresh summary with the cache's algorithm (for `remember`), None if it fails."""
        return summarize_many(self.pipeline, self.algorithm, [article])[0]

    # -- many at once ------------------------------------------------------------------------

    def _lookup(self, items: list[Any], articles: list[Article]) -> _Batch:
        """Find the batch's summaries in one query and send the misses to the pool (or keep
        them to compute here when they are too few to be worth it)."""
        texted = [n for n, a in enumerate(articles) if a.text.strip()]
        found: list[Summary | None] = [None] * len(articles)
        if self.library is not None and texted:
            got = self.library.summaries.get_many(
                [(articles[n].text, settings_for(self.pipeline, articles[n])) for n in texted],
                self.algorithm)
            for n, summary in zip(texted, got):
                found[n] = summary
        batch = _Batch(items, articles, found)
        misses = [n for n in texted if found[n] is None]
        self.hits += len(texted) - len(misses)
        pool = self._pool_for(len(misses))
        if pool is None:
            batch.inline = misses
        else:
            for first in range(0, len(misses), TASK):
                chunk = misses[first:first + TASK]
                batch.futures.append((chunk, pool.submit(
                    summarize_many, self.pipeline, self.algorithm, [articles[n] for n in chunk])))
        return batch

    def _pool_for(self, misses: int) -> ProcessPoolExecutor | None:
        if self._pool is None and self.workers > 1 and misses >= POOL_MIN:
            # spawned, not forked: the caller may run threads (a fork copies their locks)
            self._pool = ProcessPoolExecutor(self.workers,
                                             mp_context=multiprocessing.get_context("spawn"))
        return self._pool if misses else None

    def _collect(self, batch: _Batch) -> list[Summary | None]:
        found = batch.found
        computed: list[tuple[int, Summary | None]] = []
        if batch.inline:
            computed += zip(batch.inline, summarize_many(
                self.pipeline, self.algorithm, [batch.articles[n] for n in batch.inline]))
        for chunk, future in batch.futures:
            try:
                computed += zip(chunk, future.result())
            except Exception:  # noqa: BLE001 - a broken pool only costs those summaries
                computed += [(n, None) for n in chunk]
        for n, summary in computed:
            if summary is not None:
                found[n] = summary
                self.computed += 1
                self._keep(batch.articles[n], summary)
        return found

    def stream(self, items: Iterable[T], article_of: Callable[[T], Article], *,
               batch: int = BATCH,
               progress: Callable[[int], None] | None = None
               ) -> Iterator[tuple[T, Summary | None]]:
        """Each item with its article's summary, in order, cached ones looked up a batch at
        a time and missing ones computed in the pool while the batch before is written.
        `progress(done)` is called after each batch."""
        ahead: _Batch | None = None
        done = 0
        for chunk in _chunks(items, batch):
            current = self._lookup(chunk, [article_of(item) for item in chunk])
            if ahead is not None:
                yield from zip(ahead.items, self._collect(ahead))
                done += len(ahead.items)
                if progress is not None:
                    progress(done)
            ahead = current
        if ahead is not None:
            yield from zip(ahead.items, self._collect(ahead))
            if progress is not None:
                progress(done + len(ahead.items))

    def store_ids(self, ids: Sequence[int]) -> None:
        """Make sure the stored articles `ids` have their summary in the cache: the missing
        ones are computed in the pool while the caller goes on (collected at the next call
        and by `flush`)."""
        if self.library is None:
            return
        for chunk in _chunks(ids, BATCH):
            articles = self.library.load_articles(chunk)
            present = [a for a in (articles.get(i) for i in chunk) if a is not None]
            self._stored.append(self._lookup(present, present))
        while len(self._stored) > 1 or (self._stored and not self._stored[0].futures):
            self._collect(self._stored.pop(0))

    # -- the end -----------------------------------------------------------------------------

    def flush_cache(self) -> None:
        if self._pending and self.library is not None:
            pending, self._pending = self._pending, []
            try:
                self.library.summaries.put_many(pending)
            except Exception:  # noqa: BLE001 - a cache that cannot be written is only slower
                pass

    def flush(self) -> None:
        """Collect what the pool still computes, store every new summary, stop the pool."""
        while self._stored:
            self._collect(self._stored.pop(0))
        self.flush_cache()
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "CachedSummaries":
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()
