"""The numbers of a German text, each with the readings an English translation may use.

Read in this order (a span read once is not read again):

1. dates: ``01.09.2004``, ``12.1.21``, ``9. Dezember``, ``9. Dez. 2021``, ``16.3.``;
2. times: ``19 Uhr``, ``14.30 Uhr``, ``14:30 Uhr``, ``10-12 Uhr`` (both ends), ``15h``,
   and ``0:30`` (a time, or a score); an hour up to 12 without ``morgens``/``abends``
   may be the morning or the evening one (``7 Uhr`` ↔ ``7 a.m.`` or ``7 p.m.``);
3. scores and ratios: ``2:1``, ``61:72`` (in a match also higher first), race times
   ``1:56,34`` and ``2:04:12``, spoken times (``halb acht``), fractions (``ein Drittel``,
   ``die Hälfte``), multiples (``verdoppelt``, ``doppelt so``, ``das Dreifache``, ``ein
   Dutzend``), temperatures below zero (``minus 12 Grad``);
4. numbers with a scale word: ``2,5 Millionen``, ``3,4 Mrd.``, ``zwei Millionen``,
   ``eine Milliarde`` (German ``Billion`` is 10^12, an English trillion);
5. numbers in German notation: ``12.500`` and ``12 500`` (thousands; ``12 500`` may also
   be two numbers; ``25 .000``, with a stray space, is 25000), ``2,5`` (decimal comma),
   ``15.5`` (a decimal point, as in ``30x15.5mm``; ``19.15`` may also be a time), and
   integers, also inside a word or code (``K1``, ``A 7``, ``74-jährige``, ``H0``);
   a decade (``90er``) may be written with its century (``1990s``); an ordinal (``19.``
   in ``19. Jahrhundert``), a number after a rank (``Platz 3``, ``Rang drei``) or in a
   code (``K1``) may be an English ordinal (``19th century``, ``third place``, ``first
   child``), any other number may not (``2 Versuche`` is not "second attempt");
6. cardinals written as words (``zwei``, ``zwölf``, ``einundzwanzig``): lowercase, or
   capitalised at the start of a sentence.

URLs, e-mail addresses, hashtags and handles are left out (they are checked verbatim,
see :mod:`transalign.check.tokens`), and so are the numbers of a few fixed expressions
that a translation rightly drops (``unter vier Augen``, ``eins zu eins``, ``0815``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..segment.abbreviations import ORDINAL_GOVERNORS
from .numkeys import (
    PERCENT_FRACTIONS,
    Handler,
    Key,
    Mention,
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
from .numwords import DE_SCALES, german_ordinal_value, german_word_value
from .tokens import mask_tokens

__all__ = ["MONTHS_DE", "source_mentions"]

_FULL_MONTHS = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
                "september", "oktober", "november", "dezember")
_OTHER_MONTHS = {"jänner": 1, "feber": 2, "maerz": 3}
_ABBREVIATED_MONTHS = {"jan": 1, "feb": 2, "mär": 3, "mrz": 3, "apr": 4, "jun": 6, "jul": 7,
                       "aug": 8, "sept": 9, "sep": 9, "okt": 10, "nov": 11, "dez": 12}
MONTHS_DE: dict[str, int] = {**{m: i for i, m in enumerate(_FULL_MONTHS, 1)}, **_OTHER_MONTHS,
                             **_ABBREVIATED_MONTHS}
# a month's name, or its abbreviation with or without its point
_MONTH = ("(?:" + "|".join([*_FULL_MONTHS, *_OTHER_MONTHS]) + "|(?:"
          + "|".join(sorted(_ABBREVIATED_MONTHS, key=len, reverse=True)) + r")\.?)")
_NOT_DIGIT_BEFORE = r"(?<![0-9.,])"
_NOT_DIGIT_AFTER = r"(?![0-9])"
_LETTER = "A-Za-zÄÖÜäöüß"

_DATE_FULL = re.compile(
    _NOT_DIGIT_BEFORE + r"(?P<d>[0-9]{1,2})\.\s?(?P<m>[0-9]{1,2})\.\s?(?P<y>[0-9]{4}|[0-9]{2})"
    + r"(?![0-9]|\.[0-9])")
_DATE_NAMED = re.compile(
    _NOT_DIGIT_BEFORE + r"(?P<d>[0-9]{1,2})\.?\s*(?P<mon>" + _MONTH + r")"
    + rf"(?![{_LETTER}])(?:\s+(?P<y>[0-9]{{4}}){_NOT_DIGIT_AFTER})?", re.IGNORECASE)
# a month with its year and no day: "Juli 2025", "im März 2024" (full names only)
_MONTH_YEAR = re.compile(
    r"(?<![0-9]\.\s)(?<![0-9]\.)\b(?P<mon>" + "|".join([*_FULL_MONTHS, *_OTHER_MONTHS])
    + rf")(?![{_LETTER}])\s+(?P<y>(?:19|20)[0-9]{{2}})" + _NOT_DIGIT_AFTER
    # not a count: "im Juni 2000 neue Fälle" (an adjective or none, then a noun)
    + r"(?-i:(?!\s+(?:[a-zäöüß]+(?:e|en|er|es)\s+)?[A-ZÄÖÜ][a-zäöüß]))", re.IGNORECASE)
_DATE_SHORT = re.compile(_NOT_DIGIT_BEFORE + r"(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?![0-9])")

_HOUR = r"(?P<h{n}>[0-9]{{1,2}})(?:[.:](?P<m{n}>[0-9]{{2}}))?"
_UHR = r"\s*Uhr\b(?:\s+(?P<extra>[0-9]{2})(?![0-9]|\s*(?:Uhr|Minuten|Min\b)))?"
_PART_OF_DAY = (r"(?P<pod>\s+(?:morgens|früh|vormittags|mittags|nachmittags|abends|nachts"
                r"|in der Früh|am Morgen|am Vormittag|am Nachmittag|am Abend|in der Nacht))?")
_TIME_RANGE = re.compile(
    _NOT_DIGIT_BEFORE + _HOUR.format(n=1) + r"\s*(?:-|–|bis|und)\s*" + _HOUR.format(n=2)
    + _UHR + _PART_OF_DAY)
_TIME_UHR = re.compile(_NOT_DIGIT_BEFORE + _HOUR.format(n=1) + _UHR + _PART_OF_DAY)
_TIME_H = re.compile(_NOT_DIGIT_BEFORE + r"(?P<h1>[0-9]{1,2})\s?h\b")
# "halb acht" (7:30), "Viertel nach acht" (8:15), "Viertel vor acht", "dreiviertel acht" (7:45)
_TIME_SPOKEN = re.compile(
    r"(?<![\w])(?P<kind>halb|viertel\s+nach|viertel\s+vor|dreiviertel|drei\s+viertel"
    r"|(?-i:viertel))\s+"
    r"(?P<h>eins|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|[0-9]{1,2})"
    r"(?:\s+Uhr)?(?![\w])" + _PART_OF_DAY, re.IGNORECASE)
_COLON = re.compile(_NOT_DIGIT_BEFORE + r"(?P<a>[0-9]{1,3})\s?:\s?(?P<b>[0-9]{1,3})"
                    + _NOT_DIGIT_AFTER)

# a number in German notation: thousands with dots or spaces, a decimal comma
_NUMBER = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"
# a scale word, or its abbreviation with or without its point
_SCALE = (r"(?:Tausend|tausend|Millionen|Million|Milliarden|Milliarde|Billionen|Billion"
          r"|(?:Mio|Mrd|Tsd)\.?)")
_SCALED = re.compile(_NOT_DIGIT_BEFORE + r"(?P<n>" + _NUMBER + r")\s*(?P<s>" + _SCALE + ")"
                     + rf"(?![{_LETTER}])")
_THOUSANDS_DOT = re.compile(_NOT_DIGIT_BEFORE + r"[0-9]{1,3}(?: ?\.[0-9]{3})+(?:,[0-9]+)?"
                            + r"(?![0-9]|\.[0-9])")
_THOUSANDS_SPACE = re.compile(_NOT_DIGIT_BEFORE + r"[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+"
                              + r"(?:,[0-9]+)?" + _NOT_DIGIT_AFTER)
_DECIMAL_COMMA = re.compile(_NOT_DIGIT_BEFORE + r"[0-9]+,[0-9]+" + _NOT_DIGIT_AFTER)
_DECIMAL_POINT = re.compile(_NOT_DIGIT_BEFORE + r"[0-9]+\.[0-9]+" + r"(?![0-9]|\.[0-9])")
_INTEGER = re.compile(r"[0-9]+")
_ORDINAL_AFTER = re.compile(rf"\.\s+[{_LETTER}]")
# a rank or a numbered part: "Platz drei", "Rang 5" → "third place", "5th"
_RANK_BEFORE = re.compile(r"(?:Platz|Rang|Position|Nummer|Nr\.|Kapitel|Teil|Staffel|Folge|Band"
                          r"|Runde|Spieltag|Etappe|Stufe|Klasse|Liga|Gang|Akt|Level)\s*$")
# a ratio, which keeps its order ("im Verhältnis 1:3"); a score English gives higher
# first ("nach dem 0:2 zur Pause": "2-0 down")
_RATIO = re.compile(r"(?i)verhältnis|maßstab|massstab|mischung|quote|relation|übersetzung")
# a defeat: its score may be given either way round ("Köln verlor 3:1 gegen …")
_LOSS = re.compile(r"(?i)(?<![\w])(?:verl(?:or|oren|ieren|iert)|unterl(?:ag|agen|iegt|iegen)"
                   r"|niederlage)")
# a percentage, which may be a simple fraction ("50 Prozent" → "half")
_PERCENT_AFTER = re.compile(r"\s?(?:%|Prozent\b|v\.\s?H\.)")
# a temperature below zero: the translation must keep the sign ("minus 12 Grad" → "-12
# degrees", "12 below zero"); other minus signs are changes ("-0,5 %": "down 0.5%")
_MINUS_TEMPERATURE = re.compile(
    r"(?<![\w])(?:minus\s+|[-−](?=[0-9]))(?P<n>[0-9]+(?:,[0-9]+)?)(?=\s?(?:°|Grad\b))")
# "ein Drittel", "zwei Drittel", "drei Viertel", "die Hälfte"
_DENOMINATORS_DE = {"Drittel": 3, "Viertel": 4, "Fünftel": 5, "Sechstel": 6, "Achtel": 8,
                    "Zehntel": 10, "Hundertstel": 100, "Tausendstel": 1000}
_FRACTION_DE = re.compile(
    r"(?<![\w])(?:(?P<n>(?i:ein|eine|einem|einen|einer|eines|zwei|drei|vier|fünf|sieben|neun)"
    r"|[0-9]{1,2})\s+(?P<d>" + "|".join(_DENOMINATORS_DE) + r")(?:sekunden?)?"
    r"|(?P<half>Hälfte))(?![\w])")
# "Hälfte" as a part of a time, not a quantity ("in der ersten Hälfte des Jahres")
_TIME_HALF_DE = re.compile(r"(?:ersten|zweiten|anderen|letzten|beiden)\s+$", re.IGNORECASE)
# "in einem Viertel": a district, not a quarter
_DISTRICT = re.compile(r"(?<![\w])(?:in|aus|durch)\s+(?:einem|einen|ein)\s+$", re.IGNORECASE)
# a race time or a duration to the second: "1:56,34 Minuten", "2:04:12 Stunden"
_RACE_TIME = re.compile(_NOT_DIGIT_BEFORE + r"(?P<a>[0-9]{1,2}):(?P<b>[0-9]{2})(?::(?P<c>[0-9]{2})"
                        r"|,(?P<f>[0-9]{1,3}))" + _NOT_DIGIT_AFTER + r"(?!\s*Uhr)")
# "doppelt so viele", "das Dreifache", "vierfach": a multiple
_TIMES_AS = re.compile(r"(?<![\w])(?:(?P<d>doppelt)(?=\s+so\b)|das\s+(?P<n>Doppelte|Dreifache"
                       r"|Vierfache|Fünffache|Zehnfache)|(?P<a>zwei|drei|vier|fünf|zehn)fach\w*)")
_MULTIPLE_NOUNS = {"Doppelte": 2, "Dreifache": 3, "Vierfache": 4, "Fünffache": 5, "Zehnfache": 10}
# a duration written as a clock ("2:05 Stunden": 2 hours 5 minutes; "2:05 Minuten": 2
# minutes 5 seconds)
_DURATION_AFTER = re.compile(r"\s*(?:Stunden|Std\.?|h\b|Minuten|Min\.?)")
# "in den 1960er Jahren": the 1960s, or the '60s
_DECADE_FULL = re.compile(_NOT_DIGIT_BEFORE + r"(?P<y>1[0-9]{2}0|20[0-9]0)er(?:n|s)?(?![a-zäöü])")
# "verdoppelt", "verdreifacht", "halbiert": a multiple or a half
_MULTIPLY = re.compile(r"(?<![\w])(?P<w>verdoppel|verdreifach|vervierfach|verfünffach|verzehnfach"
                       r"|halbier)\w*", re.IGNORECASE)
_MULTIPLES = {"verdoppel": 2, "verdreifach": 3, "vervierfach": 4, "verfünffach": 5,
              "verzehnfach": 10}
# "ein Dutzend", "zwei Dutzend"
_DOZEN = re.compile(r"(?<![\w])(?P<n>(?i:ein|eine|einem|einen|einer|eines|zwei|drei|vier|fünf)"
                    r"|[0-9]{1,2})\s+Dutzend(?![\w])")
# "die Zwanzigerjahre", "in den achtziger Jahren"
_DECADE_WORD = re.compile(
    r"(?<![\w])(?P<w>zwanziger|dreißiger|dreissiger|vierziger|fünfziger|sechziger|siebziger"
    r"|achtziger|neunziger)(?:\s*-?\s*Jahre[n]?|jahre[n]?)(?![\w])", re.IGNORECASE)
_DECADE = re.compile(_NOT_DIGIT_BEFORE + r"(?P<d>[0-9]0)er(?:n|s)?(?![a-zäöü])")
_WORD = re.compile(rf"(?<![{_LETTER}])[{_LETTER}]+(?![{_LETTER}])")
_SCALE_AFTER = re.compile(r"\s+(" + _SCALE + rf")(?![{_LETTER}])")
_ARTICLES = ("ein", "eine", "einer", "einem", "einen", "eines")
# what may stand between the start of a sentence and its first word
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s)[\s\"'„“”‚‘’«»›‹()\[\]\-–—]*$")
# an article, a contracted preposition or a determiner right before an ordinal word
# ("die dritte Frau", "zum zweiten Mal", "jeder dritte"): without one, "zweite" may be
# an idiom ("in zweiter Linie", "aus zweiter Hand") and "achten" the verb
_DETERMINER_BEFORE = re.compile(
    r"(?<![\w])(?:" + "|".join(sorted(ORDINAL_GOVERNORS)) + r")\s+$", re.IGNORECASE)
# a capitalised ordinal is a noun after these ("als Erster", "der Dritte der Tabelle"), not in
# a name ("der Zweite Weltkrieg": "World War II")
_NOMINAL_ORDINAL_BEFORE = re.compile(r"(?<![\w])(?:[Aa]ls|[Dd](?:er|ie|as|en|em|es))\s+$")
# a capitalised ordinal as a predicate ("sie wurde Fünfte")
_PREDICATE_BEFORE = re.compile(r"(?<![\w])(?:wurde|wurden|wird|werden|war|waren|ist|sind"
                               r"|landete|landeten)\s+$")
# fixed expressions whose number is no quantity a translation keeps ("unter vier Augen":
# in private; "0815": run-of-the-mill; "fünf vor zwölf": at the eleventh hour)
_IDIOMS = re.compile(
    r"(?<![\w])(?:unter vier Augen|vier Wänden?|(?:eins|1) zu (?:eins|1)|0815|08/15"
    r"|fünfe? gerade sein|zwei Fliegen mit einer Klappe|sieben Sachen|zwei linke Hände"
    r"|(?:fünf|5) (?:Minuten )?vor (?:zwölf|12))(?!\w)", re.IGNORECASE)


def _rank_before(text: str, start: int) -> bool:
    """Whether a rank word ("Platz", "Rang") stands right before offset ``start``."""
    return _RANK_BEFORE.search(text[max(0, start - 16):start]) is not None


def _scale(word: str) -> int:
    """The value of a German scale word (``Millionen``, ``Mrd.``)."""
    return DE_SCALES[word.lower().rstrip(".")]


def _de_value(text: str) -> Decimal:
    """The value of a number in German notation (``12.500``, ``12 500``, ``2,5``)."""
    plain = re.sub(r"[.\s\u00a0\u202f\u2009]", "", text).replace(",", ".")
    value = decimal(plain)
    assert value is not None
    return value


def _options(*options: Key | frozenset[Key] | tuple[Key, ...]) -> tuple[frozenset[Key], ...]:
    """The readings of a mention, each a key or keys all needed, without repeats."""
    out: list[frozenset[Key]] = []
    for option in options:
        if isinstance(option, frozenset):
            out.append(option)
        elif option and isinstance(option[0], str):  # a single key
            out.append(frozenset([option]))
        else:
            out.append(frozenset(option))  # several keys, all needed
    return tuple(dict.fromkeys(out))


def _date_options(month: int, day: int, year: str | None) -> tuple[frozenset[Key], ...]:
    """The readings of a date, with its year as written (``21`` may be 2021 or 1921)."""
    if year is None:
        return _options(date(month, day))
    opts: list[frozenset[Key]] = []
    for y in years(year):
        # the date with its year, or the day and month with the year written apart
        opts += [frozenset([date(month, day, y)]), frozenset([date(month, day), num(y)])]
    if len(year) <= 2:
        opts.append(frozenset([date(month, day), num(int(year))]))
    return tuple(opts)


def _valid_date(day: int, month: int) -> bool:
    """Whether ``day`` and ``month`` can be a date."""
    return 1 <= day <= 31 and 1 <= month <= 12


def _time_options(hour: int, minute: int, part_of_day: str | None) -> tuple[frozenset[Key], ...]:
    """The times ``hour:minute`` may be: an hour up to 12 is the morning or evening one
    unless a part of the day says which."""
    pod = (part_of_day or "").strip().lower()
    evening = any(w in pod for w in ("nachmittag", "abend", "nacht"))
    morning = any(w in pod for w in ("morgen", "früh", "vormittag"))
    if 1 <= hour < 12 and evening:
        return _options(time(hour + 12, minute))
    if 1 <= hour < 12 and not morning:
        return _options(time(hour, minute), time(hour + 12, minute))
    return _options(time(hour, minute))


_Found = list[tuple[int, int, tuple[frozenset[Key], ...]]]


def _mention(m: re.Match[str], options: tuple[frozenset[Key], ...]) -> _Found:
    """One mention: the span of ``m`` with its ``options``."""
    return [(m.start(), m.end(), options)]


def _clock(h: str, mi: str | None) -> tuple[int, int] | None:
    """Hour and minute, if they make a time of day (``24:00`` included)."""
    hour, minute = int(h), int(mi or 0)
    return (hour, minute) if hour <= 24 and minute < 60 else None


# dates


def _full_date(m: re.Match[str]) -> _Found | None:
    """``01.09.2004``, ``12.1.21``."""
    d, mo = int(m["d"]), int(m["m"])
    if not _valid_date(d, mo):
        return None
    return _mention(m, _date_options(mo, d, m["y"]))


def _named_date(m: re.Match[str]) -> _Found | None:
    """``9. Dezember``, ``9. Dez. 2021``."""
    d = int(m["d"])
    if not 1 <= d <= 31:
        return None
    month = MONTHS_DE[m["mon"].lower().rstrip(".")]
    return _mention(m, _date_options(month, d, m["y"]))


def _month_year(m: re.Match[str]) -> _Found:
    """``Juli 2025``: the month of that year (day 0); the translation must name both."""
    return _mention(m, _options(date(MONTHS_DE[m["mon"].lower()], 0, int(m["y"]))))


def _short_date(m: re.Match[str]) -> _Found | None:
    """``16.3.``: a date without its year."""
    d, mo = int(m["d"]), int(m["m"])
    if not _valid_date(d, mo):
        return None
    return _mention(m, _options(date(mo, d)))


# times


def _time_range(m: re.Match[str]) -> _Found | None:
    """``10-12 Uhr``: two mentions, one for each end."""
    first, second = _clock(m["h1"], m["m1"]), _clock(m["h2"], m["m2"] or m["extra"])
    if first is None or second is None:
        return None
    end_first = m.end("m1") if m["m1"] else m.end("h1")
    return [(m.start(), end_first, _time_options(*first, m["pod"])),
            (m.start("h2"), m.end(), _time_options(*second, m["pod"]))]


def _time_uhr(m: re.Match[str]) -> _Found | None:
    """``19 Uhr``, ``14.30 Uhr``, ``7 Uhr abends``."""
    found = _clock(m["h1"], m["m1"] or m["extra"])
    if found is None:
        return None
    return _mention(m, _time_options(*found, m["pod"]))


def _time_spoken(m: re.Match[str]) -> _Found | None:
    """``halb acht`` (7:30), ``Viertel nach acht`` (8:15), ``Viertel vor acht`` and
    ``dreiviertel acht`` (7:45), regional ``viertel acht`` (7:15): the hour named is
    the one the time leads to."""
    named = _small_number(m["h"])
    if named is None or not 1 <= named <= 12:
        return None
    kind = m["kind"].lower()
    if kind.endswith("nach"):
        hour, minute = int(named), 15
    elif kind == "viertel":  # regional: "viertel neun" is 8:15
        hour, minute = int(named) - 1 or 12, 15
    else:
        hour, minute = int(named) - 1 or 12, 30 if kind == "halb" else 45
    options = _time_options(hour, minute, m["pod"])
    if hour == 12:
        options += _options(time(0, minute))
    return _mention(m, options)


def _clause_around(m: re.Match[str]) -> str:
    """The text around a match up to the nearest commas, semicolons or sentence ends
    (within 40 characters each side)."""
    text = m.string
    before = text[max(0, m.start() - 40):m.start()]
    after = text[m.end():m.end() + 40]
    return re.split(r"[,;.!?]", before)[-1] + m.group() + re.split(r"[,;.!?]", after)[0]


def _race_time(m: re.Match[str]) -> _Found:
    """``1:56,34`` (1 minute 56.34 seconds), ``2:04:12`` (2 hours 4 minutes 12 seconds):
    the numbers, in the English forms ("1:56.34", "two hours, four minutes and 12 seconds")."""
    if m["c"]:
        return _mention(m, _options(race(int(m["a"]), int(m["b"]), int(m["c"]))))
    else:
        keys = {num(int(m["a"])), num(Decimal(f"{m['b']}.{m['f']}"))}
    return _mention(m, (frozenset(keys),))


def _times_as(m: re.Match[str]) -> _Found:
    """``doppelt so viele`` (twice as many), ``das Dreifache`` (three times), ``vierfach``."""
    if m["d"]:
        n = 2
    elif m["n"]:
        n = _MULTIPLE_NOUNS[m["n"]]
    else:
        n = int(german_word_value(m["a"]) or 0)
    return _mention(m, _options(num(n)))


def _time_h(m: re.Match[str]) -> _Found | None:
    """``15h``: 3 p.m., or fifteen hours."""
    found = _clock(m["h1"], None)
    if found is None:
        return None
    return _mention(m, _options(*_time_options(*found, None), num(found[0])))


def _colon(m: re.Match[str]) -> _Found:
    """``2:1``, ``61:72``: a score; ``0:30`` may also be a time."""
    a, b = int(m["a"]), int(m["b"])
    opts = [frozenset([score(a, b)])]
    clause = _clause_around(m)
    if (a < b and not _RATIO.search(clause)) or _LOSS.search(clause):
        # in a match English puts the higher score first: "0:2 zur Pause" is "2-0 down at
        # half-time", "verlor 1:3" is "lost 3-1" (not a ratio: "Maßstab 1:25")
        opts.append(frozenset([score(b, a)]))
    if len(m["b"]) == 2 and _clock(m["a"], m["b"]) is not None:
        opts += _time_options(a, b, None)
        if _DURATION_AFTER.match(m.string, m.end()):  # "in 2:05 Stunden": 2 hours 5 minutes
            opts.append(frozenset([duration(a, b)]))
    return _mention(m, tuple(opts))


# numbers


def _scaled(m: re.Match[str]) -> _Found:
    """``2,5 Millionen``, ``3,4 Mrd.``."""
    value = _de_value(m["n"]) * _scale(m["s"])
    return _mention(m, _options(num(value)))


def _thousands_space(m: re.Match[str]) -> _Found:
    """``12 500``: twelve thousand five hundred, or the numbers written apart."""
    parts = re.split(r"[ \u00a0\u202f\u2009]", m.group())
    return _mention(m, _options(num(_de_value(m.group())),
                                tuple(num(_de_value(p)) for p in parts)))


def _plain(m: re.Match[str]) -> _Found:
    """A number in German notation: ``12.500``, ``2,5``."""
    value = _de_value(m.group())
    return _mention(m, (*_options(num(value)), *_percent_fraction(value, m)))


def _percent_fraction(value: Decimal, m: re.Match[str]) -> tuple[frozenset[Key], ...]:
    """``50 Prozent`` may be "half" in the translation: that option, if any."""
    if value in PERCENT_FRACTIONS and _PERCENT_AFTER.match(m.string, m.end()):
        return _options(frac(*PERCENT_FRACTIONS[value]))
    return ()


def _minus_temperature(m: re.Match[str]) -> _Found:
    """``minus 12 Grad``, ``-3 °C``: the negative number."""
    return _mention(m, _options(num(-_de_value(m["n"]))))


def _decimal_point(m: re.Match[str]) -> _Found:
    """``15.5``: a decimal point; ``19.15`` may also be a time (``um 19.15``)."""
    value = decimal(m.group())
    assert value is not None
    opts = [frozenset([num(value)])]
    whole, _, frac = m.group().partition(".")
    if len(frac) == 2 and _clock(whole, frac) is not None:  # "um 19.15" without "Uhr"
        opts += _time_options(int(whole), int(frac), None)
    return _mention(m, tuple(opts))


def _decade(m: re.Match[str]) -> _Found:
    """``90er``: the number, or the decade with a century (``1990s``)."""
    d = int(m["d"])  # "die 90er": the 1990s (or the 1890s, 2090s), or just 90
    return _mention(m, _decade_options(d))


def _decade_options(d: int) -> tuple[frozenset[Key], ...]:
    return _options(num(d), num(1900 + d), num(2000 + d), num(1800 + d), decade(d))


def _decade_full(m: re.Match[str]) -> _Found:
    """``1960er``: 1960 (the 1960s), or the '60s, the sixties."""
    y = int(m["y"])
    return _mention(m, _options(num(y), decade(y), decade(y % 100)))


