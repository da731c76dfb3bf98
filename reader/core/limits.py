"""Input limits: one table of every setting with its valid range, read by everything else.

`LIMITS` holds, for each `[limits]` key, its type, the range a user may set, the default, the
unit and a description. The `Limits` defaults, the config check (reader.config), the config
template and the README's limits table (`markdown_table`, a test keeps them equal) all read it.

The ranges are what a user could want and what the program survives, each extreme tried on a
real page by tests/core/test_limits.py: timeouts from a tenth of a second to an hour (beyond,
some platforms' waits overflow); sizes from 1 KB to 1 GB (the page is held in memory); depth
up to 2,000 levels (libxml2 drops deeper nesting anyway; an unbounded depth made a 325-byte page
take 19 s and 6 GB); at most 50,000 sentences (the summaries' cost is bounded there).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

KB = 1024
MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class LimitSpec:
    """One `[limits]` setting: its valid range and default, in `unit`."""

    name: str
    kind: type                   # int or float
    minimum: float
    maximum: float
    default: float
    unit: str                    # "bytes", "seconds", "redirects", ...
    description: str

    def show(self, value: float) -> str:
        """A value as people read it: 20 MB, 60 seconds, 5,000,000 characters."""
        if self.unit == "bytes":
            return human_size(int(value))
        number = f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"
        return f"{number} {self.unit}" if self.unit else number

    def range_text(self, *, plain: bool = False) -> str:
        """"1 to 3600 seconds": the valid range; sizes also in the bytes the config file takes
        ("1024 to 1073741824 bytes, 1 KB to 1 GB") unless `plain`."""
        if self.unit == "bytes":
            human = f"{human_size(int(self.minimum))} to {human_size(int(self.maximum))}"
            return human if plain else f"{int(self.minimum)} to {int(self.maximum)} bytes, {human}"
        low, high = (f"{v:g}" if self.kind is float else f"{int(v):,}" for v in (self.minimum, self.maximum))
        return f"{low} to {high} {self.unit}"

    def default_text(self) -> str:
        """The default as the config file writes it: 60, 20971520 (20 MB)."""
        if self.unit == "bytes":
            return f"{int(self.default)} ({human_size(int(self.default))})"
        return f"{self.default:g}" if self.kind is float else str(int(self.default))

    def problem(self, value: object) -> str | None:
        """Why `value` cannot be used (None when it can): wrong type, not finite, out of range."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            kind = "a whole number" if self.kind is int else "a number"
            return f"must be {kind} ({self.range_text()})"
        if self.kind is int and not isinstance(value, int):
            return f"must be a whole number ({self.range_text()})"
        if not math.isfinite(value):
            return f"is not a number reader can use ({self.range_text()})"
        if not self.minimum <= value <= self.maximum:
            return f"is out of range ({self.range_text()})"
        return None


def human_size(n: int) -> str:
    """1 KB, 20 MB, 1 GB, 300 bytes."""
    for size, unit in ((1024 * MB, "GB"), (MB, "MB"), (KB, "KB")):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value >= 10 or value.is_integer() else f"{value:.1f} {unit}"
    return "1 byte" if n == 1 else f"{n} bytes"


LIMITS: tuple[LimitSpec, ...] = (
    LimitSpec("max_download_bytes", int, KB, 1024 * MB, 20 * MB, "bytes",
              "download size, checked from Content-Length, while streaming and after decompression"),
    LimitSpec("connect_timeout", float, 0.1, 3600, 10.0, "seconds", "time to connect to a server"),
    LimitSpec("idle_timeout", float, 0.1, 3600, 15.0, "seconds", "silence from the server before giving up"),
    LimitSpec("total_timeout", float, 1, 3600, 60.0, "seconds", "time for the whole download"),
    LimitSpec("max_redirects", int, 0, 50, 10, "redirects", "redirects followed; a loop is reported as a loop"),
    LimitSpec("max_file_bytes", int, KB, 1024 * MB, 50 * MB, "bytes", "local file or standard input size"),
    LimitSpec("max_sentences", int, 1, 50_000, 20_000, "sentences", "sentences a summary considers"),
    LimitSpec("max_text_chars", int, 1_000, 20_000_000, 5_000_000, "characters",
              "article text kept; the rest is cut and marked"),
    LimitSpec("max_nesting_depth", int, 16, 2_000, 512, "levels",
              "HTML element depth kept by extraction; deeper text is kept, flattened"),
    LimitSpec("max_line_chars", int, 1_000, 10_000_000, 100_000, "characters",
              "line length in text dumps; longer lines are cut"),
)
SPECS: dict[str, LimitSpec] = {spec.name: spec for spec in LIMITS}


def _default(name: str) -> Any:
    spec = SPECS[name]
    return spec.kind(spec.default)


@dataclass(slots=True)
class Limits:
    """The limits in force; defaults from `LIMITS` (the config checks a user's values)."""

    max_download_bytes: int = _default("max_download_bytes")
    connect_timeout: float = _default("connect_timeout")
    idle_timeout: float = _default("idle_timeout")
    total_timeout: float = _default("total_timeout")
    max_redirects: int = _default("max_redirects")
    max_file_bytes: int = _default("max_file_bytes")
    max_sentences: int = _default("max_sentences")
    max_text_chars: int = _default("max_text_chars")
    max_nesting_depth: int = _default("max_nesting_depth")
    max_line_chars: int = _default("max_line_chars")

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> "Limits":
        """Build limits from a config table, ignoring unknown keys (validated by the config)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def markdown_table() -> str:
    """The README's limits table: every setting, its default and its valid range."""
    rows = ["| `[limits]` key | what it bounds | default | valid range |", "|---|---|---|---|"]
    for spec in LIMITS:
        rows.append(f"| `{spec.name}` | {spec.description} | {spec.show(spec.default)} | "
                    f"{spec.range_text(plain=True)} |")
    return "\n".join(rows)


DEFAULT_LIMITS = Limits()
