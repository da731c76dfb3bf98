"""Our reading themes, registered beside Textual's own so the palette offers them all.

"reader-paper" is a warm, low-glare light theme for long reading (sepia paper, brown ink, a
muted link colour); "reader-night" is its dark twin. Both keep contrast above WCAG AA for body
text while avoiding pure white on pure black, which tires the eyes on long articles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.theme import Theme

if TYPE_CHECKING:
    from textual.app import App

DEFAULT_THEME = "reader-paper"

PAPER = Theme(
    name="reader-paper",
    primary="#8A5A2B",
    secondary="#4F6F57",
    accent="#A4501C",
    warning="#9A6A00",
    error="#A23B2A",
    success="#3F7A45",
    foreground="#3A2F25",
    background="#F4ECD8",
    surface="#EDE3CA",
    panel="#E2D5B5",
    boost="#D8C9A4",
    dark=False,
    variables={
        "block-cursor-background": "#8A5A2B",
        "block-cursor-foreground": "#F4ECD8",
        "block-cursor-text-style": "none",
        "block-hover-background": "#E2D5B5",
        "footer-key-foreground": "#8A5A2B",
        "input-selection-background": "#C9A878 60%",
        "markdown-h1-color": "#6B3F17",
        "link-color": "#2F5E8A",
        "link-background-hover": "#E2D5B5",
    },
)

NIGHT = Theme(
    name="reader-night",
    primary="#C8925A",
    secondary="#7E9C84",
    accent="#E0A458",
    warning="#E0B458",
    error="#D9695A",
    success="#8DBF86",
    foreground="#DCCFB6",
    background="#1D1A16",
    surface="#25211C",
    panel="#2F2A23",
    boost="#3A332A",
    dark=True,
    variables={
        "block-cursor-background": "#C8925A",
        "block-cursor-foreground": "#1D1A16",
        "block-cursor-text-style": "none",
        "block-hover-background": "#2F2A23",
        "footer-key-foreground": "#E0A458",
        "input-selection-background": "#7A5A3A 60%",
        "link-color": "#8FB8DE",
        "link-background-hover": "#2F2A23",
    },
)

READING_THEMES = (PAPER, NIGHT)


def register(app: App) -> None:
    """Make our themes available (Textual's built-in ones are always registered)."""
    for theme in READING_THEMES:
        app.register_theme(theme)


def apply(app: App, name: str | None) -> str | None:
    """Switch to theme `name` (None: ours); returns a one-sentence problem if it is unknown."""
    wanted = name or DEFAULT_THEME
    if wanted in app.available_themes:
        app.theme = wanted
        return None
    app.theme = DEFAULT_THEME if DEFAULT_THEME in app.available_themes else app.theme
    names = ", ".join(sorted(app.available_themes))
    return f"The theme {wanted!r} does not exist; using {app.theme!r}. Themes: {names}."
