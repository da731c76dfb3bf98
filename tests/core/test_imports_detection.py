"""Exports are recognised by content, whatever their name; `--format` forces one."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from reader.core.imports import ImportedItem, ImportFileError, detect, formats, open_export

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"

EXPECTED = [
    ("pocket/part_000000.csv", "pocket"),
    ("pocket/ril_export.html", "pocket-html"),
    ("omnivore/metadata_0_to_20.json", "omnivore"),
    ("instapaper/instapaper-export.csv", "instapaper"),
    ("instapaper/instapaper-old.csv", "instapaper"),
    ("wallabag/wallabag-export.json", "wallabag"),
    ("readwise/reader-export.csv", "readwise"),
    ("readwise/highlights.csv", "readwise-highlights"),
    ("bookmarks/bookmarks.html", "bookmarks"),
    ("reader/notes-export.json", "reader"),
]


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("fixture, name", EXPECTED)
def test_every_fixture_is_recognised(fixture: str, name: str) -> None:
    detection = detect(FIXTURES / fixture)
    assert detection.format == name, detection.reason


@pytest.mark.parametrize("fixture, name", EXPECTED)
def test_a_misnamed_file_is_recognised_by_its_content(tmp_path: Path, fixture: str,
                                                      name: str) -> None:
    wrong = {".csv": "export.html", ".html": "export.json", ".json": "export.csv"}
    path = tmp_path / wrong[Path(fixture).suffix]
    shutil.copy(FIXTURES / fixture, path)
    assert detect(path).format == name
    with open_export(path) as export:
        assert export.format == name
        assert any(isinstance(e, ImportedItem) for e in export)


def test_zips_are_told_apart_by_their_entries() -> None:
    pocket = zipped({"part_000000.csv": (FIXTURES / "pocket/part_000000.csv").read_bytes()})
    omnivore = zipped({"metadata_0_to_20.json": b"[]"})
    assert detect(pocket).format == "pocket" and detect(omnivore).format == "omnivore"
    other = detect(zipped({"photo.jpg": b"\xff\xd8\xff"}), name="holiday.zip")
    assert other.format is None and "neither Pocket's" in other.reason


@pytest.mark.parametrize("data, words", [
    (b"", "is empty"),
    (b"   \n\n", "is empty"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary data (image/png)"),
    (bytes(range(256)) * 4, "binary data"),
    (b"name,email\nAda,ada@example.com\n", "matches no known export"),
    (b'{"bookmarks": []}', "not a reader export"),
    (b'[{"name": "x"}]', "match no known export"),
    (b"[]", "without objects"),
    (b"<html><body><p>An article</p></body></html>", "neither a bookmarks file"),
    (b"Just some words in a text file.", "not a CSV, JSON or HTML export"),
])
def test_what_matches_nothing_gets_one_sentence_why(data: bytes, words: str) -> None:
    detection = detect(data, name="upload")
    assert detection.format is None
    assert words in detection.reason and detection.reason.startswith("upload")
    with pytest.raises(ImportFileError) as error:
        open_export(data, name="upload")
    assert str(error.value) == detection.reason


def test_a_forced_format_skips_detection_but_still_checks_the_shape() -> None:
    # a CSV whose header Pocket's detection would not take, read as Instapaper
    data = b"url,title,folder\nhttps://a.example.com/x,X,Archive\n"
    with open_export(data, format="instapaper") as export:
        [item] = list(export)
    assert isinstance(item, ImportedItem) and item.state == "archived"
    with pytest.raises(ImportFileError, match="header lacks"):
        open_export(data, format="pocket")
    with pytest.raises(ImportFileError, match="Unknown import format 'kindle'"):
        open_export(data, format="kindle")


def test_formats_lists_each_name_once_with_a_label() -> None:
    names = [f.name for f in formats()]
    assert sorted(names) == sorted({name for _, name in EXPECTED})
    assert all(f.label for f in formats())


@pytest.mark.parametrize("name", [f.name for f in formats()])
@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02\x03PNG" * 500, b"nothing, to, see\n1,2,3\n"],
                         ids=["empty", "binary", "other csv"])
def test_any_format_forced_on_a_wrong_file_is_one_clear_error(name: str, data: bytes) -> None:
    with pytest.raises(ImportFileError) as error:
        with open_export(data, format=name, name="upload") as export:
            list(export)
    message = str(error.value)
    assert message.startswith("upload") and message.endswith(".") and "\n" not in message