def _multiply(m: re.Match[str]) -> _Found:
    """``verdoppelt`` (doubled: 2), ``verdreifacht`` (3), ``halbiert`` (halved: 1/2)."""
    stem = m["w"].lower()
    if stem == "halbier":
        return _mention(m, _options(frac(1, 2)))
    return _mention(m, _options(num(_MULTIPLES[stem])))


def _dozen(m: re.Match[str]) -> _Found | None:
    """``ein Dutzend`` (12: "a dozen", "twelve"), ``zwei Dutzend`` (24)."""
    n = _small_number(m["n"])
    return _mention(m, _options(num(12 * n))) if n else None


def _decade_word(m: re.Match[str]) -> _Found | None:
    """``Zwanzigerjahre``, ``achtziger Jahre``: as ``20er``."""
    d = german_word_value(m["w"].lower().replace("ss", "ß")[:-2])
    return _mention(m, _decade_options(d)) if d else None


def _fraction(m: re.Match[str]) -> _Found | None:
    """``ein Drittel`` (1/3), ``drei Viertel`` (3/4), ``die Hälfte`` (1/2): the
    fraction ("a third", "three quarters", "half", "one in three", "33%")."""
    before = m.string[max(0, m.start() - 30):m.start()]
    if m["half"]:
        return None if _TIME_HALF_DE.search(before) else _mention(m, _options(frac(1, 2)))
    if m["d"] == "Viertel" and _DISTRICT.search(before + m["n"] + " "):
        return None  # "in einem Viertel, das …": a district
    n = _small_number(m["n"])
    if not n:
        return None
    d = _DENOMINATORS_DE[m["d"]]
    if d >= 10:  # "zwei Hundertstel" is also written 0.02
        return _mention(m, _options(frac(n, d), num(Decimal(n) / d)))
    return _mention(m, _options(frac(n, d)))


