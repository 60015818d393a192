"""The numbers an English text provides, as keys (see :mod:`transalign.check.numkeys`).

Read generously (a form a translator may use is a form that counts), in this order:

1. dates: ``December 9``, ``9 December``, ``the 9th of December``, ``Dec. 9, 2021``,
   ``December 9 and 10``, ``9-10 December``; numeric dates ``09/01/2004`` (US order,
   month first; day first only where the first number cannot be a month, ``16/03``),
   ``2004-09-01`` and the German ``1.9.2004`` / ``16.3.`` kept as they were;
2. times: ``7 p.m.``, ``7 PM``, ``7pm``, ``2:30 pm``, ``7 to 9 p.m.``, ``7 o'clock``,
   ``19:00``, ``19.00``, ``19h``, ``noon``, ``midnight`` (``19:00`` also as a score);
3. numbers with a scale: ``2.5 million``, ``€2.5m``, ``3.4bn``, ``5k`` (also the bare 2.5);
4. scores and ranges: ``2-1``, ``2–1``, ``2:1``, ``2 to 1``;
5. numbers in English notation: ``12,500``, ``12 500``, ``1.000.000``, ``2.5``, ``2,5``
   (a German decimal comma kept), integers, also inside words and codes (``A7``,
   ``19th``, ``74-year-old``); ``12.500`` is twelve and a half, as an English reader
   reads it: a German thousands point kept in the translation is flagged;
6. numbers as words: ``two``, ``twenty-one``, ``a hundred``, ``twice``; ordinals
   (``first``, ``nineteenth``) as ordinals only (see :func:`~transalign.check.numkeys.ordinal`).

Every date, time and score also provides its numbers as quantities (``7 PM`` → 7,
``December 9`` → 9), so a bare German ``9`` is found in them.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .numkeys import (
    PERCENT_FRACTIONS,
    Handler,
    Key,
    Scanner,
    date,
    decade,
    decimal,
    duration,
    frac,
    num,
    ordinal,
    race,
    score,
    time,
    years,
)
from .numwords import EN_SCALES, english_numbers
from .tokens import mask_tokens

__all__ = ["MONTHS_EN", "target_items", "target_keys"]

MONTHS_EN: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS_EN, key=len, reverse=True)) + r")\.?"
_B = r"(?<![0-9.,])"  # not inside a number
_E = r"(?![0-9])"
_DAY = r"(?P<d{n}>[0-9]{{1,2}})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<y>[0-9]{4})(?![0-9]))?"
_AND = r"\s*(?:-|–|and|to|&)\s*"

_MONTH_DAY = re.compile(r"\b" + _MONTH + r"\s+(?:the\s+)?" + _DAY.format(n=1)
                        + r"(?:" + _AND + _DAY.format(n=2) + r")?" + r"(?![0-9:])" + _YEAR,
                        re.IGNORECASE)
_DAY_MONTH = re.compile(_B + r"(?:the\s+)?" + _DAY.format(n=1) + r"(?:" + _AND + _DAY.format(n=2)
                        + r")?\.?\s+(?:of\s+)?" + _MONTH + r"(?![a-z])" + _YEAR, re.IGNORECASE)
# a month with its year and no day: "July 2025", "in March of 2024"
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r"(?![a-z]),?\s+(?:of\s+)?(?P<y>(?:19|20)[0-9]{2})"
                         r"(?![0-9])", re.IGNORECASE)
_SLASH_DATE = re.compile(r"(?<![0-9/.])(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})"
                         r"(?:/(?P<y>[0-9]{4}|[0-9]{2}))?(?![0-9/])")
_ISO_DATE = re.compile(_B + r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})" + _E)
_DOT_DATE = re.compile(_B + r"(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?:(?P<y>[0-9]{4}|[0-9]{2})"
                       r"(?![0-9]|\.[0-9])|(?![0-9]))")

_MERIDIEM = r"\s*(?P<mer>a\.\s?m\.?|p\.\s?m\.?|am|pm)(?![a-z])"
_CLOCK = r"(?P<h{n}>[0-9]{{1,2}})(?:[:.](?P<m{n}>[0-9]{{2}}))?"
_TIME_RANGE = re.compile(_B + _CLOCK.format(n=1) + r"\s*(?:-|–|to|and|until|till)\s*"
                         + _CLOCK.format(n=2) + _MERIDIEM, re.IGNORECASE)
_TIME_MER = re.compile(_B + _CLOCK.format(n=1) + _MERIDIEM, re.IGNORECASE)
_OCLOCK = re.compile(r"(?<![0-9.,:])(?:(?P<h1>[0-9]{1,2})(?:[:.](?P<m1>[0-9]{2}))?|\b(?P<w>[a-z]+))"
                     r"\s*o['’]?\s?clock"
                     r"(?P<pod>\s+(?:in the (?:morning|afternoon|evening)|at night|tonight))?",
                     re.IGNORECASE)
_TIME_H = re.compile(_B + _CLOCK.format(n=1) + r"\s?(?:h|hrs|hours)\b")
# (not a decimal before a scale: "2.99 million")
_TIME_COLON = re.compile(_B + r"(?P<h1>[0-9]{1,2})[:.](?P<m1>[0-9]{2})" + r"(?![0-9]|[.,][0-9])"
                         r"(?!\s*(?:thousand|million|billion|trillion|bn|mn|m|k)\b)",
                         re.IGNORECASE)
_NOON = re.compile(r"\b(?P<w>noon|midday|midnight)\b", re.IGNORECASE)
_HOUR_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[0-9]{1,2})"
# what may follow a bare hour that is a time of day ("at eight.", "at 8 and", "at 8 on
# Monday"), not a count ("by 8 points", "after 8 years", "about 20 people")
# what may follow a bare hour that is a time of day ("at eight.", "at 8 and", "at eight
# yesterday"), not a count ("by 8 points", "after 8 years", "about 20 people")
_TIME_CONTEXT = (r"(?=\s*(?:[.,;:!?)\]\"”’]|$)|\s+(?:and|or|on|in|at|to|until|till|sharp"
                 r"|tonight|tomorrow|today|yesterday|last|next|this|that|every|each|when"
                 r"|while|with|for|but|the|we|he|she|they|i|you|it|monday|tuesday|wednesday"
                 r"|thursday|friday|saturday|sunday)\b)")
# "half past seven", "a quarter to eight", British "half seven" (7:30), "at seven thirty"
_WORD_TIME = re.compile(
    r"\b(?:(?P<half>half)\s+(?:past|after)\s+(?P<h1>" + _HOUR_WORDS + r")"
    r"|(?:a\s+)?quarter\s+(?P<rel>past|after|to|before|of)\s+(?P<h4>" + _HOUR_WORDS + r")"
    r"|half\s+(?P<h2>" + _HOUR_WORDS + r")\b" + _TIME_CONTEXT +
    r"|(?:at|by|from|until|till|around|about|before|after)\s+(?P<h3>" + _HOUR_WORDS
    + r")[\s-](?P<mw>fifteen|thirty|forty[\s-]five)\b" + _TIME_CONTEXT + r")\b",
    re.IGNORECASE)
_MINUTE_WORDS = {"fifteen": 15, "thirty": 30}
# what an hour is not followed by: a scale or a percent sign ("about 79 million", "between
# two and three hundred", "about 8 000")
_NOT_SCALED = (r"(?![:.,]?[0-9]|[-–]|\s[0-9]{3}\b|\s*(?:%|per\b|percent\b|hundred\b|dozen\b"
               r"|thousand\b|million\b|billion\b|trillion\b|bn\b|mn\b|m\b|k\b))")
# "8 in the morning", "eight in the evening" (with "o'clock": ``_OCLOCK``)
_POD_TIME = re.compile(
    r"\b(?P<h>" + _HOUR_WORDS + r")(?:[:.](?P<m>[0-9]{2}))?\s+(?P<pod>in\s+the\s+"
    r"(?:morning|afternoon|evening)|at\s+night|tonight)\b", re.IGNORECASE)
# "from 10 to 12 (o'clock)", "between ten and twelve": both ends may be times
_HOUR_RANGE = re.compile(
    r"\b(?:from|between)\s+(?P<h1>" + _HOUR_WORDS + r")\s*(?P<sep>to|and|until|till|-|–)"
    r"\s*(?P<h2>" + _HOUR_WORDS + r")\b" + _NOT_SCALED + r"(?:\s*o['’]?\s?clock)?",
    re.IGNORECASE)
# "at eight.", "by 8 on Monday": an hour after a preposition of time, where a time fits
_AT_HOUR = re.compile(
    r"\b(?:at|by|until|till|before|after|around|about|from)\s+(?P<h>" + _HOUR_WORDS + r")\b"
    + _NOT_SCALED + _TIME_CONTEXT, re.IGNORECASE)
_DAY_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth"]
_ORDINAL_WORD = (r"(?:(?:twenty|thirty)[\s-](?:first|second|third|fourth|fifth|sixth|seventh"
                 r"|eighth|ninth)|" + "|".join(_DAY_ORDINALS) + ")")
# "the third of May", "May the third"
_ORD_OF_MONTH = re.compile(r"\b(?:the\s+)?(?P<ord>" + _ORDINAL_WORD + r")\s+of\s+" + _MONTH
                           + r"(?![a-z])" + _YEAR, re.IGNORECASE)
_MONTH_THE_ORD = re.compile(r"\b" + _MONTH + r"\s+the\s+(?P<ord>" + _ORDINAL_WORD + r")\b"
                            + _YEAR, re.IGNORECASE)
# a floor, counted the British way (the ground floor, then the first) or the American
# way (the first floor is the ground floor): "the second floor" may be "1. Stock"
_FLOOR = re.compile(r"\b(?P<ord>[0-9]{1,3}(?:st|nd|rd|th)|" + _ORDINAL_WORD
                    + r")\s+(?:floor|storey|story)\b", re.IGNORECASE)
# "the 1800s": the 19th century
_CENTURY = re.compile(r"\b(?P<c>1[0-9]|20)00s\b")
# "the 1960s", "the '60s", "the sixties": a decade
_DECADE = re.compile(r"(?<![0-9])(?:(?P<c>1[0-9]|20)|['’])?(?P<d>[0-9]0)['’]?s\b"
                     r"|\b(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties"
                     r"|nineties)\b", re.IGNORECASE)
# "2:04:12", "2 hours, 4 minutes and 12 seconds": a time to the second, in order
_RACE = re.compile(
    _B + r"(?P<a>[0-9]{1,2}):(?P<b>[0-9]{2}):(?P<c>[0-9]{2})(?![0-9])"
    r"|\b(?P<h>[0-9]{1,2}|[a-z]+)\s*(?:hours?|hrs?|h)\b,?\s*(?P<m>[0-9]{1,2}|[a-z]+(?:-[a-z]+)?)\s*"
    r"(?:minutes?|mins?|m)\b,?\s*(?:and\s+)?(?P<s>[0-9]{1,2}|[a-z]+(?:-[a-z]+)?)\s*(?:seconds?"
    r"|secs?|s)\b", re.IGNORECASE)
# "2h05": a duration
_H_MM = re.compile(_B + r"(?P<h>[0-9]{1,2})h(?P<m>[0-9]{2})\b")
# "2 minutes 5 seconds", "2 min 5 sec": minutes and seconds
_MIN_SEC = re.compile(
    r"\b(?P<m>[0-9]{1,2}|[a-z]+)\s*(?:minutes?|mins?)\b,?\s*(?:and\s+)?(?P<s>[0-9]{1,2}(?:\.[0-9]+)?"
    r"|[a-z]+(?:-[a-z]+)?)\s*(?:seconds?|secs?)\b", re.IGNORECASE)
# "two hours and five minutes", "2 hrs 5 min": a duration
_DURATION = re.compile(
    r"\b(?P<h>[0-9]{1,2}|[a-z]+)\s*(?:hours?|hrs?|h)\b,?\s*(?:and\s+)?(?P<m>[0-9]{1,2}|[a-z]+"
    r"(?:-[a-z]+)?)\s*(?:minutes?|mins?|m)\b", re.IGNORECASE)
# "two and a half million", "1 and a half", "a year and a half"
_AND_A_HALF = re.compile(
    r"\b(?:(?P<n>[0-9]+|[a-z]+)|(?P<one>an?|one)\s+[a-z]+)[\s-]+and[\s-]+a[\s-]+half"
    r"(?:\s+(?P<s>thousand|million|billion|trillion))?\b", re.IGNORECASE)
_SMALL = r"(?:nil|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
# "two-one", "one-all", "nil-nil", "goalless"
_WORD_SCORE = re.compile(r"\b(?P<a>" + _SMALL + r")[-–](?P<b>" + _SMALL + r"|all)\b"
                         r"|\b(?P<none>goalless|scoreless)\b", re.IGNORECASE)
# "2010-15", "1998/99": a range of years with the second one cut short
_YEAR_RANGE = re.compile(_B + r"(?P<y1>(?:1[5-9]|20)[0-9]{2})\s?[-–/]\s?(?P<y2>[0-9]{2})(?![0-9])")
# "a decade", "the past decade": ten years
_DECADE_WORD = re.compile(r"\b(?:a|one|the\s+(?:past|last|next|previous))\s+decade\b",
                          re.IGNORECASE)
# "half a million": 500,000
_HALF_A = re.compile(r"\bhalf\s+an?\s+(?P<s>thousand|million|billion|trillion)\b", re.IGNORECASE)
# "a third", "two-thirds", "three quarters", "one in three"; "half", "halved", "cut in
# half", not a part of a time ("the first half of the year", "half-time")
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                 "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
                 "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10, "hundredth": 100,
                 "hundredths": 100, "thousandth": 1000, "thousandths": 1000}
_FRACTION = re.compile(
    r"\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|[0-9]{1,3})[\s-]+"
    r"(?P<one>one[\s-](?=hundredth|thousandth))?(?P<d>"
    + "|".join(_DENOMINATORS) + r")\b|\bone\s+in\s+(?P<k>[0-9]{1,2}|" + _SMALL + r")\b"
    r"|\b(?P<half>halfway|halved|halving|half(?![-–]))\b", re.IGNORECASE)
_TIME_HALF = re.compile(r"(?:first|second|other|latter|former)\s+$", re.IGNORECASE)
# "initial results" for "die ersten Ergebnisse": words a translator uses for "erste"
_FIRST = re.compile(r"\b(?:initial|early|earliest|opening|inaugural|maiden|debut)\b",
                    re.IGNORECASE)
# a number below zero: "minus 12", "-12,500", "negative twelve", "12 (degrees) below zero"
_NUMBER_OR_WORD = (r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
                   r"|[a-z]+(?:-[a-z]+)?)")
_NEGATIVE = re.compile(
    r"(?:\b(?:minus|negative)\s+|(?<![\w.,])[-−–](?=[0-9]))(?P<n>" + _NUMBER_OR_WORD + r")"
    r"|(?<![\w.,])(?P<m>" + _NUMBER_OR_WORD + r")(?=(?:\s*(?:°\s?[CF]?|degrees?(?:\s+Celsius)?))?"
    r"\s+below\s+(?:zero|freezing)\b)", re.IGNORECASE)
# a percentage ("50 percent" may be "die Hälfte")
_PERCENT = re.compile(_B + r"(?P<n>[0-9]+(?:\.[0-9]+)?)\s?(?:%|percent\b|per\s+cent\b)",
                      re.IGNORECASE)

_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_SCALE_WORDS = "|".join(sorted((k for k in EN_SCALES if len(k) > 1), key=len, reverse=True))
_SCALED = re.compile(_B + r"(?P<n>" + _NUMBER + r")(?:\s*(?P<w>" + _SCALE_WORDS + r")"
                     r"|(?P<a>[mbk]))(?![A-Za-z])", re.IGNORECASE)
_SCORE = re.compile(_B + r"(?P<a>[0-9]{1,4})\s?(?:[-–:]|\s+to\s+)\s?(?P<b>[0-9]{1,4})"
                    + r"(?![0-9]|[.,][0-9])")
_THOUSANDS_COMMA = re.compile(_B + r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?" + _E)
_THOUSANDS_SPACE = re.compile(_B + r"[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+"
                              + r"(?:\.[0-9]+)?" + _E)
_THOUSANDS_DOTS = re.compile(_B + r"[0-9]{1,3}(?:\.[0-9]{3}){2,}" + r"(?![0-9]|\.[0-9])")
_DECIMAL = re.compile(_B + r"[0-9]*\.[0-9]+" + _E)
_DECIMAL_COMMA = re.compile(_B + r"[0-9]+,[0-9]{1,2}" + _E + r"(?!,[0-9])")
_INTEGER = re.compile(r"[0-9]+")


def _value(text: str) -> Decimal:
    """The value of a number in English notation (``12,500``, ``12 500``, ``2.5``)."""
    value = decimal(re.sub(r"[,\s\u00a0\u202f\u2009]", "", text))
    assert value is not None
    return value


def _hour24(hour: int, meridiem: str) -> int:
    """The hour on the 24-hour clock of ``hour`` a.m. or p.m."""
    pm = meridiem.lower().startswith("p")
    hour %= 12
    return hour + 12 if pm else hour


def _clock_keys(hour: int, minute: int) -> set[Key]:
    """A time written without a.m./p.m.: the hour as written, and the evening one."""
    keys = {time(hour, minute)}
    if 1 <= hour < 12:
        keys.add(time(hour + 12, minute))
    return keys


def _date_keys(month: int, day: int, year: str | None) -> set[Key]:
    """A date's keys: the date (with its year where written), the day, the year."""
    keys: set[Key] = {date(month, day), num(day)}
    if year:
        keys.add(num(int(year)))
        keys.update(date(month, day, y) for y in years(year))
    return keys


