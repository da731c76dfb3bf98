"""Reading-experience wiring: config, themes, keys, find, links, history, progress, hints.

`AppUX` (one per app, `app.ux`) and `ScreenUX` (one per reading screen, `screen.ux`) hold the
state and logic; ReaderApp and ReaderScreen only declare the bindings and forward a few calls,
so their files stay about layout and the article/summary pipeline.
"""

from __future__ import annotations

import webbrowser
from typing import TYPE_CHECKING

from textual.actions import SkipAction

from reader import config as reader_config
from reader.core.models import Article
from reader.core.safety import clean_line
from reader.ui import keymap, themes
from reader.ui.history import History, Recents
from reader.ui.widgets.find import FindBar
from reader.ui.widgets.status import FirstRun, ReadingStatus

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

CACHE_SIZE = 20  # articles kept in memory for instant back/forward


class AppUX:
    """Config, theme, keymap, first-run hint and back/forward history for the app."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.config = reader_config.load()
        self.state = FirstRun()
        self.history = History()
        self.recents = Recents()
        self._cache: dict[str, Article] = {}
        self._navigating: str | None = None
        self.hint = False
        # The theme is set before the first frame: switching it later restyles every widget
        # (a visible flash of the default theme, and ~0.2 s of work while the article loads).
        themes.register(app)
        wanted = self.config.theme or self.state.data.get("theme")
        self.theme_problem = themes.apply(app, wanted if isinstance(wanted, str) else None)

    # ------------------------------------------------------------------ start
    def configure_pipeline(self, pipeline):
        """Make `[summary] length` / `ratio` the default length of every article's summary."""
        length, ratio = self.config.length, self.config.ratio
        if length is not None:
            pipeline.default_count = lambda n_sentences: max(1, min(length, n_sentences))
        elif ratio is not None:
            pipeline.default_count = lambda n_sentences: max(1, round(n_sentences * ratio))
        return pipeline

    def mount(self) -> None:
        """Apply theme and keys, report config problems; called from the app's on_mount."""
        app = self.app
        problems = list(self.config.problems)
        if self.theme_problem and self.config.theme:
            problems.append(self.theme_problem)
        if self.config.keys:
            problems += keymap.apply(app, self.config.keys, reader_classes())
        for text in problems:
            app.notify(clean_line(text), title="Config problem", severity="warning", timeout=12)
        app.watch(app, "theme", self._theme_changed, init=False)
        if self.config.algorithm:
            app.run_worker(self._check_algorithm, thread=True, exit_on_error=False,
                           name="check config algorithm")
        self.hint = self.config.first_run_hint and self.state.launched()

    def _check_algorithm(self) -> None:
        """Off the UI thread (the summarizers are slow to import): is the name known?"""
        names = self.app.pipeline.algorithms()
        wanted = self.config.algorithm
        if wanted and wanted not in names:
            self.config.algorithm = None
            message = (f"[summary] algorithm {wanted!r} is not one of {', '.join(names)}; "
                       "using the default.")
            self.app.call_from_thread(self._unknown_algorithm, message, wanted)

    def _unknown_algorithm(self, message: str, wanted: str) -> None:
        try:
            screen = self.app.reader_screen
        except LookupError:
            screen = None
        if screen is not None and screen.algorithm == wanted:
            screen.algorithm = None
            screen.refresh_summary()
        self.app.notify(clean_line(message), title="Config problem", severity="warning",
                        timeout=12)

    def _theme_changed(self, name: str) -> None:
        if self.state.data.get("theme") != name:
            self.state.data["theme"] = name
            self.state._write()

    def help_opened(self) -> None:
        self.state.help_seen()
        if self.hint:
            self.hint = False
            for status in self.app.screen_stack[0].query(ReadingStatus):
                status.show_hint(False)

    # ------------------------------------------------------------------ history
    def article_opened(self, location: str | None, article: Article) -> None:
        """A new article is on screen: remember it for back/forward and the `o` dialog."""
        key = location or article.location or article.url or ""
        if not key:
            return
        if self._navigating == key:
            self._navigating = None
        else:
            self.history.visit(key)
        self._cache[key] = article
        while len(self._cache) > CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        if key != "-" and "\n" not in key:
            self.recents.add(key)

    def go(self, delta: int) -> None:
        location = self.history.back() if delta < 0 else self.history.forward()
        if location is None:
            self.app.notify("No earlier article." if delta < 0 else "No later article.",
                            timeout=3)
            return
        self._navigating = location
        article = self._cache.get(location)
        if article is not None:
            self.app.show_article(article, location=location)
        else:
            self.app.open_location(location)


