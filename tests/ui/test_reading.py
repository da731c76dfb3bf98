"""The reading screen: header, article and summary panes, summary keys, opening, failures, huge pages."""

from __future__ import annotations

import json

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input
from ui_helpers import line_texts, notifications, palette_titles, settle, until

from reader.app.paths import sample_path
from reader.core.errors import SummaryError
from reader.core.export import summary_markdown
from reader.core.models import Article, Block, Sentence
from reader.core.pipeline import Pipeline
from reader.core.summarize import algorithm_names
from reader.ui.app import ReaderApp
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.open import OpenDialog
from reader.ui.screens.reader import ReaderScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.summary_panel import SummaryList

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ui"


HARBOUR = str(FIXTURES / "harbour.html")


KETTLES = str(FIXTURES / "kettles.html")


@pytest.fixture
def clipboard(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Record what goes to OSC 52 and to pyperclip."""
    import pyperclip
    copied: dict[str, list[str]] = {"osc52": [], "pyperclip": []}
    monkeypatch.setattr(pyperclip, "copy", lambda text: copied["pyperclip"].append(text))
    monkeypatch.setattr(ReaderApp, "copy_to_clipboard",
                        lambda self, text: copied["osc52"].append(text))
    return copied


async def _type_location(pilot, location: str) -> None:
    """Type into the open dialog (the whole value at once: per-key presses are slow) and submit."""
    field = pilot.app.screen.query_one(Input)
    await pilot.press(*location[:3])
    field.value = location
    await pilot.press("enter")


def _visible_lines(view) -> range:
    top = int(view.scroll_y)
    return range(top, top + view.scrollable_content_region.height)


class _FastSentences(Pipeline):
    """Splits at ". " only: this test is about the UI with 200,000 sentences, not segmenting."""

    def sentences(self, article):
        import re
        return [Sentence(i, m.start(), m.end(), 0)
                for i, m in enumerate(re.finditer(r"[^.\n]+\.", article.text))]


FIRST = str(Path(__file__).parent.parent / "fixtures" / "ux" / "first.html")


@pytest.fixture
def copied(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    monkeypatch.setattr(ReaderApp, "copy_text", lambda self, text: texts.append(text))
    return texts


FIXTURES = Path(__file__).parent.parent / "fixtures" / "ux"


FIRST = str(FIXTURES / "first.html")


async def test_opens_a_page_with_header_article_and_summary() -> None:
    app = ReaderApp(HARBOUR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        assert screen.has_class("-ready")
        header = str(screen.header.render())
        assert "Two Clocks in a Tidal Harbour" in header
        assert "Ada Penrose" in header and "The Harbour Gazette" in header
        assert "2025-06-21" in header
        lines = line_texts(screen.article_view)
        assert any(line.startswith("Harbour towns keep two clocks.") for line in lines)
        assert not any("Subscribe" in line or "Privacy" in line for line in lines)
        summary = screen.summary
        assert summary is not None and summary.sentences
        options = screen.summary_panel.sentence_list
        assert options.option_count == len(summary.sentences)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [
            f"s{s.index}" for s in summary.sentences]
        # summary sentences are highlighted in the article
        layer = screen.article_view._layers["summary"]
        assert layer.spans == [(s.start, s.end) for s in summary.sentences]
        # side by side at 120 columns
        article_region = screen.article_view.region
        summary_region = screen.summary_panel.region
        assert summary_region.x >= article_region.right - 1
        assert summary_region.y == article_region.y


async def test_enter_on_a_summary_sentence_scrolls_the_article_to_it() -> None:
    app = ReaderApp(HARBOUR, algorithm="lead", count=30)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        view = screen.article_view
        assert int(view.scroll_y) == 0
        summary = screen.summary
        last = summary.sentences[-1]
        await pilot.press("tab")
        assert isinstance(app.focused, SummaryList)
        await pilot.press("G", "enter")
        await pilot.pause()
        assert view.scroll_y > 0
        line = view.layout_lines.line_for_offset(last.start)
        assert line in _visible_lines(view)
        assert view.cursor == last.index
        assert view.current_sentence == last


async def test_clicking_a_summary_sentence_jumps_too() -> None:
    app = ReaderApp(HARBOUR, algorithm="lead", count=30)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        options = screen.summary_panel.sentence_list
        options.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        await pilot.click(SummaryList, offset=(6, options.scrollable_content_region.height - 1))
        await pilot.pause()
        chosen = screen.article_view.cursor
        assert chosen is not None
        assert chosen in {s.index for s in screen.summary.sentences}
        line = screen.article_view.layout_lines.line_for_offset(screen.sentences[chosen].start)
        assert line in _visible_lines(screen.article_view)


async def test_c_copies_the_summary_as_markdown_both_ways(clipboard) -> None:
    app = ReaderApp(HARBOUR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await pilot.press("c")
        expected = summary_markdown(screen.article, screen.summary)
        assert clipboard["osc52"] == [expected]
        assert clipboard["pyperclip"] == [expected]
        assert expected.startswith("# [Two Clocks in a Tidal Harbour](https://gazette.example/")
        for sentence in screen.summary.sentences:
            assert " ".join(sentence.text_in(screen.article.text).split()) in expected
        assert any("Copied the summary" in n and n.endswith("with the title and link.")
                   for n in notifications(app))


async def test_c_on_a_page_without_an_address_promises_no_link(clipboard, tmp_path) -> None:
    dump = tmp_path / "harbour.txt"
    dump.write_text("Two Clocks in a Tidal Harbour\n\n" + "\n\n".join(
        f"The harbour master wound clock number {n} at dawn, and the tide tables agreed with it "
        f"for the {n}th day running, which the fishing crews noted with some relief." for n in range(1, 9)))
    app = ReaderApp(str(dump))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await until(pilot, lambda: screen.summary is not None)
        assert not (screen.article.url or screen.article.canonical_url)
        await pilot.press("c")
        await pilot.pause()
        copied = clipboard["osc52"][-1]
        assert copied.startswith("# ") and "](" not in copied.splitlines()[0]
        notice = next(n for n in notifications(app) if "Copied the summary" in n)
        assert notice.endswith("as Markdown with the title.") and "link" not in notice


async def test_copy_survives_a_missing_clipboard_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyperclip

    def broken(text: str) -> None:
        raise pyperclip.PyperclipException("no clipboard mechanism")

    monkeypatch.setattr(pyperclip, "copy", broken)
    app = ReaderApp(KETTLES)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert app._clipboard.startswith("# A Short Note on Kettles")
        assert any("Copied the summary" in n for n in notifications(app))
        # OSC 52 alone carried it: said once, with the setting that decides it in tmux
        assert sum("OSC 52" in n and "set-clipboard on" in n for n in notifications(app)) == 1
        await pilot.press("y")
        await pilot.pause()
        assert sum("OSC 52" in n for n in notifications(app)) == 1


async def test_a_local_clipboard_needs_no_osc52_notice(clipboard) -> None:
    app = ReaderApp(KETTLES)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert clipboard["pyperclip"] and not any("OSC 52" in n for n in notifications(app))


async def test_y_copies_the_current_sentence(clipboard) -> None:
    app = ReaderApp(KETTLES)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.reader_screen.article_view
        await pilot.press("right_parenthesis", "right_parenthesis")
        sentence = view.current_sentence
        assert sentence is not None and sentence.index == 2
        await pilot.press("y")
        text = sentence.text_in(view.article.text)
        assert clipboard["pyperclip"] == [text]
        await pilot.press("right_parenthesis", "y")   # a sentence too long to quote whole
        longer = view.current_sentence.text_in(view.article.text)
        assert len(longer) > 60 and clipboard["pyperclip"][-1] == longer
        first, second = list(app._notifications)
        assert first.title == second.title == ""  # said once: no "Copied" over "Copied ..."
        assert first.message == f"Copied sentence 3: {text}"
        preview = second.message.split(": ", 1)[1]
        assert preview.endswith("…") and longer.startswith(preview[:-1])
        assert longer[len(preview) - 1] in " ,;:", preview   # cut between words


async def test_plus_minus_change_the_length_and_a_the_algorithm() -> None:
    app = ReaderApp(HARBOUR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        start = len(screen.summary.sentences)
        await pilot.press("plus")
        await settle(pilot)
        assert len(screen.summary.sentences) == start + 1
        assert screen.summary_panel.sentence_list.option_count == start + 1
        await pilot.press("minus", "minus")
        await settle(pilot)
        assert len(screen.summary.sentences) == start - 1
        names = algorithm_names()
        before = screen.summary.algorithm
        await pilot.press("a")
        await settle(pilot)
        assert screen.summary.algorithm == names[(names.index(before) + 1) % len(names)]
        assert len(screen.summary.sentences) == start - 1
        assert screen.summary.algorithm in str(screen.summary_panel.query_one("#summary-title").render())


async def test_rapid_presses_keep_only_the_latest_summary() -> None:
    app = ReaderApp(HARBOUR, count=3)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("plus", "plus", "plus")
        await settle(pilot)
        assert len(app.reader_screen.summary.sentences) == 6


async def test_length_stays_within_the_article() -> None:
    app = ReaderApp(KETTLES, count=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await pilot.press("minus")
        await settle(pilot)
        assert len(screen.summary.sentences) == 1
        assert any("already one sentence" in n for n in notifications(app))


async def test_o_opens_the_dialog_and_loads_another_page() -> None:
    app = ReaderApp(HARBOUR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert isinstance(app.screen, OpenDialog)
        await _type_location(pilot, KETTLES)
        await settle(pilot)
        screen = app.reader_screen
        assert app.screen is screen
        assert screen.article.title == "A Short Note on Kettles"
        assert screen.location == KETTLES
        print("DBG", line_texts(screen.article_view)[:5], screen.article.text[:80])
        assert any(line.startswith("A kettle is") for line in line_texts(screen.article_view))


async def test_escape_closes_the_dialog_without_changes() -> None:
    app = ReaderApp(KETTLES)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o", "escape")
        assert app.screen is app.reader_screen
        assert app.reader_screen.article.title == "A Short Note on Kettles"


async def test_a_failed_open_keeps_the_current_article_and_the_app(tmp_path: Path, clipboard) -> None:
    app = ReaderApp(KETTLES)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        missing = str(tmp_path / "no-such-page.html")
        app.open_location(missing)
        await settle(pilot)
        screen = app.reader_screen
        assert screen.has_class("-ready")
        assert screen.article.title == "A Short Note on Kettles"
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "no-such-page.html" in errors[-1].message
        assert "\n" not in errors[-1].message and "Traceback" not in errors[-1].message
        await pilot.press("c")
        assert clipboard["pyperclip"], "the app still works after the failure"


NOTHING_TO_READ = {
    "blank": "<html><head><title>Blank</title></head><body><div></div></body></html>",
    "shell": "<html><body><div id='root'></div><script>window.__STATE__ = " + json.dumps(
        {"body": " ".join(f"The ferry left late on day {n}. Nobody knew why." for n in range(40))})
        + "</script></body></html>",
}


@pytest.mark.parametrize("kind", sorted(NOTHING_TO_READ))
async def test_a_page_that_opens_but_holds_no_article_is_not_said_to_be_unopenable(
        tmp_path: Path, kind: str) -> None:
    """The file was read: the toast and the header say there is nothing to read in it, and why."""
    page = tmp_path / f"{kind}.html"
    page.write_text(NOTHING_TO_READ[kind])
    app = ReaderApp(KETTLES)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_location(str(page))
        await settle(pilot)
        error = [n for n in app._notifications if n.severity == "error"][-1]
        assert error.message.startswith("Nothing to read in ") and error.title == "Nothing to read"
        assert f"{kind}.html. " in error.message
        assert "Could not open" not in error.message
        assert ("drawn by JavaScript" in error.message) == (kind == "shell")
        assert app.reader_screen.article.title == "A Short Note on Kettles"


async def test_a_failed_first_open_shows_the_prompt(tmp_path: Path) -> None:
    app = ReaderApp(str(tmp_path / "missing.html"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        assert screen.has_class("-empty")
        assert "Could not open" in str(screen.header.render())
        await pilot.press("o")
        assert isinstance(app.screen, OpenDialog)


async def test_unexpected_errors_become_one_sentence() -> None:
    class Broken(Pipeline):
        def extract(self, page):
            raise RuntimeError("boom")

    app = ReaderApp(KETTLES, pipeline=Broken())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        message = [n for n in app._notifications if n.severity == "error"][-1].message
        assert "Unexpected error (RuntimeError)" in message
        assert app.is_running


async def test_a_failed_summary_leaves_the_article_readable() -> None:
    class NoSummary(Pipeline):
        def summarize(self, article, sentences=None, *, algorithm=None, length=None):
            raise SummaryError("The summary could not be computed for this text.")

    app = ReaderApp(KETTLES, pipeline=NoSummary())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        assert screen.has_class("-ready")
        assert screen.summary is None
        assert any("could not be computed" in n for n in notifications(app))
        assert "unavailable" in str(screen.summary_panel.query_one("#summary-title").render())
        await pilot.press("c")
        assert notifications(app)[-1] == ("There is no summary to copy: The summary could not "
                                          "be computed for this text.")


async def test_no_location_shows_the_open_prompt() -> None:
    app = ReaderApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.reader_screen
        assert screen.has_class("-empty")
        welcome = str(screen.query_one("#welcome").render())
        assert "open a web address" in welcome
        for action in ("copy_summary", "longer", "shorter", "next_algorithm"):
            assert screen.footer_hidden(action)  # not offered ...
        for key in ("c", "plus", "a", "y", "slash", "h", "e", "v", "s", "f", "B", "t"):
            before = len(notifications(app))
            await pilot.press(key)            # ... and each says why instead of nothing
            await pilot.pause()
            assert notifications(app)[before:] == [
                "Open an article first (o opens one, l lists the library)."], key
        await pilot.press("o")
        assert isinstance(app.screen, OpenDialog)
        await _type_location(pilot, KETTLES)
        await settle(pilot)
        assert screen.has_class("-ready")


async def test_narrow_terminals_stack_the_panes() -> None:
    app = ReaderApp(KETTLES)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        assert screen.has_class("-narrow")
        article, summary = screen.article_view.region, screen.summary_panel.region
        assert summary.y >= article.bottom
        assert article.width >= 78 and summary.width >= 78
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert screen.has_class("-wide")
        article, summary = screen.article_view.region, screen.summary_panel.region
        assert summary.x >= article.right - 1


async def test_scroll_keys_move_the_article() -> None:
    app = ReaderApp(HARBOUR)
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        view = app.reader_screen.article_view
        assert app.focused is view
        await pilot.press("j", "j")
        assert view.scroll_y == 2
        await pilot.press("k")
        assert view.scroll_y == 1
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("space")
        assert view.scroll_y > 5
        # the cursor follows the reader onto the visible text
        sentence = view.current_sentence
        assert view.layout_lines.line_for_offset(sentence.start) in _visible_lines(view)


async def test_clicking_article_text_moves_the_cursor() -> None:
    app = ReaderApp(KETTLES)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.reader_screen.article_view
        layout = view.layout_lines
        target = view.sentences[3]
        line = layout.line_for_offset(target.start)
        column = target.start - layout.starts[line]
        await pilot.click(view, offset=(view._margin + column + 1, line))
        assert view.cursor == 3


async def test_help_lists_every_binding_and_closes() -> None:
    app = ReaderApp(KETTLES)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        descriptions = {row.description for row in app.screen.rows}
        for cls in (ReaderApp, ReaderScreen, ArticleView, SummaryList):
            for binding in cls.BINDINGS:
                # retry: only after a failure (test_hostile_pages); back and forward: only
                # with somewhere to go (test_open_and_recents)
                if binding.action in ("retry", "go_back", "go_forward"):
                    continue
                assert binding.description in descriptions, binding.description
        await pilot.press("escape")
        assert app.screen is app.reader_screen


async def test_every_binding_has_an_id_and_is_in_the_palette() -> None:
    app = ReaderApp(KETTLES)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        titles = set(palette_titles(app, screen))
        for cls in (ReaderApp, ReaderScreen, ArticleView, SummaryList):
            for binding in cls.BINDINGS:
                assert binding.id, binding
                assert binding.description, binding
                if binding.action not in ("quit", "command_palette", "retry", "go_back",
                                          "go_forward"):  # those: only when they can act
                    assert binding.description in titles or any(  # or a longer palette title
                        t.startswith(binding.description + ":") for t in titles), binding.description
        # a palette command runs its action
        command = next(c for c in app.get_system_commands(screen) if c.title == "Longer")
        before = len(screen.summary.sentences)
        await command.callback()
        await settle(pilot)
        assert len(screen.summary.sentences) == before + 1


async def test_page_text_is_never_markup(clipboard) -> None:
    text = ("[@click=app.quit]Click me[/] and [bold]bold[/bold].\n\n"
            "Escape \x1b]52;c;ZXZpbA==\x07 here. Bidi \u202eevil\u202c text.")
    article = Article(text=text, title="[b]Title[/b] [@click=app.quit]x[/]", byline="[i]me[/i]",
                      blocks=[Block("paragraph", 0, text.index("\n\n"))])
    app = ReaderApp(article=article, algorithm="lead", count=2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        assert "[b]Title[/b] [@click=app.quit]x[/]" in str(screen.header.render())
        view = screen.article_view
        rendered = "".join(segment.text for segment in view._render_line(0, 100))
        assert "[@click=app.quit]Click me[/]" in rendered
        shown = "".join(segment.text for y in range(len(view.layout_lines))
                        for segment in view._render_line(y, 100))
        assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown
        await pilot.click(view, offset=(view._margin + 3, 0))
        assert app.is_running
        await pilot.press("c")
        copied = clipboard["pyperclip"][-1]
        assert "\x1b" not in copied and "\u202e" not in copied


async def test_bundled_sample_opens_with_both_panes() -> None:
    if not sample_path().is_file():
        pytest.skip("sample not bundled yet")
    app = ReaderApp(str(sample_path()))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        assert screen.article is not None and screen.article.title
        assert len(screen.article_view.layout_lines) > 20
        assert screen.summary_panel.sentence_list.option_count >= 1


async def test_loading_shows_an_indicator_and_the_bytes_received() -> None:
    import threading
    release = threading.Event()

    class SlowLoad(Pipeline):
        def load(self, location, progress=None):
            if progress:
                progress(2048, 4096)
            release.wait(10)
            return super().load(location, progress)

    app = ReaderApp(KETTLES, pipeline=SlowLoad())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.reader_screen
        status = screen.query_one("#loading-status")
        for _ in range(100):  # the bar and the indicator come once loading takes a while
            await pilot.pause(0.05)
            bytes_shown = screen.query("#download-bytes")
            if bytes_shown and "2.0 KB" in str(bytes_shown.first().render()) and \
                    screen.query("LoadingIndicator"):
                break
        received = screen.query_one("#download-bytes")
        assert screen.has_class("-loading")
        assert screen.query_one("LoadingIndicator").display
        assert "kettles.html" in str(status.render())
        assert "2.0 KB of 4.0 KB" in str(received.render())
        assert screen.footer_hidden("copy_summary")  # offered once the article is there
        await pilot.press("question_mark")  # keys still work while loading
        assert app.screen is not screen
        await pilot.press("escape")
        release.set()
        await settle(pilot)
        assert screen.has_class("-ready") and screen.summary is not None


async def test_text_shows_before_sentences_are_found() -> None:
    import threading
    release = threading.Event()

    class SlowSentences(Pipeline):
        def sentences(self, article):
            release.wait(10)
            return super().sentences(article)

    app = ReaderApp(KETTLES, pipeline=SlowSentences())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.reader_screen
        for _ in range(100):
            await pilot.pause(0.05)
            if screen.article is not None and line_texts(screen.article_view):
                break  # the pane is laid out on the frame after the article arrives
        assert screen.has_class("-ready")
        assert any(line.startswith("A kettle is") for line in line_texts(screen.article_view))
        assert screen.summary is None and not screen.sentences
        release.set()
        await settle(pilot)
        assert screen.sentences and screen.summary is not None
        assert screen.article_view.cursor == 0


async def test_a_huge_article_shows_its_beginning_at_once() -> None:
    """The full layout of a huge text is built in a worker; a jump made meanwhile still lands."""
    text = "\n\n".join(f"Paragraph {i} says something. It has a second sentence."
                       for i in range(100_000))
    app = ReaderApp(article=Article(text=text, title="Huge"), algorithm="lead", count=3,
                    pipeline=_FastSentences())
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.reader_screen.article_view
        for _ in range(200):
            await pilot.pause(0.02)
            if view.article is not None and len(view.layout_lines):
                break
        assert line_texts(view)[0].startswith("Paragraph 0 says")
        target = text.index("Paragraph 90000 says")
        view.scroll_to_offset(target)
        await settle(pilot, rounds=6)
        assert view.layout_complete and len(view.layout_lines) >= 199_999
        assert view.layout_lines.line_for_offset(target) in _visible_lines(view)
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y
        assert line_texts(view)[-1].startswith("Paragraph 99999")
        view.jump_to_sentence(150_000)
        await pilot.pause()
        assert view.cursor == 150_000
        target = view.sentences[150_000].start
        assert view.layout_lines.line_for_offset(target) in _visible_lines(view)
        await pilot.resize_terminal(60, 30)  # a new width: laid out again in the background
        await settle(pilot)
        assert view.layout_complete and view.layout_lines.width < 78
        assert view.layout_lines.line_for_offset(target) in _visible_lines(view)


async def test_the_command_palette_runs_reader_actions() -> None:
    app = ReaderApp(KETTLES, count=2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await pilot.press("ctrl+p")
        await pilot.press(*"Longer")
        for _ in range(40):  # the palette searches asynchronously
            await pilot.pause(0.05)
            if "Longer" in str(app.screen.query_one("CommandList").get_option_at_index(0).prompt):
                break
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert len(screen.summary.sentences) == 3


async def test_palette_offers_every_algorithm_by_name() -> None:
    app = ReaderApp(HARBOUR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        from reader.core.summarize import algorithm_label
        titles = {t.removesuffix(" (active)") for t in palette_titles(app, screen)}
        for name in algorithm_names():
            assert f"Summary algorithm: {algorithm_label(name)}" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"algorithm: lexrank")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.summary.algorithm == "lexrank"


async def test_scrolling_keys() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.reader_screen.article_view
        assert app.focused is view and view.max_scroll_y > 10
        await pilot.press("j", "j", "j")
        assert view.scroll_y == 3
        await pilot.press("k")
        assert view.scroll_y == 2
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("space")
        page = view.scroll_y
        assert page >= view.scrollable_content_region.height - 2
        await pilot.press("b")
        assert view.scroll_y == 0


async def test_Y_copies_only_the_summary_sentences(copied: list[str]) -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await pilot.press("Y")
        assert copied[-1].splitlines() == [
            " ".join(s.text_in(screen.article.text).split()) for s in screen.summary.sentences]
        assert "The Lighthouse Keepers' Logbooks" not in copied[-1]  # c adds the title


async def test_q_quits() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_s_toggles_summary_marks_and_v_cycles_the_view() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        view, summary = screen.article_view, screen.summary_panel
        assert "summary" in view.highlight_names()
        await pilot.press("s")
        assert "summary" not in view.highlight_names()
        await pilot.press("plus")  # a new summary keeps the marks hidden
        await settle(pilot)
        assert "summary" not in view.highlight_names()
        await pilot.press("s")
        assert view._layers["summary"].spans == [(s.start, s.end)
                                                 for s in screen.summary.sentences]
        both_height = view.size.height
        await pilot.press("v")
        await pilot.pause()
        assert not summary.display and view.size.height > both_height
        await pilot.press("v")
        await pilot.pause()
        assert not view.display and summary.display
        assert isinstance(app.focused, SummaryList)
        assert summary.size.height > 15
        await pilot.press("v")
        await pilot.pause()
        assert view.display and summary.display and app.focused is view


async def test_enter_in_the_notes_editor_is_a_newline_not_a_link() -> None:
    app = ReaderApp(FIRST)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        view = screen.article_view
        view.set_cursor(view.sentence_at(view.article.links[0].start))
        await pilot.press("e")
        await settle(pilot)
        editor = screen.notes_panel.editor
        assert app.focused is editor
        await pilot.press("a", "enter", "b")
        await settle(pilot)
        assert screen.article.title == "The Lighthouse Keepers' Logbooks"  # no link followed
        assert editor.text.endswith("a\nb")


READINGS = str(Path(__file__).parent.parent / "fixtures" / "ui" / "readings.html")


async def test_x_reads_the_page_another_way_and_the_library_remembers() -> None:
    app = ReaderApp(READINGS)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await until(pilot, lambda: screen.article_id is not None)
        first = screen.article
        assert "grandfather" in first.text and len(first.candidates) >= 3
        screen.article_view.jump_to_sentence(0)
        await pilot.press("h")                     # a highlight to carry across
        await until(pilot, lambda: len(screen.highlights) == 1)
        # The candidates before trafilatura's all find the text shown: one x goes past them.
        names = [c.name for c in first.candidates]
        assert names.index("trafilatura") > 1
        await pilot.press("x")
        await settle(pilot)
        await until(pilot, lambda: screen.article.candidate == "trafilatura" and
                     screen.article_id is not None and screen.summary is not None)
        assert "grandfather" not in screen.article.text   # the letters are gone
        # the readings that show the same text as a better one are not counted: 2 of 2 here
        distinct = [c.name for c in first.candidates if c.same_as is None]
        assert len(distinct) == 2 and distinct[0] == first.candidate and distinct[1] == "trafilatura"
        place = f"{distinct.index('trafilatura') + 1} of {len(distinct)}"
        assert f"reading {place}: another reading of the page" in str(screen.header.render())
        assert all(s.end <= len(screen.article.text) for s in screen.summary.sentences)
        await until(pilot, lambda: len(screen.highlights) == 1 and screen.highlights[0].anchored)
        quote = screen.highlights[0].quote
        assert quote in screen.article.text
    app = ReaderApp(READINGS)                      # opened again: the chosen reading
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        assert screen.article.candidate == "trafilatura"
        assert "grandfather" not in screen.article.text
        assert f"reading {place}: another reading of the page" in str(screen.header.render())


async def test_x_where_every_reading_finds_the_same_text_says_so() -> None:
    app = ReaderApp(KETTLES)                   # four candidates, one text
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        first = screen.article
        assert len(first.candidates) > 1
        await pilot.press("x")
        await until(pilot, lambda: any("same text" in n for n in notifications(app)))
        assert screen.article is first and not any("another way" in n
                                                   for n in notifications(app))


async def test_x_on_a_page_with_one_reading_says_so() -> None:
    app = ReaderApp(article=Article(text="Just one paragraph of plain text to read.", title="T"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert any("only one reading" in n for n in notifications(app))


def _cursor_on_screen(view) -> bool:
    sentence = view.current_sentence
    start, end = view.visible_span()
    return sentence is not None and sentence.end > start and sentence.start < end


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_reading_cursor_is_on_screen_after_every_motion(size, copied) -> None:
    app = ReaderApp(HARBOUR)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        view = screen.article_view
        last = len(view.sentences) - 1
        await pilot.press("G")
        assert view.cursor == last and _cursor_on_screen(view)
        await pilot.press("g")                  # at once, not after an animation
        assert view.cursor == 0 and view.scroll_y == 0
        await pilot.press("y")
        assert copied[-1] == view.sentences[0].text_in(view.article.text)
        for keys in (["space"], ["space"], ["b"], ["j"] * 7, ["k"] * 12, ["end"], ["home"],
                     ["pagedown"], ["up"] * 3, ["down"] * 9):
            await pilot.press(*keys)
            assert _cursor_on_screen(view), keys
        await pilot.press("G", "k", "k")       # scrolling up from the end: the cursor stays
        assert _cursor_on_screen(view)
        for wheel in [events.MouseScrollUp] * 6 + [events.MouseScrollDown] * 4:  # the mouse
            view.post_message(wheel(view, 5, 5, 0, 0, 0, False, False, False))
            await pilot.pause()
            assert _cursor_on_screen(view)
        await pilot.press("tab", "G", "enter")  # a jump from the summary
        await pilot.pause()
        assert view.current_sentence == screen.summary.sentences[-1] and _cursor_on_screen(view)
        await pilot.press("shift+tab", "g", "slash", *"lifeboat", "enter")  # find
        await pilot.pause()
        assert "lifeboat" in view.current_sentence.text_in(view.article.text).lower()
        assert _cursor_on_screen(view)
        await pilot.press("h")
        await settle(pilot)
        [highlight] = screen.highlights
        assert view.current_sentence.start == highlight.start


async def test_the_summary_alone_keeps_a_readable_width_and_never_touches_a_border() -> None:
    app = ReaderApp(HARBOUR)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await pilot.press("v", "v")                      # the summary alone
        await pilot.pause()
        listing = screen.summary_panel.sentence_list
        assert screen.view_mode == "summary-only"
        assert listing.content_region.width <= 84 < screen.size.width // 2 + 10
        await pilot.press("v", "e")                      # both panes and the notes, at 120
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        notes = screen.notes_panel
        assert notes.display and listing.content_region.right < notes.region.x  # a blank cell


def test_start_up_imports_only_what_the_first_article_needs() -> None:
    """Help, the library, the open dialog, the link list, notes, exports, the browser and the
    store are imported when first used, never to show the first article (issue 12, item 14)."""
    import subprocess
    import sys
    code = ("import sys, reader.ui.app; print(' '.join(m for m in ("
            "'reader.ui.screens.help', 'reader.ui.screens.library', 'reader.ui.screens.open', "
            "'reader.ui.screens.links', 'reader.ui.widgets.notes', 'reader.core.export', "
            "'reader.ui.browser', 'reader.store', 'textual.widgets._text_area', "
            "'reader.core.summarize.salience') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert loaded == []


def test_the_header_leaves_out_whole_parts_when_the_line_is_too_long() -> None:
    from reader.core.models import Candidate
    from reader.ui.widgets.metadata_header import MetadataHeader

    article = Article(text="word " * 900, title="Two Clocks in a Tidal Harbour",
                      byline="Ada Penrose", site="The Harbour Gazette", published="2025-06-21",
                      candidates=[Candidate("model", "best guess", 0.9, 10),
                                  Candidate("rules", "the runner-up", 0.5, 10)],
                      candidate="rules")
    header = MetadataHeader()
    header.show_article(article, 29)
    full = header.details(200)
    assert full == ("Ada Penrose · The Harbour Gazette · 2025-06-21 · 4 min read · "
                    "29 sentences · reading 2 of 2: the runner-up")
    parts = full.split(" · ")
    for width in range(20, 120):
        shown = header.details(width)
        assert len(shown) <= width
        if not shown.endswith("…"):                         # whole parts, in their order
            kept = shown.split(" · ")
            assert kept == [p for p in parts if p in kept], width
            assert "4 min read" in kept and "reading 2 of 2: the runner-up" in kept, width
    assert header.details(84) == ("Ada Penrose · The Harbour Gazette · 4 min read · "
                                  "reading 2 of 2: the runner-up")
    assert header.details(66) == "Ada Penrose · 4 min read · reading 2 of 2: the runner-up"  # who, before where
    assert header.details(50) == "4 min read · reading 2 of 2: the runner-up"
    assert header.details(30) == "4 min read · reading 2 of 2…"  # then cut at a word


def test_the_warm_up_imports_everything_the_first_extraction_needs() -> None:
    """While Textual starts, a thread imports what extracting the first page imports (the
    classifier, numpy, trafilatura, htmldate...): the load worker then imports nothing, so the
    article is not held up behind them."""
    import subprocess
    import sys
    code = (
        "import sys, threading\n"
        "from reader.ui.app import ReaderApp\n"
        "app = ReaderApp(sys.argv[1])\n"
        "[t.join() for t in threading.enumerate() if t.name == 'reader-warm-up']\n"
        "before = set(sys.modules)\n"
        "from reader.core.extract import extract\n"
        "from reader.core.sources import load\n"
        "extract(load(sys.argv[1]))\n"
        "print(' '.join(sorted(m for m in set(sys.modules) - before if m.startswith(("
        "'reader', 'trafilatura', 'htmldate', 'numpy', 'lxml', 'readability', 'courlan')))))\n")
    late = subprocess.run([sys.executable, "-c", code, HARBOUR], capture_output=True,
                          text=True, check=True).stdout.split()
    assert late == []


def test_the_notice_on_cycling_readings_says_when_the_first_choice_is_back() -> None:
    from reader.core.models import Candidate
    from reader.ui.screens.reader.readings import reading_notice

    candidates = [Candidate("wide", "a fuller reading of the page", 0.9, 10),
                  Candidate("main", "the page's main section", 0.6, 10)]
    shown = Article(text="b", candidates=candidates, candidate="main")
    first = Article(text="a", candidates=candidates, candidate="wide")
    assert reading_notice(shown, first) == ("Back to the first reading (1 of 2): "
                                            "a fuller reading of the page, 1 word instead of 1.")
    longer = Article(text="word " * 1500, candidates=candidates, candidate="main")
    assert reading_notice(first, longer) == ("Reading the page another way (2 of 2): "
                                             "the page's main section, 1,500 words instead of 1.")
    alone = Article(text="a", candidates=candidates[:1], candidate="wide")
    assert reading_notice(alone, alone) == ("Back to the first reading: a fuller reading of "
                                            "the page, 1 word instead of 1.")


async def test_the_palette_finds_other_readings_by_the_words_a_reader_would_type() -> None:
    from textual.fuzzy import Matcher

    app = ReaderApp(KETTLES)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = palette_titles(app, app.reader_screen)
        for query in ("other reading", "extract", "extract again", "wrong part", "another way"):
            best = max(titles, key=Matcher(query).match)
            assert best.startswith("Other reading"), (query, best)


def test_the_header_says_when_the_extractor_doubts_its_first_choice() -> None:
    from reader.core.models import Candidate
    from reader.ui.widgets.metadata_header import MetadataHeader

    candidates = [Candidate("model", "a strict reading of the page", 0.3, 10),
                  Candidate("main", "the page's main section", 0.2, 10)]
    header = MetadataHeader()
    doubtful = Article(text="word " * 300, title="T", candidates=candidates, candidate="model",
                       confidence=0.3)
    header.show_article(doubtful, other_key="x")
    assert header.details(200).endswith("maybe not the article: x reads it another way")
    assert header.details(20) == "1 min read"                # the first part to go when narrow
    header.show_article(doubtful, other_key="ctrl+o")        # the key the user mapped
    assert "ctrl+o reads it another way" in header.details(200)
    header.show_article(Article(text="word " * 300, title="T", candidates=candidates,
                                candidate="model", confidence=0.9), other_key="x")
    assert "maybe" not in header.details(200)                # sure enough: nothing said
    header.show_article(Article(text="word " * 300, title="T", candidates=candidates,
                                candidate="main", confidence=0.2), other_key="x")
    assert "maybe" not in header.details(200)                # the reader chose this reading
    header.show_article(Article(text="Home News", title="T", candidates=candidates[:1],
                                candidate="model", confidence=0.01), other_key="x")
    assert header.details(200).endswith("maybe not the article")   # no other reading to offer


async def test_a_page_of_menus_alone_is_shown_with_the_doubt_said(tmp_path) -> None:
    page = tmp_path / "menus.html"
    page.write_text("<html><head><title>Harbour Gazette</title></head><body><nav>"
                    "<a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a>"
                    "</nav><footer>© Harbour Gazette</footer></body></html>")
    app = ReaderApp(str(page))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        await until(pilot, lambda: screen.article is not None)
        assert "maybe not the article" in str(screen.header.render())
        await until(pilot, lambda: screen.summary is not None)
        assert screen.summary.sentences == []
        listing = screen.summary_panel.sentence_list
        assert "nothing to summarise" in str(listing.get_option_at_index(0).prompt)
        assert not listing.offered("cursor_down")          # help lists no summary keys then
        for key in ("c", "Y"):                            # nothing copied, and said so
            await pilot.press(key)
            await pilot.pause()
            assert notifications(app)[-1] == ("There is no summary to copy: no sentence here "
                                              "reads as prose.")


def test_the_header_says_when_most_of_the_page_is_in_scripts() -> None:
    from reader.ui.widgets.metadata_header import MetadataHeader

    header = MetadataHeader()
    shell = Article(text="Loading the story now.", title="T", drawn_by_script=True, confidence=0.01)
    header.show_article(shell, other_key="x")
    assert header.details(78) == "1 min read · drawn by JavaScript: most of its text is not here"
    assert "maybe" not in header.details(200)               # the note says why it is short
    assert header.details(20) == "1 min read"               # it goes when the header is narrow
    header.show_article(Article(text="Loading the story now.", title="T"))
    assert "scripts" not in header.details(200)
