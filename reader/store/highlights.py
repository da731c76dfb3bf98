"""Highlights: a quote with its context, kept in place when the article's text changes.

Re-anchoring (`reanchor_in`) uses `reader.store.anchor`; a highlight that cannot be placed is
never dropped: it stays with `anchored=False` so the user can still read and move it.
"""

from __future__ import annotations

import sqlite3

from reader.core.errors import StoreError
from reader.core.models import Highlight
from reader.store.anchor import Anchor, fold, locate, make_anchor, reanchor
from reader.store.base import StoreBase, no_article
from reader.store.contents import read_text
from reader.store.identity import valid_id
from reader.store.notes import check_size
from reader.store.records import HIGHLIGHT_COLUMNS, ReanchorReport, highlight_from_row


def highlights_of(conn: sqlite3.Connection, article_id: int) -> list[Highlight]:
    """The article's highlights by position (unanchored ones last, flagged)."""
    return [highlight_from_row(r) for r in conn.execute(
        f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights WHERE article_id = ? "
        "ORDER BY anchored DESC, start, id", (article_id,))]


def highlights_for(conn: sqlite3.Connection,
                   article_ids: list[int]) -> dict[int, list[Highlight]]:
    """The highlights of several articles in one query (by article id, each by position)."""
    found: dict[int, list[Highlight]] = {i: [] for i in article_ids}
    marks = ", ".join("?" * len(article_ids))
    if article_ids:
        for row in conn.execute(f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights WHERE article_id "
                                f"IN ({marks}) ORDER BY anchored DESC, start, id", article_ids):
            found[row[1]].append(highlight_from_row(row))
    return found


def reanchor_in(conn: sqlite3.Connection, article_id: int, new_text: str) -> ReanchorReport:
    """Move every highlight of the article onto `new_text` (inside the caller's transaction)."""
    rows = conn.execute(f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights WHERE article_id = ? "
                        "ORDER BY id", (article_id,)).fetchall()
    highlights = [highlight_from_row(r) for r in rows]
    anchors = [Anchor(h.start, h.end, h.quote, h.prefix, h.suffix) for h in highlights]
    report = ReanchorReport()
    for h, place in zip(highlights, reanchor(new_text, anchors)):
        if not place.anchored:
            report.lost.append(h)
            if h.anchored:
                conn.execute("UPDATE highlights SET anchored = 0 WHERE id = ?", (h.id,))
            h.anchored = False
            continue
        if (place.start, place.end) == (h.start, h.end) and h.anchored:
            report.kept += 1
            continue
        report.moved += 1
        fresh = make_anchor(new_text, place.start, place.end)
        # The quote keeps the user's original words when the match was fuzzy.
        conn.execute("UPDATE highlights SET start = ?, end = ?, prefix = ?, suffix = ?, "
                     "anchored = 1 WHERE id = ?",
                     (fresh.start, fresh.end, fresh.prefix, fresh.suffix, h.id))
    return report


def place_quote(text: str, quote: str, prefix: str = "", suffix: str = "",
                hint: int | None = None) -> Anchor | None:
    """Where `quote` sits in `text` (its context and an offset hint help), or None."""
    if not text or not quote.strip():
        return None
    found = locate(text, quote, prefix, suffix, hint)
    return None if found is None else make_anchor(text, *found)


