"""load() over HTTP against a misbehaving loopback server: clear errors, within small limits."""

from __future__ import annotations

import time

import pytest
from sources_server import BOMB_SIZE, HTML, LATIN1, serve

from reader.core.errors import LoadError
from reader.core.limits import Limits
from reader.core.sources import load

# Small limits so every misbehaviour is caught fast.
FAST = Limits(max_download_bytes=2 * 1024 * 1024, connect_timeout=2.0, idle_timeout=0.3,
              total_timeout=3.0, max_redirects=5)


@pytest.fixture(scope="module")
def server():
    with serve() as running:
        yield running


def fails(location: str, limits: Limits = FAST, within: float = 4.0) -> str:
    started = time.monotonic()
    with pytest.raises(LoadError) as info:
        load(location, limits=limits)
    elapsed = time.monotonic() - started
    assert elapsed < within, f"took {elapsed:.1f}s"
    message = str(info.value)
    assert "\n" not in message and message.endswith((".", ")")), message
    return message


def test_ok_page_has_type_charset_and_final_url(server):
    seen = []
    page = load(server.url("/page.html"), limits=FAST, progress=lambda n, t: seen.append((n, t)))
    assert page.body == HTML
    assert page.media_type == "text/html"
    assert page.charset == "utf-8"
    assert page.final_url == server.url("/page.html")
    assert page.location == server.url("/page.html")
    assert seen and seen[-1] == (len(HTML), len(HTML))


def test_redirect_sets_final_url(server):
    page = load(server.url("/redirect-ok"), limits=FAST)
    assert page.final_url == server.url("/page.html")
    assert page.location == server.url("/redirect-ok")
    assert page.body == HTML


@pytest.mark.parametrize("path,code,reason", [("/404", 404, "Not Found"),
                                              ("/500", 500, "Internal Server Error")])
def test_http_errors(server, path, code, reason):
    url = server.url(path)
    assert fails(url) == f"The server answered {code} {reason} for {url}."


def test_redirect_loop(server):
    message = fails(server.url("/loop/a"))
    assert "redirects in a loop" in message and "/loop/a" in message


def test_too_many_redirects(server):
    message = fails(server.url("/hops/0"))
    assert message == f"{server.url('/hops/0')} redirected more than 5 times (max_redirects); giving up."
    assert "/hops/5" in server.hits and "/hops/6" not in server.hits


def test_redirect_to_other_scheme_refused(server):
    assert "redirects to a ftp: address" in fails(server.url("/redirect-ftp"))


def test_slow_drip_hits_idle_timeout(server):
    message = fails(server.url("/drip"), within=2.0)
    assert message == "127.0.0.1 stopped sending data for 0.3 s (idle_timeout); giving up."


def test_server_that_never_answers_hits_idle_timeout(server):
    assert "stopped sending data" in fails(server.url("/hang"), within=2.0)


def test_trickle_hits_total_time(server):
    limits = Limits(idle_timeout=1.0, total_timeout=1.0, connect_timeout=1.0)
    message = fails(server.url("/trickle"), limits=limits, within=2.0)
    assert message == (f"Gave up on {server.url('/trickle')} after 1 s (the download took too long, "
                       "total_timeout).")


def test_gzip_bomb_refused_early(server):
    progress: list[int] = []
    started = time.monotonic()
    with pytest.raises(LoadError) as info:
        load(server.url("/bomb"), limits=FAST, progress=lambda n, t: progress.append(n))
    assert time.monotonic() - started < 2
    assert str(info.value).endswith("expands to more than the 2 MB download limit when decompressed "
                                    "(max_download_bytes).")
    # Refused while reading: far less than the whole (64 KB compressed) body was inflated.
    assert BOMB_SIZE > 30 * FAST.max_download_bytes
    assert not progress or progress[-1] < 64 * 1024


def test_endless_body_refused_at_cap(server):
    message = fails(server.url("/endless"))
    assert message == f"{server.url('/endless')} is larger than the 2 MB download limit (max_download_bytes)."


def test_content_length_over_cap_refused_before_body(server):
    message = fails(server.url("/huge-length"), within=1.5)
    assert "is too large (931 GB), over the 2 MB download limit (max_download_bytes)." in message


def test_content_length_lie(server):
    assert fails(server.url("/short")) == \
        "The connection to 127.0.0.1 closed before the page was complete."


@pytest.mark.parametrize("path,kind", [("/image.png", "image/png"), ("/pdf", "application/pdf"),
                                       ("/json", "application/json"),
                                       ("/image-labelled-html", "image/png")])
def test_not_a_web_page(server, path, kind):
    assert fails(server.url(path)) == f"{server.url(path)} is not a web page ({kind})."


def test_image_refused_from_header_without_reading_body(server):
    progress: list[int] = []
    with pytest.raises(LoadError):
        load(server.url("/image.png"), limits=FAST, progress=lambda n, t: progress.append(n))
    assert progress == []


def test_wrong_meta_charset_keeps_header_charset(server):
    page = load(server.url("/latin1"), limits=FAST)
    assert page.charset == "ISO-8859-1"
    assert page.body == LATIN1
    assert page.body.decode(page.charset).count("é") == 3


