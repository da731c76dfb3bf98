"""Every cap an import applies, in one place.

Exports come from other services and may be damaged or hostile (a zip bomb, a member that
claims gigabytes, a CSV with one endless line), so nothing is read without a bound. Streamed
members (CSV, JSON arrays) are bounded by bytes; whole documents parsed at once are bounded
more tightly. The sizes a zip declares are checked before any byte is inflated; the bytes
actually read are counted as well, since `zipfile` stops at the declared size and the CRC
check catches a member that lies.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(slots=True, frozen=True)
class ImportLimits:
    max_file_bytes: int = 4096 * MIB        # one export file, and everything inflated from a zip
    max_members: int = 500_000              # zip entries (Omnivore ships two per article)
    max_member_bytes: int = 1024 * MIB      # one streamed zip member (a CSV part, a JSON array)
    max_document_bytes: int = 64 * MIB      # a member parsed whole (Omnivore metadata, notes)
    max_content_bytes: int = 20 * MIB       # one shipped page (as `Limits.max_download_bytes`)
    max_ratio: int = 200                    # inflated/compressed size of one zip member
    max_line_chars: int = 1_000_000         # one physical line of a CSV or HTML file
    max_field_chars: int = 100_000          # one text field (quote, note, excerpt) is cut here
    max_title_chars: int = 2_000            # titles, authors, tags, URLs are cut here
    max_json_depth: int = 64                # JSON nesting (exports nest 5 deep; ijson's paths
    #                                         cost depth squared, so depth is checked first)
    head_bytes: int = 64 * 1024             # read to recognise the format


DEFAULT_IMPORT_LIMITS = ImportLimits()
