"""The library API: saving, finding, positions, tags, trash, notes, highlights, search."""

from __future__ import annotations

import itertools
import sqlite3
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader import store
from reader.core.errors import StoreError
from reader.core.models import Article, Page
from reader.app.paths import data_dir
from reader.store import Library, fts_query, location_key, merge_note

TEXT = ("Readers lose notes when services shut down. A local library keeps them.\n\n"
        "Highlights keep their quote and context. They find their place again.\n\n"
        "Search finds titles, text and notes alike.")


def ticking_clock():
    counter = itertools.count()
    return lambda: f"2024-01-01T00:00:{next(counter):02d}Z"


@pytest.fixture
def lib() -> Library:
    library = store.open(clock=ticking_clock())
    yield library
    library.close()


def make_article(location: str = "https://example.org/a", text: str = TEXT, title: str = "Durable notes",
                 **kw) -> Article:
    return Article(text=text, title=title, location=location, url=kw.pop("url", location), **kw)


def test_default_path_is_in_the_data_dir(lib: Library) -> None:
    assert lib.path == data_dir() / "library.sqlite3"
    assert lib.path.exists()
    mode = lib.db.read(lambda c: c.execute("PRAGMA journal_mode").fetchone()[0])
    assert mode == "wal"
    assert lib.db.read(lambda c: c.execute("PRAGMA foreign_keys").fetchone()[0]) == 1


def test_save_get_and_load_round_trip(lib: Library) -> None:
    page = Page(location="https://example.org/a", body=b"<html>original \xe2\x9c\x93</html>",
                charset="utf-8", final_url="https://example.org/a")
    article = make_article(byline="Ada", published="2024-03-05", site="Example", lang="en")
    article_id = lib.save_article(article, page, opened=True)
    record = lib.get(article_id)
    assert record is not None
    assert (record.title, record.byline, record.published, record.site, record.lang) == (
        "Durable notes", "Ada", "2024-03-05", "Example", "en")
    assert record.last_opened is not None and record.text_chars == len(TEXT)
    assert lib.load_article(article_id).text == TEXT
    restored = lib.load_page(article_id)
    assert restored is not None and restored.body == page.body and restored.charset == "utf-8"
    stored_blob = lib.db.read(lambda c: c.execute("SELECT page FROM contents").fetchone()[0])
    assert stored_blob != page.body  # compressed


def test_upsert_by_location_keeps_note_tags_position(lib: Library) -> None:
    first = lib.save_article(make_article())
    lib.set_note(first, "my thoughts")
    lib.add_tag(first, "Durability")
    lib.set_position(first, 40, 0.5)
    again = lib.save_article(make_article(location="https://EXAMPLE.org/a#section", title="New title"))
    assert again == first
    assert lib.count() == 1
    record = lib.get(first)
    assert record.title == "New title" and record.tags == ["durability"]
    assert lib.get_note(first).body == "my thoughts"
    assert lib.get_position(first).position == 40 and lib.get_position(first).progress == 0.5
    assert [h.record.id for h in lib.search("new title")] == [first]   # index follows the title
    assert lib.search("durable") == []
    assert [h.record.id for h in lib.search("services")] == [first]


def test_saving_without_page_keeps_the_stored_page(lib: Library) -> None:
    article_id = lib.save_article(make_article(), Page(location="x", body=b"<p>page</p>"))
    lib.save_article(make_article())
    assert lib.load_page(article_id).body == b"<p>page</p>"


def test_position_is_clamped_when_text_shrinks(lib: Library) -> None:
    article_id = lib.save_article(make_article())
    lib.set_position(article_id, 150, 0.9)
    lib.save_article(make_article(text="Short now."))
    assert lib.get_position(article_id).position == len("Short now.")


def test_find_by_id_url_and_path(lib: Library, tmp_path, monkeypatch) -> None:
    web = lib.save_article(make_article())
    path = tmp_path / "page.html"
    path.write_text("<p>x</p>")
    local = lib.save_article(make_article(location=str(path), url=None))
    assert lib.find(str(web)).id == web
    assert lib.find(web).id == web
    assert lib.find("https://example.org/a").id == web
    assert lib.find(str(path)).id == local
    assert lib.find("https://example.org/missing") is None
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "page.html").write_text("<p>y</p>")
    monkeypatch.chdir(tmp_path)
    relative = lib.save_article(make_article(location="page.html", url=None))
    assert relative == local and lib.find("page.html").id == local
    monkeypatch.chdir(other)              # same relative name, another file: not found
    assert lib.find("page.html") is None
    assert lib.find("999") is None


