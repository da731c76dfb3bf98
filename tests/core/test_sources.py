"""load() for local files, file: URLs, stdin and refused schemes; content sniffing."""

from __future__ import annotations

import gzip
import io
import os
import sys
import zipfile
from pathlib import Path

import pytest

from reader.core import sources
from reader.core.formats import sniff
from reader.core.errors import LoadError
from reader.core.limits import Limits
from reader.core.sources import load

HTML = b"<!doctype html><html><head><title>T</title></head><body><p>Hello.</p></body></html>"


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def error(location: str, **kwargs) -> str:
    with pytest.raises(LoadError) as info:
        load(location, **kwargs)
    return str(info.value)


@pytest.mark.parametrize("name,media", [
    ("saved.webarchive", "application/x-webarchive"),
    ("saved.mhtml", "multipart/related"),
    ("utf16.html", "text/html"),
    ("page.xhtml", "application/xhtml+xml"),
    ("dump.txt", "text/plain"),
])
def test_fixture_formats(fixtures_dir, name, media):
    page = load(str(fixtures_dir / "sources" / name))
    assert page.media_type == media
    assert page.body == (fixtures_dir / "sources" / name).read_bytes()
    assert page.final_url is None


@pytest.mark.parametrize("name,media", [
    ("saved.webarchive", "application/x-webarchive"),
    ("saved.mhtml", "multipart/related"),
    ("page.xhtml", "application/xhtml+xml"),
])
def test_formats_detected_by_content_without_suffix(fixtures_dir, tmp_path, name, media):
    data = (fixtures_dir / "sources" / name).read_bytes()
    assert load(write(tmp_path, "download", data)).media_type == media


def test_html_without_suffix_and_with_wrong_suffix(tmp_path):
    assert load(write(tmp_path, "page", HTML)).media_type == "text/html"
    assert load(write(tmp_path, "page.dat", HTML)).media_type == "text/html"
    # A .mhtml that is really HTML is read as what it is.
    assert load(write(tmp_path, "fake.mhtml", HTML)).media_type == "text/html"


def test_text_suffix_wins_over_markup_inside(tmp_path):
    assert load(write(tmp_path, "notes.txt", HTML)).media_type == "text/plain"


def test_bom_less_utf16_detected(tmp_path):
    data = "<html><body><p>Hallo Welt, schöne Grüße.</p></body></html>".encode("utf-16-le")
    page = load(write(tmp_path, "p.html", data))
    assert page.media_type == "text/html" and page.charset == "utf-16-le"


def test_html_with_a_few_nul_bytes_is_still_a_page(tmp_path):
    data = HTML.replace(b"Hello.", b"Hel\x00lo.\x00")
    assert load(write(tmp_path, "nul.html", data)).media_type == "text/html"


@pytest.mark.parametrize("name,data,kind", [
    ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(64), "image/jpeg"),
    ("anim.gif", b"GIF89a" + bytes(64), "image/gif"),
    ("doc.html", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
    ("page.htm", gzip.compress(HTML, mtime=0), "application/gzip"),
    ("prog", b"\x7fELF\x02\x01\x01" + bytes(64), "application/x-executable"),
    ("db.txt", b"SQLite format 3\x00" + bytes(100), "application/vnd.sqlite3"),
    ("pic.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
     "image/svg+xml"),
    ("feed.xml", b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>',
     "application/rss+xml"),
])
def test_non_pages_refused_by_content(tmp_path, name, data, kind):
    path = write(tmp_path, name, data)
    assert error(path) == f"{path} is not a web page ({kind})."


def test_zip_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("index.html", HTML)
    path = write(tmp_path, "site.html", buf.getvalue())
    assert error(path) == f"{path} is not a web page (application/zip)."


def test_random_binary_refused(tmp_path):
    import random
    data = random.Random(7).randbytes(20000)
    path = write(tmp_path, "noise.html", data)
    assert error(path) == f"{path} is not a web page (binary data)."


