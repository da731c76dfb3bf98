"""Build `Article.text` from typed blocks, and turn an HTML subtree into such blocks.

Every extractor ends here so the text contract holds in one place: blocks separated by exactly
one blank line, no blank line inside a block, offsets that match, and only clean characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from reader.core.models import Block, Link
from reader.core.safety import clean

_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u3000\u202f\u205f\ufeff]+")
_BLANKS = re.compile(r"\n\s*\n+")
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class RawBlock:
    kind: str
    text: str
    level: int = 0
    links: list[tuple[str, str, int]] = field(default_factory=list)  # text, url, offset in text
    element: Any = None  # the innermost block-level element holding the text, when known


def fold(text: str) -> str:
    """One line: all whitespace runs become one space."""
    return " ".join(text.split())


def tidy_block(text: str, kind: str) -> list[str]:
    """A block's text, split where it holds blank lines (each part becomes its own block)."""
    text = clean(text)
    if kind == "code":
        code = "\n".join(line.rstrip() for line in text.split("\n") if line.strip())
        # drop the common indentation so code does not drift right
        rows = code.split("\n")
        pad = min((len(r) - len(r.lstrip()) for r in rows if r.strip()), default=0)
        code = "\n".join(r[pad:] for r in rows)
        return [code] if code.strip() else []
    parts = []
    for chunk in _BLANKS.split(text):
        lines = [_SPACES.sub(" ", line).strip() for line in chunk.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            parts.append(joined)
    return parts


@dataclass(slots=True)
class Assembled:
    text: str
    blocks: list[Block]
    links: list[Link]
    truncated: bool = False


def _place_links(rb: RawBlock, parts: list[str], starts: list[int], whole: bool, links: list[Link]) -> None:
    """Give each link of a block the offsets of its text in the block's parts.

    Links come in document order, so each is looked for after the previous one (in the same
    part or the next two): one pass over the text, however many links a paragraph holds. A
    link whose text is not found (a `<br>` inside it) costs a scan, so such misses share a
    budget of a few times the block's length; past it, links keep no offsets. A one-part
    block keeps unplaced links without offsets; a split block drops them, as they may sit in
    text cut off by `max_chars` (`whole`: the block was one part).
    """
    part_i, cursor = 0, 0
    budget = 4 * sum(len(p) for p in parts) + 4096
    for text, url, _ in rb.links:
        t = fold(text)
        if not t:
            continue
        found = -1
        if budget > 0:
            for q in range(part_i, min(part_i + 3, len(parts))):
                k = parts[q].find(t, cursor if q == part_i else 0)
                if k >= 0:
                    found, part_i, cursor = q, q, k + len(t)
                    break
                budget -= len(parts[q])
        if found >= 0:
            start = starts[found] + cursor - len(t)
            links.append(Link(clean(t), clean(url), start, start + len(t)))
        elif whole:
            links.append(Link(clean(t), clean(url)))


def assemble(raw: list[RawBlock], max_chars: int | None = None) -> Assembled:
    """Join blocks with one blank line; compute offsets; stop at `max_chars` (truncated)."""
    pieces: list[str] = []
    blocks: list[Block] = []
    links: list[Link] = []
    pos = 0
    truncated = False
    for rb in raw:
        parts = tidy_block(rb.text, rb.kind)
        kept: list[str] = []
        starts: list[int] = []
        for part in parts:
            if pieces:
                pos += 2
            if max_chars is not None and pos + len(part) > max_chars:
                room = max_chars - pos
                truncated = True
                if room > 200:
                    part = part[:room].rsplit(" ", 1)[0]
                else:
                    if pieces:
                        pos -= 2
                    break
            starts.append(pos)
            kept.append(part)
            pieces.append(part)
            pos += len(part)
            blocks.append(Block(rb.kind, starts[-1], pos, rb.level))  # type: ignore[arg-type]
            if truncated:
                break
        if rb.links and kept:
            _place_links(rb, kept, starts, len(parts) == 1, links)
        if truncated:
            break
    return Assembled("\n\n".join(pieces), blocks, links, truncated)


# ---------------------------------------------------------------- HTML subtree -> blocks

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol",
    "dl", "dt", "dd", "li", "blockquote", "pre", "figure", "figcaption", "table", "caption",
    "form", "fieldset", "address", "hr", "center", "details", "summary", "body", "html",
    "h1", "h2", "h3", "h4", "h5", "h6", "tr", "tbody", "thead", "tfoot", "menu", "hgroup",
    "picture", "video", "audio", "iframe", "noscript", "legend", "option", "select",
}
_SKIP = {"script", "style", "noscript", "template", "svg", "math", "button", "select", "input",
         "textarea", "iframe", "object", "embed", "head", "title", "meta", "link", "canvas"}


_MANY_CHILDREN = 32
# what makes an element's subtree more than plain inline text for the walker
_NOT_PLAIN = tuple(sorted(_BLOCK_TAGS | _SKIP | {"a", "br", "table", "code"}))
_MARKED = "boolean(.//*[@style or @hidden or @aria-hidden or @role])"


def _plain_inline(el: Any) -> bool:
    """The subtree holds only inline text elements (no blocks, links, breaks, skipped or
    possibly hidden elements): its text can be read in one C-level pass."""
    return next(el.iterdescendants(*_NOT_PLAIN), None) is None and not el.xpath(_MARKED) \
        and next(el.iterdescendants(etree.Comment, etree.PI), None) is None


