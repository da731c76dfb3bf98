"""Helpers shared by the UI tests (not a test module)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.worker import WorkerCancelled


async def settle(pilot: Pilot, rounds: int = 4) -> None:
    """Wait until workers are done and their messages handled (load, then summary).

    A worker replaced by a newer one of its exclusive group ends cancelled; that is the app
    working as designed, so waiting simply goes on."""
    app = pilot.app
    for _ in range(rounds):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        await pilot.pause()
    await pilot.pause()


def line_texts(view) -> list[str]:
    """The article pane's lines as plain text (all of them, not only the visible ones)."""
    layout = view.layout_lines
    return [layout.prefixes[i] + view.article.text[layout.starts[i]:layout.ends[i]]
            for i in range(len(layout))]


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]
