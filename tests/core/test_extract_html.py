"""HTML extraction: cleanup, fallbacks and confidence on small hand-made pages."""

from __future__ import annotations

import lxml.html
import pytest

from reader.core.extract import ExtractOptions, extract
from reader.core.extract.blocks import RawBlock
from reader.core.extract.cleanup import cut_at_end_marker, dedupe, drop_hidden, is_furniture, preclean
from reader.core.extract.html import densest_container
from reader.core.models import Page

from article_contract import check_contract

PARA = ("The river rose through the night and by morning the lower streets of the town were under "
        "water, with shopkeepers carrying stock upstairs and neighbours checking on one another. ")


# The rule-based pick (readability, trimming, widening, retries) is still a candidate ("rules")
# and the strongest vote of the classifier; these tests pin its own behaviour.
RULES = ExtractOptions(classifier=False)


def paras(n: int) -> str:
    """n different paragraphs (identical neighbours would be merged as a repeated caption)."""
    return "".join(f"<p>{PARA}Report number {i} from the valley.</p>" for i in range(n))


def page(body: str, head: str = "<title>Flood</title>") -> Page:
    return Page(location="p.html", body=f"<html><head>{head}</head><body>{body}</body></html>".encode())


def test_furniture_blocks():
    assert is_furniture(RawBlock("paragraph", "Advertisement"))
    assert is_furniture(RawBlock("paragraph", "Share this article"))
    assert is_furniture(RawBlock("paragraph", "Sign up for our newsletter to get the news first"))
    assert not is_furniture(RawBlock("paragraph", PARA))


def test_end_marker_cuts_related_links_once_the_article_is_in():
    raw = [RawBlock("paragraph", PARA)] * 3 + [RawBlock("heading", "Related stories"),
                                               RawBlock("paragraph", "Another flood story teaser")]
    assert [b.text for b in cut_at_end_marker(raw)] == [PARA] * 3
    early = [RawBlock("heading", "Related stories"), RawBlock("paragraph", PARA)]
    assert len(cut_at_end_marker(early)) == 2


def test_dedupe_repeated_captions_but_not_distant_paragraphs():
    cap = RawBlock("caption", "The high street at dawn. (Photo: J. Smith)")
    para = RawBlock("paragraph", "A short paragraph that repeats later in the piece.")
    other = RawBlock("paragraph", PARA)
    out = dedupe([cap, RawBlock("caption", cap.text), para, other, para])
    assert [b.text for b in out] == [cap.text, para.text, PARA, para.text]


def test_preclean_drops_furniture_but_keeps_the_article():
    tree = lxml.html.document_fromstring(
        "<html><body><nav>Home News</nav><div class='share-bar'>Share</div>"
        f"<div class='sidebar-layout'><article><p>{PARA * 5}</p></article></div>"
        "<div class='related-posts'><a href='/x'>Other story</a></div></body></html>")
    preclean(tree)
    text = tree.text_content()
    assert "Home News" not in text and "Share" not in text and "Other story" not in text
    assert PARA.strip() in text


def test_share_bar_and_newsletter_inside_the_article_are_removed():
    a = extract(page(f"<article><h1>Flood</h1><div class='social-share'><a href='/s'>Facebook</a>"
                     f"<a href='/t'>Twitter</a></div>{paras(2)}"
                     "<div class='newsletter'><p>Get our morning briefing in your inbox every day.</p></div>"
                     f"{paras(1)}</article>"))
    check_contract(a)
    assert "Facebook" not in a.text and "briefing" not in a.text
    assert a.text.count("The river rose") == 3


def test_densest_container_ignores_class_names():
    tree = lxml.html.document_fromstring(
        f"<html><body><div class='comment sidebar'><p>{PARA}</p><p>{PARA}</p></div>"
        "<div class='article'><p>Short teaser text here.</p></div></body></html>")
    box = densest_container(tree)
    assert box is not None and "comment" in box.get("class")


def test_noscript_content_is_used_when_it_is_the_page():
    body = f"<div id='app'></div><noscript><div class='post'><p>{PARA}</p><p>{PARA}</p></div></noscript>"
    a = extract(page(body))
    assert "The river rose" in a.text


def test_noscript_nags_are_ignored():
    body = (f"<article>{paras(3)}</article>"
            "<noscript>" + "Please enable JavaScript to use every feature of this site. " * 8 + "</noscript>")
    a = extract(page(body))
    assert "enable JavaScript" not in a.text


def test_confidence_reflects_how_much_article_there_is():
    long = extract(page("<article>" + paras(12) + "</article>"), options=RULES)
    short = extract(page("<div>Menu</div><div>One small line of text.</div>"), options=RULES)
    assert long.confidence > 0.7
    assert short.confidence < 0.5 < long.confidence


def test_title_heading_and_byline_line_are_not_repeated_in_the_text():
    a = extract(page(f"<article><h1>Flood warning for the valley</h1><p>By Jo Park</p>{paras(2)}</article>",
                     head='<title>Flood warning for the valley</title><meta name="author" content="Jo Park">'))
    assert a.title == "Flood warning for the valley" and a.byline == "Jo Park"
    assert not a.text.startswith("Flood warning") and "By Jo Park" not in a.text


