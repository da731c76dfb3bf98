"""`reader import FILE...`: every export format merged into the library through the command
line, one summary line per file, idempotent, never overwriting, all or nothing per file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from reader import store
from reader.cli import main

IMPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["import", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def pocket_zip(folder: Path) -> Path:
    """Pocket's 2025 export: two CSV parts and the annotations part, as Pocket names them."""
    path = folder / "pocket.zip"
    with zipfile.ZipFile(path, "w") as z:
        for part in ("part_000000.csv", "part_000001.csv"):
            z.write(IMPORTS / "pocket" / part, part)
        z.write(IMPORTS / "pocket" / "annotations_part_000000.json",
                "annotations/part_000000.json")
    return path


def omnivore_zip(folder: Path) -> Path:
    path = folder / "omnivore-export.zip"
    source = IMPORTS / "omnivore"
    with zipfile.ZipFile(path, "w") as z:
        for member in sorted(source.rglob("*")):
            if member.is_file():
                z.write(member, member.relative_to(source).as_posix())
    return path


def records() -> dict[str, store.ArticleRecord]:
    with store.open() as lib:
        return {r.url or r.location: r for r in lib.iter_articles()}


def test_pocket_zip_brings_states_tags_and_highlights(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, str(pocket_zip(tmp_path)))
    assert code == 0 and out == ""
    first = err.splitlines()[0]
    assert first.startswith("reader import: ") and "pocket.zip: 6 new, 0 merged, 0 skipped" in first
    assert "2 queued" not in first and "6 queued for `reader fetch`" in first
    assert "3 highlights (3 placed once their page is fetched)" in first   # nothing lost yet
    assert "not found in the text" not in first
    found = records()
    tides = found["https://energy.example.net/tides?ref=feed"]
    assert tides.state == "archived" and tides.title == "Notes on Tidal Power"
    assert found["https://bakery.example.org/slow-bread"].tags == ["food", "weekend"]
    assert found["https://bakery.example.org/slow-bread"].saved == "2023-11-14T22:13:20Z"
    assert found["https://second.example.com/part"].state == "unread"
    only = found["https://gone.example.com/only-annotated"]   # annotated, not in the CSV
    with store.open() as lib:
        quotes = [h.quote for h in lib.list_highlights(tides.id)]
        assert quotes == ["The moon does the heavy lifting.",
                          "Turbines sit where the channel narrows."]
        assert all(not h.anchored for h in lib.list_highlights(tides.id))  # no text yet
        assert len(lib.list_highlights(only.id)) == 1
        assert lib.fetch_queue.counts()["queued"] == 6


def test_pocket_legacy_html(capsys) -> None:
    code, _, err = run(capsys, str(IMPORTS / "pocket" / "ril_export.html"))
    assert code == 0
    assert "3 new, 0 merged, 1 skipped (line 18: the URL 'javascript:alert(1)' is not a web " \
           "address" in err
    found = records()
    assert found["https://music.example.net/fugue"].state == "archived"
    assert found["https://garden.example.org/compost"].tags == ["garden", "how-to"]


def test_omnivore_zip_opens_offline_with_anchored_highlights(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, str(omnivore_zip(tmp_path)))
    assert code == 0, err
    assert "3 new" in err and "this item was deleted in Omnivore" in err
    assert "1 with their page" in err and "3 highlights" in err
    river = records()["https://history.example.org/river-calendar"]
    assert (river.state, river.progress, river.tags) == ("archived", 1.0, ["history", "long read"])
    with store.open() as lib:
        text = lib.load_article(river.id).text
        assert "The river kept its own calendar." in text
        assert lib.load_page(river.id) is not None
        marks = lib.list_highlights(river.id)
        assert len(marks) == 3 and all(h.anchored for h in marks)
        kept = next(h for h in marks if h.quote == "The river kept its own calendar.")
        assert text[kept.start:kept.end] == kept.quote
        assert "Compare with the Nile chapter." in kept.note and "#rivers" in kept.note
        assert lib.get_note(river.id).body.startswith("My overall take")
        assert lib.fetch_queue.get(river.url) is None        # nothing to fetch: it came whole
        assert lib.fetch_queue.get("https://city.example.com/small-shops").state == "queued"


