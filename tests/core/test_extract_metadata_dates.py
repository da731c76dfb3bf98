"""Publication dates: each markup source read on its own, and the order that chooses among them."""

from __future__ import annotations

import lxml.html
import pytest

from reader.core.extract.dates import NAMES as DATE_NAMES
from reader.core.extract.dates import date_candidates, learned_date, shipped_date_model
from reader.core.extract.metadata import (DATE_ORDER, DATE_SOURCES, MARKUP_SOURCES, choose_date, date_from,
                                          extract_metadata, needs_extensive_search, url_date)

BODY = "<body><article><h1>Tide tables change</h1><p>" + "The harbour text runs on. " * 12 + "</p></article></body>"


def meta_of(head: str, body: str = BODY, url: str | None = "https://news.example.com/a/b"):
    return extract_metadata(lxml.html.document_fromstring(f"<html><head>{head}</head>{body}</html>"), url)


def _ld(obj: str, wrap: tuple[str, str] = ("", "")) -> str:
    return f'<script type="application/ld+json">{wrap[0]}{obj}{wrap[1]}</script>'


ARTICLE = '{"@context":"https://schema.org","@type":"NewsArticle","headline":"Tide tables change",' \
          '"datePublished":"2015-10-15T02:19:15Z","author":{"@type":"Person","name":"Ana Ruiz"}}'


@pytest.mark.parametrize("wrap", [("", ""), ("<![CDATA[", "]]>"), ("\n  <![CDATA[\n  ", "\n  ]]>\n"),
                                  ("//<![CDATA[\n", "\n//]]>"), ("<!--", "-->")])
def test_json_ld_in_a_cdata_section_or_comment_is_read(wrap: tuple[str, str]) -> None:
    md = meta_of(_ld(ARTICLE, wrap) + '<meta property="article:published_time" content="2015-12-11T14:28:34Z">')
    assert md.dates["json-ld"] == "2015-10-15"
    assert md.byline == "Ana Ruiz"
    assert ("json-ld", "Tide tables change") in md.title_candidates


def test_json_ld_values_written_one_after_another_are_all_read() -> None:
    md = meta_of(_ld('{"@type":"Organization","name":"Coast News"}, ' + ARTICLE))
    assert md.dates["json-ld"] == "2015-10-15" and md.site == "Coast News"


def test_the_article_objects_date_wins_over_a_video_objects() -> None:
    video = '{"@type":"VideoObject","name":"Clip","uploadDate":"2024-12-07","datePublished":"2024-12-07"}'
    md = meta_of(_ld(video) + _ld(ARTICLE.replace("2015-10-15", "2024-12-06")))
    assert md.dates["json-ld"] == "2024-12-06"


def test_each_source_is_read_on_its_own() -> None:
    head = (_ld(ARTICLE.replace('"datePublished":"2015-10-15T02:19:15Z"', '"dateCreated":"2017-02-24T01:18:13Z"'))
            + '<meta property="article:published_time" content="2017-02-23T17:18:13-08:00">'
              '<meta property="article:modified_time" content="2018-01-02">')
    body = ('<body><article><h1>Tide tables change</h1><p>By Ana Ruiz, <time datetime="2017-02-20">Feb 20</time></p>'
            '<span itemprop="datePublished" content="2017-02-21"></span><p>' + "Text runs. " * 30 + "</p></article></body>")
    md = meta_of(head, body, url="https://news.example.com/2017/02/22/tides")
    assert md.dates["json-ld"] is None and md.dates["json-ld-created"] == "2017-02-24"
    assert md.dates["meta"] == "2017-02-23" and md.dates["meta-modified"] == "2018-01-02"
    assert md.dates["time"] == "2017-02-20" and md.dates["itemprop"] == "2017-02-21"
    assert md.dates["url"] == "2017-02-22"
    # without htmldate, the first markup date along the fitted order
    assert md.published == date_from(md.dates, tuple(s for s in DATE_ORDER if s in MARKUP_SOURCES))
    assert md.published == md.dates[next(s for s in DATE_ORDER if md.dates.get(s))]


def test_a_date_in_the_address() -> None:
    assert url_date("https://x.example/2019/05/12/story") == "2019-05-12"
    assert url_date("https://x.example/news/20190512-story.html") == "2019-05-12"
    assert url_date("https://x.example/2019/13/12/story") is None
    assert url_date("https://x.example/item/123456789") is None
    assert url_date(None) is None


