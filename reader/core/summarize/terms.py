"""Sentence-by-term count matrices (scipy.sparse CSR) built once per document and reused.

The views mirror what each sumy algorithm does to words, so our vectorised versions see the
same terms: `content_stems` (lower-case, stop words dropped, stemmed: LexRank, TextRank,
Reduction, SumBasic), `content_lower` (lower-case, stop words dropped: KL), `all_stems`
(every word stemmed: LSA counting, Luhn, Edmundson).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from reader.core.summarize.document import Doc


def sparse_counts(rows: Iterable[list[str]], vocab: dict[str, int] | None = None,
                  grow: bool = True):
    """CSR matrix of term counts (rows = sentences) and the vocabulary it used."""
    from scipy.sparse import csr_matrix

    vocab = {} if vocab is None else vocab
    indptr = [0]
    indices: list[int] = []
    data: list[int] = []
    for row in rows:
        local: dict[int, int] = {}
        for term in row:
            j = vocab.get(term)
            if j is None:
                if not grow:
                    continue
                j = vocab[term] = len(vocab)
            local[j] = local.get(j, 0) + 1
        for j in sorted(local):
            indices.append(j)
            data.append(local[j])
        indptr.append(len(indices))
    n = len(indptr) - 1
    return csr_matrix((np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64),
                       np.array(indptr, dtype=np.int64)), shape=(n, max(len(vocab), 1))), vocab


def view(doc: Doc, name: str) -> list[list[str]]:
    """Per-candidate word lists as one sumy algorithm sees them (cached on the doc)."""
    key = ("view", name)
    if key in doc._cache:
        return doc._cache[key]
    stem: Callable[[str], str] = doc.stem  # type: ignore[assignment]
    stop = doc.stop
    if name == "content_stems":
        out = [[stem(w) for w in (x.lower() for x in ws) if w not in stop] for ws in doc.words]
    elif name == "content_lower":
        out = [[w for w in (x.lower() for x in ws) if w not in stop] for ws in doc.words]
    elif name == "all_stems":
        out = [[stem(w) for w in ws] for ws in doc.words]
    else:  # pragma: no cover - programming error
        raise KeyError(name)
    doc._cache[key] = out
    return out


def matrix(doc: Doc, name: str):
    """(CSR counts, vocabulary) of a view, cached on the doc."""
    key = ("matrix", name)
    if key not in doc._cache:
        doc._cache[key] = sparse_counts(view(doc, name))
    return doc._cache[key]
