"""Offline sentence splitting with exact character offsets into `Article.text`.

Boundaries inside a line come from `reader.core.sentence_rules` (titles, acronyms, initials,
decimals, quotes, ellipses, URLs), chosen over syntok's segmenter by measurement
(bench/sentences.py: equal or better boundary F1 on the reference summaries' own sentence
lines and on our tricky cases, and about 15x faster, which matters on 3,000-sentence pages);
syntok stays available as `engine="syntok"`. Either way only offsets are used, so a
sentence's text is always `text[start:end]`. Around it: paragraphs are blank-line separated,
list items and short heading-like lines end a sentence even without punctuation, and CJK
sentences end at 。！？.

`Tokenizer` is the object sumy expects (`to_sentences`/`to_words`), so sumy never reaches for
its NLTK tokenizer, which downloads data at run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader.core.models import Sentence
from reader.core.scripts import CJK_CHAR as _CJK_CHAR
from reader.core.scripts import CJK_RUN as _CJK_RUN

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*•·▪◦‣–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])[ \t]+\S")
_TERMINAL = ".!?:;…。！？．\"'”’)]»"
# A CJK sentence ends at 。！？ (full or half width), plus any closing quotes/brackets.
_CJK_END = re.compile(r"[。！？!?．][」』”’\"'）)】〕》〉]*")
_WORD = re.compile(r"[^\W\d_](?:[\w]|['’][^\W\d_])*|\d+(?:[.,]\d+)*", re.UNICODE)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each blank-line separated paragraph, whitespace trimmed, empty ones dropped."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        out.append((start + lead, start + lead + len(stripped)))
    return out


def _line_units(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a paragraph at line breaks that end a sentence without punctuation.

    A break counts when the next line is a list item, or when the line before it is short
    and unpunctuated (a heading or label) and the next line starts a new sentence. Hard-wrapped
    prose (long lines, or lines continuing in lower case) stays together.
    """
    lines: list[tuple[int, int]] = []
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        if nl < 0:
            lines.append((pos, end))
            break
        lines.append((pos, nl))
        pos = nl + 1
    if len(lines) == 1:
        yield start, end
        return
    unit_start = lines[0][0]
    for (a, b), (c, d) in zip(lines, lines[1:]):
        prev = text[a:b].strip()
        nxt = text[c:d]
        nxt_stripped = nxt.lstrip()
        split = False
        if _LIST_MARKER.match(nxt):
            split = True
        elif prev and prev[-1] not in _TERMINAL and len(prev) <= 60 and nxt_stripped[:1].isupper() \
                and len(text[c:d].strip()) > 0 and _looks_like_label(prev, text[c:d].strip()):
            split = True
        if split:
            yield unit_start, b
            unit_start = c
    yield unit_start, lines[-1][1]


def _looks_like_label(prev: str, nxt: str) -> bool:
    """A short unpunctuated line followed by a line that starts a sentence is a heading/label."""
    words = prev.split()
    return len(words) <= 10 and not (len(nxt) > 0 and len(prev) > 0.8 * max(len(nxt), 1) and len(words) > 6)


def _syntok_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    global _TOKENIZER
    from syntok.segmenter import segment

    if _TOKENIZER is None:
        from syntok.tokenizer import Tokenizer as SyntokTokenizer
        _TOKENIZER = SyntokTokenizer(replace_not_contraction=False)

    chunk = text[start:end]
    # Offsets are added here: syntok's own base_offset pads the text with that many spaces,
    # which makes splitting a long article quadratic.
    tokens = _TOKENIZER.tokenize(chunk)
    prev_end: int | None = None
    for sent in segment(tokens):
        if not sent:
            continue
        s = start + sent[0].offset
        last = sent[-1]
        e = start + last.offset + len(last.value)
        if text[start + last.offset:e] != last.value:  # syntok rewrote a token: use the gap
            e = start + last.offset + 1
            while e < end and not text[e].isspace():
                e += 1
        if prev_end is not None and s < prev_end:
            s = prev_end
        while s < e and text[s].isspace():  # token offsets can sit on a line break
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e
            prev_end = e


_TOKENIZER = None  # syntok's tokenizer holds no per-call state, so one instance serves all


def _cjk_split(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split CJK runs at full-stop punctuation; a span without CJK passes unchanged."""
    if not _CJK_CHAR.search(text, start, end):
        yield start, end
        return
    pos = start
    for m in _CJK_END.finditer(text, start, end):
        # Half-width ! ? only end a sentence when a CJK character precedes them.
        if m.group()[0] in "!?" and not (m.start() > start and _CJK_CHAR.match(text[m.start() - 1])):
            continue
        e = m.end()
        seg = text[pos:e]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            yield pos + lead, e
        pos = e
    if pos < end and text[pos:end].strip():
        seg = text[pos:end]
        lead = len(seg) - len(seg.lstrip())
        yield pos + lead, pos + len(seg.rstrip())


ENGINES = ("rules", "syntok")
DEFAULT_ENGINE = "rules"


def split_sentences(text: str, lang: str | None = None, *, engine: str = DEFAULT_ENGINE) -> list[Sentence]:
    """Sentences of `text` with exact offsets; paragraphs are separated by blank lines.

    `engine` picks the in-line boundary finder: "rules" (reader.core.sentence_rules, the
    default: as accurate as syntok on our measurements and several times faster) or "syntok".
    """
    if engine == "syntok":
        inline = _syntok_spans
    else:
        from reader.core.sentence_rules import boundaries as inline
    sentences: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraph_spans(text)):
        for u_start, u_end in _line_units(text, p_start, p_end):
            for s_start, s_end in inline(text, u_start, u_end):
                for c_start, c_end in _cjk_split(text, s_start, s_end):
                    sentences.append(Sentence(len(sentences), c_start, c_end, p_index))
    return sentences


def words(sentence_text: str) -> list[str]:
    """Word tokens: letters (with inner apostrophes) or numbers; each CJK character is a word."""
    found = _WORD.findall(sentence_text)
    if not _CJK_CHAR.search(sentence_text):
        return found
    out: list[str] = []
    for token in found:
        if _CJK_CHAR.search(token):
            out.extend(_cjk_tokens(token))
        else:
            out.append(token)
    return out


def _cjk_tokens(token: str) -> list[str]:
    out: list[str] = []
    pos = 0
    for m in _CJK_RUN.finditer(token):
        if m.start() > pos:
            out.append(token[pos:m.start()])
        out.extend(m.group())
        pos = m.end()
    if pos < len(token):
        out.append(token[pos:])
    return out


class Tokenizer:
    """sumy's tokenizer protocol on top of our splitter, so sumy never needs NLTK data."""

    def __init__(self, language: str = "english") -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s.text_in(paragraph) for s in split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))
