"""The one error type that leaves the core: its message is a single sentence for the user."""

from __future__ import annotations


class ReaderError(Exception):
    """A failure we expected and can explain in one clear sentence (no traceback for users)."""


class LoadError(ReaderError):
    """The location could not be read: missing file, bad scheme, network failure, not a page."""


class ExtractError(ReaderError):
    """The page was read but no article could be made from it."""


class SummaryError(ReaderError):
    """A summary could not be computed (unknown algorithm, bad length)."""


class StoreError(ReaderError):
    """The local database could not be opened or written."""
