"""The default (salience): title/lead anchor, news-likeness test, degenerate inputs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reader.core.models import Article
from reader.core.summarize import salience as sal
from reader.core.summarize import summarize
from reader.core.summarize.document import build

NOTES = "\n\n".join([
    "This note collects what changed in the pottery studio during the workshop week.",
    "The studio now uses a new pottery glaze recipe with less cobalt, fired at a lower heat.",
    "The studio kiln schedule moved to early mornings so the pottery stays cool in the summer.",
    "Visitors to the studio asked about evening pottery classes for beginners.",
    "The studio shelves by the door now hold finished pottery waiting for collection.",
    "A second wheel arrived in the studio, so two people can throw pottery on busy days.",
])


def _summary(title: str) -> str:
    article = Article(text=NOTES, title=title)
    return " ".join(s.text_in(NOTES) for s in summarize(article, count=2).sentences)


def test_title_pulls_the_summary_towards_its_subject() -> None:
    glaze = _summary("A glaze recipe with less cobalt")
    kiln = _summary("Kiln schedule moved to early mornings")
    assert "glaze" in glaze and "kiln" not in glaze
    assert "kiln" in kiln and "glaze" not in kiln


def test_anchor_can_be_switched_off_and_ignores_the_opening_itself() -> None:
    doc = build(Article(text=NOTES, title="A glaze recipe with less cobalt"))
    Wn, idf = sal.tfidf(doc)
    sim = sal.anchor_similarity(doc, Wn, idf)
    assert sim[0] == 0.0 and sim.argmax() == 1 and (sim >= 0).all() and (sim <= 1).all()
    off = sal.base_scores(doc, 1, Wn, idf, replace(sal.DEFAULT, anchor=0.0))
    on = sal.base_scores(doc, 1, Wn, idf)
    assert on[1] / off[1] > on[3] / off[3] >= 1.0


def test_news_test_knows_reporting_without_said(fixtures_dir: Path) -> None:
    """A match report or feature has ages, honorifics, attribution verbs, even with no 'said'."""
    text = " ".join([
        "The 24-year-old scored twice before half-time as the hosts took control.",
        "Mr Jones added a third from the penalty spot after a foul on the winger.",
        "The visitors pulled one back late on but the home side held on to win.",
        "The result lifts the club to fourth in the table with four games left.",
        "Their manager admitted the second half had been far from comfortable.",
        "The two sides meet again in the cup semi-final in April.",
    ])
    doc = build(Article(text=text))
    assert sal.news_weight(doc) == 1.0
    assert sal.news_weight(doc, replace(sal.DEFAULT, wide_news=False)) == sal.DEFAULT.min_news_weight
    for name in ("forum.txt", "essay.txt"):
        other = build(Article(text=(fixtures_dir / "summary" / name).read_text(encoding="utf-8")))
        assert sal.news_weight(other) == sal.DEFAULT.min_news_weight, name


def test_degenerate_inputs_never_fail() -> None:
    """Fragments give no summary; stop-word-only sentences (empty vectors) still rank."""
    for text, title, expected in (("It is. It was. It is so.", "It", 0),
                                  ("One sentence only here.", "", 1),
                                  ("The the the the. A a a a. Of of of of.", "the of", 2)):
        summary = summarize(Article(text=text, title=title), count=2)
        assert len(summary.sentences) == expected, text
        assert all(s.text_in(text) for s in summary.sentences)
