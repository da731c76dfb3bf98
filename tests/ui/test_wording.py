"""How numbers and names are worded: plurals, verbs that agree, reading time, byline and site."""

from __future__ import annotations

from reader.ui.wording import (
    byline_and_site,
    fit_words,
    open_failure,
    percent,
    plural,
    reading_minutes,
    sentence,
    verb,
)


def test_plural_and_agreeing_verb() -> None:
    assert plural(1, "sentence") == "1 sentence"
    assert plural(0, "sentence") == "0 sentences"
    assert plural(2, "match") == "2 matches"
    assert plural(12_345, "article") == "12,345 articles"
    assert f"{plural(1, 'article')} {verb(1, 'matches')}" == "1 article matches"
    assert f"{plural(3, 'article')} {verb(3, 'matches')}" == "3 articles match"
    assert verb(2, "is") == "are" and verb(2, "has") == "have" and verb(2, "opens") == "open"


def test_reading_minutes_never_zero_while_words_are_left() -> None:
    assert reading_minutes(0) == 0
    assert reading_minutes(1) == 1
    assert reading_minutes(230 * 3) == 3
    assert reading_minutes(230 * 3.4) == 3


def test_percent_reaches_100_only_at_the_end() -> None:
    assert percent(0.999) == 99 and percent(1.0) == 100 and percent(0.29) == 29


def test_byline_and_site_say_each_name_once() -> None:
    assert byline_and_site("Mac & i", "Mac & i") == ["Mac & i"]
    assert byline_and_site("mac & i", "Mac & I") == ["mac & i"]
    assert byline_and_site("Ada Penrose", "The Harbour Gazette") == ["Ada Penrose",
                                                                     "The Harbour Gazette"]
    assert byline_and_site("Ada Penrose, The Harbour Gazette", "The Harbour Gazette") == [
        "Ada Penrose, The Harbour Gazette"]
    assert byline_and_site("Gazette", "The Gazette") == ["The Gazette"]
    assert byline_and_site(None, "Site") == ["Site"] and byline_and_site("", None) == []


def test_a_failure_names_the_place_once() -> None:
    assert open_failure("https://example.org/story", "Could not reach example.org (refused).") \
        == "Could not reach example.org (refused)."
    assert open_failure("page.png", "page.png is an image, not a web page.") == \
        "page.png is an image, not a web page."
    assert open_failure("https://example.org/x", "The server answered 404 Not Found") == \
        "Could not open https://example.org/x. The server answered 404 Not Found."
    assert open_failure("app.html", "No article text found in the page", opened=True) == \
        "Nothing to read in app.html. No article text found in the page."
    assert sentence("Done") == "Done." and sentence("Done?") == "Done?"


def test_a_title_too_long_is_cut_at_a_word_with_an_ellipsis() -> None:
    title = "Notes · Markdown, saved as you type"
    assert fit_words(title, 60) == title
    assert fit_words(title, len(title)) == title
    assert fit_words(title, 26) == "Notes · Markdown, saved…"
    assert fit_words(title, 18) == "Notes · Markdown…"  # no comma left hanging before "…"
    for width in range(1, len(title)):
        cut = fit_words(title, width)
        assert len(cut) <= width and cut.endswith("…")
        words = cut[:-1].split()
        assert all(w in title.split() for w in words[:-1]) and (
            not words or title.startswith(cut[:-1]) or words[-1] in title.split()), cut
    assert fit_words("Unbreakablewordthatislong", 8) == "Unbreak…"


def test_a_long_title_in_a_message_ends_at_a_word_with_an_ellipsis() -> None:
    from reader.ui.screens.tags import tags_message

    title = "Global Watch | How Chinese spy network has gone global with major thrust on stealing"
    message = tags_message(title, ["china", "security"])
    assert message == "Tagged “Global Watch | How Chinese spy network has gone global with…”: china, security."
    assert tags_message("Short one", []) == "“Short one” has no tags now."