def test_a_highlight_missing_from_a_shipped_page_is_said_apart_from_one_waiting(
        capsys, tmp_path: Path) -> None:
    entry = {"title": "Dark skies", "url": "https://astro.example.org/dark", "is_archived": 0,
             "is_starred": 0, "tags": [], "created_at": "2024-01-15T10:30:00+0100",
             "content": "<article><h1>Dark skies</h1><p>Every line of sight would end on a "
                        "star, and yet the night is dark. The universe is neither infinite "
                        "nor eternal.</p></article>",
             "annotations": [{"text": "", "quote": "the night is dark", "ranges": []},
                             {"text": "", "quote": "a sentence the page never had", "ranges": []}]}
    waiting = {**entry, "url": "https://astro.example.org/later", "content": "",
               "annotations": [{"text": "", "quote": "kept for later", "ranges": []}]}
    path = tmp_path / "wallabag.json"
    path.write_text(json.dumps([entry, waiting]), encoding="utf-8")
    code, _, err = run(capsys, str(path))
    assert code == 0, err
    assert ("3 highlights (1 not found in the text, kept; 1 placed once their page is "
            "fetched)") in err
    assert "1 with their page" in err and "1 queued for `reader fetch`" in err


def test_instapaper_folders_become_states_and_tags(capsys) -> None:
    code, _, err = run(capsys, str(IMPORTS / "instapaper" / "instapaper-export.csv"))
    assert code == 0
    assert "5 new" in err and "line 6: the URL 'not a url'" in err
    assert "1 value left out (line 7: timestamp 'yesterday' is not a date)" in err
    found = records()
    assert found["https://books.example.com/reviews/quiet"].state == "archived"
    assert found["https://essays.example.net/on-walking"].starred
    assert found["https://cooking.example.com/stock"].tags == ["kitchen"]
    assert found["https://science.example.org/octopus"].tags == ["biology", "oceans"]
    code, _, err = run(capsys, str(IMPORTS / "instapaper" / "instapaper-old.csv"))
    assert code == 0 and "skipped" in err


def test_wallabag_content_annotations_and_flags(capsys) -> None:
    code, _, err = run(capsys, str(IMPORTS / "wallabag" / "wallabag-export.json"))
    assert code == 0
    sky = records()["https://astro.example.org/olbers"]
    assert sky.state == "archived" and sky.starred and sky.tags == ["science", "space"]
    assert sky.byline == "Vera Lumen, Olaf Stern" and sky.lang == "en"
    with store.open() as lib:
        article = lib.load_article(sky.id)
        [h] = lib.list_highlights(sky.id)
        assert h.anchored and article.text[h.start:h.end] == h.quote
        assert h.note == "Olbers' paradox, in one line."
        assert h.created == "2024-01-15T10:00:00Z"


def test_readwise_reader_and_highlights(capsys) -> None:
    code, _, err = run(capsys, str(IMPORTS / "readwise" / "reader-export.csv"))
    assert code == 0 and "feed item" in err
    code, _, err = run(capsys, str(IMPORTS / "readwise" / "highlights.csv"))
    assert code == 0 and "2 new" in err and "5 highlights" in err and "not found" not in err
    with store.open() as lib:
        book = next(r for r in lib.iter_articles() if r.title == "The Slow Book")
        assert book.url is None and book.byline == "Mara Ellison"
        assert book.tags == ["favorites", "nonfiction"]
        marks = lib.list_highlights(book.id)
        assert len(marks) == 3 and all(h.anchored for h in marks)   # the book's text is them
        first = next(h for h in marks if h.quote == "Attention is trained, not given.")
        assert first.note.startswith("Key idea") and "#focus" in first.note
    code, _, err = run(capsys, str(IMPORTS / "readwise" / "highlights.csv"))
    assert "0 new, 0 merged, 2 already in the library" in err


def test_bookmarks_folders_become_tags(capsys) -> None:
    code, _, err = run(capsys, str(IMPORTS / "bookmarks" / "bookmarks.html"))
    assert code == 0 and "6 new" in err and "javascript:" in err
    assert any(r.tags for r in records().values())


def test_importing_twice_adds_nothing(capsys, tmp_path: Path) -> None:
    path = str(pocket_zip(tmp_path))
    run(capsys, path)
    with store.open() as lib:
        before = [(r.id, r.tags, r.state, r.updated, r.highlight_count)
                  for r in lib.iter_articles()]
    code, _, err = run(capsys, path)
    assert code == 0 and "0 new, 0 merged, 6 already in the library, 0 skipped" in err
    assert "queued" not in err
    with store.open() as lib:
        assert [(r.id, r.tags, r.state, r.updated, r.highlight_count)
                for r in lib.iter_articles()] == before


