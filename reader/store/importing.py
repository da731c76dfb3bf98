"""Merging what an importer read (Pocket, Omnivore, Instapaper, wallabag, Readwise, bookmarks,
our own export) into the library without losing or overwriting anything.

`lib.merge_article(IncomingArticle(...))` finds the entry by URL (as `find` does: the key of
the URL, or a location it was opened from) or creates it, in one transaction:
- tags are united; the state only moves forward (archived wins over unread, starred over not:
  the other service knew the user had read or starred it); progress keeps the larger;
- timestamps are kept when given: the earlier saved time, the later opened time;
- title, byline, site, language and dates fill only what the entry lacks;
- the note is appended as a paragraph only if the entry's note does not hold it already;
- highlights are placed in the text (quote, context, offset hint) and added unless the same
  quote is already highlighted at the same place (a note the copy adds is appended to the
  existing highlight's note); a quote that cannot be placed, or an entry with no text yet, is
  kept with `anchored=False` and placed when the text arrives (`save_article` re-anchors);
- content shipped with the export (`article`: extracted by the caller, `page`: the original)
  becomes the entry's text and page when it has none, so it opens offline;
- with `queue_fetch=True` an entry that still has no text is queued for `reader fetch`.
So importing the same file twice changes nothing the second time (`MergeReport.changed`).
An entry in the trash is left there (`skipped`): the user deleted it. For a whole file use
`lib.merge_articles(items)`: the same, a few hundred items per transaction.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from reader.core.errors import StoreError
from reader.core.models import Article, Page
from reader.core.safety import clean_line
from reader.store.articles import add_locations, entry_for_key
from reader.store.base import StoreBase
from reader.store.contents import (
    article_json,
    empty_article_json,
    has_page,
    index_entry,
    insert_content,
    pack,
    read_text,
    replace_page,
    replace_text,
)
from reader.store.fetch_queue import queue_row, queue_rows
from reader.store.highlights import add_unless_present, reanchor_in
from reader.store.identity import canonical_of, host_key, is_url, location_key, text_fingerprint
from reader.store.new_entries import INSERT_ARTICLE, NewEntry, insert_new, known_keys
from reader.store.notes import append_unless_present, check_size, note_row
from reader.store.records import STATES, store_time
from reader.store.tags import add_tags, normalise_tag


@dataclass(slots=True)
class IncomingHighlight:
    """A highlight as an export gives it; `hint` is a character offset into the text when
    the format says where (our own export, wallabag ranges), `prefix`/`suffix` its context."""

    quote: str
    note: str = ""
    created: str | None = None
    hint: int | None = None
    prefix: str = ""
    suffix: str = ""


@dataclass(slots=True)
class IncomingArticle:
    """One item of an export (None / empty: the export does not say). `url` names it; our own
    export also gives `location` (a file or stdin entry has no URL), which then names it."""

    url: str | None
    location: str | None = None
    title: str = ""
    byline: str | None = None
    site: str | None = None
    lang: str | None = None
    published: str | None = None
    tags: Sequence[str] = ()
    state: str | None = None              # "unread" or "archived"
    starred: bool = False
    saved: str | None = None              # ISO 8601 times
    updated: str | None = None
    archived_at: str | None = None
    starred_at: str | None = None
    last_opened: str | None = None
    progress: float | None = None         # 0..1
    position: int | None = None           # character offset (our own export)
    note: str = ""
    note_created: str | None = None       # kept when the note is new to the entry
    note_updated: str | None = None
    highlights: Sequence[IncomingHighlight] = ()
    article: Article | None = None        # content shipped with the export, extracted
    page: Page | None = None              # the original it was extracted from
    candidate: str | None = None


@dataclass(slots=True)
class MergeReport:
    """What `merge_article` did to one entry."""

    article_id: int | None
    created: bool = False
    skipped: str | None = None            # why nothing was done (one sentence)
    tags_added: int = 0
    note_added: bool = False
    highlights_added: int = 0
    highlights_unplaced: int = 0          # added but not found in the text (flagged)
    highlights_waiting: int = 0           # of those, on an entry with no text yet (placed later)
    highlight_notes_added: int = 0
    content_added: bool = False
    details_added: list[str] = field(default_factory=list)   # columns filled or moved on
    queued: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.tags_added or self.note_added or self.highlights_added
                    or self.highlights_unplaced or self.highlight_notes_added
                    or self.content_added or self.details_added or self.queued)


def _web(url: str | None) -> str | None:
    value = clean_line(url)
    return value if is_url(value) and value.lower().startswith(("http://", "https://")) else None


def _checked(item: IncomingArticle) -> IncomingArticle:
    if _web(item.url) is None and not clean_line(item.location):
        raise StoreError(f"{clean_line(item.url)[:200]!r} is not a web address, so it cannot "
                         "be imported.")
    if item.state is not None and item.state not in STATES:
        raise StoreError(f"Unknown state {item.state!r}; choose one of: {', '.join(STATES)}.")
    for name in ("saved", "updated", "archived_at", "starred_at", "last_opened",
                 "note_created", "note_updated"):
        setattr(item, name, store_time(getattr(item, name)))
    return item


@dataclass(slots=True)
class _Fresh:
    """An item that may become a new entry without `merge_article`: checked, its key, tags,
    note and queue row known; `entry(now)` gives its rows (the clock read once, as
    `merge_article` reads it)."""

    item: IncomingArticle
    url: str | None
    location: str
    key: str
    tags: list[str]
    queue: tuple[object, ...] | None

    def entry(self, now: str) -> NewEntry:
        item = self.item
        row, title = _article_row(item, self.url, self.location, self.key, now)
        note = (item.note, item.note_created or now, item.note_updated or item.note_created
                or now) if item.note.strip() else None
        queue = self.queue
        if queue is not None:
            queue = (*queue[:3], now, now, *queue[5:])
        return NewEntry(self.key, row, title, pack(empty_article_json(title, self.url, self.location)),
                        self.tags, note, queue)


def _fresh(incoming: IncomingArticle, queue_fetch: bool, source: str | None) -> _Fresh | None:
    """The item as a `_Fresh` when nothing in it needs `merge_article` (no content, page or
    highlights; no other URL to record) and the store accepts it; None otherwise, and then
    `merge_article` decides (and says why it refuses, if it does). Reads no clock."""
    if incoming.article is not None or incoming.page is not None or incoming.highlights:
        return None
    try:
        item = _checked(incoming)
        url = _web(item.url)
        location = clean_line(item.location) or url or ""
        key = location_key(location)
        if url is not None and url != location and location_key(url) != key:
            return None
        if item.note.strip():
            check_size(item.note)
        queue = queue_row(url, "", source)[:-1] if queue_fetch and url else None
    except StoreError:
        return None
    tags = sorted({normalise_tag(t) for t in item.tags} - {""})
    return _Fresh(item, url, location, key, tags, queue)


def _keys_of(item: IncomingArticle) -> set[str]:
    """Every key `merge_article` may give an entry for `item` (its own, its URLs'), so no
    later item of the batch is taken for new when it is not."""
    url = _web(item.url)
    text = item.article.text if item.article else ""
    keys = {location_key(clean_line(item.location) or url or "", text)}
    for other in (url, _web(item.page.final_url) if item.page else None):
        if other:
            keys.add(location_key(other))
    return keys


IMPORT_BATCH = 2000  # items per transaction in `merge_articles` (a disk sync each)


class ImportStore(StoreBase):
    def merge_articles(self, items: Iterable[IncomingArticle], *, queue_fetch: bool = False,
                       source: str | None = None,
                       batch: int = IMPORT_BATCH) -> Iterator[MergeReport]:
        """`merge_article` for many items, `batch` per transaction (a 100,000-row export is
        not 100,000 disk syncs). An item the store refuses (not a web address, a bad date, a
        note over the limit) is undone alone and reported as skipped, with the reason; the
        rest go in. Called inside `lib.transaction()`, the whole import is all or nothing.
        Items new to the library that bring no text, page or highlights are written together
        (`new_entries`): the same rows and reports, a few statements per batch."""
        pending = iter(items)
        while True:
            chunk = list(itertools.islice(pending, max(1, batch)))
            if not chunk:
                return
            with self.db.transaction() as conn:
                reports = self._merge_chunk(conn, chunk, queue_fetch, source)
            yield from reports

    def _merge_chunk(self, conn: sqlite3.Connection, chunk: list[IncomingArticle],
                     queue_fetch: bool, source: str | None) -> list[MergeReport]:
        """One batch in order: each run of new items goes in at once, every other item
        through `merge_article` (after the run before it, so it finds those entries)."""
        fresh = [_fresh(item, queue_fetch, source) for item in chunk]
        known = known_keys(conn, [f.key for f in fresh if f is not None])
        reports: list[MergeReport] = []
        run: list[NewEntry] = []

        def flush() -> None:
            for entry, (article_id, queued) in zip(run, insert_new(conn, run)):
                reports.append(MergeReport(article_id, created=True, tags_added=len(entry.tags),
                                           note_added=entry.note is not None, queued=queued))
            run.clear()

        for item, new in zip(chunk, fresh):
            if new is not None and new.key not in known:
                known.add(new.key)          # a later item of the same key merges into it
                run.append(new.entry(self.clock()))
                continue
            flush()
            known.update(_keys_of(item))    # what a created entry may now be found by
            reports.append(self._merge_one(conn, item, queue_fetch, source))
        flush()
        return reports

    def _merge_one(self, conn: sqlite3.Connection, item: IncomingArticle, queue_fetch: bool,
                   source: str | None) -> MergeReport:
        conn.execute("SAVEPOINT import_item")
        try:
            report = self.merge_article(item, queue_fetch=queue_fetch, source=source)
        except StoreError as exc:
            conn.execute("ROLLBACK TO import_item")
            report = MergeReport(None, skipped=str(exc))
        conn.execute("RELEASE import_item")
        return report

    def merge_article(self, incoming: IncomingArticle, *,
                      queue_fetch: bool = False, source: str | None = None) -> MergeReport:
        """Insert or merge one imported item (see the module docstring)."""
        item = _checked(incoming)
        url = _web(item.url)
        location = clean_line(item.location) or url or ""
        key = location_key(location, item.article.text if item.article else "")
        now = self.clock()

        def run(conn: sqlite3.Connection) -> MergeReport:
            found = entry_for_key(conn, key)
            if found is None:
                trashed = conn.execute("SELECT id FROM articles WHERE key = ? AND deleted IS "
                                       "NOT NULL", (key,)).fetchone()
                if trashed is not None:
                    return MergeReport(int(trashed[0]), skipped="It is in the library's trash.")
                report = MergeReport(self._create(conn, item, url, location, key, now),
                                     created=True)
            else:
                report = MergeReport(found)
                self._merge_details(conn, found, item, now, report)
            article_id = report.article_id
            assert article_id is not None
            report.tags_added = add_tags(conn, article_id, item.tags)
            report.note_added = self._merge_note(conn, article_id, item, now)
            text = read_text(conn, article_id) or ""
            filling = item.article is not None and bool(item.article.text) and not text
            target = item.article.text if filling and item.article else text
            for h in item.highlights:
                outcome = add_unless_present(conn, article_id, target, h.quote, note=h.note,
                                             created=store_time(h.created) or now, hint=h.hint,
                                             prefix=h.prefix, suffix=h.suffix)
                report.highlights_added += outcome == "added"
                report.highlights_unplaced += outcome == "unplaced"
                report.highlights_waiting += outcome == "unplaced" and not target
                report.highlight_notes_added += outcome == "noted"
            if filling:
                self._fill_content(conn, article_id, item, location)
                report.content_added = True
            elif item.page is not None and not has_page(conn, article_id):
                replace_page(conn, article_id, item.page)
                report.details_added.append("page")
            if queue_fetch and url and not (text or report.content_added):
                report.queued = queue_rows(conn, [queue_row(url, now, source, article_id)]) > 0
            if report.changed and not report.created:
                conn.execute("UPDATE articles SET updated = ? WHERE id = ?", (now, article_id))
            if report.created:   # searchable now, with everything; its URLs find it too
                index_entry(conn, article_id, item.article.text
                            if report.content_added and item.article else "")
                webs = [_web(u) for u in (url, item.page.final_url if item.page else None)]
                add_locations(conn, article_id, [(location_key(u), u) for u in webs if u], now)
            return report

        return self.db.write(run)

    def _merge_note(self, conn: sqlite3.Connection, article_id: int, item: IncomingArticle,
                    now: str) -> bool:
        if item.note.strip() and note_row(conn, article_id) is None:   # keep its times
            check_size(item.note)
            conn.execute("INSERT INTO notes(article_id, body, created, updated) VALUES "
                         "(?, ?, ?, ?)", (article_id, item.note, item.note_created or now,
                                          item.note_updated or item.note_created or now))
            return True
        return append_unless_present(conn, article_id, item.note, now)

    def _create(self, conn: sqlite3.Connection, item: IncomingArticle, url: str | None,
                location: str, key: str, now: str) -> int:
        """A new entry with the item's details; the text comes last (`_fill_content`), so the
        search index tokenises it once, not once per tag, note and highlight."""
        row, title = _article_row(item, url, location, key, now)
        article_id = int(conn.execute(INSERT_ARTICLE, row).lastrowid or 0)
        insert_content(conn, article_id, "", empty_article_json(title, url, location), None,
                       index=False)
        return article_id

    def _merge_details(self, conn: sqlite3.Connection, article_id: int, item: IncomingArticle,
                       now: str, report: MergeReport) -> None:
        row = conn.execute("SELECT title, byline, published, site, lang, saved, last_opened, "
                           "progress, state, starred FROM articles WHERE id = ?",
                           (article_id,)).fetchone()
        title, byline, published, site, lang, saved, opened, progress, state, starred = row
        sets: dict[str, object] = {}
        for name, before, value in (("title", title, item.title), ("byline", byline, item.byline),
                                    ("published", published, item.published),
                                    ("site", site, item.site), ("lang", lang, item.lang)):
            if not before and clean_line(value):
                sets[name] = clean_line(value)
        if item.saved and item.saved < saved:
            sets["saved"] = item.saved
        if item.last_opened and (opened is None or item.last_opened > opened):
            sets["last_opened"] = item.last_opened
        if item.progress is not None and _progress(item.progress) > progress:
            sets["progress"] = _progress(item.progress)
        if item.state == "archived" and state != "archived":
            sets.update(state="archived", archived_at=item.archived_at or now)
        if item.starred and not starred:
            sets.update(starred=1, starred_at=item.starred_at or now)
        if sets:
            conn.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in sets)} "
                         "WHERE id = ?", (*sets.values(), article_id))
            report.details_added += list(sets)

    def _fill_content(self, conn: sqlite3.Connection, article_id: int, item: IncomingArticle,
                      location: str) -> None:
        article = item.article
        assert article is not None
        conn.execute("UPDATE articles SET text_chars = ?, fingerprint = ?, candidate = ?, "
                     "media_type = ?, position = ?, lang = coalesce(lang, ?), canonical_url = "
                     "coalesce(canonical_url, ?) WHERE id = ?",
                     (len(article.text), text_fingerprint(article.text), item.candidate,
                      item.page.media_type if item.page else None,
                      max(0, min(item.position or 0, len(article.text))),
                      clean_line(article.lang) or None,
                      canonical_of(article.canonical_url, item.url), article_id))
        replace_text(conn, article_id, article.text, article_json(article, location))
        if item.page is not None:
            replace_page(conn, article_id, item.page)
        reanchor_in(conn, article_id, article.text)


def _article_row(item: IncomingArticle, url: str | None, location: str, key: str,
                 now: str) -> tuple[tuple[object, ...], str]:
    """The `articles` row of a new entry (as `new_entries.ARTICLE_COLUMNS`), and its title."""
    title = clean_line(item.title or (item.article.title if item.article else ""))
    archived = item.state == "archived"
    return (key, location, url, host_key(url), title, clean_line(item.byline) or None,
            clean_line(item.published) or None, clean_line(item.site) or None,
            clean_line(item.lang) or None, item.saved or now, item.updated or now,
            item.last_opened, _progress(item.progress), "archived" if archived else "unread",
            int(item.starred), (item.archived_at or now) if archived else None,
            (item.starred_at or now) if item.starred else None), title


def _progress(value: float | None) -> float:
    return 0.0 if value is None else min(1.0, max(0.0, float(value)))
