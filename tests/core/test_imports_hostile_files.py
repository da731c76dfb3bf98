"""Hostile and broken exports: zip bombs, escaping paths, wrong encodings, endless lines,
terminal escapes. Each is refused whole or reported row by row, never a crash."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reader.core.imports import (ImportedItem, ImportFileError, ImportLimits, Problem,
                                 detect, open_export)
from reader.core.safety import is_clean

POCKET_HEADER = b"title,url,time_added,tags,status\n"
ROW = b"Fine,https://a.example.com/1,1700000000,,unread\n"


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def read(data: bytes | Path, **kwargs: Any) -> tuple[list[ImportedItem], list[Problem]]:
    with open_export(data, **kwargs) as export:
        entries = list(export)
    return ([e for e in entries if isinstance(e, ImportedItem)],
            [e for e in entries if isinstance(e, Problem)])


def strings(value: Any) -> list[str]:
    """Every string inside an item or problem, however deep."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in strings(getattr(value, f.name))]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings(v)]
    return []


# -- zips ----------------------------------------------------------------------------------

def test_a_zip_bomb_is_refused_before_anything_is_inflated() -> None:
    bomb = zipped({"part_000000.csv": POCKET_HEADER + b"0" * 30_000_000})
    assert len(bomb) < 100_000
    with pytest.raises(ImportFileError, match="looks like a zip bomb"):
        open_export(bomb)


def test_a_zip_that_would_inflate_past_the_cap_is_refused() -> None:
    limits = ImportLimits(max_file_bytes=1_000_000)
    members = {"part_000000.csv": POCKET_HEADER + ROW,
               **{f"padding/{i}.txt": os.urandom(150_000).hex().encode() for i in range(4)}}
    data = zipped(members)
    assert len(data) < 1_000_000
    with pytest.raises(ImportFileError, match="would inflate to"):
        open_export(data, limits=limits)


def test_a_zip_with_too_many_entries_is_refused() -> None:
    members = {f"highlights/{i}.md": b"> x" for i in range(30)}
    members["part_000000.csv"] = POCKET_HEADER + ROW
    with pytest.raises(ImportFileError, match="31 entries"):
        open_export(zipped(members), limits=ImportLimits(max_members=20))


def test_escaping_and_absolute_paths_are_never_read() -> None:
    evil = b"title,url,time_added,tags,status\nEvil,https://evil.example.com/,1700000000,,unread\n"
    data = zipped({"part_000000.csv": POCKET_HEADER + ROW, "../part_000001.csv": evil,
                   "/etc/part_000002.csv": evil, "a\\..\\part_000003.csv": evil,
                   "C:/part_000004.csv": evil})
    items, problems = read(data, name="pocket.zip")
    assert [i.url for i in items] == ["https://a.example.com/1"]
    assert sorted(p.place.member or "" for p in problems) == sorted(
        ["../part_000001.csv", "/etc/part_000002.csv", "a\\..\\part_000003.csv",
         "C:/part_000004.csv"])
    assert all("was not read" in p.reason for p in problems)


def test_a_zip_whose_only_csv_escapes_is_not_a_pocket_export() -> None:
    data = zipped({"../part_000000.csv": POCKET_HEADER + ROW})
    with pytest.raises(ImportFileError):
        open_export(data, format="pocket")


def test_encrypted_entries_are_reported_not_read() -> None:
    data = bytearray(zipped({"part_000000.csv": POCKET_HEADER + ROW,
                             "annotations/part_000000.json": b"[]"}, zipfile.ZIP_STORED))
    # set the "encrypted" flag of the second entry in its local and central headers
    local = data.index(b"PK\x03\x04", 4)
    data[local + 6] |= 1
    central = data.index(b"PK\x01\x02")
    central = data.index(b"PK\x01\x02", central + 4)
    data[central + 8] |= 1
    items, problems = read(bytes(data))
    assert len(items) == 1
    assert [(p.place.member, "encrypted" in p.reason) for p in problems] == [
        ("annotations/part_000000.json", True)]


