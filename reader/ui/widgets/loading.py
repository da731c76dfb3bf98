"""What the reading screen shows while a location is fetched and extracted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
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
    """The location being opened; after a moment a loading indicator, and the bytes received
    once they arrive. The indicator and the progress bar are mounted only when needed: a local
    page is usually on screen before either would show, and widgets that are never shown
    still cost start-up time."""

    DEFAULT_CSS = """
    LoadingPanel { height: 1fr; align: center middle; }
    LoadingPanel > LoadingIndicator { height: 3; }
    LoadingPanel > #loading-status { width: 100%; height: auto; text-align: center; }
    """

    INDICATOR_DELAY = 0.3  # seconds of loading before the indicator appears

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._location = ""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="loading-status")

    def start(self, location: str) -> None:
        self._location = clean_line(location)
        self._status(f"Opening {self._location}…")
        for bar in self.query(DownloadProgress):
            bar.finish()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.INDICATOR_DELAY, self._show_indicator,
                                     name="loading indicator")

    def _show_indicator(self) -> None:
        self._timer = None
        if not self.query(LoadingIndicator):
            self.mount(LoadingIndicator(), before=0)

    def progress(self, received: int, total: int | None) -> None:
        bars = self.query(DownloadProgress)
        if not bars and self._timer is not None and total is not None and received >= total:
            return  # read whole before the indicator was due: no bar to show
        bar = bars.first() if bars else DownloadProgress()  # (reader/ui/widgets/progress.py)
        if not bar.has_class("-active"):
            bar.start("")
        bar.update_bytes(received, total)  # before the bar is mounted: shown once it is
        if not bars:
            self.mount(bar)

    def _status(self, message: str) -> None:
        self.query_one("#loading-status", Static).update(
            Text(message, no_wrap=True, overflow="ellipsis"))
