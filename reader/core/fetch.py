"""HTTP(S) download with hard limits: the one place reader talks to the network.

Why it looks like this:
- The body is streamed raw and decompressed here with a bounded output per step, so a gzip
  bomb is refused after at most one extra 64 KB block, not after inflating in memory.
- Redirects are followed by hand so loops, the hop count and the target scheme are checked.
  httpx parses a Location header even when it does not follow it, and fails on `javascript:`
  or `data:` with an error that blames the user's own URL; so a response hook takes the header
  away from httpx and `redirect_target` reads it as a browser would, saying what it was. A
  page from the web is never allowed to lead to a local file: `file:` targets are refused.
- The request runs in a daemon thread while the caller waits with a deadline: socket timeouts
  only bound each read (the idle time), and a server dripping a byte every few seconds must
  still not hold the caller beyond the total time. Progress events travel back on a queue, so
  the caller's callback runs in the caller's own thread.
"""

from __future__ import annotations

import errno
import queue
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from email.message import Message
from urllib.parse import urlsplit
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported on first use: opening a local file never pays for httpx (startup)
    import httpx

from reader import __version__
from reader.core.formats import sniff
from reader.core.errors import LoadError
from reader.core.limits import Limits
from reader.core.limits import human_size as human_size  # re-exported: messages elsewhere use it
from reader.core.links import url_scheme as url_scheme  # re-exported: callers of fetch use it
from reader.core.safety import short as short
from reader.core.models import Page
from reader.core.safety import clean_line

Progress = Callable[[int, "int | None"], None]
CHUNK = 64 * 1024

_HEADER_TYPES = {
    "text/html": sniff.HTML,
    "application/xhtml+xml": sniff.XHTML,
    "text/plain": sniff.TEXT,
    "text/markdown": sniff.TEXT,
    "text/x-markdown": sniff.TEXT,
    "text/x-rst": sniff.TEXT,
    "multipart/related": sniff.MHTML,
    "message/rfc822": sniff.MHTML,
    "application/x-mimearchive": sniff.MHTML,
    "application/x-webarchive": sniff.WEBARCHIVE,
}
# Labels that say nothing: the content decides.
_UNLABELLED = {"", "application/octet-stream", "binary/octet-stream", "application/unknown",
               "unknown/unknown", "application/x-unknown-content-type", "application/download"}
_XML = {"application/xml", "text/xml"}
_REDIRECTS = {301, 302, 303, 307, 308}
# Answers and connection failures that may go away if the same request is made later
# (`LoadError.retryable`); a missing page, a refused type or a dead domain will not.
RETRY_STATUSES = frozenset({408, 425, 429, 502, 503, 504})
RETRY_REASONS = frozenset({"connection refused", "connection reset", "network unreachable",
                           "host unreachable"})
_URL_EDGES = "".join(chr(c) for c in range(0x21))  # C0 controls and space, stripped by browsers
_URL_INSIDE = re.compile(r"[\t\n\r]")               # removed anywhere, as browsers do


def redirect_target(base: "httpx.URL", location: str, original: str) -> "httpx.URL":
    """Where a redirect from `base` with this Location header leads; LoadError if it may not.

    The header is cleaned as the WHATWG URL parser does (edges stripped, tabs and newlines
    removed, backslashes as slashes), so "java\tscript:" is reported as the javascript: it is.
    """
    import httpx

    cleaned = _URL_INSIDE.sub("", location.strip(_URL_EDGES))
    if not cleaned:
        raise LoadError(f"{short(original)} redirects without saying where (an empty Location "
                        "header).")
    scheme = url_scheme(cleaned)
    if scheme == "file":
        raise LoadError(f"{short(original)} redirects to a local file ({short(cleaned, 80)}), "
                        "which a page from the web may never open.")
    if scheme and scheme not in ("http", "https"):
        article = "an" if scheme[0] in "aeiou" else "a"
        raise LoadError(f"{short(original)} redirects to {article} {short(scheme, 20)}: address, "
                        "which reader does not open.")
    invalid = f"{short(original)} redirects to an invalid address ({short(cleaned, 80)})."
    candidate = cleaned.replace("\\", "/")
    try:
        if scheme and not urlsplit(candidate).netloc:  # "http://", "http:page": no host to go to
            raise LoadError(invalid)
        target = base.join(candidate)
    except (httpx.InvalidURL, ValueError, TypeError):
        raise LoadError(invalid) from None
    host = target.host or ""
    if target.scheme not in ("http", "https") or not host or re.search(r"[\s%]", host):
        raise LoadError(invalid)
    return target


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """(media type in lower case, charset or None) from a Content-Type header value."""
    if not value:
        return "", None
    msg = Message()
    msg["content-type"] = value
    media = msg.get_content_type() if "/" in value.split(";", 1)[0] else ""
    charset = msg.get_param("charset")
    if isinstance(charset, tuple):  # RFC 2231 form
        charset = charset[2]
    charset = str(charset).strip().strip("\"'") if charset else None
    return media.lower(), (charset or None)