def target_keys(text: str) -> set[Key]:
    """Every key English ``text`` provides (see the module docstring).

    >>> sorted(k for k in target_keys("at 7 p.m. on December 9") if k[0] != "num")
    [('date', 12, 9, None), ('time', 19, 0)]
    """
    return set().union(*target_items(text))


_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])")

_Found = list[tuple[int, int, frozenset[Key]]]


def _provide(m: re.Match[str], found: set[Key]) -> _Found:
    """One item: the span of ``m`` with the keys ``found`` there."""
    return [(m.start(), m.end(), frozenset(found))]


# dates


def _month_day(m: re.Match[str]) -> _Found | None:
    """``December 9``, ``9 December``, ``December 9 and 10``: each valid day a date."""
    month = MONTHS_EN[m["mon"].lower()]
    found: set[Key] = set()
    for day in (m["d1"], m["d2"]):
        if day is not None and 1 <= int(day) <= 31:
            found |= _date_keys(month, int(day), m["y"])
    return _provide(m, found) if found else None


def _month_year(m: re.Match[str]) -> _Found:
    """``July 2025``: the month of that year (day 0), and the year."""
    year = int(m["y"])
    return _provide(m, {date(MONTHS_EN[m["mon"].lower()], 0, year), num(year)})


def _slash_date(m: re.Match[str]) -> _Found:
    """``09/01/2004``: month first, unless the first number cannot be a month."""
    a, b = int(m["a"]), int(m["b"])
    found: set[Key] = {num(a), num(b)}
    if m["y"]:
        found.add(num(int(m["y"])))
    if 1 <= a <= 12 and 1 <= b <= 31:
        found |= _date_keys(a, b, m["y"])  # US: month first
    elif 13 <= a <= 31 and 1 <= b <= 12:
        found |= _date_keys(b, a, m["y"])  # only a day can be 13 or more
    return _provide(m, found)


