"""From scores to a summary: best first, skipping near-duplicates, shown in document order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.models import default_count  # re-exported: the adaptive length's rule

if TYPE_CHECKING:
    import numpy as np

    from reader.core.summarize.document import Doc

__all__ = ["choose", "default_count", "near_duplicate"]


def _signature(words: list[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    """Same words (Jaccard >= 0.7), or the shorter's words nearly all inside the longer one."""
    if not a or not b:
        return a == b
    shared = len(a & b)
    if shared / len(a | b) >= 0.7:
        return True
    small = min(len(a), len(b))
    return small >= 4 and shared / small >= 0.9


def choose(doc: "Doc", scores: "np.ndarray", count: int) -> list[int]:
    """Candidate positions of the `count` best sentences, no two near-duplicates, in order.

    If the ranking runs out (everything left duplicates something chosen), the summary is
    simply shorter.
    """
    import numpy as np

    if count <= 0 or doc.size == 0:
        return []
    order = np.argsort(-np.nan_to_num(scores, nan=-np.inf), kind="stable")
    chosen: list[int] = []
    signatures: list[frozenset[str]] = []
    for k in order:
        k = int(k)
        sig = _signature(doc.words[k])
        if any(near_duplicate(sig, other) for other in signatures):
            continue
        chosen.append(k)
        signatures.append(sig)
        if len(chosen) >= count:
            break
    return sorted(chosen)
