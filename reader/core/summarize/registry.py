"""Algorithm names (lower case) -> ranking functions `(doc, need) -> scores per candidate`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:  # numpy and the document model load only when a summary is computed
    from reader.core.summarize.document import Doc
    from reader.core.summarize.terms import Scores

Ranker = Callable[["Doc", int], "Scores"]


@dataclass(frozen=True)
class Algorithm:
    name: str
    label: str
    describe: str
    module: str
    function: str

    def ranker(self) -> Ranker:
        from importlib import import_module

        return cast(Ranker, getattr(import_module(self.module), self.function))


_C = "reader.core.summarize.classic"
ALGORITHMS: dict[str, Algorithm] = {a.name: a for a in (
    Algorithm("salience", "Salience", "centrality + position prior + novelty (ours, default)",
              "reader.core.summarize.salience", "salience"),
    Algorithm("lead", "Lead", "the first sentences", _C, "lead"),
    Algorithm("lexrank", "LexRank", "graph centrality over cosine similarity (sumy's, vectorised)", _C, "lexrank"),
    Algorithm("textrank", "TextRank", "PageRank over word overlap (sumy's, vectorised)", _C, "textrank"),
    Algorithm("lsa", "LSA", "latent semantic analysis (sumy's, closed form)", _C, "lsa"),
    Algorithm("luhn", "Luhn", "clusters of frequent words (sumy's)", _C, "luhn"),
    Algorithm("sumbasic", "SumBasic", "word probability with redundancy update (sumy's, vectorised)", _C, "sumbasic"),
    Algorithm("kl", "KL-Sum", "closest word distribution to the article (sumy's, vectorised)", _C, "kl"),
    Algorithm("reduction", "Reduction", "summed word-overlap edges (sumy's, vectorised)", _C, "reduction"),
    Algorithm("edmundson", "Edmundson", "cue words, title words and location (sumy's, English cues)", _C, "edmundson"),
)}
DEFAULT_ALGORITHM = "salience"
