"""Segments with nothing to translate, and what their copy looks like.

A segment is copied, not translated, when it has no letters at all (punctuation, digits,
separators: ``12.03.2021``, ``–``, ``***``), or when its only letters are inside URLs,
e-mail addresses, hashtags or @handles, next to scores and numbers
(``www.example.de``, ``#Wahl2021 @tagesschau``, ``2:1 (1:0)``). An MT model given such a
segment invents words ("2:1" → "2:1 victory") or mangles the token.

The copy keeps the text. Numbers are put in English form only where that is
unambiguous (:func:`copy_text`):

- a decimal comma followed by one or two digits becomes a point: ``2,5`` → ``2.5``,
  ``19,99 €`` → ``19.99 €`` (three digits, ``1,500``, stay: an English reader would read
  fifteen hundred; a comma list such as ``1,2,3`` stays);
- a German number with thousands points and a decimal comma is swapped:
  ``1.234,50`` → ``1,234.50``; thousands points alone become commas only with two groups
  or more, ``1.000.000`` → ``1,000,000`` (one group, ``12.500``, stays: it could be a
  decimal, a version or part of a date);
- dates, times, scores and everything else stay as they are (``12.03.2021`` would need a
  choice between ``03/12/2021`` and ``12/03/2021``).
"""

from __future__ import annotations

import re

from ..normalize import has_text
from .tokens import find_tokens, mask_tokens

__all__ = ["copy_text", "copyable"]

_LETTER = re.compile(r"[^\W\d_]")
_SCORE = re.compile(r"(?<![0-9])[0-9]{1,3}\s?:\s?[0-9]{1,3}(?![0-9])")

_GERMAN_FULL = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+(?![0-9.,])")
_THOUSANDS_POINTS = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?:\.[0-9]{3}){2,}(?![0-9.,])")
_DECIMAL_COMMA = re.compile(r"(?<![0-9.,])[0-9]+,[0-9]{1,2}(?![0-9.,])")


def copyable(text: str) -> bool:
    """Whether ``text`` has nothing to translate (see the module docstring).

    >>> copyable("12.03.2021"), copyable("2:1 (1:0)"), copyable("www.example.de")
    (True, True, True)
    >>> copyable("#Wahl2021 @tagesschau"), copyable("Foto: dpa"), copyable("   ")
    (True, False, False)
    """
    if not has_text(text):
        return False
    rest = _SCORE.sub(" ", mask_tokens(text, find_tokens(text)))
    return _LETTER.search(rest) is None


def copy_text(text: str) -> str:
    """The copy of a copyable segment: ``text`` with its numbers in English form where
    that is unambiguous (see the module docstring); URLs, e-mail addresses, hashtags
    and handles are never touched.

    >>> copy_text("2,5 – 19,99 € – 1.234,50 – 1.000.000 – 12.500 – 1,500 – 12.03.2021")
    '2.5 – 19.99 € – 1,234.50 – 1,000,000 – 12.500 – 1,500 – 12.03.2021'
    """
    tokens = find_tokens(text)
    masked = mask_tokens(text, tokens)
    out = list(text)

    def swap(match: re.Match[str], new: str) -> None:
        out[match.start():match.end()] = list(new)  # same length: offsets stay

    for match in _GERMAN_FULL.finditer(masked):
        swap(match, match.group().replace(".", "\0").replace(",", ".").replace("\0", ","))
    for match in _THOUSANDS_POINTS.finditer(masked):
        swap(match, match.group().replace(".", ","))
    for match in _DECIMAL_COMMA.finditer(masked):
        swap(match, match.group().replace(",", "."))
    return "".join(out)
