"""Every limit has one documented valid range, and the program works at both ends of it."""

from __future__ import annotations

import time
from dataclasses import fields
from pathlib import Path

import pytest
from sources_server import serve

from reader.core.errors import LoadError
from reader.core.extract import extract
from reader.core.limits import DEFAULT_LIMITS, LIMITS, SPECS, Limits, LimitSpec, markdown_table
from reader.core.sources import load
from reader.core.summarize import summarize

ROOT = Path(__file__).resolve().parents[2]


def test_the_table_and_the_dataclass_agree() -> None:
    assert [f.name for f in fields(Limits)] == [spec.name for spec in LIMITS]
    for spec in LIMITS:
        default = getattr(DEFAULT_LIMITS, spec.name)
        assert default == spec.default and isinstance(default, spec.kind), spec.name
        assert spec.minimum <= spec.default <= spec.maximum, spec.name
        assert spec.problem(spec.default) is None


def test_readme_lists_every_limit_with_its_default_and_range() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme
    for spec in LIMITS:
        assert f"`{spec.name}`" in markdown_table()


@pytest.mark.parametrize("spec", LIMITS, ids=[s.name for s in LIMITS])
def test_values_outside_the_range_are_refused(spec: LimitSpec) -> None:
    step = 1 if spec.kind is int else 0.01
    for bad in (spec.minimum - step, spec.maximum + step, float("inf"), float("nan"), True, "10"):
        assert spec.problem(bad) is not None, bad
    assert spec.problem(spec.kind(spec.minimum)) is None
    assert spec.problem(spec.kind(spec.maximum)) is None
    if spec.kind is int:
        assert "whole number" in (spec.problem(float(spec.default) + 0.5) or "")


@pytest.fixture(scope="module")
def server():
    with serve() as running:
        yield running


def at(name: str, value: float) -> Limits:
    return Limits(**{name: SPECS[name].kind(value)})


@pytest.mark.parametrize("end", ["minimum", "maximum"])
@pytest.mark.parametrize("name", ["connect_timeout", "idle_timeout", "total_timeout",
                                  "max_download_bytes", "max_redirects"])
def test_network_limits_at_their_extremes(server, name: str, end: str) -> None:
    """A real page over loopback loads at both ends of each range (a redirect needs one hop)."""
    limits = at(name, getattr(SPECS[name], end))
    started = time.monotonic()
    if name == "max_redirects" and end == "minimum":
        with pytest.raises(LoadError, match=r"redirected more than 0 times \(max_redirects\)"):
            load(server.url("/redirect-ok"), limits=limits)
    else:
        page = load(server.url("/redirect-ok"), limits=limits)
        assert page.final_url == server.url("/page.html")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("end", ["minimum", "maximum"])
@pytest.mark.parametrize("name", ["max_file_bytes", "max_text_chars", "max_nesting_depth",
                                  "max_line_chars", "max_sentences"])
def test_reading_limits_at_their_extremes(fixtures_dir: Path, name: str, end: str) -> None:
    """A real page is loaded, extracted and summarised at both ends of each range."""
    value = getattr(SPECS[name], end)
    limits = at(name, value)
    for fixture in ("extract/article.html", "extract/dump-wrapped.txt", "summary/long.txt"):
        path = fixtures_dir / fixture
        if name == "max_file_bytes" and end == "minimum" and path.stat().st_size > value:
            with pytest.raises(LoadError, match=r"limit for files \(max_file_bytes\)\.$"):
                load(str(path), limits=limits)
            continue
        article = extract(load(str(path), limits=limits), limits=limits)
        assert article.text.strip()
        if name == "max_text_chars" and end == "minimum":
            whole = extract(load(str(path)))
            assert len(article.text) <= value
            assert article.truncated == (len(whole.text) > value)
        summary = summarize(article, count=3, max_sentences=limits.max_sentences)
        assert 1 <= len(summary.sentences) <= 3
        if name == "max_sentences" and end == "minimum":
            assert len(summary.sentences) == 1


def test_longest_timeouts_do_not_overflow(server) -> None:
    """Timeouts at the top of their range (an hour) never overflow a wait (issue 10: 1e10 did)."""
    limits = Limits(connect_timeout=3600.0, idle_timeout=3600.0, total_timeout=3600.0)
    assert load(server.url("/page.html"), limits=limits).body
