"""A loopback HTTP server that misbehaves on purpose, for load/CLI/app tests (never the network).

`serve()` starts it on 127.0.0.1 with a free port in a daemon thread; `Routes` documents each
path. Slow and endless routes stop when the client goes away or the server is closed.
"""

from __future__ import annotations

import functools
import gzip
import ssl
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)
HTML = ("<!doctype html><html><head><meta charset='utf-8'><title>Loopback page</title></head>"
        "<body><article><h1>Loopback page</h1><p>This page is served by the test server. "
        "It has a few sentences. They are here so extraction has something to find.</p>"
        "</article></body></html>").encode()
# Latin-1 bytes whose <meta> claims UTF-8: the header is right, the page is wrong.
LATIN1 = ("<html><head><meta charset='utf-8'><title>Café</title></head><body><p>"
          "Crème brûlée à la française, déjà vu.</p></body></html>").encode("latin-1")
BOMB_SIZE = 64 * 1024 * 1024  # decompressed size of the gzip bomb


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stopping = threading.Event()
        self.hits: list[str] = []
        self.custom: tuple[int, list[tuple[str, str]], bytes] = (200, [], b"")
        self.bomb = _gzip_zeros(BOMB_SIZE)


@functools.lru_cache(maxsize=2)
def _gzip_zeros(size: int) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    out = [z.compress(block) for _ in range(size // len(block))]
    out.append(z.flush())
    return b"".join(out)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - keep test output quiet
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, length: int | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Connection", "close")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def _redirect(self, target: str, code: int = 302) -> None:
        self._send(code, b"", headers={"Location": target})

    def _stream(self, pieces: Iterator[bytes], ctype: str = "text/html; charset=utf-8") -> None:
        """A body without Content-Length, ended by closing the connection."""
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            for piece in pieces:
                if self.server.stopping.is_set():
                    return
                self.wfile.write(piece)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return

    def _sleep(self, seconds: float) -> bool:
        return not self.server.stopping.wait(seconds)

    def do_GET(self) -> None:  # noqa: C901 - one branch per misbehaviour, listed in order
        path = self.path.split("?", 1)[0]
        self.server.hits.append(path)
        if path == "/page.html":
            self._send(200, HTML)
        elif path == "/404":
            self._send(404, b"<html><body>gone</body></html>")
        elif path == "/500":
            self._send(500, b"<html><body>boom</body></html>")
        elif path == "/loop/a":
            self._redirect("/loop/b")
        elif path == "/loop/b":
            self._redirect("/loop/a")
        elif path.startswith("/hops/"):
            n = int(path.rsplit("/", 1)[1])
            self._redirect(f"/hops/{n + 1}", 301)
        elif path == "/custom":  # whatever the test put in `Loopback.custom`
            status, headers, body = self.server.custom
            self.send_response(status)
            for key, value in headers:
                self.send_header(key, value)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:
                pass
            self.close_connection = True
        elif path == "/cookie-dance":  # set a cookie and redirect to itself, as consent pages do
            if "visited=1" in (self.headers.get("Cookie") or ""):
                self._send(200, HTML)
            else:
                self._send(302, b"", headers={"Location": "/cookie-dance",
                                              "Set-Cookie": "visited=1; Path=/"})
        elif path == "/redirect-ok":
            self._redirect("/page.html", 303)
        elif path == "/redirect-ftp":
            self._redirect("ftp://127.0.0.1/file.html")
        elif path == "/drip":  # headers, then one byte per 0.4 s: idle timeout below that
            def drip() -> Iterator[bytes]:
                yield b"<html><body><p>"
                while self._sleep(0.4):
                    yield b"a"
            self._stream(drip())
        elif path == "/trickle":  # one byte per 0.05 s forever: only the total time stops it
            def trickle() -> Iterator[bytes]:
                while self._sleep(0.05):
                    yield b"a"
            self._stream(trickle())
        elif path == "/hang":  # accepts, never answers
            self._sleep(30)
        elif path == "/bomb":
            self._send(200, self.server.bomb, headers={"Content-Encoding": "gzip"})
        elif path == "/endless":
            def endless() -> Iterator[bytes]:
                yield b"<html><body>"
                chunk = b"<p>" + b"endless " * 1000 + b"</p>\n"
                while True:
                    yield chunk
            self._stream(endless())
        elif path == "/image.png":
            self._send(200, PNG, "image/png")
        elif path == "/image-labelled-html":
            self._send(200, PNG, "text/html")
        elif path == "/pdf":
            self._send(200, b"%PDF-1.7\n" + bytes(100), "application/pdf")
        elif path == "/json":
            self._send(200, b'{"a": 1}', "application/json")
        elif path == "/octet-html":
            self._send(200, HTML, "application/octet-stream")
        elif path == "/no-type":
            self.send_response(200)
            self.send_header("Content-Length", str(len(HTML)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(HTML)
        elif path == "/latin1":
            self._send(200, LATIN1, "text/html; charset=ISO-8859-1")
        elif path == "/text":
            self._send(200, b"Plain text.\n\nSecond paragraph.\n", "text/plain; charset=utf-8")
        elif path == "/gzip":
            self._send(200, gzip.compress(HTML), headers={"Content-Encoding": "gzip"})
        elif path == "/deflate-raw":
            z = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
            self._send(200, z.compress(HTML) + z.flush(), headers={"Content-Encoding": "deflate"})
        elif path == "/corrupt-gzip":
            self._send(200, b"\x1f\x8b\x08\x00garbage-not-gzip" * 10,
                       headers={"Content-Encoding": "gzip"})
        elif path == "/brotli":
            self._send(200, b"\x0b\x02\x80hello\x03", headers={"Content-Encoding": "br"})
        elif path == "/short":  # Content-Length lie: promises 10000, sends 200, closes
            self._send(200, HTML[:200], length=10000)
        elif path == "/huge-length":  # Content-Length far over the cap; body never sent
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(10 ** 12))
            self.send_header("Connection", "close")
            self.end_headers()
        elif path == "/empty":
            self._send(200, b"")
        elif path == "/hostile":
            self._send(200, ("<html><head><title>\x1b]52;c;ZXZpbA==\x07Evil\u202etitle</title>"
                             "</head><body><p>Click [@click=app.quit]here[/] \x1b[2J now.</p>"
                             "</body></html>").encode())
        else:
            self._send(404, b"not found")


class Loopback:
    """A running server: `url(path)` gives its address; `hits` lists requested paths."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        host, port = server.server_address[:2]
        scheme = "https" if isinstance(server.socket, ssl.SSLSocket) else "http"
        self.base = f"{scheme}://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def set_custom(self, status: int, headers: list[tuple[str, str]], body: bytes) -> str:
        """Serve this answer at `/custom`; returns its URL."""
        self._server.custom = (status, headers, body)
        return self.url("/custom")

    @property
    def hits(self) -> list[str]:
        return self._server.hits


CERT_DIR = Path(__file__).resolve().parent / "fixtures" / "sources"


@contextmanager
def serve(tls: bool = False) -> Iterator[Loopback]:
    """Run the server; with `tls`, over HTTPS with a self-signed certificate (never trusted)."""
    server = _Server(("127.0.0.1", 0), _Handler)
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(CERT_DIR / "selfsigned.pem", CERT_DIR / "selfsigned.key")
        server.socket = context.wrap_socket(server.socket, server_side=True,
                                            do_handshake_on_connect=False)
    with running(server, server.stopping):
        yield Loopback(server)


@contextmanager
def running(server: ThreadingHTTPServer, stopping: threading.Event) -> Iterator[None]:
    """Serve in a daemon thread until the block ends; `stopping` is set first, telling slow
    and endless routes to give up."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
