"""Text-dump layouts: side-by-side columns, CJK wrapping, wordy lists, other dump tools' styles."""

from __future__ import annotations

import textwrap

import pytest

from reader.core.extract.columns import columns, split_columns
from reader.core.extract.shrink import cut_text
from reader.core.extract.options import ExtractOptions
from reader.core.extract.text import extract_dump, strip_link_numbers, units_of
from reader.core.limits import Limits

from article_contract import check_contract

ARTICLE = [
    "The ferry company announced on Monday that the winter timetable will keep the early sailing, "
    "which islanders had feared would be cut after the summer season ended with fewer passengers.",
    "Residents who commute to the mainland for work said the decision was a relief, and the council "
    "thanked the company for listening to the petition that more than four hundred people signed.",
    "The later sailings will run as before, with an extra boat on Fridays during the school holidays "
    "so that families travelling for the weekend can find a place for their cars on the deck.",
]
SIDEBAR = ["Official links:", "", "Timetables", "Fares", "Harbour webcam", "", "Contact us", "Lost property",
           "Careers", "", "Follow us on Twitter", "Newsletter sign-up", "Accessibility", "Site map"]


def two_column_dump() -> str:
    """An article wrapped at 50 columns with a link sidebar printed beside it from column 56."""
    left: list[str] = ["Ferry keeps its early sailing", ""]
    for para in ARTICLE:
        left += textwrap.wrap(para, 50) + [""]
    rows = []
    for i in range(max(len(left), len(SIDEBAR))):
        a = left[i] if i < len(left) else ""
        b = SIDEBAR[i] if i < len(SIDEBAR) else ""
        rows.append((a.ljust(55) + b).rstrip() if b else a)
    return "Island News    Home    About\n\n" + "\n".join(rows) + "\n\nCopyright Island News\n"


def test_two_column_rows_are_read_column_by_column():
    lines, widths = split_columns(two_column_dump().split("\n"))
    text = "\n".join(lines)
    assert "Timetables" in lines and "Fares" in lines  # the sidebar became lines of its own
    assert text.index(ARTICLE[2][-20:].split()[-1]) < text.index("Timetables")
    assert all(w is None or w <= 55 for w in widths)


def test_two_column_article_comes_out_whole():
    a = extract_dump(two_column_dump(), limits=Limits())
    check_contract(a)
    assert a.text.split("\n\n") == ARTICLE
    for junk in ("Timetables", "Careers", "Follow us", "Copyright"):
        assert junk not in a.text


def test_without_column_splitting_the_sidebar_is_interleaved():
    a = extract_dump(two_column_dump(), limits=Limits(), options=ExtractOptions(columns=False))
    assert a.text.split("\n\n") != ARTICLE  # the feature is what makes the test above pass


def test_a_two_column_table_is_left_alone():
    rows = [f"{name:<12}{value}" for name, value in
            [("Monday", "07:10 09:30"), ("Tuesday", "07:10 09:30"), ("Wednesday", "07:10"),
             ("Thursday", "07:10 09:30"), ("Friday", "07:10 09:30 18:00"), ("Saturday", "10:00")]]
    lines, widths = split_columns(rows)
    assert lines == rows and widths == [None] * len(rows)


def test_cjk_display_width_and_joining_without_spaces():
    assert columns("日本語") == 6 and columns("abc") == 3
    para = "翱翔于距地球数千公里的太空中进入广袤漆黑的未知领域是一项艰苦卓绝的工作这让人感到巨大压力和极度恐慌" * 3
    wrapped = "\n".join(para[i:i + 38] for i in range(0, len(para), 38))  # 76 columns a row
    units = units_of("首页\n\n" + wrapped + "\n", Limits())
    assert [u.text for u in units] == ["首页", para]


@pytest.mark.parametrize("row_chars", [60, 70, 77])
def test_cjk_rows_wrapped_at_a_count_of_characters_rejoin(row_chars: int):
    """lynx wraps Chinese rows at a number of characters, not of columns: by columns its rows
    are about twice the page's width, as if nothing were wrapped."""
    paras = ["翱翔于距地球数千公里的太空中进入广袤漆黑的未知领域是一项艰苦卓绝的工作这让人感到巨大压力和极度恐慌。" * 4,
             "在采访中我们了解到不少学子在出国前就每年守在电脑前观看直播但是随着年龄和阅历的增长关注点发生了很大的变化。" * 3,
             "无独有偶英国剑桥大学的学生也有着类似的经历他表示在国内读本科时虽然关注过但并不像现在这样。" * 5]
    rows: list[str] = ["   首页 新闻 体育", ""]
    for para in paras:
        rows += ["   " + para[i:i + row_chars] for i in range(0, len(para), row_chars)] + [""]
    units = units_of("\n".join(rows) + "\n", Limits())
    assert [u.text for u in units][-3:] == paras


