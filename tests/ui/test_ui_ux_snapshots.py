"""Snapshots (pytest-textual-snapshot): help, find, links, palette and the wide reading view.

Update after a deliberate visual change with `pytest tests/test_ui_ux_snapshots.py
--snapshot-update` and look at the report before committing.
"""

from __future__ import annotations

from pathlib import Path

from ui_helpers import settle

from reader.ui.app import ReaderApp

FIRST = str(Path(__file__).parent.parent / "fixtures" / "ux" / "first.html")


def _keys(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)
    return run_before


def test_help_120x40(snap_compare) -> None:
    assert snap_compare(ReaderApp(FIRST), terminal_size=(120, 40),
                        run_before=_keys("question_mark"))


def test_help_80x24(snap_compare) -> None:
    assert snap_compare(ReaderApp(FIRST), terminal_size=(80, 24),
                        run_before=_keys("question_mark"))


def test_find_120x40(snap_compare) -> None:
    assert snap_compare(ReaderApp(FIRST), terminal_size=(120, 40),
                        run_before=_keys("slash", *"lamp", "enter", "n"))


def test_find_80x24(snap_compare) -> None:
    assert snap_compare(ReaderApp(FIRST), terminal_size=(80, 24),
                        run_before=_keys("slash", *"ships"))


def test_links_120x40(snap_compare) -> None:
    assert snap_compare(ReaderApp(FIRST), terminal_size=(120, 40), run_before=_keys("f"))


def test_reading_view_220x50(snap_compare) -> None:
    assert snap_compare(ReaderApp(FIRST), terminal_size=(220, 50), run_before=_keys())


def test_palette_120x40(snap_compare) -> None:
    assert snap_compare(ReaderApp(FIRST), terminal_size=(120, 40),
                        run_before=_keys("ctrl+p", *"theme"))
