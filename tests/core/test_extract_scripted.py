"""A page drawn by JavaScript keeps its prose in scripts reader never runs: the extractor says
so (`Article.drawn_by_script`), and an empty shell fails with a message that says why."""

from __future__ import annotations

import json

import pytest

from reader.core.errors import ExtractError
from reader.core.extract import extract
from reader.core.extract.scripted import MIN_SENTENCES, SHELL_WORDS, drawn_by_script
from reader.core.extract.shrink import SCRIPT_SCAN_MAX, sentence_breaks, shrink
from reader.core.models import Page

STORY = [f"The ferry to the island left late on day {n}. Passengers waited on the quay in the rain. "
         f"Nobody on board could say when the repairs would end." for n in range(40)]


def _state(style: str) -> str:
    """The article as a page's hydration data, in the shapes frameworks write it."""
    data = json.dumps({"props": {"article": {"paragraphs": STORY}}})
    return {
        "next": f'<script id="__NEXT_DATA__" type="application/json">{data}</script>',
        "assign": f"<script>window.__INITIAL_STATE__ = {data};</script>",
        "push": f"<script>self.__next_f.push([1, {json.dumps(' '.join(STORY))}])</script>",
    }[style]


def _shell(style: str, visible: str = "") -> bytes:
    return (f"<html><head><title>The late ferry</title></head><body><div id='root'>{visible}</div>"
            f"{_state(style)}<script src='/app.js'></script></body></html>").encode()


@pytest.mark.parametrize("separator", [" ", "\n\n", "</p><p>", "<br/>"])
def test_sentences_in_script_strings_count_whatever_separates_them(separator: str) -> None:
    """Apps keep an article's paragraphs apart with line breaks or paragraph tags, which JSON
    writes as escapes ("\\n", "\\u003c/p\\u003e"): each is a sentence break."""
    text = separator.join(STORY)
    for data in (json.dumps({"body": text}), json.dumps({"body": text}).replace("<", "\\u003c").replace(">", "\\u003e")):
        page = (f"<html><body><div id='root'>Loading the story now...</div><script id='__NEXT_DATA__' "
                f"type='application/json'>{data}</script></body></html>")
        assert shrink(page).script_sentences >= 2 * len(STORY) - 1, (separator, data[:80])
        assert extract(Page(location="app.html", body=page.encode())).drawn_by_script


@pytest.mark.parametrize("style", ["next", "assign", "push"])
def test_a_shell_whose_article_is_in_its_hydration_data_is_said_to_be_drawn_by_script(style: str) -> None:
    visible = "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><h1>The late ferry</h1><p>Loading the story now.</p>"
    article = extract(Page(location="ferry.html", body=_shell(style, visible)))
    assert article.drawn_by_script
    assert article.to_json()["drawn_by_script"] is True


@pytest.mark.parametrize("style", ["next", "assign"])
def test_a_shell_with_no_text_at_all_fails_saying_the_page_is_drawn_by_javascript(style: str) -> None:
    with pytest.raises(ExtractError, match="drawn by JavaScript"):
        extract(Page(location="ferry.html", body=_shell(style)))


@pytest.mark.parametrize("visible", ["<button aria-label='Close'>x</button>", "<p>Loading…</p>",
                                     "<div><a href='/'>Menu</a> <span>Close</span></div>",
                                     "<span>×</span><span>Sign in</span>"])
def test_a_shell_showing_only_a_fragment_fails_as_an_empty_one_does(visible: str) -> None:
    """A close button's "x" is not an article with "1 min read" above it."""
    with pytest.raises(ExtractError, match="drawn by JavaScript"):
        extract(Page(location="ferry.html", body=_shell("next", visible)))


def test_a_fragment_is_still_shown_where_the_scripts_hold_no_article() -> None:
    """Only a page drawn by JavaScript fails for showing a fragment: a short page is a page."""
    page = b"<html><body><main><p>Back soon.</p></main><script>var a = 1;</script></body></html>"
    assert extract(Page(location="short.html", body=page)).text == "Back soon."


def test_an_article_in_its_markup_and_again_in_its_data_is_not() -> None:
    """Server-rendered pages hydrate from the same article: the scripts hold about as much
    prose as the page shows, so nothing is said."""
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    page = _shell("next", f"<article><h1>The late ferry</h1>{paragraphs}</article>")
    assert not extract(Page(location="ferry.html", body=page)).drawn_by_script


def test_json_ld_and_a_code_bundle_do_not_count() -> None:
    """The JSON-LD articleBody repeats the article for search engines (kept for the metadata,
    not counted), and a bundle's few error messages are not an article."""
    ld = json.dumps({"@type": "NewsArticle", "headline": "The late ferry", "articleBody": " ".join(STORY)})
    bundle = "function f(a){if(!a)throw new Error('Bad input. Expected a node.');return a}" * 5
    body = (f"<html><head><script type='application/ld+json'>{ld}</script></head><body><article>"
            f"<h1>The late ferry</h1><p>{STORY[0]}</p><p>{STORY[1]}</p></article><script>{bundle}</script>"
            "</body></html>")
    assert shrink(body).script_sentences < MIN_SENTENCES
    assert not extract(Page(location="ferry.html", body=body.encode())).drawn_by_script


def test_the_rule_compares_the_scripts_prose_with_the_article_shown() -> None:
    shown = " ".join(STORY[:2])  # "rain. Nobody" twice, "end. The" once ("day 0. P": no)
    assert sentence_breaks(shown) == 3 and len(shown.split()) < SHELL_WORDS
    assert not drawn_by_script(MIN_SENTENCES - 1, "")  # too little prose anywhere to say it
    assert drawn_by_script(MIN_SENTENCES, "")
    assert not drawn_by_script(5 * 4 + 9, shown) and drawn_by_script(5 * 4 + 10, shown)
    assert not drawn_by_script(5 * 4 + 10, shown * 2)   # too little prose in the scripts for this article
    article = " ".join(STORY[:4])                        # an article read whole: its page's scripts
    assert not drawn_by_script(10_000, article)          # also hold comments, related stories...


def test_an_article_read_whole_is_not_said_to_be_drawn_by_script_whatever_its_scripts_hold() -> None:
    comments = json.dumps({"comments": STORY * 5})
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY[:5])
    body = (f"<html><body><article><h1>The late ferry</h1>{paragraphs}</article>"
            f"<script>window.__COMMENTS__ = {comments};</script></body></html>")
    assert shrink(body).script_sentences >= 5 * (sentence_breaks(" ".join(STORY[:5])) + 1)
    assert not extract(Page(location="ferry.html", body=body.encode())).drawn_by_script


def test_the_search_of_huge_scripts_stops_at_its_budget() -> None:
    sentence = "the end. Next "
    script = sentence * (SCRIPT_SCAN_MAX // len(sentence) * 2)
    counted = shrink(f"<html><body><p>Hi</p><script>{script}</script></body></html>").script_sentences
    assert 0.9 * SCRIPT_SCAN_MAX / len(sentence) <= counted <= SCRIPT_SCAN_MAX / len(sentence) + 1


def test_a_fragment_is_as_long_for_the_shell_test_as_for_the_summary() -> None:
    from reader.core.extract.classify import NEAR_WORDS
    from reader.core.extract.scripted import FRAGMENT_WORDS
    from reader.core.summarize.document import MIN_WORDS

    assert FRAGMENT_WORDS == MIN_WORDS == NEAR_WORDS
