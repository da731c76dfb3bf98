"""The config file in the app: keys, theme, summary settings, and mistakes reported."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import Host, notifications, settle

from reader.app import paths
from reader.ui import themes
from reader.ui.app import ReaderApp
from reader.ui.screens.open import OpenDialog
from reader.ui.widgets.find import FindBar

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ux"


FIRST = str(FIXTURES / "first.html")


def write_config(text: str) -> Path:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


FIRST = str(Path(__file__).parent.parent / "fixtures" / "ux" / "first.html")


async def test_config_remaps_keys_theme_and_summary_length() -> None:
    write_config('theme = "nord"\n[summary]\nlength = 2\n[keys]\nfind = "ctrl+f"\n'
                 'open = "O"\n')
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        assert len(app.reader_screen.summary.sentences) == 2
        await pilot.press("slash")
        assert not app.reader_screen.query_one(FindBar).is_open
        await pilot.press("ctrl+f")
        assert app.reader_screen.query_one(FindBar).is_open
        await pilot.press("escape", "o")
        assert not isinstance(app.screen, OpenDialog)
        await pilot.press("O")
        assert isinstance(app.screen, OpenDialog)
        await pilot.press("escape", "question_mark")
        rows = {row.description: row.keys for row in app.screen.rows}
        assert rows["Find"] == "^f" and rows["Open"] == "O"


async def test_invalid_config_is_reported_and_defaults_used() -> None:
    write_config('theme = "nord"\n[summary]\nlength = "three"\n[keys]\nfly = "x"\n'
                 '[limits]\nmax_redirects = -1\n')
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = notifications(app)
        assert any(m.startswith("config.toml line 3: summary.length") for m in messages)
        assert any(m.startswith("config.toml line 7: limits.max_redirects") for m in messages)
        assert any(m.startswith("config.toml line 5: [keys] fly: no action has that name") for m in messages)
        lines = [m.split(":")[0] for m in messages if m.startswith("config.toml line")]
        assert lines == ["config.toml line 3", "config.toml line 5", "config.toml line 7"]  # in file order
        assert app.theme == "nord"  # the valid setting still applies
        assert app.reader_screen.summary is not None  # the app works with defaults


async def test_broken_toml_and_unknown_theme_or_algorithm() -> None:
    write_config('theme = "nord"\n[summary\n')
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any(m.startswith("config.toml line 2:") for m in notifications(app))
        assert app.theme == "reader-paper"
    write_config('theme = "no-such-theme"\n[summary]\nalgorithm = "nope"\n')
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = notifications(app)
        assert any(m.startswith("config.toml line 1: The theme 'no-such-theme' does not exist") for m in messages)
        assert any("algorithm 'nope' is not one of" in m for m in messages)
        assert app.reader_screen.summary is not None
        assert app.reader_screen.summary.algorithm != "nope"


async def test_theme_chosen_in_the_app_is_remembered() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "reader-paper"
        assert {"reader-paper", "reader-night", "nord", "textual-dark"} <= set(
            app.available_themes)
        app.theme = "reader-night"
        await pilot.pause()
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "reader-night"


async def test_themes_registered_and_applied() -> None:
    app = Host()
    async with app.run_test():
        assert {"reader-paper", "reader-night", "textual-dark", "nord"} <= set(
            app.available_themes)
        assert themes.apply(app, None) is None and app.theme == "reader-paper"
        assert themes.apply(app, "nord") is None and app.theme == "nord"
        problem = themes.apply(app, "nope")
        assert problem.startswith("The theme 'nope' does not exist; using 'reader-paper'.")
        assert app.theme == "reader-paper"


def test_the_config_template_shows_the_defaults_and_examples_that_work() -> None:
    """Every setting in the template is at its default, and the `[keys]` examples, once
    uncommented, take no key from another action."""
    import tomllib

    from reader.app import config
    from reader.core.pipeline import Pipeline
    from reader.ui import keymap
    template = config.default_template()
    assert f'# algorithm = "{Pipeline().default_algorithm()}"' in template
    section = template.split("[keys]", 1)[1].split("[limits]", 1)[0]
    examples = tomllib.loads("\n".join(line[2:] for line in section.splitlines()
                                       if line.startswith("# ") and " = " in line))
    assert examples and keymap.resolve(
        {name: ",".join(v) if isinstance(v, list) else v for name, v in examples.items()}
    ).problems == []
