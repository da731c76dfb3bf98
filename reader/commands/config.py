"""`reader config`: where the config file lives, open it in an editor, check it.

`--edit` creates the file from a commented template first, so a new user sees every setting
with its default instead of an empty buffer.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TextIO

from reader.app import config as reader_config
from reader.app import output
from reader.app import paths

FALLBACK_EDITORS = ("sensible-editor", "editor", "nano", "vim", "vi")


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "config", help="show, check or edit the config file",
        description="Without options: print the config file's path and check it. "
                    "READER_CONFIG overrides the path.")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--path", action="store_true", help="print the config file's path")
    group.add_argument("--edit", action="store_true",
                       help="open the config file in $VISUAL / $EDITOR (created from a "
                            "commented template if missing)")
    parser.set_defaults(handler=run)
    return parser


def editor_command(environ: dict[str, str] | None = None) -> list[str] | None:
    """$VISUAL, then $EDITOR, then a sensible editor found on PATH (notepad on Windows)."""
    env = os.environ if environ is None else environ
    for var in ("VISUAL", "EDITOR"):
        value = env.get(var, "").strip()
        if value:
            return shlex.split(value, posix=os.name != "nt")
    if os.name == "nt":
        return ["notepad"]
    for name in FALLBACK_EDITORS:
        found = shutil.which(name)
        if found:
            return [found]
    return None


def ensure_file(path: Path) -> bool:
    """Create the file from the template if it is missing; True if it was created."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(reader_config.default_template(), encoding="utf-8")
    return True


def _key_problems(loaded: reader_config.Config) -> list[str]:
    """Check `[keys]` names against the actions registry (no screen is loaded for it)."""
    if not loaded.keys:
        return []
    from reader.ui import keymap
    return keymap.resolve(loaded.keys, where=lambda name: reader_config.locate(loaded, "keys", name)).problems


def _theme_problems(loaded: reader_config.Config) -> list[str]:
    theme = loaded.theme
    if not theme:
        return []
    try:
        from textual.theme import BUILTIN_THEMES

        from reader.ui.themes import READING_THEMES
    except ImportError:  # pragma: no cover
        return []
    names = sorted({*BUILTIN_THEMES, *(t.name for t in READING_THEMES)})
    if theme in names:
        return []
    return [f"{reader_config.locate(loaded, None, 'theme')}: theme {theme!r} does not exist; the app "
            "will use reader-paper. Themes: " + ", ".join(names) + "."]


def _report(path: Path, err: TextIO) -> int:
    loaded = reader_config.load(path)
    problems = reader_config.by_line(loaded.problems + _theme_problems(loaded) + _key_problems(loaded))
    for problem in problems:
        err.write(f"reader config: {problem}\n")
    return 1 if problems else 0


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or output.stdout()
    err = err or sys.stderr
    path = paths.config_path()
    if args.path:
        out.write(f"{path}\n")
        return 0
    if args.edit:
        try:
            created = ensure_file(path)
        except OSError as exc:
            err.write(f"reader config: cannot create {path} ({exc.strerror or exc}).\n")
            return 1
        if created:
            err.write(f"reader config: created {path} with the default settings.\n")
        command = editor_command()
        if command is None:
            err.write(f"reader config: no editor found; set $EDITOR, or edit {path} yourself.\n")
            return 1
        try:
            status = subprocess.call([*command, str(path)])
        except OSError as exc:
            err.write(f"reader config: cannot start the editor {command[0]!r} "
                      f"({exc.strerror or exc}); set $EDITOR.\n")
            return 1
        if status != 0:
            err.write(f"reader config: the editor exited with status {status}.\n")
        return _report(path, err) or (1 if status else 0)
    out.write(f"{path}\n")
    if not path.exists():
        out.write("No config file yet: every setting has its default "
                  "(`reader config --edit` creates one).\n")
        return 0
    status = _report(path, err)
    if status == 0:
        out.write("The config file is valid.\n")
    return status
