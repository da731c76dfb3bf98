"""Whether a page keeps its text in its scripts rather than in its markup.

A page drawn by JavaScript (a single-page app, or a site that builds its article from JSON
in a script) ships a shell of markup and its prose inside scripts, which reader never runs.
Every extractor then returns the shell's few lines; readability-lxml and trafilatura say
nothing about it, so this is written here: the reader is told why the article is short, not
left to think the extractor failed. The test has a plain meaning: the article shown is a
shell (under `SHELL_WORDS` words, a short paragraph at most), and the scripts `shrink` cut hold
at least `MIN_SENTENCES` prose sentence breaks and `SHARE` times as many as the article (plus
one): most of the page's prose is out of reach. Without the shell condition it was said of
38 of the 85 dev pages it fired on whose article was read well (recall .8 or more): their
scripts also carry comments, related stories or the article again; with it, of none of the
six it fired on (each read with recall 0; a wcxb LessWrong post among them).
"""

from __future__ import annotations

from .shrink import sentence_breaks

MIN_SENTENCES = 30  # a few paragraphs of prose, more than a script's error messages
SHARE = 5           # the scripts hold five times the article's prose, or more
SHELL_WORDS = 60    # an article shown shorter than this is a page's shell
# A shell showing fewer words than this ("x", "Loading…", "Menu Close") shows nothing worth
# reading: the page fails saying why, as one with no text does. The summary's fragment floor
# (`summarize.document.MIN_WORDS`, which a test holds it to; not imported, so extraction never
# loads the summarizers).
FRAGMENT_WORDS = 4

# how the CLI says it, and the app's header (in a line of 80 columns beside the minutes)
SCRIPTED_NOTE = "most of its text is in scripts reader does not run (a page drawn by JavaScript)"
SCRIPTED_SHORT = "drawn by JavaScript: most of its text is not here"


def drawn_by_script(script_sentences: int, text: str) -> bool:
    """True when the page's scripts hold far more prose than `text`, the article shown."""
    if script_sentences < MIN_SENTENCES or len(text.split()) >= SHELL_WORDS:
        return False
    return script_sentences >= SHARE * (sentence_breaks(text) + 1)


def shows_nothing(text: str) -> bool:
    """True when `text`, a shell's article, is a fragment at most (a close button's "x")."""
    return len(text.split()) < FRAGMENT_WORDS
