"""Input limits: every one has a default here, the config file may change them (README lists them)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(slots=True)
class Limits:
    max_download_bytes: int = 20 * 1024 * 1024      # compressed and decompressed body cap
    connect_timeout: float = 10.0                   # seconds to connect
    idle_timeout: float = 15.0                      # seconds without a byte from the server
    total_timeout: float = 60.0                     # seconds for the whole request
    max_redirects: int = 10
    max_file_bytes: int = 50 * 1024 * 1024          # local files and stdin
    max_sentences: int = 20_000                     # sentences considered by a summary
    max_text_chars: int = 5_000_000                 # article text beyond this is truncated
    max_nesting_depth: int = 512                    # HTML element depth kept by extraction
    max_line_chars: int = 100_000                   # longer lines in text dumps are cut

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> "Limits":
        """Build limits from a config table, ignoring unknown keys (validated by the config)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


DEFAULT_LIMITS = Limits()
