"""The extraction candidate a user chose is remembered per article; switching it re-anchors
highlights (none lost: unplaceable ones are kept and flagged) and leaves the note alone."""

from __future__ import annotations

from dataclasses import dataclass

from library_fixtures import LONG_TEXT, article

from reader.core.models import Article
from reader.store import Library

WHOLE_PAGE = ("Menu Home News Sport\n\n" + LONG_TEXT + "\n\nComments are closed. Share this.")


@dataclass(slots=True)
class CandidateArticle(Article):
    """An Article that says which extraction candidate it was built from (as the extractor
    does once it ranks candidates)."""

    candidate: str | None = None


def test_the_choice_is_stored_and_returned(lib: Library) -> None:
    article_id = lib.save_article(article())
    assert lib.get(article_id).candidate is None            # the extractor's first choice
    start = LONG_TEXT.index("Highlights keep")
    kept = lib.add_highlight(article_id, start, start + len("Highlights keep their quote"))
    lib.set_note(article_id, "my note")
    report = lib.choose_candidate(article_id, article(text=WHOLE_PAGE), "page")
    assert lib.get(article_id).candidate == "page"
    assert lib.load_article(article_id).text == WHOLE_PAGE
    assert report.moved == 1 and not report.lost
    moved = lib.get_highlight(kept.id)
    assert moved.anchored and WHOLE_PAGE[moved.start:moved.end] == "Highlights keep their quote"
    assert lib.get_note(article_id).body == "my note"


def test_highlights_outside_the_new_text_are_kept_and_flagged(lib: Library) -> None:
    article_id = lib.save_article(article(text=WHOLE_PAGE), opened=True)
    comments = lib.add_highlight(article_id, WHOLE_PAGE.index("Comments"), len(WHOLE_PAGE))
    lib.set_position(article_id, len(WHOLE_PAGE) - 3, 0.99)
    report = lib.choose_candidate(article_id, article(), "main")
    assert [h.id for h in report.lost] == [comments.id]
    flagged = lib.get_highlight(comments.id)
    assert flagged is not None and not flagged.anchored and flagged.quote.startswith("Comments")
    assert lib.get_position(article_id).position <= len(LONG_TEXT)
    back = lib.choose_candidate(article_id, article(text=WHOLE_PAGE), None)
    assert lib.get(article_id).candidate is None and not back.lost
    assert lib.get_highlight(comments.id).anchored            # placed again


def test_saving_an_article_records_the_candidate_it_was_built_from(lib: Library) -> None:
    chosen = CandidateArticle(text=WHOLE_PAGE, title="Durable notes",
                              location="https://example.org/a", url="https://example.org/a",
                              candidate="page")
    article_id = lib.save_article(chosen)
    assert lib.get(article_id).candidate == "page"
    # reopening without a choice (a reader that knows no candidates) stores what it shows
    lib.save_article(article())
    assert lib.get(article_id).candidate is None


def test_the_same_text_again_changes_only_the_name(lib: Library) -> None:
    article_id = lib.save_article(article())
    lib.add_highlight(article_id, 0, 7)
    report = lib.choose_candidate(article_id, article(), "readability")
    assert report.kept == 1 and report.moved == 0 and not report.lost
    assert lib.get(article_id).candidate == "readability"


def test_reextraction_replaces_text_and_metadata_and_keeps_the_choice(lib: Library) -> None:
    article_id = lib.save_article(article(text=WHOLE_PAGE))
    lib.choose_candidate(article_id, article(text=WHOLE_PAGE), "page")
    start = WHOLE_PAGE.index("Search finds")
    h = lib.add_highlight(article_id, start, start + 12)
    lib.set_note(article_id, "kept")
    lib.set_state(article_id, "archived")
    better = article(text=LONG_TEXT, title="A better title", byline="Ada")
    report = lib.replace_article(article_id, better)
    assert report.text_changed and report.moved == 1 and not report.lost
    record = lib.get(article_id)
    assert (record.title, record.byline, record.candidate, record.state) == (
        "A better title", "Ada", "page", "archived")
    assert lib.get_note(article_id).body == "kept"
    assert LONG_TEXT[lib.get_highlight(h.id).start:][:12] == "Search finds"
    again = lib.replace_article(article_id, better)
    assert not again.text_changed and again.kept == 1