def _small_number(word: str) -> int | None:
    """``8``, ``acht``, ``ein``/``eins``/``eine…`` (1): a small number's value."""
    low = word.lower()
    if low.isdigit():
        return int(low)
    return 1 if low.startswith("ein") else german_word_value(low)


def _integer(m: re.Match[str], text: str) -> _Found:
    """An integer; an ordinal (``19.`` before a word), one after a rank word or inside a
    code (``K1``) may also be an English ordinal."""
    value = int(m.group())
    # an ordinal ("19. Jahrhundert") or a numbered thing ("K1", "F1") may be a word
    # in the translation ("19th"/"nineteenth century", "first child")
    if (_ORDINAL_AFTER.match(text, m.end()) or _rank_before(text, m.start())
            or (m.start() > 0 and text[m.start() - 1].isalpha())):
        return _mention(m, _options(num(value), ordinal(value)))
    return _mention(m, (*_options(num(value)), *_percent_fraction(Decimal(value), m)))


# numbers as words


def _is_noun(token: str, text: str, start: int) -> bool:
    """Whether a capitalised number word is a noun ("die Elf", "außer Acht"): it is,
    unless it starts a sentence."""
    before = text[max(0, start - 12):start]
    return token[0].isupper() and not _SENTENCE_START.search(before)


