"""Summaries are prose: never code, captions, slideshow repeats or fragments, for every algorithm.

Each article asks for more sentences than it has, so any junk left among the candidates would
show up in the summary; a summary with too few prose sentences is shorter, never padded.
"""

from __future__ import annotations

import pytest

from reader.core.models import Article, Block
from reader.core.summarize import algorithm_names, summarize

PROSE = [
    "The eastern harbour wall collapsed on Tuesday after a week of storms and flooded the market.",
    "Engineers said the granite wall had been listed for repair since 2019 but never mended.",
    "Forty homes on Quay Street were evacuated while the water reached their first floors.",
    "Volunteers from the lifeboat station brought blankets and soup to the school hall.",
    "Fishermen fear the collapse will cost them the mackerel season that opens next week.",
    "The council promised emergency funding for a temporary barrier of rock-filled gabions.",
]
CODE = ('level = read_gauge("harbour")\n'
        'print("The harbour wall collapsed after the storms and flooded the market.")\n'
        'alert("Quay Street homes were evacuated while the water reached the first floors.")')
CAPTION = "The collapsed harbour wall and the flooded market on Quay Street after the storms."
SLIDE = "Click to enlarge the photographs of the harbour wall and the flooded market."
FRAGMENTS = ["Harbour wall.", "Photo 3 of 12", "Storm damage.", "Read the report."]


def article_from(parts: list[tuple[str, str]], title: str = "") -> Article:
    """An article made of (block kind, text) paragraphs, with the blocks extraction would give."""
    text = ""
    blocks = []
    for kind, part in parts:
        if text:
            text += "\n\n"
        blocks.append(Block(kind, len(text), len(text) + len(part)))  # type: ignore[arg-type]
        text += part
    return Article(text=text, title=title, blocks=blocks)


def hostile_article() -> Article:
    parts: list[tuple[str, str]] = [("paragraph", PROSE[0]), ("code", CODE), ("paragraph", PROSE[1])]
    for i, sentence in enumerate(PROSE[2:]):
        parts += [("caption", CAPTION) if i == 0 else ("paragraph", SLIDE),
                  ("paragraph", sentence + " " + FRAGMENTS[i])]
    parts.append(("paragraph", SLIDE))  # the slideshow line again, as every slide repeats it
    return article_from(parts, title="Harbour wall gives way")


@pytest.mark.parametrize("algorithm", algorithm_names())
def test_summary_holds_only_the_prose(algorithm: str) -> None:
    article = hostile_article()
    summary = summarize(article, algorithm=algorithm, count=20)
    chosen = [s.text_in(article.text) for s in summary.sentences]
    assert sorted(chosen) == sorted(PROSE), chosen


@pytest.mark.parametrize("algorithm", algorithm_names())
def test_fewer_prose_sentences_than_asked_gives_a_shorter_summary(algorithm: str) -> None:
    article = article_from([("paragraph", PROSE[0] + " " + FRAGMENTS[0]), ("caption", CAPTION),
                            ("code", CODE), ("paragraph", SLIDE), ("paragraph", PROSE[3]),
                            ("paragraph", SLIDE)])
    summary = summarize(article, algorithm=algorithm, count=5)
    assert [s.text_in(article.text) for s in summary.sentences] == [PROSE[0], PROSE[3]]


def test_same_text_in_another_case_or_spacing_is_a_repeat() -> None:
    article = article_from([("paragraph", PROSE[0]), ("paragraph", SLIDE),
                            ("paragraph", "  " + SLIDE.upper().replace(" ", "  ")),
                            ("paragraph", PROSE[1])])
    chosen = {s.text_in(article.text).strip() for s in summarize(article, count=4).sentences}
    assert chosen == {PROSE[0], PROSE[1]}


@pytest.mark.parametrize("algorithm", algorithm_names())
@pytest.mark.parametrize("where", ["before", "after", "twice"])
def test_a_pull_quote_leaves_the_body_sentence_it_repeats_in_the_summary(algorithm: str,
                                                                         where: str) -> None:
    quote = ("quote", PROSE[1])
    parts: list[tuple[str, str]] = [("paragraph", p) for p in PROSE]
    if where in ("before", "twice"):
        parts.insert(1, quote)
    if where in ("after", "twice"):
        parts.append(quote)
    article = article_from(parts)
    chosen = [s.text_in(article.text) for s in summarize(article, algorithm=algorithm, count=20).sentences]
    assert chosen.count(PROSE[1]) == 1 and sorted(chosen) == sorted(PROSE), chosen
    [body] = [b.start for b in article.blocks
              if b.kind == "paragraph" and article.text[b.start:b.end] == PROSE[1]]
    [kept] = [s for s in summarize(article, algorithm=algorithm, count=20).sentences
              if s.text_in(article.text) == PROSE[1]]
    assert kept.start == body                      # the body's copy, not the quote's


def test_a_quote_said_twice_with_no_body_copy_is_still_a_repeat() -> None:
    article = article_from([("paragraph", PROSE[0]), ("quote", SLIDE), ("paragraph", PROSE[1]),
                            ("quote", SLIDE)])
    chosen = {s.text_in(article.text) for s in summarize(article, count=4).sentences}
    assert chosen == {PROSE[0], PROSE[1]}


def test_only_junk_gives_an_empty_summary() -> None:
    article = article_from([("code", CODE), ("caption", CAPTION), ("paragraph", SLIDE),
                            ("paragraph", SLIDE), *[("paragraph", f) for f in FRAGMENTS]])
    for algorithm in algorithm_names():
        assert summarize(article, algorithm=algorithm).sentences == []


# a data table as the extractor writes one (cells apart with " | ", a row per line), and a
# two-column layout table whose cells are prose
TABLE = ("Company and ticker | Market value | Dividend yield | Industry\n"
         "Harbour Holdings (LSE:HBR) | $243.5 billion | 0.52% | Ports and shipping services\n"
         "Quay Street Cloud (NYSE:QSC) | $4.3 billion | 0.00% | Software and IT services for councils")
LAYOUT = ("The lifeboat crew rescued two anglers from the breakwater before the second wave struck. | "
          "Their boat was found the next morning two miles along the coast near the lighthouse.")


@pytest.mark.parametrize("algorithm", algorithm_names())
def test_table_cells_are_never_a_summary_sentence_but_prose_in_a_cell_is(algorithm: str) -> None:
    article = article_from([("paragraph", PROSE[0]), ("table", TABLE), ("paragraph", PROSE[1]),
                            ("table", LAYOUT), ("paragraph", PROSE[2])])
    chosen = [s.text_in(article.text) for s in summarize(article, algorithm=algorithm, count=20).sentences]
    assert not any("|" in c or "billion" in c for c in chosen), chosen
    assert set(PROSE[:3]) <= set(chosen)
    assert any(c.startswith("The lifeboat crew rescued") for c in chosen), chosen
