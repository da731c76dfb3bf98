"""`notes_json_line` (the export's fast path: serialise, scan once) gives exactly the text of
`notes_json` serialised, whatever hides in the article: controls, escapes, separators, bidi
overrides, lone surrogates, or harmless backslashes that only look like escapes."""

from __future__ import annotations

import json

import pytest

from reader.core.export import notes_json, notes_json_line
from reader.core.models import Article, Block, Highlight, Link, Note, Sentence, Summary

TEXT = "First sentence here. Second sentence there.\n\nA third one closes."
DIRTY = ["\x1b[31mred", "line\r\nbreak", "para\u2028graph", "\u202eevil", "del\x7f",
         "nul\x00", "bell\x07 form\x0c back\x08", "soft\u00adhyphen", "lone \udc80 surrogate",
         "tag\U000e0041", "a literal \\r and \\u0041 and \\b", "tab\tand\nnewline", "plain",
         "café ☕ 中文"]


def entry(s: str) -> dict:
    article = Article(text=TEXT, title=f"Title {s}", byline=s, site=s, url="https://x.org/a",
                      location="https://x.org/a",
                      blocks=[Block("paragraph", 0, 43), Block("heading", 45, 64, 2)],
                      links=[Link(f"link {s}", f"https://x.org/{s}", 0, 5)])
    summary = Summary(algorithm="salience", sentences=[Sentence(0, 0, 20, 0)], scores=[0.5])
    return {"article": article, "note": Note(1, f"my note {s}", "t0", "t1", id=1),
            "highlights": [Highlight(id=2, article_id=1, start=0, end=5, quote=s, note=s)],
            "summary": summary, "record": {"id": 1, "title": s, "tags": [s], "progress": 0.5}}


@pytest.mark.parametrize("s", DIRTY)
def test_the_fast_line_is_the_cleaned_json(s: str) -> None:
    e = entry(s)
    line = notes_json_line(e["article"], note=e["note"], highlights=e["highlights"],
                           summary=e["summary"], record=e["record"])
    assert line == json.dumps(notes_json(e["article"], note=e["note"],
                                         highlights=e["highlights"], summary=e["summary"],
                                         record=e["record"]), ensure_ascii=False)
    line.encode("utf-8")                      # never a lone surrogate left to crash the output
    assert "\x1b" not in json.loads(line)["article"]["byline"]
