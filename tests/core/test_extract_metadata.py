"""Metadata: each source on its own, with small hand-made pages."""

from __future__ import annotations

import lxml.html
import pytest

from reader.core.extract.metadata import clean_byline, extract_metadata, parse_date, strip_site

BODY = "<body><article><p>" + "Some article text that runs on for a while. " * 10 + "</p></article></body>"


def meta_of(head: str, body: str = BODY, url: str | None = "https://news.example.com/a/b"):
    return extract_metadata(lxml.html.document_fromstring(f"<html><head>{head}</head>{body}</html>"), url)


def test_opengraph():
    md = meta_of('<meta property="og:title" content="Tides rise early"><meta property="og:site_name" '
                 'content="Coast News"><meta property="article:published_time" content="2023-11-30T16:10:42+05:30">'
                 '<meta property="og:locale" content="fr_FR"><meta property="og:url" content="https://coast.example/t">')
    assert md.title == "Tides rise early"
    assert md.site == "Coast News"
    assert md.published == "2023-11-30"
    assert md.lang == "fr-FR"
    assert md.canonical == "https://coast.example/t"


def test_json_ld_graph():
    ld = ('<script type="application/ld+json">{"@context":"https://schema.org","@graph":['
          '{"@type":"WebSite","name":"Valley Times"},'
          '{"@type":"NewsArticle","headline":"Dam opens after repairs","datePublished":"2022-05-01T08:00:00Z",'
          '"author":[{"@type":"Person","name":"Ana Ruiz"},{"@type":"Person","name":"Li Wei"}],'
          '"publisher":{"@type":"Organization","name":"Valley Times"},"articleBody":"The dam opened."}]}</script>')
    md = meta_of(ld + "<title>Dam opens after repairs - Valley Times</title>")
    assert md.title == "Dam opens after repairs"
    assert md.byline == "Ana Ruiz, Li Wei"
    assert md.published == "2022-05-01"
    assert md.site == "Valley Times"
    assert md.article_body == "The dam opened."


def test_broken_json_ld_is_ignored():
    md = meta_of('<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
                 "<title>Plain title here</title>")
    assert md.title == "Plain title here"


def test_meta_author_and_date():
    md = meta_of('<meta name="author" content="By Jo Bloggs"><meta name="date" content="2021-07-04">'
                 "<title>Fireworks over the river tonight</title>")
    assert md.byline == "Jo Bloggs"
    assert md.published == "2021-07-04"


def test_rel_author_and_time_element():
    body = ('<body><article><h1>Snow closes passes</h1><p class="meta">By <a rel="author" href="/u/k">Kim Lee</a> '
            '<time datetime="2020-01-15T10:00">Jan 15</time></p><p>Text.</p></article></body>')
    md = meta_of("<title>Snow closes passes | Alpine Daily</title>", body)
    assert md.byline == "Kim Lee"
    assert md.published == "2020-01-15"
    assert md.title == "Snow closes passes"


def test_byline_element_by_class():
    body = '<body><div class="article-byline">Written by Sam Okafor | Updated 3 hours ago</div><p>x</p></body>'
    assert meta_of("", body).byline == "Sam Okafor"


def test_visible_date_in_time_text():
    body = "<body><time>March 3, 2019</time><p>x</p></body>"
    assert meta_of("", body).published == "2019-03-03"


def test_lang_and_canonical_from_markup():
    doc = lxml.html.document_fromstring('<html lang="de"><head><link rel="canonical" href="/x/y"></head>'
                                        "<body><p>Hallo</p></body></html>")
    md = extract_metadata(doc, "https://site.example/z?utm=1")
    assert md.lang == "de"
    assert md.canonical == "https://site.example/x/y"


@pytest.mark.parametrize("title,site,url,h1,want", [
    ("Big storm hits coast | Coast News", "Coast News", None, [], "Big storm hits coast"),
    ("Coast News - Big storm hits coast", "Coast News", None, [], "Big storm hits coast"),
    ("Big storm hits coast – The Courier", None, "https://www.thecourier.co.uk/x", [], "Big storm hits coast"),
    ("Big storm hits coast | Weather | Courier", None, None, ["Big storm hits coast"], "Big storm hits coast"),
    ("Why X - and Y - matter", None, None, [], "Why X - and Y - matter"),
])
def test_strip_site(title, site, url, h1, want):
    assert strip_site(title, site, url, h1) == want


@pytest.mark.parametrize("raw,want", [
    ("2023-11-30T16:10:42+05:30", "2023-11-30"),
    ("November 30, 2023, 16:10:42 IST", "2023-11-30"),
    ("30 Nov 2023", "2023-11-30"),
    ("Nov. 19, 2019", "2019-11-19"),
    ("2019/02/03", "2019-02-03"),
    ("25.12.2020", "2020-12-25"),
    ("no date here", None),
    ("2023-13-45", None),
])
def test_parse_date(raw, want):
    assert parse_date(raw) == want


