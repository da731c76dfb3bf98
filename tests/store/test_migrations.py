"""Schema upgrades from every earlier version; damaged and newer databases are never touched."""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from pathlib import Path

import pytest

from reader import store
from reader.core.errors import StoreError
from reader.core.models import Article
from reader.store.contents import pack
from reader.store.db import MIGRATIONS, SCHEMA_VERSION

T = "2023-06-01T12:00:00Z"


def build_old(path: Path, version: int) -> None:
    """A database as reader wrote it at schema `version`, with data in every table it had."""
    conn = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:version]:
        conn.execute("BEGIN")
        if callable(step):
            step(conn)
        else:
            for sql in step:
                conn.execute(sql)
        conn.execute("COMMIT")
    conn.execute(f"PRAGMA user_version = {version}")
    text = "Old words about otters. More words follow here."
    if version >= 5:   # small rows; text and structure compressed in contents
        conn.execute("INSERT INTO articles(id, key, location, url, host_key, title, saved, "
                     "updated, position, progress, text_chars) VALUES (7, "
                     "'https://old.example/a', 'https://old.example/a', 'https://old.example/a', "
                     "'example.old', 'An old article', ?, ?, 12, 0.25, ?)", (T, T, len(text)))
        conn.execute("INSERT INTO contents(article_id, text, article_json) VALUES (7, ?, ?)",
                     (pack(text), pack('{"title": "An old article"}')))
        conn.execute("INSERT INTO search(rowid, title, body, notes, tags) "
                     "VALUES (7, 'An old article', ?, '', '')", (text,))
    elif version >= 1:
        conn.execute(
            "INSERT INTO articles(id, key, location, url, title, text, article_json, saved, "
            "updated, position, progress) VALUES (7, 'https://old.example/a', "
            "'https://old.example/a', 'https://old.example/a', 'An old article', "
            "'Old words about otters. More words follow here.', ?, ?, ?, 12, 0.25)",
            ('{"text": "Old words about otters. More words follow here.", "title": "An old article"}',
             T, T))
    if version >= 1:
        conn.execute("INSERT INTO notes(article_id, body, created, updated) "
                     "VALUES (7, 'a note on walruses', ?, ?)", (T, T))
    if version >= 2:
        conn.execute("INSERT INTO tags(article_id, tag) VALUES (7, 'mammals')")
        conn.execute("INSERT INTO highlights(article_id, start, end, quote, prefix, suffix, "
                     "note, created) VALUES (7, 0, 23, 'Old words about otters.', '', "
                     "' More words', 'pinniped', ?)", (T,))
    conn.close()


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_upgrade_from_every_earlier_version(tmp_path: Path, version: int) -> None:
    path = tmp_path / "library.sqlite3"
    build_old(path, version)
    with store.open(path) as lib:
        assert lib.db.version() == SCHEMA_VERSION
        assert lib.integrity_check() == "ok"
        if version >= 1:
            record = lib.get(7)
            assert record.title == "An old article"
            assert lib.get_position(7).position == 12
            assert lib.get_note(7).body == "a note on walruses"
            assert lib.load_article(7).text.startswith("Old words")
            # FTS was filled from the existing rows by the migration
            assert [h.record.id for h in lib.search("walruses")] == [7]
            assert [h.record.id for h in lib.search("otters")] == [7]
        if version >= 2:
            assert lib.tags(7) == ["mammals"]
            assert lib.list_highlights(7)[0].quote == "Old words about otters."
            assert [h.record.id for h in lib.search("pinniped")] == [7]
        # every feature of the latest schema works on the upgraded file
        new_id = lib.save_article(Article(text="Fresh text.", title="New", location="https://n.example"))
        lib.add_tag(new_id, "fresh")
        lib.add_highlight(new_id, 0, 5)
        assert lib.delete(new_id) and lib.restore(new_id)
        assert [h.record.id for h in lib.search("fresh")] == [new_id]
    with store.open(path) as again:  # reopening is a no-op
        assert again.db.version() == SCHEMA_VERSION


