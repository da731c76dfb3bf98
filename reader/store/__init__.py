"""Local SQLite store: articles, notes, highlights, tags, reading progress (never imports textual).

The database is `library.sqlite3` in `reader.paths.data_dir()` (`READER_DATA_DIR` overrides).
WAL, foreign keys, `synchronous=FULL`; every write is one `BEGIN IMMEDIATE` transaction retried
while another process holds the lock, so concurrent `reader` processes never drop a write. A
damaged database or one from a newer reader raises `StoreError` naming the file; the file is
never overwritten. Schema upgrades are migration steps counted by `PRAGMA user_version`.

API (`from reader import store`; all errors are `StoreError` with one sentence):

    lib = store.open(path=None, clock=utc_now)          # or Library.open(); a context manager
    lib.save_article(article, page=None, *, location=None, opened=False) -> id
        # upsert by location (normalised URL / absolute path / hash of stdin text); keeps the
        # note, highlights, tags and position; re-anchors highlights when the text changed;
        # the page body is stored zlib-compressed (reopen offline, re-extract later)
    lib.get(id) / lib.find(id | URL | path) / lib.find_location(location) -> ArticleRecord | None
    lib.load_article(id) -> Article;  lib.load_page(id) -> Page | None
    lib.list_articles(sort="opened"|"saved"|"title"|"site"|"published"|"progress", tag=None,
                      *, limit=None, deleted=False) -> list[ArticleRecord]
    lib.search(query, *, limit=50, mark=("«", "»"), tag=None) -> list[SearchHit]
        # FTS5 over title, text, note and highlights; any user string is safe (fts_query)
    lib.mark_opened(id); lib.set_position(id, char_offset, progress=None);
    lib.get_position(id) -> Position(position, progress) | None
    lib.add_tag(id, tag); lib.remove_tag(id, tag); lib.tags(id); lib.all_tags()
    lib.delete(id) -> bool   # to the trash (hidden); lib.restore(id) -> bool undoes it;
    lib.purge_deleted(older_than=30 days) -> count
    lib.get_note(id) -> Note | None; lib.set_note(id, body, *, base=None) -> Note
        # with base= (text the editor loaded) concurrent changes are merged, never lost
    lib.append_note(id, text) -> Note  # atomic append of a paragraph
    lib.add_highlight(id, start, end, note="") -> Highlight; lib.list_highlights(id);
    lib.get_highlight(hid); lib.set_highlight_note(hid, note);
    lib.delete_highlight(hid) -> Highlight | None; lib.restore_highlight(highlight)
    lib.reanchor_highlights(id, new_text) -> ReanchorReport(kept, moved, lost)
        # exact quote + context, then normalised, then fuzzy; lost ones kept, anchored=False
    lib.export_entries(ref=None, *, annotated_only=True) -> list[ExportEntry]
        # (record, article, note, highlights) for reader.core.export
    lib.integrity_check() -> "ok" | problems;  lib.transaction() -> raw write transaction
"""

from reader.store.articles import SORTS
from reader.store.identity import location_key
from reader.store.library import Library, open
from reader.store.notes import merge_note
from reader.store.records import (
    ArticleRecord,
    ExportEntry,
    Position,
    ReanchorReport,
    SearchHit,
    utc_now,
)
from reader.store.search import fts_query

__all__ = [
    "SORTS", "ArticleRecord", "ExportEntry", "Library", "Position", "ReanchorReport",
    "SearchHit", "fts_query", "location_key", "merge_note", "open", "utc_now",
]
