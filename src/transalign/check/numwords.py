"""Numbers written as words: German cardinals in the source, English cardinals and
ordinals in the target.

German: ``zwei``, ``zwölf``, ``einundzwanzig``, ``dreihundert``, ``zweitausendfünf``; one
word each (German writes a number below a million as one word). ``ein``/``eine`` is
an article and counts only before a scale word (``eine Million``); ordinals
(``zweiten``) are not read, since ``der zweite`` is as often "the other" or "the latter".

English: ``two``, ``twenty-one``, ``a hundred and five``, ``two million``, ordinals
(``first``, ``twenty-first``, ``nineteenth``) and the few words that stand for a small
number in ordinary translation (``twice``, ``both``, ``a dozen``, ``a couple``, …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["DE_SCALES", "EN_SCALES", "WordNumber", "english_numbers", "german_word_value"]

_DE_UNITS = {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
             "sieben": 7, "acht": 8, "neun": 9}
_DE_TEENS = {"zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
             "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19}
_DE_TENS = {"zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50,
            "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90}

# German scale words after a number, and their value (Billion is 10^12: "trillion")
DE_SCALES: dict[str, int] = {
    "tausend": 10**3, "tsd": 10**3,
    "million": 10**6, "millionen": 10**6, "mio": 10**6,
    "milliarde": 10**9, "milliarden": 10**9, "mrd": 10**9, "md": 10**9,
    "billion": 10**12, "billionen": 10**12, "bio": 10**12,
}


def _below_hundred(word: str) -> int | None:
    if word in _DE_TEENS:
        return _DE_TEENS[word]
    if word in _DE_TENS:
        return _DE_TENS[word]
    if word in _DE_UNITS and word != "ein":  # "ein" is the article
        return _DE_UNITS[word]
    if "und" in word:  # einundzwanzig, dreiundvierzig
        unit, _, tens = word.partition("und")
        if unit in _DE_UNITS and tens in _DE_TENS:
            return _DE_UNITS[unit] + _DE_TENS[tens]
    return None


def _below_thousand(word: str) -> int | None:
    if "hundert" in word:
        head, _, rest = word.partition("hundert")
        if head and head not in _DE_UNITS:
            return None
        value = 100 * (_DE_UNITS[head] if head else 1)
        if not rest:
            return value
        below = _below_hundred(rest) if rest != "eins" else 1
        return value + below if below is not None else None
    return _below_hundred(word)


def german_word_value(word: str) -> int | None:
    """The value of a German cardinal written as one word, or ``None``.

    ``ein`` (the article) and ``eins`` (mostly a pronoun) alone are not read as numbers.

    >>> german_word_value("zwei"), german_word_value("einundzwanzig")
    (2, 21)
    >>> german_word_value("zweitausenddreihundert"), german_word_value("eins")
    (2300, None)
    """
    word = word.lower()
    if "tausend" in word:
        head, _, rest = word.partition("tausend")
        if head in ("", "ein"):
            thousands: int | None = 1
        else:
            thousands = _below_thousand(head)
        if thousands is None:
            return None
        if not rest:
            return thousands * 1000
        below = _below_thousand(rest) if rest != "eins" else 1
        return thousands * 1000 + below if below is not None else None
    return _below_thousand(word)


_DE_ORDINAL = re.compile(r"([a-zäöüß]+?)(?:e|en|er|es|em)")
_DE_ORDINAL_STEMS = {"erst": 1, "dritt": 3, "siebt": 7, "siebent": 7, "acht": 8}


def german_ordinal_value(word: str) -> int | None:
    """The value of a German ordinal written as one word and inflected (``ersten``,
    ``dritten``, ``zwanzigste``, ``einundzwanzigsten``), or ``None``.

    >>> german_ordinal_value("dritten"), german_ordinal_value("zwanzigste")
    (3, 20)
    >>> german_ordinal_value("erste"), german_ordinal_value("ente")
    (1, None)
    """
    m = _DE_ORDINAL.fullmatch(word.lower())
    if m is None:
        return None
    stem = m[1]
    if stem in _DE_ORDINAL_STEMS:
        return _DE_ORDINAL_STEMS[stem]
    if stem.endswith("st"):
        value = german_word_value(stem[:-2])
        if value is not None and value >= 20:
            return value
    if stem.endswith("t"):
        value = german_word_value(stem[:-1])
        if value is not None and 2 <= value <= 19:
            return value
    return None


_EN_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
             "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
             "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
             "eighteen": 18, "nineteen": 19}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
            "seventy": 70, "eighty": 80, "ninety": 90}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
                "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
                "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
                "hundredth": 100, "thousandth": 1000}
# English scale words (short scale) and their abbreviations after a number
EN_SCALES: dict[str, int] = {
    "thousand": 10**3, "k": 10**3,
    "million": 10**6, "millions": 10**6, "mn": 10**6, "mln": 10**6, "m": 10**6,
    "billion": 10**9, "billions": 10**9, "bn": 10**9, "bln": 10**9, "b": 10**9,
    "trillion": 10**12, "trillions": 10**12, "tn": 10**12,
}
_EN_WORD_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# words that stand for a number in ordinary translation ("2 Mal" → "twice", "die 2
# Länder" → "both countries", "12 Eier" → "a dozen eggs", "bis zu hundert" → "hundreds",
# "die 90er" → "the nineties")
_EN_OTHER = {"once": 1, "single": 1, "twice": 2, "double": 2, "both": 2, "couple": 2,
             "pair": 2, "thrice": 3, "triple": 3, "dozen": 12, "dozens": 12,
             "doubled": 2, "doubling": 2, "redoubled": 2, "twofold": 2, "quadruple": 4, "tripled": 3, "trebled": 3,
             "tripling": 3, "threefold": 3, "quadrupled": 4, "fourfold": 4, "fivefold": 5,
             "tenfold": 10,
             "dual": 2, "hundreds": 100, "thousands": 1000, "twenties": 20, "thirties": 30,
             "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70, "eighties": 80,
             "nineties": 90}

_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class WordNumber:
    """A number written as words in English text.

    Attributes:
        start: Offset of its first character.
        end: Offset one past its last character.
        value: Its value.
        ordinal: Whether it is an ordinal (``first``, ``twenty-first``).
    """

    start: int
    end: int
    value: Decimal
    ordinal: bool = False


def english_numbers(text: str) -> list[WordNumber]:
    """The numbers written as words in English ``text``: each run of number words
    (``twenty-one``, ``a hundred and five``, ``two million``, ``twenty-first``), and each
    of the words that stand for a number (``twice``, ``both``, ``a dozen``).

    >>> t = "two hundred and five, the fifty-year-old, twenty-first, a dozen"
    >>> [(int(n.value), t[n.start:n.end], n.ordinal) for n in english_numbers(t)]
    [(205, 'two hundred and five', False), (50, 'fifty', False), (21, 'twenty-first', True), (12, 'a dozen', False)]
    """
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
    out: list[WordNumber] = []
    i = 0
    while i < len(words):
        parsed = _phrase(text, words, i)
        if parsed is None:
            i += 1
            continue
        value, j, ordinal = parsed
        out.append(WordNumber(words[i][0], words[j - 1][1], Decimal(value), ordinal))
        i = j
    return out


def _phrase(text: str, words: list[tuple[int, int, str]], i: int
            ) -> tuple[int, int, bool] | None:
    """The number phrase that starts at word ``i``: ``(value, index after it, ordinal)``,
    or None."""
    first = words[i][2]
    if first in _EN_OTHER and first not in ("dozen", "dozens"):
        return _EN_OTHER[first], i + 1, False
    total, current, last = 0, 0, ""
    j = i
    if first == "a":  # "a hundred", "a million", "a dozen"
        if i + 1 >= len(words) or words[i + 1][2] not in ("hundred", "dozen", *_EN_WORD_SCALES):
            return None
        last, j = "a", i + 1
    while j < len(words):
        if j > i and text[words[j - 1][1]:words[j][0]].strip(" -") != "":
            break  # only spaces and hyphens inside a number ("twenty-one")
        w = words[j][2]
        if w in _EN_UNITS:
            if last not in ("", "tens", "hundred", "scale", "and") or (
                    last == "tens" and _EN_UNITS[w] >= 10):
                break
            current += _EN_UNITS[w]
            last = "unit"
        elif w in _EN_TENS:
            if last not in ("", "hundred", "scale", "and"):
                break
            current += _EN_TENS[w]
            last = "tens"
        elif w == "hundred":
            if last not in ("", "unit", "tens", "a"):
                break
            current = max(current, 1) * 100
            last = "hundred"
        elif w in _EN_WORD_SCALES:
            if last not in ("unit", "tens", "hundred", "a"):
                break
            total += max(current, 1) * _EN_WORD_SCALES[w]
            current, last = 0, "scale"
        elif w in ("dozen", "dozens"):
            if last not in ("", "unit", "a"):
                break
            current, last = max(current, 1) * 12, "dozen"  # ends the phrase
            j += 1
            break
        elif w == "and":
            nxt = words[j + 1][2] if j + 1 < len(words) else ""
            if last not in ("hundred", "scale") or not (nxt in _EN_UNITS or nxt in _EN_TENS):
                break
            last = "and"
        elif w in _EN_ORDINALS:
            value = _EN_ORDINALS[w]
            if last == "tens" and value < 10:
                current += value  # twenty-first
            elif value >= 100 and last in ("unit", "tens"):
                current *= value  # two hundredth
            elif last in ("", "hundred", "scale", "and"):
                current += value
            else:
                break
            last = "ordinal"
            j += 1
            break  # an ordinal ends the number
        else:
            break
        j += 1
    if last in ("", "a"):
        return None
    if last == "and":  # "one hundred and" at the end: the "and" is not part of it
        j -= 1
    return total + current, j, last == "ordinal"