class BoundedDecoder:
    """Undo Content-Encoding (identity, gzip, deflate) yielding at most CHUNK bytes per step."""

    def __init__(self, encoding: str | None, host: str) -> None:
        codings = [c.strip().lower() for c in (encoding or "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1:
            raise LoadError(f"The server at {host} used stacked compression ({encoding}), "
                            "which reader does not read.")
        self.coding = codings[0] if codings else None
        if self.coding in ("gzip", "x-gzip"):
            self._wbits = 16 + zlib.MAX_WBITS
        elif self.coding == "deflate":
            self._wbits = zlib.MAX_WBITS
        elif self.coding is None:
            self._wbits = 0
        else:
            raise LoadError(f"The server at {host} used a compression reader does not read "
                            f"({self.coding}).")
        self._host = host
        self._z = zlib.decompressobj(self._wbits) if self._wbits else None
        self._produced = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._z is None:
            if data:
                yield data
            return
        buf = data
        while buf:
            try:
                out = self._z.decompress(buf, CHUNK)
            except zlib.error:
                if self.coding == "deflate" and not self._produced and self._wbits > 0:
                    self._wbits = -zlib.MAX_WBITS  # raw deflate, as some servers send
                    self._z = zlib.decompressobj(self._wbits)
                    continue
                raise LoadError(f"The server at {self._host} sent a corrupt compressed page.") from None
            buf = self._z.unconsumed_tail
            if out:
                self._produced = True
                yield out
            if self._z.eof:
                rest = self._z.unused_data
                if self._wbits > 16 and rest.strip(b"\x00"):  # another gzip member follows
                    self._z = zlib.decompressobj(self._wbits)
                    buf = rest
                else:
                    break

    def finish(self) -> bytes:
        if self._z is None:
            return b""
        try:
            return self._z.flush()
        except zlib.error:
            raise LoadError(f"The server at {self._host} sent a corrupt compressed page.") from None


def _host(url: httpx.URL | str) -> str:
    import httpx
    try:
        return httpx.URL(str(url)).host or str(url)
    except Exception:  # noqa: BLE001 - only used in messages
        return str(url)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _network_reason(exc: BaseException) -> tuple[str, bool]:
    """(short reason, is_tls) for a connection failure, from the exception chain."""
    for item in _chain(exc):
        if isinstance(item, ssl.SSLCertVerificationError):
            return f"certificate not trusted: {item.verify_message or item.reason}", True
        if isinstance(item, ssl.SSLError):
            reason = (item.reason or str(item)).replace("_", " ").lower()
            return f"TLS error: {reason}", True
        if isinstance(item, socket.gaierror):
            return "name not resolved", False
        if isinstance(item, ConnectionRefusedError):
            return "connection refused", False
        if isinstance(item, ConnectionResetError):
            return "connection reset", False
        if isinstance(item, OSError) and item.errno in (errno.ENETUNREACH,):
            return "network unreachable", False
        if isinstance(item, OSError) and item.errno in (errno.EHOSTUNREACH,):
            return "host unreachable", False
    text = str(exc).lower()
    if any(s in text for s in ("name or service not known", "nodename nor servname",
                               "temporary failure in name resolution", "getaddrinfo failed",
                               "no address associated", "name resolution")):
        return "name not resolved", False
    if "refused" in text:
        return "connection refused", False
    if "certificate" in text or "ssl" in text or "tls" in text:
        return f"TLS error: {exc}", True
    return (str(exc) or type(exc).__name__), False


def _classify_header(media: str, url: str) -> str | None:
    """The page type a Content-Type promises, None to sniff, or LoadError for non-pages."""
    if media in _UNLABELLED:
        return None
    if media in _HEADER_TYPES:
        return _HEADER_TYPES[media]
    if media in _XML or media.endswith("+xml") and media not in ("image/svg+xml",):
        return "xml"
    raise LoadError(f"{short(url)} is not a web page ({media}).")


def _check_status(response: httpx.Response, url: str) -> None:
    code = response.status_code
    if 200 <= code < 300:
        return
    wait = clean_line(response.headers.get("retry-after"))[:100] or None
    reason = clean_line(response.reason_phrase)[:60]
    if not reason:
        try:
            reason = HTTPStatus(code).phrase
        except ValueError:
            raise LoadError(f"The server answered with status {code} for {short(url)}.",
                            status=code, retry_after=wait, retryable=code in RETRY_STATUSES
                            ) from None
    raise LoadError(f"The server answered {code} {reason} for {short(url)}.", status=code,
                    retry_after=wait, retryable=code in RETRY_STATUSES)


def _read_body(response: httpx.Response, url: str, limits: Limits,
               progress: Progress | None, cancel: threading.Event) -> Page:
    host = _host(response.url)
    cap = limits.max_download_bytes
    media, charset = parse_content_type(response.headers.get("content-type"))
    claimed = _classify_header(media, url)
    length_header = response.headers.get("content-length", "").strip()
    expected = int(length_header) if length_header.isdigit() else None
    if expected is not None and expected > cap:
        raise LoadError(f"{short(url)} is too large ({human_size(expected)}), over the "
                        f"{human_size(cap)} download limit (max_download_bytes).")
    decoder = BoundedDecoder(response.headers.get("content-encoding"), host)
    parts: list[bytes] = []
    raw_total = decoded_total = 0

    def take(piece: bytes) -> None:
        nonlocal decoded_total
        decoded_total += len(piece)
        if decoded_total > cap:
            if decoder.coding:
                raise LoadError(f"{short(url)} expands to more than the {human_size(cap)} "
                                "download limit when decompressed (max_download_bytes).")
            raise LoadError(_over_download_limit(url, cap))
        parts.append(piece)

    for raw in response.iter_raw(CHUNK):
        if cancel.is_set():
            raise LoadError("The download was cancelled.")
        raw_total += len(raw)
        if raw_total > cap:
            raise LoadError(_over_download_limit(url, cap))
        for piece in decoder.feed(raw):
            take(piece)
        if progress is not None:
            progress(raw_total, expected)
    take(decoder.finish())
    body = b"".join(parts)
    if not body:
        raise LoadError(f"{short(url)} sent an empty page.")
    head = body[:sniff.SNIFF_BYTES]
    if claimed == "xml":
        kind = sniff.decide(head, claimed=None)
        if kind == sniff.TEXT:
            raise LoadError(f"{short(url)} is not a web page ({media}).")
    else:
        kind = sniff.decide(head, claimed=claimed)
    if kind not in sniff.PAGE_TYPES:
        shown = kind if kind != sniff.BINARY else (media or kind)
        raise LoadError(f"{short(url)} is not a web page ({shown}).")
    if charset is None:
        charset = sniff.utf16_without_bom(head)
    return Page(location=url, body=body, media_type=kind, final_url=str(response.url),
                charset=charset)


def _over_download_limit(url: str, cap: int) -> str:
    return f"{short(url)} is larger than the {human_size(cap)} download limit (max_download_bytes)."


def _cookie_state(client: httpx.Client) -> tuple[tuple[str, str, str, str], ...]:
    return tuple(sorted((c.domain, c.path, c.name, c.value or "") for c in client.cookies.jar))


def _download(url: str, limits: Limits, progress: Progress | None,
              cancel: threading.Event) -> Page:
    import httpx
    timeout = httpx.Timeout(connect=limits.connect_timeout, read=limits.idle_timeout,
                            write=limits.idle_timeout, pool=limits.connect_timeout)
    headers = {
        "User-Agent": f"Mozilla/5.0 (compatible; reader/{__version__}; terminal article reader)",
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    }
    try:
        current = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        raise LoadError(f"Not a valid web address: {short(url)}") from None
    if not current.host:
        raise LoadError(f"Not a valid web address: {short(url)} (no host name).")
    host = current.host
    held: dict[int, list[str]] = {}

    def hold_location(response: httpx.Response) -> None:
        """Take Location away from httpx before it parses it (see the module docstring)."""
        if "location" in response.headers:
            held[id(response)] = response.headers.get_list("location")
            del response.headers["location"]

    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers,
                          event_hooks={"response": [hold_location]}) as client:
            # A loop is a URL seen again with the same cookies: "set a cookie and redirect to
            # yourself" is a normal login/consent dance, not a loop.
            seen = {(str(current), _cookie_state(client))}
            for _hop in range(limits.max_redirects + 1):
                host = current.host
                with client.stream("GET", current) as response:
                    locations = held.pop(id(response), None)
                    if response.status_code in _REDIRECTS and locations is not None:
                        if len(set(locations)) > 1:
                            raise LoadError(f"{short(url)} redirects to several addresses at "
                                            "once (more than one Location header).")
                        target = redirect_target(response.url, locations[0], url)
                        state = (str(target), _cookie_state(client))
                        if state in seen:
                            raise LoadError(f"{short(url)} redirects in a loop "
                                            f"(back to {short(str(target))}).")
                        seen.add(state)
                        current = target
                        continue
                    _check_status(response, str(current))
                    page = _read_body(response, str(current), limits, progress, cancel)
                    page.location = url
                    return page
    except LoadError:
        raise
    except httpx.ConnectTimeout:
        raise LoadError(f"Could not reach {host} (no answer within "
                        f"{limits.connect_timeout:g} s, connect_timeout).",
                        retryable=True) from None
    except (httpx.ReadTimeout, httpx.WriteTimeout):
        raise LoadError(f"{host} stopped sending data for {limits.idle_timeout:g} s "
                        "(idle_timeout); giving up.", retryable=True) from None
    except httpx.PoolTimeout:
        raise LoadError(f"Could not reach {host} (no free connection).",
                        retryable=True) from None
    except httpx.ConnectError as exc:
        reason, tls = _network_reason(exc)
        if tls:
            raise LoadError(f"Could not open a secure connection to {host} ({reason}).") from None
        raise LoadError(f"Could not reach {host} ({reason}).",
                        retryable=reason in RETRY_REASONS) from None
    except httpx.RemoteProtocolError as exc:
        text = str(exc)
        if "incomplete" in text or "without sending complete message body" in text:
            raise LoadError(f"The connection to {host} closed before the page was complete.",
                            retryable=True) from None
        reason = text.split(":", 1)[0] if "bytearray(" in text else text  # h11 quotes raw bytes
        raise LoadError(f"The server at {host} sent a broken response ({short(reason, 80)}).") from None
    except httpx.DecodingError:
        raise LoadError(f"The server at {host} sent a corrupt compressed page.") from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL):
        if str(current) != str(httpx.URL(url)):  # never blame the user's URL for a redirect's
            raise LoadError(f"{short(url)} redirects to an invalid address "
                            f"({short(str(current), 80)}).") from None
        raise LoadError(f"Not a valid web address: {short(url)}") from None
    except (httpx.ReadError, httpx.WriteError, httpx.NetworkError) as exc:
        reason, _tls = _network_reason(exc)
        raise LoadError(f"The connection to {host} failed ({reason}).",
                        retryable=True) from None
    except httpx.TransportError as exc:
        raise LoadError(f"Could not load {short(url)} ({type(exc).__name__}).") from None
    raise LoadError(f"{short(url)} redirected more than {limits.max_redirects} times "
                    "(max_redirects); giving up.")


def fetch(url: str, limits: Limits, progress: Progress | None = None) -> Page:
    """Download `url` within `limits`; LoadError with one sentence on any failure."""
    events: queue.Queue[tuple[Any, ...]] = queue.Queue()
    cancel = threading.Event()

    def report(done: int, total: int | None) -> None:
        events.put(("progress", done, total))

    def work() -> None:
        try:
            events.put(("done", _download(url, limits, report if progress else None, cancel)))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            events.put(("error", exc))

    worker = threading.Thread(target=work, name="reader-fetch", daemon=True)
    deadline = time.monotonic() + limits.total_timeout
    worker.start()
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LoadError(f"Gave up on {short(url)} after {limits.total_timeout:g} s "
                                "(the download took too long, total_timeout).", retryable=True)
            try:  # short waits: a huge timeout overflows some platforms' clocks
                event = events.get(timeout=min(remaining, 60.0))
            except queue.Empty:
                continue
            if event[0] == "progress":
                if progress is not None:
                    progress(event[1], event[2])
            elif event[0] == "done":
                page: Page = event[1]
                return page
            else:
                raise event[1]
    finally:
        cancel.set()
