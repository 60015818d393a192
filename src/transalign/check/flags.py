"""The flags of a translated sentence, and the checks that raise them.

- ``copied``: the segment had nothing to translate and was copied (set by the
  translator, see :mod:`transalign.check.copy`);
- ``source_en``: the source sentence is English (check ``langid``);
- ``not_english``: the translation is not English (check ``langid``), or a German
  sentence left as it was (``untranslated``; its ``checks`` entry has ``"copy": true``),
  or a piece of one (``untranslated_part``: five words or more; ``"part"`` holds it);
- ``number_mismatch``: a number, date or time of the source is not in the target (check
  ``numbers``);
- ``missing_token``: a URL, e-mail address, hashtag or @handle is not carried over
  verbatim (check ``tokens``).

:func:`check_pairs` runs the checks over (source, target) pairs and gives each a
:class:`PairCheck`: its flags, and under ``checks`` what each flag is about (the numbers
or tokens missing, the language found)::

    {"flags": ["number_mismatch"], "checks": {"number_mismatch": ["19 Uhr"]}}

A segment that :func:`~transalign.check.copy.copyable` says has nothing to translate,
and whose target is its copy, is not number-checked: the copy keeps the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, UsageError
from .copy import copy_text, copyable
from .numbers import missing_numbers
from .tokens import find_tokens, mask_tokens, missing_tokens

__all__ = ["CHECKS", "COPIED", "FLAGS", "MISSING_TOKEN", "NOT_ENGLISH", "NUMBER_MISMATCH",
           "SOURCE_EN", "PairCheck", "check_pair", "check_pairs", "language_flag",
           "parse_checks", "parse_flags", "untranslated", "untranslated_part"]

COPIED = "copied"
SOURCE_EN = "source_en"
NOT_ENGLISH = "not_english"
NUMBER_MISMATCH = "number_mismatch"
MISSING_TOKEN = "missing_token"
FLAGS = (COPIED, SOURCE_EN, NOT_ENGLISH, NUMBER_MISMATCH, MISSING_TOKEN)

# the checks that need no model, and language identification
CHECKS = ("numbers", "tokens", "langid")

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class PairCheck:
    """The outcome of the checks on one (source, target) pair.

    Attributes:
        flags: The flags raised, in the order of :data:`FLAGS`.
        checks: What each flag is about: the missing numbers or tokens (as written in
            the source), or ``{"lang", "prob"}`` for the language flags.
    """

    flags: tuple[str, ...] = ()
    checks: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {"flags": list(self.flags), "checks": dict(self.checks)}


def parse_checks(text: str) -> tuple[str, ...]:
    """``numbers,tokens`` → ``("numbers", "tokens")``; ``all`` → every check.

    Raises:
        UsageError: an unknown check.
    """
    names = [n.strip() for n in text.split(",") if n.strip()]
    if names == ["all"]:
        return CHECKS
    unknown = [n for n in names if n not in CHECKS]
    if unknown or not names:
        raise UsageError(f"unknown check {', '.join(unknown) or repr(text)}; choose from "
                         f"{', '.join(CHECKS)} (comma-separated) or all")
    return tuple(n for n in CHECKS if n in names)


def parse_flags(text: str) -> tuple[str, ...]:
    """``number_mismatch,not_english`` → the flags; ``any`` → every flag.

    Raises:
        UsageError: an unknown flag.
    """
    names = [n.strip() for n in text.split(",") if n.strip()]
    if names == ["any"]:
        return FLAGS
    unknown = [n for n in names if n not in FLAGS]
    if unknown or not names:
        raise UsageError(f"unknown flag {', '.join(unknown) or repr(text)}; choose from "
                         f"{', '.join(FLAGS)} (comma-separated) or any")
    return tuple(n for n in FLAGS if n in names)


def untranslated(source: str, target: str) -> bool:
    """Whether ``target`` is ``source`` left as it was (spaces aside), and ``source`` a
    sentence, not a name or a title: at least four words, two of them lowercase. A short
    German sentence copied into the translation is often not told from English with the
    probability a language flag needs ("Die Temperatur sank auf minus 12 Grad." reads
    0.64 German); the copy itself is the evidence.

    >>> untranslated("Die Temperatur sank auf 12 Grad.", "Die Temperatur  sank auf 12 Grad.")
    True
    >>> untranslated("Anna Schmidt, Berlin", "Anna Schmidt, Berlin")
    False
    """
    if " ".join(target.split()) != " ".join(source.split()):
        return False
    words = _WORD.findall(mask_tokens(source, find_tokens(source)))
    return len(words) >= 4 and sum(w.islower() for w in words) >= 2


# German function words: a copied run of words with two of them is German text, not a
# name or a title ("Frankfurter Allgemeine Zeitung", "Deutsche Bahn AG")
# (not the English homographs "die", "in", "an", "am", "war", "hat", "man", "um")
_GERMAN_FUNCTION = frozenset((
    "der", "das", "dem", "den", "des", "ein", "eine", "einer", "einem", "einen", "eines",
    "und", "oder", "aber", "doch", "nicht", "ist", "sind", "waren", "wird", "werden",
    "haben", "sich", "auch", "noch", "schon", "nur", "sehr", "mit", "von", "zu", "zum",
    "zur", "im", "auf", "aus", "bei", "für", "über", "unter", "nach", "vor", "seit",
    "gegen", "durch", "ohne", "wie", "als", "wenn", "dass", "weil", "ob", "es", "er",
    "sie", "wir", "ihr", "ich", "kein", "keine", "keinen", "dieser", "diese", "dieses",
))
# double quotation marks (a single ’ is also an apostrophe: "The government’s plan")
_QUOTED = re.compile(r"[\"“”„«»]")
# the shortest copied run of words that counts as part of a sentence left untranslated
PART_WORDS = 5


def untranslated_part(source: str, target: str) -> str | None:
    """The longest run of words of the German ``source`` that ``target`` repeats as it
    stands, when it may be a piece of German left untranslated: at least ``PART_WORDS``
    words, three of them lowercase and two German function words, not inside quotation
    marks (a quotation kept in German is a choice). None otherwise. (``language_flag``
    also asks language identification whether the piece reads as German.)

    >>> untranslated_part("Die Regierung will Steuern senken, aber die Opposition ist dagegen.",
    ...                   "The government wants to cut taxes, aber die Opposition ist dagegen.")
    'aber die Opposition ist dagegen'
    >>> untranslated_part("Er las die Frankfurter Allgemeine Zeitung.", "He read the Frankfurter Allgemeine Zeitung.")
    """
    src = [m.group() for m in _WORD.finditer(source)]
    if len(src) < PART_WORDS:
        return None
    tgt_words = list(_WORD.finditer(target))
    tgt = [m.group() for m in tgt_words]
    grams = {tuple(src[i:i + PART_WORDS]) for i in range(len(src) - PART_WORDS + 1)}
    if not any(tuple(tgt[i:i + PART_WORDS]) in grams
               for i in range(len(tgt) - PART_WORDS + 1)):
        return None  # no run of PART_WORDS words in common (most pairs): no search
    best: tuple[int, int] = (0, 0)  # (length, end in tgt)
    # longest common run of words: dynamic programming over the two (short) sentences
    prev = [0] * (len(src) + 1)
    for j, word in enumerate(tgt):
        cur = [0] * (len(src) + 1)
        for i, other in enumerate(src):
            if word == other:
                cur[i + 1] = prev[i] + 1
                if cur[i + 1] > best[0]:
                    best = (cur[i + 1], j + 1)
        prev = cur
    length, end = best
    if length < PART_WORDS:
        return None
    run = tgt[end - length:end]
    if (sum(w.islower() for w in run) < 3
            or sum(w.lower() in _GERMAN_FUNCTION for w in run) < 2):
        return None
    start, stop = tgt_words[end - length].start(), tgt_words[end - 1].end()
    if len(_QUOTED.findall(target[:start])) % 2 == 1:
        return None  # inside a quotation
    return target[start:stop]


def _english_without_names(source: str, target: str) -> bool:
    """Whether ``target`` reads as English once the capitalised words it shares with
    ``source`` (names and titles kept in German: "The Stiftung Preußischer Kulturbesitz
    (Prussian Cultural Heritage Foundation) runs …") are set aside."""
    shared = {w for w in _WORD.findall(source) if w[:1].isupper()}
    rest = " ".join(w for w in _WORD.findall(target) if w not in shared)
    if len(rest.split()) < 3:
        return False
    from .langid import detect

    lang, _ = detect([rest])[0]
    return lang == "en"


def language_flag(source: str, target: str, lang: str, prob: float, threshold: float
                  ) -> dict[str, Any] | None:
    """The ``not_english`` details of a target that language identification reads as
    ``lang`` with ``prob``: when it is another language with at least ``threshold``, or
    German left as it was (``untranslated``: ``"copy": true``), or a part of it
    (``untranslated_part``: ``"copy": true`` and the ``"part"``); None otherwise."""
    if lang not in ("en", "und") and prob >= threshold and not (
            lang == "de" and _english_without_names(source, target)):
        return {"lang": lang, "prob": round(prob, 4)}
    if lang == "de" and untranslated(source, target):
        return {"lang": lang, "prob": round(prob, 4), "copy": True}
    part = untranslated_part(source, target)
    if part is not None:
        from .langid import detect

        part_lang, _ = detect([part])[0]
        if part_lang == "de":  # not English words a source happens to share
            return {"lang": lang, "prob": round(prob, 4), "copy": True, "part": part}
    return None


def check_pairs(pairs: Iterable[tuple[str, str]], *, checks: Sequence[str] = CHECKS,
                threshold: float | None = None) -> list[PairCheck]:
    """Run ``checks`` on each (German source, English target) pair.

    Args:
        pairs: The sentence pairs.
        checks: Which checks to run (:data:`CHECKS`).
        threshold: The probability a language flag needs (default:
            :data:`transalign.check.langid.THRESHOLD`).

    Raises:
        InputError: a pair that is not two strings.
        UsageError: ``checks`` is one string or names a check that does not exist
            (a typo would run no check and report a clean translation), or
            ``threshold`` is not between 0 and 1.
    """
    if isinstance(checks, str) or not all(c in CHECKS for c in checks):
        raise UsageError(f"checks must be a list of {', '.join(CHECKS)}, got {checks!r}")
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise UsageError(f"threshold must be between 0 and 1, got {threshold!r}")
    pairs = list(pairs)
    for k, pair in enumerate(pairs, 1):
        if (isinstance(pair, str) or len(pair) != 2
                or not all(isinstance(x, str) for x in pair)):
            raise InputError(f"pair {k}: expected (source, target) strings, got "
                             f"{type(pair).__name__}")
    languages: list[tuple[tuple[str, float], tuple[str, float]]] = []
    if "langid" in checks:
        from .langid import THRESHOLD, detect  # loads the language model on first use

        threshold = THRESHOLD if threshold is None else threshold
        found = detect([text for pair in pairs for text in pair])
        languages = list(zip(found[0::2], found[1::2], strict=True))
    out: list[PairCheck] = []
    for i, (src, tgt) in enumerate(pairs):
        flags: dict[str, Any] = {}
        if languages:
            (src_lang, src_prob), (tgt_lang, tgt_prob) = languages[i]
            if src_lang == "en" and src_prob >= threshold:  # type: ignore[operator]
                flags[SOURCE_EN] = {"lang": src_lang, "prob": round(src_prob, 4)}
            language = language_flag(src, tgt, tgt_lang, tgt_prob, threshold)  # type: ignore[arg-type]
            if language:
                flags[NOT_ENGLISH] = language
        copy = copyable(src) and tgt in (src, copy_text(src))
        if "numbers" in checks and not copy:
            missing = missing_numbers(src, tgt)
            if missing:
                flags[NUMBER_MISMATCH] = missing
        if "tokens" in checks:
            tokens = missing_tokens(src, tgt)
            if tokens:
                flags[MISSING_TOKEN] = tokens
        ordered = tuple(f for f in FLAGS if f in flags)
        out.append(PairCheck(ordered, {f: flags[f] for f in ordered}))
    return out


def check_pair(source: str, target: str, *, checks: Sequence[str] = CHECKS,
               threshold: float | None = None) -> PairCheck:
    """:func:`check_pairs` for one pair.

    >>> check_pair("Um 19 Uhr.", "At 9 p.m.", checks=("numbers",)).to_json()
    {'flags': ['number_mismatch'], 'checks': {'number_mismatch': ['19 Uhr']}}
    """
    return check_pairs([(source, target)], checks=checks, threshold=threshold)[0]
