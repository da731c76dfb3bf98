"""Counts in the script commands' messages: "1 article", "3 articles" (ungrouped digits, as
scripts parse them; the app's own messages group thousands, `reader/ui/wording.py`)."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """`count` and `word`, in the plural unless `count` is 1: plural(2, "page") -> "2 pages"."""
    return f"{count} {word}" + ("" if count == 1 else "s")
