"""Property tests: arbitrary bytes and mutated HTML through load -> extract -> summarize.

Only ReaderError (the documented error type) may escape, and every string that comes out is
free of control and bidi characters (`safety.is_clean`).
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import sys
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import ReaderError
from reader.core.limits import Limits
from reader.core.safety import is_clean
from reader.core.sources import load

LIMITS = Limits(max_file_bytes=2 * 1024 * 1024)
FUZZ = settings(max_examples=int(os.environ.get("READER_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

BASE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A page | Site</title>
<meta name="author" content="Ann Writer"><meta property="og:site_name" content="Site">
<meta property="article:published_time" content="2024-05-01T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>A page</h1><p class="byline">By Ann Writer</p>
<p>The first paragraph has a sentence. It has another sentence, with <a href="/x">a link</a>.</p>
<p>A second paragraph follows here. It explains the topic at some length for readers.</p>
<ul><li>One item of a list</li><li>Another item</li></ul>
<blockquote>A quoted remark that matters.</blockquote>
<p>The last paragraph ends the article. Nothing else follows it.</p></article>
<footer>Copyright footer text</footer></body></html>
"""

HOSTILE_PIECES = [
    "\x1b]52;c;ZXZpbA==\x07", "\x1b[2J", "\x9b31m", "\u202e", "\u2066", "\x00", "\r", "\x7f",
    "[@click=app.quit]", "[bold red]", "[/]", "<script>alert(1)</script>", "<!--", "-->",
    "<![CDATA[", "]]>", "&#27;", "&#x9b;", "&#0;", "&#x202e;", "&#xd800;", "<p>", "</p>", "<div>",
    "</article>", "<article>", "<title>", "<meta charset='utf-16'>", "<meta charset='bogus'>",
    "<h1>", "\ufeff", "\udcff", "é", "日本", "<table><tr><td>", "<br>" * 5, "<" * 3, ">" * 3,
    "<a href='javascript:alert(1)'>x</a>", "<a href='\x1b[2J'>y</a>", "<time datetime='\x1b'>",
]


@st.composite
def mutated_html(draw) -> bytes:
    text = BASE
    for _ in range(draw(st.integers(0, 8))):
        pos = draw(st.integers(0, len(text)))
        choice = draw(st.integers(0, 3))
        if choice == 0:
            piece = draw(st.sampled_from(HOSTILE_PIECES))
        elif choice == 1:
            piece = draw(st.text(max_size=20))
        elif choice == 2:  # delete a span
            end = min(len(text), pos + draw(st.integers(0, 80)))
            text = text[:pos] + text[end:]
            continue
        else:  # deep nesting
            depth = draw(st.integers(1, 400))
            piece = "<div>" * depth + "Deep text sentence here." + "</div>" * draw(st.integers(0, depth))
        text = text[:pos] + piece + text[pos:]
    encoding = draw(st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252"]))
    data = text.encode(encoding, errors="surrogateescape" if encoding == "utf-8" else "replace") \
        if encoding != "utf-8" else text.encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut]
    return data


BUG_MESSAGE = re.compile(r"unexpected|\b[A-Z]\w*(?:Error|Exception)\b")


def check_error(exc: ReaderError) -> None:
    """A documented failure: one clean sentence that is not a caught bug's class name."""
    message = str(exc)
    assert message and is_clean(message) and "\n" not in message
    assert not BUG_MESSAGE.search(message), message


