"""`reader config`: --path, --edit (template, editor choice) and the check without options."""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

import pytest

from reader.app import config, paths
from reader.commands import config as config_command


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    config_command.add_parser(sub)
    return parser.parse_args(["config", *argv])


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = _args(*argv)
    status = args.handler(args, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_path_prints_the_overridden_path() -> None:
    status, out, _ = _run("--path")
    assert status == 0
    assert out.strip() == str(paths.config_path())
    assert out.strip() == os.environ["READER_CONFIG"]


def test_path_and_edit_are_exclusive() -> None:
    with pytest.raises(SystemExit):
        _args("--path", "--edit")


def test_edit_creates_template_and_runs_editor(tmp_path: Path, monkeypatch) -> None:
    log = tmp_path / "editor-args.txt"
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys, pathlib\n"
        f"pathlib.Path({str(log)!r}).write_text(sys.argv[1])\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('# theme = \"reader-paper\"', 'theme = \"nord\"'))\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    monkeypatch.setenv("EDITOR", "should-not-be-used")
    status, _, err = _run("--edit")
    path = paths.config_path()
    assert status == 0, err
    assert "created" in err
    assert log.read_text() == str(path)
    text = path.read_text()
    assert text == config.default_template().replace('# theme = "reader-paper"', 'theme = "nord"')
    assert config.load(path).theme == "nord"


def test_edit_reports_problems_after_editing(tmp_path: Path, monkeypatch) -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True)
    path.write_text("[limits]\n")
    script = tmp_path / "bad_editor.py"
    script.write_text("import sys\nopen(sys.argv[1], 'a').write('max_redirects = -1\\n')\n")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    status, _, err = _run("--edit")
    assert status == 1
    assert "created" not in err
    assert "config.toml line 2: limits.max_redirects" in err


def test_editor_choice_order() -> None:
    assert config_command.editor_command({"VISUAL": "code -w", "EDITOR": "vi"}) == ["code", "-w"]
    assert config_command.editor_command({"EDITOR": "nano"}) == ["nano"]


def test_no_editor_found_is_a_clear_message(monkeypatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", "")
    status, _, err = _run("--edit")
    assert status == 1
    assert "no editor found" in err
    assert paths.config_path().exists()  # the template is still there to edit by hand


def test_missing_editor_binary_is_a_clear_message(monkeypatch) -> None:
    monkeypatch.setenv("VISUAL", "/nonexistent/editor-xyz")
    status, _, err = _run("--edit")
    assert status == 1
    assert "cannot start the editor" in err


def test_check_without_options() -> None:
    status, out, _ = _run()
    assert status == 0 and "No config file yet" in out
    path = _config_file('theme = "nord"\n')
    status, out, _ = _run()
    assert status == 0 and "valid" in out
    path.write_text('theme = "nord"\n[summary\n')
    status, out, err = _run()
    assert status == 1
    assert out.strip() == str(path)
    assert "config.toml line 2:" in err



def _config_file(text: str):
    """The user's config file (in the test's own folder) written with `text`."""
    path = paths.config_path()
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def test_check_names_unknown_key_actions() -> None:
    path = _config_file('[keys]\ncopy_sentence = "Y"\nteleport = "t"\n')
    status, _, err = _run()
    assert status == 1
    assert "config.toml line 3: [keys] teleport: no action has that name" in err
    assert "[keys] copy_sentence: no action" not in err  # a known name


def test_check_names_an_unknown_theme() -> None:
    path = _config_file('theme = "solarised-purple"\n')
    status, _, err = _run()
    assert status == 1
    assert "config.toml line 1: theme 'solarised-purple' does not exist" in err and "reader-night" in err
    path.write_text('theme = "reader-night"\n')
    assert _run()[0] == 0


def test_check_lists_every_problem_in_the_order_of_the_file() -> None:
    path = _config_file('theme = "nope"\n[summary]\nlength = 0\n[keys]\nteleport = "t"\n[limits]\nmax_redirects = -1\n')
    status, _, err = _run()
    assert status == 1
    lines = [e.split(": ")[1] for e in err.splitlines()]
    assert lines == ["config.toml line 1", "config.toml line 3", "config.toml line 5", "config.toml line 7"], err
