"""Sentence-by-term count matrices (scipy.sparse CSR) built once per document and reused.

The views mirror what each sumy algorithm does to words, so our vectorised versions see the
same terms: `content_stems` (lower-case, stop words dropped, stemmed: LexRank, TextRank,
Reduction, SumBasic), `content_lower` (lower-case, stop words dropped: KL), `all_stems`
(every word stemmed: LSA counting, Luhn, Edmundson).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from reader.core.summarize.document import Doc

Scores = NDArray[np.float64]   # one score per candidate
Sparse = Any                   # a scipy.sparse matrix (scipy ships no type information)


def sparse_counts(rows: Iterable[list[str]], vocab: dict[str, int] | None = None,
                  grow: bool = True) -> tuple[Sparse, dict[str, int]]:
    """CSR matrix of term counts (rows = sentences) and the vocabulary it used.

    Terms are numbered in order of first appearance; a term outside `vocab` is skipped unless
    `grow`. One dictionary lookup per word, the counting itself in scipy.
    """
    from scipy.sparse import coo_matrix

    vocab = {} if vocab is None else vocab
    get = vocab.get
    ids: list[int] = []
    lengths: list[int] = []
    for row in rows:
        before = len(ids)
        for term in row:
            j = get(term)
            if j is None:
                if not grow:
                    continue
                j = vocab[term] = len(vocab)
            ids.append(j)
        lengths.append(len(ids) - before)
    cols = np.array(ids, dtype=np.int64)
    owners = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    counts = coo_matrix((np.ones(len(cols)), (owners, cols)),
                        shape=(len(lengths), max(len(vocab), 1))).tocsr()
    counts.sum_duplicates()
    counts.sort_indices()
    return counts, vocab


def view(doc: Doc, name: str) -> list[list[str]]:
    """Per-candidate word lists as one sumy algorithm sees them (cached on the doc)."""
    key = ("view", name)
    if key in doc._cache:
        return cast(list[list[str]], doc._cache[key])
    stem: Callable[[str], str] = doc.stem
    stop = doc.stop
    if name not in ("content_stems", "content_lower", "all_stems"):  # pragma: no cover
        raise KeyError(name)
    # each distinct spelling is lower-cased, checked and stemmed once; None = dropped
    seen: dict[str, str | None] = {}
    out: list[list[str]] = []
    for ws in doc.words:
        row: list[str] = []
        for word in ws:
            term = seen.get(word, "")
            if term == "":
                low = word.lower()
                if name == "all_stems":
                    term = stem(low)
                elif low in stop:
                    term = None
                else:
                    term = stem(low) if name == "content_stems" else low
                seen[word] = term
            if term is not None:
                row.append(term)
        out.append(row)
    doc._cache[key] = out
    return out


def matrix(doc: Doc, name: str) -> tuple[Sparse, dict[str, int]]:
    """(CSR counts, vocabulary) of a view, cached on the doc."""
    key = ("matrix", name)
    if key not in doc._cache:
        doc._cache[key] = sparse_counts(view(doc, name))
    return cast(tuple[Sparse, dict[str, int]], doc._cache[key])