def test_text_that_starts_like_magic_is_still_text(tmp_path):
    for data in (b"BMW unveiled a new car today.\n", b"MZ is a nickname.\n", b"ID card\n"[:0] + b"Hello"):
        assert load(write(tmp_path, "t.txt", data)).media_type == "text/plain"


def test_missing_file():
    assert error("missing-page.html") == "There is no file at missing-page.html."


def test_missing_hostlike_hints_https():
    assert error("example.com/news") == \
        "There is no file at example.com/news; for a web page, write https://example.com/news."


def test_folder(tmp_path):
    assert error(str(tmp_path)) == f"{tmp_path} is a folder, not a page."


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root reads any file")
def test_permission_denied(tmp_path):
    path = write(tmp_path, "secret.html", HTML)
    os.chmod(path, 0)
    assert error(path) == f"{path} cannot be read: permission denied."


def test_empty_file(tmp_path):
    path = write(tmp_path, "empty.html", b"  \n")
    assert error(path) == f"{path} is empty."


def test_file_size_limit(tmp_path):
    path = write(tmp_path, "big.html", HTML + b"<p>x</p>" * 2000)
    assert error(path, limits=Limits(max_file_bytes=1000)) == \
        f"{path} is too large (16 KB), over the 1000 bytes limit for files (max_file_bytes)."


def test_file_url(tmp_path):
    path = write(tmp_path, "a page.html", HTML)
    page = load("file://" + path.replace(" ", "%20"))
    assert page.body == HTML and page.media_type == "text/html"
    assert load("file://localhost" + path.replace(" ", "%20")).body == HTML


def test_file_url_on_other_host_refused():
    assert "another computer" in error("file://server/share/page.html")


@pytest.mark.parametrize("location,scheme", [
    ("javascript:alert(1)", "javascript"), ("data:text/html,<p>hi</p>", "data"),
    ("ftp://example.org/page.html", "ftp"), ("mailto:someone@example.org", "mailto"),
    ("JavaScript:void(0)", "javascript"), ("  vbscript:msgbox", "vbscript"),
])
def test_other_schemes_refused(location, scheme):
    assert error(location) == ("Only http(s) addresses, files and file: URLs can be opened, "
                               f"not {scheme}: locations.")


def test_local_file_with_colon_in_name_is_opened(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "notes:today.html", HTML)
    assert load("notes:today.html").body == HTML


@pytest.mark.parametrize("location", ["", "   ", "a\x00b"])
def test_bad_location_strings(location):
    assert error(location)


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(HTML))
    page = load("-")
    assert page.body == HTML and page.media_type == "text/html" and page.location == "-"


def test_stdin_text_and_binary(monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(b"Just some text.\n"))
    assert load("-").media_type == "text/plain"
    monkeypatch.setattr(sys, "stdin", _Stdin(b"\x89PNG\r\n\x1a\n" + bytes(20)))
    assert error("-") == "Standard input is not a web page (image/png)."


def test_stdin_size_limit(monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(b"a" * 5000))
    assert error("-", limits=Limits(max_file_bytes=4096)) == \
        "Standard input is larger than the 4 KB limit for files (max_file_bytes)."


