"""Snapshots of the key screens at 80x24, 120x40 and wider (reviewed by eye when they change)."""

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


FIRST = str(Path(__file__).parent.parent / "fixtures" / "ux" / "first.html")


def _keys(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)
    return run_before



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
