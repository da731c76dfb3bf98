"""Language of an article, and the stop words and stemmer to summarise it with.

The page's own `lang` wins when we know the language; otherwise we guess from the text: the
script for CJK/Cyrillic/Greek/Arabic/Hebrew/Thai, and stop-word overlap for Latin-script
languages. Stop words come from sumy's data files (read directly, without importing sumy,
whose import pulls in NLTK and costs a second); stemmers from `snowballstemmer` (pure Python,
fast to import). A language we know nothing about still gets a summary: no stop words and
lower-casing only.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

# ISO 639-1 -> sumy/snowball language name.
LANGUAGES: dict[str, str] = {
    "ar": "arabic", "zh": "chinese", "cs": "czech", "en": "english", "fr": "french",
    "de": "german", "el": "greek", "he": "hebrew", "it": "italian", "ja": "japanese",
    "ko": "korean", "pl": "polish", "pt": "portuguese", "sk": "slovak", "es": "spanish",
    "sv": "swedish", "th": "thai", "uk": "ukrainian", "ru": "russian", "nl": "dutch",
    "da": "danish", "fi": "finnish", "hu": "hungarian", "no": "norwegian", "nb": "norwegian",
    "nn": "norwegian", "ro": "romanian", "tr": "turkish", "ca": "catalan", "id": "indonesian",
    "eu": "basque", "ga": "irish", "lt": "lithuanian", "et": "estonian", "hi": "hindi",
    "fa": "persian", "sr": "serbian", "ta": "tamil", "hy": "armenian", "ne": "nepali",
}
_NAME_TO_CODE = {name: code for code, name in LANGUAGES.items()}

# Small frequent-word lists for guessing Latin-script languages when the page does not say.
_PROBES: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that it was for with as on are be this by have not".split()),
    "fr": frozenset("le la les et des est une dans que pour qui pas sur du au avec il elle".split()),
    "de": frozenset("der die und das ist nicht mit den sich von ein eine auch auf für dem zu".split()),
    "es": frozenset("el la los las y de que en un una es por con para del se no al".split()),
    "it": frozenset("il la che di e un una per non sono con del della gli le è si".split()),
    "pt": frozenset("o a os as e de que em um uma para com não do da no na por se".split()),
    "nl": frozenset("de het een en van is dat in op te niet met voor zijn ook aan".split()),
    "sv": frozenset("och att det som en är på för med av inte till den har om jag".split()),
    "cs": frozenset("a je se na že v to s by jak ale ve do jsou pro tak od".split()),
    "pl": frozenset("i w na się że nie z do to jest jak od po za ale przez".split()),
    "da": frozenset("og at det er en til på som med af for ikke den har de".split()),
    "fi": frozenset("ja on ei se että oli hän mutta kun niin myös joka ovat".split()),
    "tr": frozenset("ve bir bu da de için ile olarak çok daha gibi ne ama".split()),
    "ro": frozenset("și în de la cu este că nu pe o un care mai din pentru".split()),
    "id": frozenset("yang dan di ini itu dengan untuk tidak dari dalam akan pada".split()),
}
_SCRIPTS: list[tuple[str, re.Pattern[str]]] = [
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
]
_LATIN_WORD = re.compile(r"[^\W\d_]+")


def normalize(lang: str | None) -> str | None:
    """'en-GB', 'EN_us', 'english' -> 'en'; unknown or empty -> None."""
    if not lang:
        return None
    value = lang.strip().lower().replace("_", "-")
    if value in _NAME_TO_CODE:
        return _NAME_TO_CODE[value]
    code = value.split("-")[0]
    return code if 2 <= len(code) <= 3 and code.isalpha() else None


def detect(text: str, declared: str | None = None) -> str | None:
    """The article's language code: the declared one if usable, else a guess from the text."""
    code = normalize(declared)
    if code:
        return code
    sample = text[:20000]
    if not sample.strip():
        return None
    counts = {code: len(p.findall(sample)) for code, p in _SCRIPTS}
    letters = len(_LATIN_WORD.findall(sample))
    if counts["ja"] > 20:
        return "ja"
    best_script = max(counts, key=lambda code: counts[code])
    if counts[best_script] > 50 and counts[best_script] > letters:
        if best_script == "ru" and re.search(r"[іїєґ]", sample):
            return "uk"
        return best_script
    tokens = [w.lower() for w in _LATIN_WORD.findall(sample)[:3000]]
    if not tokens:
        return None
    scores = {code: sum(1 for t in tokens if t in probe) for code, probe in _PROBES.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= max(2, 0.05 * len(tokens)) else None


@lru_cache(maxsize=32)
def stop_words(code: str | None) -> frozenset[str]:
    """sumy's stop words for the language (lower case); empty when sumy has none."""
    name = LANGUAGES.get(code or "")
    if not name:
        return frozenset()
    try:
        data = resources.files("sumy").joinpath("data", "stopwords", f"{name}.txt").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return frozenset()
    return frozenset(w.strip().lower() for w in data.splitlines() if w.strip())


@lru_cache(maxsize=32)
def stemmer(code: str | None) -> Callable[[str], str]:
    """A word -> stem function (lower-cases first); plain lower-casing when no stemmer exists."""
    name = LANGUAGES.get(code or "")
    stem_word = None
    if name:
        try:
            import snowballstemmer

            if name in snowballstemmer.algorithms():
                stem_word = snowballstemmer.stemmer(name).stemWord
        except ImportError:  # pragma: no cover - a declared dependency
            stem_word = None
    cache: dict[str, str] = {}
    lock = threading.Lock()  # snowball stemmer objects keep state between calls

    def stem(word: str) -> str:
        try:
            return cache[word]
        except KeyError:
            low = word.lower()
            if stem_word is None:
                result = low
            else:
                with lock:
                    result = stem_word(low)
            if len(cache) < 200_000:
                cache[word] = result
            return result

    return stem
