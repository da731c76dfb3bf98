"""`reader extract --json --candidates`: which reading is shown and every reading the page has."""

from __future__ import annotations

import json
from pathlib import Path

from reader.cli import main

_STORY = ("The harbour board met on Tuesday to discuss the crumbling wall, and the engineers explained why "
          "the old stones could not hold another winter of storms without new foundations. ")


def _run(capsys, *argv: str) -> tuple[int, list[dict]]:
    code = main(list(argv))
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_candidates_are_listed_only_when_asked(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Wall</title></head><body><nav><a href='/'>Home</a></nav><main>"
                    + "".join(f"<p>{_STORY}{i}.</p>" for i in range(6)) + "</main></body></html>", "utf-8")
    dump = tmp_path / "page.txt"
    dump.write_text("\n\n".join(_STORY + f"{i}." for i in range(4)), "utf-8")
    code, rows = _run(capsys, "extract", "--json", "--candidates", str(page), str(dump))
    assert code == 0 and len(rows) == 2
    html, text = rows
    names = [c["name"] for c in html["candidates"]]
    assert html["candidate"] == names[0] and "main" in names and "page" in names
    assert all(set(c) == {"name", "label", "confidence", "same_as"} and 0 <= c["confidence"] <= 1
               for c in html["candidates"])
    names = [c["name"] for c in html["candidates"]]
    for i, c in enumerate(html["candidates"]):   # a repeat names a better-ranked distinct reading
        assert c["same_as"] is None or (c["same_as"] in names[:i] and
                                        html["candidates"][names.index(c["same_as"])]["same_as"] is None)
    assert text["candidate"] == "dump" and [c["name"] for c in text["candidates"]] == ["dump"]
    code, plain = _run(capsys, "extract", "--json", str(page))
    assert code == 0 and "candidates" not in plain[0] and "candidate" not in plain[0]
