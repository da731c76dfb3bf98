"""ReaderApp: the Textual application behind `reader [LOCATION]`.

The app owns what outlives one article: the config, the core pipeline (built from the config's
limits and summary settings), the library handle (`LibraryService`: every store call off the
UI thread), navigation (back/forward, recents), theme and keymap. Screens reach them through
the app's typed attributes.

Start-up: only what the first article needs is imported here (the reading screen and its
widgets); help, the open dialog, the library, the link list, notes, exports and the browser are
imported when first used, so the article appears as soon as a bare Textual app could show it.

Where things go: a new key is an `Action` in `reader/ui/actions.py` plus an `action_*` method
on the node of its scope; the reading screen's parts are in `reader/ui/screens/reader/`;
styles are the `*.tcss` files of `reader.app.paths.styles_dir()`, `reader.tcss` first.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import threading
from collections.abc import Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.app import config as reader_config
from reader.app.paths import styles_dir
from reader.app.prefetch import EXTRACTION_IMPORTS, PrefetchedPipeline
from reader.app.state import AppState, Recents
from reader.core.models import Article, Page
from reader.core.pipeline import Pipeline
from reader.core.safety import clean_line
from reader.core.models import SummaryLength
from reader.ui import actions, themes
from reader.ui.actions import Scoped
from reader.ui.library_service import LibraryService, WriteReport
from reader.ui.navigation import Navigation
from reader.ui.screens.reader import ReaderScreen
from reader.ui.widgets.footer import ReadingStatus

if TYPE_CHECKING:
    from reader.store import Library

QUIT_WAIT_SECONDS = 1.5  # how long quitting waits for queued writes before it asks
EXIT_GRACE_SECONDS = 0.4  # after the terminal went away and everything was saved
OSC52_ONLY = ("No clipboard tool here (over SSH there is none), so the text went to your terminal "
              "by OSC 52. If it does not arrive, allow OSC 52 in the terminal; in tmux: "
              "set -g set-clipboard on.")


def css_paths() -> list[str | PurePath]:
    """`reader.tcss` first, then the other style sheets in name order."""
    folder = styles_dir()
    main = folder / "reader.tcss"
    return [main, *sorted(p for p in folder.glob("*.tcss") if p != main)]


def _warm_up() -> None:
    """Without the child process (`reader.app.prefetch`), import what reading the first
    article needs in a thread while Textual starts: the load worker then finds them imported
    (the first article shows ~0.1-0.2 s sooner). Imports take the import lock, so nothing runs
    twice; a failure here is only a lost head start."""
    def imports() -> None:
        import importlib
        for name in EXTRACTION_IMPORTS:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the load worker will report it properly
                return

    threading.Thread(target=imports, name="reader-warm-up", daemon=True).start()


def _open_library() -> Library:
    from reader import store
    return store.open()


class ReaderApp(Scoped, App[int]):
    """Article and linked summary side by side; see the module docstring."""

    SCOPE = "app"

    TITLE = "reader"
    BINDINGS = actions.bindings("app")

    def __init__(self, location: str | None = None, *, article: Article | None = None,
                 page: Page | None = None, pipeline: Pipeline | None = None,
                 algorithm: str | None = None, count: int | None = None,
                 config: reader_config.Config | None = None,
                 exit_on_start_failure: bool = False) -> None:
        if (location is not None or page is not None) and not isinstance(
                pipeline, PrefetchedPipeline):
            _warm_up()  # the extractor's imports, beside Textual's start-up
        super().__init__(css_path=css_paths())
        # `reader LOCATION` from a shell behaves like `less`: if LOCATION cannot be opened at
        # all, the app closes with exit status 1 and `start_failure` is printed on stderr.
        self.exit_on_start_failure = exit_on_start_failure
        self._told_osc52 = False  # the OSC 52 notice is given once per session
        self.start_failure: str | None = None
        self.config = config or reader_config.load()
        self.state = AppState()
        self.recents = Recents()
        self.navigation = Navigation()
        self.library = LibraryService(self, _open_library, unavailable=self._library_unavailable)
        self.deleted: list[tuple[int, str]] = []  # (id, title) deleted this session, for undo
        self.pipeline = pipeline or self.config.pipeline()
        self.show_hint = False
        self._signals: list[int] = []
        # The theme is set before the first frame: switching it later restyles every widget
        # (a visible flash of the default theme, and ~0.2 s of work while the article loads).
        themes.register(self)
        self._theme_problem = themes.apply(self, self.config.theme or self.state.theme)
        self._start = dict(location=location, article=article, page=page, algorithm=algorithm,
                           length=SummaryLength(count=count) if count else None)

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen(id="reader", **self._start)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        problems = list(self.config.problems)
        if self._theme_problem and self.config.theme:
            problems.append(f"{reader_config.locate(self.config, None, 'theme')}: {self._theme_problem}")
        if self.config.keys:
            from reader.ui import keymap  # (difflib and the registry walk: only with [keys])
            resolved = keymap.resolve(self.config.keys,
                                      where=lambda name: reader_config.locate(self.config, "keys", name))
            if resolved.keymap:
                self.set_keymap(resolved.keymap)
            problems += resolved.problems
        for text in reader_config.by_line(problems):
            self.notify(clean_line(text), title="Config problem", severity="warning", timeout=12)
        self.watch(self, "theme", self.state.remember_theme, init=False)
        if self.config.first_run_hint:
            self._count_launch()
        self._install_signals()
        if not any(self._start.get(k) for k in ("location", "article", "page")):
            self._library_at_start()  # `reader` alone opens the library (if not empty)

    def on_ready(self) -> None:
        gc.enable()  # (off while the launch imports and starts: `reader.commands.app`)

    @work(thread=True, exclusive=True, group="launch", exit_on_error=False)
    def _count_launch(self) -> None:
        """Count this launch (a file write: off the UI thread, after the first frame) and show
        the first-run hint if it is still due."""
        if self.state.launched():
            self.call_from_thread(self._first_run_hint)

    def _first_run_hint(self) -> None:
        if self.state.data.get("help_seen"):
            return  # help was opened meanwhile
        self.show_hint = True
        for status in self.reader_screen.query(ReadingStatus):
            status.show_hint(True)

    # ----------------------------------------------------------------- screens
    @property
    def reader_screen(self) -> ReaderScreen:
        """The reading screen (the app's base screen)."""
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        raise LookupError("the reading screen is not mounted")

    def _show_reader(self) -> ReaderScreen:
        screen = self.reader_screen
        while self.screen is not screen:
            self.pop_screen()
        return screen

    def open_location(self, location: str) -> None:
        """Load `location` into the reading screen (closing dialogs above it)."""
        self._show_reader().load(location)

    def show_article(self, article: Article, *, location: str | None = None) -> None:
        """Show an Article that is already in memory."""
        self._show_reader().show_article(article, location=location)

    def article_opened(self, location: str | None, article: Article) -> None:
        """A new article is on screen: remember it for back/forward and the `o` dialog."""
        key = location or article.location or article.url or ""
        if not key:
            return
        self.navigation.opened(key, article)
        if key != "-" and "\n" not in key:
            self.call_after_refresh(self.recents.add, key)  # (a file write: after the text)

    def action_open_location(self) -> None:
        current = ""
        try:
            current = self.reader_screen.location or ""
        except LookupError:
            pass

        def opened(location: str | None) -> None:
            if location:
                self.open_location(location)

        from reader.ui.screens.open import OpenDialog
        self.push_screen(OpenDialog(current if "://" in current else "", self.recents), opened)

    def _go(self, delta: int) -> None:
        step = self.navigation.step(delta)
        if step is None:
            self.notify("There is no earlier article to go back to." if delta < 0 else
                        "There is no later article: forward follows going back.", timeout=3)
            return
        location, article = step
        if article is not None:
            self.show_article(article, location=location)
        else:
            self.open_location(location)

    def action_go_back(self) -> None:
        self._go(-1)

    def action_go_forward(self) -> None:
        self._go(1)

    def offered(self, action: str) -> bool:
        """Back and forward only when there is an article to go to (help on the first screen
        does not list them); every other app key always works."""
        if action in ("go_back", "go_forward"):
            return self.navigation.can_step(-1 if action == "go_back" else 1)
        return True

    def footer_hidden(self, action: str) -> bool:
        """In the library, `l` (which closes it) is left to Escape's "Back". (By scope: the
        library's module is imported only when it is first opened.)"""
        return action == "library" and getattr(self.screen, "SCOPE", None) == "library"

    def action_library(self) -> None:
        """`l`: the library screen; `l` again closes it."""
        from reader.ui.screens.library import LibraryScreen
        if isinstance(self.screen, LibraryScreen):
            self.screen.dismiss_library()
            return
        self._show_reader().flush_notes()
        self.push_screen(LibraryScreen())

    def _library_unavailable(self, reason: str) -> None:
        self.notify(clean_line(f"The library is unavailable, so nothing will be saved: {reason}"),
                    title="Library", severity="error")

    def _library_at_start(self) -> None:
        self.library_when_nothing_open()

    def library_when_nothing_open(self) -> None:
        """The library screen, when it holds articles and the reading screen has nothing to
        show (at start, or after a failed open from the library: back where the reader was)."""
        def job(library: Library) -> int:
            return library.count()

        def counted(count: int) -> None:
            from reader.ui.screens.library import LibraryScreen
            screen = self.reader_screen
            if count and self.screen is screen and screen.article is None \
                    and not screen.has_class("-loading"):
                self.push_screen(LibraryScreen())

        self.library.submit(job, what=None, done=counted)

    def key_of(self, action_id: str) -> str:
        """The key that runs `action_id` now (the user's `[keys]` applied), as the footer
        shows it: messages that name a key name this one."""
        from textual.binding import Binding
        action = actions.BY_ID[action_id]
        remapped = action_id in self._keymap
        first = (self._keymap[action_id] if remapped else action.keys).split(",")[0].strip()
        return self.get_key_display(Binding(first, action.action,
                                            key_display=None if remapped else action.key_display))

    # ----------------------------------------------------------------- help and palette
    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen, collect_bindings
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(collect_bindings(self.screen)))
        self.state.help_seen()
        if self.show_hint:
            self.show_hint = False
            for status in self.reader_screen.query(ReadingStatus):
                status.show_hint(False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands plus one per key, so the palette offers every action."""
        from reader.ui.screens.help import collect_bindings
        yield from super().get_system_commands(screen)
        for row in collect_bindings(screen):
            action = actions.BY_ID.get(row.id or "")
            if action is None or action.scope in actions.NOT_IN_PALETTE or row.action == "quit":
                continue
            help_text = f"key: {row.keys}" + (f" — {row.tooltip}" if row.tooltip else "")
            yield SystemCommand(action.palette or row.description, help_text,
                                lambda row=row: self.run_action(row.action, row.node))
        if isinstance(screen, ReaderScreen) and screen.article is not None:
            yield from self._algorithm_commands(screen)

    def _algorithm_commands(self, screen: ReaderScreen) -> Iterable[SystemCommand]:
        """One palette entry per summary algorithm, so any of them is one search away."""
        from reader.core.summarize import algorithm_label
        active = screen.algorithm or self.pipeline.default_algorithm()
        for name in self.pipeline.algorithms():
            mark = " (active)" if name == active else ""
            yield SystemCommand(f"Summary algorithm: {algorithm_label(name)}{mark}",
                                f"Summarise this article with {algorithm_label(name)}",
                                lambda name=name: screen.set_algorithm(name))

    # ----------------------------------------------------------------- clipboard, messages
    def copy_text(self, text: str) -> None:
        """Copy with OSC 52 (works over SSH and tmux) and with pyperclip (local clipboard).
        Whether a terminal honours OSC 52 cannot be known, so the first copy that only it
        carried says so once, with the setting that usually decides it."""
        self.copy_to_clipboard(text)
        try:
            import pyperclip
            pyperclip.copy(text)
        except Exception:  # noqa: BLE001 - no clipboard tool: OSC 52 is all there is
            if not self._told_osc52:
                self._told_osc52 = True
                self.notify(OSC52_ONLY, title="Clipboard", timeout=12)

    def notify(self, message: str, *, title: str = "",
               severity: SeverityLevel = "information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Notifications default to plain text: they often quote page titles and locations."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_write_report(self, message: WriteReport) -> None:
        message.callback(message.value)

    # ----------------------------------------------------------------- leaving
    def _flush_reading(self) -> None:
        try:
            self.reader_screen.flush_notes()
        except LookupError:
            pass

    async def action_quit(self) -> None:
        """Save everything, then quit; with words the library could not take yet, ask first
        (try again, a rescue file, the clipboard: `UnsavedDialog`)."""
        self._flush_reading()
        if await asyncio.to_thread(self.library.drain, QUIT_WAIT_SECONDS):
            self.exit()
            return
        from reader.ui.screens.unsaved import UnsavedDialog
        if not isinstance(self.screen, UnsavedDialog):
            self.push_screen(UnsavedDialog(self.library),
                             lambda answer: self.exit() if answer == "quit" else None)

    def _install_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for number in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(number, self._terminated)
            except (NotImplementedError, RuntimeError, ValueError):
                continue
            self._signals.append(number)

    def _terminated(self) -> None:
        """The terminal went away or we were asked to stop: save, then leave within about
        two seconds; what the library cannot take goes to a rescue file."""
        self._flush_reading()
        self._leave_now()

    @work(thread=True, exclusive=True, group="quit", exit_on_error=False)
    def _leave_now(self) -> None:
        if not self.library.drain(QUIT_WAIT_SECONDS):
            from reader.app.files import WriteFailed
            from reader.app.rescue import write_rescue
            try:
                write_rescue(self.library.rescue_text())
            except WriteFailed:
                pass  # nowhere left to write: the terminal is gone, there is no one to ask
        # Everything is saved now. Textual's orderly exit writes to the terminal, and on a
        # terminal that is gone its output thread can die with writes still queued, leaving
        # the exit blocked for ever: if the exit has not happened shortly, end the process.
        # (Not when headless: there is no terminal to lose, and the process is a test run.)
        if not self.is_headless:
            watchdog = threading.Timer(EXIT_GRACE_SECONDS, os._exit, args=(0,))
            watchdog.daemon = True
            watchdog.start()
        self.call_from_thread(self.exit)

    def on_unmount(self) -> None:
        """The screens are gone (their notes queued): finish the writes, release the signals."""
        loop = asyncio.get_running_loop()
        for number in self._signals:
            loop.remove_signal_handler(number)
        self._signals.clear()
        if isinstance(self.pipeline, PrefetchedPipeline):
            self.pipeline.close()  # a child still reading the first article: not waited for
        self.library.close()
