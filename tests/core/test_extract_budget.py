"""The costly votes (readability through the rules, trafilatura, htmldate) are skipped on pages
whose shape makes them superlinear: one element with thousands of children, or tens of
thousands of elements, even when the page is well under the size budget; and the cost budget
leaves out htmldate, then the votes, on pages of many elements, and htmldate's extensive search
on undated pages of much markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.extract import classify, extract, metadata
from reader.core.extract.html import parse
from reader.core.models import Page

ARTICLE = Path(__file__).parent.parent / "fixtures" / "ui" / "harbour.html"


def _page(body: str) -> Page:
    html = f"<html><head><title>Crowded</title></head><body>{body}</body></html>"
    return Page(location="https://example.org/crowded", body=html.encode(),
                final_url="https://example.org/crowded")


def one_crowded_paragraph() -> Page:
    words = " ".join("The harbour light burned all night above the quay." for _ in range(300))
    links = "".join(f'<a href="/w/{i}">w{i}</a> ' for i in range(classify.CHILDREN_BUDGET + 500))
    return _page(f"<p>{words} {links}</p>")


def many_small_elements() -> Page:
    sentence = " ".join(f"<span>word{j}</span>" for j in range(12))
    count = classify.ELEMENT_BUDGET // 12 + 200
    return _page("".join(f"<p>{sentence} and the tide.</p>\n" for _ in range(count)))


@pytest.fixture
def costly_votes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every costly vote that runs (they still run: the fixture only watches)."""
    ran: list[str] = []
    real_traf, real_rules = classify.trafilatura_text, classify.rule_pick

    def traf(*args, **kwargs):  # type: ignore[no-untyped-def]
        ran.append("trafilatura")
        return real_traf(*args, **kwargs)

    def rules(*args, **kwargs):  # type: ignore[no-untyped-def]
        ran.append("rules")
        return real_rules(*args, **kwargs)

    monkeypatch.setattr(classify, "trafilatura_text", traf)
    monkeypatch.setattr(classify, "rule_pick", rules)
    return ran


@pytest.mark.parametrize("make", [one_crowded_paragraph, many_small_elements])
def test_a_crowded_page_is_read_without_the_costly_votes(make, costly_votes) -> None:
    page = make()
    assert len(page.body) < classify.ENSEMBLE_BUDGET          # small enough by size alone
    assert not classify.within_budget(parse(page.body.decode(), 512), len(page.body))
    article = extract(page)
    assert "harbour" in article.text or "tide" in article.text
    assert "trafilatura" not in costly_votes


def test_an_ordinary_article_still_gets_every_vote(costly_votes) -> None:
    page = Page(location=str(ARTICLE), body=ARTICLE.read_bytes())
    assert classify.within_budget(parse(page.body.decode(), 512), len(page.body))
    extract(page)
    assert "trafilatura" in costly_votes and "rules" in costly_votes


def news_page(elements: int) -> Page:
    """An ordinary dated article whose paragraphs carry a few inline elements each, about
    `elements` elements in all (a site that wraps every phrase)."""
    para = ("<p>The <b>harbour</b> board met on <i>Tuesday</i> to discuss the <em>crumbling</em> wall "
            "and agreed on <a href='/repairs'>repairs</a> before the winter storms.</p>\n")
    count = max(1, (elements - 20) // 5)
    html = ("<html><head><title>Harbour wall to be repaired</title>"
            "<meta property='article:published_time' content='2024-03-05T09:00:00Z'>"
            "<meta property='og:type' content='article'></head><body><article>"
            + para * count + "</article></body></html>")
    return Page(location="https://example.org/news/harbour", body=html.encode(),
                final_url="https://example.org/news/harbour")


@pytest.fixture
def dates_asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []
    real = metadata.htmldate_date

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[2] if len(args) > 2 else kwargs.get("source", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr(metadata, "htmldate_date", watched)
    return asked


@pytest.mark.parametrize("elements, htmldate, votes", [
    (classify.HTMLDATE_ELEMENT_BUDGET - 300, True, True),
    (classify.HTMLDATE_ELEMENT_BUDGET + 300, False, True),
    (classify.VOTES_ELEMENT_BUDGET + 300, False, False),
])
def test_the_cost_budget_leaves_out_htmldate_then_the_votes(elements, htmldate, votes, costly_votes,
                                                            dates_asked) -> None:
    page = news_page(elements)
    tree = parse(page.body.decode(), 512)
    assert abs(sum(1 for _ in tree.iter()) - elements) < 100
    budget = classify.page_budget(tree, len(page.body))
    assert (budget.htmldate, budget.votes, budget.scan_body) == (htmldate, votes, True)
    article = extract(page)
    assert bool(dates_asked) == htmldate
    assert ("trafilatura" in costly_votes) == votes
    names = {c.name for c in article.candidates}
    assert ("trafilatura" in names) == votes  # a lean page lists no reading of the votes
    assert "crumbling wall" in article.text
    assert article.published == "2024-03-05"  # the markup's own date stands in for htmldate's choice


def undated_page(paragraphs: int) -> Page:
    """An article nothing dates (no date in its markup, text or address), of long paragraphs:
    much markup in few elements (an essay, a transcript, a long thread on one page)."""
    para = "<p>" + "The keeper walked the length of the breakwater and counted the lamps again. " * 13 + "</p>\n"
    html = ("<html><head><title>The breakwater lamps</title></head><body><article><h1>The breakwater lamps</h1>"
            + para * paragraphs + "</article></body></html>")
    return Page(location="https://example.org/essays/lamps", body=html.encode(),
                final_url="https://example.org/essays/lamps")


@pytest.mark.parametrize("paragraphs, extensive", [(40, True), (700, False)])
def test_the_extensive_date_search_is_left_out_where_the_page_cannot_afford_it(paragraphs, extensive,
                                                                               dates_asked) -> None:
    page = undated_page(paragraphs)
    tree = parse(page.body.decode(), 512)
    budget = classify.page_budget(tree, len(page.body))
    assert (budget.htmldate, budget.votes, budget.extensive) == (True, True, extensive)
    article = extract(page)
    # the fast search always; the extensive one (nothing else dates the page) only within budget
    assert dates_asked == (["htmldate_fast", "htmldate"] if extensive else ["htmldate_fast"])
    assert article.published is None
    assert "counted the lamps again" in article.text


def test_a_page_over_the_extensive_budget_keeps_the_dates_its_markup_states(dates_asked) -> None:
    page = undated_page(700)
    dated = page.body.replace(b"</head>", b"<meta property='article:published_time' content='2023-06-01'></head>")
    article = extract(Page(location=page.location, body=dated, final_url=page.final_url))
    assert dates_asked == ["htmldate_fast"]
    assert article.published == "2023-06-01"
