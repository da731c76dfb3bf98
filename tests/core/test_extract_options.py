"""Extraction switches are an argument, and the extract package imports without cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reader.core.extract import ExtractOptions, extract
from reader.core.extract.options import OptionsError
from reader.core.models import Page

EXTRACT = Path(__file__).resolve().parents[2] / "reader" / "core" / "extract"


def test_spec_turns_switches_off_and_on() -> None:
    options = ExtractOptions().with_spec("-trim, -end-marker,+retry")
    assert not options.trim and not options.end_marker and options.retry
    assert ExtractOptions().with_spec("") == ExtractOptions()


@pytest.mark.parametrize("spec", ["-nonsense", "trim", "*main"])
def test_unknown_switch_is_one_clear_error(spec: str) -> None:
    with pytest.raises(OptionsError, match="Unknown extraction switch"):
        ExtractOptions().with_spec(spec)


def test_options_reach_the_extractor_without_globals() -> None:
    words = " ".join(["harbour"] * 30)
    body = ("<html><head><title>Harbour wall repairs agreed</title></head><body><article>"
            "<h2>Harbour wall repairs agreed</h2>"
            + "".join(f"<p>The harbour board met on day {i} to discuss the wall, {words}.</p>" for i in range(8))
            + "</article></body></html>").encode()
    page = Page(location="page.html", body=body)
    default = extract(page)
    kept = extract(page, options=ExtractOptions(title_block=False))
    assert not default.text.startswith("Harbour wall") and kept.text.startswith("Harbour wall repairs agreed\n\n")
    assert extract(page).text == default.text  # nothing leaked into module state


def _imports(path: Path) -> set[str]:
    """Sibling modules of the extract package that `path` imports, at any depth of the code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:
                found.update(alias.name for alias in node.names)
            elif (node.module or "").startswith("reader.core.extract."):
                found.add(node.module.split(".")[3])
    return found


def test_extract_modules_import_no_cycle() -> None:
    graph = {p.stem: _imports(p) for p in EXTRACT.glob("*.py") if p.stem != "__init__"}

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    assert [m for m in graph if m in reach(m)] == []