def reader_classes() -> list[type]:
    """Every widget/screen class of reader that declares bindings (for key names)."""
    import importlib
    import pkgutil

    import reader.ui as ui_package
    for module in pkgutil.walk_packages(ui_package.__path__, "reader.ui."):
        if module.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        try:
            importlib.import_module(module.name)
        except Exception:  # noqa: BLE001 - a broken optional screen must not stop key remapping
            continue
    from textual.dom import DOMNode
    found: list[type] = []
    pending = list(DOMNode.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("reader.") and "BINDINGS" in cls.__dict__:
            found.append(cls)
    return found


class ScreenUX:
    """Find, links, reading progress and the footer hint for a reading screen."""

    VIEWS = ("both", "article-only", "summary-only")

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self.summary_marks = True
        self.view_mode = "both"

    @property
    def app_ux(self) -> AppUX | None:
        return getattr(self.screen.app, "ux", None)

    @property
    def view(self):
        return self.screen.article_view

    @property
    def find_bar(self) -> FindBar:
        return self.screen.query_one(FindBar)

    def mount(self) -> None:
        ux = self.app_ux
        if ux is not None and ux.hint:
            self.screen.query_one(ReadingStatus).show_hint(True)
        view = self.view
        self.screen.watch(view, "scroll_y", self._update_progress, init=False)
        self.screen.watch(view, "virtual_size", self._update_progress, init=False)

    def article_ready(self, location: str | None, article: Article) -> None:
        bar = self.find_bar
        if bar.is_open:
            bar.set_text(article.text)
        self._words = len(article.text.split())
        spans = [(link.start, link.end) for link in article.links
                 if link.start is not None and link.end is not None]
        self.view.set_highlights("links", spans, "article-view--link")
        self._update_progress()
        ux = self.app_ux
        if ux is not None:
            ux.article_opened(location, article)

    # ------------------------------------------------------------------ progress
    def _update_progress(self, *_: object) -> None:
        view = self.view
        status = self.screen.query_one(ReadingStatus)
        if view.article is None:
            status.clear_progress()
            return
        words = getattr(self, "_words", 0) or len(view.article.text.split())
        status.set_progress(view.scroll_y, view.max_scroll_y, words)

    # ------------------------------------------------------------------ find
    def find(self) -> None:
        view = self.view
        if view.article is None:
            self.screen.app.notify("Open an article first (o).", timeout=3)
            return
        self.find_bar.open(view.article.text, near=view.visible_span()[0])

    def find_step(self, delta: int) -> None:
        bar = self.find_bar
        if not bar.active or self.view.article is None:
            raise SkipAction()  # let `n`/`N` reach their other meaning (e.g. notes)
        bar.action_step(delta)

    def close_find(self) -> None:
        bar = self.find_bar
        if not bar.is_open:
            raise SkipAction()
        bar.close()

    def find_updated(self, message: FindBar.Updated) -> None:
        view = self.view
        view.set_highlights("find", message.matches, "article-view--find")
        if message.current is None:
            view.clear_highlights("find-current")
            return
        start, end = message.current
        view.set_highlights("find-current", [message.current], "article-view--find-current")
        visible_start, visible_end = view.visible_span()
        if not (visible_start <= start and end <= visible_end):
            view.scroll_to_offset(start)
        index = view.sentence_at(start)
        if index is not None:
            view.set_cursor(index, scroll=False)

    def find_done(self, message: FindBar.Done) -> None:
        self.view.focus()

    # ------------------------------------------------------------------ links
    def _base(self) -> str | None:
        from reader.ui.screens.links import base_of
        article = self.view.article
        return base_of(article.url if article else None, getattr(self.screen, "location", None))

    def _saved_at(self) -> str | None:
        from reader.ui.screens.links import saved_path
        return saved_path(getattr(self.screen, "location", None))

    def _resolve(self, href: str):
        from reader.ui.screens.links import resolve
        return resolve(href, self._base(), saved_at=self._saved_at())

    def links(self, links=None, *, title: str = "Links") -> None:
        from reader.ui.screens.links import LinksScreen
        article = self.view.article
        if article is None:
            self.screen.app.notify("Open an article first (o).", timeout=3)
            return
        self.screen.app.push_screen(
            LinksScreen(article.links if links is None else links, self._base(), title=title,
                        saved_at=self._saved_at()),
            self._link_chosen)

    def _links_in_sentence(self) -> list:
        view = self.view
        sentence = view.current_sentence
        article = view.article
        if sentence is None or article is None:
            return []
        return [link for link in article.links
                if link.start is not None and link.end is not None
                and link.start < sentence.end and link.end > sentence.start]

    def open_link(self) -> None:
        """enter in the article: open the link in the sentence under the cursor."""
        found = self._links_in_sentence()
        if not found:
            raise SkipAction()
        if len(found) == 1:
            self._link_chosen(("app", self._resolve(found[0].url)))
        else:
            self.links(found, title="Links in this sentence")

    def open_in_browser(self) -> None:
        """`B`: the link in the current sentence, else the article itself, in the browser."""
        from reader.ui.screens.links import resolve
        found = self._links_in_sentence()
        if found:
            self._link_chosen(("browser", self._resolve(found[0].url)))
            return
        article = self.view.article
        url = article.url if article else None
        if not url:
            self.screen.app.notify("This article has no web address to open.", timeout=4)
            return
        self._link_chosen(("browser", resolve(url, None)))

    def _link_chosen(self, choice) -> None:
        if not choice:
            return
        how, target = choice
        app = self.screen.app
        if target.in_page:
            app.notify("That link points to another place in this same page.", timeout=4)
        elif how == "browser" and target.url:
            if webbrowser.open(target.url):
                app.notify(f"Opened in the browser: {clean_line(target.url)}", timeout=4)
            else:
                app.notify("No web browser could be started; the address is copied instead.",
                           severity="warning")
                app.copy_text(target.url)
        elif how == "app" and target.location:
            app.open_location(target.location)
        elif target.url:
            app.notify("reader cannot open this link; press B to use the browser.",
                       severity="warning", timeout=5)
        else:
            app.notify("This link cannot be opened.", severity="warning", timeout=4)

    # ------------------------------------------------------------------ summary marks, view
    def summary_shown(self) -> None:
        if not self.summary_marks:
            self.view.clear_highlights("summary")

    def toggle_summary_highlights(self) -> None:
        self.summary_marks = not self.summary_marks
        summary = getattr(self.screen, "summary", None)
        if self.summary_marks and summary is not None:
            self.view.set_highlights("summary", [(s.start, s.end) for s in summary.sentences],
                                     "article-view--summary")
        else:
            self.view.clear_highlights("summary")
        self.screen.app.notify("Summary sentences are highlighted in the article."
                               if self.summary_marks else
                               "Summary highlights hidden (s shows them again).", timeout=3)

    def cycle_view(self) -> None:
        """`v`: both panes -> the article only -> the summary only (handy at 80x24)."""
        mode = self.VIEWS[(self.VIEWS.index(self.view_mode) + 1) % len(self.VIEWS)]
        self.set_view(mode)

    def set_view(self, mode: str) -> None:
        self.view_mode = mode
        panes = self.screen.query_one("#panes")
        for name in self.VIEWS[1:]:
            panes.set_class(mode == name, f"-{name}", update=False)
        panes.update_node_styles()
        if mode == "summary-only":
            self.screen.summary_panel.sentence_list.focus()
        else:
            self.view.focus()
        labels = {"both": "Article and summary", "article-only": "Article only",
                  "summary-only": "Summary only"}
        self.screen.app.notify(f"{labels[mode]} (v switches).", timeout=2)

    def copy_summary_text(self) -> None:
        """`Y`: the summary's sentences alone, one per line (`c` adds title and link)."""
        screen, app = self.screen, self.screen.app
        summary, article = getattr(screen, "summary", None), getattr(screen, "article", None)
        if summary is None or article is None:
            app.notify("There is no summary to copy yet.", severity="warning")
            return
        lines = [clean_line(s.text_in(article.text)) for s in summary.sentences]
        app.copy_text("\n".join(lines) + "\n")
        app.notify(f"Copied the summary's {len(lines)} sentence{'s' if len(lines) != 1 else ''} "
                   "as plain text.", title="Copied")
