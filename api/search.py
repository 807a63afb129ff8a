"""The one text analyzer behind full-text search, for SQLite FTS5 and PostgreSQL alike.

Both databases index what this module produces, so `malmo` finds Malmö and `organizacji` finds `organizacja`
on either engine, Polish included (PostgreSQL ships no Polish configuration). Stored text is stemmed with its
own locale's Snowball stemmer and folded to unaccented lower case; a query word matches any of its stems.
"""

import html
import re
import unicodedata
from functools import cache

import snowballstemmer

STEMMER_LANGUAGES = {"en": "english", "sv": "swedish", "ru": "russian", "pl": "polish"}
MAX_QUERY_TERMS = 12

_WORD = re.compile(r"[^\W_]+")
_NOT_WORD = re.compile(r"[\W_]+")
_TAG = re.compile(r"<[^>]+>")
# Letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ı": "i"})


@cache
def _stemmer(locale: str):
    language = STEMMER_LANGUAGES.get(locale.split("-")[0])
    return snowballstemmer.stemmer(language) if language else None


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_UNDECOMPOSABLE))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    # Compatibility forms can decompose into punctuation or nothing (⑴ → "(1)", ͺ → " "), which either engine
    # would read as query syntax: a lexeme keeps only word characters, and may end up empty.
    return _NOT_WORD.sub("", plain).lower()


def words(text: str) -> list[str]:
    plain = html.unescape(_TAG.sub(" ", text))
    return _WORD.findall(plain.lower())


def stem(word: str, locale: str) -> str:
    stemmer = _stemmer(locale)
    return fold(stemmer.stemWord(word) if stemmer else word)


def lexemes(word: str, locale: str) -> list[str]:
    """A word's stem, and the stem of its unaccented spelling when that differs (Polish `projektów` →
    `projekt`, but `projektow`, as typed without diacritics, keeps its ending)."""
    forms = dict.fromkeys((stem(word, locale), stem(fold(word), locale)))
    return [form for form in forms if form]


def index_text(locale: str, *texts: str | None) -> str:
    """The lexemes stored for one translation: its words, stemmed in its own language and folded."""
    return " ".join(lexeme for text in texts if text for word in words(text) for lexeme in lexemes(word, locale))


def query_terms(query: str) -> list[list[str]]:
    """Each query word with every form it may have been indexed as; words are ANDed, forms ORed."""
    terms = []
    for word in list(dict.fromkeys(words(query)))[:MAX_QUERY_TERMS]:
        forms = {fold(word)}
        for locale in STEMMER_LANGUAGES:
            forms.add(stem(word, locale))
            forms.add(stem(fold(word), locale))
        forms.discard("")
        if forms:
            terms.append(sorted(forms))
    return terms
