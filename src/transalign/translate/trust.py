"""What the translator checks around the model: what not to translate, and each output.

Before the model (:func:`check_sources`, on the unique normalised sentences):

- a segment with nothing to translate (:func:`transalign.check.copyable`: punctuation,
  digits, separators, URLs, e-mail addresses, hashtags, @handles, scores) is not sent to
  the model: its output is :func:`transalign.check.copy_text` of the sentence, flagged
  ``copied``;
- a sentence that is English (py3langid, :mod:`transalign.check.langid`: probability at
  least :data:`~transalign.check.langid.THRESHOLD` once quotations are set aside, so a
  German sentence with an English title in quotes stays German) is copied as it is,
  flagged ``source_en``; with ``translate_all`` it is translated, and still flagged.

After the model (:func:`check_targets`, on each translated sentence): the numbers, dates,
times and links of the source must be in the translation (``number_mismatch``,
``missing_token``, :func:`transalign.check.check_pairs`), and the translation must not be
in another language than English (``not_english``). What each flag is about goes into
the record's ``checks``.

Language identification runs once over all the sentences of a call, not sentence by
sentence per request; the checks need no model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..check import COPIED, FLAGS, NOT_ENGLISH, SOURCE_EN, check_pairs, copyable
from ..check.flags import language_flag
from .guard import LENGTH_RATIO, REPETITION, UNK
from .longsplit import LONG_SPLIT

__all__ = ["LOW_CONFIDENCE", "TRANSLATION_FLAGS", "SourceCheck", "TargetCheck",
           "check_sources", "check_targets", "preload"]

#: The sentence's confidence (its ``score``) is below ``min_confidence``.
LOW_CONFIDENCE = "low_confidence"

#: Every flag a translation record can carry: the guard's, the long-sentence split's,
#: the checks' and the confidence's.
TRANSLATION_FLAGS = (LONG_SPLIT, REPETITION, LENGTH_RATIO, UNK, *FLAGS, LOW_CONFIDENCE)

# the pair checks run after the model (language identification is done here, batched)
_PAIR_CHECKS = ("numbers", "tokens")


@dataclass(frozen=True)
class SourceCheck:
    """What :func:`check_sources` decided for one source sentence.

    Attributes:
        copy: Copy it instead of translating it.
        flags: ``copied`` or ``source_en`` (or nothing).
        checks: What a flag is about (``{"source_en": {"lang", "prob"}}``).
    """

    copy: bool = False
    flags: tuple[str, ...] = ()
    checks: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TargetCheck:
    """The flags of one translated sentence and what each is about."""

    flags: tuple[str, ...] = ()
    checks: Mapping[str, Any] = field(default_factory=dict)


_TRANSLATE = SourceCheck()


def _langid() -> Any:
    # loads py3langid's model on first use (~0.3 s); see preload
    from ..check import langid

    return langid


def preload() -> None:
    """Load the language-identification model now (with the translation model), so the
    first sentences translated do not wait for it."""
    _langid().detect_one("Der Satz, der das Sprachmodell lädt, wird nicht übersetzt.")


def check_sources(texts: Sequence[str], *, translate_all: bool = False) -> list[SourceCheck]:
    """Which of ``texts`` (unique, normalised sentences) are copied, not translated.

    Empty texts are left alone (nothing to translate, nothing to copy).

    >>> [c.flags for c in check_sources(["***", "– 1 –", "Guten Morgen, Berlin.", ""])]
    [('copied',), ('copied',), (), ()]
    """
    out = [_TRANSLATE] * len(texts)
    rest: list[int] = []
    for i, text in enumerate(texts):
        if not text:
            continue
        if copyable(text):
            out[i] = SourceCheck(True, (COPIED,))
        else:
            rest.append(i)
    if rest:
        langid = _langid()
        found = langid.detect([texts[i] for i in rest])
        for i, (lang, prob) in zip(rest, found, strict=True):
            if lang == "en" and prob >= langid.THRESHOLD:
                out[i] = SourceCheck(not translate_all, (SOURCE_EN,),
                                     {SOURCE_EN: {"lang": lang, "prob": round(prob, 4)}})
    return out


def check_targets(pairs: Sequence[tuple[str, str]]) -> list[TargetCheck]:
    """The checks of each (German source, English translation) pair: numbers, dates,
    times, links (:func:`transalign.check.check_pairs`) and the translation's language.

    >>> check_targets([("Um 19 Uhr.", "At 9 p.m.")])[0].flags
    ('number_mismatch',)
    """
    if not pairs:
        return []
    langid = _langid()
    results = check_pairs(pairs, checks=_PAIR_CHECKS)
    languages = langid.detect([tgt for _, tgt in pairs])
    out: list[TargetCheck] = []
    for pair, result, (lang, prob) in zip(pairs, results, languages, strict=True):
        checks = dict(result.checks)
        language = language_flag(*pair, lang, prob, langid.THRESHOLD)
        if language:
            checks[NOT_ENGLISH] = language
        ordered = tuple(f for f in FLAGS if f in checks)
        out.append(TargetCheck(ordered, {f: checks[f] for f in ordered}))
    return out
