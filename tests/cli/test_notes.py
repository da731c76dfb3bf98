"""`reader notes add|list|export`: the command-line contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader import store
from reader.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def page(fixtures_dir: Path) -> Path:
    return fixtures_dir / "store" / "article.html"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["notes", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_add_saves_a_new_article_then_appends(capsys, monkeypatch, page: Path) -> None:
    code, out, err = run(capsys, "add", str(page), "first", "thought")
    assert code == 0, err
    note_id = out.strip()   # the article's library id, what `notes list` and `export` take
    assert note_id.isdigit()
    code, out, _ = run(capsys, "add", str(page), "second thought")
    assert code == 0 and out.strip() == note_id
    with store.open() as lib:
        [record] = lib.list_articles()
        assert str(record.id) == note_id
        assert record.title == "Keeping Notes That Last"
        assert record.location == str(page)
        assert lib.get_note(record.id).body == "first thought\n\nsecond thought"
        assert lib.load_page(record.id).body == page.read_bytes()   # original kept
    # by id and by relative path too
    code, out, _ = run(capsys, "add", str(record.id), "third")
    assert code == 0 and out.strip() == note_id
    monkeypatch.chdir(page.parent)
    code, out, _ = run(capsys, "add", page.name, "fourth")
    assert code == 0 and out.strip() == note_id


def test_add_stores_the_summary_so_the_export_computes_none(capsys, page: Path) -> None:
    code, out, _ = run(capsys, "add", str(page), "a thought")
    assert code == 0
    code, markdown, err = run(capsys, "export", out.strip())
    assert code == 0 and "## Summary" in markdown
    assert "computed" not in err, err


def test_add_reads_text_from_stdin(capsys, monkeypatch, page: Path) -> None:
    import io
    monkeypatch.setattr(sys, "stdin", io.StringIO("from stdin\nwith two lines\n"))
    code, _, err = run(capsys, "add", str(page), "-")
    assert code == 0, err
    with store.open() as lib:
        assert lib.get_note(lib.list_articles()[0].id).body == "from stdin\nwith two lines"


def test_add_errors_are_one_line(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "add", str(tmp_path / "missing.html"), "text")
    assert code == 1 and out == ""
    assert err.startswith("reader notes: ") and err.count("\n") == 1
    code, _, err = run(capsys, "add", "ftp://example.org/x", "text")
    assert code == 1 and err.count("\n") == 1
    code, _, err = run(capsys, "add", "-", "-")
    assert code == 1 and "stdin" in err


def test_list_text_and_json(capsys, page: Path) -> None:
    run(capsys, "add", str(page), "a note about \x1b]52;c;evil\x07 durability")
    with store.open() as lib:
        article_id = lib.list_articles()[0].id
        text = lib.load_article(article_id).text
        start = text.index("Search ties")
        lib.add_highlight(article_id, start, start + len("Search ties the library together."),
                          note="key point")
        lib.save_article(lib.load_article(article_id), location="https://other.example/")
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "Keeping Notes That Last" in out and "1 highlight" in out
    assert "other.example" not in out   # only annotated articles are listed
    assert "\x1b" not in out
    code, out, _ = run(capsys, "list", "--json")
    lines = out.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data["id"] == article_id and data["note"]["body"].startswith("a note about")
    assert "\x1b" not in data["note"]["body"]
    assert data["highlights"][0]["quote"] == "Search ties the library together."
    assert data["highlights"][0]["note"] == "key point"
    code, out, _ = run(capsys, "list", str(article_id))
    assert "[highlight" in out and "key point" in out and "[note" in out
    code, out, err = run(capsys, "list", "https://nowhere.example/")
    assert code == 1 and "No article" in err


def test_export_markdown_to_stdout_and_file(capsys, page: Path, tmp_path: Path) -> None:
    run(capsys, "add", str(page), "My closing thought.")
    with store.open() as lib:
        article_id = lib.list_articles()[0].id
        text = lib.load_article(article_id).text
        start = text.index("The durable approach")
        lib.add_highlight(article_id, start, text.index(".", start) + 1, note="Transactions!")
        lib.add_tag(article_id, "durability")
    code, out, _ = run(capsys, "export")
    assert code == 0
    assert out.startswith("---\ntitle: \"Keeping Notes That Last\"\n")
    front, body = out[4:].split("\n---\n", 1)
    assert 'author: "Ada Example"' in front and "published: 2024-03-05" in front
    assert f'url: "{page.resolve()}"' in front and "saved: 20" in front
    assert 'tags: ["durability"]' in front
    assert "## Summary" in body
    assert "> The durable approach writes each change in a transaction." in body
    assert body.index("> The durable") < body.index("Transactions!") < body.index("## Notes")
    assert body.rstrip().endswith("My closing thought.")
    target = tmp_path / "out" / "notes.md"
    target.parent.mkdir()
    code, out, err = run(capsys, "export", "--output", str(target), str(article_id))
    assert code == 0 and out == "" and "exported 1 article" in err
    assert target.read_text(encoding="utf-8").startswith("---\ntitle:")
    assert [p.name for p in target.parent.iterdir()] == ["notes.md"]   # no temporary left


def test_export_json_holds_everything(capsys, page: Path) -> None:
    run(capsys, "add", str(page), "json note")
    code, out, _ = run(capsys, "export", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "reader-notes" and data["version"] == 1
    [article] = data["articles"]
    assert article["title"] == "Keeping Notes That Last"
    assert article["note"]["body"] == "json note"
    assert "A local library keeps every note" in article["article"]["text"]
    assert article["article"]["blocks"]
    assert article["summary"]["sentences"]
    for s in article["summary"]["sentences"]:
        assert article["article"]["text"][s["start"]:s["end"]] == s["text"]
    assert {"saved", "position", "progress", "tags", "location"} <= set(article)
    assert "page" not in article
    code, out, _ = run(capsys, "export", "--format", "json", "--pages")
    import base64
    page_json = json.loads(out)["articles"][0]["page"]
    assert base64.b64decode(page_json["data"]) == page.read_bytes()
    code, _, err = run(capsys, "export", "--pages")
    assert code == 1 and "--format json" in err


def test_export_of_empty_library_and_unknown_article(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "export", "--format", "json")
    assert code == 0 and json.loads(out)["articles"] == [] and "no article" in err
    code, out, err = run(capsys, "export", "42")
    assert code == 1 and "No article" in err


def test_export_output_failure_keeps_the_old_file(capsys, page: Path, tmp_path: Path) -> None:
    run(capsys, "add", str(page), "x")
    code, _, err = run(capsys, "export", "--output", str(tmp_path / "no" / "such" / "dir.md"))
    assert code == 1 and err.startswith("reader notes: ")


def test_notes_requires_an_action() -> None:
    with pytest.raises(SystemExit) as info:
        main(["notes"])
    assert info.value.code == 2


def test_console_contract_in_a_subprocess(page: Path, tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    add = subprocess.run([sys.executable, "-m", "reader", "notes", "add", str(page), "sub"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert add.returncode == 0 and add.stdout.strip().isdigit()
    out = tmp_path / "n.json"
    exp = subprocess.run([sys.executable, "-m", "reader", "notes", "export", "-f", "json",
                          "-o", str(out)], capture_output=True, text=True, env=env, timeout=60)
    assert exp.returncode == 0 and exp.stdout == ""
    assert json.loads(out.read_text())["articles"][0]["note"]["body"] == "sub"


def test_add_by_url_fetches_once_then_works_offline(capsys) -> None:
    from sources_server import serve
    with serve() as server:
        url = server.url("/redirect-ok")
        code, out, err = run(capsys, "add", url, "first")
        assert code == 0, err
        fetched = len(server.hits)
        code, again, err = run(capsys, "add", url, "second")      # known: no fetch
        assert code == 0 and again == out and len(server.hits) == fetched
    code, out, _ = run(capsys, "list", "--json", server.url("/page.html"))   # by final URL
    data = json.loads(out)
    assert data["title"] == "Loopback page"
    assert data["note"]["body"] == "first\n\nsecond"
