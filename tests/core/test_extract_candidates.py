"""An HTML page offers several readings (candidates), each one asked for by its stable name."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from reader.core.errors import ExtractError
from reader.core.extract import extract
from reader.core.extract.classify import NEAR_WORDS, words_apart
from reader.core.models import Article, Candidate, Page

from article_contract import check_contract

_STORY = " ".join(
    f"The harbour board met on day {i} to discuss the crumbling wall, and the engineers explained "
    f"why the old stones could not hold another winter of storms without new foundations." for i in range(3))
_PAGE = f"""<html><head><title>Harbour wall repairs agreed | Harbour Gazette</title>
<meta property="og:type" content="article"><meta name="author" content="Morag Finlay">
<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<main>
<article><h1>Harbour wall repairs agreed</h1>
{''.join(f'<p>{_STORY} Paragraph {i}.</p>' for i in range(6))}
</article>
<section class="more"><h2>From the archive</h2>
{''.join(f'<p>An older story number {i} about ferries, tides and the lifeboat crew, told at length '
          f'for readers who want more of the coast.</p>' for i in range(4))}
</section>
</main>
<footer><p>Copyright 2024 Harbour Gazette. All rights reserved.</p></footer>
</body></html>""".encode()


def _page() -> Page:
    return Page(location="page.html", body=_PAGE, media_type="text/html", final_url="https://gazette.example/wall")


def test_html_page_lists_ranked_candidates_with_the_shown_one_first() -> None:
    a = extract(_page())
    check_contract(a)
    names = [c.name for c in a.candidates]
    assert a.candidate == names[0] and len(names) == len(set(names)) >= 3
    assert {"main", "page"} <= set(names)
    for c in a.candidates:
        assert isinstance(c, Candidate) and 0.0 <= c.confidence <= 1.0 and c.chars > 0 and c.label
    shown = a.candidates[0]
    assert abs(shown.confidence - a.confidence) < 1e-9


@pytest.mark.parametrize("name", ["main", "page"])
def test_asking_for_a_candidate_returns_its_text_with_the_same_metadata(name: str) -> None:
    first = extract(_page())
    other = extract(_page(), candidate=name)
    check_contract(other)
    assert other.candidate == name
    assert (other.title, other.byline, other.published) == (first.title, first.byline, first.published)
    assert [c.name for c in other.candidates] == [c.name for c in first.candidates]
    assert "Paragraph 5" in other.text
    chars = next(c.chars for c in first.candidates if c.name == name)
    assert abs(len(other.text) - chars) <= chars * 0.2  # offsets and furniture trimming aside


def test_wider_candidates_hold_what_the_article_leaves_out() -> None:
    shown = extract(_page())
    main = extract(_page(), candidate="main")
    page = extract(_page(), candidate="page")
    assert "older story number 3" in main.text and "older story number 3" in page.text
    assert "Copyright" not in page.text and "Home" not in page.text.split("\n\n")[0]
    assert len(page.text) >= len(main.text) >= len(shown.text) * 0.9


def test_unknown_candidate_is_one_clear_error() -> None:
    with pytest.raises(ExtractError) as err:
        extract(_page(), candidate="nonsense")
    message = str(err.value)
    assert "nonsense" in message and "main" in message and "\n" not in message


def test_text_dump_has_its_one_reading() -> None:
    body = ("Home\n\n" + "\n\n".join(_STORY + f" {i}." for i in range(4))).encode()
    a = extract(Page(location="page.txt", body=body, media_type="text/plain"))
    assert a.candidate == "dump" and [c.name for c in a.candidates] == ["dump"]
    with pytest.raises(ExtractError):
        extract(Page(location="page.txt", body=body, media_type="text/plain"), candidate="main")


def test_candidates_survive_the_store_round_trip() -> None:
    a = extract(_page())
    back = Article.from_json(json.loads(json.dumps(a.to_full_json())))
    assert back.candidate == a.candidate and back.candidates == a.candidates


def test_the_learned_model_reads_an_ordinary_page() -> None:
    from reader.core.extract.block_model import shipped_model

    assert shipped_model() is not None  # the model file ships inside the package
    a = extract(_page())
    assert "model" in [c.name for c in a.candidates] and a.candidate == a.candidates[0].name
    model = extract(_page(), candidate="model")
    for reading in (a, model):
        assert "Paragraph 5" in reading.text and "Home" not in reading.text and "Copyright" not in reading.text


def test_page_over_the_block_budget_is_read_whole_less_furniture() -> None:
    from reader.core.extract.classify import HUGE_CONFIDENCE, MODEL_BLOCK_BUDGET

    items = "".join(f"<li>Catalogue entry {i}: a pump that moves {i} litres.</li>" for i in range(MODEL_BLOCK_BUDGET + 50))
    body = f"<html><body><nav><a href='/'>Home</a></nav><ul>{items}</ul><footer>Copyright</footer></body></html>"
    a = extract(Page(location="big.html", body=body.encode()))
    check_contract(a)
    assert a.candidate == "page" and a.confidence == HUGE_CONFIDENCE
    assert f"Catalogue entry {MODEL_BLOCK_BUDGET + 49}:" in a.text
    assert "Home" not in a.text and "Copyright" not in a.text


def test_a_candidate_marked_same_as_another_reads_its_words_but_a_fragment() -> None:
    first = extract(_page())
    names = [c.name for c in first.candidates]
    distinct = [c.name for c in first.candidates if c.same_as is None]
    assert distinct and distinct[0] == names[0]            # the shown reading is always distinct
    for c in first.candidates:
        words = extract(_page(), candidate=c.name).text.split()
        if c.same_as is not None:   # the same words, or all but a fragment of them
            assert names.index(c.same_as) < names.index(c.name) and c.same_as in distinct
            same = extract(_page(), candidate=c.same_as).text.split()
            assert words_apart(Counter(words), Counter(same)) < NEAR_WORDS
        else:                                              # a distinct reading is another text
            for other in distinct[:distinct.index(c.name)]:
                seen = extract(_page(), candidate=other).text.split()
                assert words_apart(Counter(words), Counter(seen)) >= NEAR_WORDS


def test_same_readings_compares_the_words_shown_not_the_spacing() -> None:
    from reader.core.extract.classify import same_readings

    body = [f"The harbour board met on day {n} and argued about the tides." for n in range(6)]
    texts = [["Harbour wall", *body], ["Harbour  wall\n", *(b.replace(" ", "  ") for b in body)],
             [*body[:5]], ["Harbour wall", *body, "Read more of this."]]
    assert same_readings(texts, ["model", "wide", "main", "page"]) == [None, "model", None, None]


@pytest.mark.parametrize("extra", [["Kevin"], ["Share", "this"], ["Photo:", "Ada", "Penrose"]])
def test_readings_a_fragment_apart_are_one_reading(extra: list[str]) -> None:
    """A reading that adds (or drops) fewer than four words to a better-ranked one shows the
    same article: cycling to it would seem to change nothing."""
    from reader.core.extract.classify import same_readings

    body = [f"The harbour board met on day {n} and argued about the tides." for n in range(6)]
    longer = [*body[:3], " ".join(extra), *body[3:]]
    assert same_readings([body, longer], ["model", "wide"]) == [None, "model"]
    assert same_readings([longer, body], ["model", "wide"]) == [None, "model"]
    swapped = [*body[:5], body[5].replace("argued about", "agreed upon")]  # two words changed: four apart
    assert same_readings([body, swapped], ["model", "wide"]) == [None, None]
    four = [*body, "One two three four."]
    assert same_readings([body, four], ["model", "wide"]) == [None, None]  # a sentence is another reading


