"""The one Markdown note of each article: set (merging concurrent edits), append, read.

A note holds at most `NOTE_LIMIT_BYTES` of UTF-8 (a highlight's note too): a few MB is more
than any note a person writes, and the limit keeps one careless paste (`head -c 300000000
/dev/zero | reader notes add ...`) from taking gigabytes of memory and database. The size is
checked before any SQL runs; the CLI reads at most the limit plus one byte.
"""

from __future__ import annotations

import sqlite3

from reader.core.errors import StoreError
from reader.core.models import Note
from reader.store.base import StoreBase, require_article
from reader.store.identity import valid_id
from reader.store.records import NOTE_COLUMNS, note_from_row


NOTE_LIMIT_BYTES = 4 * 1024 * 1024


def check_size(text: str, what: str = "note") -> None:
    """StoreError (one sentence) when `text` is over `NOTE_LIMIT_BYTES` in UTF-8."""
    if len(text) * 4 <= NOTE_LIMIT_BYTES:          # cannot be over: no encoding needed
        return
    if len(text) > NOTE_LIMIT_BYTES or len(text.encode("utf-8", "surrogatepass")) > \
            NOTE_LIMIT_BYTES:
        raise StoreError(f"The {what} is larger than {NOTE_LIMIT_BYTES // 2**20} MB, the most "
                         f"a {what} can hold, so it was not saved.")


def merge_note(base: str, mine: str, theirs: str) -> str:
    """Merge an editor's text with a note another process changed meanwhile; keep every word.

    `base` is what the editor loaded, `mine` what it holds now, `theirs` what is stored.
    Appends made elsewhere (the `reader notes add` case) are appended to `mine`; any other
    concurrent change keeps both versions, stored one last, under a visible marker.
    """
    if theirs == base or theirs == mine:
        return mine
    if mine == base:
        return theirs
    stem = base.rstrip()
    if theirs.startswith(stem):  # appended elsewhere: append the same to ours
        extra = theirs[len(stem):]
        if not mine.strip():
            return extra.lstrip()
        return mine.rstrip() + ("" if extra[:1] in ("\n", "") else "\n\n") + extra
    return (mine.rstrip() + "\n\n<!-- reader: this note was also changed elsewhere meanwhile; "
            "that version follows -->\n\n" + theirs)


def note_row(conn: sqlite3.Connection, article_id: int) -> Note | None:
    return note_from_row(conn.execute(
        f"SELECT {NOTE_COLUMNS} FROM notes WHERE article_id = ?", (article_id,)).fetchone())


def notes_for(conn: sqlite3.Connection, article_ids: list[int]) -> dict[int, Note]:
    """The notes of several articles in one query (by article id)."""
    marks = ", ".join("?" * len(article_ids))
    rows = conn.execute(f"SELECT {NOTE_COLUMNS} FROM notes WHERE article_id IN ({marks})",
                        article_ids).fetchall() if article_ids else []
    return {note.article_id: note for note in map(note_from_row, rows) if note is not None}


def write_note(conn: sqlite3.Connection, article_id: int, text: str, now: str) -> Note:
    """Store `text` as the article's note (inside the caller's transaction); a no-op when equal."""
    check_size(text)
    current = note_row(conn, article_id)
    if current is None:
        cur = conn.execute("INSERT INTO notes(article_id, body, created, updated) "
                           "VALUES (?, ?, ?, ?)", (article_id, text, now, now))
        return Note(id=cur.lastrowid, article_id=article_id, body=text, created=now,
                    updated=now)
    if text == current.body:
        return current
    conn.execute("UPDATE notes SET body = ?, updated = ? WHERE id = ?",
                 (text, now, current.id))
    return Note(id=current.id, article_id=article_id, body=text, created=current.created,
                updated=now)


def appended(current: str, addition: str) -> str:
    """`addition` as a new paragraph after `current`."""
    current = current.rstrip()
    return current + "\n\n" + addition if current else addition


def _words(text: str) -> str:
    return " ".join(text.split())


def append_unless_present(conn: sqlite3.Connection, article_id: int, text: str,
                          now: str) -> bool:
    """Append `text` as a paragraph unless the note already holds it (whitespace aside); True
    if it was appended. Inside the caller's transaction (imports: idempotent)."""
    addition = text.strip("\n")
    if not addition.strip():
        return False
    check_size(addition)
    current = note_row(conn, article_id)
    body = current.body if current else ""
    if _words(addition) in _words(body):
        return False
    write_note(conn, article_id, appended(body, addition), now)
    return True


class NoteStore(StoreBase):
    def get_note(self, article_id: int) -> Note | None:
        return self.db.read(lambda c: note_row(c, article_id)) if valid_id(article_id) else None

    def set_note(self, article_id: int, body: str, *, base: str | None = None) -> Note:
        """Store the article's note; returns what is stored.

        With `base` (the text the editor started from), a note changed meanwhile by another
        process is merged instead of overwritten (see `merge_note`), so no word is lost.
        Writing the same text again is a no-op.
        """
        check_size(body)
        now = self.clock()

        def run(conn: sqlite3.Connection) -> Note:
            require_article(conn, article_id)
            current = note_row(conn, article_id)
            stored = current.body if current else ""
            text = body if base is None else merge_note(base, body, stored)
            return write_note(conn, article_id, text, now)

        return self.db.write(run)

    def append_note(self, article_id: int, text: str) -> Note:
        """Add a paragraph at the end of the article's note (atomic; safe across processes)."""
        check_size(text)
        addition = text.strip("\n")
        now = self.clock()

        def run(conn: sqlite3.Connection) -> Note:
            require_article(conn, article_id)
            current = note_row(conn, article_id)
            return write_note(conn, article_id, appended(current.body if current else "",
                                                         addition), now)

        return self.db.write(run)
