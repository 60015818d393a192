"""What a number means, as a comparable key, and a scanner that finds each number once.

A German source and its English translation write the same number differently
(``12.500`` / ``12,500``, ``19 Uhr`` / ``7 p.m.``, ``9. Dezember`` / ``December 9``). Both
sides are read into *keys* that name the meaning, not the spelling:

- ``("num", Decimal)``: a quantity (``12.500``, ``12,500``, ``zwölf``, ``twelve``, ``12th``);
- ``("ord", Decimal)``: an ordinal word (``first``, ``twelfth``), which stands for a German
  ordinal (``12.``) or a numbered thing (``K1`` → "first child"), not for a quantity;
- ``("time", hour, minute)``: a time of day on the 24-hour clock;
- ``("date", month, day, year or None)``: a calendar date (the year with four digits);
- ``("score", a, b)``: a result or ratio (``2:1``, ``2-1``), in order;
- ``("frac", n, d)``: a fraction in lowest terms (``ein Drittel``, ``a third``, ``33%``);
- ``("decade", year)``: a decade, with its century (1960) or without (60);
- ``("duration", hours, minutes)``: a duration (``2:05 Stunden``, "two hours and five
  minutes").

A source number is a :class:`Mention` with one or more *options*, each a set of keys
that must all be in the target (``7 Uhr``: the time 7:00 or 19:00); a target number
provides a set of keys (``7 PM`` provides the time 19:00 and the quantity 7).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from math import gcd

__all__ = ["PERCENT_FRACTIONS", "Key", "Mention", "Scanner", "date", "decade", "decimal",
           "duration", "frac", "num", "ordinal", "race", "score", "time", "years"]

Key = tuple[object, ...]


def num(value: Decimal | int) -> Key:
    """The key of a quantity."""
    return ("num", Decimal(value))


def ordinal(value: Decimal | int) -> Key:
    """The key of an ordinal written as a word (``first``, ``nineteenth``): it stands for
    a German ordinal (``19.``) or a numbered thing (``K1``), not for a quantity."""
    return ("ord", Decimal(value))


def time(hour: int, minute: int = 0) -> Key:
    """The key of a time of day (24:00 is 0:00)."""
    return ("time", hour % 24, minute)


def date(month: int, day: int, year: int | None = None) -> Key:
    """The key of a calendar date."""
    return ("date", month, day, year)


def score(a: int, b: int) -> Key:
    """The key of a score or ratio, in its order."""
    return ("score", a, b)


def decade(year: int) -> Key:
    """The key of a decade: ``1960`` (the 1960s) or ``60`` (the '60s, the sixties)."""
    return ("decade", year)


def duration(hours: int, minutes: int) -> Key:
    """The key of a duration in hours and minutes (``2:05 Stunden``)."""
    return ("duration", hours, minutes)


def race(hours: int, minutes: int, seconds: int) -> Key:
    """The key of a time to the second, in order (``2:04:12 Stunden``)."""
    return ("race", hours, minutes, seconds)


def frac(n: int, d: int) -> Key:
    """The key of a fraction ``n/d`` (kept in lowest terms: ``2/4`` is ``1/2``)."""
    g = gcd(n, d) or 1
    return ("frac", n // g, d // g)


# percentages that are a simple fraction ("50 Prozent" / "half", "die Hälfte" / "50%")
PERCENT_FRACTIONS: dict[Decimal, tuple[int, int]] = {
    Decimal(50): (1, 2), Decimal(25): (1, 4), Decimal(75): (3, 4), Decimal(20): (1, 5),
    Decimal(10): (1, 10), Decimal(40): (2, 5), Decimal(60): (3, 5), Decimal(80): (4, 5),
    Decimal(33): (1, 3), Decimal("33.3"): (1, 3), Decimal(66): (2, 3), Decimal(67): (2, 3),
    Decimal("66.7"): (2, 3)}


def years(text: str) -> tuple[int, ...]:
    """The four-digit years a written year stands for: ``2004`` → (2004,); ``21`` →
    (2021, 1921), since a two-digit year names its century only by context."""
    value = int(text)
    if len(text) <= 2:
        return (2000 + value, 1900 + value)
    return (value,)


def decimal(text: str) -> Decimal | None:
    """A ``Decimal`` from digits with a ``.`` decimal point, or ``None``."""
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class Mention:
    """One number of the source text.

    Attributes:
        text: The number as written (``19 Uhr``, ``2,5 Millionen``).
        start: Offset of its first character in the text.
        end: Offset one past its last character.
        options: The readings that satisfy it: the target must provide every key of
            at least one of them.
    """

    text: str
    start: int
    end: int
    options: tuple[frozenset[Key], ...]

    def found_in(self, keys: set[Key] | frozenset[Key]) -> bool:
        """Whether a target that provides ``keys`` has this number."""
        return any(option <= keys for option in self.options)


# what a scanned span is replaced with, so that later patterns do not see it again:
# neither a digit, a letter nor a separator
BLANK = "\x00"

Handler = Callable[[re.Match[str]], Iterable[tuple[int, int, object]] | None]


class Scanner:
    """Runs patterns over a text in priority order; a span one pattern took is blanked
    out (same length, offsets kept), so each character belongs to one number at most.

    A handler gets the match and returns the items it found, ``(start, end, value)``
    (usually the match span, one item), or ``None`` to decline (the span stays free for
    later patterns).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.free = text
        self.found: list[tuple[int, int, object]] = []

    def run(self, pattern: re.Pattern[str], handler: Handler) -> None:
        """Apply ``pattern`` to the text not yet taken and record what ``handler`` finds."""
        taken: list[tuple[int, int]] = []
        for match in pattern.finditer(self.free):
            items = list(handler(match) or ())
            if items:
                self.found.extend(items)
                taken.append(match.span())
        if taken:  # matches of one pattern never overlap: blank them in one pass
            parts, last = [], 0
            for start, end in taken:
                parts += [self.free[last:start], BLANK * (end - start)]
                last = end
            self.free = "".join([*parts, self.free[last:]])

    def sorted(self) -> list[tuple[int, int, object]]:
        """What every pattern found, in text order."""
        return sorted(self.found, key=lambda item: (item[0], item[1]))
