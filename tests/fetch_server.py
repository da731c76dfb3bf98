"""Loopback servers for the bulk fetcher's tests: several hosts (127.0.0.1, 127.0.0.2, ...,
each its own server), pages that are slow, flaky, busy (429/503 with Retry-After) or gone,
and a record of every request with its time and how many ran at once on that host.

Routes (N is any number, so each URL is distinct):
    /page/N                 an article whose text names N
    /slow/SECONDS/N         the same after SECONDS
    /flaky/TIMES/N          503 for the first TIMES requests of this path, then the page
    /busy/SECONDS/N         429 with `Retry-After: SECONDS` the first time, then the page
    /busy-date/SECONDS/N    the same with Retry-After as an HTTP date SECONDS ahead
    /gone/N                 404 while `gone` is set, then the page
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sources_server import running


def page(n: str, host: str) -> bytes:
    paragraphs = "".join(
        f"<p>Paragraph {i} of story {n} from {host} follows the river past the mill, where "
        f"the lanterns of story {n} are lit each autumn by people who remember why.</p>"
        for i in range(6))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Story {n}</title></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>Story {n}</h1>{paragraphs}"
            "</article><footer>About us</footer></body></html>").encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.lock = threading.Lock()
        self.hits: list[tuple[str, float]] = []
        self.seen: Counter[str] = Counter()
        self.running = 0
        self.most_at_once = 0
        self.gone = True
        self.stopping = threading.Event()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass
        self.close_connection = True

    def do_GET(self) -> None:
        server = self.server
        path = self.path.split("?", 1)[0]
        parts = path.strip("/").split("/")
        with server.lock:
            server.hits.append((path, time.monotonic()))
            server.seen[path] += 1
            times = server.seen[path]
            server.running += 1
            server.most_at_once = max(server.most_at_once, server.running)
        host = self.server.server_address[0]
        try:
            kind, n = parts[0], parts[-1]
            if kind == "slow":
                server.stopping.wait(float(parts[1]))
                self._send(200, page(n, host))
            elif kind == "flaky" and times <= int(parts[1]):
                self._send(503, b"busy")
            elif kind == "busy" and times == 1:
                self._send(429, b"slow down", {"Retry-After": parts[1]})
            elif kind == "busy-date" and times == 1:
                when = formatdate(time.time() + float(parts[1]), usegmt=True)
                self._send(429, b"slow down", {"Retry-After": when})
            elif kind == "gone" and server.gone:
                self._send(404, b"gone")
            elif kind in ("page", "slow", "flaky", "busy", "busy-date", "gone"):
                self._send(200, page(n, host))
            else:
                self._send(404, b"no such route")
        finally:
            with server.lock:
                server.running -= 1


class Host:
    """One running server: `url(path)`, its `hits`, `most_at_once`, and `gone`."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        address, port = server.server_address[:2]
        self.base = f"http://{address}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def hits(self) -> list[tuple[str, float]]:
        return list(self._server.hits)

    def count(self, path: str) -> int:
        return self._server.seen[path]

    @property
    def most_at_once(self) -> int:
        return self._server.most_at_once

    @property
    def gone(self) -> bool:
        return self._server.gone

    @gone.setter
    def gone(self, value: bool) -> None:
        self._server.gone = value


@contextmanager
def _one(address: str) -> Iterator[Host]:
    server = _Server((address, 0))
    with running(server, server.stopping):
        yield Host(server)


@contextmanager
def hosts(count: int = 2) -> Iterator[list[Host]]:
    """`count` servers on 127.0.0.1, 127.0.0.2, ...: distinct hosts to the fetcher."""
    with ExitStack() as stack:
        yield [stack.enter_context(_one(f"127.0.0.{n + 1}")) for n in range(count)]
