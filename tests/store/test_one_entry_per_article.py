"""The same article opened by file, by URL and from stdin is one library entry with all its
notes; recognised by location, URL, canonical URL, then a fingerprint of its text."""

from __future__ import annotations

from pathlib import Path

from library_fixtures import LONG_TEXT, article

from reader.core.models import Page
from reader.store import Library
from reader.store.identity import FINGERPRINT_MIN_CHARS, fold_text, text_fingerprint

URL = "https://news.example.org/2024/notes-that-last"


def test_file_then_url_then_stdin_is_one_entry(lib: Library, tmp_path: Path) -> None:
    saved = tmp_path / "saved.html"
    saved.write_text("<p>x</p>")
    first = lib.save_article(article(str(saved), canonical_url=URL), Page(str(saved), b"<p>x</p>"))
    lib.set_note(first, "written while reading the file")
    start = LONG_TEXT.index("Highlights keep")
    lib.add_highlight(first, start, start + 20)
    lib.add_tag(first, "durability")
    lib.set_position(first, 120, 0.4)
    by_url = lib.save_article(article(URL), Page(URL, b"<html>fetched</html>", final_url=URL))
    # a text dump read from stdin: same words, wrapped lines, typographic quotes
    dump = LONG_TEXT.replace("reader's", "reader\u2019s").replace(", and", ",\nand")
    by_stdin = lib.save_article(article("-", text=dump), opened=True)
    assert first == by_url == by_stdin
    assert lib.count() == 1
    record = lib.get(first)
    assert record is not None
    assert record.location == str(saved) and record.tags == ["durability"]
    assert lib.get_note(first).body == "written while reading the file"
    assert [h.anchored for h in lib.list_highlights(first)] == [True]
    assert lib.get_position(first).position == 120
    for where in (str(saved), URL, URL + "#comments", "HTTPS://NEWS.example.org/2024/notes-that-last"):
        assert lib.find(where).id == first, where
    assert set(lib.locations(first)) >= {URL, "-"}
    assert lib.load_page(first).body == b"<p>x</p>"   # the first original is kept


def test_stored_text_follows_what_was_opened_last(lib: Library) -> None:
    """The app shows highlights on the text it just extracted, so that text is stored."""
    first = lib.save_article(article(URL))
    quote_start = LONG_TEXT.index("Search finds")
    h = lib.add_highlight(first, quote_start, quote_start + len("Search finds titles"))
    wrapped = LONG_TEXT.replace("\n\n", "\n\n\n").replace(", so", ",\nso")  # a dump's lines
    again = lib.save_article(article("-", text=wrapped))
    assert again == first
    assert lib.load_article(first).text == wrapped
    moved = lib.get_highlight(h.id)
    assert moved.anchored and wrapped[moved.start:moved.end] == "Search finds titles"


def test_a_text_dump_with_extra_standfirst_is_not_the_same_fingerprint() -> None:
    assert text_fingerprint(LONG_TEXT) != text_fingerprint("Standfirst.\n\n" + LONG_TEXT)
    assert text_fingerprint(LONG_TEXT) == text_fingerprint(
        "  " + LONG_TEXT.replace(" ", "\n").upper().replace("'", "\u2019") + "\u200b")
    assert fold_text("A  b\u00a0C") == "abc"


def test_short_texts_never_merge_unrelated_urls(lib: Library) -> None:
    denied = "Access denied. Please enable cookies."
    assert len(fold_text(denied)) < FINGERPRINT_MIN_CHARS and text_fingerprint(denied) is None
    a = lib.save_article(article("https://a.example/1", text=denied))
    b = lib.save_article(article("https://b.example/2", text=denied))
    assert a != b and lib.count() == 2


def test_canonical_url_joins_routes_but_not_other_pages_of_a_series(lib: Library) -> None:
    page_one = lib.save_article(article("https://e.example/story?page=1",
                                        canonical_url="https://e.example/story"))
    amp = lib.save_article(article("https://e.example/amp/story", text=LONG_TEXT + "\n\nShare.",
                                   canonical_url="https://e.example/story"))
    assert amp == page_one            # same words, another address
    page_two = lib.save_article(article(
        "https://e.example/story?page=2", canonical_url="https://e.example/story",
        text="Part two is about something else entirely: tides, harbours and the moon, with "
             "not one sentence shared with the first page of the story, which matters here."))
    assert page_two != page_one


def test_canonical_home_page_is_ignored(lib: Library) -> None:
    a = lib.save_article(article("https://blog.example/one", canonical_url="https://blog.example/"))
    b = lib.save_article(article("https://blog.example/two", canonical_url="https://blog.example/",
                                 text="A different post with words of its own entirely."))
    assert a != b


def test_final_url_after_a_redirect_finds_the_entry(lib: Library) -> None:
    short = "https://sho.rt/x"
    first = lib.save_article(article(short, url=None), Page(short, b"<p/>", final_url=URL))
    assert lib.find(URL).id == first
    text = "Completely rewritten since: " + LONG_TEXT[::-1]
    assert lib.save_article(article(URL, text=text)) == first


def test_trashed_entries_are_not_joined(lib: Library, tmp_path: Path) -> None:
    first = lib.save_article(article(URL))
    lib.set_note(first, "old")
    assert lib.delete(first)
    other = lib.save_article(article(str(tmp_path / "copy.html")))   # same text, in the trash
    assert other != first and lib.get_note(other) is None
    assert lib.restore(first) and lib.count() == 2


def test_reopening_the_same_location_updates_metadata_another_route_only_fills_gaps(
        lib: Library) -> None:
    first = lib.save_article(article(URL, title="", byline=None, site="Example News"))
    lib.save_article(article("-", title="Guessed from the dump", byline="Ada"))
    record = lib.get(first)
    assert (record.title, record.byline, record.site) == ("Guessed from the dump", "Ada",
                                                          "Example News")
    lib.save_article(article("-", title="Another guess", site="Dump"))
    assert lib.get(first).title == "Guessed from the dump"          # not overwritten
    lib.save_article(article(URL, title="Real title", site="Example News"))
    assert lib.get(first).title == "Real title"                      # same way: follows the page


def test_malformed_urls_never_raise(lib: Library) -> None:
    bad = "http://[oops/page"
    article_id = lib.save_article(article(bad, canonical_url="https://[also-bad/x"))
    assert lib.find(bad).id == article_id and lib.get(article_id).host is None
    assert lib.find("https://[nothing") is None
    assert lib.search("site:[oops") == []
