"""The one error type that leaves the core: its message is a single sentence for the user."""

from __future__ import annotations

from typing import TypeVar

_E = TypeVar("_E", bound="ReaderError")


class ReaderError(Exception):
    """A failure we expected and can explain in one clear sentence (no traceback for users).

    `unexpected` marks one that stands for a bug (made by `from_bug`): the core never logs, so
    the caller logs its `__cause__` with the traceback (reader.app.crashlog.describe does).
    """

    unexpected: bool = False

    @classmethod
    def from_bug(cls: type[_E], message: str, cause: BaseException) -> _E:
        """The error to raise (`raise X.from_bug(...) from cause`) for an exception nobody expected."""
        error = cls(message)
        error.unexpected = True
        error.__cause__ = cause
        return error


class LoadError(ReaderError):
    """The location could not be read: missing file, bad scheme, network failure, not a page.

    `retryable` says that the same request may succeed later (the network or the server
    failed, not the page); `status` and `retry_after` are the HTTP status and the server's
    Retry-After header when it answered with an error, so a bulk fetcher can wait as asked.
    """

    def __init__(self, message: str = "", *, retryable: bool = False, status: int | None = None,
                 retry_after: str | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after


class ExtractError(ReaderError):
    """The page was read but no article could be made from it."""


class SummaryError(ReaderError):
    """A summary could not be computed (unknown algorithm, bad length)."""


class StoreError(ReaderError):
    """The local database could not be opened or written."""
