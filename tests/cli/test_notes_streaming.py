"""`reader notes list --json`, `notes export` and `library list` stream (memory flat in the
library's size); exports reuse the library's summary cache; tags show in lists; `notes add -`
reads a bounded amount of stdin; any article id, however large or negative, names no article
in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest

from reader import store
from reader.cli import main
from reader.core.models import Article, Page

ROOT = Path(__file__).resolve().parents[2]
WORDS = ("river lantern harbour ferry autumn calendar notebook library reader valley "
         "garden window market bridge letter").split()


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def text_of(n: int) -> str:
    sentences = [f"The {WORDS[(n + i) % 15]} of story {n} was written on day {i} with care."
                 for i in range(12)]
    return "\n\n".join(" ".join(sentences[i:i + 3]) for i in range(0, 12, 3))


def build(lib: store.Library, first: int, count: int) -> None:
    """`count` articles, each with a note, a 10 KB original page and a tag."""
    with lib.transaction():
        for n in range(first, first + count):
            url = f"https://site{n % 7}.example.org/story/{n}"
            text = text_of(n)
            page = Page(url, (f"<html><body><p>{text}</p>" + "<!-- filler -->" * 700
                              + "</body></html>").encode(), final_url=url)
            article_id = lib.save_article(Article(text=text, title=f"Story {n}", url=url,
                                                  location=url, lang="en"), page, location=url)
            lib.set_note(article_id, f"Note {n}: " + "thoughts " * 40)
            lib.add_tag(article_id, WORDS[n % 15])


def peak_mb(capsys, *argv: str) -> float:
    tracemalloc.start()
    try:
        code, _, err = cli(capsys, *argv)
        assert code == 0, err
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def libraries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two data folders built once: 600 articles (more than one batch) and 1,800."""
    folders = {}
    for name, count in (("small", 600), ("large", 1800)):
        folder = tmp_path_factory.mktemp(f"library-{name}")
        with store.open(folder / "library.sqlite3") as lib:
            build(lib, 0, count)
        folders[name] = folder
    return folders


@pytest.mark.xdist_group("notes-streaming")
@pytest.mark.parametrize("argv", [("notes", "export", "--format", "json", "--all", "--pages"),
                                  ("notes", "export", "--format", "md"),
                                  ("notes", "list", "--json"),
                                  ("library", "list", "--json")])
def test_lists_and_exports_hold_a_batch_not_the_library(capsys, tmp_path: Path, monkeypatch,
                                                        libraries: dict[str, Path],
                                                        argv: tuple[str, ...]) -> None:
    target = tmp_path / "out"
    extra = ["--output", str(target)] if argv[1] == "export" else []
    config = tmp_path / "config.toml"
    config.write_text('[summary]\nalgorithm = "kl"\n')    # a quick one: memory is measured
    monkeypatch.setenv("READER_CONFIG", str(config))
    peaks = {}
    for name, folder in libraries.items():
        monkeypatch.setenv("READER_DATA_DIR", str(folder))
        cli(capsys, *argv, *extra)                  # summaries computed (and cached) once
        peaks[name] = peak_mb(capsys, *argv, *extra)
        if argv[1] == "export":
            text = target.read_text(encoding="utf-8")
            last = 599 if name == "small" else 1799
            assert f"Story {last}" in text and "Story 0" in text
    # three times the library, not three times the memory (a batch is a few hundred entries)
    assert peaks["large"] < peaks["small"] * 1.3 + 1, peaks


def stored_summaries() -> int:
    with store.open() as lib:
        return lib.summaries.count()


def test_the_second_export_computes_no_summary(capsys, tmp_path: Path, monkeypatch) -> None:
    """A library without stored summaries (an older reader's): the first export computes
    each once (in the pool: 30 misses are enough to start it) and stores it; later exports,
    JSON or Markdown, compute none; other settings are other summaries."""
    with store.open() as lib:
        build(lib, 0, 30)
    assert stored_summaries() == 0
    code, first, err = cli(capsys, "notes", "export", "--format", "json")
    assert code == 0 and "computed 30 summaries" in err and stored_summaries() == 30
    code, second, err = cli(capsys, "notes", "export", "--format", "json")
    assert code == 0 and "computed" not in err and stored_summaries() == 30
    strip = lambda text: [a["summary"] for a in json.loads(text)["articles"]]  # noqa: E731
    assert strip(first) == strip(second) and all(s["sentences"] for s in strip(second))
    code, markdown, err = cli(capsys, "notes", "export")
    assert code == 0 and "computed" not in err and markdown.count("## Summary") == 30
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "c.toml"))
    (tmp_path / "c.toml").write_text("[summary]\nlength = 2\n")    # other settings: recomputed
    code, _, err = cli(capsys, "notes", "export", "--format", "json")
    assert "computed 30 summaries" in err and stored_summaries() == 60


