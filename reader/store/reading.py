"""What reading does to an entry: when it was opened, the reading position, its state
(unread or archived, and starred), and the trash."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from reader.core.errors import StoreError
from reader.store.base import StoreBase
from reader.store.identity import valid_id
from reader.store.records import STATES, Position, utc_ago

TRASH_KEEP = timedelta(days=30)   # deleted articles stay restorable this long


class ReadingStore(StoreBase):
    def mark_opened(self, article_id: int) -> None:
        """Note that the article was opened now (its state does not change: opening an article
        never archives it)."""
        now = self.clock()
        if valid_id(article_id):
            self.db.write(lambda c: c.execute("UPDATE articles SET last_opened = ? WHERE id = ?",
                                              (now, article_id)))

    def set_position(self, article_id: int, position: int, progress: float | None = None) -> None:
        """Remember the reading position (a character offset) and progress (0..1)."""
        position = max(0, int(position))

        def run(conn: sqlite3.Connection) -> None:
            if progress is None:
                conn.execute("UPDATE articles SET position = ? WHERE id = ?",
                             (position, article_id))
            else:
                conn.execute("UPDATE articles SET position = ?, progress = ? WHERE id = ?",
                             (position, min(1.0, max(0.0, float(progress))), article_id))
        if valid_id(article_id):
            self.db.write(run)

    def get_position(self, article_id: int) -> Position | None:
        if not valid_id(article_id):
            return None
        row = self.db.read(lambda c: c.execute(
            "SELECT position, progress FROM articles WHERE id = ?", (article_id,)).fetchone())
        return Position(row[0], row[1]) if row else None

    # -- states ----------------------------------------------------------------------------
    def set_state(self, article_id: int, state: str) -> bool:
        """Mark the entry "unread" or "archived" (exclusive); True if that changed it."""
        if state not in STATES:
            raise StoreError(f"Unknown state {state!r}; choose one of: {', '.join(STATES)}.")
        now = self.clock()
        return valid_id(article_id) and self.db.write(lambda c: c.execute(
            "UPDATE articles SET state = ?, archived_at = ?, updated = ? WHERE id = ? AND "
            "state != ?", (state, now if state == "archived" else None, now, article_id,
                           state)).rowcount > 0)

    def set_starred(self, article_id: int, starred: bool = True) -> bool:
        """Star or unstar the entry (independent of unread/archived); True if that changed it."""
        now = self.clock()
        return valid_id(article_id) and self.db.write(lambda c: c.execute(
            "UPDATE articles SET starred = ?, starred_at = ?, updated = ? WHERE id = ? AND "
            "starred != ?", (int(starred), now if starred else None, now, article_id,
                             int(starred))).rowcount > 0)

    # -- trash -----------------------------------------------------------------------------
    def delete(self, article_id: int) -> bool:
        """Move an entry to the trash (hidden everywhere; `restore` undoes it)."""
        now = self.clock()
        return valid_id(article_id) and self.db.write(lambda c: c.execute(
            "UPDATE articles SET deleted = ? WHERE id = ? AND deleted IS NULL",
            (now, article_id)).rowcount > 0)

    def restore(self, article_id: int) -> bool:
        """Bring a deleted entry back with its note, highlights, tags and position."""
        return valid_id(article_id) and self.db.write(lambda c: c.execute(
            "UPDATE articles SET deleted = NULL WHERE id = ? AND deleted IS NOT NULL",
            (article_id,)).rowcount > 0)

    def purge_deleted(self, older_than: timedelta | None = TRASH_KEEP) -> int:
        """Erase trashed entries deleted longer ago than `older_than` (None: all); returns count."""
        cutoff = "9999" if older_than is None else utc_ago(older_than)
        return int(self.db.write(lambda c: c.execute(
            "DELETE FROM articles WHERE deleted IS NOT NULL AND deleted <= ?",
            (cutoff,)).rowcount))
