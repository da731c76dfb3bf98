"""An article read in the app keeps its default summary in the library, so an export of the
library never computes it again; a summary of other settings (after `+`) is not kept."""

from __future__ import annotations

import asyncio
from pathlib import Path

from ui_helpers import settle, until

from reader.app.summaries import settings_for
from reader.ui.app import ReaderApp

HARBOUR = str(Path(__file__).parent.parent / "fixtures" / "ui" / "harbour.html")


async def _stored(app: ReaderApp):
    """The library's stored summary of the article on screen (None: none), read in the
    library's own writer thread as every store call of the app is."""
    screen = app.reader_screen
    article, pipeline = screen.article, app.pipeline
    result: asyncio.Future = asyncio.get_running_loop().create_future()
    app.library.submit(
        lambda library: library.summaries.get(article.text, pipeline.default_algorithm(),
                                              settings_for(pipeline, article)),
        what=None, done=result.set_result, failed=result.set_exception)
    return await asyncio.wait_for(result, 10)


async def test_the_summary_shown_is_stored_for_the_export() -> None:
    app = ReaderApp(HARBOUR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        shown = screen.summary
        assert shown is not None and shown.sentences
        await until(pilot, lambda: screen.article_id is not None)
        stored = await _stored(app)
        assert stored is not None
        assert [s.index for s in stored.sentences] == [s.index for s in shown.sentences]

        await pilot.press("plus")          # a longer summary: another setting, not kept
        await until(pilot, lambda: screen.summary is not None
                    and len(screen.summary.sentences) > len(shown.sentences))
        await settle(pilot)
        again = await _stored(app)
        assert again is not None
        assert [s.index for s in again.sentences] == [s.index for s in shown.sentences]