def test_stdin_missing(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    assert error("-") == "There is no standard input to read from."


def test_progress_for_files(tmp_path):
    path = write(tmp_path, "p.html", HTML)
    seen = []
    load(path, progress=lambda n, t: seen.append((n, t)))
    assert seen == [(len(HTML), len(HTML))]


def test_sniff_decide_rules():
    assert sniff.decide(HTML, claimed=None) == "text/html"
    assert sniff.decide(b"plain words", claimed=None) == "text/plain"
    assert sniff.decide(b"plain words", claimed="text/html") == "text/html"
    assert sniff.decide(b"\x89PNG\r\n\x1a\n", claimed="text/html") == "image/png"
    assert sniff.decide(bytes(100), claimed="text/plain") == sniff.BINARY
    assert sniff.decide("<p>hé</p>".encode("utf-16-be"), claimed=None) == "text/html"
    assert sniff.decide(b"\xef\xbb\xbf<!DOCTYPE html><p>x", claimed=None) == "text/html"
    assert sniff.decide(b"\n\n<!-- saved from url=(0014)about:internet -->\n<html>", claimed=None) \
        == "text/html"
    assert sniff.decide(b"\x1b[1mcoloured\x1b[0m text dump\n", claimed=None) == "text/plain"


def test_permission_denied_message(tmp_path, monkeypatch):
    """Same as above for root, who can read anything: the OS error is simulated."""
    path = write(tmp_path, "secret.html", HTML)

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sources, "_open_regular", deny)
    assert error(path) == f"{path} cannot be read: permission denied."


def test_unexpected_bug_becomes_one_sentence_carrying_its_cause(tmp_path, monkeypatch, isolated_dirs):
    """The core never logs: the caller gets the bug as __cause__ (crashlog.describe logs it)."""
    path = write(tmp_path, "p.html", HTML)

    def broken(head, *, claimed):
        raise KeyError("bug")

    monkeypatch.setattr(sniff, "decide", broken)
    with pytest.raises(LoadError) as info:
        load(path)
    assert str(info.value) == f"Could not read {path} (unexpected KeyError)."
    assert info.value.unexpected and isinstance(info.value.__cause__, KeyError)
    assert not (isolated_dirs / "log").exists()


def test_progress_callback_exceptions_pass_through(tmp_path):
    class Stop(Exception):
        pass

    def stop(done, total):
        raise Stop()

    with pytest.raises(Stop):
        load(write(tmp_path, "p.html", HTML), progress=stop)


def test_messages_never_carry_control_characters(tmp_path):
    message = error(str(tmp_path / "evil\x1b]52;c;AA==\x07.html"))
    assert "\x1b" not in message and "\x07" not in message


def test_host_and_port_without_scheme_hints_http():
    assert error("localhost:8000/page") == \
        "There is no file at localhost:8000/page; for a web page, write http://localhost:8000/page."


def test_pasted_paths_with_spaces_or_quotes(tmp_path):
    path = write(tmp_path, "a page.html", HTML)
    assert load(f"  {path}\n").body == HTML
    assert load(f"'{path}' ").body == HTML
    assert error(f"'{tmp_path / 'nothing.html'}'") == f"There is no file at '{tmp_path / 'nothing.html'}'."


def test_sniffing_hostile_prefixes_is_fast():
    """Many comments/declarations before the root must not make sniffing backtrack."""
    import time
    prefixes = [b"<?xml version='1.0'?>" + b"<!-- c -->" * 800 + b"<p>hello",
                b"<!--" * 2000, b"<?" * 3000, b"a: b\n" * 2000, b"<html" * 1600,
                b"<!doctype " * 800 + b"<svg>"]
    started = time.monotonic()
    for data in prefixes:
        sniff.sniff(data)
        sniff.decide(data, claimed=None)
    assert time.monotonic() - started < 0.5
    assert sniff.sniff(b"<?xml version='1.0'?><!-- a --><!-- b --><svg xmlns='x'></svg>") == \
        "image/svg+xml"
    assert sniff.sniff(b"<?xml version='1.0'?>\n<?xml-stylesheet href='a'?><rss>") == \
        "application/rss+xml"


def test_opening_a_local_file_does_not_import_the_web_client(tmp_path) -> None:
    """http, ssl and email are loaded only when a URL is opened (start-up of `reader FILE`)."""
    import subprocess
    import sys

    page = tmp_path / "p.html"
    page.write_text("<html><body><p>Just words.</p></body></html>")
    code = ("import sys\nfrom reader.core.sources import load\nload(sys.argv[1])\n"
            "print('reader.core.fetch' in sys.modules, 'ssl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(page)], capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["False", "False"]