def test_a_few_missing_summaries_are_computed_without_the_pool(capsys, monkeypatch) -> None:
    """Below the pool's threshold the misses are computed in this process, each once."""
    with store.open() as lib:
        build(lib, 0, 3)
    from reader.core.pipeline import Pipeline
    calls = []
    original = Pipeline.summarize

    def counted(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Pipeline, "summarize", counted)
    code, _, err = cli(capsys, "notes", "export", "--format", "json")
    assert code == 0 and len(calls) == 3 and "computed 3 summaries" in err
    code, _, err = cli(capsys, "notes", "export", "--format", "md")
    assert code == 0 and len(calls) == 3 and "computed" not in err


def test_tags_appear_in_lists(capsys) -> None:
    with store.open() as lib:
        build(lib, 0, 2)
    code, out, _ = cli(capsys, "notes", "list")
    assert code == 0 and "tags: river" in out and "tags: lantern" in out
    code, out, _ = cli(capsys, "notes", "list", "--json")
    assert sorted(json.loads(line)["tags"] for line in out.splitlines()) == [["lantern"],
                                                                              ["river"]]
    code, out, _ = cli(capsys, "notes", "list", "1")
    assert "tags: river" in out


@pytest.mark.parametrize("ref", ["99999999999999999999999", "9223372036854775808", "-5", "0",
                                 "-99999999999999999999"])
def test_any_id_that_names_nothing_says_so_in_one_line(capsys, ref: str) -> None:
    with store.open() as lib:
        build(lib, 0, 1)
    for argv in (("notes", "list", ref), ("notes", "export", ref), ("notes", "add", ref, "x")):
        code, out, err = cli(capsys, *argv)
        assert code == 1 and out == "", argv
        assert err == f"reader notes: No article in the library matches {ref!r}.\n", argv
        assert "Overflow" not in err and "Unexpected" not in err


# The child reports its own peak (VmHWM starts afresh at exec; ru_maxrss would include the
# test process it was forked from).
_PEAK_REPORTING = """
import atexit, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write("peak-kb " + line.split()[1] + "\\n")
atexit.register(peak)
from reader.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_note_from_stdin_is_read_within_its_limit(fixtures_dir: Path) -> None:
    """300 MB of 'a' on stdin: refused in one line, and the process never holds it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    page = str(fixtures_dir / "store" / "article.html")
    proc = subprocess.Popen([sys.executable, "-c", _PEAK_REPORTING, "notes", "add", page, "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)

    def feed() -> None:
        block = b"a" * 2**20
        try:
            for _ in range(300):
                proc.stdin.write(block)
            proc.stdin.close()
        except OSError:       # the reader stopped reading: as it should
            pass

    writer = threading.Thread(target=feed)
    writer.start()
    proc.wait(timeout=120)
    writer.join()
    out, err = proc.stdout.read(), proc.stderr.read()
    message, peak = err.decode().splitlines()
    assert proc.returncode == 1 and out == b""
    assert message == ("reader notes: The note is larger than 4 MB, the most a note can "
                       "hold, so it was not saved.")
    assert int(peak.split()[1]) / 1024 < 150     # MB: far under the 300 MB it was sent
    with store.open() as lib:
        assert lib.count() == 0 or lib.get_note(lib.list_articles()[0].id) is None


def test_a_note_just_under_the_limit_is_kept(capsys, monkeypatch, fixtures_dir: Path) -> None:
    import io
    body = "b" * (store.NOTE_LIMIT_BYTES - 10)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body.encode())))
    code, _, err = cli(capsys, "notes", "add", str(fixtures_dir / "store" / "article.html"), "-")
    assert code == 0, err
    with store.open() as lib:
        assert lib.get_note(lib.list_articles()[0].id).body == body