@pytest.mark.parametrize("path", ["/octet-html", "/no-type"])
def test_unlabelled_html_is_sniffed(server, path):
    page = load(server.url(path), limits=FAST)
    assert page.media_type == "text/html" and page.body == HTML


def test_plain_text(server):
    page = load(server.url("/text"), limits=FAST)
    assert page.media_type == "text/plain"


@pytest.mark.parametrize("path", ["/gzip", "/deflate-raw"])
def test_compressed_bodies_are_decoded(server, path):
    assert load(server.url(path), limits=FAST).body == HTML


@pytest.mark.parametrize("path,needle", [("/corrupt-gzip", "corrupt compressed page"),
                                         ("/brotli", "compression reader does not read (br)"),
                                         ("/empty", "sent an empty page")])
def test_bad_bodies(server, path, needle):
    assert needle in fails(server.url(path))


def test_connection_refused():
    import socket
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert fails(f"http://127.0.0.1:{port}/x") == "Could not reach 127.0.0.1 (connection refused)."


def test_name_not_resolved():
    # .invalid never resolves (RFC 6761); offline resolvers fail fast too.
    assert fails("http://no-such-host.invalid/", within=10) == \
        "Could not reach no-such-host.invalid (name not resolved)."


def test_progress_callback_runs_in_callers_thread(server):
    import threading
    threads = set()
    load(server.url("/page.html"), limits=FAST,
         progress=lambda n, t: threads.add(threading.get_ident()))
    assert threads == {threading.get_ident()}


def test_wrong_meta_charset_reads_as_a_browser_would(server):
    """The header says latin-1, the <meta> says utf-8: the header wins, as in browsers."""
    from reader.core.extract import extract

    article = extract(load(server.url("/latin1"), limits=FAST))
    assert "Crème brûlée à la française, déjà vu." in article.text
    assert article.url == server.url("/latin1")


def test_untrusted_certificate():
    with serve(tls=True) as tls_server:
        assert fails(tls_server.url("/page.html")) == ("Could not open a secure connection to "
                                                       "127.0.0.1 (certificate not trusted: "
                                                       "self-signed certificate).")


def test_https_to_a_plain_http_server(server):
    url = server.url("/page.html").replace("http://", "https://")
    message = fails(url)
    assert message.startswith("Could not open a secure connection to 127.0.0.1 (TLS error: ")


def test_cookie_then_redirect_to_itself_is_not_a_loop(server):
    page = load(server.url("/cookie-dance"), limits=FAST)
    assert page.body == HTML and page.final_url == server.url("/cookie-dance")


@pytest.mark.parametrize("location,scheme", [
    ("javascript:alert(1)", "javascript"), ("JavaScript:alert(document.cookie)", "javascript"),
    ("  javascript:alert(1)", "javascript"), ("java\tscript:alert(1)", "javascript"),
    ("data:text/html,<p>hi</p>", "data"), ("mailto:someone@example.com", "mailto"),
    ("about:blank", "about"), ("view-source:https://example.com/", "view-source"),
    ("ftp://127.0.0.1/x.html", "ftp"),
])
def test_redirect_to_a_scheme_reader_does_not_open_says_so(server, location, scheme):
    """Never "Not a valid web address: <the user's valid URL>" (httpx's own Location parsing)."""
    url = server.set_custom(302, [("Location", location)], b"")
    article = "an" if scheme[0] in "aeiou" else "a"
    assert fails(url) == f"{url} redirects to {article} {scheme}: address, which reader does not open."


def test_redirect_to_a_local_file_is_refused_and_nothing_is_read(server, tmp_path):
    page = tmp_path / "secret.html"
    page.write_text("<html><body><p>A local page that the web must never reach.</p></body></html>")
    for location in (f"file://{page}", f"file:{page}", "FILE:///etc/passwd", " file:///etc/passwd"):
        url = server.set_custom(301, [("Location", location)], b"")
        message = fails(url)
        assert message.startswith(f"{url} redirects to a local file (")
        assert message.endswith("), which a page from the web may never open.")


@pytest.mark.parametrize("headers,expected", [
    ([("Location", "")], "redirects without saying where (an empty Location header)."),
    ([("Location", "http://[::1")], "redirects to an invalid address (http://[::1)."),
    ([("Location", "https://exa mple.com/")], "redirects to an invalid address (https://exa mple.com/)."),
    ([("Location", "http://")], "redirects to an invalid address (http://)."),
    ([("Location", "/page.html"), ("Location", "/404")],
     "redirects to several addresses at once (more than one Location header)."),
])
def test_malformed_location_headers_are_named(server, headers, expected):
    url = server.set_custom(302, headers, b"")
    assert fails(url) == f"{url} {expected}"


def test_relative_and_backslashed_redirects_still_work(server):
    for location in ("/page.html", "page.html", "  /page.html\t", server.url("/page.html").replace("/", "\\", 3)):
        url = server.set_custom(307, [("Location", location)], b"")
        assert load(url, limits=FAST).final_url == server.url("/page.html"), location