def test_the_first_source_along_the_order_wins_then_any_markup_source() -> None:
    dates = {"json-ld": None, "meta": "2020-01-02", "time": "2020-01-05", "htmldate": "2020-01-03"}
    assert date_from(dates, ("json-ld", "htmldate", "meta")) == "2020-01-03"
    assert date_from(dates, ("json-ld", "meta", "htmldate")) == "2020-01-02"
    # sources out of the order: markup ones still give a date, htmldate's is not used
    assert date_from(dates, ("json-ld",)) == "2020-01-02"
    assert date_from({"htmldate": "2020-01-03"}, ("json-ld",)) is None


def test_without_htmldate_in_the_order_only_markup_decides() -> None:
    tree = lxml.html.document_fromstring("<html><body><p>Published 3 March 2021</p></body></html>")
    dates: dict[str, str | None] = {"json-ld": "2020-01-02", "meta": "2020-01-04"}
    assert choose_date(tree, None, "2020-01-04", ("markup",), dates) == "2020-01-04"
    assert "htmldate" not in dates
    assert choose_date(tree, None, None, ("json-ld",), {"json-ld": None}) is None


def test_the_learned_chooser_reads_every_source_and_agreement_counts() -> None:
    days, rows = date_candidates({"json-ld": "2024-12-06", "htmldate": "2024-12-06", "dateline": "2024-12-06",
                                  "meta": "2024-12-07", "meta-modified": "2024-12-07", "url": None})
    assert days == ["2024-12-06", "2024-12-07"]
    col = {n: i for i, n in enumerate(DATE_NAMES)}
    assert rows[0, col["n_sources"]] == 3 and rows[1, col["n_sources"]] == 2
    assert rows[0, col["earliest"]] == 1 and rows[1, col["latest"]] == 1
    assert rows[0, col["from_json-ld"]] == 1 and rows[1, col["from_json-ld"]] == 0
    days, rows = date_candidates({})
    assert days == [] and rows.shape == (0, len(DATE_NAMES))


def test_the_shipped_date_model_decides_within_the_budget() -> None:
    model = shipped_date_model()
    assert model is not None and model.names == DATE_NAMES
    tree = lxml.html.document_fromstring("<html><body><p>Text.</p></body></html>")
    dates: dict[str, str | None] = {"json-ld": "2021-03-03", "meta": "2021-03-03", "dateline": "2021-03-03"}
    assert choose_date(tree, None, "2021-03-03", DATE_ORDER, dates) == "2021-03-03"
    assert "htmldate" in dates  # asked: the model reads it
    # a lone modified date loses to the published date the other sources agree on
    assert learned_date({"meta-modified": "2022-05-09", "meta": "2022-05-01", "json-ld": "2022-05-01",
                         "htmldate": "2022-05-01"}, model) == "2022-05-01"


def test_the_shipped_order_names_known_sources() -> None:
    assert DATE_ORDER and set(DATE_ORDER) <= set(DATE_SOURCES)


def test_a_revision_the_page_shows_after_the_published_date_is_flagged() -> None:
    """The class the chooser missed: the markup keeps the first publication date, the page
    shows readers a later one (a revision); candidates say which is visible and which is later
    than every published date, and whether the page has a published meta tag or JSON-LD date."""
    col = {n: i for i, n in enumerate(DATE_NAMES)}
    days, rows = date_candidates({"json-ld": "2021-08-12", "htmldate": "2021-08-12", "dateline": "2025-02-22",
                                  "meta-modified": "2025-02-22"})
    assert days == ["2021-08-12", "2025-02-22"]
    assert rows[1, col["visible"]] == 1 and rows[1, col["after_published"]] == 1
    assert rows[0, col["visible"]] == 0 and rows[0, col["after_published"]] == 0
    assert rows[0, col["page_has_json_ld"]] == 1 and rows[0, col["page_has_meta"]] == 0
    # a visible date before the published one is no revision; no published date, nothing to follow
    days, rows = date_candidates({"meta": "2021-08-12", "time": "2020-01-01"})
    assert rows[0, col["visible"]] == 1 and rows[0, col["after_published"]] == 0
    days, rows = date_candidates({"time": "2020-01-01", "htmldate": "2020-02-01"})
    assert not rows[:, col["after_published"]].any()


