"""sumy's own implementations, run on a sumy document model built from our sentences.

Used by the benchmark (speed and ROUGE next to ours) and by the tests that check our
vectorised versions choose the same sentences. Not used by the app: importing sumy's
summarizers imports NLTK (about a second), and several are quadratic or worse.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from reader.core.summarize.classic import BONUS_WORDS, STIGMA_WORDS
from reader.core.summarize.document import Doc
from reader.core.segment import Tokenizer

SUMY_NAMES = ("lexrank", "lsa", "luhn", "textrank", "sumbasic", "kl", "reduction", "edmundson")


def document_model(doc: Doc) -> Any:
    """sumy ObjectDocumentModel: our paragraph groups, headings marked, candidates in order."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = Tokenizer()
    n_groups = max(list(doc.groups) + list(doc.heading_groups) + [-1]) + 1
    members: list[list[Any]] = [[] for _ in range(n_groups)]
    for text, g in zip(doc.headings, doc.heading_groups):
        members[g].append(Sentence(text, tokenizer, is_heading=True))
    for k, g in enumerate(doc.groups):
        members[g].append(Sentence(doc.text_of(k), tokenizer))
    return ObjectDocumentModel([Paragraph(p) for p in members])


def _summarizer(name: str, doc: Doc) -> Any:
    from sumy.summarizers.edmundson import EdmundsonSummarizer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes = {
        "lexrank": LexRankSummarizer, "lsa": LsaSummarizer, "luhn": LuhnSummarizer,
        "textrank": TextRankSummarizer, "sumbasic": SumBasicSummarizer, "kl": KLSummarizer,
        "reduction": ReductionSummarizer,
    }
    if name == "edmundson":
        english = doc.lang in (None, "en")
        summarizer = EdmundsonSummarizer(doc.stem, cue_weight=1.0 if english else 0.0,
                                         key_weight=0.0, title_weight=1.0, location_weight=1.0)
        if english:
            summarizer.bonus_words = BONUS_WORDS
            summarizer.stigma_words = STIGMA_WORDS
        # sumy refuses an empty null-word set; a word that never occurs changes nothing.
        summarizer.null_words = doc.stop or frozenset({"\x00"})
        return summarizer
    summarizer = classes[name](doc.stem)
    summarizer.stop_words = doc.stop
    return summarizer


def scores(name: str, doc: Doc) -> np.ndarray:
    """sumy's rating of every candidate (its full ranking), aligned with `doc.candidates`."""
    model = document_model(doc)
    sentences = model.sentences
    out = np.zeros(len(sentences))
    if not sentences:
        return out
    captured: list[Any] = []

    def keep_all(infos: list[Any]) -> list[Any]:
        captured.extend(infos)
        return infos

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _summarizer(name, doc)(model, keep_all)
    for info in captured:
        out[info.order] = float(info.rating)
    return out
