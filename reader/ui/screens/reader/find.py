"""Find in the article (`/`, then `n` / `N`): the bar's matches drawn as layers in the article,
the current match kept on screen and under the reading cursor.

As in less and vim, `n` and `N` repeat the last search even after the bar was closed: the bar
comes back (the focus stays in the article) at the next match after the reading cursor.
"""

from __future__ import annotations

from textual.actions import SkipAction

from reader.ui.screens.reader.base import ReaderScreenBase
from reader.ui.widgets.find import FindBar


class FindPart(ReaderScreenBase):
    def action_find(self) -> None:
        if self.needs_article():
            return
        view = self.article_view
        assert self.article is not None
        self.find_bar.open(self.article.text, near=view.visible_span()[0])

    def _step(self, delta: int) -> None:
        if self.needs_article():
            return
        assert self.article is not None
        bar = self.find_bar
        if not bar.finder.query:
            self.app.notify(f"There is no search to repeat yet; press "
                            f"{self.reader_app.key_of('reader.find')} to find words.", timeout=4)
            return
        if bar.active:
            bar.action_step(delta)
            return
        view = self.article_view
        sentence = view.current_sentence
        current = bar.finder.span
        if sentence is None:
            position = view.visible_span()[0] - 1
        elif current is not None and sentence.start <= current[0] < sentence.end:
            position = current[0]  # still on the match the bar was closed at: step from it
        else:
            position = sentence.start - 1  # a match in the cursor's sentence comes next
        bar.repeat(self.article.text, delta, position)

    def action_find_next(self) -> None:
        self._step(1)

    def action_find_previous(self) -> None:
        self._step(-1)

    def action_close_find(self) -> None:
        bar = self.find_bar
        if not bar.is_open:
            raise SkipAction()
        bar.close()

    def on_find_bar_updated(self, message: FindBar.Updated) -> None:
        view = self.article_view
        view.set_highlights("find", message.matches, "article-view--find")
        if message.current is None:
            view.clear_highlights("find-current")
            return
        start, end = message.current
        view.set_highlights("find-current", [message.current], "article-view--find-current")
        visible_start, visible_end = view.visible_span()
        if not (visible_start <= start and end <= visible_end):
            view.scroll_to_offset(start)
        index = view.sentence_at(start)
        if index is not None:
            view.set_cursor(index, scroll=False)

    def on_find_bar_done(self, message: FindBar.Done) -> None:
        self.article_view.focus()

    def find_new_text(self) -> None:
        """A new article is on screen: an open bar searches its text instead."""
        bar = self.find_bar
        if bar.is_open and self.article is not None:
            bar.set_text(self.article.text)
