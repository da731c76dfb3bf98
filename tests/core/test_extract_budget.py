"""The costly votes (readability through the rules, trafilatura, htmldate) are skipped on pages
whose shape makes them superlinear: one element with thousands of children, or tens of
thousands of elements, even when the page is well under the size budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.extract import classify, extract
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
