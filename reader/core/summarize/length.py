"""How long a summary should be: a number of sentences, a fraction of the article, or adaptive.

One value object, validated once where it is made (the CLI's `-n`/`--ratio`, the config's
`[summary] length`/`ratio`, the app's `+`/`-`), and resolved against an article's sentence
count by one rule, so every caller gets the same length for the same article.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.errors import SummaryError
from reader.core.summarize.select import default_count


@dataclass(frozen=True, slots=True)
class SummaryLength:
    """`count` sentences, or `ratio` of the sentences, or neither: grows slowly with the text."""

    count: int | None = None
    ratio: float | None = None

    def __post_init__(self) -> None:
        if self.count is not None and self.ratio is not None:
            raise SummaryError("Give either a number of sentences or a ratio, not both.")
        if self.count is not None and (isinstance(self.count, bool)
                                       or not isinstance(self.count, int) or self.count < 1):
            raise SummaryError("The number of summary sentences must be a whole number of at "
                               "least 1.")
        if self.ratio is not None and (isinstance(self.ratio, bool)
                                       or not isinstance(self.ratio, (int, float))
                                       or not 0 < self.ratio <= 1):
            raise SummaryError("The summary ratio must be greater than 0 and at most 1.")

    @property
    def adaptive(self) -> bool:
        return self.count is None and self.ratio is None

    def sentences_for(self, available: int) -> int:
        """How many of `available` candidate sentences to choose (0 only when there are none)."""
        if available <= 0:
            return 0
        if self.count is not None:
            return min(self.count, available)
        if self.ratio is not None:
            return min(available, max(1, round(self.ratio * available)))
        return default_count(available)

    def describe(self) -> str:
        if self.count is not None:
            return f"{self.count} sentence" + ("" if self.count == 1 else "s")
        if self.ratio is not None:
            return f"{self.ratio:g} of the sentences"
        return "adaptive"


ADAPTIVE = SummaryLength()
