"""Switches for the parts of the extractor, passed as an argument rather than kept as globals.

Every part can be turned off to measure what it adds (bench/extract.py --options), and two
extractions with different options can run side by side in one process.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from reader.core.errors import ReaderError


class OptionsError(ReaderError):
    """An unknown switch name in an options spec."""


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    # HTML
    trim: bool = True          # furniture trimmed inside readability's pick
    retry: bool = True         # retries when readability's pick holds too little of the page
    end_marker: bool = True    # stop at "Related stories" / "Comments" once most text is in
    byline_block: bool = True  # leading blocks that only repeat the byline or date dropped
    fast_clean: bool = True    # readability's text measure replaced by a C-level split/join
    postclean: bool = True     # furniture blocks dropped from the extracted blocks
    title_block: bool = True   # a leading heading repeating the title dropped
    main: bool = True          # widening to the page's <main>
    body: bool = True          # widening to the page minus furniture for non-articles
    classifier: bool = True    # the learned block classifier decides (else the rules alone)
    ensemble: bool = True      # the rule-based pick and trafilatura vote (else the lean model)
    trafilatura: bool = True   # trafilatura's vote
    # text dumps
    columns: bool = True       # side-by-side columns read one after the other

    def with_spec(self, spec: str) -> "ExtractOptions":
        """These options changed by a spec such as "-trim,+retry" (names as fields, - or _)."""
        names = {f.name for f in fields(self)}
        changes: dict[str, bool] = {}
        for item in (part.strip() for part in spec.split(",")):
            if not item:
                continue
            name = item[1:].replace("-", "_")
            if item[0] not in "+-" or name not in names:
                raise OptionsError(f"Unknown extraction switch {item!r} (known: {', '.join(sorted(names))}).")
            changes[name] = item[0] == "+"
        return replace(self, **changes)


DEFAULT_OPTIONS = ExtractOptions()
