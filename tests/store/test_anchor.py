"""Re-anchoring highlights on changed text: exact, context-disambiguated, normalised, fuzzy."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.store.anchor import Anchor, Placement, fold, locate, make_anchor, reanchor

BASE = ("The committee met on Monday. It said the plan was sound. "
        "Critics disagreed. It said the plan was sound. "
        "Later, the minister resigned after a long and heated debate about the budget.")


def anchor_of(text: str, quote: str, occurrence: int = 0) -> Anchor:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return make_anchor(text, start, start + len(quote))


def placed(text: str, anchor: Anchor) -> str | None:
    p = reanchor(text, [anchor])[0]
    return text[p.start:p.end] if p.anchored else None


def test_unchanged_text_keeps_offsets() -> None:
    a = anchor_of(BASE, "Critics disagreed.")
    assert reanchor(BASE, [a])[0] == Placement(a.start, a.end, True)


def test_shifted_text_moves_the_highlight() -> None:
    a = anchor_of(BASE, "Critics disagreed.")
    new = "A new first paragraph.\n\n" + BASE
    p = reanchor(new, [a])[0]
    assert p.anchored and p.start == a.start + len("A new first paragraph.\n\n")


def test_repeated_quote_is_disambiguated_by_context() -> None:
    second = anchor_of(BASE, "It said the plan was sound.", occurrence=1)
    first = anchor_of(BASE, "It said the plan was sound.", occurrence=0)
    new = "Intro sentence here. " + BASE
    p2, p1 = reanchor(new, [second, first])
    assert p2.start == second.start + 21 and p1.start == first.start + 21
    # even when the old offsets now point exactly at the *other* occurrence
    shift = BASE.index("It said", first.start + 1) - first.start
    moved = "x" * shift + BASE
    p = reanchor(moved, [first])[0]
    assert p.start == first.start + shift


def test_normalised_match_survives_case_whitespace_and_typography() -> None:
    text = "He said \u201cthe plan was sound\u201d \u2014 twice."
    a = make_anchor(text, text.index("\u201c"), text.index("\u2014") + 1)
    changed = 'Intro. He said "The  plan\nwas sound" - twice.'
    assert placed(changed, a) == '"The  plan\nwas sound" -'


def test_fuzzy_match_after_an_edit() -> None:
    a = anchor_of(BASE, "the minister resigned after a long and heated debate about the budget")
    edited = BASE.replace("long and heated debate", "long, heated debate")
    found = placed(edited, a)
    assert found is not None and found.startswith("the minister") and found.endswith("budget")


def test_fuzzy_prefers_matching_context() -> None:
    text = "The cat sat on the mat. The dog sat on the log. The cat sat on the mat again."
    start = text.rindex("The cat")
    a = make_anchor(text, start, start + len("The cat sat on the mat"))
    edited = "Intro. " + text.replace("on the mat again", "upon the mat again")
    assert placed(edited, a) == "The cat sat upon the mat"


def test_unfindable_quote_is_reported_not_dropped() -> None:
    a = anchor_of(BASE, "Critics disagreed.")
    p = reanchor("Something else entirely, with no overlap at all.", [a])[0]
    assert not p.anchored and (p.start, p.end) == (a.start, a.end)


def test_short_quotes_are_not_fuzzily_misplaced() -> None:
    a = anchor_of(BASE, "Critics")
    assert placed("Critic's view was different.", a) is None


def test_locate_empty_quote() -> None:
    assert locate("abc", "") is None


def test_fold_maps_back_to_original_offsets() -> None:
    assert fold("A\u00a0 B\u2019s") == "a b's"


@given(st.text(alphabet="abcdefgh .\n", min_size=30, max_size=200), st.data())
@settings(max_examples=150, deadline=None)
def test_exact_quote_in_any_text_is_found_after_prepending(text: str, data) -> None:
    start = data.draw(st.integers(0, len(text) - 10))
    end = data.draw(st.integers(start + 1, min(len(text), start + 40)))
    a = make_anchor(text, start, end)
    prefix = data.draw(st.text(alphabet="xyz", max_size=20))
    p = reanchor(prefix + text, [a])[0]
    assert p.anchored
    assert (prefix + text)[p.start:p.end] == a.quote
    assert p.start == start + len(prefix) or (prefix + text).count(a.quote) > 1


def test_long_text_reanchoring_is_fast() -> None:
    import time
    text = " ".join(f"Sentence number {i} talks about topic {i % 97}." for i in range(20000))
    anchors = [anchor_of(text, f"Sentence number {i} talks") for i in range(0, 20000, 500)]
    edited = "Prologue. " + text.replace("talks about", "speaks of")
    started = time.process_time()  # CPU time: a loaded machine must not fail it
    results = reanchor(edited, anchors)
    placed_texts = [edited[r.start:r.end] for r in results if r.anchored]
    assert placed_texts == [f"Sentence number {i} speaks" for i in range(0, 20000, 500)]
    assert time.process_time() - started < 10


def test_highlights_follow_a_reextracted_page(fixtures_dir) -> None:
    """Save a page, highlight two sentences, then the site edits the page: one highlight
    moves (a paragraph was inserted before it), the edited one is found fuzzily, and one
    whose paragraph was removed is kept, unanchored."""
    from reader import store
    from reader.core.extract import extract
    from reader.core.models import Page

    html = (fixtures_dir / "store" / "article.html").read_text(encoding="utf-8")
    location = "https://journal.example/notes-that-last"
    page = Page(location=location, body=html.encode(), charset="utf-8")
    with store.open() as lib:
        article = extract(page)
        article_id = lib.save_article(article, page)
        text = article.text
        quotes = ["When the program is killed, the database still opens, and every "
                  "acknowledged note is still there.",
                  "Storing the quoted words with some context lets a highlight find its place "
                  "again after the article is extracted anew.",
                  "Search ties the library together."]
        ids = [lib.add_highlight(article_id, text.index(q), text.index(q) + len(q)).id
               for q in quotes]
        edited = (html.replace("<p>The durable approach",
                               "<p>An editor's note was added here later.</p>\n<p>The durable approach")
                  .replace("find its place again", "find its place once more")
                  .replace("<p>Search ties the library together.", "<p>"))
        page2 = Page(location=location, body=edited.encode(), charset="utf-8")
        new = extract(page2)
        assert lib.save_article(new, page2) == article_id
        moved, fuzzy, lost = (lib.get_highlight(i) for i in ids)
        assert moved.anchored and new.text[moved.start:moved.end] == quotes[0]
        assert fuzzy.anchored and new.text[fuzzy.start:fuzzy.end].startswith("Storing the quoted")
        assert "once more" in new.text[fuzzy.start:fuzzy.end]
        assert fuzzy.quote == quotes[1]                      # the user's words are kept
        assert not lost.anchored and lost.quote == quotes[2]
        assert len(lib.list_highlights(article_id)) == 3     # nothing dropped
