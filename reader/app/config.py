"""The user's TOML config: theme, default summary, key remapping and input limits.

Loading never raises: a broken file yields the defaults plus `Config.problems`, one sentence
each naming the line and key, so the app can show them and keep working (issue 7). This module
imports neither textual nor the summarizers, so the CLI can read it cheaply; the caller passes
the known algorithm names when it wants them checked.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.app import paths
from reader.core.limits import LIMITS, SPECS, Limits
from reader.core.models import SummaryLength
from reader.core.pipeline import Pipeline, SummarySettings

TOP_KEYS = ("theme", "first_run_hint")
SUMMARY_KEYS = ("algorithm", "length", "ratio")
TABLES = ("summary", "keys", "limits")


@dataclass(slots=True)
class Config:
    """Effective settings: every field falls back to a default when the file says nothing or
    something invalid about it."""

    theme: str | None = None            # None: the app's default reading theme
    algorithm: str | None = None        # None: the summarizer's default
    length: int | None = None           # summary sentences; None: adapts to the article
    ratio: float | None = None          # summary length as a fraction (exclusive with length)
    first_run_hint: bool = True         # show the footer hint until the user dismisses it
    keys: dict[str, str] = field(default_factory=dict)   # action/binding id -> key(s)
    limits: Limits = field(default_factory=Limits)
    path: Path | None = None
    problems: list[str] = field(default_factory=list)
    name: str = "config.toml"                           # the file's name, as messages give it
    source: str = field(default="", repr=False)         # its text, to name a setting's line

    @property
    def summary_length(self) -> SummaryLength:
        """`[summary] length` or `ratio` (checked when parsed), else adaptive."""
        return SummaryLength(count=self.length, ratio=self.ratio)

    def pipeline(self) -> Pipeline:
        """The core pipeline with these limits and summary settings."""
        return Pipeline(self.limits, SummarySettings(self.algorithm, self.summary_length))


def locate(config: Config, table: str | None, key: str) -> str:
    """"config.toml line 7" for a setting of `config`'s file (the name alone when the line is
    unknown): checks made outside this module (themes, [keys] names) name the line too."""
    line = _line_of(config.source, table, key) if config.source else None
    return f"{config.name} line {line}" if line else config.name


_LINE = re.compile(r"^\S.*? line (\d+):")


def by_line(problems: list[str]) -> list[str]:
    """Problems in the order of the file's lines (those without a line last, as they came)."""
    def line(problem: str) -> float:
        found = _LINE.match(problem)
        return int(found.group(1)) if found else math.inf
    return sorted(problems, key=line)


def _value_text(text: str, line: int | None) -> str | None:
    """The value as written on `line` ("1e10", not 10000000000.0), without a trailing comment."""
    if line is None:
        return None
    raw = text.splitlines()[line - 1].split("=", 1)[-1]
    if "#" in raw and not raw.lstrip().startswith(("\"", "'")):
        raw = raw.split("#", 1)[0]
    return raw.strip() or None


def _line_of(text: str, table: str | None, key: str) -> int | None:
    """1-based line where `key` is set inside `[table]` (or at top level), for messages."""
    current: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$", line)
        if header:
            current = header.group(1).strip().strip('"')
            continue
        assignment = re.match(r'^\s*"?([^"=\s]+)"?\s*=', line)
        if not assignment:
            continue
        name = assignment.group(1)
        if current == table and name == key:
            return number
        if current is None and table is not None and name == f"{table}.{key}":
            return number
    return None


class _Checker:
    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.problems: list[str] = []

    def problem(self, table: str | None, key: str, message: str) -> None:
        line = _line_of(self.text, table, key)
        where = f"{self.name} line {line}" if line else self.name
        dotted = f"{table}.{key}" if table else key
        self.problems.append(f"{where}: {dotted} {message}")


def _describe_toml_error(exc: tomllib.TOMLDecodeError, name: str) -> str:
    text = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", text)
    reason = text[: match.start()].strip() if match else text
    where = f"{name} line {match.group(1)}" if match else name
    return f"{where}: {reason[:1].lower() + reason[1:]}; using the default settings."


