"""What the reading screen shows while a location is fetched and extracted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import LoadingIndicator, Static

from reader.core.safety import clean_line
from reader.ui.widgets.progress import DownloadProgress


def human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"  # pragma: no cover


class LoadingPanel(Vertical):
    """A loading indicator with the location being opened and the bytes received so far."""

    DEFAULT_CSS = """
    LoadingPanel { height: 1fr; align: center middle; }
    LoadingPanel > LoadingIndicator { height: 3; }
    LoadingPanel > #loading-status { width: 100%; height: auto; text-align: center; }
    """

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        yield Static("", id="loading-status")
        yield DownloadProgress()  # bar + bytes, shown once bytes arrive (reader/ui/widgets/progress.py)

    def start(self, location: str) -> None:
        self._location = clean_line(location)
        self._status(f"Opening {self._location}…")
        self.query_one(DownloadProgress).finish()

    def progress(self, received: int, total: int | None) -> None:
        bar = self.query_one(DownloadProgress)
        if not bar.has_class("-active"):
            bar.start("")
        bar.update_bytes(received, total)

    def _status(self, message: str) -> None:
        self.query_one("#loading-status", Static).update(
            Text(message, no_wrap=True, overflow="ellipsis"))