def strings_of(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in strings_of(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings_of(k) + strings_of(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings_of(v)]
    return []


def check_pipeline(page) -> None:
    from reader.core.extract import extract
    from reader.core.summarize import summarize

    try:
        article = extract(page, limits=LIMITS)
    except ReaderError as exc:
        check_error(exc)
        return
    for text in strings_of(article) + strings_of(article.to_json()):
        assert is_clean(text), repr(text[:200])
    try:
        summary = summarize(article)
    except ReaderError as exc:
        check_error(exc)
        return
    result = summary.to_json(article)
    for text in strings_of(result):
        assert is_clean(text), repr(text[:200])
    for sentence in result["sentences"]:
        assert sentence["text"] == article.text[sentence["start"]:sentence["end"]]


def through_file(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "page" + suffix)
        with open(path, "wb") as out:
            out.write(data)
        try:
            page = load(path, limits=LIMITS)
        except ReaderError as exc:
            check_error(exc)
            return
    check_pipeline(page)


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from([".html", ".txt", ".mhtml", ".webarchive", ""]))
def test_arbitrary_bytes_from_a_file(data, suffix):
    through_file(data, suffix)


@FUZZ
@given(mutated_html(), st.sampled_from([".html", ".xhtml", ".txt", ""]))
def test_mutated_html_from_a_file(data, suffix):
    through_file(data, suffix)


@settings(max_examples=30, deadline=None)
@given(st.one_of(st.binary(max_size=2048), mutated_html()))
def test_stdin(data):
    saved = sys.stdin
    sys.stdin = _Stdin(data)  # type: ignore[assignment]
    try:
        try:
            page = load("-", limits=LIMITS)
        except ReaderError as exc:
            check_error(exc)
            return
    finally:
        sys.stdin = saved
    check_pipeline(page)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_location_strings(location):
    """Any text as a location: a page or a LoadError, never another exception or a request."""
    if location.lower().lstrip().startswith(("http:", "https:")):
        return  # those go to the network, which tests never touch
    try:
        load(location, limits=LIMITS)
    except ReaderError as exc:
        assert is_clean(str(exc).replace("\n", ""))


TOKENS = [b"<!--", b"-->", b"<?", b"?>", b"<?xml version='1.0'?>", b"<!doctype", b"<!DOCTYPE html",
          b">", b"<", b"<svg", b"<html", b"<rss", b"a: b\n", b"Content-Type: multipart/related",
          b" ", b"\r\n", b"\t", b"bplist00", b"WebMainResource", b"\x00", b"\xff\xfe", b"xmlns=",
          b"\"http://www.w3.org/1999/xhtml\""]


@settings(max_examples=150, deadline=1000)
@given(st.lists(st.sampled_from(TOKENS), max_size=3000))
def test_sniffing_token_soup_is_total_and_fast(tokens):
    """No input makes the sniffer's patterns backtrack (deadline 1 s for 8 KB+ inputs)."""
    from reader.core.formats import sniff
    data = b"".join(tokens)
    for claimed in (None, "text/html", "text/plain", "multipart/related"):
        kind = sniff.decide(data[:sniff.SNIFF_BYTES], claimed=claimed)
        assert isinstance(kind, str) and "/" in kind


HEADER_VALUES = {
    "Content-Type": ["text/html", "text/html; charset=utf-8", "text/html; charset=bogus",
                     "TEXT/HTML;CHARSET=\"latin-1\"", "application/octet-stream", "image/png",
                     "application/xml", "text/plain; charset=utf-16", "", ";;;", "text/",
                     "multipart/related; boundary=x", "application/x-webarchive"],
    "Content-Encoding": ["gzip", "deflate", "br", "identity", "gzip, gzip", "x-gzip", "zstd"],
    "Content-Length": ["0", "5", "100000000000", "-1", "abc", "10, 10"],
    "Location": ["/custom", "ftp://x/", "http://[bad", ""],
}


@st.composite
def http_answers(draw):
    import gzip as gzip_module
    status = draw(st.sampled_from([200, 200, 200, 204, 300, 301, 302, 304, 307, 404, 500, 999]))
    headers = []
    for name, values in HEADER_VALUES.items():
        if draw(st.booleans()):
            headers.append((name, draw(st.sampled_from(values))))
    body = draw(st.one_of(st.binary(max_size=2048), mutated_html()))
    if any(k == "Content-Encoding" and "gzip" in v for k, v in headers) and draw(st.booleans()):
        body = gzip_module.compress(body)
    return status, headers, body


@pytest.fixture(scope="module")
def loopback():
    from sources_server import serve
    with serve() as running:
        yield running


@settings(max_examples=int(os.environ.get("READER_FUZZ_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=http_answers())
def test_arbitrary_http_answers(loopback, answer):
    """Any status, headers and body: a page of a known type, or one LoadError sentence."""
    from reader.core.formats import sniff
    url = loopback.set_custom(*answer)
    limits = Limits(max_download_bytes=1024 * 1024, idle_timeout=1.0, total_timeout=3.0,
                    connect_timeout=1.0, max_redirects=3)
    try:
        page = load(url, limits=limits)
    except ReaderError as exc:
        check_error(exc)  # every HTTP failure has its own sentence
        return
    assert page.media_type in sniff.PAGE_TYPES and page.body
    check_pipeline(page)