def test_cjk_rows_wrapped_by_characters_beside_latin_rows_wrapped_by_columns():
    """A Japanese page's lynx dump: its Latin rows (menus, links) fill the width in columns, its
    Japanese rows, with Latin words inside, fill it in characters; the paragraphs rejoin."""
    paras = ["トレンドマイクロは3月9日、Wi-Fi利用時の通信を暗号化し保護するスマホ向けのセキュリティアプリの発売を開始すると発表した。" * 3,
             "正規事業者が提供する安全性の高いフリーWi-Fiのほかにも、通信を暗号化していない安全性の低いフリーWi-Fiなどが混在している。" * 4]
    latin = ["   " + ("Home News Sport Weather Business Technology Science Health Travel Culture " * 2)[:82]
             for _ in range(25)]
    rows: list[str] = [*latin, ""]
    for para in paras:
        rows += ["   " + para[i:i + 74] for i in range(0, len(para), 74)] + [""]
    rows += latin
    units = units_of("\n".join(rows) + "\n", Limits())
    assert paras[0] in [u.text for u in units] and paras[1] in [u.text for u in units]


def test_wordy_bullet_list_is_an_article_but_a_menu_is_not():
    items = ["Added a new harbour map that shows the depth of the water at low tide",
             "Fixed the bug where the ferry timetable showed the summer sailings in winter",
             "Improved the speed of the booking page when many people use it at once",
             "Removed the old fares page that had not been updated for two years",
             "Changed the colour of the warning banner so that it is easier to read"]
    menu = ["- Home", "- News", "- Sport", "- Weather", "- Contact"]
    dump = "\n".join(menu) + "\n\nRelease notes for version 2.4\n\n" + "\n".join("* " + i for i in items) + \
        "\n\n" + "\n".join(menu) + "\n"
    a = extract_dump(dump, limits=Limits())
    check_contract(a)
    assert a.text.split("\n\n")[-len(items):] == items
    assert "Sport" not in a.text and a.confidence > 0.2


def test_one_line_per_block_dump_with_dash_bullets():
    body = "\n".join(["Menu", "- Home", "- World", "Ferry keeps its early sailing", "By Ann Other", *ARTICLE,
                      "- Share on Facebook", "- Share on Twitter", "Related stories", "- Ferry fares rise"])
    a = extract_dump(body, limits=Limits())
    assert a.text.split("\n\n") == ARTICLE and a.byline == "Ann Other"


def test_long_dump_is_cut_at_a_line_break():
    text = "A line of text.\n" * 1000
    cut, truncated = cut_text(text, 5000)
    assert truncated and cut.endswith("A line of text.") and len(cut) < 5000
    assert cut_text(text, len(text)) == (text, False)


def test_teasers_cut_off_mid_sentence_do_not_extend_the_article():
    teasers = [
        "An eight-year-old boy has been credited with saving his mother and their dog after he called "
        "the emergency line when the two of them fell into an icy pond behind the house on",
        "In January the new council leader will have to turn her attention to the budget and to the "
        "harbour wall, and she will do so with the help of a finance officer who joined from",
    ]
    dump = ("Ferry keeps its early sailing\n\n" + "\n\n".join(ARTICLE) + "\n\nMore stories\n\n"
            + "\n\n".join(teasers) + "\n")
    a = extract_dump(dump, limits=Limits())
    assert a.text.split("\n\n") == ARTICLE


def test_text_dump_starting_with_a_stray_tag_stays_a_dump():
    from reader.core.extract import extract
    from reader.core.models import Page

    body = ('<div><img src="https://counter.example/b?c=1" width="0" height="0" alt="" /></div>\n'
            "Home\nNews\n\nFerry keeps its early sailing\n\n" + "\n\n".join(ARTICLE) + "\n").encode()
    a = extract(Page(location="page.txt", body=body, media_type="text/plain"))
    assert a.text.split("\n\n") == ARTICLE
    html = extract(Page(location="page.txt", body=b"<p>" + ARTICLE[0].encode() + b"</p>", media_type="text/plain"))
    assert html.text == ARTICLE[0]  # a real fragment is still read as HTML


def lynx_references(links: int, paths: tuple[str, ...] = ()) -> str:
    """The tail `lynx -dump` writes below a page: its "References" heading and one numbered
    URL a link (`paths` names the first ones; the rest are numbered)."""
    urls = [f"https://gazette.example/{paths[n - 1] if n <= len(paths) else n}" for n in range(1, links + 1)]
    return "\n\nReferences\n\n" + "".join(f"   {n}. {u}\n" for n, u in enumerate(urls, 1))


