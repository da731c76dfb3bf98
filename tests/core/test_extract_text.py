"""Plain-text page dumps: the article is found among menus, ads and footers."""

from __future__ import annotations

from reader.core.extract import extract
from reader.core.extract.text import count_words, extract_dump, units_of
from reader.core.limits import Limits
from reader.core.models import Page

from article_contract import check_contract

FIRST = "For the first time in forty years, the lamp room at Skerry Point has a keeper again."


def dump(fixtures_dir, name: str):
    body = (fixtures_dir / "extract" / name).read_bytes()
    return extract(Page(location=name, body=body, media_type="text/plain"))


def test_wrapped_dump(fixtures_dir):
    a = dump(fixtures_dir, "dump-wrapped.txt")
    check_contract(a)
    assert a.title == "Lighthouse keepers return to Skerry Point"
    assert a.byline == "Morag Finlay"
    assert a.published == "2024-03-05"
    paragraphs = a.text.split("\n\n")
    assert paragraphs[0] == FIRST + " The trust that owns the tower has hired two volunteers to live on the rock through the winter."
    assert len(paragraphs) == 4 and all("\n" not in p for p in paragraphs)
    for junk in ("Advertisement", "Related stories", "Top Stories", "Council approves", "All rights reserved", "Weather"):
        assert junk not in a.text
    assert a.text.endswith("with guided climbs to the gallery every weekend.")


def test_one_line_per_block_dump(fixtures_dir):
    a = dump(fixtures_dir, "dump-oneline.txt")
    check_contract(a)
    assert a.title == "Lighthouse keepers return to Skerry Point"
    assert a.byline == "Morag Finlay"
    assert a.published == "2024-03-05"
    assert a.text.startswith(FIRST)
    assert len(a.text.split("\n\n")) == 3
    for junk in ("Tags", "lighthouses", "Top Stories", "Copyright", "Share"):
        assert junk not in a.text


def test_wrapped_paragraphs_are_joined_whole():
    import textwrap

    paras = [("The committee met on a Tuesday to discuss the long-standing problem of the harbour wall, "
              "which has been crumbling for years and now needs a complete rebuild before the winter "
              "storms arrive on the coast again, according to the chair of the committee.") * 2,
             ("Another paragraph follows with enough words in it to count as prose, and it carries on "
              "for a while so that it wraps over several lines of the dump as well.") * 2]
    text = "Menu\n\nHome\n\n" + "\n\n".join("\n".join(textwrap.wrap(p, 79)) for p in paras) + "\n"
    units = [u.text for u in units_of(text, Limits())]
    assert units == ["Menu", "Home", *paras]


def test_bullets_start_new_units():
    units = units_of("  • One item here\n  • Two item here\n  * Three\n", Limits())
    assert [u.text for u in units] == ["One item here", "Two item here", "Three"]
    assert all(u.bullet for u in units)


def test_cjk_words_are_counted():
    assert count_words("肉をくわえたイヌが、橋を渡っていました。") >= 8
    assert count_words("three plain words") == 3


def test_dump_without_article_is_low_confidence():
    a = extract_dump("Home\nNews\nSport\nLogin\n", limits=Limits())
    assert a.confidence <= 0.2


def test_huge_inputs_stay_fast():
    import time

    many = "\n\n".join(f"Paragraph {i} has several words in it, and it ends here." for i in range(100_000))
    start = time.process_time()  # CPU time: a loaded machine's wall clock is noise
    a = extract_dump(many, limits=Limits(max_text_chars=200_000))
    assert a.truncated and len(a.text) <= 200_000
    line = "word " * 200_000
    extract_dump(line, limits=Limits())
    assert time.process_time() - start < 20  # ~3 s


def test_firstpost_sample(shared_dir):
    body = (shared_dir / "samples" / "firstpost-text-dump.txt").read_bytes()
    a = extract(Page(location="firstpost-text-dump.txt", body=body, media_type="text/plain"))
    check_contract(a)
    assert a.title == ("Global Watch | How Chinese spy network has gone global with major thrust on "
                       "stealing sensitive technologies")
    assert a.byline == "Arun Anand"
    assert a.published == "2023-11-30"
    assert a.text.startswith("All the Chinese visiting or staying outside China are now legally compelled")
    assert "The Chinese diaspora including Chinese tourists and students" in a.text
    for junk in ("Top Stories", "Trending", "Advertisement", "Sections", "Tags", "National Security US China",
                 "Copyright", "Impact Shorts", "Whatsapp Facebook Twitter", "Live TV", "Subscribe"):
        assert junk not in a.text, junk


def test_news_site_dump_like_the_seed_sample(fixtures_dir):
    """A one-line-per-paragraph dump laid out like the seed sample (menus, a breadcrumb, the
    title three times, "Name • date", share buttons, a standfirst, the body on one line, tags and
    teaser streams), written for the project: the same title, byline, date, standfirst, body."""
    body = (fixtures_dir / "extract" / "dump-news-site.txt").read_bytes()
    a = extract(Page(location="dump-news-site.txt", body=body, media_type="text/plain"))
    check_contract(a)
    assert a.title == "Harbour Watch | How a quiet ferry company became the islands' biggest landlord"
    assert a.byline == "Morag Finlay" and a.published == "2024-03-05"
    standfirst, story = a.text.split("\n\n")
    assert standfirst == ("The Island Ferry Company now owns more houses on the outer islands than any council, "
                          "and its tenants are starting to organise")
    assert story.startswith("The Island Ferry Company now owns") and "Councillor Ishbel Mackay" in story
    assert story.endswith("Views expressed in the above piece are personal.")
    for junk in ("Top Stories", "Trending", "Advertisement", "Sections", "Tags", "Copyright", "Impact Shorts",
                 "Whatsapp Facebook Twitter", "Live TV", "Subscribe", "Read all the", "Follow us"):
        assert junk not in a.text, junk
