"""`reader library list` (every entry, filtered by state and tag, JSON Lines with what is
still to fetch) and `reader library reextract` (today's extractor on the saved originals:
highlights re-anchored, the lost ones kept and flagged, notes untouched, a count)."""

from __future__ import annotations

import json
from pathlib import Path

from reader import store
from reader.cli import main
from reader.core.models import Article, Page

IMPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_streams_every_entry_with_its_state_tags_counts_and_fetch(capsys) -> None:
    assert cli(capsys, "import", str(IMPORTS / "instapaper" / "instapaper-export.csv"))[0] == 0
    with store.open() as lib:
        octopus = lib.find("https://science.example.org/octopus")
        lib.set_note(octopus.id, "Arms that taste!")
        item = lib.fetch_queue.claim(1, only=[lib.fetch_queue.get(octopus.url).id])[0]
        lib.fetch_queue.failed(item.id, "The server answered 404 Not Found for it.")
    code, out, _ = cli(capsys, "library", "list", "--json")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 5
    assert [line["saved"] for line in lines] == sorted((x["saved"] or "" for x in lines),
                                                       reverse=True)
    first = next(x for x in lines if x["url"] == "https://science.example.org/octopus")
    assert set(first) == {"id", "url", "location", "title", "site", "saved", "state",
                          "starred", "tags", "progress", "notes", "highlights", "fetch"}
    assert (first["title"], first["tags"], first["notes"], first["highlights"]) == (
        "How Octopuses Taste", ["biology", "oceans"], 1, 0)
    assert first["fetch"] == {"state": "failed", "attempts": 1,
                              "error": "The server answered 404 Not Found for it."}
    quiet = next(x for x in lines if x["url"] == "https://books.example.com/reviews/quiet")
    assert quiet["state"] == "archived" and quiet["fetch"]["state"] == "queued"
    code, out, _ = cli(capsys, "library", "list", "--state", "archived")
    assert code == 0 and len(out.splitlines()) == 1 and "A Quiet Review" in out
    code, out, _ = cli(capsys, "library", "list", "--state", "starred", "--json")
    assert [json.loads(x)["title"] for x in out.splitlines()] == ["On Walking"]
    code, out, _ = cli(capsys, "library", "list", "--tag", "oceans")
    assert "How Octopuses Taste" in out and "fetch failed: The server answered 404" in out
    assert "tags: biology, oceans" in out and "note" in out
    code, out, _ = cli(capsys, "library", "list", "--tag", "none-such", "--json")
    assert code == 0 and out == ""


def test_list_of_a_fetched_article_has_no_fetch_state(capsys, fixtures_dir: Path) -> None:
    page = fixtures_dir / "store" / "article.html"
    cli(capsys, "notes", "add", str(page), "hello")
    code, out, _ = cli(capsys, "library", "list", "--json")
    [line] = [json.loads(x) for x in out.splitlines()]
    assert line["fetch"] is None and line["url"] is None and line["location"] == str(page)
    assert line["title"] == "Keeping Notes That Last"


OLD_TEXT = ("Keeping Notes That Last\n\nHome | News | Subscribe\n\nA local library keeps "
            "every note on your own disk.\n\nShare this article on social media")


def test_reextract_replaces_old_extractions_and_keeps_every_highlight(capsys,
                                                                       fixtures_dir: Path) -> None:
    """An entry saved by an older, worse extractor (menu and share line in the text): today's
    extractor runs on its original; the highlight on article words moves with them, the one
    on the share line cannot be placed and is kept, flagged; the note stays."""
    original = (fixtures_dir / "store" / "article.html").read_bytes()
    url = "https://notes.example.org/last"
    with store.open() as lib:
        article_id = lib.save_article(Article(text=OLD_TEXT, title="Keeping Notes That Last",
                                              url=url, location=url),
                                      Page(url, original, final_url=url), location=url)
        lib.set_note(article_id, "My note stays.")
        start = OLD_TEXT.index("A local library")
        kept = lib.add_highlight(article_id, start, start + len("A local library keeps"))
        start = OLD_TEXT.index("Share this article")
        lost = lib.add_highlight(article_id, start, start + len("Share this article"))
        no_page = lib.save_article(Article(text="Only text, no original page was kept for "
                                                "this one.", title="Bare"),
                                   location="https://bare.example.org/")
    code, _, err = cli(capsys, "library", "reextract", "--all")
    assert code == 0, err
    assert err.splitlines()[-1] == (
        "reader library: re-extracted 1 article: 1 text changed; highlights: 0 kept, 1 moved, "
        "1 could not be placed (kept, flagged); 1 without a saved page (left as they were).")
    with store.open() as lib:
        text = lib.load_article(article_id).text
        assert "Home | News" not in text and "A local library keeps every note" in text
        moved = lib.get_highlight(kept.id)
        assert moved.anchored and text[moved.start:moved.end] == "A local library keeps"
        flagged = lib.get_highlight(lost.id)
        assert not flagged.anchored and flagged.quote == "Share this article"
        assert lib.get_note(article_id).body == "My note stays."
        assert lib.load_article(no_page).text.startswith("Only text")
    code, _, err = cli(capsys, "library", "reextract", str(article_id))   # again: no change
    assert code == 0 and "0 texts changed; highlights: 1 kept, 0 moved" in err


def test_reextract_names_what_it_cannot_find(capsys) -> None:
    for ref in ("99999999999999999999999", "https://nowhere.example/", "-3"):
        code, out, err = cli(capsys, "library", "reextract", ref)
        assert code == 1 and out == "" and err.count("\n") == 1
        assert "No article in the library matches" in err


def test_list_shows_the_percentage_read_as_the_app_does() -> None:
    from types import SimpleNamespace

    from reader.commands.library import entry_line
    from reader.ui.wording import progress_percent

    for progress, shown in ((0.0652, "6% read"), (0.995, "99% read"), (1.0, "100% read")):
        record = SimpleNamespace(id=4, state="unread", starred=False, title="Why Kettles Sing", link=None,
                                 site="Kitchen Physics", host=None, progress=progress, note_chars=0,
                                 highlight_count=0, tags=[])
        assert shown in entry_line(record)
        assert f"{progress_percent(progress)}% read" == shown


def test_reextract_keeps_the_reading_the_reader_chose(capsys, fixtures_dir: Path) -> None:
    """A reader who pressed `x` to another reading keeps it through a re-extraction: the
    entry's text is the page read that way again, not the extractor's first reading."""
    from reader.core.pipeline import Pipeline

    path = fixtures_dir / "ui" / "readings.html"
    pipeline = Pipeline()
    page, first = pipeline.read(str(path))
    chosen = pipeline.extract_candidate(page, "trafilatura")
    assert "grandfather" in first.text and "grandfather" not in chosen.text
    with store.open() as lib:
        article_id = lib.save_article(first, page, location=str(path))
        lib.choose_candidate(article_id, chosen, "trafilatura")
    for argv in (("--all",), (str(article_id),)):
        code, _, err = cli(capsys, "library", "reextract", *argv)
        assert code == 0, err
        with store.open() as lib:
            assert lib.get(article_id).candidate == "trafilatura"
            assert lib.load_article(article_id).text == chosen.text