def test_a_damaged_entry_is_a_clear_error() -> None:
    data = bytearray(zipped({"part_000000.csv": POCKET_HEADER + ROW * 3}, zipfile.ZIP_STORED))
    at = data.index(b"a.example.com/1")
    data[at] = ord("b")   # the bytes change, the stored checksum does not
    with pytest.raises(ImportFileError, match="checksum does not match"):
        open_export(bytes(data))


def test_a_truncated_zip_is_not_readable() -> None:
    data = zipped({"part_000000.csv": POCKET_HEADER + ROW})
    with pytest.raises(ImportFileError, match="not a readable zip archive"):
        open_export(data[: len(data) // 2], format="pocket")


def test_a_shipped_page_over_its_cap_is_dropped_not_the_article() -> None:
    meta = [{"slug": "big", "url": "https://a.example.com/big", "title": "Big",
             "savedAt": "2024-01-01T00:00:00Z", "labels": []}]
    data = zipped({"metadata_0_to_20.json": json.dumps(meta).encode(),
                   "content/big.html": b"<p>" + os.urandom(40_000).hex().encode()})
    [item], problems = read(data, limits=ImportLimits(max_content_bytes=50_000))
    assert item.content is None and item.title == "Big"
    assert [p.skipped for p in problems] == [False] and "without its saved page" in problems[0].reason


# -- files ---------------------------------------------------------------------------------

def test_a_file_over_the_cap_missing_or_a_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "part_000000.csv"
    path.write_bytes(POCKET_HEADER + ROW * 100)
    with pytest.raises(ImportFileError, match="an import reads at most"):
        open_export(path, limits=ImportLimits(max_file_bytes=1000))
    with pytest.raises(ImportFileError, match="Could not read"):
        open_export(tmp_path / "missing.csv")
    with pytest.raises(ImportFileError, match="is a folder"):
        open_export(tmp_path)


@pytest.mark.parametrize("encoded", [
    "\ufeff".encode() + "title,url,time_added,tags,status\nCafé «noir»,https://a.example.com/1,"
    "1700000000,thé,unread\n".encode(),
    "title,url,time_added,tags,status\nCafé «noir»,https://a.example.com/1,1700000000,thé,"
    "unread\n".encode("cp1252"),
    "title,url,time_added,tags,status\nCafé «noir»,https://a.example.com/1,1700000000,thé,"
    "unread\n".encode("utf-16"),
], ids=["utf-8 with BOM", "cp1252", "utf-16"])
def test_csv_encodings(encoded: bytes) -> None:
    [item], problems = read(encoded)
    assert problems == [] and (item.title, item.tags) == ("Café «noir»", ["thé"])


def test_stray_cp1252_bytes_late_in_a_utf8_file_are_read_as_cp1252() -> None:
    rows = b"".join(b"Row %d,https://a.example.com/%d,1700000000,,unread\n" % (i, i)
                    for i in range(3000))
    late = "Late “quoted” café,https://a.example.com/late,1700000000,,unread\n".encode("cp1252")
    items, problems = read(POCKET_HEADER + "Déjà vu,https://a.example.com/0,1700000000,,unread\n"
                           .encode() + rows + late)
    assert problems == []
    assert items[0].title == "Déjà vu" and items[-1].title == "Late “quoted” café"


def test_a_legacy_cyrillic_csv_is_not_read_as_cp1252() -> None:
    rows = "".join(f"Статья номер {i} о погоде и новостях,https://a.example.com/{i},1700000000,"
                   "новости,unread\n" for i in range(20))
    items, _ = read(("title,url,time_added,tags,status\n" + rows).encode("cp1251"))
    assert items[0].title == "Статья номер 0 о погоде и новостях" and items[0].tags == ["новости"]


@pytest.mark.parametrize("max_line", [1_000_000, 100_000])
def test_a_huge_field_and_an_endless_line_are_reported_and_skipped(max_line: int) -> None:
    # over csv's field limit (131,072), and over `max_line_chars` when that is lower
    data = (POCKET_HEADER + ROW + b'"' + b"x" * 200_000 + b'",https://a.example.com/2,1,,unread\n'
            + b"y" * 5_000 + b"\n" + b"Last,https://a.example.com/3,1700000000,,unread\n")
    items, problems = read(data, limits=ImportLimits(max_line_chars=max_line))
    assert [i.url for i in items] == ["https://a.example.com/1", "https://a.example.com/3"]
    assert [(p.place.line, p.skipped) for p in problems] == [(3, True), (4, True)]


def test_terminal_escapes_never_reach_a_string() -> None:
    nasty = "\x1b]52;c;ZXZpbA==\x07Ti\x1b[2Jtle\u202e\u200b\x9b"
    csv = (f'title,url,time_added,tags,status\n"{nasty}",https://a.example.com/\x1b[31m,'
           f"1700000000,{nasty}|ok,unread\n\"{nasty}\",{nasty},1700000000,,unread\n")
    wallabag = json.dumps([{"url": "https://b.example.com/", "title": nasty, "tags": [nasty],
                            "is_archived": 0, "published_by": [nasty], "annotations": [
                                {"quote": nasty, "text": nasty}]},
                           {"url": nasty, "is_starred": nasty}])
    for data in (csv.encode(), wallabag.encode()):
        items, problems = read(data)
        assert items and problems
        found = strings(items) + strings(problems) + [str(p) for p in problems]
        assert all(is_clean(s) for s in found), [s for s in found if not is_clean(s)]
    assert items[0].title == "]52;c;ZXZpbA==Ti[2Jtle"   # the escapes gone, their text harmless


def test_absurdly_nested_json_is_refused_quickly() -> None:
    # ijson's paths cost depth squared: unchecked, this document would need gigabytes
    deep = b"[" * 100_000 + b"]" * 100_000
    data = b'[{"url": "https://a.example.com/", "tags": ' + deep + b"}]"
    with pytest.raises(ImportFileError, match="nests deeper than 64 levels"):
        open_export(data, format="wallabag")
    assert detect(data).format is None
    meta = zipped({"metadata_0_to_20.json": b"[" + deep + b"]",
                   "metadata_20_to_40.json": b'[{"url": "https://a.example.com/"}]'})
    items, problems = read(meta)
    assert [i.url for i in items] == ["https://a.example.com/"]
    assert "nests deeper" in problems[0].reason


def test_an_html_tag_that_never_ends_fails_the_file() -> None:
    data = b"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><DT><A HREF=\"" + b"x" * 300_000
    with pytest.raises(ImportFileError, match="never ends"):
        read(data, limits=ImportLimits(max_line_chars=100_000))


@pytest.mark.parametrize("codec", ["utf-8-sig", "cp1252", "utf-16"])
def test_json_encodings(codec: str) -> None:
    wallabag = '[{"url": "https://a.example.com/", "title": "Café", "is_archived": 0}]'
    [item] = list(open_export(wallabag.encode(codec)))
    assert isinstance(item, ImportedItem) and item.title == "Café"
    omnivore = '[{"url": "https://a.example.com/", "title": "Café", "slug": "cafe"}]'
    items, problems = read(zipped({"metadata_0_to_20.json": omnivore.encode(codec)}))
    assert [i.title for i in items] == ["Café"] and problems == []


def test_symbolic_links_in_a_zip_are_not_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("part_000000.csv", POCKET_HEADER + ROW)
        link = zipfile.ZipInfo("annotations/part_000000.json")
        link.external_attr = (0o120777 << 16)
        archive.writestr(link, "/etc/passwd")
    items, problems = read(buffer.getvalue())
    assert len(items) == 1
    assert [(p.place.member, "symbolic link" in p.reason) for p in problems] == [
        ("annotations/part_000000.json", True)]
