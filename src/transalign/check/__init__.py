"""Checks a translator can trust, on a German source and its English translation.

- :mod:`~transalign.check.numbers`: every number, date and time of the source is in the
  target, in a form translators use (``number_mismatch``);
- :mod:`~transalign.check.tokens`: URLs, e-mail addresses, hashtags and @handles are
  carried over verbatim (``missing_token``);
- :mod:`~transalign.check.langid`: the source is German, the target English
  (``source_en``, ``not_english``);
- :mod:`~transalign.check.copy`: segments with nothing to translate, and their copy
  (``copied``);
- :mod:`~transalign.check.flags`: the flag names and :func:`check_pairs`, which runs them.

None of them needs the translation model. ``transalign check SRC HYP`` runs them on any
existing translation; ``scripts/eval_checks.py`` measures them on WMT22.

>>> from transalign.check import check_pair
>>> check_pair("Am 9. Dezember um 19 Uhr.", "On December 9 at 7 p.m.",
...            checks=("numbers", "tokens")).flags
()
"""

from __future__ import annotations

from .copy import copy_text, copyable
from .flags import (
    CHECKS,
    COPIED,
    FLAGS,
    MISSING_TOKEN,
    NOT_ENGLISH,
    NUMBER_MISMATCH,
    SOURCE_EN,
    PairCheck,
    check_pair,
    check_pairs,
)
from .numbers import missing_numbers
from .tokens import find_tokens, missing_tokens

__all__ = [
    "CHECKS",
    "COPIED",
    "FLAGS",
    "MISSING_TOKEN",
    "NOT_ENGLISH",
    "NUMBER_MISMATCH",
    "SOURCE_EN",
    "PairCheck",
    "check_pair",
    "check_pairs",
    "copy_text",
    "copyable",
    "find_tokens",
    "missing_numbers",
    "missing_tokens",
]