def test_versions_are_counted_by_user_version(tmp_path: Path) -> None:
    with store.open(tmp_path / "x.sqlite3") as lib:
        assert lib.db.version() == len(MIGRATIONS) == SCHEMA_VERSION


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_database_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with store.open(path) as lib:
        lib.save_article(Article(text="Kept.", title="Future", location="https://f.example"))
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError) as info:
        store.open(path)
    message = str(info.value)
    assert str(path) in message and "newer version" in message and "\n" not in message
    assert digest(path) == before


@pytest.mark.parametrize("content", [
    b"this is a text file, not a database\n" * 20,
    b"\x00" * 4096,
    b"SQLite format 3\x00" + b"\xff" * 4000,
])
def test_garbage_file_is_refused_and_kept(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "library.sqlite3"
    path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        store.open(path)
    assert str(path) in str(info.value) and "left untouched" in str(info.value)
    assert path.read_bytes() == content


def test_damaged_pages_give_store_errors_and_the_file_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with store.open(path) as lib:
        for n in range(40):
            lib.save_article(Article(text=f"Article number {n}. " * 200, title=f"T{n}",
                                     location=f"https://d.example/{n}"))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, 3 * page):  # wreck many b-tree pages
        data[offset:offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(StoreError) as info:
        with store.open(path) as lib:
            lib.list_articles()
            for record in lib.list_articles():
                lib.load_article(record.id)
            lib.search("article")
            lib.save_article(Article(text="x", location="https://d.example/new"))
            assert lib.integrity_check() == "ok"
    assert str(path) in str(info.value)
    assert digest(path) == before


def test_unwritable_folder_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StoreError) as info:
        store.open(blocker / "library.sqlite3")
    assert "library.sqlite3" in str(info.value)


def test_a_failing_migration_step_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    from reader.store import db as db_module
    path = tmp_path / "library.sqlite3"
    build_old(path, 2)
    broken = [*MIGRATIONS[:2], ["CREATE TABLE half_done (x)", "THIS IS NOT SQL"], *MIGRATIONS[3:]]
    monkeypatch.setattr(db_module, "MIGRATIONS", broken)
    with pytest.raises(StoreError) as info:
        store.open(path)
    assert str(path) in str(info.value)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()
    monkeypatch.setattr(db_module, "MIGRATIONS", MIGRATIONS)
    with store.open(path) as lib:                       # the real upgrade still works after
        assert lib.get_note(7).body == "a note on walruses"


def build_4_with_history(path: Path) -> None:
    """A schema-4 library as it looks after use: a purged article (so the id sequence is past
    the highest id), a trashed one, a redirect, tags, highlights, notes and a page."""
    build_old(path, 4)
    conn = sqlite3.connect(path, isolation_level=None)
    rows = [
        (8, "https://old.example/b", "https://old.example/b", "https://old.example/b",
         "Redirected", "https://old.example/final-b", None),
        (9, "/home/ada/saved.html", "/home/ada/saved.html", None, "A saved file", None, None),
        (10, "https://old.example/trash", "https://old.example/trash", "https://old.example/trash",
         "In the trash", None, T),
    ]
    for article_id, key, location, url, title, final_url, deleted in rows:
        conn.execute(
            "INSERT INTO articles(id, key, location, url, title, text, article_json, page, "
            "final_url, saved, updated, deleted) VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)",
            (article_id, key, location, url, title, f"Text of {title.lower()} with gannets.",
             zlib.compress(b"<p>original</p>") if article_id == 9 else None, final_url, T, T,
             deleted))
    conn.execute("INSERT INTO articles(id, key, location, title, text, article_json, saved, "
                 "updated) VALUES (30, 'gone', 'gone', 'Purged', 'x', '{}', ?, ?)", (T, T))
    conn.execute("DELETE FROM articles WHERE id = 30")
    conn.execute("INSERT INTO tags(article_id, tag) VALUES (8, 'birds'), (8, 'coast')")
    conn.execute("INSERT INTO highlights(article_id, start, end, quote, created) "
                 "VALUES (8, 0, 4, 'Text', ?), (8, 5, 7, 'of', ?)", (T, T))
    conn.close()


