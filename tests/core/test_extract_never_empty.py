"""An article is never silently empty, and big pages are shrunk before parsing (issues 3, 6)."""

from __future__ import annotations

import pytest

from reader.core.errors import ExtractError
from reader.core.extract import extract
from reader.core.extract.fallback import FALLBACK_CONFIDENCE
from reader.core.extract.shrink import cut_markup, shrink, strip_heavy
from reader.core.models import Page

from article_contract import check_contract


def _extract(body: bytes, media_type: str = "text/html"):
    return extract(Page(location="page", body=body, media_type=media_type))


# ---------------------------------------------------------------- never silently empty

@pytest.mark.parametrize("line", ["This is a paragraph of text.", "Paragraph {i} is here."])
def test_dump_of_look_alike_paragraphs_falls_back_to_the_whole_text(line):
    body = "\n\n".join(line.format(i=i) for i in range(400)).encode()
    a = _extract(body, "text/plain")
    check_contract(a)
    assert a.confidence == FALLBACK_CONFIDENCE
    assert len(a.text.split("\n\n")) == 400
    assert a.text.split("\n\n")[-1] == line.format(i=399)


def test_menu_only_dump_is_kept_with_low_confidence():
    a = _extract(b"Home\n\nNews\n\nSport\n", "text/plain")
    assert a.text == "Home\n\nNews\n\nSport" and a.confidence == FALLBACK_CONFIDENCE


def test_real_article_dump_keeps_a_high_confidence():
    para = ("The harbour board met on Tuesday to discuss the wall, which has been crumbling for years, "
            "and agreed that repairs must start before the winter storms. ")
    a = _extract(("Home\n\nNews\n\n" + "\n\n".join(para + str(i) + "." for i in range(5))).encode(), "text/plain")
    assert a.confidence > 0.3 and "Home" not in a.text


@pytest.mark.parametrize("body", [b"<html><head", b"<html><head><title>Only a title</title>",
                                  b"<html><body><script>var x = 1;</script></body></html>",
                                  b"<html><body><!-- nothing --></body></html>", b"\n\n  \n"])
@pytest.mark.parametrize("media_type", ["text/html", "text/plain"])
def test_page_without_text_is_one_clear_error(body, media_type):
    with pytest.raises(ExtractError) as err:
        _extract(body, media_type)
    message = str(err.value)
    assert message.endswith(".") and "\n" not in message and message.count(". ") == 0


def test_html_with_only_furniture_falls_back_to_its_visible_text():
    html = (b"<html><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav>"
            b"<form><button>Subscribe</button></form><div class='share'>Share</div></body></html>")
    a = _extract(html)
    check_contract(a)
    assert a.text and a.confidence <= 0.5
    assert "Home" in a.text or "Subscribe" in a.text


# ---------------------------------------------------------------- shrinking before parsing

_PARA = "<p>The harbour board met on Tuesday to discuss the crumbling wall at length.</p>\n"


def _paras(n: int) -> str:
    return "".join(f"<p>The harbour board met on day {i} to discuss the crumbling wall at length.</p>\n"
                   for i in range(n))


def _image_page(n_chars: int) -> str:
    blob = "iVBORw0KGgo" + "A" * n_chars
    return (f"<html><head><title>Photo</title><style>p {{ color: red; }}</style></head><body>"
            f"<!-- saved by SingleFile --><article><img src=\"data:image/png;base64,{blob}\">"
            f"<div style=\"background:url(data:image/jpeg;base64,{blob})\"></div>"
            f"<svg viewBox='0 0 10 10'><path d='M0 0L{'1 1 ' * 500}'/><title>drawing</title></svg>"
            f"<script>var big = '{'x' * 5000}';</script>{_paras(20)}</article></body></html>")


def test_data_uris_scripts_styles_svg_and_comments_do_not_reach_the_parser():
    page = _image_page(1_000_000)
    out = strip_heavy(page)
    assert len(out) < 10_000
    for gone in ("iVBORw0KGgo", "color: red", "saved by SingleFile", "var big", "M0 0L", "drawing"):
        assert gone not in out
    assert out.count("The harbour board") == 20 and "<title>Photo</title>" in out


def test_json_ld_scripts_survive_for_the_metadata():
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "author": "Morag"}</script>'
    out = strip_heavy(f"<html><head>{ld}<script>track()</script></head><body>{_PARA}</body></html>")
    assert ld in out and "track()" not in out


def test_unclosed_heavy_tags_swallow_the_rest_as_a_browser_would():
    assert strip_heavy("<p>kept</p><script>var a = 1;<p>lost</p>") == "<p>kept</p><script></script>"
    assert strip_heavy("<p>kept</p><!-- open comment <p>lost</p>") == "<p>kept</p>"
    many = "<script>" * 20_000  # linear: each unclosed opener does not rescan the page
    assert strip_heavy("<p>a</p>" + many).startswith("<p>a</p><script>")


def test_markup_over_budget_is_cut_at_a_tag_and_marked():
    page = "<html><body>" + _PARA * 5000 + "</body></html>"
    cut, truncated = cut_markup(page, 100_000)
    assert truncated and len(cut) <= 100_000 and cut.endswith("</p>\n")
    assert cut_markup(page, len(page)) == (page, False)
    shrunk = shrink(page, 100_000)
    assert shrunk.truncated and shrunk.removed == len(page) - len(shrunk.html)


def test_big_inline_image_page_extracts_its_article():
    a = _extract(_image_page(3_000_000).encode())
    check_contract(a)
    assert a.text.count("The harbour board") == 20 and "iVBORw0KGgo" not in a.text
    assert not a.truncated


def test_page_over_the_markup_budget_is_marked_truncated(monkeypatch):
    import reader.core.extract as ex

    monkeypatch.setattr(ex, "shrink", lambda html: shrink(html, 50_000))
    a = _extract(("<html><body><article>" + _paras(3000) + "</article></body></html>").encode())
    assert a.truncated and 0 < a.text.count("The harbour board") < 3000