def _word(m: re.Match[str], text: str, free: str) -> _Found | None:
    """``zwei``, ``einundzwanzig``, ``Rang drei``; with a scale word after it (``zwei
    Millionen``, ``eine Milliarde``) the scaled value. ``free`` is the text not yet taken."""
    token = m.group()
    lower = token.lower()
    after = _SCALE_AFTER.match(free, m.end())
    if lower in _ARTICLES:
        if after is None:
            return None
        return [(m.start(), after.end(), _options(num(_scale(after[1]))))]
    value = _half_value(lower)
    if value is None:
        value = german_word_value(lower)
    if value is None and lower == "eins" and _rank_before(text, m.start()):
        value = 1  # "auf Platz eins" (alone, "eins" is mostly a pronoun)
    window = text[max(0, m.start() - 16):m.start()]
    if value is None and (not _is_noun(token, text, m.start())
                          or _NOMINAL_ORDINAL_BEFORE.search(window)
                          or _PREDICATE_BEFORE.search(window)):
        return _ordinal_or_times(m, text)
    if value is None or _is_noun(token, text, m.start()):
        return None
    if after is not None:
        return [(m.start(), after.end(), _options(num(value * _scale(after[1]))))]
    if _rank_before(text, m.start()):
        return _mention(m, _options(num(value), ordinal(value)))
    return _mention(m, _options(num(value)))


