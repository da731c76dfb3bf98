"""The reading screen, assembled from parts by concern (see `screen.py`)."""

from reader.ui.screens.reader.screen import ReaderScreen

__all__ = ["ReaderScreen"]
