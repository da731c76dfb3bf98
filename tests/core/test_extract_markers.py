"""The end-of-article headings of text dumps (`markers.END_MARKER_ANY_LANGUAGE`) in the languages
readers' pages are in."""

from __future__ import annotations

import pytest

from reader.core.extract.markers import END_MARKER_ANY_LANGUAGE
from reader.core.extract.text import extract_dump
from reader.core.limits import Limits

ENDS = ["Related stories", "Comments (12)", "Kommentare", "Lesen Sie auch:", "Mehr zum Thema Bahn",
        "À lire aussi", "Sur le même sujet", "Noticias relacionadas", "Lo más leído", "Leia também",
        "Articoli correlati", "Lees ook", "Läs också", "Související články", "Právě se děje",
        "Diskuse (4)", "Čítajte tiež", "Czytaj także", "Hozzászólások", "Citește și", "Σχετικά άρθρα",
        "Читайте также", "Коментарі", "İlgili haberler", "相关文章", "延伸閱讀", "関連記事", "관련 기사"]

# prose and headings that only start like an end marker, or name the thing inside a sentence
NOT_ENDS = ["Commentary on the budget", "Kommentare der Leser sind willkommen, sagte sie am Montag.",
            "Les commentaires du ministre ont surpris", "Související s tím je i otázka ceny",
            "Читайте также внимательно инструкцию к препарату перед применением",
            "相关文章的作者在周一表示", "The related question is harder"]


@pytest.mark.parametrize("heading", ENDS)
def test_end_headings_in_many_languages_are_end_markers(heading: str) -> None:
    assert END_MARKER_ANY_LANGUAGE.match(heading)


@pytest.mark.parametrize("text", NOT_ENDS)
def test_sentences_that_mention_such_words_are_not(text: str) -> None:
    assert not END_MARKER_ANY_LANGUAGE.match(text)


CZECH = ("Vláda ve středu schválila plán na opravu železniční trati mezi Brnem a Přerovem, která "
         "je v havarijním stavu a vlaky na ní musejí zpomalovat. ")


def _czech_dump() -> str:
    body = "\n\n".join(f"{CZECH}Odstavec {i} popisuje další podrobnosti plánu." for i in range(5))
    teasers = "\n\n".join(f"Ministr dopravy slibuje nové vlaky do roku {2030 + i} a levnější jízdenky"
                          for i in range(4))
    return f"Domů | Zprávy | Sport\n\n{body}\n\nSouvisející\n\n{teasers}\n\nPrávě se děje\n\n{teasers}\n"


@pytest.mark.parametrize("classifier", [True, False])
def test_a_czech_dump_ends_at_its_related_heading(classifier: bool) -> None:
    from reader.core.extract.options import ExtractOptions

    a = extract_dump(_czech_dump(), limits=Limits(), options=ExtractOptions(classifier=classifier))
    assert a.text.count("popisuje další podrobnosti") == 5
    assert "Ministr dopravy" not in a.text and "Související" not in a.text

