"""`reader extract/summary` failures: one clear line each, in order, exit status 1, no traceback."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sources_server import serve

from reader.cli import main
from reader.core.safety import is_clean

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ("<html><head><title>A fine page</title></head><body><article><h1>A fine page</h1>"
           "<p>This is a fine article with several words in it. It has a second sentence "
           "that says more. And a third sentence closes the paragraph.</p></article></body></html>")


@pytest.fixture(scope="module")
def server():
    with serve() as running:
        yield running


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "ok.html").write_text(ARTICLE)
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "folder").mkdir()
    return {
        "ok": str(tmp_path / "ok.html"),
        "binary": str(tmp_path / "noise.bin"),
        "image": str(tmp_path / "image.html"),
        "folder": str(tmp_path / "folder"),
        "missing": str(tmp_path / "missing.html"),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def expect_one_line(capsys, location: str, message: str) -> None:
    for command in ("extract", "summary"):
        code, out, err = run(capsys, command, location)
        assert code == 1
        assert out == ""
        assert err == f"reader: {message}\n", err
        code, out, err = run(capsys, command, "--json", location)
        assert code == 1 and err == ""
        assert json.loads(out) == {"location": location, "error": message.split(": ", 1)[-1]
                                   if message.startswith(location + ": ") else message}


def test_binary_file(capsys, files):
    expect_one_line(capsys, files["binary"], f"{files['binary']} is not a web page (binary data).")


def test_image_named_html(capsys, files):
    expect_one_line(capsys, files["image"], f"{files['image']} is not a web page (image/png).")


def test_missing_file(capsys, files):
    expect_one_line(capsys, files["missing"], f"There is no file at {files['missing']}.")


def test_folder(capsys, files):
    expect_one_line(capsys, files["folder"], f"{files['folder']} is a folder, not a page.")


def test_unreachable_host(capsys):
    url = f"http://127.0.0.1:{free_port()}/page.html"
    expect_one_line(capsys, url, "Could not reach 127.0.0.1 (connection refused).")  # the host once


def test_unreachable_hosts_among_several_locations_name_each_address(capsys):
    port = free_port()
    urls = [f"http://127.0.0.1:{port}/a.html", f"http://127.0.0.1:{port}/b.html"]
    code, out, err = run(capsys, "extract", *urls)
    assert code == 1 and out == ""
    assert err.splitlines() == [f"reader: {url}: Could not reach 127.0.0.1 (connection refused)."
                                for url in urls]


def test_http_404(capsys, server):
    url = server.url("/404")
    expect_one_line(capsys, url, f"The server answered 404 Not Found for {url}.")


def test_refused_scheme(capsys):
    expect_one_line(capsys, "javascript:alert(1)", "javascript:alert(1): Only http(s) addresses, "
                    "files and file: URLs can be opened, not javascript: locations.")


def test_several_locations_one_line_each_in_order(capsys, files, server):
    order = [files["ok"], files["missing"], server.url("/page.html"), files["binary"],
             server.url("/500"), files["ok"]]
    code, out, err = run(capsys, "extract", "--json", *order)
    assert code == 1 and err == ""
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["location"] for line in lines] == order
    assert ["error" in line for line in lines] == [False, True, False, True, True, False]
    assert lines[0]["title"] == "A fine page"
    assert lines[2]["url"] == server.url("/page.html")

    code, out, err = run(capsys, "extract", *order)
    assert code == 1
    assert [line.split(" ", 2)[1] for line in err.splitlines()] == \
        ["There", files["binary"], "The"]
    assert out.count("This is a fine article") == 2 and out.count("Loopback page") >= 1


def test_all_ok_exits_zero(capsys, files):
    code, out, err = run(capsys, "summary", "--json", "-n", "2", files["ok"])
    assert code == 0 and err == ""
    result = json.loads(out)
    assert len(result["sentences"]) == 2


def test_unexpected_error_is_logged_not_shown(capsys, files, monkeypatch, isolated_dirs):
    import reader.core.extract as extract_module

    def broken(page, *, limits=None):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(extract_module, "extract", broken)
    code, out, err = run(capsys, "extract", files["ok"])
    log = isolated_dirs / "log" / "errors.log"
    assert code == 1 and out == ""
    assert err == (f"reader: {files['ok']}: Unexpected error (ZeroDivisionError); details were "
                   f"logged to {log}.\n")
    assert "Traceback" in log.read_text() and "ZeroDivisionError: a bug" in log.read_text()


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal(files, server):
    from reader.cli import build_parser
    from reader.commands import batch

    args = build_parser().parse_args(["extract", "--json", files["ok"], server.url("/page.html"),
                                      files["missing"]])
    out, tty = io.StringIO(), FakeTTY()
    assert batch.run(args, out=out, err=tty) == 1
    assert "\x1b" not in out.getvalue() and "[1/3]" not in out.getvalue()
    shown = tty.getvalue()
    assert "\r\x1b[K[1/3] " in shown and "[2/3] " in shown and "[3/3] " in shown
    assert shown.endswith("\r\x1b[K")  # erased at the end

    plain = io.StringIO()
    assert batch.run(args, out=io.StringIO(), err=plain) == 1
    assert plain.getvalue() == ""

    args = build_parser().parse_args(["extract", files["missing"], files["ok"]])
    tty = FakeTTY()
    batch.run(args, out=io.StringIO(), err=tty)
    # The error line is printed on a cleared line, never after a progress text.
    assert f"\r\x1b[Kreader: There is no file at {files['missing']}.\n" in tty.getvalue()


def test_hostile_page_prints_nothing_a_terminal_acts_on(capsys, server, tmp_path):
    hostile = tmp_path / "hostile.html"
    hostile.write_text("<html><head><title>\x1b]52;c;ZXZpbA==\x07Evil\u202etitle\x9b2J</title>"
                       "</head><body><article><p>Click \x1b[2J now. This sentence is long "
                       "enough to be an article paragraph.\x1b]8;;http://x\x07 It says "
                       "more.</p></article></body></html>")
    for location in (str(hostile), server.url("/hostile")):
        for argv in (["extract"], ["extract", "--json"], ["summary", "-n", "1"],
                     ["summary", "--json", "-n", "1"], ["summary", "--plain-text", "-n", "2"],
                     ["summary", "--plain-text", "--json", "-n", "2"]):
            run(capsys, *argv, location)
            code, out, err = run(capsys, *argv, location)
            assert is_clean(out) and is_clean(err.replace("\n", "")), (argv, out, err)
            assert "\x1b" not in out + err and "\u202e" not in out + err


def test_subprocess_exit_status_and_no_traceback(files, server):
    locations = [files["binary"], files["missing"], files["folder"],
                 f"http://127.0.0.1:{free_port()}/", server.url("/404")]
    proc = subprocess.run([sys.executable, "-m", "reader", "extract", *locations],
                          capture_output=True, text=True, timeout=60, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 5, proc.stderr
    assert all(line.startswith("reader: ") for line in lines)
    assert "Traceback" not in proc.stderr


def test_batch_of_500_files_is_one_process(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    locations = []
    for n in range(500):
        path = folder / f"page{n:03}.html"
        path.write_text(ARTICLE.replace("A fine page", f"Page number {n}"))
        locations.append(str(path))
    locations[250] = str(folder / "missing.html")
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "reader", "extract", "--json", *locations],
                          capture_output=True, text=True, timeout=180, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    elapsed = time.monotonic() - started
    assert proc.returncode == 1, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(lines) == 500
    assert [line["location"] for line in lines] == locations
    assert lines[0]["title"] == "Page number 0" and lines[499]["title"] == "Page number 499"
    assert "error" in lines[250] and sum("error" in line for line in lines) == 1
    assert elapsed < 120


def test_truncated_article_is_marked(capsys, tmp_path, monkeypatch):
    path = tmp_path / "long.html"
    path.write_text("<html><body><article>" + "".join(
        f"<p>Paragraph {i} of the article is here. It has several words in it.</p>"
        for i in range(400)) + "</article></body></html>")
    config = tmp_path / "config.toml"
    config.write_text("[limits]\nmax_text_chars = 2000\n")
    monkeypatch.setenv("READER_CONFIG", str(config))
    code, out, err = run(capsys, "extract", str(path))
    assert code == 0, err
    assert out.rstrip().endswith("[The article was cut here: it is longer than reader's length "
                                 "limit (max_text_chars).]")
    code, out, err = run(capsys, "extract", "--json", str(path))
    assert json.loads(out)["truncated"] is True


def test_stdin_through_a_real_pipe():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "reader", "extract", "--json", "-"],
                          input=ARTICLE.encode(), capture_output=True, timeout=60, cwd=ROOT,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["title"] == "A fine page"
    proc = subprocess.run([sys.executable, "-m", "reader", "summary", "-"],
                          input=b"\x89PNG\r\n\x1a\n" + bytes(100), capture_output=True,
                          timeout=60, cwd=ROOT, env=env)
    assert proc.returncode == 1 and proc.stdout == b""
    assert proc.stderr == b"reader: Standard input is not a web page (image/png).\n"


@pytest.mark.parametrize("asked", [3, 5])
def test_a_summary_shorter_than_asked_says_why_on_stderr(capsys, tmp_path, asked: int) -> None:
    page = tmp_path / "ferry.html"
    page.write_text("<html><head><title>Ferry</title></head><body><article><h1>Ferry</h1>"
                    "<p>The ferry left at dawn and the crew counted every crate twice before "
                    "the harbour master signed the sheet.</p><p>Short one.</p>"
                    "<figure><figcaption>The ferry at dawn.</figcaption></figure></article>"
                    "</body></html>")
    code, out, err = run(capsys, "summary", "-n", str(asked), str(page))
    assert code == 0 and out.count("\n1. ") == 1 and "\n2. " not in out
    assert err == (f"reader: the summary has 1 sentence, not {asked}: the rest of the page is "
                   "fragments, captions, code, table cells or repeats of what the summary "
                   "already says.\n")
    code, out, err = run(capsys, "summary", "-n", "1", str(page))      # all it asked for
    assert code == 0 and err == ""
    code, out, err = run(capsys, "summary", "--json", "-n", str(asked), str(page))
    assert code == 0 and err == "" and len(json.loads(out)["sentences"]) == 1   # JSON: the count says it


def _scripted_page(tmp_path: Path, name: str, visible: str) -> Path:
    story = [f"The ferry to the island left late on day {n}. Passengers waited on the quay in the rain. "
             f"Nobody on board could say when the repairs would end." for n in range(40)]
    data = json.dumps({"props": {"article": {"paragraphs": story}}})
    page = tmp_path / name
    page.write_text(f"<html><head><title>The late ferry</title></head><body><div id='root'>{visible}</div>"
                    f"<script id='__NEXT_DATA__' type='application/json'>{data}</script></body></html>")
    return page


def _plain_page(tmp_path: Path) -> Path:
    page = tmp_path / "plain.html"
    story = "".join(f"<p>The ferry to the island left late on day {n}. Passengers waited on the quay "
                    f"in the rain for their boat.</p>" for n in range(12))
    page.write_text(f"<html><head><title>The late ferry</title></head><body><article><h1>The late "
                    f"ferry</h1>{story}</article></body></html>")
    return page


def test_a_page_drawn_by_javascript_is_said_to_be_one(capsys, tmp_path) -> None:
    """Its markup holds a shell: the text it holds is printed, and stderr says why it is short;
    JSON says it in `drawn_by_script`; a shell with no text at all fails saying so."""
    shell = _scripted_page(tmp_path, "ferry.html", "<h1>The late ferry</h1><p>Loading the story of the late ferry now.</p>")
    code, out, err = run(capsys, "extract", str(shell))
    assert code == 0 and "Loading the story" in out
    assert err == ("reader: most of its text is in scripts reader does not run (a page drawn by "
                   "JavaScript); this is what its markup holds.\n")
    code, out, err = run(capsys, "extract", "--json", str(shell))
    assert code == 0 and err == "" and json.loads(out)["drawn_by_script"] is True
    code, out, err = run(capsys, "summary", "--json", str(shell))
    assert code == 0 and err == "" and json.loads(out)["drawn_by_script"] is True
    code, out, err = run(capsys, "summary", "--json", str(tmp_path / "ferry.html"), str(_plain_page(tmp_path)))
    assert [json.loads(line)["drawn_by_script"] for line in out.splitlines()] == [True, False]
    code, out, err = run(capsys, "summary", str(shell), str(shell))    # several: each names its page
    assert err.count(f"reader: {shell}: most of its text is in scripts") == 2
    empty = _scripted_page(tmp_path, "empty.html", "")
    code, out, err = run(capsys, "extract", str(empty))
    assert code == 1 and "drawn by JavaScript" in err and err.count("\n") == 1
