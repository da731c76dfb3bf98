"""Local SQLite store: articles, notes, highlights, tags, states and reading progress (never
imports textual).

The database is `library.sqlite3` in `reader.app.paths.data_dir()` (`READER_DATA_DIR` overrides).
WAL, foreign keys, `synchronous=FULL`; every write is one `BEGIN IMMEDIATE` transaction retried
while another process holds the lock, so concurrent `reader` processes never drop a write. A
damaged database or one from a newer reader raises `StoreError` naming the file; the file is
never overwritten. Schema upgrades are migration steps counted by `PRAGMA user_version`
(`schema.py`). Modules: `db` (connection, retries, migrations), `schema`/`upgrades` (the
steps), `records` (what the API returns), `identity` (location keys, fingerprints, sites),
`contents` (compressed text and pages), `articles`, `reading` (position, states, trash),
`listing`, `exports`, `notes`, `highlights` (with `anchor`, the re-anchoring algorithm),
`tags`, `search`, `summaries`, `fetch_queue`, `importing` (with `new_entries`), `duplicates`,
and `library` (`Library`, one class assembled from the per-table parts).

API (`from reader import store`; all errors are `StoreError` with one sentence; any id that
SQLite cannot hold, huge or negative, names nothing: None / False / "no article", never
OverflowError):

    lib = store.open(path=None, clock=utc_now)          # or Library.open(); a context manager

  Articles
    lib.save_article(article, page=None, *, location=None, opened=False) -> id
        # one entry per article: found again by the key of its location (normalised URL /
        # absolute path / hash of stdin text) or of a location it was opened from before, its
        # URL or final URL, its canonical URL (when the texts agree), or the fingerprint of
        # its text; the entry keeps its id, note, highlights, tags, position and state, and
        # the new location is recorded (lib.locations(id)). Text that changed re-anchors the
        # highlights. `article.candidate` (when the extractor sets it) is stored with it.
    lib.get(id) / lib.find(id | URL | path) / lib.find_location(location) -> ArticleRecord | None
    lib.locations(id) -> [location, ...]                 # the other places it was opened from
    lib.load_article(id) -> Article;  lib.load_page(id) -> Page | None
    lib.choose_candidate(id, article, name | None) -> ReanchorReport(kept, moved, lost, ...)
        # remember the extraction candidate the user chose (None: the first) and store the
        # article built from it; highlights re-anchor, lost ones stay flagged; note untouched
    lib.replace_article(id, article) -> ReanchorReport(..., text_changed)
        # a fresh extraction of the saved original (`reader library reextract`): text and
        # metadata replaced, highlights re-anchored, note/tags/state/choice kept
    lib.mark_opened(id); lib.set_position(id, char_offset, progress=None);
    lib.get_position(id) -> Position(position, progress) | None
    lib.set_state(id, "unread" | "archived") -> changed;  lib.set_starred(id, True) -> changed
        # unread/archived are exclusive, starred is independent; opening never archives
    lib.delete(id) -> bool   # to the trash (hidden); lib.restore(id) -> bool undoes it;
    lib.purge_deleted(older_than=30 days) -> count

  Listing (index walks over small rows: fast at 100,000 articles)
    SORTS = ("opened", "saved", "title", "site", "published", "progress")
    ArticleFilter(states=(), without_states=(), tags=(), without_tags=(), sites=(),
                  annotated=False, deleted=False)
        # states: "unread", "archived", "starred" (all required); tags all required; sites
        # any of (a host covers its subdomains, or a site name); annotated: note/highlights
    lib.list_page(sort="opened", filters=None, *, limit=50, offset=0, after=None,
                  reverse=False) -> [ArticleRecord]      # after=last record of the page before
    lib.count_articles(filters=None) -> int;  lib.count() -> int
    lib.iter_articles(sort="saved", filters=None, *, reverse=False, batch=500) -> Iterator
    lib.list_articles(sort="opened", tag=None, *, limit=None, deleted=False) -> list
        # everything at once (kept for today's callers; prefer list_page / iter_articles)

  Search
    lib.search(query, *, limit=50, mark=("«", "»"), tag=None, filters=None, sort="opened")
        -> [SearchHit(record, snippet, rank)]
        # FTS5 over title, text, note, highlights and tags; any user string is safe; the
        # last word is a prefix while typed. Filters in the query: tag:NAME (tag:"two words";
        # several: all required), site:example.org (several: any), is:unread|archived|starred
        # (also state:...), and -tag:X / -is:X to exclude; unknown ones are plain words. A
        # query of filters only lists what they let through (in `sort` order). At most 1,000
        # matches (the newest) are ranked, so a keystroke stays fast at any size.

  Tags (lower case, trimmed, control-free; searchable as words and with tag:)
    lib.add_tag(id, tag); lib.remove_tag(id, tag); lib.tags(id); lib.all_tags()

  Notes and highlights (a note or a highlight's note holds at most 4 MB of UTF-8:
  `notes.NOTE_LIMIT_BYTES`; beyond it StoreError, checked before any SQL)
    lib.get_note(id) -> Note | None; lib.set_note(id, body, *, base=None) -> Note
        # with base= (text the editor loaded) concurrent changes are merged, never lost
    lib.append_note(id, text) -> Note  # atomic append of a paragraph
    lib.add_highlight(id, start, end, note="") -> Highlight; lib.list_highlights(id);
    lib.get_highlight(hid); lib.set_highlight_note(hid, note);
    lib.delete_highlight(hid) -> Highlight | None; lib.restore_highlight(highlight)
    lib.reanchor_highlights(id, new_text) -> ReanchorReport(kept, moved, lost)
        # exact quote + context, then normalised, then fuzzy; lost ones kept, anchored=False

  Streams for exports and lists (batches of a few hundred rows; memory flat in the size)
    lib.iter_export_entries(ref=None, *, annotated_only=True, filters=None, pages=False)
        -> Iterator[ExportEntry(record, article, note, highlights, page)]   # oldest first
    lib.iter_annotated(filters=None, *, sort="saved") -> Iterator[AnnotatedRecord(record,
        note, highlights)]                               # `reader notes list`: no text read
    lib.export_entries(ref=None, *, annotated_only=True) -> list   # everything at once

  Summary cache (`summaries.py`): never recompute a summary for the same text and settings
    lib.summaries.get(text, algorithm, settings) -> Summary | None
    lib.summaries.put(text, summary, settings); lib.summaries.put_many([...])  # one write
        # settings: a dict (or str) of everything that changes the result (length, version)

  Fetch queue (`fetch_queue.py`; `reader save --later`, imports, `reader fetch`)
    q = lib.fetch_queue
    q.enqueue(url, *, source=None, article_id=None) -> QueueItem;  q.enqueue_many(urls) -> new
    q.claim(limit=8, *, per_host=2, only=None) -> [QueueItem]   # due items, now "fetching"
        # only=[item ids]: just those (`reader save` fetches what it was given)
    q.succeeded(item_id, article_id); q.failed(item_id, "One sentence.", retry_in=None)
    q.defer_host(host, seconds)  # the host asked to wait (Retry-After): its queued items wait
    q.release(ids)  # interrupted;  q.failures(); q.retry_failed(only=None)  # `fetch --failed`
    q.for_urls(urls) -> {url: QueueItem}                 # what `library list` shows per entry
    q.counts() -> {"queued", "fetching", "done", "failed"};  q.next_due() -> time | None
        # a killed fetcher's items are due again after STALE_AFTER (resumable)

  Import merge (`importing.py`; every call idempotent: the same file twice adds nothing)
    lib.merge_article(IncomingArticle(url, title=..., lang=..., tags=..., state="unread"|"archived",
                      starred=..., saved=ISO, ..., note=..., highlights=[IncomingHighlight(
                      quote, note, created, hint, prefix, suffix)], article=Article|None,
                      page=Page|None), *, queue_fetch=False, source=None) -> MergeReport
        # by URL (or our export's location); never overwrites: tags united, state moves
        # forward (archived / starred win), earlier saved time kept, note appended once,
        # highlights deduplicated by quote and place (unplaceable ones kept, flagged), shipped
        # content stored when the entry has none; entries in the trash are skipped
    lib.merge_articles(items, *, queue_fetch=False, source=None) -> Iterator[MergeReport]
        # a whole file: 2,000 items per transaction; an item the store refuses is undone
        # alone (report.skipped says why); inside lib.transaction() all or nothing; items
        # new to the library without text, page or highlights are written a batch at once
        # (`new_entries.py`), the same rows and reports as one by one

  Duplicates from older libraries (`duplicates.py`; merged only when asked)
    lib.duplicate_groups() -> [[ArticleRecord, ...]]    # same fingerprint or canonical URL
    lib.merge_entries(keep_id, other_id) -> ArticleRecord  # everything of other into keep

  Upkeep
    lib.integrity_check() -> "ok" | problems;  lib.compact() -> bytes given back (VACUUM;
        worth running once after the upgrade to schema 5, which frees the old big rows)
    lib.transaction() -> a write transaction; calls inside it join it (one commit)
"""

from reader.store.fetch_queue import QueueItem
from reader.store.identity import location_key
from reader.store.importing import IncomingArticle, IncomingHighlight, MergeReport
from reader.store.library import Library, open
from reader.store.listing import SORTS, ArticleFilter
from reader.store.notes import NOTE_LIMIT_BYTES, merge_note
from reader.store.records import (
    STATES,
    AnnotatedRecord,
    ArticleRecord,
    ExportEntry,
    Position,
    ReanchorReport,
    SearchHit,
    utc_now,
)
from reader.store.search import fts_query, parse_query

__all__ = [
    "NOTE_LIMIT_BYTES", "SORTS", "STATES", "AnnotatedRecord", "ArticleFilter", "ArticleRecord",
    "ExportEntry", "IncomingArticle", "IncomingHighlight", "Library", "MergeReport", "Position",
    "QueueItem", "ReanchorReport", "SearchHit", "fts_query", "location_key", "merge_note",
    "open", "parse_query", "utc_now",
]