def test_upgrade_to_5_keeps_everything_and_moves_content(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    build_4_with_history(path)
    with store.open(path) as lib:
        assert lib.integrity_check() == "ok"
        assert lib.db.read(lambda c: c.execute("PRAGMA foreign_key_check").fetchall()) == []
        assert [r.id for r in lib.list_articles("title")] == [9, 7, 8]
        redirected = lib.get(8)
        assert redirected.tags == ["birds", "coast"] and redirected.highlight_count == 2
        assert redirected.host == "old.example" and redirected.state == "unread"
        assert lib.get(7).note_chars == len("a note on walruses")
        assert lib.find("https://old.example/final-b").id == 8      # final URL remembered
        assert lib.load_page(9).body == b"<p>original</p>"
        assert lib.load_article(9).text == "Text of a saved file with gannets."
        assert [r.id for r in lib.list_articles(deleted=True)] == [10]
        assert sorted(h.record.id for h in lib.search("gannets")) == [8, 9]
        assert [h.record.id for h in lib.search("coast")] == [8]   # tags are searchable
        assert [h.record.id for h in lib.search("tag:birds")] == [8]
        new_id = lib.save_article(Article(text="New after the upgrade.", title="New",
                                          location="https://n.example/"))
        assert new_id > 30                                          # ids are never reused
        assert lib.restore(10) and lib.get(10).title == "In the trash"
    conn = sqlite3.connect(path)
    columns = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    assert not columns & {"text", "article_json", "page"}           # small rows only
    conn.close()


def test_denormalised_counts_follow_every_change(tmp_path: Path) -> None:
    with store.open(tmp_path / "library.sqlite3") as lib:
        article_id = lib.save_article(Article(text="Counting words here.", title="Counts",
                                              location="https://c.example/"))
        other = lib.save_article(Article(text="Another text.", title="Other",
                                         location="https://c.example/2"))
        lib.set_note(article_id, "four")
        h = lib.add_highlight(article_id, 0, 8)
        lib.add_tag(article_id, "b")
        lib.add_tag(article_id, "a")
        assert (lib.get(article_id).note_chars, lib.get(article_id).highlight_count,
                lib.get(article_id).tags) == (4, 1, ["a", "b"])
        lib.db.write(lambda c: c.execute("UPDATE highlights SET article_id = ? WHERE id = ?",
                                         (other, h.id)))
        lib.db.write(lambda c: c.execute("UPDATE notes SET article_id = ? WHERE article_id = ?",
                                         (other, article_id)))
        assert (lib.get(article_id).highlight_count, lib.get(other).highlight_count) == (0, 1)
        assert (lib.get(article_id).note_chars, lib.get(other).note_chars) == (0, 4)
        assert [x.record.id for x in lib.search("four")] == [other]
        lib.remove_tag(article_id, "a")
        lib.delete_highlight(h.id)
        assert lib.get(article_id).tags == ["b"] and lib.get(other).highlight_count == 0


def test_compact_gives_back_the_space_the_upgrade_freed(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    build_old(path, 4)
    conn = sqlite3.connect(path, isolation_level=None)
    for n in range(60):
        conn.execute("INSERT INTO articles(key, location, title, text, article_json, page, saved, "
                     "updated) VALUES (?, ?, 'T', ?, '{}', ?, ?, ?)",
                     (f"k{n}", f"k{n}", "words " * 4000, bytes(range(256)) * 200, T, T))
    conn.close()
    with store.open(path) as lib:
        saved = lib.compact()
        assert saved > 0 and lib.integrity_check() == "ok"
        assert lib.count() == 61 and lib.load_article(7).text.startswith("Old words")