def test_location_key_normalises() -> None:
    assert location_key("HTTPS://Example.org#frag") == "https://example.org/"
    assert location_key("-", "abc") == location_key("", "abc") != location_key("-", "abd")
    assert location_key("relative/page.html").startswith("/")


def test_stdin_articles_dedupe_by_text(lib: Library) -> None:
    a = lib.save_article(make_article(location="-", url=None))
    b = lib.save_article(make_article(location="-", url=None))
    c = lib.save_article(make_article(location="-", url=None, text="Other text."))
    assert a == b != c


def test_list_sorts_and_tags(lib: Library) -> None:
    ids = [lib.save_article(make_article(location=f"https://e.org/{n}", title=t, site=s,
                                         published=p))
           for n, (t, s, p) in enumerate([("beta", "B", "2020-01-01"), ("Alpha", "C", None),
                                          ("gamma", "A", "2023-05-01")])]
    lib.mark_opened(ids[0])
    lib.set_position(ids[2], 10, 0.7)
    assert [r.title for r in lib.list_articles("title")] == ["Alpha", "beta", "gamma"]
    assert [r.site for r in lib.list_articles("site")] == ["A", "B", "C"]
    assert [r.title for r in lib.list_articles("published")] == ["gamma", "beta", "Alpha"]
    assert lib.list_articles("opened")[0].id == ids[0]
    assert lib.list_articles("saved")[0].id == ids[2]
    assert lib.list_articles("progress")[0].id == ids[2]
    assert len(lib.list_articles(limit=2)) == 2
    lib.add_tag(ids[1], " Reading  list ")
    lib.add_tag(ids[1], "reading list")
    assert [r.id for r in lib.list_articles(tag="READING LIST")] == [ids[1]]
    assert lib.all_tags() == [("reading list", 1)]
    lib.remove_tag(ids[1], "reading list")
    assert lib.list_articles(tag="reading list") == []
    with pytest.raises(StoreError):
        lib.list_articles("nonsense")
    with pytest.raises(StoreError):
        lib.add_tag(ids[0], "   ")


def test_delete_restore_and_purge(lib: Library) -> None:
    article_id = lib.save_article(make_article())
    lib.set_note(article_id, "keep me")
    lib.add_highlight(article_id, 0, 10)
    assert lib.delete(article_id)
    assert lib.get(article_id) is None and lib.list_articles() == []
    assert lib.search("keep") == []
    assert [r.id for r in lib.list_articles(deleted=True)] == [article_id]
    assert lib.restore(article_id)
    assert lib.get_note(article_id).body == "keep me"
    assert len(lib.list_highlights(article_id)) == 1
    assert lib.search("keep")[0].record.id == article_id
    assert not lib.restore(article_id)
    lib.delete(article_id)
    assert lib.purge_deleted(older_than=None) == 1
    assert lib.get(article_id, include_deleted=True) is None
    rows = lib.db.read(lambda c: c.execute("SELECT count(*) FROM notes").fetchone()[0])
    assert rows == 0  # foreign keys cascade


def test_saving_a_deleted_location_starts_fresh(lib: Library) -> None:
    article_id = lib.save_article(make_article())
    lib.set_note(article_id, "old")
    lib.delete(article_id)
    new_id = lib.save_article(make_article())
    assert new_id != article_id and lib.get_note(new_id) is None


def test_notes_set_append_and_noop(lib: Library) -> None:
    article_id = lib.save_article(make_article())
    assert lib.get_note(article_id) is None
    first = lib.append_note(article_id, "one\n")
    assert first.body == "one"
    second = lib.append_note(article_id, "two")
    assert second.body == "one\n\ntwo" and second.id == first.id
    same = lib.set_note(article_id, "one\n\ntwo")
    assert same.updated == second.updated  # nothing written
    changed = lib.set_note(article_id, "rewritten")
    assert changed.body == "rewritten" and changed.updated > second.updated
    with pytest.raises(StoreError):
        lib.append_note(12345, "nowhere")