def _half_value(word: str) -> Decimal | None:
    """``zweieinhalb`` (2.5), ``eineinhalb`` and ``anderthalb`` (1.5)."""
    if word == "anderthalb":
        return Decimal("1.5")
    if not word.endswith("einhalb"):
        return None
    head = word[: -len("einhalb")]
    whole = 1 if head == "ein" else german_word_value(head)
    return None if whole is None else Decimal(whole) + Decimal("0.5")


_SUPERLATIVE = re.compile(r"(?P<o>zweit|dritt|viert|fünft|sechst|siebt|acht|neunt|zehnt)"
                          r"(?!los|sam|bar|ung|el)[a-zäöüß]{2,}(?<!i)ste[nmrs]?")

_SUPERLATIVE_VALUES = {"zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7,
                       "acht": 8, "neunt": 9, "zehnt": 10}


def _ordinal_superlative(word: str) -> int | None:
    """``drittwärmste`` (3), ``zweitgrößten`` (2): a superlative ranked by an ordinal."""
    m = _SUPERLATIVE.fullmatch(word)
    return _SUPERLATIVE_VALUES[m["o"]] if m else None


def _ordinal_or_times(m: re.Match[str], text: str) -> _Found | None:
    """``zweimal`` (from two on: "einmal" is also "even" or "once upon"), or an ordinal
    word after a determiner (``die dritte Frau``: the third, or 3rd, or Q3)."""
    lower = m.group().lower()
    if lower.endswith("mal"):
        times = german_word_value(lower[:-3])
        if times is None or times < 2:
            return None
        return _mention(m, _options(num(times)))
    value = german_ordinal_value(lower)
    before = text[max(0, m.start() - 16):m.start()]
    if value is None:
        value = _ordinal_superlative(lower)
        if value is not None:  # "drittwärmste", "zweitgrößten": the third, second …
            return _mention(m, _options(ordinal(value), num(value)))
    if value is None or not (_DETERMINER_BEFORE.search(before)
                             or _NOMINAL_ORDINAL_BEFORE.search(before)
                             or (m.group()[0].isupper() and _PREDICATE_BEFORE.search(before))):
        return None
    if re.search(r"(?<![\w])jede[rsn]?\s+$", before, re.IGNORECASE):
        # "jeder vierte Befragte": one in four, a quarter
        return _mention(m, _options(num(value), ordinal(value), frac(1, value)))
    if m.group()[0].isupper() and re.match(r"\s+[A-ZÄÖÜ]", text[m.end():]):
        return None  # in a name: "der Zweite Weltkrieg", "das Zweite Deutsche Fernsehen"
    if m.group() == "erstes" and before.rstrip().lower().endswith("als"):
        return None  # "als erstes": at first, not a rank
    return _mention(m, _options(num(value), ordinal(value)))


