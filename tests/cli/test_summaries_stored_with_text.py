"""Every path that stores an article's text stores its summary beside it (fetch, save, an
import that ships content, reextract), so the export of a library reader built computes
none; and the export streams: its first record is written before the last article is read."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fetch_server import hosts

from reader import store
from reader.cli import main
from reader.core.models import Article

IMPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def export_computes_none(capsys) -> list[dict[str, Any]]:
    """Export everything; no summary may be computed; the articles exported."""
    code, out, err = cli(capsys, "notes", "export", "--format", "json", "--all")
    assert code == 0, err
    assert "computed" not in err, err
    return json.loads(out)["articles"]


def stored() -> int:
    with store.open() as lib:
        return lib.summaries.count()


def test_fetch_and_save_store_the_summary_with_the_text(capsys) -> None:
    with hosts(1) as (host,):
        queued = [host.url(f"/page/{n}") for n in range(4)]
        assert cli(capsys, "save", "--later", *queued)[0] == 0
        code, _, err = cli(capsys, "fetch")
        assert code == 0, err
        code, _, err = cli(capsys, "save", host.url("/page/9"))
        assert code == 0, err
    assert stored() == 5
    articles = export_computes_none(capsys)
    assert len(articles) == 5 and all(a["summary"]["sentences"] for a in articles)


def test_an_import_that_ships_content_stores_the_summaries(capsys, tmp_path: Path) -> None:
    omnivore = tmp_path / "omnivore.zip"
    with zipfile.ZipFile(omnivore, "w") as z:
        for member in sorted((IMPORTS / "omnivore").rglob("*")):
            if member.is_file():
                z.write(member, member.relative_to(IMPORTS / "omnivore").as_posix())
    for export in (omnivore, IMPORTS / "wallabag" / "wallabag-export.json"):
        code, _, err = cli(capsys, "import", str(export))
        assert code == 0, err
    with store.open() as lib:
        with_text = sum(1 for r in lib.iter_articles() if r.text_chars)
    assert with_text > 0 and stored() == with_text
    articles = export_computes_none(capsys)
    assert sum(1 for a in articles if a["summary"]) == with_text


def test_reextract_stores_the_new_texts_summaries(capsys) -> None:
    with hosts(1) as (host,):
        code, _, err = cli(capsys, "save", *(host.url(f"/page/{n}") for n in range(3)))
        assert code == 0, err
    with store.open() as lib:
        lib.summaries.clear()             # as an older reader left them: none
    code, _, err = cli(capsys, "library", "reextract", "--all")
    assert code == 0, err
    assert stored() == 3
    export_computes_none(capsys)


def test_the_export_writes_its_first_record_before_reading_the_last_article(
        capsys, monkeypatch) -> None:
    count = 1000
    with store.open() as lib, lib.transaction():
        for n in range(count):
            url = f"https://example.org/{n}"
            article_id = lib.save_article(Article(text=f"Story {n} is short. It has two "
                                                       "sentences.", title=f"Story {n}",
                                                  url=url, location=url), location=url)
            lib.set_note(article_id, f"note {n}")
    read = []
    original = store.Library.iter_export_entries

    def counted(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for entry in original(self, *args, **kwargs):
            read.append(entry.record.id)
            yield entry

    monkeypatch.setattr(store.Library, "iter_export_entries", counted)
    seen_when_first_written: list[int] = []

    class Watching(io.StringIO):
        def write(self, text: str) -> int:
            if '"title"' in text and not seen_when_first_written:
                seen_when_first_written.append(len(read))
            return super().write(text)

    from reader.commands import notes
    target = Watching()
    args = notes.add_parser(__import__("argparse").ArgumentParser().add_subparsers()) \
        .parse_args(["export", "--format", "json"])
    assert notes.run(args, out=target, err=io.StringIO()) == 0
    assert len(read) == count and len(json.loads(target.getvalue())["articles"]) == count
    [first] = seen_when_first_written
    assert first < count / 2, first        # a batch or two ahead, never the whole library


def test_a_summary_the_app_made_is_kept_only_when_an_export_would_make_it(capsys) -> None:
    """`keep_summary` (the app saving what it opened and summarised): the default summary is
    stored and the export computes none; a summary of other settings is not stored."""
    from reader.app.summaries import keep_summary
    from reader.core.models import SummaryLength
    from reader.core.pipeline import Pipeline

    pipeline = Pipeline()
    text = ("The harbour opened at dawn. Boats left for the islands. The market filled with "
            "fish and bread. By noon the square was quiet again. Evening brought the boats "
            "home.")
    with store.open() as lib:
        article_id = lib.save_article(Article(text=text, title="Harbour", lang="en",
                                              url="https://example.org/h",
                                              location="https://example.org/h"))
        lib.set_note(article_id, "a note")
        stored_article = lib.load_article(article_id)
        other = pipeline.summarize(stored_article, length=SummaryLength(count=1))
        assert not keep_summary(lib, pipeline, stored_article, other)
        assert lib.summaries.count() == 0
        assert keep_summary(lib, pipeline, stored_article, pipeline.summarize(stored_article))
    export_computes_none(capsys)
