"""Other readings of the page (`x`): when extraction picked the wrong part of a page, the
next candidate the extractor ranked (the runner-up, the page's `<main>`, the whole page less
its furniture...) replaces it in one key.

The article is extracted again from the original page with that candidate, in a worker; it
then arrives like any opened article (the summary follows, the header says which reading is
shown), and saving it tells the library the choice, so the article reopens that way and its
highlights re-anchor in the new text (those that cannot be placed are kept and flagged).
"""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from reader.app.crashlog import describe
from reader.core.errors import ReaderError
from reader.core.models import Article, Page
from reader.core.safety import clean_line
from reader.ui.messages import ArticleReady
from reader.ui.screens.reader.base import ReaderScreenBase
from reader.ui.wording import distinct_readings, plural, reading_of, reading_place, word_count


SAME_TEXT = "Every other way of reading this page finds the same text."


def later_readings(article: Article) -> list[str]:
    """The names of the other distinct readings, in the extractor's order from the one after
    the reading shown (wrapping); empty when the page has only one."""
    names = distinct_readings(article)
    if len(names) < 2:
        return []
    shown = reading_of(article, article.candidate)
    position = names.index(shown) if shown in names else -1
    return [names[(position + step) % len(names)] for step in range(1, len(names))]


def reading_notice(article: Article, other: Article) -> str:
    """What the reader is told on moving from `article` to the reading `other`: its place in
    the ranking, its label, its length beside the one it replaces (so a reader sees at once
    whether it holds more or less), and whether it is the extractor's first choice again
    (the header names only the others)."""
    label = next((c.label for c in article.candidates if c.name == other.candidate), other.candidate or "")
    place = reading_place(article, other.candidate)
    where = f" ({place})" if place else ""
    size = f", {plural(word_count(other.text), 'word')} instead of {word_count(article.text):,}"
    if article.candidates and other.candidate == article.candidates[0].name:
        return clean_line(f"Back to the first reading{where}: {label}{size}.")
    return clean_line(f"Reading the page another way{where}: {label}{size}.")


class ReadingsPart(ReaderScreenBase):
    def action_next_reading(self) -> None:
        if self.needs_article():
            return
        assert self.article is not None
        names = later_readings(self.article)
        if not names:
            self.app.notify(SAME_TEXT if len(self.article.candidates) > 1 else
                            "This page has only one reading.", timeout=4)
            return
        self._read_again(self.location or "", self.article, self.page, names)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, name="other reading")
    def _read_again(self, location: str, article: Article, page: Page | None,
                    names: list[str]) -> None:
        """The first of `names` whose text differs from the article shown (several candidates
        often find the same text: showing one of those would change nothing but its name)."""
        worker = get_current_worker()
        try:
            if page is None:  # shown from the library: its saved original
                page = self._saved_page(location, article)
            if page is None:
                raise ReaderError("The original page is not saved, so it cannot be read "
                                  "another way.")
            other = None
            for name in names:
                if worker.is_cancelled:
                    return
                found = self.reader_app.pipeline.extract_candidate(page, name)
                if found.text != article.text:
                    other = found
                    break
        except Exception as exc:  # noqa: BLE001 - every failure becomes one sentence
            self.app.call_from_thread(self.app.notify, describe(exc), title="Other reading",
                                      severity="warning", timeout=8)
            return
        if other is None:
            self.app.call_from_thread(self.app.notify, SAME_TEXT, timeout=5)
            return
        self.app.call_from_thread(self.app.notify, reading_notice(article, other), timeout=3)
        self.post_message(ArticleReady(worker, location, other, page, word_count(other.text)))
        self.split_sentences(worker, other)

    def _saved_page(self, location: str, article: Article) -> Page | None:
        library = self.reader_app.library.get()
        record = library.find(location) if location else None
        return library.load_page(record.id) if record is not None else None

    def remembered_candidate(self, location: str) -> str | None:
        """In the load worker: the reading the library remembers for `location`, if the
        reader chose one. (Asked before the page is read: the library opens meanwhile, while
        the first article is still being read by the child process or the network.)"""
        try:
            record = self.reader_app.library.get().find(location)
        except ReaderError:
            return None
        return record.candidate if record is not None else None
