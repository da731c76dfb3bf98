"""The summary part of the reading screen: compute it in a worker, show it, change its length
and algorithm, copy it, and mark its sentences in the article."""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from reader.app.crashlog import describe
from reader.core.models import Article, Sentence, Summary
from reader.core.safety import clean_line
from reader.core.models import SummaryLength
from reader.ui.messages import SummaryFailed, SummaryReady
from reader.ui.screens.reader.base import ReaderScreenBase
from reader.ui.widgets.summary_panel import SummaryPanel
from reader.ui.wording import plural

SUMMARY_LAYER = "summary"
SUMMARY_STYLE = "article-view--summary"


class SummaryPart(ReaderScreenBase):
    summary_marks = True  # `s` hides the summary's sentences in the article

    def refresh_summary(self) -> None:
        """Recompute the summary for the current algorithm and length in a worker."""
        if self.article is None:
            return
        self.summary_panel.set_busy(True)
        self._summarize(self.article, self.sentences, self.algorithm, self.length)

    @work(thread=True, exclusive=True, group="summary", exit_on_error=False, name="summary")
    def _summarize(self, article: Article, sentences: list[Sentence], algorithm: str | None,
                   length: SummaryLength | None) -> None:
        worker = get_current_worker()
        try:
            summary = self.reader_app.pipeline.summarize(article, sentences, algorithm=algorithm,
                                                         length=length)
        except Exception as exc:  # noqa: BLE001 - every failure becomes one sentence
            self.post_message(SummaryFailed(worker, describe(exc)))
            return
        self.post_message(SummaryReady(worker, summary))

    def on_summary_ready(self, message: SummaryReady) -> None:
        if message.stale or self.article is None:
            return
        summary = message.summary
        self.summary = summary
        self.summary_error = None
        self.algorithm = summary.algorithm
        if summary.length is not None and summary.length.count is not None:
            self.length = summary.length  # what was asked for, even if fewer were found
        elif summary.sentences:
            self.length = SummaryLength(count=len(summary.sentences))  # `+`/`-` start here
        self.summary_panel.set_busy(False)
        self.summary_panel.show(self.article, summary, len(self.sentences))
        self._mark_summary()
        self._keep_for_export(self.article, summary)

    def _keep_for_export(self, article: Article, summary: Summary) -> None:
        """Store the default summary with the text (in the writer thread), so an export of
        the library never computes it again; a summary of other settings is not kept."""
        from reader.app.summaries import keep_summary

        pipeline = self.reader_app.pipeline
        self.reader_app.library.submit(
            lambda library: keep_summary(library, pipeline, article, summary), what=None)

    def on_summary_failed(self, message: SummaryFailed) -> None:
        if message.stale:
            return
        self.summary_panel.set_busy(False)
        self.summary_panel.clear("unavailable")
        self.article_view.clear_highlights(SUMMARY_LAYER)
        self.summary = None
        self.summary_error = clean_line(message.message)
        self.app.notify(clean_line(message.message), title="Summary failed", severity="error",
                        timeout=10)

    def on_summary_panel_sentence_chosen(self, message: SummaryPanel.SentenceChosen) -> None:
        self.article_view.jump_to_sentence(message.index)

    def _mark_summary(self) -> None:
        if self.summary_marks and self.summary is not None:
            self.article_view.set_highlights(
                SUMMARY_LAYER, [(s.start, s.end) for s in self.summary.sentences], SUMMARY_STYLE)
        else:
            self.article_view.clear_highlights(SUMMARY_LAYER)

    # ------------------------------------------------------------------ length and algorithm
    def _current_count(self) -> int:
        if self.length is not None and self.length.count is not None:
            return self.length.count
        return len(self.summary.sentences) if self.summary is not None else 1

    def _summary_ready(self) -> bool:
        """The article is open and split into sentences (else it says what is missing)."""
        if self.needs_article():
            return False
        if self.no_sentences:
            self.app.notify(f"This article has no summary: {self.no_sentences}", timeout=5)
            return False
        if not self.sentences:
            self.app.notify("The article is still being split into sentences; try again in "
                            "a moment.", timeout=3)
            return False
        return True

    def action_longer(self) -> None:
        if not self._summary_ready():
            return
        current = self._current_count()
        if current >= len(self.sentences):
            self.app.notify("The summary already has every sentence of the article.", timeout=3)
            return
        self.length = SummaryLength(count=current + 1)
        self.refresh_summary()

    def action_shorter(self) -> None:
        if not self._summary_ready():
            return
        current = self._current_count()
        if current <= 1:
            self.app.notify("The summary is already one sentence long.", timeout=3)
            return
        self.length = SummaryLength(count=current - 1)
        self.refresh_summary()

    def action_next_algorithm(self) -> None:
        if not self._summary_ready():
            return
        pipeline = self.reader_app.pipeline
        names = pipeline.algorithms()
        current = self.algorithm or pipeline.default_algorithm()
        position = names.index(current) if current in names else -1
        self.algorithm = names[(position + 1) % len(names)]
        self.refresh_summary()

    def set_algorithm(self, name: str) -> None:
        """Summarise with `name` (from the command palette)."""
        if self.article is None or name not in self.reader_app.pipeline.algorithms():
            return
        self.algorithm = name
        self.refresh_summary()

    # ------------------------------------------------------------------ copying, marks
    def _summary_shown(self) -> bool:
        if self.needs_article():
            return False
        if self.summary is None and (self.no_sentences or self.summary_error):
            self.app.notify(f"There is no summary to copy: "
                            f"{self.no_sentences or self.summary_error}", timeout=5)
            return False
        if self.summary is None:
            self.app.notify("The summary is not ready yet; try again in a moment.", timeout=3)
            return False
        if not self.summary.sentences:
            self.app.notify("There is no summary to copy: no sentence here reads as prose.",
                            timeout=5)
            return False
        return True

    def action_copy_summary(self) -> None:
        if not self._summary_shown():
            return
        assert self.article is not None and self.summary is not None
        from reader.core.export import summary_markdown
        self.reader_app.copy_text(summary_markdown(self.article, self.summary))
        count = len(self.summary.sentences)
        linked = self.article.url or self.article.canonical_url  # a text dump or stdin has none
        self.app.notify(f"Copied the summary ({plural(count, 'sentence')}, "
                        f"{self.summary.algorithm}) as Markdown with the title"
                        f"{' and link' if linked else ''}.")

    def action_copy_summary_text(self) -> None:
        """`Y`: the summary's sentences alone, one per line (`c` adds title and link)."""
        if not self._summary_shown():
            return
        assert self.article is not None and self.summary is not None
        lines = [clean_line(s.text_in(self.article.text)) for s in self.summary.sentences]
        self.reader_app.copy_text("\n".join(lines) + "\n")
        self.app.notify(f"Copied the summary's {plural(len(lines), 'sentence')} as plain "
                        f"text.")

    def action_toggle_summary_highlights(self) -> None:
        if self.needs_article():
            return
        self.summary_marks = not self.summary_marks
        self._mark_summary()
        self.app.notify("Summary sentences are highlighted in the article."
                        if self.summary_marks else
                        f"Summary sentences are no longer marked in the article; "
                        f"{self.reader_app.key_of('reader.summary_marks')} marks them again.",
                        timeout=3)