def add_unless_present(conn: sqlite3.Connection, article_id: int, text: str, quote: str, *,
                       note: str = "", created: str, hint: int | None = None, prefix: str = "",
                       suffix: str = "") -> str:
    """Add a highlight unless the article has it already (same quote, same place; a quote
    without a place matches the same quote anywhere). Returns "added", "unplaced" (added but
    not found in the text: kept, flagged), "noted" (present; its note gained this note) or
    "present". Inside the caller's transaction."""
    check_size(note, "highlight note")
    place = place_quote(text, quote, prefix, suffix, hint)
    key = fold(quote)
    for h in highlights_of(conn, article_id):
        if fold(h.quote) != key:
            continue
        if place is not None and h.anchored and h.start != place.start:
            continue   # the same words highlighted somewhere else
        extra = note.strip()
        if extra and extra not in h.note:
            merged = (h.note.rstrip() + "\n\n" + extra) if h.note.strip() else extra
            check_size(merged, "highlight note")
            conn.execute("UPDATE highlights SET note = ? WHERE id = ?", (merged, h.id))
            return "noted"
        return "present"
    start = place.start if place else max(0, hint or 0)
    conn.execute(
        "INSERT INTO highlights(article_id, start, end, quote, prefix, suffix, note, created, "
        "anchored) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (article_id, start, place.end if place else start + len(quote), quote,
         place.prefix if place else prefix, place.suffix if place else suffix, note, created,
         int(place is not None)))
    return "added" if place else "unplaced"


class HighlightStore(StoreBase):
    def add_highlight(self, article_id: int, start: int, end: int, note: str = "") -> Highlight:
        """Highlight `text[start:end]` of the stored article, keeping quote and context."""
        check_size(note, "highlight note")
        now = self.clock()

        def run(conn: sqlite3.Connection) -> Highlight:
            text = read_text(conn, article_id) if valid_id(article_id) else None
            if text is None:
                raise no_article(article_id)
            if not 0 <= start < end <= len(text):
                raise StoreError(f"The highlight {start}..{end} is outside the article's text.")
            a = make_anchor(text, start, end)
            cur = conn.execute(
                "INSERT INTO highlights(article_id, start, end, quote, prefix, suffix, note, "
                "created, anchored) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (article_id, a.start, a.end, a.quote, a.prefix, a.suffix, note, now))
            return Highlight(id=cur.lastrowid, article_id=article_id, start=a.start, end=a.end,
                             quote=a.quote, prefix=a.prefix, suffix=a.suffix, note=note,
                             created=now, anchored=True)

        return self.db.write(run)

    def list_highlights(self, article_id: int) -> list[Highlight]:
        """The article's highlights by position (unanchored ones included, flagged)."""
        return self.db.read(lambda c: highlights_of(c, article_id)) if valid_id(article_id) else []

    def get_highlight(self, highlight_id: int) -> Highlight | None:
        if not valid_id(highlight_id):
            return None
        row = self.db.read(lambda c: c.execute(
            f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights WHERE id = ?", (highlight_id,)).fetchone())
        return highlight_from_row(row) if row else None

    def set_highlight_note(self, highlight_id: int, note: str) -> None:
        check_size(note, "highlight note")
        if valid_id(highlight_id):
            self.db.write(lambda c: c.execute("UPDATE highlights SET note = ? WHERE id = ?",
                                              (note, highlight_id)))

    def delete_highlight(self, highlight_id: int) -> Highlight | None:
        """Remove a highlight; returns it so the caller can offer undo (`restore_highlight`)."""
        def run(conn: sqlite3.Connection) -> Highlight | None:
            row = conn.execute(f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights WHERE id = ?",
                               (highlight_id,)).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
            return highlight_from_row(row)
        return self.db.write(run) if valid_id(highlight_id) else None

    def restore_highlight(self, highlight: Highlight) -> None:
        """Put back a highlight returned by `delete_highlight` (same id)."""
        self.db.write(lambda c: c.execute(
            f"INSERT OR REPLACE INTO highlights({HIGHLIGHT_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (highlight.id, highlight.article_id, highlight.start, highlight.end, highlight.quote,
             highlight.prefix, highlight.suffix, highlight.note, highlight.created,
             int(highlight.anchored))))

    def reanchor_highlights(self, article_id: int, new_text: str) -> ReanchorReport:
        """Move every highlight of the article onto `new_text`; lost ones stay, unanchored."""
        if not valid_id(article_id):
            raise no_article(article_id)
        return self.db.write(lambda c: reanchor_in(c, article_id, new_text))
