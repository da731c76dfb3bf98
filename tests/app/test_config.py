"""Config parsing: valid settings apply, every mistake is reported with its line, nothing raises."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from reader.app import config
from reader.core.limits import Limits

ALGOS = ["salience", "lexrank", "lsa", "lead"]


def test_missing_file_gives_defaults_without_problems(tmp_path: Path) -> None:
    loaded = config.load(tmp_path / "absent.toml")
    assert loaded.problems == []
    assert loaded.theme is None and loaded.algorithm is None and loaded.keys == {}
    assert loaded.limits == Limits()


def test_valid_config_applies_every_section() -> None:
    text = """
theme = "nord"
first_run_hint = false

[summary]
algorithm = "LSA"
length = 4

[keys]
quit = "ctrl+q"
find = ["slash", "ctrl+f"]

[limits]
max_redirects = 3
total_timeout = 12
"""
    loaded = config.parse(text, algorithms=ALGOS)
    assert loaded.problems == []
    assert loaded.theme == "nord"
    assert loaded.first_run_hint is False
    assert loaded.algorithm == "lsa" and loaded.length == 4 and loaded.ratio is None
    assert loaded.keys == {"quit": "ctrl+q", "find": "slash,ctrl+f"}
    assert loaded.limits.max_redirects == 3
    assert loaded.limits.total_timeout == 12.0 and isinstance(loaded.limits.total_timeout, float)
    assert loaded.limits.max_download_bytes == Limits().max_download_bytes


def test_syntax_error_names_the_line_and_uses_defaults() -> None:
    text = 'theme = "nord"\n[summary]\nlength = = 3\n'
    loaded = config.parse(text, name="config.toml")
    assert loaded.theme is None  # whole file ignored: defaults
    assert len(loaded.problems) == 1
    assert loaded.problems[0].startswith("config.toml line 3:")
    assert "default" in loaded.problems[0]


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ('\n\n[summary]\nlength = 0\n', 4, "summary.length"),
        ('[summary]\nalgorithm = "nope"\n', 2, "'nope' is not one of salience, lexrank, lsa, lead"),
        ('[summary]\nratio = 1.5\n', 2, "summary.ratio"),
        ('[limits]\nmax_redirects = "ten"\n', 2, 'limits.max_redirects = "ten" must be a whole number'),
        ('[limits]\nidle_timeout = -1\n', 2, "limits.idle_timeout = -1 is out of range"),
        ('[limits]\nmax_redirect = 3\n', 2, "limits.max_redirect is not a limit"),
        ('[keys]\nquit = 5\n', 2, "keys.quit must be a key"),
        ('[keys]\nquit = "a,b"\n', 2, "keys.quit has a key"),
        ('colour = "red"\n', 1, "colour is not a setting"),
        ('theme = 3\n', 1, "theme must be a theme name"),
        ('summary = 3\n', 1, "summary must be a table"),
        ('first_run_hint = "yes"\n', 1, "first_run_hint must be true or false"),
    ],
)
def test_each_mistake_is_reported_with_its_line(text: str, line: int, needle: str) -> None:
    loaded = config.parse(text, name="config.toml", algorithms=ALGOS)
    assert len(loaded.problems) == 1, loaded.problems
    assert loaded.problems[0].startswith(f"config.toml line {line}:"), loaded.problems
    assert needle in loaded.problems[0]


def test_bad_value_keeps_the_good_ones() -> None:
    loaded = config.parse('[limits]\nmax_redirects = -2\nmax_sentences = 50\n')
    assert loaded.limits.max_redirects == Limits().max_redirects
    assert loaded.limits.max_sentences == 50
    assert len(loaded.problems) == 1


def test_length_and_ratio_together_keeps_length() -> None:
    loaded = config.parse('[summary]\nlength = 3\nratio = 0.2\n')
    assert loaded.length == 3 and loaded.ratio is None
    assert "ratio cannot be set together with length" in loaded.problems[0]


def test_dotted_keys_are_located() -> None:
    loaded = config.parse('theme = "nord"\nsummary.length = "x"\n')
    assert loaded.problems[0].startswith("config.toml line 2: summary.length")


def test_unreadable_bytes_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff\xfe"\n')
    loaded = config.load(path)
    assert loaded.problems and "UTF-8" in loaded.problems[0]
    assert loaded.theme is None


def test_template_is_valid_toml_with_all_defaults() -> None:
    template = config.default_template()
    assert tomllib.loads(template) == {"summary": {}, "keys": {}, "limits": {}}
    loaded = config.parse(template, algorithms=ALGOS)
    assert loaded.problems == [] and loaded.limits == Limits()
    for name in ("max_download_bytes", "max_redirects", "total_timeout"):
        assert f"# {name} = " in template
    # Uncommenting every example line still gives a valid config.
    uncommented = "\n".join(
        line[2:].split("    #")[0] if line.startswith("# ") and " = " in line else line
        for line in template.splitlines())
    loaded = config.parse(uncommented, algorithms=ALGOS)
    assert loaded.problems == ["config.toml line 16: summary.ratio cannot be set together "
                               "with length; using length."]
    assert loaded.theme == "reader-paper" and loaded.keys["find"] == "slash,ctrl+f"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_never_raises(text: str) -> None:
    loaded = config.parse(text, algorithms=ALGOS)
    assert isinstance(loaded.problems, list)
    assert isinstance(loaded.limits, Limits)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["summary", "keys", "limits", "theme"]),
                       st.one_of(st.integers(), st.text(max_size=5), st.booleans(),
                                 st.dictionaries(st.text(min_size=1, max_size=8),
                                                 st.one_of(st.integers(), st.floats(),
                                                           st.text(max_size=4)),
                                                 max_size=3)),
                       max_size=4))
def test_any_structure_never_raises(data: dict) -> None:
    import json
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"[{key}]")
            for k, v in value.items():
                if isinstance(v, float) and v != v:
                    v = 0.5
                lines.append(f"{json.dumps(k)} = {json.dumps(v)}")
        else:
            lines.insert(0, f"{key} = {json.dumps(value)}")
    try:
        tomllib.loads("\n".join(lines))
    except tomllib.TOMLDecodeError:
        return
    loaded = config.parse("\n".join(lines), algorithms=ALGOS)
    assert isinstance(loaded.limits, Limits)


@pytest.mark.parametrize(("text", "message"), [
    ('[limits]\ntotal_timeout = 1e10\n',
     "config.toml line 2: limits.total_timeout = 1e10 is out of range (1 to 3600 seconds); using 60."),
    ('[limits]\n# every URL used to fail with OverflowError\ntotal_timeout = inf\n',
     "config.toml line 3: limits.total_timeout = inf is not a number reader can use (1 to 3600 "
     "seconds); using 60."),
    ('[limits]\nidle_timeout = nan  # not a number\n',
     "config.toml line 2: limits.idle_timeout = nan is not a number reader can use (0.1 to 3600 "
     "seconds); using 15."),
    ('[limits]\nmax_nesting_depth = 1000000000\n',
     "config.toml line 2: limits.max_nesting_depth = 1000000000 is out of range (16 to 2,000 "
     "levels); using 512."),
    ('[limits]\nmax_text_chars = 0\n',
     "config.toml line 2: limits.max_text_chars = 0 is out of range (1,000 to 20,000,000 "
     "characters); using 5000000."),
    ('[limits]\nmax_download_bytes = 10\n',
     "config.toml line 2: limits.max_download_bytes = 10 is out of range (1024 to 1073741824 "
     "bytes, 1 KB to 1 GB); using 20971520 (20 MB)."),
    ('[limits]\nmax_redirects = 2.5\n',
     "config.toml line 2: limits.max_redirects = 2.5 must be a whole number (0 to 50 redirects); "
     "using 10."),
    ('[limits]\nmax_sentences = true\n',
     "config.toml line 2: limits.max_sentences = true must be a whole number (1 to 50,000 "
     "sentences); using 20000."),
    ('limits.connect_timeout = 0\n',
     "config.toml line 1: limits.connect_timeout = 0 is out of range (0.1 to 3600 seconds); "
     "using 10."),
])
def test_limits_out_of_range_name_the_value_the_range_and_the_default(text: str, message: str) -> None:
    loaded = config.parse(text)
    assert loaded.problems == [message]
    assert loaded.limits == Limits()


def test_every_limit_accepts_both_ends_of_its_range() -> None:
    from reader.core.limits import LIMITS

    for end in ("minimum", "maximum"):
        lines = ["[limits]"] + [f"{s.name} = {s.kind(getattr(s, end))!r}" for s in LIMITS]
        loaded = config.parse("\n".join(lines))
        assert loaded.problems == []
        for spec in LIMITS:
            assert getattr(loaded.limits, spec.name) == getattr(spec, end)