def test_an_article_already_in_the_library_is_merged_never_overwritten(capsys) -> None:
    url = "https://astro.example.org/olbers"
    with store.open() as lib:
        from reader.core.models import Article
        text = ("Why the Sky Is Dark at Night\n\nIf the universe were infinite and eternal, "
                "every line of sight would end on a star.\n\nIt is not, and so the night is dark.")
        article_id = lib.save_article(Article(text=text, title="My own title", url=url,
                                              location=url), location=url)
        lib.set_note(article_id, "My own note.")
        lib.add_tag(article_id, "mine")
        start = text.index("every line")
        lib.add_highlight(article_id, start, start + len("every line of sight would end on a "
                                                          "star"))
    code, _, err = run(capsys, str(IMPORTS / "wallabag" / "wallabag-export.json"))
    assert code == 0 and "2 new, 1 merged" in err
    with store.open() as lib:
        record = lib.get(article_id)
        assert record.title == "My own title"                         # not overwritten
        assert record.tags == ["mine", "science", "space"]            # united
        assert record.state == "archived" and record.starred          # moved forward
        assert lib.get_note(article_id).body == "My own note."
        [h] = lib.list_highlights(article_id)                          # same quote, same place
        assert h.note == "Olbers' paradox, in one line."               # its note came along


def test_a_malformed_file_changes_nothing(capsys, tmp_path: Path) -> None:
    good = "".join(f'<li><a href="https://ok.example.org/{n}" time_added="1600000000">Item {n}'
                   "</a></li>\n" for n in range(2500))   # more than one batch goes in first
    broken = tmp_path / "ril_export.html"
    broken.write_text("<!DOCTYPE html><html><head><title>Pocket Export</title></head><body>"
                      f"<h1>Unread</h1><ul>\n{good}<li><a href=\"https://x.example.org/\" "
                      "time_added=\"1\" " + "a" * 2_000_000, encoding="utf-8")
    code, _, err = run(capsys, str(broken))
    assert code == 1 and err.count("\n") == 1
    assert "ril_export.html: nothing was imported: " in err
    with store.open() as lib:
        assert lib.count() == 0 and lib.fetch_queue.counts()["queued"] == 0


def test_files_that_are_no_export_fail_in_one_line_each(capsys, tmp_path: Path,
                                                       fixtures_dir: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    page = fixtures_dir / "store" / "article.html"
    code, _, err = run(capsys, str(empty), str(page), str(tmp_path / "missing.zip"),
                       str(IMPORTS / "pocket" / "part_000001.csv"))
    lines = err.splitlines()
    assert code == 1 and len(lines) == 5, err
    assert "empty.csv: nothing was imported: the file is empty." in lines[0]
    assert "article.html: nothing was imported: " in lines[1] and "saved web page" in lines[1]
    assert "missing.zip: nothing was imported: Could not read" in lines[2]
    assert "part_000001.csv: 1 new" in lines[3]                   # the others still run
    assert "waiting in the fetch queue" in lines[4]


def test_a_forced_format_that_does_not_fit_is_refused(capsys) -> None:
    code, _, err = run(capsys, "--format", "wallabag", str(IMPORTS / "pocket" / "part_000000.csv"))
    assert code == 1 and "nothing was imported" in err and err.count("\n") == 1
    code, _, err = run(capsys, "--format", "pocket", str(IMPORTS / "pocket" / "part_000000.csv"))
    assert code == 0 and "4 new" in err


def test_json_report_per_file(capsys) -> None:
    code, out, _ = run(capsys, "--json", str(IMPORTS / "instapaper" / "instapaper-export.csv"),
                       str(IMPORTS / "instapaper" / "instapaper-export.csv"))
    first, second = (json.loads(line) for line in out.splitlines())
    assert (first["format"], first["new"], first["queued"]) == ("instapaper", 5, 5)
    assert first["skipped"] == [{"where": "line 6", "reason": "the URL 'not a url' is not a "
                                 "web address (http or https)"}]
    assert first["dropped"][0]["where"] == "line 7" and first["error"] is None
    assert (second["new"], second["unchanged"], second["queued"]) == (0, 5, 0)


@pytest.mark.parametrize("hostile", ["\x1b]52;c;ZXZpbA==\x07", "\u202e"])
def test_summary_lines_are_clean(capsys, tmp_path: Path, hostile: str) -> None:
    path = tmp_path / f"pocket{hostile}.csv"
    path.write_text("title,url,time_added,tags,status\n"
                    f"T{hostile},https://x.example.org/{hostile},1600000000,,unread\n"
                    f"x,not a web address {hostile},1600000000,,unread\n", encoding="utf-8")
    code, _, err = run(capsys, str(path))
    assert code == 0 and "\x1b" not in err and "\u202e" not in err and "1 new" in err
