"""Editing an article's tags (`t` on the reading screen and in the library): one prompt, one
way of reading what was typed, one message.

The tags are read and written through the app's library writer (never the UI thread); the
prompt shows the tags the library holds now, so two screens never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.core.safety import clean, clean_line
from reader.ui.wording import fit_words

if TYPE_CHECKING:
    from reader.store import Library
    from reader.ui.app import ReaderApp


def parse_tags(text: str) -> list[str]:
    """"Security, mac ,, later" -> ["later", "mac", "security"]: lower case, trimmed, once."""
    return sorted({clean_line(t).strip().lower() for t in text.split(",") if clean_line(t).strip()})


def tags_message(title: str, tags: list[str]) -> str:
    shown = fit_words(clean_line(title), 60) or "this article"
    if not tags:
        return f"“{shown}” has no tags now."
    return f"Tagged “{shown}”: {', '.join(tags)}."


def edit_tags(app: ReaderApp, article_id: int, title: str,
              done: Callable[[list[str]], None] | None = None) -> None:
    """Ask for the tags of `article_id` (prefilled with its current ones), save the answer,
    say what changed and call `done(tags)` on the UI thread."""
    from reader.ui.screens.dialogs import TextPrompt

    def change(library: Library, wanted: list[str]) -> list[str]:
        current = set(library.tags(article_id))
        for tag in current - set(wanted):
            library.remove_tag(article_id, tag)
        for tag in set(wanted) - current:
            library.add_tag(article_id, tag)
        return library.tags(article_id)

    def saved(tags: list[str]) -> None:
        app.notify(tags_message(title, tags), title="Tags", timeout=4)
        if done is not None:
            done(tags)

    def answered(value: str | None) -> None:
        if value is None:
            return
        wanted = parse_tags(value)
        app.library.submit(lambda library: change(library, wanted), what="the tags",
                           done=saved,
                           failed=lambda message: app.notify(clean(message), title="Tags not saved",
                                                             severity="error"))

    def ask(current: list[str]) -> None:
        app.push_screen(TextPrompt("Tags, separated by commas", clean_line(title),
                                   ", ".join(current), placeholder="for example: security, mac"),
                        answered)

    app.library.submit(lambda library: library.tags(article_id), what=None, done=ask,
                       failed=lambda message: app.notify(clean(message), title="Tags",
                                                         severity="error"))