def parse(text: str, *, name: str = "config.toml",
          algorithms: Iterable[str] | None = None) -> Config:
    """Parse config text; `algorithms` (if given) are the valid `summary.algorithm` names."""
    config = Config(name=name, source=text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        config.problems.append(_describe_toml_error(exc, name))
        return config
    check = _Checker(text, name)

    for key, value in data.items():
        if key in TABLES:
            if not isinstance(value, dict):
                check.problem(None, key, "must be a table like [" + key + "]; ignored.")
            continue
        if key == "theme":
            if isinstance(value, str) and value.strip():
                config.theme = value.strip()
            else:
                check.problem(None, key, "must be a theme name in quotes; using the default.")
        elif key == "first_run_hint":
            if isinstance(value, bool):
                config.first_run_hint = value
            else:
                check.problem(None, key, "must be true or false; using true.")
        else:
            check.problem(None, key, "is not a setting reader knows; ignored.")

    summary = data.get("summary")
    if isinstance(summary, dict):
        _parse_summary(summary, config, check, algorithms)
    keys = data.get("keys")
    if isinstance(keys, dict):
        _parse_keys(keys, config, check)
    limits = data.get("limits")
    if isinstance(limits, dict):
        config.limits = _parse_limits(limits, check)
    config.problems.extend(by_line(check.problems))
    return config


def _parse_summary(table: dict[str, Any], config: Config, check: _Checker,
                   algorithms: Iterable[str] | None) -> None:
    known = [a.lower() for a in algorithms] if algorithms is not None else None
    for key, value in table.items():
        if key == "algorithm":
            if not isinstance(value, str) or not value.strip():
                check.problem("summary", key, "must be an algorithm name in quotes; "
                              "using the default.")
            elif known is not None and value.strip().lower() not in known:
                check.problem("summary", key, f"{value!r} is not one of "
                              + ", ".join(known) + "; using the default.")
            else:
                config.algorithm = value.strip().lower()
        elif key == "length":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                check.problem("summary", key, "must be a whole number of sentences, at least 1; "
                              "using the default.")
            else:
                config.length = value
        elif key == "ratio":
            if (isinstance(value, bool) or not isinstance(value, (int, float))
                    or not 0 < value <= 1):
                check.problem("summary", key, "must be a number greater than 0 and at most 1; "
                              "using the default.")
            else:
                config.ratio = float(value)
        else:
            check.problem("summary", key, "is not a setting reader knows (algorithm, length, "
                          "ratio); ignored.")
    if config.length is not None and config.ratio is not None:
        check.problem("summary", "ratio", "cannot be set together with length; using length.")
        config.ratio = None


_KEY_RE = re.compile(r"^[A-Za-z0-9_+\-]+$|^.$")


def _parse_keys(table: dict[str, Any], config: Config, check: _Checker) -> None:
    for name, value in table.items():
        keys = [value] if isinstance(value, str) else value
        if (not isinstance(keys, list) or not keys
                or not all(isinstance(k, str) and k.strip() for k in keys)):
            check.problem("keys", name, "must be a key in quotes (or a list of keys), "
                          "like \"ctrl+f\"; keeping the default key.")
            continue
        cleaned = [k.strip() for k in keys]
        bad = [k for k in cleaned if "," in k or not _KEY_RE.match(k)]
        if bad:
            check.problem("keys", name, f"has a key Textual cannot read ({bad[0]!r}); keeping "
                          "the default key.")
            continue
        config.keys[name] = ",".join(cleaned)


def _parse_limits(table: dict[str, Any], check: _Checker) -> Limits:
    """Every value checked against its range in reader.core.limits.LIMITS; a bad one keeps the default."""
    limits = Limits()
    for key, value in table.items():
        spec = SPECS.get(key)
        if spec is None:
            check.problem("limits", key, "is not a limit reader knows ("
                          + ", ".join(s.name for s in LIMITS) + "); ignored.")
            continue
        reason = spec.problem(value)
        if reason is not None:
            written = _value_text(check.text, _line_of(check.text, "limits", key)) or repr(value)
            check.problem("limits", key, f"= {written} {reason}; using {spec.default_text()}.")
            continue
        setattr(limits, key, spec.kind(value))
    return limits


def load(path: Path | None = None, *, algorithms: Iterable[str] | None = None) -> Config:
    """Read the config file (missing file: defaults, no problems). Never raises.

    `[summary] algorithm` is checked against `algorithms` (default: every summarizer's name;
    the registry is a table of names, so checking costs no summarizer import)."""
    path = path or paths.config_path()
    if algorithms is None:
        from reader.core.summarize.registry import ALGORITHMS
        algorithms = list(ALGORITHMS)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        return Config(path=path, problems=[f"{path}: cannot be read ({exc.strerror or exc}); "
                                           "using the default settings."])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Config(path=path, problems=[f"{path.name}: is not UTF-8 text; using the default "
                                           "settings."])
    config = parse(text, name=path.name, algorithms=algorithms)
    config.path = path
    return config


def _limit_lines() -> list[str]:
    """One commented line per limit: its default, what it bounds and its valid range."""
    return [f"# {spec.name} = {spec.kind(spec.default)!r}    # {spec.description} "
            f"({spec.range_text()})" for spec in LIMITS]


def default_template() -> str:
    """The commented file `reader config --edit` creates: every line shows a default."""
    lines = [
        "# reader configuration (TOML). Every setting is optional: remove the leading '#'",
        "# to change one. `reader config` checks this file; mistakes never stop the app,",
        "# they are reported and the default is used instead.",
        "",
        "# Colour theme: \"reader-paper\" (ours, for reading), \"reader-night\", or any Textual",
        "# theme such as \"textual-dark\", \"nord\", \"gruvbox\", \"tokyo-night\", \"textual-light\".",
        "# The command palette (ctrl+p, \"theme\") previews them all.",
        "# theme = \"reader-paper\"",
        "",
        "# Show the first-run hint in the footer.",
        "# first_run_hint = true",
        "",
        "[summary]",
        f"# algorithm = \"{Pipeline().default_algorithm()}\"   # `reader summary --list` shows "
        "them all",
        "# length = 5   # sentences (unset: 3 to 12, growing with the article); or ratio:",
        "# ratio = 0.1",
        "",
        "[keys]",
        "# Give an action other keys (one key, or a list). Names are the labels of the command",
        "# palette (ctrl+p), up to any colon, in lower case with _ for spaces, for example:",
        "# quit = [\"q\", \"ctrl+q\"]",
        "# find = [\"slash\", \"ctrl+f\"]",
        "# copy_sentence = \"ctrl+y\"",
        "",
        "[limits]",
        *_limit_lines(),
        "",
    ]
    return "\n".join(lines)