@pytest.mark.parametrize("raw,want", [
    ("By Meg James", "Meg James"),
    ("by JANE DOE | Staff writer", "JANE DOE"),
    ("https://facebook.com/someone", None),
    ("Written by Ana Ruiz on March 3, 2019", "Ana Ruiz"),
    ("", None),
])
def test_clean_byline(raw, want):
    assert clean_byline(raw) == want


def test_visible_dateline_after_headline():
    body = ("<body><div class='top'><h1>Storm season starts early</h1><div><span>Staff</span>"
            "<span>Posted 12 June 2023</span></div><p>" + "Text of the article goes on. " * 20 + "</p></div></body>")
    assert meta_of("<title>Storm season starts early</title>", body).published == "2023-06-12"


def test_no_dateline_inside_the_article_text():
    body = ("<body><h1>Old times</h1><p>" + "A long first paragraph of the story itself. " * 10 + "</p>"
            "<p>On 4 July 1999 something happened.</p></body>")
    assert meta_of("", body).published is None


def test_h1_preferred_when_it_agrees_with_metadata():
    md = meta_of('<meta property="og:title" content="Storm hits coast: live updates and pictures">'
                 "<title>Storm hits coast | Coast News</title>",
                 "<body><h1>Storm hits coast: live updates</h1><p>x</p></body>")
    assert md.title == "Storm hits coast: live updates"


def test_h1_that_is_a_logo_is_not_the_title():
    md = meta_of('<meta property="og:title" content="Tides rise early this spring">',
                 "<body><h1>Coast News</h1><p>x</p></body>")
    assert md.title == "Tides rise early this spring"


@pytest.mark.parametrize("raw,want", [
    ("ByAmy Roeder", "Amy Roeder"),
    ("Recipe by PJ Hamel", "PJ Hamel"),
    ("Keith Barry Senior Autos Reporter", "Keith Barry"),
    ("Mateusz HabernyFounder at Oakywood", "Mateusz Haberny"),
    ("Joshua Sokol May 20, 2019", "Joshua Sokol"),
    ("Shelby Loos, DVM. Reviewed by Molly Price, DVM", "Shelby Loos, DVM."),
    ("Updated", None),
    ("Naoise McNally", "Naoise McNally"),
])
def test_byline_furniture_is_removed(raw, want):
    assert clean_byline(raw) == want


def test_h1_naming_the_site_is_not_the_title_nor_a_strip_hint():
    md = meta_of('<meta property="og:title" content="Tides rise early - Coast Notes">'
                 '<meta property="og:site_name" content="Coast Notes">',
                 "<body><h1>Coast Notes</h1><article><h1>Tides rise early, again</h1><p>x</p></article></body>")
    assert md.title == "Tides rise early, again"


def test_h1_of_the_host_name_is_ignored():
    md = meta_of("<title>Release notes for 7.1 - boxware.org</title>",
                 "<body><h1>boxware.org</h1><p>x</p></body>", url="https://www.boxware.org/t/1")
    assert md.title == "Release notes for 7.1"


def test_h1_that_only_starts_with_the_site_name_stays_a_headline():
    md = meta_of('<meta property="og:site_name" content="Terramix">'
                 "<title>Terramix Coupons &amp; Promo Codes | Terramix</title>",
                 "<body><h1>Terramix coupons and promo codes</h1><p>x</p></body>")
    assert md.title == "Terramix coupons and promo codes"


def test_escaped_entities_in_json_ld_headline_are_decoded():
    ld = ('<script type="application/ld+json">{"@type":"NewsArticle",'
          '"headline":"Rain &#8211; and more rain &#038; wind"}</script>')
    assert meta_of(ld).title == "Rain – and more rain & wind"


def test_social_card_title_alone_does_not_confirm_the_h1():
    md = meta_of('<meta property="og:title" content="Why the harbour closed for a week">'
                 '<meta name="twitter:title" content="Harbour shut: what went wrong at the port">',
                 "<body><h1>Harbour shut: what went wrong at the port</h1><p>x</p></body>")
    assert md.title == "Why the harbour closed for a week"


def test_docs_heading_with_permalink_mark_beats_the_manual_name():
    md = meta_of("<title>Installing pumps — pumpdoc manual</title>",
                 "<body><h1>pumpdoc manual</h1><div><h1>Installing pumps¶</h1><p>x</p></div></body>")
    assert md.title == "Installing pumps"


