"""Progress while reading in a page: a bar with bytes received (or a pulsing bar when the server
does not say how big the page is).

`reader.core.sources.load` calls `progress(received, total)` from its worker thread, many times
a second on a fast link; `DownloadProgress.callback()` returns a thread-safe, throttled function
to pass it, so the UI repaints at most ~20 times a second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


def format_bytes(count: int) -> str:
    """1536 -> '1.5 KB' (decimal-free for bytes, one decimal above)."""
    if count < 1000:
        return f"{count} B"
    value = float(count)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1000 or unit == "GB":
            return f"{value:.1f} {unit}"
    return f"{value:.1f} GB"  # pragma: no cover - loop always returns


def describe(received: int, total: int | None) -> str:
    if total:
        return f"{format_bytes(received)} of {format_bytes(total)}"
    return f"{format_bytes(received)} received"


class DownloadProgress(Horizontal):
    """`Downloading example.com  [██████░░░░]  1.2 MB of 3.4 MB`; hidden until started."""

    DEFAULT_CSS = """
    DownloadProgress {
        height: 1;
        width: 100%;
        display: none;
        padding: 0 1;
        align-horizontal: center;
    }
    DownloadProgress.-active { display: block; }
    DownloadProgress > #download-what { width: auto; max-width: 40%; padding-right: 1;
                                       color: $text-muted; }
    DownloadProgress.-anonymous > #download-what { display: none; }
    DownloadProgress > ProgressBar { width: auto; }
    DownloadProgress > ProgressBar Bar { width: 24; }
    DownloadProgress > #download-bytes { width: auto; padding-left: 2; }
    """

    MIN_INTERVAL = 0.05  # seconds between repaints from the download thread

    def __init__(self, *, id: str | None = "download-progress") -> None:
        super().__init__(id=id)
        self.what = ""
        self.bytes_text = ""  # the bytes label: "" until the first bytes are counted
        self.received = 0
        self.total: int | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="download-what")
        yield ProgressBar(total=None, show_eta=False, show_percentage=True)
        yield Label("", id="download-bytes")

    def on_mount(self) -> None:
        self._paint()  # what arrived while the bar was being mounted

    def start(self, what: str) -> None:
        self.what, self.bytes_text, self.received, self.total = what, "", 0, None
        self.set_class(not what, "-anonymous")
        self.add_class("-active")
        self._paint()

    def update_bytes(self, received: int, total: int | None) -> None:
        """Show `received` of `total` bytes (UI thread; kept until mounted if called before)."""
        self.received, self.total = received, total
        self.bytes_text = describe(received, total)
        self._paint()

    def _paint(self) -> None:
        if not self.children:
            return  # not composed yet: on_mount paints
        self.query_one("#download-what", Label).update(self.what)
        bar = self.query_one(ProgressBar)
        if self.total:
            bar.update(total=self.total, progress=min(self.received, self.total))
        else:
            bar.update(total=None, progress=0)
        self.query_one("#download-bytes", Label).update(self.bytes_text)

    def finish(self) -> None:
        self.remove_class("-active")

    def callback(self) -> Callable[[int, int | None], None]:
        """A `progress(received, total)` for `load()` running in a worker thread."""
        last = [0.0]

        def report(received: int, total: int | None) -> None:
            now = time.monotonic()
            done = total is not None and received >= total
            if not done and now - last[0] < self.MIN_INTERVAL:
                return
            last[0] = now
            app = self.app
            try:
                if getattr(app, "_thread_id", None) == threading.get_ident():
                    self.update_bytes(received, total)  # an async worker: already on the UI
                else:
                    app.call_from_thread(self.update_bytes, received, total)
            except RuntimeError:  # app shut down while downloading; nothing to show
                pass

        return report
