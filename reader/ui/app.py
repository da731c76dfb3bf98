"""ReaderApp: the Textual application behind `reader [LOCATION]`.

Extension points (for the library/notes and reading-experience work):
- Keys: app-wide bindings live in `ReaderApp.BINDINGS`; reading keys in `ReaderScreen.BINDINGS`
  (reader/ui/screens/reader.py); pane keys on `ArticleView` / `SummaryList`. Give every new
  Binding an `id` (for config key remapping through `App.set_keymap`) and a `description`:
  `?` (HelpScreen) and the command palette list every binding automatically
  (`collect_bindings`), so nothing else needs editing. A `HELP_GROUP` class attribute names
  the group a node's keys appear under.
- Actions: add `action_*` methods on the app (global: e.g. library `l`) or on ReaderScreen
  (article-level: `h`, `n`, `/`). The current article is `app.reader_screen.article`, its
  sentences `.sentences`, its summary `.summary`, the location `.location`.
- Article pane: `app.reader_screen.article_view` (ArticleView) offers `set_highlights(name,
  spans, style)` layers (find matches, links, saved highlights), `scroll_to_offset`,
  `jump_to_sentence`, `current_sentence` (the reading cursor, moved by `(`/`)` and clicks;
  `ArticleView.CursorMoved` is posted when it changes), `visible_span()` and `measure`
  (reading width). ReaderScreen handles `ArticleReady` (text on screen; hook
  `on_article_ready` to save/restore history or progress), then `SentencesReady` (sentences
  known: cursor and summary work) — reader/ui/messages.py.
- Opening: `app.open_location(location)` loads into the reading screen (used by `o`);
  `app.show_article(article)` shows an Article already in memory (library, history).
- Clipboard: `app.copy_text(text)` copies with OSC 52 and pyperclip both.
- Styles: every `*.tcss` in `reader.paths.styles_dir()` is loaded, `reader.tcss` first.
- Core access goes through `app.pipeline` (reader/ui/pipeline.py) from worker threads only.
- Reading experience: `app.ux` (AppUX: config, theme, keymap, back/forward, recents) and
  `screen.ux` (ScreenUX: find, links, footer progress, view toggles) in reader/ui/ux.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from reader.core.models import Article, Page
from reader.paths import styles_dir
from reader.ui.pipeline import Pipeline
from reader.ui.screens.help import HelpScreen, collect_bindings
from reader.ui.screens.open import OpenDialog
from reader.ui.screens.reader import ReaderScreen
from reader.ui.ux import AppUX


def css_paths() -> list[Path]:
    """`reader.tcss` first, then the other style sheets in name order."""
    folder = styles_dir()
    main = folder / "reader.tcss"
    return [main] + sorted(p for p in folder.glob("*.tcss") if p != main)


class ReaderApp(App[int]):
    """Article and linked summary side by side; see the module docstring for extension points."""

    TITLE = "reader"
    HELP_GROUP = "Everywhere"
    BINDINGS = [
        Binding("o", "open_location", "Open", id="app.open",
                tooltip="Open a web address or a file"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help",
                tooltip="Show every key"),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit reader"),
        Binding("backspace", "back", "Back", show=False, id="app.back",
                tooltip="The previously opened article"),
        Binding("shift+backspace", "forward", "Forward", show=False, id="app.forward",
                tooltip="The next article (after going back)"),
        Binding("l", "library", "Library", id="app.library",
                tooltip="Saved articles: search, reopen, tag, delete"),
    ]

    def __init__(self, location: str | None = None, *, article: Article | None = None,
                 page: Page | None = None, pipeline: Pipeline | None = None,
                 algorithm: str | None = None, count: int | None = None,
                 exit_on_start_failure: bool = False) -> None:
        super().__init__(css_path=css_paths())
        # `reader LOCATION` from a shell behaves like `less`: if LOCATION cannot be opened at
        # all, the app closes with exit status 1 and `start_failure` is printed on stderr.
        self.exit_on_start_failure = exit_on_start_failure
        self.start_failure: str | None = None
        self.ux = AppUX(self)  # config, theme, keymap, history (reader/ui/ux.py)
        self.pipeline = self.ux.configure_pipeline(pipeline or Pipeline(self.ux.config.limits))
        algorithm = algorithm or self.ux.config.algorithm
        self._start = dict(location=location, article=article, page=page,
                           algorithm=algorithm, count=count)

    def on_mount(self) -> None:
        self.ux.mount()
        if not any(self._start.get(k) for k in ("location", "article", "page")):
            from reader.ui.notes_ux import open_library_at_start
            open_library_at_start(self)  # `reader` alone opens the library (if not empty)

    def action_back(self) -> None:
        self.ux.go(-1)

    def action_forward(self) -> None:
        self.ux.go(1)

    def action_library(self) -> None:
        """`l`: the library screen (reader/ui/screens/library.py); `l` again closes it."""
        from reader.ui.screens.library import LibraryScreen
        if isinstance(self.screen, LibraryScreen):
            self.screen.dismiss_library()
            return
        self._show_reader().notes_ux.flush()
        self.push_screen(LibraryScreen())

    def get_default_screen(self) -> Screen:
        return ReaderScreen(self.pipeline, id="reader", **self._start)

    @property
    def reader_screen(self) -> ReaderScreen:
        """The reading screen (the app's base screen)."""
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        raise LookupError("the reading screen is not mounted")

    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications default to plain text: they often quote page titles and locations."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # ----------------------------------------------------------------- opening
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

    def action_open_location(self) -> None:
        current = ""
        try:
            current = self.reader_screen.location or ""
        except LookupError:
            pass

        def opened(location: str | None) -> None:
            if location:
                self.open_location(location)

        self.push_screen(OpenDialog(current if "://" in current else ""), opened)

    # ----------------------------------------------------------------- help and palette
    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(collect_bindings(self.screen)))
        self.ux.help_opened()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands plus one per binding, so the palette offers every action."""
        yield from super().get_system_commands(screen)
        for row in collect_bindings(screen):
            if row.action in ("quit", "command_palette"):
                continue
            help_text = f"key: {row.keys}" + (f" — {row.tooltip}" if row.tooltip else "")
            yield SystemCommand(row.description, help_text,
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

    # ----------------------------------------------------------------- clipboard
    def copy_text(self, text: str) -> None:
        """Copy with OSC 52 (works over SSH and tmux) and with pyperclip (local clipboard)."""
        self.copy_to_clipboard(text)
        try:
            import pyperclip
            pyperclip.copy(text)
        except Exception:  # noqa: BLE001 - no clipboard tool: OSC 52 already did the job
            pass
