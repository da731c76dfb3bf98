"""Shrink HTML markup before parsing, so a big page cannot blow the memory budget.

lxml and readability hold about 30 bytes per byte of dense markup at their peak (the tree,
readability's copies, text measurements), so a 20 MB page would cost over 600 MB. Most of a big
page is never read anyway: inline `data:` images (SingleFile saves), scripts, styles, SVG
drawings and comments. They are cut here in one linear pass that copies the text once; what is
left is cut at a tag boundary when it is still over the budget (the article is then marked
truncated). JSON-LD scripts are kept because the metadata reads them.

The cut scripts' prose is counted on the way (`Shrunk.script_sentences`, sentence breaks
such as "the end. Next" in their strings): a page drawn by JavaScript keeps its text there,
and the extractor says so when the article it shows holds far less (`scripted.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKUP_BUDGET = 5 * 1024 * 1024  # characters of markup parsed at most (dense markup: ~300 MB at peak)
TEXT_BUDGET = 8 * 1024 * 1024    # characters of a text dump read at most (~80 MB at peak)
_LD_JSON_MAX = 1024 * 1024        # a JSON-LD block bigger than this is not metadata

_DATA_URI = re.compile(r"data:[^\"'\s)>]{200,}", re.I)
_DATA_STUB = "data:,"
_OPENER = re.compile(r"<(script|style|svg)(?=[\s>/])|<!--", re.I)  # not <svg-icon-element>
_CLOSERS = {
    "script": re.compile(r"</script\s*>", re.I),
    "style": re.compile(r"</style\s*>", re.I),
    "svg": re.compile(r"</svg\s*>", re.I),
}
_COMMENT_END = re.compile(r"--!?>")
_TAG_END = re.compile(r">")
_HTML_CLOSER = re.compile(r"</(?:a|div|li|p|ul|ol|span|td|section|button)\s*>", re.I)
_LD_JSON = re.compile(r"ld\+json", re.I)
# a sentence break in prose: two lower-case letters, a full stop (or ! ?), then a space, a line
# break (also as the JSON escape "\n"), or a paragraph tag (also escaped, "\u003c/p\u003e"),
# then a capitalised word; rare in code, common in the strings of a page's hydration data
SENTENCE_BREAK = re.compile(r"[.!?](?:\s|\\[nrt]|<[^<>]{0,12}>|\\u003[cC][^\\]{0,12}\\u003[eE]){1,6}[A-Z][a-z]")
SCRIPT_SCAN_MAX = 2 * 1024 * 1024  # script characters searched for prose at most (~12 ms)


@dataclass(slots=True)
class Shrunk:
    html: str
    truncated: bool = False
    removed: int = 0  # characters dropped (reported by the bench/tests)
    script_sentences: int = 0  # sentence breaks in the scripts cut (JSON-LD not counted)


def sentence_breaks(text: str, start: int = 0, end: int | None = None) -> int:
    """How many prose sentence breaks `text[start:end]` holds (`SENTENCE_BREAK` after two
    lower-case letters)."""
    count = 0
    for m in SENTENCE_BREAK.finditer(text, start, len(text) if end is None else end):
        before = text[max(0, m.start() - 2):m.start()]
        if len(before) == 2 and before.isalpha() and before.islower():
            count += 1
    return count


def strip_heavy(html: str) -> str:
    """`html` without script/style/SVG bodies, comments and long data: URIs."""
    return _strip(html)[0]


def _strip(html: str) -> tuple[str, int]:
    """`strip_heavy`'s markup, and the sentence breaks of the scripts it cut.

    A scan from opener to closer with `re.search(..., pos)`: linear even for unclosed tags (an
    unclosed one swallows the rest, as in a browser), unlike a lazy `.*?` regex, which rescans
    the rest of the page for every unclosed opener.
    """
    scanned = sentences = 0
    if "data:" in html or "DATA:" in html:
        html = _DATA_URI.sub(_DATA_STUB, html)
    pieces: list[str] = []
    pos = 0
    n = len(html)
    while pos < n:
        m = _OPENER.search(html, pos)
        if m is None:
            break
        name = (m.group(1) or "").lower()
        if not name:  # a comment
            pieces.append(html[pos:m.start()])
            end = _COMMENT_END.search(html, m.end())
            pos = end.end() if end else n
            continue
        head_end = _TAG_END.search(html, m.end())
        if head_end is None:
            pieces.append(html[pos:m.start()])
            pos = n
            break
        opener = html[m.start():head_end.end()]
        if opener.endswith("/>"):  # a self-closed <svg/>: nothing to drop
            pieces.append(html[pos:head_end.end()])
            pos = head_end.end()
            continue
        closer = _CLOSERS[name].search(html, head_end.end())
        if name == "svg" and _HTML_CLOSER.search(html, head_end.end(), closer.start() if closer else n):
            # an unclosed <svg ...></a>: the parser ends it at the parent's end, not at a later </svg>
            pieces.append(html[pos:head_end.end()])
            pos = head_end.end()
            continue
        body_end = closer.start() if closer else n
        after = closer.end() if closer else n
        if name == "script" and _LD_JSON.search(opener) and body_end - head_end.end() <= _LD_JSON_MAX:
            pieces.append(html[pos:after])  # metadata lives here
        else:
            if name == "script" and scanned < SCRIPT_SCAN_MAX:
                stop = min(body_end, head_end.end() + SCRIPT_SCAN_MAX - scanned)
                sentences += sentence_breaks(html, head_end.end(), stop)
                scanned += stop - head_end.end()
            pieces.append(html[pos:m.start()])
            pieces.append(opener)
            pieces.append(f"</{name}>")
        pos = after
    if pos == 0:
        return html, sentences
    pieces.append(html[pos:])
    return "".join(pieces), sentences


def cut_markup(html: str, budget: int) -> tuple[str, bool]:
    """`html` cut at the last tag start before `budget` characters (True if it was cut)."""
    if len(html) <= budget:
        return html, False
    at = html.rfind("<", max(0, budget - 65536), budget)
    return html[: at if at > 0 else budget], True


def shrink(html: str, budget: int = MARKUP_BUDGET) -> Shrunk:
    """The markup worth parsing, within `budget` characters."""
    before = len(html)
    html, sentences = _strip(html)
    html, truncated = cut_markup(html, budget)
    return Shrunk(html, truncated, before - len(html), sentences)


def cut_text(text: str, budget: int = TEXT_BUDGET) -> tuple[str, bool]:
    """A text dump cut at the last line break before `budget` characters (True if it was cut)."""
    if len(text) <= budget:
        return text, False
    at = text.rfind("\n", max(0, budget - 65536), budget)
    return text[: at if at > 0 else budget], True
