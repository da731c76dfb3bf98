"""`Article.to_full_json` is everything in the article as plain data, and reads back whole."""

from dataclasses import asdict

from reader.core.models import Article, Block, Candidate, Link


def _article() -> Article:
    return Article(text="Title\n\nA paragraph with a link.", title="Title", byline="Ann",
                   published="2024-01-02", site="example.org", lang="en",
                   url="https://example.org/a", canonical_url="https://example.org/a",
                   location="https://example.org/a?x=1",
                   blocks=[Block("heading", 0, 5, 1), Block("paragraph", 7, 32)],
                   links=[Link("a link", "https://example.org/b", 20, 26)],
                   confidence=0.8, truncated=True, candidate="main",
                   candidates=[Candidate("main", "The main part", 0.8, 25),
                               Candidate("page", "The whole page", 0.2, 90)])


def test_full_json_holds_every_field_as_asdict_does() -> None:
    article = _article()
    assert article.to_full_json() == asdict(article)
    assert list(article.to_full_json()) == list(asdict(article))        # same order too


def test_full_json_reads_back_whole_and_shares_no_list() -> None:
    article = _article()
    data = article.to_full_json()
    assert Article.from_json(data) == article
    data["blocks"].clear()
    data["links"][0]["url"] = "https://elsewhere.example/"
    assert len(article.blocks) == 2 and article.links[0].url == "https://example.org/b"
