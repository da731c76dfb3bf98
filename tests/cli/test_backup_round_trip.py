"""reader's own JSON export is a lossless backup: export everything, import it into an empty
library, export again, and the two exports are the same (ids aside: a library gives its own)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from reader import store
from reader.cli import main
from reader.core.models import Article

IMPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def without_ids(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "reader-notes"
    for entry in data["articles"]:
        entry.pop("id")
        if entry["note"]:
            entry["note"].pop("id")
        for h in entry["highlights"]:
            h.pop("id")
    return data["articles"]


def a_varied_library(capsys, tmp_path: Path, page: Path) -> None:
    """Every kind of entry: fetched with its original, imported with shipped content, queued
    URLs without text, a local file, stdin text, states, stars, tags, positions, a highlight
    that lost its place, a chosen extraction candidate."""
    assert cli(capsys, "notes", "add", str(page), "A note with *Markdown*.")[0] == 0
    omnivore = tmp_path / "omnivore.zip"
    with zipfile.ZipFile(omnivore, "w") as z:
        for member in sorted((IMPORTS / "omnivore").rglob("*")):
            if member.is_file():
                z.write(member, member.relative_to(IMPORTS / "omnivore").as_posix())
    for export in (omnivore, IMPORTS / "pocket" / "part_000000.csv",
                   IMPORTS / "wallabag" / "wallabag-export.json",
                   IMPORTS / "readwise" / "highlights.csv"):
        assert cli(capsys, "import", str(export))[0] == 0
    with store.open() as lib:
        [local] = [r for r in lib.iter_articles() if r.location == str(page)]
        text = lib.load_article(local.id).text
        start = text.index("Search ties")
        lib.add_highlight(local.id, start, start + 11, note="where search comes in")
        lib.add_highlight(local.id, 0, 7)
        lib.add_tag(local.id, "durability")
        lib.set_state(local.id, "archived")
        lib.set_starred(local.id)
        lib.set_position(local.id, 120, 0.4)
        lib.mark_opened(local.id)
        changed = lib.load_article(local.id)
        changed.text = changed.text.replace(changed.text[:7], "Changed", 1)
        lib.replace_article(local.id, changed)        # the first words' highlight is lost
        lib.choose_candidate(local.id, changed, "main")
        stdin_id = lib.save_article(Article(text="Text that came from standard input, long "
                                                 "enough to be an article of its own.",
                                            title="From stdin"), location="-")
        lib.set_note(stdin_id, "stdin note")
        assert any(not h.anchored for h in lib.list_highlights(local.id))


def test_export_import_export_is_the_same(capsys, tmp_path: Path, monkeypatch,
                                          fixtures_dir: Path) -> None:
    a_varied_library(capsys, tmp_path, fixtures_dir / "store" / "article.html")
    first = tmp_path / "backup.json"
    code, _, err = cli(capsys, "notes", "export", "--format", "json", "--all", "--pages",
                       "--output", str(first))
    assert code == 0, err
    exported = without_ids(first)
    assert len(exported) >= 10
    assert any(e["page"] for e in exported) and any(not e["page"] for e in exported)
    assert any(e["candidate"] == "main" for e in exported)
    assert any(not h["anchored"] for e in exported for h in e["highlights"])
    assert {e["state"] for e in exported} == {"unread", "archived"}

    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "empty-library"))
    code, _, err = cli(capsys, "import", str(first))
    assert code == 0 and f"{len(exported)} new, 0 merged, 0 skipped" in err, err
    second = tmp_path / "again.json"
    assert cli(capsys, "notes", "export", "-f", "json", "--all", "--pages", "-o", str(second))[0] == 0
    again = without_ids(second)
    for before, after in zip(exported, again):
        assert before == after, before["url"] or before["location"]
    assert len(again) == len(exported)

    code, _, err = cli(capsys, "import", str(first))       # and once more: nothing to add
    assert code == 0 and f"0 new, 0 merged, {len(exported)} already in the library" in err


@pytest.mark.parametrize("pages", [False, True])
def test_without_all_only_annotated_articles_travel(capsys, tmp_path: Path, fixtures_dir: Path,
                                                    monkeypatch, pages: bool) -> None:
    a_varied_library(capsys, tmp_path, fixtures_dir / "store" / "article.html")
    path = tmp_path / "notes.json"
    argv = ["notes", "export", "-f", "json", "-o", str(path)] + (["--pages"] if pages else [])
    assert cli(capsys, *argv)[0] == 0
    exported = without_ids(path)
    assert exported and all(e["note"] or e["highlights"] for e in exported)
    assert all(("page" in e) == pages for e in exported)
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "other"))
    assert cli(capsys, "import", str(path))[0] == 0
    with store.open() as lib:
        assert lib.count() == len(exported)
