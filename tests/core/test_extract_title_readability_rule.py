"""Readability.js's title rule, written out in `titles.readability_title`: each class of <title>
it treats apart (separators, hierarchy, colons, short results, JSON-LD name vs headline, meta
tag order), on pages written for these tests."""

from __future__ import annotations

import lxml.html
import pytest

from reader.core.extract.metadata import Metadata, extract_metadata
from reader.core.extract.titles import readability_doc_title, readability_title, title_candidates

URL = "https://www.harbourgazette.example/news/ferry"


def _page(head: str, body: str = "") -> Metadata:
    return extract_metadata(lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>"), URL)


@pytest.mark.parametrize(("title", "body", "want"), [
    # the last part is cut at the last separator (greedy): the section stays, the site goes
    ("Ferry fares rise again this spring | Travel | Harbour Gazette", "",
     "Ferry fares rise again this spring | Travel"),
    # a cut that leaves fewer than three words cuts the first part instead
    ("Gazette - Ferry fares rise again this spring", "", "Ferry fares rise again this spring"),
    # four words or fewer after the cut, without a hierarchy mark: the whole <title>
    ("Ferry fares rise - Harbour Gazette", "", "Ferry fares rise - Harbour Gazette"),
    ("Tides - Wikipedia", "", "Tides - Wikipedia"),
    # a colon: the part after the last one, unless a heading holds the whole title
    ("Harbour news: ferry fares rise again this spring", "", "ferry fares rise again this spring"),
    ("Harbour news: ferry fares rise again this spring", "<h2>Harbour news: ferry fares rise again this spring</h2>",
     "Harbour news: ferry fares rise again this spring"),
    # a title too short for a headline: the lone <h1>
    ("Gazette", "<h1>Ferry fares rise again in the spring timetable</h1>",
     "Ferry fares rise again in the spring timetable"),
])
def test_the_title_element_rule(title: str, body: str, want: str) -> None:
    meta = _page(f"<title>{title}</title>", body)
    assert readability_doc_title(meta) == want
    assert readability_title(meta) == want  # no metadata title: the <title> rule decides


def test_meta_tags_come_first_in_readability_order() -> None:
    meta = _page("<title>Ferry fares | Harbour Gazette</title>"
                 "<meta name='twitter:title' content='Twitter ferry title'>"
                 "<meta property='og:title' content='Ferry fares rise | Harbour Gazette'>")
    assert readability_title(meta) == "Ferry fares rise | Harbour Gazette"  # og:title whole, site kept
    meta = _page("<meta property='og:title' content='Open Graph title'><meta property='dc:title' content='DC title'>")
    assert readability_title(meta) == "DC title"


LD = ('<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",'
      '"name":"{name}","headline":"{headline}"}}</script>')


def test_json_ld_name_unless_only_the_headline_matches_the_title() -> None:
    title = "<title>Ferry fares rise again this spring - Harbour Gazette</title>"
    meta = _page(title + LD.format(name="Harbour Gazette", headline="Ferry fares rise again this spring"))
    assert readability_title(meta) == "Ferry fares rise again this spring"
    meta = _page(title + LD.format(name="Ferry fares rise again", headline="Why the ferry costs more"))
    assert readability_title(meta) == "Ferry fares rise again"
    # not schema.org, or not an article type: not read
    other = LD.replace("https://schema.org", "https://example.org")
    meta = _page(title + other.format(name="Harbour Gazette", headline="Something else"))
    assert (meta.ld_name, readability_title(meta)) == (None, "Ferry fares rise again this spring")


def test_the_rules_title_is_a_candidate_even_when_no_source_offers_it_whole() -> None:
    meta = _page("<title>Ferry fares rise again this spring | Travel | Harbour Gazette</title>")
    cands = {c.text: c.seen for c in title_candidates(meta, URL)}
    assert ("readability", "whole") in cands["Ferry fares rise again this spring | Travel"]
