"""Snapshots of the reading screen at 120x40 (side by side) and 80x24 (stacked).

The article is a fixed JSON fixture (no extraction in the loop) and the summary uses `lead`,
so only a change in the UI itself (or in sentence splitting) changes these pictures.
Update them deliberately with `pytest tests/test_ui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import json
from pathlib import Path

from ui_helpers import settle

from reader.core.models import Article
from reader.ui.app import ReaderApp

FIXTURE = Path(__file__).parent.parent / "fixtures" / "ui" / "harbour_article.json"


def _app() -> ReaderApp:
    article = Article.from_json(json.loads(FIXTURE.read_text(encoding="utf-8")))
    return ReaderApp(article=article, algorithm="lead", count=4)


async def _ready(pilot) -> None:
    await settle(pilot)


async def _jump_to_last(pilot) -> None:
    await settle(pilot)
    await pilot.press("tab", "G", "enter")
    await pilot.pause()


def test_reading_screen_wide(snap_compare) -> None:
    assert snap_compare(_app(), terminal_size=(120, 40), run_before=_ready)


def test_reading_screen_80x24(snap_compare) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=_ready)


def test_jump_from_summary_wide(snap_compare) -> None:
    assert snap_compare(_app(), terminal_size=(120, 40), run_before=_jump_to_last)


def test_open_dialog_80x24(snap_compare) -> None:
    async def open_dialog(pilot) -> None:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(80, 24), run_before=open_dialog)