def _origin(base: str | None) -> str | None:
    """scheme://host of `base` when it is a plain web address: root-relative links are joined
    to it directly (urljoin per link was half the time of a page of 100,000 links)."""
    try:
        parts = urlsplit(base or "")
    except ValueError:
        return None
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


class _Walker:
    def __init__(self, base_url: str | None, max_depth: int,
                 skip: Callable[[Any], bool] | None = None) -> None:
        self.skip = skip
        self.base = base_url
        self._origin = _origin(base_url)
        self.max_depth = max_depth
        self.out: list[RawBlock] = []
        self.buf: list[str] = []
        self.buf_chars = 0  # len("".join(self.buf)), kept so a link's offset costs nothing
        self.flushes = 0  # blocks ended so far: a link spanning a block boundary is no inline link
        self.links: list[tuple[str, str, int]] = []
        self.kind = "paragraph"
        self.level = 0
        self.owner: Any = None  # the innermost open block-level element

    def add(self, text: str) -> None:
        """Source whitespace is layout, not content, except inside <pre>."""
        if self.kind != "code":
            text = _WS.sub(" ", text)
        self.buf.append(text)
        self.buf_chars += len(text)

    def flush(self) -> None:
        text = "".join(self.buf)
        if text.strip():
            self.out.append(RawBlock(self.kind, text, self.level, self.links, self.owner))
        self.buf = []
        self.buf_chars = 0
        self.flushes += 1
        self.links = []

    def _href(self, el: Any) -> str | None:
        href = str(el.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "data:")):
            return None
        if not self.base:
            return href
        if href[0] == "/" and href[1:2] != "/" and "/." not in href and "\\" not in href \
                and self._origin is not None:
            return self._origin + href  # the common case, without urljoin's cost per link
        try:
            return urljoin(self.base, href)
        except ValueError:
            return None

    def walk(self, el: Any, depth: int = 0) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower().rsplit("}", 1)[-1]
        if not tag:  # comments, processing instructions
            if el.tail:
                self.add(el.tail)
            return
        if tag in _SKIP or (self.skip is not None and self.skip(el)):
            if el.tail:
                self.add(el.tail)
            return
        if depth > self.max_depth:
            self.add(el.text_content() if hasattr(el, "text_content") else "")
            if el.tail:
                self.add(el.tail)
            return
        if tag == "br":
            self.buf.append("\n")
            self.buf_chars += 1
            if el.tail:
                self.add(el.tail)
            return
        if tag == "table" and self.kind not in ("code",):
            self.flush()
            self._table(el)
            if el.tail:
                self.add(el.tail)
            return
        block = tag in _BLOCK_TAGS
        saved = (self.kind, self.level)
        owner = self.owner
        if block:
            self.flush()
            self.owner = el
            if tag in _HEADINGS:
                self.kind, self.level = "heading", _HEADINGS[tag]
            elif tag == "li" and self.kind not in ("quote", "code"):
                self.kind, self.level = "list-item", self.level + 1 if saved[0] == "list-item" else 1
            elif tag in ("dt", "dd") and self.kind == "paragraph":
                self.kind = "list-item"
            elif tag == "blockquote":
                self.kind, self.level = "quote", 0
            elif tag == "pre":
                self.kind, self.level = "code", 0
            elif tag in ("figcaption", "caption"):
                self.kind, self.level = "caption", 0
        # a link's text is what the buffer gained inside it: remember where the buffer stood
        # (list index and characters), so a paragraph of many links stays linear in its size
        href = self._href(el) if tag == "a" else None
        buf_at, chars_at, flushes = len(self.buf), self.buf_chars, self.flushes
        if len(el) > _MANY_CHILDREN and self.kind != "code" and _plain_inline(el):
            # thousands of <b>/<span>: the text, read in C
            self.add(etree.tostring(el, method="text", encoding="unicode", with_tail=False))
        else:
            if el.text:
                self.add(el.text)
            for child in el:
                self.walk(child, depth + 1)
        if href is not None and self.flushes == flushes and self.buf_chars > chars_at:
            text = "".join(self.buf[buf_at:])
            if text.strip():
                self.links.append((text, href, chars_at))
        if block:
            self.flush()
            self.kind, self.level = saved
            self.owner = owner
        if el.tail:
            self.add(el.tail)

    def _table(self, table: Any) -> None:
        rows = []
        for tr in table.iter("tr"):
            cells = [fold(td.text_content()) for td in tr if isinstance(td.tag, str)
                     and td.tag.lower() in ("td", "th")]
            cells = [c for c in cells if c]
            if cells:
                rows.append(" | ".join(cells))
        caption = table.find("caption")
        if caption is not None and fold(caption.text_content()):
            self.out.append(RawBlock("caption", caption.text_content(), element=caption))
        if not rows:
            return
        # a one-column "layout" table is paragraphs, not a table
        if all(" | " not in r for r in rows):
            for r in rows:
                self.out.append(RawBlock("paragraph", r, element=table))
        else:
            self.out.append(RawBlock("table", "\n".join(rows), element=table))


def html_blocks(root: Any, base_url: str | None = None, max_depth: int = 512,
                skip: Callable[[Any], bool] | None = None) -> list[RawBlock]:
    """Blocks of an lxml element, in document order (`skip`: elements left out with their text)."""
    walker = _Walker(base_url, max_depth, skip)
    try:
        walker.walk(root)
    except RecursionError:
        walker.buf.append(etree.tostring(root, method="text", encoding="unicode"))
    walker.flush()
    return walker.out
