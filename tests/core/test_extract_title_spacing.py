"""A headline set over two lines keeps the space the page shows between its lines."""

from __future__ import annotations

import lxml.html

from reader.core.extract import extract
from reader.core.extract.headings import SpacedHeading, heading_text, respace_title, spaced_headings
from reader.core.models import Page

URL = "https://www.fieldworkshop.example/journal/legacy"
PARA = "<p>" + "Every chair in the workshop is cut, joined and finished by hand in the valley. " * 6 + "</p>"


def _h1(markup: str):
    return lxml.html.fromstring(f"<html><body>{markup}</body></html>").find(".//h1")


def test_line_breaks_and_blocks_inside_a_heading_read_as_spaces() -> None:
    assert heading_text(_h1("<h1>Rebuilding the Legacy<br>of American Made</h1>")) == \
        "Rebuilding the Legacy of American Made"
    assert heading_text(_h1("<h1><span>Data Analytics</span><div>Agency</div></h1>")) == "Data Analytics Agency"
    # inline markup joins as the page shows it; scripts are not text
    assert heading_text(_h1("<h1><b>W</b>ood<script>var x = 1;</script> and steel</h1>")) == "Wood and steel"


def test_only_headings_a_line_break_glued_are_kept() -> None:
    tree = lxml.html.fromstring("<html><body><h1>Plain headline</h1><h1>Build what's next<br>on the cloud</h1>"
                                "<h1>Kept <br> apart already</h1></body></html>")
    assert spaced_headings(tree) == [SpacedHeading("Build what's nexton the cloud", "Build what's next on the cloud")]


def test_a_title_that_is_a_glued_heading_is_respaced_and_others_are_left_alone() -> None:
    spaced = [SpacedHeading("Remote WorkFull Stack Jobs", "Remote Work Full Stack Jobs")]
    assert respace_title("remote workfull stack jobs", spaced) == "Remote Work Full Stack Jobs"
    assert respace_title("Remote WorkFull Stack Jobs | Board", spaced) == "Remote WorkFull Stack Jobs | Board"
    assert respace_title("Anything", None) == "Anything"


def test_an_extracted_article_shows_the_headline_with_its_space_and_not_twice() -> None:
    html = ("<html><head><title>Field Workshop</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Rebuilding the Legacy<br>of American Made</h1>{PARA * 4}</article></body></html>")
    a = extract(Page(location="page.html", body=html.encode(), final_url=URL))
    assert a.title == "Rebuilding the Legacy of American Made"
    assert "Legacyof" not in a.text and not a.text.lstrip().startswith("Rebuilding")
