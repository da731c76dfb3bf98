"""Help, the command palette and `[keys]` remapping, all fed by the actions registry."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from ui_helpers import notifications, palette_titles, settle, until

from reader.app import paths
from reader.ui import keymap
from reader.ui.actions import ACTIONS, Action
from reader.ui.app import ReaderApp
from reader.ui.screens.help import HelpScreen, collect_bindings, grouped
from reader.ui.screens.open import OpenDialog
from reader.ui.widgets.find import FindBar
from reader.ui.widgets.summary_panel import SummaryList

FIRST = str(Path(__file__).parent.parent / "fixtures" / "ux" / "first.html")


_ACTIONS = [
    Action("app.quit", "app", "quit", "q", "Quit", "Everywhere"),
    Action("reader.find", "reader", "find", "slash", "Find", "Reading"),
    Action("article.scroll_down", "article", "scroll_down", "j,down", "Down", "Article pane"),
    Action("reader.copy_summary", "reader", "copy('all')", "c", "Copy", "Reading"),
    Action("library.search", "library", "search", "slash", "Search", "Library"),
]


def _write_config(text: str) -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


async def test_dialog_keys_help_find_open_and_tab() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert app.screen is screen
        await pilot.press("slash")
        assert screen.query_one(FindBar).is_open
        await pilot.press(*"the", "enter")
        first = screen.article_view._layers["find-current"].spans
        await pilot.press("n")
        assert screen.article_view._layers["find-current"].spans != first
        await pilot.press("N")
        assert screen.article_view._layers["find-current"].spans == first
        await pilot.press("escape", "o")
        assert isinstance(app.screen, OpenDialog)
        await pilot.press("escape")
        assert app.screen is screen and app.focused is screen.article_view
        await pilot.press("tab")
        assert isinstance(app.focused, SummaryList)
        await pilot.press("down", "enter")
        view = screen.article_view
        chosen = screen.summary.sentences[1]
        assert view.current_sentence == chosen
        start, end = view.visible_span()
        assert start <= chosen.start < end


async def test_help_scrolls_with_reading_keys() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        scroller = app.screen.query_one("#help-scroll")
        assert scroller.max_scroll_y > 5  # the key list is longer than 24 rows
        await pilot.press("j", "j")
        assert scroller.scroll_y == 2
        await pilot.press("k")
        assert scroller.scroll_y == 1
        await pilot.press("G")
        assert scroller.scroll_y == scroller.max_scroll_y
        await pilot.press("g")
        assert scroller.scroll_y == 0
        await pilot.press("space")
        assert scroller.scroll_y > 5


def test_resolve_by_id_or_action_and_normalizes_keys() -> None:
    result = keymap.resolve({"quit": "ctrl+q", "copy": "?", "scroll-down": "J,Ctrl+D"},
                            _ACTIONS)
    assert result.keymap == {"app.quit": "ctrl+q", "reader.copy_summary": "question_mark",
                             "article.scroll_down": "J,ctrl+d"}
    assert result.problems == []


def test_every_action_keeps_its_label_as_a_keys_name() -> None:
    """[keys] takes an action's label too ("other_reading"): the label is a name users have
    written in their config, so a longer palette title never replaces it."""
    names = keymap.names()
    assert names["other_reading"] == "reader.next_reading"
    assert names["copy"] == "reader.copy_summary"
    for action in (a for a in ACTIONS if a.palette):   # help: the label up to any colon
        label = action.palette.split(":")[0]
        assert label == action.description
        assert names[label.lower().replace(" ", "_")] == action.id, action.id


def test_resolve_reports_unknown_names_and_taken_keys() -> None:
    result = keymap.resolve({"fly": "x", "find": "q"}, _ACTIONS)
    assert result.keymap == {"reader.find": "q"}
    assert "[keys] fly: no action has that name" in result.problems[0]
    assert "`" not in result.problems[0]   # a toast shows it literally: no Markdown marks
    assert result.problems[1] == ("[keys] find = 'q': that key already belongs to quit (quit); "
                                  "remap one of them.")
    # Moving quit away as well is not a clash.
    assert keymap.resolve({"find": "q", "quit": "x"}, _ACTIONS).problems == []


def test_keys_of_screens_never_shown_together_do_not_clash() -> None:
    # "/" finds on the reading screen and searches in the library: adding ctrl+f to find
    # takes nothing from the library's search.
    assert keymap.resolve({"find": "slash,ctrl+f"}, _ACTIONS).problems == []


def test_unknown_names_get_the_closest_suggested() -> None:
    [problem] = keymap.resolve({"copy_sentense": "x"}).problems
    assert "Did you mean 'copy_sentence'" in problem
    assert len(problem) < 200


def test_every_registry_action_is_remappable_by_its_short_name() -> None:
    for action in ACTIONS:
        assert keymap.resolve({action.id: "ctrl+t"}).keymap == {action.id: "ctrl+t"}


def test_normalize_key() -> None:
    assert keymap.normalize_key("?") == "question_mark"
    assert keymap.normalize_key("/") == "slash"
    assert keymap.normalize_key("Ctrl+F") == "ctrl+f"
    assert keymap.normalize_key("G") == "G"
    assert keymap.normalize_key("+") == "plus"
    assert keymap.normalize_key("shift+backspace") == "shift+backspace"


async def test_help_lists_the_registry_by_group_with_remapped_keys() -> None:
    _write_config('[keys]\ncopy_sentence = "ctrl+y"\n')
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = collect_bindings(app.screen)
        sections = {group: {r.description: r.keys for r in rows} for group, rows in grouped(rows)}
        actions = {group: {r.action: r.keys for r in rows} for group, rows in grouped(rows)}
        assert actions["Moving through the article"]["scroll_lines(1)"].split() == ["j", "↓"]
        assert sections["Copying"]["Copy sentence"] == "^y"  # the remapped key (ctrl+y), not y
        assert "Input" not in sections  # Textual's own editing keys are left out
        labels = {d for group in sections.values() for d in group}
        assert not labels & {"Scroll Home", "Focus Next", "Scroll End"}  # no stock labels
        everywhere = sections["Help and quitting"]
        assert everywhere["Help"] == "? f1" and everywhere["Quit"] == "q ^q"
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert any(r.description == "Copy sentence" and r.keys == "^y"
                   for r in app.screen.rows)
        hint = app.screen.query_one("#help-remap", Static)
        assert "[keys]" in str(hint.render())
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        assert not any("Copied sentence" in n for n in notifications(app))
        await pilot.press("ctrl+y")
        assert any("Copied sentence" in n for n in notifications(app))


async def test_remapped_key_from_a_config_file_works() -> None:
    _write_config('[keys]\nfind = "ctrl+f"\nscroll_down = ["z", "down"]\n')
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not notifications(app)  # nothing to report: no clash, no unknown name
        await pilot.press("slash")
        assert not app.query_one(FindBar).is_open  # the old key no longer finds
        await pilot.press("ctrl+f")
        assert app.query_one(FindBar).is_open


def test_every_key_in_the_readme_is_bound_in_the_registry() -> None:
    """The README's key table is written by hand: each key it names must exist."""
    import re

    readme = (Path(__file__).parent.parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Keys in the app", 1)[1].split("### Messages", 1)[0]
    bound = {keymap.normalize_key(k) for a in ACTIONS for k in a.keys.split(",")}
    shown = {"↓": "down", "↑": "up", "←": "left", "→": "right"}
    rows = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    keys = [k for row in rows for k in re.findall(r"`([^`]+)`", row)]
    assert len(keys) > 30
    for key in keys:
        for part in key.split(" then ")[0].split():
            assert keymap.normalize_key(shown.get(part, part)) in bound, part


def test_the_remapping_example_in_help_can_be_pasted_into_the_config() -> None:
    import tomllib

    from reader.ui.screens.help import REMAP_HINT

    example = "\n".join(line.strip() for line in REMAP_HINT.splitlines()
                        if line.startswith("    "))
    keys = tomllib.loads(example)["keys"]           # one line of TOML each, as shown
    assert keys == {"copy_sentence": "ctrl+y"}
    assert keymap.resolve(keys).problems == []


async def test_help_lists_the_find_bar_keys_only_while_it_is_open() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        groups = {group for group, _ in grouped(collect_bindings(screen))}
        assert "In the find bar" not in groups and "Moving through the article" in groups
        await pilot.press("slash")
        assert screen.query_one(FindBar).is_open
        assert "In the find bar" in {group for group, _ in grouped(collect_bindings(screen))}
        await pilot.press("escape")
        await pilot.pause()
        assert "In the find bar" not in {group for group, _ in grouped(collect_bindings(screen))}


async def test_help_on_the_empty_start_screen_lists_only_what_works_there() -> None:
    kettles = str(Path(__file__).resolve().parent.parent / "fixtures" / "ui" / "kettles.html")
    app = ReaderApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        ids = {row.id for row in collect_bindings(screen)}
        assert {"app.open", "app.library", "app.help", "app.quit"} <= ids
        assert not ids & {"reader.copy_summary", "reader.notes", "reader.next_reading",
                          "article.scroll_down", "summary.down", "reader.retry",
                          "app.back", "app.forward"}, ids   # nowhere to go back to yet
        titles = set(palette_titles(app, screen))
        assert "Open" in titles and "Copy" not in titles
        await pilot.press("c")                      # the key still answers, saying why
        await pilot.pause()
        assert notifications(app)
        screen.load(kettles)
        await until(pilot, lambda: screen.article is not None and screen.summary is not None)
        ids = {row.id for row in collect_bindings(screen)}
        assert {"reader.copy_summary", "article.scroll_down", "summary.down"} <= ids
        assert "app.back" not in ids                  # the first article: still nowhere back
        screen.load(kettles.replace("kettles", "harbour"))
        await until(pilot, lambda: screen.article is not None and "Harbour" in screen.article.title)
        ids = {row.id for row in collect_bindings(screen)}
        assert "app.back" in ids and "app.forward" not in ids
