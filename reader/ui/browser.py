"""Opening a web address in the user's web browser (`B`, and `b` in the list of links), also over
SSH.

Python's `webbrowser` picks the browser: a graphical one when there is a display, else a
terminal browser (lynx, w3m, links, elinks, or whatever `$BROWSER` names). A terminal browser
needs the terminal the app is drawing on: run as `webbrowser` runs it, it starts on top of the
app, both read the keys, and the app's screen is left half drawn. So a browser that runs in the
foreground where there is no display (or that is a known terminal browser) runs with the app
suspended (`App.suspend()`: the terminal is handed over, and the app redraws itself when the
browser exits); a graphical browser is started in a thread (some wait until their window
closes); with none at all, the address is copied instead. Each case says what happened in one
sentence.
"""

from __future__ import annotations

import os
import subprocess
import sys
import webbrowser
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.core.safety import clean_line

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

# Browsers that draw in the terminal they are started from.
TERMINAL_BROWSERS = frozenset({"lynx", "w3m", "links", "links2", "elinks", "www-browser",
                               "browsh", "carbonyl", "cha", "chawan", "netsurf-fb"})


@dataclass(frozen=True, slots=True)
class Browser:
    """The browser `webbrowser` would use: "graphical", "terminal" or "none"."""

    kind: str
    name: str = ""
    controller: webbrowser.BaseBrowser | None = None
    command: list[str] = field(default_factory=list)   # terminal: argv, "%s" for the address

    def argv(self, url: str) -> list[str]:
        args = [arg.replace("%s", url) for arg in self.command]
        return args if any(url in arg for arg in args) else args + [url]


def has_display() -> bool:
    """A graphical session is there (always on macOS and Windows)."""
    if sys.platform == "darwin" or sys.platform.startswith("win"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def choose() -> Browser:
    """The browser for this session, read afresh (`$BROWSER` or the display may have changed
    since the app started: `webbrowser` itself decides only once)."""
    webbrowser.register_standard_browsers()
    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return Browser("none")
    name = getattr(controller, "basename", None) or getattr(controller, "name", "") or ""
    foreground = isinstance(controller, webbrowser.GenericBrowser) and \
        not isinstance(controller, webbrowser.BackgroundBrowser)
    terminal = os.path.basename(name) in TERMINAL_BROWSERS or (foreground and not has_display())
    if terminal:
        program = getattr(controller, "name", name)
        args = list(getattr(controller, "args", ["%s"])) if foreground else ["%s"]
        return Browser("terminal", os.path.basename(name), controller, [program, *args])
    return Browser("graphical", os.path.basename(name), controller)


def open_url(app: ReaderApp, url: str) -> None:
    """Open `url` in the user's browser (see the module docstring) and say what happened."""
    shown = clean_line(url)
    browser = choose()
    if browser.kind == "none":
        app.copy_text(url)
        app.notify(f"No web browser is available here, so the address is copied instead: "
                   f"{shown}", severity="warning", timeout=8)
        return
    if browser.kind == "terminal":
        _run_in_terminal(app, browser, url)
        return
    _open_graphical(app, browser, url)


def _run_in_terminal(app: ReaderApp, browser: Browser, url: str) -> None:
    from textual.app import SuspendNotSupported
    try:
        with app.suspend():
            result = subprocess.run(browser.argv(url), check=False)
    except SuspendNotSupported:
        app.copy_text(url)
        app.notify(f"{browser.name} cannot be given this terminal here, so the address is "
                   f"copied instead.", severity="warning", timeout=8)
        return
    except OSError as exc:
        app.copy_text(url)
        app.notify(f"{browser.name} could not be started ({exc.strerror or exc}), so the "
                   f"address is copied instead.", severity="warning", timeout=8)
        return
    app.refresh(layout=True)
    if result.returncode:
        app.notify(f"{browser.name} ended with an error (exit status {result.returncode}).",
                   severity="warning", timeout=6)
    else:
        app.notify(f"Back from {browser.name}.", timeout=3)


def _open_graphical(app: ReaderApp, browser: Browser, url: str) -> None:
    shown = clean_line(url)

    def start() -> None:
        opened = browser.controller is not None and browser.controller.open(url)
        if opened:
            app.call_from_thread(app.notify, f"Opened in the web browser: {shown}", timeout=4)
        else:
            app.call_from_thread(app.copy_text, url)
            app.call_from_thread(app.notify, "The web browser could not be started, so the "
                                 "address is copied instead.", severity="warning", timeout=8)

    app.run_worker(start, thread=True, group="browser", exit_on_error=False,
                   name="web browser")