def test_set_note_with_base_merges_concurrent_append(lib: Library) -> None:
    article_id = lib.save_article(make_article())
    lib.set_note(article_id, "draft")
    lib.append_note(article_id, "from the CLI")       # another process, meanwhile
    merged = lib.set_note(article_id, "draft, edited", base="draft")
    assert merged.body == "draft, edited\n\nfrom the CLI"


def test_merge_note_never_loses_words() -> None:
    assert merge_note("a", "a b", "a") == "a b"
    assert merge_note("a", "a", "a c") == "a c"
    assert merge_note("", "mine", "theirs") == "mine\n\ntheirs"
    both = merge_note("base", "mine", "theirs rewritten")
    assert "mine" in both and "theirs rewritten" in both


@given(st.text(max_size=30), st.text(max_size=30), st.text(max_size=30))
@settings(max_examples=200, deadline=None)
def test_merge_note_keeps_both_sides_property(base: str, mine: str, theirs: str) -> None:
    merged = merge_note(base, mine, theirs)
    if mine == base:                      # only the other side changed: it wins
        assert merged == theirs
        return
    assert mine.strip() in merged         # our edit is always kept
    extra = theirs[len(base.rstrip()):] if theirs.startswith(base.rstrip()) else theirs
    if theirs not in (base, mine):        # and so is every word the other side added
        assert extra.strip() in merged


def test_highlights_add_list_note_delete_restore(lib: Library) -> None:
    article_id = lib.save_article(make_article())
    start = TEXT.index("Highlights keep")
    end = TEXT.index(".", start) + 1
    h = lib.add_highlight(article_id, start, end, note="core idea")
    assert h.quote == "Highlights keep their quote and context."
    assert TEXT.endswith(h.suffix) is False and TEXT[end:].startswith(h.suffix)
    assert TEXT[:start].endswith(h.prefix)
    lib.set_highlight_note(h.id, "the core idea")
    assert lib.get_highlight(h.id).note == "the core idea"
    assert lib.get(article_id).highlight_count == 1
    removed = lib.delete_highlight(h.id)
    assert lib.list_highlights(article_id) == []
    lib.restore_highlight(removed)
    assert lib.list_highlights(article_id)[0].id == h.id
    with pytest.raises(StoreError):
        lib.add_highlight(article_id, 5, 5000)
    with pytest.raises(StoreError):
        lib.add_highlight(article_id, 10, 3)


def test_resaving_changed_text_reanchors_highlights(lib: Library) -> None:
    article_id = lib.save_article(make_article())
    start = TEXT.index("They find")
    h = lib.add_highlight(article_id, start, start + len("They find their place again."))
    new_text = "A new standfirst was added.\n\n" + TEXT.replace("Search finds", "Searching finds")
    lib.save_article(make_article(text=new_text))
    moved = lib.get_highlight(h.id)
    assert moved.anchored and new_text[moved.start:moved.end] == h.quote
    lib.save_article(make_article(text="Completely different text now, nothing in common."))
    lost = lib.get_highlight(h.id)
    assert lost is not None and not lost.anchored and lost.quote == h.quote
    report = lib.reanchor_highlights(article_id, new_text)
    assert report.moved == 1 and not report.lost
    assert lib.get_highlight(h.id).anchored


def test_search_fields_ranking_and_snippets(lib: Library) -> None:
    a = lib.save_article(make_article(location="https://e.org/1", title="Durable storage",
                                      text="Nothing to see here."))
    b = lib.save_article(make_article(location="https://e.org/2", title="Other",
                                      text="Storage appears in the body once."))
    c = lib.save_article(make_article(location="https://e.org/3", title="Third", text="Plain."))
    lib.set_note(c, "remember the zebra crossing")
    lib.add_highlight(b, 0, 7, note="platypus")
    assert [h.record.id for h in lib.search("storage")] == [a, b]  # title weighs more
    assert [h.record.id for h in lib.search("zebra")] == [c]
    assert "«zebra»" in lib.search("zebra")[0].snippet
    assert [h.record.id for h in lib.search("platypus")] == [b]
    assert [h.record.id for h in lib.search("zeb")] == [c]          # prefix as you type
    assert lib.search("zeb ") == []                                  # a finished word is exact
    assert lib.search("durable STORAGE")[0].record.id == a           # all words, any case
    lib.set_note(c, "no animals any more")
    assert lib.search("zebra") == []                                 # triggers keep FTS in sync
    lib.add_tag(a, "keep")
    assert [h.record.id for h in lib.search("storage", tag="keep")] == [a]


