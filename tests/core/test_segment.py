"""Sentence splitting: exact offsets, paragraphs, and the tricky cases the issue names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.segment import Tokenizer, paragraph_spans, split_sentences, words


def texts(text: str, engine: str = "rules") -> list[str]:
    return [s.text_in(text) for s in split_sentences(text, engine=engine)]


@pytest.mark.parametrize("text, expected", [
    ("Mr. Smith went to Washington. He met Dr. Jones there.",
     ["Mr. Smith went to Washington.", "He met Dr. Jones there."]),
    ("The U.S. economy grew 3.5 per cent. Analysts were surprised.",
     ["The U.S. economy grew 3.5 per cent.", "Analysts were surprised."]),
    ('"Are you coming?" she asked. He said no.', ['"Are you coming?" she asked.', "He said no."]),
    ("J. R. R. Tolkien wrote it. It sold well.", ["J. R. R. Tolkien wrote it.", "It sold well."]),
    ("Wait for it... Then it happened. Done.", ["Wait for it...", "Then it happened.", "Done."]),
    ("See https://example.com/a.b?c=1 for details. Next sentence.",
     ["See https://example.com/a.b?c=1 for details.", "Next sentence."]),
    ("It costs $4.99 today. Tomorrow, $5.", ["It costs $4.99 today.", "Tomorrow, $5."]),
])
@pytest.mark.parametrize("engine", ["rules", "syntok"])
def test_tricky_english(text: str, expected: list[str], engine: str) -> None:
    assert texts(text, engine) == expected


@pytest.mark.parametrize("text, expected", [
    ("He moved to the U.S. The weather there is fine.", ["He moved to the U.S.", "The weather there is fine."]),
    ("Apple Inc. reported results. Shares rose.", ["Apple Inc. reported results.", "Shares rose."]),
    ("Prices rose (see Fig. 3) in May. They fell.", ["Prices rose (see Fig. 3) in May.", "They fell."]),
    ("Doctors warned GPs.But unions objected.", ["Doctors warned GPs.", "But unions objected."]),
    ("Visit Philly.com today. Bye.", ["Visit Philly.com today.", "Bye."]),
    ("Prices fell to $3.00. Buyers returned.", ["Prices fell to $3.00.", "Buyers returned."]),
    ("1. Open the box\n2. Remove the tray", ["1. Open the box", "2. Remove the tray"]),
    ("St. Louis won 3 vs. 2 on Monday. The crowd cheered.", ["St. Louis won 3 vs. 2 on Monday.", "The crowd cheered."]),
    ("Wait for it… Then it came.", ["Wait for it…", "Then it came."]),
])
def test_rules_engine_cases(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_headings_and_list_items_without_punctuation_are_sentences() -> None:
    text = "Getting started\n\nInstall the tool first.\n- download the file\n- run the installer\n\nNext steps"
    assert texts(text) == ["Getting started", "Install the tool first.", "- download the file",
                           "- run the installer", "Next steps"]


def test_hard_wrapped_prose_stays_one_sentence() -> None:
    text = ("This sentence was wrapped by an old mail client at a fixed width so it\n"
            "continues on the next line and only ends here.")
    assert texts(text) == [text]


def test_cjk_sentences_split_at_full_stops() -> None:
    text = "今天天气很好。我们去公园吧！你去吗？\n\n東京は晴れです。明日は雨です。"
    assert texts(text) == ["今天天气很好。", "我们去公园吧！", "你去吗？", "東京は晴れです。", "明日は雨です。"]
    assert [s.paragraph for s in split_sentences(text)] == [0, 0, 0, 1, 1]


def test_paragraph_indices_follow_blank_lines() -> None:
    text = "One. Two.\n\n\n  Three.\n \nFour."
    sents = split_sentences(text)
    assert [s.paragraph for s in sents] == [0, 0, 1, 2]
    assert [s.index for s in sents] == [0, 1, 2, 3]
    assert paragraph_spans(text)[1] == (text.index("Three."), text.index("Three.") + len("Three."))


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


def test_text_is_never_rewritten() -> None:
    # syntok's `process` would turn "don't" into "do not" and join "exam-\nple".
    text = "They don't know. The exam-\nple stays as written."
    assert texts(text) == ["They don't know.", "The exam-\nple stays as written."]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\"'-,:;…。A1é漢")), max_size=200),
       st.sampled_from(["rules", "syntok"]))
def test_offsets_exact_ordered_and_trimmed(text: str, engine: str) -> None:
    sents = split_sentences(text, engine=engine)
    last = 0
    for s in sents:
        piece = text[s.start:s.end]
        assert piece and piece == piece.strip()
        assert s.start >= last
        last = s.end
    # Every non-space character belongs to some sentence.
    covered = sum(len("".join(text[s.start:s.end].split())) for s in sents)
    assert covered == len("".join(text.split()))


def test_words_and_sumy_tokenizer() -> None:
    assert words("Don't stop: 3.50 dollars, U.S. style!") == ["Don't", "stop", "3.50", "dollars", "U", "S", "style"]
    assert words("東京は晴れ") == ["東", "京", "は", "晴", "れ"]
    tok = Tokenizer()
    assert tok.to_sentences("One here. Two there.") == ("One here.", "Two there.")
    assert tok.to_words("Hello, world") == ("Hello", "world")


@pytest.mark.parametrize("text, expected", [
    ("The deal closed on Nov. 19, 2019. Less than a year later it failed.",
     ["The deal closed on Nov. 19, 2019.", "Less than a year later it failed."]),
    ("U.S. officials said so. The next day they changed course.",
     ["U.S. officials said so.", "The next day they changed course."]),
    ("Dr. Smith and Gen. Smith met at No. 10 at 5 p.m. Monday. It went well.",
     ["Dr. Smith and Gen. Smith met at No. 10 at 5 p.m. Monday.", "It went well."]),
    ("He arrived Jan. 5 in St. Louis at 9 a.m. on Tuesday. Then he left.",
     ["He arrived Jan. 5 in St. Louis at 9 a.m. on Tuesday.", "Then he left."]),
    ("Some fruits, e.g. this one, are sweet. Others, vs. them, are not. It weighs approx. 5 kg. Fine.",
     ["Some fruits, e.g. this one, are sweet.", "Others, vs. them, are not.", "It weighs approx. 5 kg.", "Fine."]),
    ("Sales rose in Sept. 2020 and fell in Oct. The board met.",
     ["Sales rose in Sept. 2020 and fell in Oct.", "The board met."]),
])
def test_abbreviations_stay_inside_their_sentence(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("It happened in the U.S. The next day they left.", ["It happened in the U.S.", "The next day they left."]),
    ("Prices fell in Dec. The new year began well.", ["Prices fell in Dec.", "The new year began well."]),
    ("He scored 12. 19 more came later.", ["He scored 12.", "19 more came later."]),
])
def test_real_sentence_ends_after_abbreviations_still_split(text: str, expected: list[str]) -> None:
    assert texts(text) == expected