def _patterns(text: str, scan: Scanner) -> list[tuple[re.Pattern[str], Handler]]:
    """The patterns in priority order (a span one takes is not read again), each with
    its handler; words and integers also look at ``text`` around the match."""
    return [
        (_DATE_FULL, _full_date),
        (_DATE_NAMED, _named_date),
        (_MONTH_YEAR, _month_year),
        (_TIME_RANGE, _time_range),
        (_TIME_UHR, _time_uhr),
        (_TIME_SPOKEN, _time_spoken),
        (_DATE_SHORT, _short_date),
        (_TIME_H, _time_h),
        (_RACE_TIME, _race_time),
        (_COLON, _colon),
        (_SCALED, _scaled),
        (_MINUS_TEMPERATURE, _minus_temperature),
        (_FRACTION_DE, _fraction),
        (_DOZEN, _dozen),
        (_MULTIPLY, _multiply),
        (_TIMES_AS, _times_as),
        (_DECADE_WORD, _decade_word),
        (_DECADE_FULL, _decade_full),
        # (scan.free is updated after each run: during it, the text before words)
        (_WORD, lambda m: _word(m, text, scan.free)),
        (_THOUSANDS_DOT, _plain),
        (_THOUSANDS_SPACE, _thousands_space),
        (_DECIMAL_COMMA, _plain),
        (_DECIMAL_POINT, _decimal_point),
        (_DECADE, _decade),
        (_INTEGER, lambda m: _integer(m, text)),
    ]


def source_mentions(text: str) -> list[Mention]:
    """The numbers of German ``text``, in order (see the module docstring).

    >>> [(m.text, sorted(map(sorted, m.options))) for m in source_mentions("am 9. Dezember")]
    [('9. Dezember', [[('date', 12, 9, None)]])]
    """
    scan = Scanner(_IDIOMS.sub(lambda m: " " * len(m.group()), mask_tokens(text)))
    for pattern, handler in _patterns(text, scan):
        scan.run(pattern, handler)
    return [Mention(text[start:end], start, end, options)  # type: ignore[arg-type]
            for start, end, options in scan.sorted()]