def test_the_extensive_search_is_asked_only_where_nothing_else_dates_the_page() -> None:
    """htmldate's search of the page text (and its dateparser, which loads ~200 locales on the
    first string it cannot read) runs only on pages that neither its fast search nor any markup
    source dates; elsewhere the chooser hears the fast search's date."""
    assert needs_extensive_search({"htmldate_fast": None, "json-ld": None, "url": None})
    assert not needs_extensive_search({"htmldate_fast": "2020-01-01"})
    assert not needs_extensive_search({"htmldate_fast": None, "dateline": "2020-01-01"})
    # a date only in the running text: the fast search misses it, the extensive one reads it
    bare = lxml.html.document_fromstring(
        "<html><body><div><span>Written 2020/03/12 by Ann</span><p>The story goes on here.</p></div></body></html>")
    dates: dict[str, str | None] = {}
    assert choose_date(bare, None, None, DATE_ORDER, dates) == "2020-03-12"
    assert dates["htmldate_fast"] is None and dates["htmldate"] == "2020-03-12"
    # the same text under a dateline our markup reading finds: the extensive search is not asked
    lined = lxml.html.document_fromstring(
        "<html><body><h1>A headline</h1><p>12 March 2021</p><div><span>Written 2020/03/12 by Ann</span>"
        "<p>The story goes on here.</p></div></body></html>")
    md = extract_metadata(lined)
    assert md.dates["dateline"] == "2021-03-12"
    assert choose_date(lined, None, md.published, DATE_ORDER, md.dates) == "2021-03-12"
    assert md.dates["htmldate_fast"] is None and md.dates["htmldate"] is None


def test_without_the_model_the_extensive_search_is_asked_only_where_nothing_else_dates(monkeypatch) -> None:
    """The fallback order (no date_model.json) hears htmldate as the chooser does: the fast
    search, the extensive one only where `needs_extensive_search`, each asked once."""
    import reader.core.extract.metadata as metadata

    asked: list[str] = []

    def fake(tree, url, source):
        asked.append(source)
        return None if source == "htmldate_fast" else "2020-03-12"

    monkeypatch.setattr(metadata, "shipped_date_model", lambda: None)
    monkeypatch.setattr(metadata, "htmldate_date", fake)
    tree = lxml.html.document_fromstring("<html><body><p>Text.</p></body></html>")
    dated: dict[str, str | None] = {"meta": "2021-01-02"}
    assert choose_date(tree, None, None, ("htmldate", "meta"), dated) == "2021-01-02"
    assert asked == ["htmldate_fast"] and dated["htmldate"] is None
    asked.clear()
    bare: dict[str, str | None] = {}
    assert choose_date(tree, None, None, ("htmldate_fast", "htmldate"), bare) == "2020-03-12"
    assert asked == ["htmldate_fast", "htmldate"]


@pytest.mark.parametrize("year_only", [
    "<footer><p>Copyright © 2019 Harbour Lights Ltd. All rights reserved.</p></footer>",
    "<div class='about'><span>Family run since 1996</span></div>",
    "<footer><small>© 2008-2024 The Quay Shop</small></footer>",
])
def test_a_lone_year_in_the_text_is_not_taken_for_a_date(year_only: str) -> None:
    """htmldate's extensive search reads a year alone (a copyright line, "since 1996") as
    January 1 of it; a page nothing else dates shows no date rather than that one."""
    page = lxml.html.document_fromstring(
        "<html><body><h1>Lamps and lanterns</h1><ul><li><a href='/p/1'>Brass lamp</a></li>"
        f"<li><a href='/p/2'>Storm lantern</a></li></ul>{year_only}</body></html>")
    md = extract_metadata(page)
    assert choose_date(page, None, md.published, DATE_ORDER, md.dates) is None
    assert md.dates["htmldate"] is None


def test_a_full_date_in_the_text_is_still_read_by_the_extensive_search() -> None:
    page = lxml.html.document_fromstring(
        "<html><body><div><span>Posted 2019/07/23 by the keeper</span><p>The lamps were lit late.</p></div>"
        "<footer><p>Copyright © 2019 Harbour Lights Ltd.</p></footer></body></html>")
    md = extract_metadata(page)
    assert choose_date(page, None, md.published, DATE_ORDER, md.dates) == "2019-07-23"
