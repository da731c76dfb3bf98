"""Dataclasses that flow through the pipeline; plain data so every layer can share them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
import math
from operator import attrgetter
from typing import Any, Literal

from reader.core.errors import SummaryError

BlockKind = Literal["heading", "paragraph", "list-item", "quote", "code", "caption", "table"]


@dataclass(slots=True)
class Page:
    """What `load` read: raw bytes plus everything known about how to decode them."""

    location: str
    body: bytes
    media_type: str = "text/html"
    final_url: str | None = None
    charset: str | None = None  # from the HTTP header or the container, if any
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    truncated: bool = False


@dataclass(slots=True)
class Block:
    """One structural block of `Article.text`, by character offsets."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0  # heading level (1-6) or list depth


@dataclass(slots=True)
class Link:
    """A link found in the article body; offsets point at its text in `Article.text` if known."""

    text: str
    url: str
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Candidate:
    """One way of reading the page: the extractor's choice, a runner-up, `<main>`, the page.

    `name` is stable (a library may store it and ask for it again); `label` is for people;
    `confidence` is how likely it is the article (0-1); `chars` its text length; `same_as`
    names the better-ranked candidate that shows the same words, or all but a few of them
    (`classify.NEAR_WORDS`: cycling readings skips it), None when this reading is distinct.
    """

    name: str
    label: str
    confidence: float
    chars: int
    same_as: str | None = None


