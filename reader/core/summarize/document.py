"""The article as the algorithms see it: candidate sentences, headings, words, language.

Every algorithm (ours and sumy's) ranks the same candidate list, so results are comparable and
the UI can always link a summary sentence to its place. Sentences inside heading blocks (and
short stand-alone lines) become *headings*: never chosen, Edmundson's title method reads them.
Only prose is a candidate; these are dropped before ranking, so no algorithm can pick them and
a summary is shorter rather than padded with them:

- sentences inside code or caption blocks;
- table cells read as a sentence: in a table block, a "sentence" that crosses a cell or a row
  (a header row run into the rows under it, a whole price table) or has no sentence end is
  data, not prose; a sentence of prose inside one cell (a layout table) stays;
- a sentence whose text occurs more than once in the article (slideshow captions, "Click to
  enlarge", repeated pull quotes and credits: furniture, not the argument);
- fragments: fewer than MIN_WORDS words, numbers included, or fewer than MIN_WORDS - 1 words
  of letters ("Read more.", "Step one.", "Photo 3 of 12", "Nov. 19, 2019.");
- bylines, date stamps, share prompts and other boilerplate lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reader.core import lang as langs
from reader.core.models import Article, Sentence
from reader.core.segment import words as tokenize

_HEADING_KINDS = frozenset({"heading"})
_SKIPPED_KINDS = frozenset({"code", "caption"})
_TABLE_KINDS = frozenset({"table"})
_QUOTE_KINDS = frozenset({"quote"})
MIN_WORDS = 4  # shorter sentences are fragments, never summary sentences
_BOILERPLATE = re.compile(
    r"""^\W*(?:
        by\s+[.\s]*{name}(?:\s*(?:,|\||and|&)\s*{name})*\s*(?:[,|\-–—]\s*(?-i:[A-Z])[\w'’ ]{0,40})?\W*$   # By Jane Doe
      | (?:published|updated|last\s+updated|posted)\s*[:|].{0,80}$
      | (?:follow|like)\s+(?:us|me|@).{0,80}$
      | (?:click|tap)\s+here\b.{0,80}$
      | (?:read|see)\s+(?:more|also|next)\b.{0,80}$
      | share\s+(?:this|on)\b.{0,60}$
      | (?:sign\s+up|subscribe)\b.{0,80}(?:newsletter|email|free|today|now).{0,40}$
      | advertisement\W*$
      | (?:image|photo|picture|video)\s+(?:copyright|caption|source|credit)\b.{0,120}$
      | (?:all\s+rights\s+reserved|copyright\s+©?|©).{0,80}$
      | related\s+(?:articles|stories|topics)\W*$
      | (?:comments?|reply|permalink|report)\W*$
    )""".replace("{name}", r"(?-i:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"),
    re.IGNORECASE | re.VERBOSE,
)
_FINAL = set(".!?…。！？．\"'”’)»")
_EMAIL_OR_URL_ONLY = re.compile(r"^\W*(?:\S+@\S+\.\w+|https?://\S+|www\.\S+)\W*$", re.IGNORECASE)


@dataclass
class Doc:
    """Candidates (may be chosen) and headings, with the words each algorithm starts from."""

    text: str
    sentences: list[Sentence]           # every sentence of the article
    candidates: list[int]               # indices into `sentences` of rankable sentences
    words: list[list[str]]              # raw word tokens of each candidate
    headings: list[str]                 # heading texts (title first), never chosen
    heading_words: list[list[str]]
    groups: list[int]                   # paragraph group of each candidate (headings join the next)
    heading_groups: list[int]
    lang: str | None
    stop: frozenset[str]
    stem: Callable[[str], str]
    title: str = ""
    _cache: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        return len(self.candidates)

    def text_of(self, k: int) -> str:
        """Text of candidate k."""
        return self.sentences[self.candidates[k]].text_in(self.text)


def _fragment(tokens: list[str]) -> bool:
    """Too few words to say anything on its own (numbers count, but not as the only words)."""
    if len(tokens) < MIN_WORDS:
        return True
    return sum(1 for t in tokens if not t[:1].isdigit()) < MIN_WORDS - 1


def _key(sentence_text: str) -> str:
    """What makes two sentences "the same text": case and spacing aside."""
    return " ".join(sentence_text.split()).casefold()


def is_boilerplate(sentence_text: str, byline: str | None = None) -> bool:
    """Byline, date stamps, share/follow prompts, credits: never summary sentences."""
    line = " ".join(sentence_text.split())
    if not line:
        return True
    if byline and line.strip(" .|-–—").lower() in {byline.strip().lower(), ("by " + byline.strip()).lower()}:
        return True
    if len(line) > 200:
        return False
    return bool(_BOILERPLATE.match(line) or _EMAIL_OR_URL_ONLY.match(line))


def _heading_like(sentences: list[Sentence], text: str) -> list[bool]:
    """A whole paragraph that is one short line without final punctuation reads as a heading.

    Plain-text articles have no blocks, so their headings are recognised this way.
    """
    flags = [False] * len(sentences)
    for i, s in enumerate(sentences):
        alone = (i == 0 or sentences[i - 1].paragraph != s.paragraph) and \
                (i + 1 == len(sentences) or sentences[i + 1].paragraph != s.paragraph)
        if not alone:
            continue
        body = s.text_in(text)
        if "\n" not in body and len(body.split()) <= 12 and body.rstrip()[-1:] not in _FINAL:
            flags[i] = True
    return flags


def _table_cells(body: str) -> bool:
    """Whether a sentence inside a table is its cells rather than prose within one cell (the
    extractor writes a table's cells apart with " | " and its rows on lines of their own)."""
    body = body.strip()
    return "|" in body or "\n" in body or body[-1:] not in _FINAL


def _in_blocks(sentences: list[Sentence], article: Article, kinds: frozenset[str]) -> list[bool]:
    """Whether each sentence lies (mostly) inside a block of one of `kinds` (by offsets)."""
    spans = sorted((b.start, b.end) for b in article.blocks if b.kind in kinds)
    flags = [False] * len(sentences)
    if not spans:
        return flags
    j = 0
    for i, s in enumerate(sentences):
        while j < len(spans) and spans[j][1] <= s.start:
            j += 1
        k = j
        while k < len(spans) and spans[k][0] < s.end:
            a, b = spans[k]
            overlap = min(b, s.end) - max(a, s.start)
            if overlap > 0 and overlap >= 0.5 * (s.end - s.start):
                flags[i] = True
                break
            k += 1
    return flags


def build(article: Article, sentences: list[Sentence] | None = None, max_sentences: int | None = None,
          *, headings_by_shape: bool = True) -> Doc:
    """Prepare `article` for ranking (sentences are split here unless given).

    When every sentence looks like a heading (a list of titles, say), the shape rule is
    dropped so there is still something to summarise.
    """
    from reader.core.segment import split_sentences

    text = article.text or ""
    code = langs.detect(text, article.lang)
    if sentences is None:
        sentences = split_sentences(text, code)
    shaped = _heading_like(sentences, text) if headings_by_shape else [False] * len(sentences)
    heading_flags = [a or b for a, b in zip(_in_blocks(sentences, article, _HEADING_KINDS), shaped)]
    skipped = _in_blocks(sentences, article, _SKIPPED_KINDS)
    in_table = _in_blocks(sentences, article, _TABLE_KINDS)
    keys = [_key(s.text_in(text)) for s in sentences]
    # A sentence said more than once is page furniture (a slideshow's "click to enlarge", a
    # caption every slide repeats) and is never chosen; a pull quote is the exception: its
    # copy in a quote block repeats the body, so the body's copy counts alone.
    quoted = _in_blocks(sentences, article, _QUOTE_KINDS)
    outside = Counter(k for k, q in zip(keys, quoted) if not q)
    inside = Counter(k for k, q in zip(keys, quoted) if q)
    repeated = [outside[k] > 0 or inside[k] > 1 if q else outside[k] > 1
                for k, q in zip(keys, quoted)]
    candidates: list[int] = []
    words: list[list[str]] = []
    groups: list[int] = []
    headings: list[str] = []
    heading_words: list[list[str]] = []
    heading_groups: list[int] = []
    title = " ".join((article.title or "").split())
    if title:
        headings.append(title)
        heading_words.append(tokenize(title))
        heading_groups.append(0)
    group = 0
    last_para: int | None = None
    pending_heading = False
    for i, s in enumerate(sentences):
        if last_para is not None and s.paragraph != last_para and not pending_heading:
            group += 1
        last_para = s.paragraph
        body = s.text_in(text)
        if heading_flags[i]:
            headings.append(" ".join(body.split()))
            heading_words.append(tokenize(body))
            heading_groups.append(group)
            pending_heading = True  # the heading belongs to the paragraph that follows
            continue
        pending_heading = False
        if skipped[i] or repeated[i] or in_table[i] and _table_cells(body):
            continue
        if is_boilerplate(body, article.byline) or (title and " ".join(body.split()) == title):
            continue
        if max_sentences is not None and len(candidates) >= max_sentences:
            continue
        toks = tokenize(body)
        if _fragment(toks):
            continue
        candidates.append(i)
        words.append(toks)
        groups.append(group)
    if not candidates and headings_by_shape and any(shaped):
        return build(article, sentences, max_sentences, headings_by_shape=False)
    # Renumber groups densely so the first group holding a candidate is 0.
    used = sorted(set(groups) | set(heading_groups))
    remap = {g: n for n, g in enumerate(used)}
    return Doc(
        text=text, sentences=sentences, candidates=candidates, words=words,
        headings=headings, heading_words=heading_words,
        groups=[remap[g] for g in groups], heading_groups=[remap[g] for g in heading_groups],
        lang=code, stop=langs.stop_words(code), stem=langs.stemmer(code), title=title,
    )