def test_links_resolve_against_base_href():
    body = f"<article>{paras(3)}<p>See <a href='more.html'>the full report</a> for details of the flood.</p></article>"
    p = Page(location="p.html", final_url="https://news.example/a/b.html",
             body=f"<html><head><base href='/reports/'></head><body>{body}</body></html>".encode())
    a = extract(p)
    link = next(link for link in a.links if link.text == "the full report")
    assert link.url == "https://news.example/reports/more.html"
    assert a.text[link.start:link.end] == "the full report"


def test_many_paragraphs_and_one_huge_line_do_not_hang():
    import time

    start = time.perf_counter()
    huge = "<html><body><article>" + "".join(f"<p>Line {i} of many.</p>" for i in range(30_000)) + "</article></body></html>"
    a = extract(Page(location="big.html", body=huge.encode()))
    assert "Line 29999 of many." in a.text
    line = "<html><body><p>" + "word " * 200_000 + "</p></body></html>"
    b = extract(Page(location="line.html", body=line.encode()))
    assert b.text.startswith("word word")
    assert time.perf_counter() - start < 60


CARDS = "".join(f"<div class='card'><h3>Pump model {i}</h3><span>Moves {i * 40} litres a minute through the "
                "valley station, quietly and without fuss.</span></div>" for i in range(15))
SECTIONED = ("<header><a href='/'>Pump shop</a></header><main><div class='wrap'>"
             f"<div class='lede'>{paras(5)}</div></div><div class='grid'><div>{CARDS}</div></div></main>"
             "<footer>Copyright</footer>")


def test_multi_section_main_is_taken_whole():
    # readability keeps the card grid and drops the introduction; the page's <main> holds both
    a = extract(page(SECTIONED), options=RULES)
    check_contract(a)
    assert "Pump model 3" in a.text and "Report number 4" in a.text
    assert "Copyright" not in a.text and "Pump shop" not in a.text


def test_article_typed_page_keeps_readabilitys_pick_over_main():
    # an article's <main> also holds comments and related stories: only a scrap is replaced
    a = extract(page(SECTIONED, '<title>Pumps</title><meta property="og:type" content="article">'), options=RULES)
    assert "Pump model 3" in a.text and "Report number 4" not in a.text


def test_tiny_main_does_not_replace_the_page_fallback():
    a = extract(page("<main><p>Short main.</p></main>" + "<div><div>" + "A line of text here. " * 60
                     + "</div></div>"))
    assert "A line of text here." in a.text


def _landing(head: str = "<title>Pumps</title>") -> Page:
    grids = "".join(f"<div class='grid'><div>{CARDS.replace('Pump model', name)}</div></div>"
                    for name in ("Pump model", "Valve kit", "Hose set"))
    return page("<nav><a href='/'>Home</a> <a href='/p'>Pumps</a></nav><div class='hero'><div class='wrap'>"
                f"<div class='lede'>{paras(4)}</div></div></div>{grids}"
                "<div hidden><p>Secret draft text never shown.</p></div><footer>Copyright</footer>", head)


def test_page_without_main_that_is_no_article_is_taken_whole_less_furniture():
    a = extract(_landing(), options=RULES)
    assert all(s in a.text for s in ("Pump model 3", "Hose set 3", "Report number 1"))
    assert not any(s in a.text for s in ("Copyright", "Home", "Secret draft"))


def test_article_without_main_keeps_readabilitys_pick():
    a = extract(_landing('<title>Pumps</title><meta property="og:type" content="article">'), options=RULES)
    assert "Pump model 3" in a.text and "Hose set 3" not in a.text


def test_drop_hidden():
    tree = lxml.html.document_fromstring(
        "<html><body><div hidden>a1</div><p style='display: none'>a2</p><span aria-hidden='true'>a3</span>"
        "<p style='color: red'>shown</p></body></html>")
    assert drop_hidden(tree) == 3
    assert tree.text_content().strip() == "shown"


def test_drop_hidden_keeps_closed_accordion_panels():
    tree = lxml.html.document_fromstring(
        "<html><body><div role='region' aria-labelledby='q1' style='display:none'>Answer one</div>"
        "<div class='faq-answer' hidden>Answer two</div><div hidden>gone</div></body></html>")
    assert drop_hidden(tree) == 1
    assert "Answer one" in tree.text_content() and "Answer two" in tree.text_content()


_STORY = [f"Paragraph {i}: the ferry timetable changed again this winter, and the harbour office "
          f"explained why the early crossing now leaves twenty minutes later than it used to."
          for i in range(6)]


@pytest.mark.parametrize("closing", ["</body>\n</html>", "</BODY >\n</HTML>", "</html>", "</body>"])
@pytest.mark.parametrize("styled", [False, True])
def test_a_page_closed_after_its_header_still_gives_the_article_after_it(closing: str,
                                                                       styled: bool) -> None:
    """A template that writes </body></html> after the site header, then the article (as a
    browser shows it): the article is read, not only the header."""
    wrap = '<div class="blog-detail-page"><section class="banner">' if styled else "<div>"
    html = ("<!DOCTYPE html><html><head><title>Ferry times change | Harbour News</title></head>"
            "<body><header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>\n"
            f"{closing}\n{wrap}<h1>Ferry times change</h1>"
            + "".join(f"<p>{p}</p>" for p in _STORY) + ("</section></div>" if styled else "</div>")
            + "<footer>Harbour News 2025</footer></body></html>")
    article = extract(Page(location="ferry.html", body=html.encode(), media_type="text/html"))
    check_contract(article)
    for paragraph in _STORY:
        assert paragraph in article.text
    assert "Home" not in article.text