def test_lynx_link_numbers_and_references_are_not_article_text():
    story = ("The harbour board met on Tuesday to discuss the [3]crumbling wall, which has been failing "
             "for years, and agreed that [4]repairs must start before the winter storms arrive.")
    dump = ("   [1]Home [2]News\n\n" + "\n\n".join(f"   {story} Day {i}." for i in range(5))
            + lynx_references(4, ("", "news", "wall", "repairs")))
    a = extract_dump(dump, limits=Limits())
    check_contract(a)
    assert "crumbling wall" in a.text and "[3]" not in a.text and "https://" not in a.text
    assert "References" not in a.text


@pytest.mark.parametrize("bare", ["   [7]", "   [7][8]", "     * [7]", "   [7] [8] [9]", "       o [7]"])
def test_lynx_rows_of_link_numbers_alone_are_not_article_text(bare: str):
    """Links without text (an image or an icon with no alt text) leave rows of bare numbers."""
    story = "The harbour board met on Tuesday and agreed that the repairs must start before winter."
    paragraphs = [f"   {story} Day {i}." for i in range(4)]
    dump = ("   [1]Home [2]News\n\n" + paragraphs[0] + "\n\n" + bare + "\n\n" + "\n\n".join(paragraphs[1:])
            + lynx_references(9))
    text = strip_link_numbers(dump)
    assert bare.strip() not in text and "[" not in text.split("References")[0]
    assert text.count("The harbour board") == 4
    a = extract_dump(dump, limits=Limits())
    assert "[" not in a.text and a.text.count("The harbour board") == 4


@pytest.mark.timeout(30)
def test_a_row_of_many_bracketed_letters_before_text_is_read_at_once():
    """Hostile text: a row of a thousand "[A]" then words is no row of bare link numbers, and
    telling so must not try every way of reading the brackets."""
    row = "   " + "[A]" * 1000 + " and then the harbour wall gave way"
    dump = "   [1]Home [2]News\n\n" + row + lynx_references(3)
    assert "the harbour wall gave way" in strip_link_numbers(dump)


def test_brackets_in_an_ordinary_dump_stay():
    text = "The list [1] of sources is long, says the board [2], and the numbers stay as written.\n"
    assert strip_link_numbers(text) == text


def lynx_paragraph(words: list[str], width: int, marks: dict[int, int]) -> list[str]:
    """A paragraph as `lynx -dump` lays it out: indented by three, link numbers ("[12]") before
    the linked words and counted in the width, wrapped at `width`."""
    marked = [f"[{marks[i]}]{w}" if i in marks else w for i, w in enumerate(words)]
    return ["   " + row for row in textwrap.wrap(" ".join(marked), width - 3)]


def test_lynx_rows_that_lost_their_link_numbers_still_rejoin():
    """A row that had "[12]" in it is short once the number is gone; lynx wrapped it with the
    number, so the paragraph goes on."""
    rows: list[str] = []
    for k, para in enumerate(ARTICLE):
        words = para.split()
        rows += lynx_paragraph(words, 77, {1: 100 + 2 * k, 2: 101 + 2 * k}) + [""]  # two in the first row
    units = units_of("\n".join(rows), Limits())
    assert [u.text for u in units] == ARTICLE


def test_rows_stopping_short_of_the_width_rejoin_as_lynx_wraps_them():
    """lynx often ends a paragraph's rows several columns before the widest row; the dump's own
    sure continuations (a row stopping mid-sentence, the next one starting lowercase) show how far."""
    rows: list[str] = []
    for k, para in enumerate(ARTICLE * 2):
        rows += lynx_paragraph(para.split(), 77 - 3 * (k % 3), {}) + [""]
    units = units_of("\n".join(rows), Limits())
    assert [u.text for u in units] == ARTICLE * 2


def test_a_greedy_dump_keeps_its_short_lines_apart():
    """w3m fills its rows: there a short line before another is a line of its own."""
    rows: list[str] = []
    for para in ARTICLE:
        rows += textwrap.wrap(para, 78) + [""]
    rows += ["Read the timetable for the winter season", "and the fares for cars and vans here."]
    units = units_of("\n".join(rows), Limits())
    assert [u.text for u in units][:3] == ARTICLE
    assert [u.text for u in units][3:] == ["Read the timetable for the winter season", "and the fares for cars and vans here."]


def test_lynx_nested_list_levels_are_bullets():
    """lynx marks list levels with *, +, o, # and @; the deeper ones are menus in menus."""
    dump = ("     * [1]Products\n          + [2]Phones\n               o [3]Android phones\n"
            "               o [4]Other phones\n                    # [5]Cases and covers\n"
            "                         @ [6]Leather cases\n\n"
            "   o governo anunciou hoje que o novo horário de inverno mantém a primeira ligação\n")
    units = units_of(dump, Limits())
    assert [(u.bullet, u.text) for u in units] == [
        (True, "Products"), (True, "Phones"), (True, "Android phones"), (True, "Other phones"),
        (True, "Cases and covers"), (True, "Leather cases"),
        (False, "o governo anunciou hoje que o novo horário de inverno mantém a primeira ligação")]