def _iso_date(m: re.Match[str]) -> _Found | None:
    """``2004-09-01``."""
    month, day = int(m["m"]), int(m["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _provide(m, _date_keys(month, day, m["y"]) | {num(month)})


def _dot_date(m: re.Match[str]) -> _Found | None:
    """A German date kept as it was: ``1.9.2004``, ``16.3.`` (also the decimal ``2.5``)."""
    month, day = int(m["m"]), int(m["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    found = _date_keys(month, day, m["y"]) | {num(month)}
    if not m["y"]:  # "2.5." at the end of a sentence is 2.5
        value = decimal(f"{m['d']}.{m['m']}")
        assert value is not None
        found.add(num(value))
    return _provide(m, found)


# times


def _time_range(m: re.Match[str]) -> _Found | None:
    """``7 to 9 p.m.``: both ends, with the meridiem of the second."""
    found: set[Key] = set()
    for n in ("1", "2"):
        hour, minute = int(m[f"h{n}"]), int(m[f"m{n}"] or 0)
        if not (1 <= hour <= 12 and minute < 60):
            return None
        found |= {time(_hour24(hour, m["mer"]), minute), num(hour)}
    return _provide(m, found)


def _time_meridiem(m: re.Match[str]) -> _Found | None:
    """``7 p.m.``, ``7pm``, ``2:30 PM``."""
    hour, minute = int(m["h1"]), int(m["m1"] or 0)
    if not (hour <= 12 and minute < 60):
        return None
    return _provide(m, {time(_hour24(hour, m["mer"]), minute), num(hour)})


def _oclock(m: re.Match[str]) -> _Found | None:
    """``7 o'clock``, ``seven o'clock in the evening``."""
    minute = int(m["m1"] or 0)
    hour = _word_hour(m["h1"] or m["w"])
    if hour is None or hour > 24 or minute >= 60:
        return None
    pod = (m["pod"] or "").lower()
    if pod and "morning" not in pod and hour < 12:
        return _provide(m, {time(hour + 12, minute), num(hour)})
    return _provide(m, _clock_keys(hour, minute) | {num(hour)})


def _time_hours(m: re.Match[str]) -> _Found:
    """``19h``, ``7 hours``: the number, and the time where it can be one."""
    hour, minute = int(m["h1"]), int(m["m1"] or 0)
    found: set[Key] = {num(hour)}
    if hour <= 24 and minute < 60:
        found.add(time(hour, minute))
    return _provide(m, found)


def _time_colon(m: re.Match[str]) -> _Found:
    """``19:00`` or ``19.00``: a time, a score, the two numbers; with a point also a
    decimal (``15.50``) and a German date kept without its last point (``01.02``)."""
    hour, minute = int(m["h1"]), int(m["m1"])
    found: set[Key] = {num(hour), num(minute), score(hour, minute)}
    with_point = m.group()[len(m["h1"])] == "."
    if with_point:
        value = decimal(m.group())
        assert value is not None
        found.add(num(value))  # 19.15 or 15.50 (a price)
    if hour <= 24 and minute < 60:
        found |= _clock_keys(hour, minute)
    if with_point and 1 <= minute <= 12 and 1 <= hour <= 31:
        found.add(date(minute, hour))  # "01.02": a German date kept, without its point
    return _provide(m, found)


def _noon(m: re.Match[str]) -> _Found:
    """``noon``, ``midday`` (12:00) and ``midnight`` (0:00)."""
    return _provide(m, {time(12)} if m["w"].lower() != "midnight" else {time(0)})


def _word_hour(word: str) -> int | None:
    """The value of an hour written in digits or as a word (None if it is no number)."""
    if word.isdigit():
        return int(word)
    values = [n.value for n in english_numbers(word) if not n.ordinal]
    return int(values[0]) if len(values) == 1 else None


def _word_time(m: re.Match[str]) -> _Found | None:
    """``half past seven``, ``a quarter to eight``, ``half seven`` (British, 7:30),
    ``at seven thirty``: the time in the morning or the evening, and the hour."""
    written = _word_hour(m["h1"] or m["h2"] or m["h3"] or m["h4"])
    if written is None or not 1 <= written <= 12:
        return None
    hour = written
    keys: set[Key] = {num(written)}
    if m["h3"]:
        minute = _MINUTE_WORDS.get(m["mw"].lower(), 45)
        keys.add(num(minute))
    elif m["h1"] or m["h2"]:
        minute = 30
    elif m["rel"].lower() in ("to", "before", "of"):
        hour, minute = written - 1 or 12, 45
    else:
        minute = 15
    keys |= _clock_keys(hour, minute)
    if hour == 12:
        keys.add(time(0, minute))
    return _provide(m, keys)


def _pod_time(m: re.Match[str]) -> _Found | None:
    """``8 in the morning``, ``eight in the evening``, ``11 at night``."""
    hour, minute = _word_hour(m["h"]), int(m["m"] or 0)
    if hour is None or not 1 <= hour <= 12 or minute >= 60:
        return None
    pod = m["pod"].lower()
    later = "afternoon" in pod or "evening" in pod or (("night" in pod) and hour >= 6)
    hour24 = hour % 12 + 12 if later else hour % 12
    return _provide(m, {time(hour24, minute), num(hour)})


def _hour_range(m: re.Match[str]) -> _Found | None:
    """``from 10 to 12 o'clock``, ``between ten and twelve``: the numbers, and both
    ends as times of day."""
    found: set[Key] = set()
    ends = (_word_hour(m["h1"]), _word_hour(m["h2"]))
    for hour in ends:
        if hour is None:
            return None
        found.add(num(hour))
        if hour <= 24:
            found |= _clock_keys(hour, 0)
    if m["sep"] in "-–":  # "came back from 2-0 down": a score too
        found.add(score(*ends))  # type: ignore[arg-type]
    return _provide(m, found)


def _at_hour(m: re.Match[str]) -> _Found | None:
    """``at eight.``, ``by 8 on Monday``: the number, and the time of day it may be."""
    hour = _word_hour(m["h"])
    if hour is None or hour > 24:
        return None
    return _provide(m, {num(hour)} | _clock_keys(hour, 0))


def _ordinal_value(word: str) -> int | None:
    """The value of an ordinal written as a word or with a suffix (``third``, ``3rd``)."""
    digits = re.match(r"[0-9]+", word)
    if digits:
        return int(digits.group())
    days = [n.value for n in english_numbers(word) if n.ordinal]
    return int(days[0]) if len(days) == 1 else None


def _ordinal_date(m: re.Match[str]) -> _Found | None:
    """``the third of May``, ``May the twenty-first``."""
    day = _ordinal_value(m["ord"])
    if day is None or not 1 <= day <= 31:
        return None
    return _provide(m, _date_keys(MONTHS_EN[m["mon"].lower()], day, m["y"]))


def _floor(m: re.Match[str]) -> _Found | None:
    """``the second floor``: the 2nd, or the 1st as a German (or British) count."""
    n = _ordinal_value(m["ord"])
    if n is None:
        return None
    return _provide(m, {num(n), ordinal(n), ordinal(n - 1)})


def _decade(m: re.Match[str]) -> _Found | None:
    """``the 1960s`` (1960, the decade 1960s and the '60s), ``the '60s``, ``the sixties``."""
    if m["w"]:
        d = int(english_numbers(m["w"].lower().replace("ies", "y"))[0].value)
        return _provide(m, {decade(d), num(d)})
    d = int(m["d"])
    if m["c"]:  # "the 1860s" is no "1960er": the century counts
        full = int(m["c"]) * 100 + d
        return _provide(m, {decade(full), num(full)})
    return _provide(m, {decade(d), num(d)})


def _race(m: re.Match[str]) -> _Found | None:
    """``2:04:12``, ``2 hours, 4 minutes and 12 seconds``: a time to the second."""
    parts = [m["a"], m["b"], m["c"]] if m["a"] else [m["h"], m["m"], m["s"]]
    values = [_word_hour(p) for p in parts]
    if None in values:
        return None
    a, b, c = values  # type: ignore[misc]
    return _provide(m, {race(a, b, c), num(a), num(b), num(c)})


def _h_mm(m: re.Match[str]) -> _Found:
    """``2h05``: 2 hours 5 minutes."""
    h, mm = int(m["h"]), int(m["m"])
    return _provide(m, {duration(h, mm), num(h), num(mm)})


def _min_sec(m: re.Match[str]) -> _Found | None:
    """``2 minutes 5 seconds``: a duration in minutes and seconds."""
    minutes = _word_hour(m["m"])
    sec = m["s"]
    seconds = _value(sec) if sec[0].isdigit() else _word_hour(sec)
    if minutes is None or seconds is None:
        return None
    return _provide(m, {duration(minutes, seconds), num(minutes), num(seconds)})  # type: ignore[arg-type]


def _duration(m: re.Match[str]) -> _Found | None:
    """``two hours and five minutes``: the duration 2:05 and its numbers."""
    hours, minutes = _word_hour(m["h"]), _word_hour(m["m"])
    if hours is None or minutes is None or minutes >= 60:
        return None
    return _provide(m, {duration(hours, minutes), num(hours), num(minutes)})


def _century(m: re.Match[str]) -> _Found:
    """``the 1800s``: 1800, and the 19th century."""
    c = int(m["c"])
    return _provide(m, {num(c * 100), ordinal(c + 1)})


def _and_a_half(m: re.Match[str]) -> _Found | None:
    """``two and a half million`` (2.5 million, and 2.5), ``a year and a half`` (1.5)."""
    whole = 1 if m["one"] else _word_hour(m["n"])
    if whole is None:
        return None
    value = Decimal(whole) + Decimal("0.5")
    found = {num(value)} if m["one"] else {num(value), num(whole)}
    if m["s"]:
        found.add(num(value * EN_SCALES[m["s"].lower()]))
    return _provide(m, found)


def _word_score(m: re.Match[str]) -> _Found | None:
    """``two-one``, ``one-all``, ``nil-nil``, ``goalless``."""
    if m["none"]:
        return _provide(m, {score(0, 0), num(0)})
    a = _small_value(m["a"])
    b = a if m["b"].lower() == "all" else _small_value(m["b"])
    return _provide(m, {score(a, b), num(a), num(b)})


def _small_value(word: str) -> int:
    """``nil``, ``zero``, ``one`` … ``ten``, or digits: their value."""
    return 0 if word.lower() in ("nil", "zero") else _word_hour(word) or 0


def _year_range(m: re.Match[str]) -> _Found:
    """``2010-15``: 2010 and 2015 (and the numbers as written)."""
    y1, y2 = int(m["y1"]), int(m["y2"])
    full = y1 // 100 * 100 + y2
    if full < y1:
        full += 100
    return _provide(m, {num(y1), num(full), num(y2)})


def _decade_word(m: re.Match[str]) -> _Found:
    """``a decade``: ten (years)."""
    return _provide(m, {num(10)})


def _half_a(m: re.Match[str]) -> _Found:
    """``half a million``: 500,000."""
    return _provide(m, {num(EN_SCALES[m["s"].lower()] // 2), frac(1, 2)})


def _fraction(m: re.Match[str]) -> _Found | None:
    """``a third``, ``two-thirds``, ``half of``, ``one in three``: the fraction (and, for
    "a third", the ordinal it may also be: "a third option")."""
    if m["half"]:
        if _TIME_HALF.search(m.string[max(0, m.start() - 20):m.start()]):
            return None  # "the first half of the year": a part of a time
        return _provide(m, {frac(1, 2)})
    if m["k"]:
        k = int(m["k"]) if m["k"].isdigit() else _small_value(m["k"])
        return _provide(m, {frac(1, k), num(1), num(k)}) if k else None
    low, denominator = m["n"].lower(), m["d"].lower()
    n = 1 if low in ("a", "an") else int(low) if low.isdigit() else _small_value(low)
    d = _DENOMINATORS[denominator]
    if not n:
        return None
    if d >= 100 and not denominator.endswith("s") and low not in ("a", "an", "one") \
            and not m["one"]:
        return None  # "five hundredth" is the 500th; "five hundredths" (or "five
        # one-hundredth") the fraction
    found = {frac(n, d)} if low in ("a", "an") else {frac(n, d), num(n)}
    if d in (2, 4, 5, 8, 10, 100, 1000):
        found.add(num(Decimal(n) / d))  # "a quarter of a point": 0.25; "four hundredths"
    if n == 1 and d > 2 and not denominator.startswith("quarter"):
        found.add(ordinal(d))  # "a third option"
    return _provide(m, found)


def _first(m: re.Match[str]) -> _Found:
    """``initial``, ``early``: the first."""
    return _provide(m, {ordinal(1)})


def _negative(m: re.Match[str]) -> _Found | None:
    """``minus 12``, ``-12,500``, ``twelve below zero``: the number and its negative."""
    written = m["n"] or m["m"]
    if written[0].isdigit():
        value = _value(written)
    else:
        words = english_numbers(written)
        if len(words) != 1 or words[0].ordinal:
            return None
        value = words[0].value
    return _provide(m, {num(value), num(-value)})


def _percent(m: re.Match[str]) -> _Found:
    """``50 percent``, ``33%``: the number, and the simple fraction it may stand for."""
    value = _value(m["n"])
    found = {num(value)}
    if value in PERCENT_FRACTIONS:
        found.add(frac(*PERCENT_FRACTIONS[value]))
    return _provide(m, found)


# numbers


def _scaled(m: re.Match[str]) -> _Found:
    """``2.5 million``, ``€2.5m``: the scaled value, and the bare number."""
    scale = EN_SCALES[(m["w"] or m["a"]).lower()]
    value = _value(m["n"])
    return _provide(m, {num(value * scale), num(value)})


def _score(m: re.Match[str]) -> _Found:
    """``2-1``, ``2:1``, ``2 to 1``: the score, and both numbers."""
    a, b = int(m["a"]), int(m["b"])
    return _provide(m, {score(a, b), num(a), num(b)})


def _thousands_space(m: re.Match[str]) -> _Found:
    """``12 500``: twelve thousand five hundred, or the numbers written apart."""
    parts = re.split(r"[ \u00a0\u202f\u2009]", m.group())
    return _provide(m, {num(_value(m.group())), *(num(_value(p)) for p in parts)})


def _thousands_dots(m: re.Match[str]) -> _Found:
    """``1.000.000``: a German thousands point, more than one of them."""
    return _provide(m, {num(_value(m.group().replace(".", "")))})


def _plain(m: re.Match[str]) -> _Found:
    """A number in English notation: ``12,500``, ``2.5``."""
    return _provide(m, {num(_value(m.group()))})


def _decimal_comma(m: re.Match[str]) -> _Found:
    """``2,5``: a German decimal comma kept, or two numbers."""
    whole, _, frac = m.group().partition(",")
    value = decimal(f"{whole}.{frac}")
    assert value is not None
    return _provide(m, {num(value), num(int(whole)), num(int(frac))})


def _integer(m: re.Match[str], free: str) -> _Found:
    """An integer; with an ordinal suffix in ``free`` text (``19th``) also the ordinal."""
    value = int(m.group())
    if _ORDINAL_SUFFIX.match(free, m.end()):  # 19th
        return _provide(m, {num(value), ordinal(value)})
    return _provide(m, {num(value)})


# the patterns in priority order (a span one takes is not read again); integers and
# number words come last
_PATTERNS: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (_ORD_OF_MONTH, _ordinal_date),
    (_MONTH_THE_ORD, _ordinal_date),
    (_FLOOR, _floor),
    (_CENTURY, _century),
    (_DECADE, _decade),
    (_RACE, _race),
    (_MIN_SEC, _min_sec),
    (_H_MM, _h_mm),
    (_DURATION, _duration),
    (_MONTH_DAY, _month_day),
    (_DAY_MONTH, _month_day),
    (_MONTH_YEAR, _month_year),
    (_ISO_DATE, _iso_date),
    (_SLASH_DATE, _slash_date),
    (_TIME_RANGE, _time_range),
    (_TIME_MER, _time_meridiem),
    (_HOUR_RANGE, _hour_range),
    (_OCLOCK, _oclock),
    (_NOON, _noon),
    (_WORD_TIME, _word_time),
    (_POD_TIME, _pod_time),
    (_AND_A_HALF, _and_a_half),
    (_WORD_SCORE, _word_score),
    (_HALF_A, _half_a),
    (_DECADE_WORD, _decade_word),
    (_FRACTION, _fraction),
    (_FIRST, _first),
    (_AT_HOUR, _at_hour),
    (_DOT_DATE, _dot_date),
    (_TIME_H, _time_hours),
    (_TIME_COLON, _time_colon),
    (_SCALED, _scaled),
    (_YEAR_RANGE, _year_range),
    (_NEGATIVE, _negative),
    (_SCORE, _score),
    (_PERCENT, _percent),
    (_THOUSANDS_COMMA, _plain),
    (_THOUSANDS_SPACE, _thousands_space),
    (_THOUSANDS_DOTS, _thousands_dots),
    (_DECIMAL, _plain),
    (_DECIMAL_COMMA, _decimal_comma),
)


def _add_number_words(scan: Scanner) -> None:
    """Numbers written as words in the text no pattern took: ``two``, ``first``."""
    for word in english_numbers(scan.free):
        scan.found.append((word.start, word.end, frozenset(
            [ordinal(word.value) if word.ordinal else num(word.value)])))


def target_items(text: str) -> list[frozenset[Key]]:
    """The numbers of English ``text`` in order, each as the set of keys it provides."""
    scan = Scanner(mask_tokens(text))
    for pattern, handler in _PATTERNS:
        scan.run(pattern, handler)
    scan.run(_INTEGER, lambda m: _integer(m, scan.free))  # the text before integers
    _add_number_words(scan)
    return [keys for _, _, keys in scan.sorted()]  # type: ignore[misc]
