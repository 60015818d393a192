"""Number, date and time check: every number of a German source must be in its English
translation, in one of the forms human translators use.

>>> missing_numbers("Am 9. Dezember um 19 Uhr kamen 12.500 Menschen.",
...                 "On December 9 at 7 p.m., 12,500 people came.")
[]
>>> missing_numbers("Am 9. Dezember um 19 Uhr kamen 12.500 Menschen.",
...                 "On December 9 at 9 p.m., 12,500 people came.")
['19 Uhr']

The source side is read by :func:`~transalign.check.numbers_de.source_mentions`, each
number with the readings it may have; the target side by
:func:`~transalign.check.numbers_en.target_keys`, generously (every form a translator
may use counts). A number is missing when none of its readings is in the target.

A plain number the source writes twice (``2 Hunde und 2 Katzen``) must be in the target
twice, in any of its forms (``two dogs and 2 cats``). The check is one-way: a number the
translation adds ("December 2021" for "Dezember") is not flagged. Units and currencies
are not compared, nor signs except below zero (``minus 12 Grad`` needs "minus 12", "-12" or
"12 below zero"), and a converted unit is flagged (``5 °C`` / ``41 °F``). Which number goes
with which noun, and the direction of a change ("von 18 auf 23" / "from 23 to 18"), are
not checked.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .numbers_de import source_mentions
from .numbers_en import target_items, target_keys
from .numkeys import Key, Mention

__all__ = ["has_numbers", "missing_numbers", "source_mentions", "target_items", "target_keys",
           "unmatched"]


def _plain_value(mention: Mention) -> Decimal | None:
    """The value of a plain number (every reading a single quantity or ordinal key of
    one value: ``12.500``, ``zwei``, ``K1``), else None."""
    values = set()
    for option in mention.options:
        if len(option) != 1:
            return None
        (key,) = option
        if key[0] == "frac":
            continue  # "50 Prozent" may be "half": still the plain number 50
        if key[0] not in ("num", "ord"):
            return None
        values.add(key[1])
    return values.pop() if len(values) == 1 else None


def _all_of(source: str, first: Mention, second: Mention) -> bool:
    """"299 der 299 Wahlkreise": the second number says "all of them", not another 299."""
    return source[first.end:second.start].strip() in ("der", "von", "aus")


def unmatched(source: str, target: str) -> list[Mention]:
    """The numbers of ``source`` that ``target`` lacks, in source order."""
    mentions = source_mentions(source)
    if not mentions:
        return []
    items = target_items(target)
    keys: set[Key] = set().union(*items)
    found = [m.found_in(keys) for m in mentions]
    missing = [m for m, ok in zip(mentions, found, strict=True) if not ok]
    # a plain number written n times in the source needs n numbers of its value in
    # the target; the later ones are flagged
    plain: dict[Decimal, list[Mention]] = defaultdict(list)
    for m, ok in zip(mentions, found, strict=True):
        value = _plain_value(m) if ok else None
        if value is not None:
            plain[value].append(m)
    for value, group in plain.items():
        group = [m for k, m in enumerate(group) if k == 0 or not _all_of(source, group[k - 1], m)]
        if len(group) < 2:
            continue
        have = sum(1 for item in items if ("num", value) in item or ("ord", value) in item)
        missing += group[have:]
    # so is a time of day ("kam um 8 Uhr und ging um 8 Uhr" / "at 8 and left at 9")
    times: dict[frozenset[Key], list[Mention]] = defaultdict(list)
    for m, ok in zip(mentions, found, strict=True):
        if ok and all(len(o) == 1 and next(iter(o))[0] == "time" for o in m.options):
            times[frozenset().union(*m.options)].append(m)
    for keys, group in times.items():
        if len(group) > 1:
            missing += group[sum(1 for item in items if item & keys):]
    return sorted(missing, key=lambda m: m.start)


def missing_numbers(source: str, target: str) -> list[str]:
    """The numbers of German ``source`` (as written there) that English ``target`` lacks."""
    return [m.text for m in unmatched(source, target)]


def has_numbers(source: str) -> bool:
    """Whether German ``source`` has a number the check looks for."""
    return bool(source_mentions(source))
