"""Article extraction: `extract(page)` for HTML, saved-page archives and text dumps.

The container is detected from the bytes (MHTML, Safari web archive, HTML, plain text), so a
misnamed file or a wrong Content-Type still works. HTML is first shrunk (`shrink.py`: inline
images, scripts, styles, SVG and comments cut, then a size budget) so memory stays bounded, and
goes through readability-lxml plus our cleanup and metadata (`html.py`); text goes through the
dump extractor (`text.py`). An article is never silently empty: when nothing looks like an
article, the page's whole text comes back with a confidence near zero (`fallback.py`), and a page
without any text is an ExtractError.
"""

from __future__ import annotations

import re

from reader.core.formats import content_kind
from reader.core.formats.charset import decode_html, decode_text
from reader.core.formats.containers import unpack_mhtml, unpack_webarchive
from reader.core.errors import ExtractError, ReaderError
from reader.core.limits import DEFAULT_LIMITS, Limits
from reader.core.models import Article, Candidate, Page
from reader.core.safety import clean_line

from .blocks import RawBlock, assemble
from .fallback import FALLBACK_CONFIDENCE, visible_blocks
from .options import DEFAULT_OPTIONS, ExtractOptions
from .scripted import SCRIPTED_NOTE, drawn_by_script, shows_nothing
from .shrink import cut_text, shrink

__all__ = ["ExtractOptions", "extract", "from_plain_text"]


def extract(page: Page, *, limits: Limits | None = None, options: ExtractOptions | None = None,
            candidate: str | None = None) -> Article:
    """The article of a loaded page; ExtractError (one sentence) if there is none to be had.

    `options` switches parts of the extractor off (measurements); the defaults are the product.
    `candidate` asks for one of the readings listed in `Article.candidates` by name (same
    metadata, other blocks); an HTML page lists several, a text dump only its one reading.
    """
    limits = limits or DEFAULT_LIMITS
    try:
        article = _extract(page, limits, options or DEFAULT_OPTIONS, candidate)
    except ReaderError:
        raise
    except RecursionError as exc:
        raise ExtractError("The page is nested too deeply to be read "
                           f"(the max_nesting_depth limit is {limits.max_nesting_depth}).") from exc
    except MemoryError as exc:
        raise ExtractError("The page is too large to be read.") from exc
    except Exception as exc:  # a bug must not escape the core as a traceback
        raise ExtractError(f"The page could not be read ({type(exc).__name__}).") from exc
    if page.truncated:
        article.truncated = True
    return article


def _extract(page: Page, limits: Limits, options: ExtractOptions, candidate: str | None) -> Article:
    body = page.body or b""
    if not body.strip():
        raise ExtractError("The page is empty.")
    kind = content_kind(body, page.media_type)
    url = page.final_url or (page.location if page.location.startswith(("http://", "https://")) else None)
    charset = page.charset
    if kind == "mhtml":
        unpacked = unpack_mhtml(body)
    elif kind == "webarchive":
        unpacked = unpack_webarchive(body)
    else:
        unpacked = None
    if unpacked is not None:
        body, charset, url = unpacked.body, unpacked.charset or None, url or unpacked.url
        kind = "text" if unpacked.kind == "text" else "html"
    if kind == "binary":
        raise ExtractError("The file is not a web page or text (it looks like binary data).")
    if kind == "html":
        text, _ = decode_html(body, charset)
        shrunk = shrink(text)
        del text  # the full markup can be several times the parse budget
        article = _extract_markup(shrunk.html, url, limits, page.location, options, candidate)
        if not article.text.strip():
            raw = visible_blocks(shrunk.html, limits.max_nesting_depth)
            built = assemble(raw, limits.max_text_chars)
            article.text, article.blocks, article.links = built.text, built.blocks, built.links
            article.confidence = FALLBACK_CONFIDENCE
            article.truncated = built.truncated
        article.truncated = article.truncated or shrunk.truncated
        article.drawn_by_script = drawn_by_script(shrunk.script_sentences, article.text)
        if article.drawn_by_script and shows_nothing(article.text):
            raise ExtractError(f"No article text in the page's markup: {SCRIPTED_NOTE}.")
    else:
        from .text import extract_dump

        text, cut = cut_text(decode_text(body, charset))
        article = extract_dump(text, limits=limits, location=page.location, options=options)
        article.url = url
        if candidate not in (None, "dump"):
            raise ExtractError(f"A text dump has no candidate named {candidate!r} (it has: dump).")
        article.candidate = "dump"
        article.candidates = [Candidate("dump", "the text's article", article.confidence, len(article.text))]
        article.truncated = article.truncated or cut
    if not article.text.strip():
        raise ExtractError("No article text found in the page.")
    return article


def _extract_markup(html: str, url: str | None, limits: Limits, location: str, options: ExtractOptions,
                    candidate: str | None) -> Article:
    # lxml, readability and the model load only when needed
    if options.classifier:
        from .classify import extract_classified

        return extract_classified(html, url=url, limits=limits, location=location, options=options,
                                  candidate=candidate)
    from .html import extract_html

    if candidate not in (None, "rules"):
        raise ExtractError(f"Without the classifier the page has no candidate named {candidate!r}.")
    article = extract_html(html, url=url, limits=limits, location=location, options=options)
    article.candidate = "rules"
    return article


_BLANK = re.compile(r"\n[ \t]*\n")


def from_plain_text(text: str, *, location: str = "", title: str = "") -> Article:
    """Already clean article text: paragraphs are split on blank lines and kept as they are."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    raw = [RawBlock("paragraph", p) for p in _BLANK.split(text) if p.strip()]
    built = assemble(raw, DEFAULT_LIMITS.max_text_chars)
    return Article(text=built.text, title=clean_line(title), location=location, blocks=built.blocks,
                   confidence=1.0, truncated=built.truncated)
