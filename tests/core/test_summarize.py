"""summarize(): names, lengths, offsets, duplicates, headings/boilerplate, empty input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.errors import SummaryError
from reader.core.models import Article, Block
from reader.core.segment import split_sentences
from reader.core.summarize import (DEFAULT_ALGORITHM, algorithm_names, default_count,
                                   summarize)

ALL = ["lead", "lexrank", "lsa", "luhn", "textrank", "sumbasic", "kl", "reduction", "edmundson"]


def _article(fixtures_dir: Path, name: str, **kw) -> Article:
    return Article(text=(fixtures_dir / "summary" / name).read_text(encoding="utf-8"), **kw)


def test_names_are_lower_case_and_complete() -> None:
    names = algorithm_names()
    assert names[0] == DEFAULT_ALGORITHM
    assert set(ALL) <= set(names)
    assert all(n == n.lower() for n in names)


@pytest.mark.parametrize("algorithm", ALL + ["salience"])
def test_every_algorithm_returns_exact_sentences_in_order(fixtures_dir: Path, algorithm: str) -> None:
    article = _article(fixtures_dir, "essay.txt", title="Why Small Tools Last")
    summary = summarize(article, algorithm=algorithm, count=3)
    assert summary.algorithm == algorithm
    assert len(summary.sentences) == 3 == len(summary.scores)
    assert summary.indices == sorted(summary.indices)
    all_sents = split_sentences(article.text)
    for s in summary.sentences:
        assert all_sents[s.index] == s
        assert s.text_in(article.text) == article.text[s.start:s.end]
    data = summary.to_json(article)
    for item in data["sentences"]:
        assert item["text"] == article.text[item["start"]:item["end"]]
    json.dumps(data)


def test_algorithm_names_are_case_insensitive(fixtures_dir: Path) -> None:
    article = _article(fixtures_dir, "essay.txt")
    assert summarize(article, algorithm="LexRank", count=2).algorithm == "lexrank"


def test_unknown_algorithm_is_a_clear_error(fixtures_dir: Path) -> None:
    with pytest.raises(SummaryError, match="Unknown summary algorithm 'nope'; choose one of: "):
        summarize(_article(fixtures_dir, "essay.txt"), algorithm="nope")


@pytest.mark.parametrize("kwargs", [{"count": 0}, {"count": -2}, {"ratio": 0.0}, {"ratio": 1.5},
                                    {"count": 2, "ratio": 0.5}])
def test_bad_lengths_are_clear_errors(fixtures_dir: Path, kwargs: dict) -> None:
    with pytest.raises(SummaryError):
        summarize(_article(fixtures_dir, "essay.txt"), **kwargs)


def test_empty_article_gives_empty_summary() -> None:
    for text in ("", "   \n\n  "):
        for name in algorithm_names():
            summary = summarize(Article(text=text), algorithm=name)
            assert summary.sentences == [] and summary.scores == []


def test_ratio_and_default_length(fixtures_dir: Path) -> None:
    article = _article(fixtures_dir, "essay.txt")
    n = len(split_sentences(article.text))
    assert len(summarize(article, ratio=0.5).sentences) == round(n * 0.5)
    assert len(summarize(article, ratio=0.01).sentences) == 1
    assert len(summarize(article).sentences) == default_count(n - 1)  # the heading is never chosen
    assert len(summarize(article, count=999).sentences) == n - 1


def test_default_count_grows_slowly() -> None:
    assert default_count(0) == 0
    assert default_count(2) == 2
    assert default_count(20) == 3
    assert default_count(1000) == 10
    assert default_count(10**6) == 12
    counts = [default_count(n) for n in range(1, 5000, 37)]
    assert counts == sorted(counts)


def test_near_duplicates_never_both_chosen() -> None:
    text = ("The river flooded the old town after three days of rain. "
            "Officials opened the shelters at the school. "
            "Officials opened the shelters at the school today. "
            "Volunteers carried food and blankets to the families in the hall.")
    for name in algorithm_names():
        summary = summarize(Article(text=text), algorithm=name, count=4)
        chosen = [s.text_in(text) for s in summary.sentences]
        shelters = [t for t in chosen if t.startswith("Officials")]
        assert len(shelters) == 1 and len(chosen) == 3, (name, chosen)


def test_headings_captions_and_boilerplate_never_chosen() -> None:
    parts = ["Flood hits the old town", "By Jane Doe",
             "The river flooded the old town after three days of rain.",
             "Photo: the river flooding the old town after rain",
             "The river rose two metres and the old town flooded within hours of the rain.",
             "Follow us on Twitter for more news about the river and the old town.",
             "Officials said the river would fall again by the weekend."]
    text = "\n\n".join(parts)
    blocks = []
    for part, kind in zip(parts, ["heading", "paragraph", "paragraph", "caption", "paragraph",
                                  "paragraph", "paragraph"]):
        start = text.index(part)
        blocks.append(Block(kind, start, start + len(part)))
    article = Article(text=text, title="Flood hits the old town", byline="Jane Doe", blocks=blocks)
    banned = {parts[0], parts[1], parts[3], parts[5]}
    for name in algorithm_names():
        summary = summarize(article, algorithm=name, count=5)
        got = {s.text_in(text) for s in summary.sentences}
        assert got and not (got & banned), name
        assert len(got) == 3


def test_unknown_language_and_cjk_still_summarised() -> None:
    cjk = "今天天气很好。我们去公园散步吧！公园里有很多人。人们都在散步和聊天。天气真好。"
    other = "Lorem ipsum dolor sit amet. Consectetur adipiscing elit sed do. Eiusmod tempor incididunt ut labore."
    for text, lang in ((cjk, None), (cjk, "zh-CN"), (other, "xx"), (other, None)):
        for name in algorithm_names():
            summary = summarize(Article(text=text, lang=lang), algorithm=name, count=2)
            assert len(summary.sentences) == 2
            assert all(s.text_in(text) for s in summary.sentences)


def test_given_sentences_are_used(fixtures_dir: Path) -> None:
    article = _article(fixtures_dir, "forum.txt")
    sentences = split_sentences(article.text)[:6]
    summary = summarize(article, count=3, sentences=sentences)
    assert {s.index for s in summary.sentences} <= {s.index for s in sentences}


def test_forum_thread_summary_reaches_the_answer(fixtures_dir: Path) -> None:
    """In a thread the lead is only the question: the fix must make the summary."""
    article = _article(fixtures_dir, "forum.txt")
    texts = [s.text_in(article.text) for s in summarize(article, count=3).sentences]
    assert any("BIOS" in t for t in texts)
    assert not any(t.startswith(("Reply from", "Posted by")) for t in texts)


def test_essay_summary_is_not_just_the_opening(fixtures_dir: Path) -> None:
    article = _article(fixtures_dir, "essay.txt")
    summary = summarize(article, count=3)
    paragraphs = {s.paragraph for s in summary.sentences}
    assert len(paragraphs) >= 2 and max(paragraphs) >= 3


def test_news_keeps_its_lead(shared_dir: Path) -> None:
    """On news the default starts where the story starts (first two sentences, mostly)."""
    paths = sorted((shared_dir / "eval" / "summaries" / "cnndm").glob("*.article.txt"))[:20]
    starts = 0
    for path in paths:
        summary = summarize(Article(text=path.read_text(encoding="utf-8")), count=3)
        starts += summary.indices[0] <= 1
    assert starts >= 16


@pytest.mark.parametrize("dataset", ["cnndm", "xsum"])
def test_offsets_exact_for_every_algorithm_on_dev_articles(shared_dir: Path, dataset: str) -> None:
    paths = sorted((shared_dir / "eval" / "summaries" / dataset).glob("*.article.txt"))[:5]
    for path in paths:
        article = Article(text=path.read_text(encoding="utf-8"))
        for name in algorithm_names():
            data = summarize(article, algorithm=name, count=4).to_json(article)
            assert len(data["sentences"]) == 4
            for item in data["sentences"]:
                assert item["text"] == article.text[item["start"]:item["end"]] != ""


def test_summarizing_never_imports_sumy_nltk_or_textual(tmp_path: Path) -> None:
    """sumy's summarizers import NLTK (a second of start-up); only its stop-word files are read."""
    import subprocess
    import sys

    code = ("import sys\nfrom reader.core.models import Article\nfrom reader.core.summarize import summarize, algorithm_names\n"
            "a = Article(text='The river rose. The town flooded after rain. Officials opened shelters. ' * 3)\n"
            "for n in algorithm_names(): summarize(a, algorithm=n, count=2)\n"
            "bad = [m for m in ('sumy.summarizers', 'sumy.nlp', 'nltk', 'textual') if m in sys.modules]\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