@dataclass(slots=True)
class Article:
    """The readable article: text with paragraphs separated by one blank line, and metadata."""

    text: str
    title: str = ""
    byline: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    site: str | None = None
    lang: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    location: str = ""
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    confidence: float = 1.0
    truncated: bool = False
    candidate: str | None = None  # name of the candidate shown (None: the only reading)
    candidates: list[Candidate] = field(default_factory=list)  # ranked, the shown one included
    drawn_by_script: bool = False  # most of the page's prose is in scripts reader does not run

    def to_json(self) -> dict[str, Any]:
        """The `reader extract --json` object (DESIGN.md contract)."""
        return {
            "location": self.location,
            "url": self.url,
            "title": self.title,
            "byline": self.byline,
            "published": self.published,
            "site": self.site,
            "lang": self.lang,
            "canonical_url": self.canonical_url,
            "text": self.text,
            "confidence": round(self.confidence, 3),
            "truncated": self.truncated,
            "drawn_by_script": self.drawn_by_script,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Article":
        blocks = [Block(**b) for b in data.get("blocks", [])]
        links = [Link(**link) for link in data.get("links", [])]
        candidates = [Candidate(**c) for c in data.get("candidates", [])]
        known = {k: data[k] for k in (
            "text", "title", "byline", "published", "site", "lang", "url", "canonical_url",
            "location", "confidence", "truncated", "candidate", "drawn_by_script") if k in data}
        return cls(**known, blocks=blocks, links=links, candidates=candidates)

    def to_full_json(self) -> dict[str, Any]:
        """Everything, blocks and links included (used by the store and JSON export): what
        `asdict` gives, built field by field because `asdict` deep-copies every value and was
        half the time of a JSON export of the library."""
        data = {name: getattr(self, name) for name in _field_names(Article)}
        for name in ("blocks", "links", "candidates"):
            data[name] = _flat_all(data[name])
        return data


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _flat_all(items: list[Any]) -> list[dict[str, Any]]:
    """`_flat` of each item, the attributes of a run of one type read by one attrgetter (an
    article has hundreds of blocks: this was a tenth of a JSON export of the library)."""
    out: list[dict[str, Any]] = []
    kind: type | None = None
    names: tuple[str, ...] = ()
    get: Any = None
    for item in items:
        if type(item) is not kind:
            kind = type(item)
            names = _field_names(kind)
            get = attrgetter(*names) if len(names) > 1 else None
        if get is None:
            out.append(_flat(item))
        else:
            out.append(dict(zip(names, get(item))))
    return out


def _flat(item: Any) -> dict[str, Any]:
    """A dataclass of plain values (a Block, Link or Candidate) as a dict."""
    return {name: getattr(item, name) for name in _field_names(type(item))}


@dataclass(slots=True, frozen=True)
class Sentence:
    """A sentence of `Article.text`: `text[start:end]` is exactly its text."""

    index: int
    start: int
    end: int
    paragraph: int = 0

    def text_in(self, text: str) -> str:
        return text[self.start:self.end]


MAX_DEFAULT = 12  # sentences an adaptive summary never exceeds


def default_count(n_sentences: int) -> int:
    """Summary length that grows slowly with the article: 3 at 20 sentences, 10 at 1,000, at most 12."""
    if n_sentences <= 0:
        return 0
    if n_sentences <= 3:
        return n_sentences
    guess = round(1.2 * math.log2(n_sentences) - 2)
    return int(min(n_sentences, MAX_DEFAULT, max(2, guess)))


# How long a summary should be: a number of sentences, a fraction of the article, or adaptive.
# One value object, validated once where it is made (the CLI's `-n`/`--ratio`, the config's
# `[summary] length`/`ratio`, the app's `+`/`-`), and resolved against an article's sentence
# count by one rule, so every caller gets the same length for the same article.
@dataclass(frozen=True, slots=True)
class SummaryLength:
    """`count` sentences, or `ratio` of the sentences, or neither: grows slowly with the text."""

    count: int | None = None
    ratio: float | None = None

    def __post_init__(self) -> None:
        if self.count is not None and self.ratio is not None:
            raise SummaryError("Give either a number of sentences or a ratio, not both.")
        if self.count is not None and (isinstance(self.count, bool)
                                       or not isinstance(self.count, int) or self.count < 1):
            raise SummaryError("The number of summary sentences must be a whole number of at "
                               "least 1.")
        if self.ratio is not None and (isinstance(self.ratio, bool)
                                       or not isinstance(self.ratio, (int, float))
                                       or not 0 < self.ratio <= 1):
            raise SummaryError("The summary ratio must be greater than 0 and at most 1.")

    @property
    def adaptive(self) -> bool:
        return self.count is None and self.ratio is None

    def sentences_for(self, available: int) -> int:
        """How many of `available` candidate sentences to choose (0 only when there are none)."""
        if available <= 0:
            return 0
        if self.count is not None:
            return min(self.count, available)
        if self.ratio is not None:
            return min(available, max(1, round(self.ratio * available)))
        return default_count(available)

    def describe(self) -> str:
        if self.count is not None:
            return f"{self.count} sentence" + ("" if self.count == 1 else "s")
        if self.ratio is not None:
            return f"{self.ratio:g} of the sentences"
        return "adaptive"



ADAPTIVE = SummaryLength()


@dataclass(slots=True)
class Summary:
    """Chosen sentences in document order, each with its score, and the length asked for."""

    algorithm: str
    sentences: list[Sentence]
    scores: list[float]
    length: SummaryLength | None = None

    @property
    def indices(self) -> list[int]:
        return [s.index for s in self.sentences]

    def to_json(self, article: Article) -> dict[str, Any]:
        """The `reader summary --json` object (DESIGN.md contract)."""
        return {
            "location": article.location,
            "title": article.title,
            "algorithm": self.algorithm,
            "sentences": [
                {"index": s.index, "text": s.text_in(article.text), "start": s.start,
                 "end": s.end, "score": round(float(score), 6)}
                for s, score in zip(self.sentences, self.scores)
            ],
            "drawn_by_script": article.drawn_by_script,
        }


@dataclass(slots=True)
class Note:
    """The one Markdown note of an article."""

    article_id: int
    body: str
    created: str
    updated: str
    id: int | None = None


@dataclass(slots=True)
class Highlight:
    """A highlighted span with its quote and context, so it can be re-anchored after re-extraction."""

    article_id: int
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    created: str = ""
    anchored: bool = True
    id: int | None = None
