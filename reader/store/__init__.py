"""Local SQLite store: articles, notes, highlights, tags, states and reading progress (never
imports textual).

The database is `library.sqlite3` in `reader.paths.data_dir()` (`READER_DATA_DIR` overrides).
WAL, foreign keys, `synchronous=FULL`; every write is one `BEGIN IMMEDIATE` transaction retried
while another process holds the lock, so concurrent `reader` processes never drop a write. A
damaged database or one from a newer reader raises `StoreError` naming the file; the file is
never overwritten. Schema upgrades are migration steps counted by `PRAGMA user_version`
(`schema.py`). Modules: `db` (connection, retries, migrations), `schema`/`upgrades` (the
steps), `records` (what the API returns), `identity` (location keys, fingerprints, sites),
`contents` (compressed text and pages), `articles`, `listing`, `notes`, `highlights` (with
`anchor`, the re-anchoring algorithm), `tags`, `search`, and `library` (`Library`, one class
assembled from the per-table parts).

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
    lib.choose_candidate(id, article, name | None) -> ReanchorReport(kept, moved, lost)
        # remember the extraction candidate the user chose (None: the first) and store the
        # article built from it; highlights re-anchor, lost ones stay flagged; note untouched
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

  Export and upkeep
    lib.export_entries(ref=None, *, annotated_only=True) -> list[ExportEntry]
        # (record, article, note, highlights) for reader.core.export
    lib.integrity_check() -> "ok" | problems;  lib.transaction() -> raw write transaction
"""

from reader.store.identity import location_key
from reader.store.library import Library, open
from reader.store.listing import SORTS, ArticleFilter
from reader.store.notes import NOTE_LIMIT_BYTES, merge_note
from reader.store.records import (
    STATES,
    ArticleRecord,
    ExportEntry,
    Position,
    ReanchorReport,
    SearchHit,
    utc_now,
)
from reader.store.search import fts_query, parse_query

__all__ = [
    "NOTE_LIMIT_BYTES", "SORTS", "STATES", "ArticleFilter", "ArticleRecord", "ExportEntry",
    "Library", "Position", "ReanchorReport", "SearchHit", "fts_query", "location_key",
    "merge_note", "open", "parse_query", "utc_now",
]
