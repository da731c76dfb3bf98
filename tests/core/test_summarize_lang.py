"""Language detection and the stop words/stemmers that go with it."""

from __future__ import annotations

from reader.core import lang


def test_normalize_codes_and_names() -> None:
    assert lang.normalize("en-GB") == "en"
    assert lang.normalize("EN_us") == "en"
    assert lang.normalize("German") == "de"
    assert lang.normalize("") is None and lang.normalize(None) is None
    assert lang.normalize("12") is None


def test_declared_language_wins() -> None:
    assert lang.detect("Le chat est sur la table et il dort.", "en") == "en"


def test_detect_from_text() -> None:
    assert lang.detect("The cat is on the mat and it was happy with the dog for a while.") == "en"
    assert lang.detect("Le chat est dans la maison et il est très content avec les enfants.") == "fr"
    assert lang.detect("Der Hund ist nicht mit den Kindern auf der Straße und das ist gut.") == "de"
    assert lang.detect("El perro de los vecinos es muy grande y no le gusta la lluvia en la calle.") == "es"
    assert lang.detect("今天天气很好，我们去公园散步吧。" * 10) == "zh"
    assert lang.detect("東京は晴れです。明日は雨でしょう。" * 10) == "ja"
    assert lang.detect("Сегодня хорошая погода, и мы идём гулять в парк. " * 5) == "ru"
    assert lang.detect("") is None
    assert lang.detect("xq zzv brr") is None


def test_stop_words_and_stemmers() -> None:
    assert "the" in lang.stop_words("en") and "und" in lang.stop_words("de")
    assert lang.stop_words("xx") == frozenset() and lang.stop_words(None) == frozenset()
    assert lang.stemmer("en")("Running") == "run"
    assert lang.stemmer("de")("Häuser") == lang.stemmer("de")("häuser")
    # No stemmer for the language: lower-casing only, never an error.
    assert lang.stemmer("xx")("Hello") == "hello"
    assert lang.stemmer("ja")("東京") == "東京"