@pytest.mark.parametrize("query", [
    '"', '""', "'", "AND", "OR NOT", "NEAR(a b)", "*", "title:x", "^start", "a -b", "(", ")",
    "\x00", "\x1b[2J", "col:", '" OR 1=1 --', "'; DROP TABLE articles; --", "\\", "{a b}",
    "é́", "🦊", "   ", "", "a" * 5000, "NEAR/3", "+", "-", ".", "x:y:z",
])
def test_hostile_queries_are_safe(lib: Library, query: str) -> None:
    lib.save_article(make_article())
    lib.search(query)  # never raises
    assert lib.count() == 1


@given(st.text(max_size=60))
@settings(max_examples=150, deadline=None)
def test_any_query_string_is_safe(query: str) -> None:
    library = store.open(data_dir() / "hypothesis.sqlite3")
    try:
        if library.count() == 0:
            library.save_article(make_article())
        library.search(query)
        fts = fts_query(query)
        assert fts is None or fts.startswith('"')
    finally:
        library.close()


def test_unknown_article_errors_are_store_errors(lib: Library) -> None:
    with pytest.raises(StoreError, match="no article 77"):
        lib.load_article(77)
    with pytest.raises(StoreError):
        lib.add_highlight(77, 0, 1)
    assert lib.get_position(77) is None
    assert lib.load_page(77) is None


def test_threads_share_one_library(lib: Library) -> None:
    article_id = lib.save_article(make_article())

    def worker(n: int) -> None:
        for i in range(20):
            lib.append_note(article_id, f"t{n}-{i}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    body = lib.get_note(article_id).body
    assert all(f"t{n}-{i}" in body.split("\n\n") for n in range(4) for i in range(20))


def test_write_retries_while_another_connection_holds_the_lock(lib: Library) -> None:
    article_id = lib.save_article(make_article())
    other = sqlite3.connect(lib.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    timer.start()
    try:
        lib.db.conn.execute("PRAGMA busy_timeout = 50")  # force the retry loop, not the handler
        note = lib.append_note(article_id, "waited")
        assert note.body == "waited"
    finally:
        timer.join()
        other.close()


def test_failed_transaction_rolls_back(lib: Library) -> None:
    article_id = lib.save_article(make_article())

    def boom(conn):
        conn.execute("UPDATE articles SET title = 'changed' WHERE id = ?", (article_id,))
        raise RuntimeError("midway")

    with pytest.raises(RuntimeError):
        lib.db.write(boom)
    assert lib.get(article_id).title == "Durable notes"
    assert lib.search("changed") == []


def test_search_and_save_stay_fast_on_a_huge_article(lib: Library) -> None:
    import time
    text = "\n\n".join(f"Paragraph {i} repeats the word zebra and more." for i in range(60_000))
    started = time.perf_counter()
    article_id = lib.save_article(make_article(text=text))
    saved = time.perf_counter() - started
    started = time.perf_counter()
    [hit] = lib.search("zebra")
    searched = time.perf_counter() - started
    assert hit.record.id == article_id and "«zebra»" in hit.snippet and len(hit.snippet) < 200
    assert saved < 5 and searched < 2, (saved, searched)
    assert lib.load_article(article_id).text == text


def test_make_snippet_marks_words_and_prefers_notes() -> None:
    from reader.store.search import make_snippet
    fields = ("my note about Otters", "Body text about otters and seals. " * 10, "Title")
    assert make_snippet(fields, ["otters"]) == "my note about «Otters»"
    assert make_snippet(fields, ["seal"], prefix_last=True).endswith("…")
    assert "«seals»" in make_snippet(fields, ["seal"], prefix_last=True)
    assert make_snippet(fields, ["seal"]) == ""          # whole words unless prefix
    assert make_snippet(("a\x1b[31mred\x1b[0m word",), ["word"]) == "a[31mred[0m «word»"