def test_json_ld_name_is_a_headline_candidate_where_headline_holds_a_summary():
    ld = ('<script type="application/ld+json">{"@type":"Article","name":"New Zealand",'
          '"headline":"constitutional monarchy in Oceania"}</script>')
    md = meta_of(ld + "<title>New Zealand - Wikipedia</title>", "<body><h1>New Zealand</h1><p>Text.</p></body>")
    assert ("json-ld-name", "New Zealand") in md.title_candidates
    assert md.title_candidates[-1][0] == "json-ld-name"  # last: the rule's fallback order stands
    assert md.title == "New Zealand"


def test_one_meta_tag_with_several_properties_gives_each_of_them():
    md = meta_of('<meta property="x:title dc:title" content="My title">'
                 '<meta property="dc:creator twitter:site_name" content="Creator Name"><title>Other</title>')
    assert ("dc:title", "My title") in md.title_candidates
    assert md.byline == "Creator Name"


def test_a_meta_title_tag_is_not_taken_for_the_title_element():
    md = meta_of('<meta name="title" content="Meta name title"><title>Title Element</title>')
    assert ("meta:title", "Meta name title") in md.title_candidates
    assert [t for s, t in md.title_candidates if s == "title"] == ["Title Element"]


# The dateline is the written date nearest the <h1>, above or below it, in any branch (the classes
# of wcxb pages the <h1>'s following siblings alone missed; look-alikes, not the pages).
STORY = "<p>" + "The council met again on the harbour question and said little. " * 6 + "</p>"


@pytest.mark.parametrize("body, dateline", [
    pytest.param("<body><nav><a href='/'>Home</a></nav><div class='kicker'><span>Analysis</span>"
                 "<span>Dec 12, 2025</span></div><div><h1>Harbour plans stall</h1></div>" + STORY + "</body>",
                 "2025-12-12", id="in a kicker above the headline"),
    pytest.param("<body><header><div class='wrap'><div class='title'><h1>Harbour plans stall</h1></div></div>"
                 "</header><section><div class='share'><a>Share</a><a>Mail</a></div></section>"
                 "<div class='meta'><div class='author'><a>Ana Ruiz</a></div>"
                 "<div class='when'><span>Published March 9, 2026</span></div></div>" + STORY + "</body>",
                 "2026-03-09", id="in a byline box of another branch"),
    pytest.param("<body><h1>Harbour plans stall</h1><div><p class='by'>By <a href='/ana'>Ana Ruiz</a>"
                 " · Last updated on December 11, 2025</p></div>" + STORY + "</body>",
                 "2025-12-11", id="in the text after an inline name"),
    pytest.param("<body><div><span>Nov 2, 2019</span></div><div><span>Edition</span></div><div><span>Menu</span>"
                 "</div><div><h1>Harbour plans stall</h1><span>June 3, 2024</span></div>" + STORY + "</body>",
                 "2024-06-03", id="the nearer of two dates"),
])
def test_the_dateline_is_the_written_date_nearest_the_headline(body: str, dateline: str) -> None:
    assert meta_of("", body).dates["dateline"] == dateline


def test_no_dateline_without_a_headline_or_in_long_text():
    long_line = "<p>In a statement issued on June 3, 2024 the council said it would meet again very soon.</p>"
    assert meta_of("", "<body><div><span>June 3, 2024</span></div>" + STORY + "</body>").dates["dateline"] is None
    assert meta_of("", "<body><h1>Harbour plans stall</h1>" + long_line + STORY + "</body>").dates["dateline"] is None


@pytest.mark.parametrize("href", ["https:///paths/17", "http://", "https://exa mple.org/a", "javascript:void(0)",
                                  "mailto:desk@coast.example", "//"])
@pytest.mark.parametrize("url", [None, "https://coast.example/story"])
def test_a_canonical_without_a_host_is_no_address(href: str, url: str | None) -> None:
    """Without the page's address it is none; with it, at most an address on the page's host
    (urljoin reads "https:///x" and "//" against the page, as a relative reference)."""
    from urllib.parse import urlsplit

    for head in (f'<link rel="canonical" href="{href}">', f'<meta property="og:url" content="{href}">'):
        doc = lxml.html.document_fromstring(f"<html><head>{head}</head>{BODY}</html>")
        got = extract_metadata(doc, url).canonical
        assert got is None if url is None else got is None or urlsplit(got).hostname == "coast.example"


def test_og_url_stands_in_for_a_broken_canonical_link() -> None:
    doc = lxml.html.document_fromstring('<html><head><link rel="canonical" href="https:///paths/17">'
                                        '<meta property="og:url" content="https://coast.example/t">'
                                        f"</head>{BODY}</html>")
    assert extract_metadata(doc, None).canonical == "https://coast.example/t"
