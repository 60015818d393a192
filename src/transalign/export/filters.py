"""Named pair filters in a fixed order, after OpusFilter's ``score``/``accept`` split.

Each filter computes a score for a pair (:meth:`Filter.score`) and decides on it
(:meth:`Filter.accept`); the score's direction and the defaults are documented
per class. A :class:`FilterChain` applies the filters in :data:`FILTER_ORDER`
whatever order they were given in, stops at the first rejection and counts
rejections per filter. Filters see cleaned pairs
(:func:`~transalign.export.clean.clean_pair`), so they judge what is written.

Lengths are counted in ``word`` units (whitespace-separated tokens, as Moses'
``clean-corpus-n.perl``) or ``char`` units (Unicode code points after NFC).
"""

from __future__ import annotations

import abc
import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..errors import InputError, UsageError
from .pair import AlignedPair

FILTER_ORDER = ("empty", "length", "ratio", "score", "confidence", "flagged", "identical",
                "language", "duplicate", "type")
UNITS = ("word", "char")
DEDUP_MODES = ("exact", "normalised")
_TYPE_RE = re.compile(r"^\d+-\d+$")
_NON_ALNUM = re.compile(r"[\W_]+")


def _length(text: str, unit: str) -> int:
    return len(text.split()) if unit == "word" else len(text)


def _check_unit(unit: str) -> str:
    if unit not in UNITS:
        raise UsageError(f"unknown length unit {unit!r}; choose from {', '.join(UNITS)}")
    return unit


class Filter(abc.ABC):
    """A named test on one pair: :meth:`score` measures, :meth:`accept` decides."""

    name: ClassVar[str]
    direction: ClassVar[str]

    @abc.abstractmethod
    def score(self, pair: AlignedPair) -> Any:
        """The filter's measurement of ``pair`` (see the class for its direction)."""

    @abc.abstractmethod
    def accept(self, score: Any) -> bool:
        """Whether a pair with this score is kept."""

    @abc.abstractmethod
    def describe(self) -> str:
        """The settings in a few words, for the summary and the manifest."""

    def kept(self, pair: AlignedPair) -> None:  # noqa: B027 (a hook, empty by default)
        """Called once the whole chain has accepted ``pair`` (stateful filters record it)."""


class EmptySideFilter(Filter):
    """Reject pairs with an empty side (0-1 and 1-0 beads, blank translations).

    Score: ``(source chars, target chars)``; higher is better; accepted when
    both are at least 1. On by default in ``transalign export``.
    """

    name = "empty"
    direction = "higher is better; accept when both sides have >= 1 character"

    def score(self, pair: AlignedPair) -> tuple[int, int]:
        return len(pair.src), len(pair.tgt)

    def accept(self, score: tuple[int, int]) -> bool:
        return min(score) > 0

    def describe(self) -> str:
        return "both sides non-empty"


class LengthFilter(Filter):
    """Reject pairs with a side shorter than ``min_length`` or longer than ``max_length``.

    Score: ``(source length, target length)`` in ``unit``; accepted when both
    lie in ``[min_length, max_length]``. Defaults: ``min_length=1``,
    ``max_length=None`` (no upper bound), ``unit="word"``.
    """

    name = "length"
    direction = "accept when min_length <= length <= max_length on both sides"

    def __init__(self, min_length: int = 1, max_length: int | None = None,
                 unit: str = "word") -> None:
        if min_length < 0 or (max_length is not None and max_length < min_length):
            raise UsageError(f"length bounds must satisfy 0 <= min <= max, got "
                             f"{min_length}..{max_length}")
        self.min_length = min_length
        self.max_length = max_length
        self.unit = _check_unit(unit)

    def score(self, pair: AlignedPair) -> tuple[int, int]:
        return _length(pair.src, self.unit), _length(pair.tgt, self.unit)

    def accept(self, score: tuple[int, int]) -> bool:
        low, high = min(score), max(score)
        return low >= self.min_length and (self.max_length is None or high <= self.max_length)

    def describe(self) -> str:
        top = "inf" if self.max_length is None else str(self.max_length)
        return f"{self.min_length}..{top} {self.unit}s per side"


class LengthRatioFilter(Filter):
    """Reject pairs whose longer side is more than ``max_ratio`` times the shorter.

    Score: ``longer / shorter`` in ``unit``; lower is better; accepted when
    ``<= max_ratio``. Policy for zero lengths: 0/0 is 1.0, n/0 is infinity.
    Defaults (as OpusFilter's LengthRatioFilter): ``max_ratio=3.0``, ``unit="word"``.
    """

    name = "ratio"
    direction = "lower is better; accept when longer/shorter <= max_ratio"

    def __init__(self, max_ratio: float = 3.0, unit: str = "word") -> None:
        if not max_ratio >= 1.0:
            raise UsageError(f"max_ratio (--max-ratio) must be >= 1, got {max_ratio}")
        self.max_ratio = max_ratio
        self.unit = _check_unit(unit)

    def score(self, pair: AlignedPair) -> float:
        a, b = _length(pair.src, self.unit), _length(pair.tgt, self.unit)
        low, high = min(a, b), max(a, b)
        if low == 0:
            return 1.0 if high == 0 else math.inf
        return high / low

    def accept(self, score: float) -> bool:
        return score <= self.max_ratio

    def describe(self) -> str:
        return f"longer/shorter <= {self.max_ratio:g} ({self.unit}s)"


class ScoreFilter(Filter):
    """Reject pairs whose alignment score is below ``min_score``.

    Score: the pair's alignment score; higher is better; accepted when
    ``>= min_score``. Pairs without one (score kind ``none``, or ``confidence``: a
    translate record's confidence is on another scale, see ``transalign translate
    --min-confidence``) are accepted: there is nothing to judge. No default threshold:
    the scale is the aligner's (see ``transalign align --help``).
    """

    name = "score"
    direction = ("higher is better; accept when score >= min_score (pairs without an "
                 "alignment score pass)")

    def __init__(self, min_score: float) -> None:
        if math.isnan(min_score):
            raise UsageError("min_score (--min-score) must be a number, got nan")
        self.min_score = min_score

    def score(self, pair: AlignedPair) -> float | None:
        return pair.score if pair.score_kind == "align" else None

    def accept(self, score: float | None) -> bool:
        return score is None or score >= self.min_score

    def describe(self) -> str:
        return f"score >= {self.min_score:g}"


class ConfidenceFilter(Filter):
    """Reject beads whose confidence is below ``min_confidence``.

    Score: the pair's bead confidence (``AlignedPair.confidence``: the aligner's
    calibrated probability, in [0, 1], that the bead is right); higher is better;
    accepted when ``>= min_confidence``. Unlike the score, a confidence means the same
    in every document, so one threshold suits a whole corpus (on Text+Berg test with the
    Google bridge, the beads with confidence >= 0.9 are right about 98% of the time).

    Only align beads have one. A pair without a confidence stops the export with an
    :class:`~transalign.errors.InputError` (its ``file:line``) rather than passing
    unjudged or being dropped unseen: a translate record (its ``score`` is the model's
    mean log-probability per token, not a bead probability; for translations use
    ``transalign translate --min-confidence`` and ``export --drop-flagged
    low_confidence``), or a bead written before confidences existed (align again).
    No default threshold.
    """

    name = "confidence"
    direction = ("higher is better; accept when confidence >= min_confidence (a pair with "
                 "no bead confidence is an error)")

    def __init__(self, min_confidence: float) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise UsageError(f"min_confidence (--min-confidence) is a probability: a number "
                             f"in [0, 1], got {min_confidence!r}")
        self.min_confidence = min_confidence

    def score(self, pair: AlignedPair) -> float:
        if pair.confidence is None:
            where = f"{pair.origin}: " if pair.origin else ""
            raise InputError(
                f"{where}--min-confidence: this pair has no bead confidence; it filters the "
                "beads of `transalign align --format jsonl` (a bead written before "
                "confidences existed: align again). A translate record has none: its score "
                "is the model's mean log-probability per token; for translations use "
                "`transalign translate --min-confidence` and `export --drop-flagged "
                "low_confidence`")
        return pair.confidence

    def accept(self, score: float) -> bool:
        return score >= self.min_confidence

    def describe(self) -> str:
        return f"confidence >= {self.min_confidence:g}"


def comparison_key(text: str) -> str:
    """Case-folded letters and digits only: the key of 'normalised' comparisons."""
    return _NON_ALNUM.sub("", text.casefold())


class IdenticalFilter(Filter):
    """Reject pairs whose sides are the same text (untranslated copies).

    Score: 1.0 when the :func:`comparison_key`-ed sides are equal (case, spaces and
    punctuation ignored), else 0.0; lower is better; accepted when 0.0. Off by
    default: numbers, names and URLs are legitimately identical.
    """

    name = "identical"
    direction = "lower is better; accept when the normalised sides differ"

    def score(self, pair: AlignedPair) -> float:
        return 1.0 if comparison_key(pair.src) == comparison_key(pair.tgt) else 0.0

    def accept(self, score: float) -> bool:
        return score == 0.0

    def describe(self) -> str:
        return "sides differ after normalising"


class DuplicateFilter(Filter):
    """Reject a pair that was already accepted (the first occurrence wins).

    Score: how many times this pair's key was accepted before; lower is
    better; accepted when 0. Mode ``exact`` keys on the cleaned texts, mode
    ``normalised`` on :func:`comparison_key`-ed texts (case, spaces, punctuation
    ignored), as OpusFilter's duplicate removal with ``lowercase`` and
    ``letters_only``. Default mode: ``exact``.

    Keys are 64-bit BLAKE2b digests of both sides (collision odds about 3e-8
    for a million unique pairs); memory grows with the number of unique pairs
    (about 100 bytes each), unlike every other filter. This filter is stateful:
    :meth:`kept` records the key of a pair the whole chain accepted, so a pair that a
    later filter (``type``) rejects does not shadow the next copy of its texts.
    """

    name = "duplicate"
    direction = "lower is better; accept the first occurrence (score 0)"

    def __init__(self, mode: str = "exact") -> None:
        mode = "normalised" if mode == "normalized" else mode
        if mode not in DEDUP_MODES:
            raise UsageError(f"unknown duplicate mode {mode!r}; choose from {', '.join(DEDUP_MODES)}")
        self.mode = mode
        self._seen: dict[int, int] = {}

    def _key(self, pair: AlignedPair) -> int:
        src, tgt = pair.src, pair.tgt
        if self.mode == "normalised":
            src, tgt = comparison_key(src), comparison_key(tgt)
        # Tab cannot occur in cleaned text, so the join is unambiguous.
        digest = hashlib.blake2b(f"{src}\t{tgt}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "little")

    def score(self, pair: AlignedPair) -> int:
        return self._seen.get(self._key(pair), 0)

    def kept(self, pair: AlignedPair) -> None:
        key = self._key(pair)
        self._seen[key] = self._seen.get(key, 0) + 1

    def accept(self, score: int) -> bool:
        return score == 0

    def describe(self) -> str:
        return f"first of {self.mode} duplicates"


class FlagFilter(Filter):
    """Reject pairs that carry one of the given flags (what the translator noticed:
    ``repetition``, ``copied``, ``number_mismatch``, …; see
    :data:`transalign.translate.trust.TRANSLATION_FLAGS`).

    Score: the pair's flags among ``flags``, in the pair's order; accepted when there
    is none. Off by default: a flagged translation (``repetition``, retried once by the
    guard) is exported unless asked.
    """

    name = "flagged"
    direction = "accept when the pair has none of the flags"

    def __init__(self, flags: Iterable[str]) -> None:
        from ..translate.trust import TRANSLATION_FLAGS  # light: no model

        flags = tuple(dict.fromkeys(f.strip() for f in flags if f.strip()))
        if flags == ("any",):
            flags = TRANSLATION_FLAGS
        unknown = [f for f in flags if f not in TRANSLATION_FLAGS]
        if unknown or not flags:
            raise UsageError(f"--drop-flagged: unknown flag {', '.join(unknown) or 'none'}; "
                             f"choose from {', '.join(TRANSLATION_FLAGS)} (comma-separated) "
                             "or any")
        self.flags = flags

    def score(self, pair: AlignedPair) -> tuple[str, ...]:
        return tuple(f for f in pair.flags if f in self.flags)

    def accept(self, score: tuple[str, ...]) -> bool:
        return not score

    def describe(self) -> str:
        shown = "flag" if len(self.flags) > 4 else ",".join(self.flags)
        return f"no {shown}"


class LanguageFilter(Filter):
    """Reject pairs whose sides are not in their declared languages (OpusFilter's
    ``LanguageIDFilter``), by py3langid (:mod:`transalign.check.langid`).

    Score: ``(source probability, target probability)``: the probability of the
    declared language when it is the one identified, else 0.0; ``None`` for a side too
    short to tell (fewer than :data:`~transalign.check.langid.MIN_LETTERS` letters once
    URLs, handles and numbers are set aside). Higher is better; accepted when each side
    is ``None`` or above ``min_prob`` (default 0: the identified language is the
    declared one, as OpusFilter's default thresholds). Quotations do not decide a
    side's language (a German sentence quoting an English title is German).
    """

    name = "language"
    direction = "higher is better; accept when each side is in its language (or too short to tell)"

    def __init__(self, src_lang: str = "de", tgt_lang: str = "en", min_prob: float = 0.0) -> None:
        from ..check import langid  # light until the first pair: the model loads then

        self.languages = (self._code(src_lang, "--src-lang", langid.LANGUAGES),
                          self._code(tgt_lang, "--tgt-lang", langid.LANGUAGES))
        if not 0.0 <= min_prob < 1.0:
            raise UsageError(f"the language filter's min_prob must be in [0, 1), got {min_prob}")
        self.min_prob = min_prob
        self._detect = langid.detect

    @staticmethod
    def _code(tag: str, flag: str, known: Sequence[str]) -> str:
        code = tag.split("-")[0].lower()
        if code not in known:
            raise UsageError(f"--lang-filter cannot identify {flag} {tag!r}; it knows "
                             f"{', '.join(known)}")
        return code

    def score(self, pair: AlignedPair) -> tuple[float | None, float | None]:
        (src_lang, src_prob), (tgt_lang, tgt_prob) = self._detect([pair.src, pair.tgt])
        return (self._prob(src_lang, src_prob, self.languages[0]),
                self._prob(tgt_lang, tgt_prob, self.languages[1]))

    @staticmethod
    def _prob(lang: str, prob: float, want: str) -> float | None:
        return None if lang == "und" else (round(prob, 4) if lang == want else 0.0)

    def accept(self, score: tuple[float | None, float | None]) -> bool:
        return all(p is None or p > self.min_prob for p in score)

    def describe(self) -> str:
        src, tgt = self.languages
        return f"source {src}, target {tgt} (py3langid)"


class TypeFilter(Filter):
    """Keep only pairs of the given alignment types, e.g. ``("1-1",)``.

    Score: the pair's type (``"2-1"``…); accepted when it is in ``allowed``.
    Default: ``("1-1",)``.
    """

    name = "type"
    direction = "accept when the alignment type is one of the allowed types"

    def __init__(self, allowed: Iterable[str] = ("1-1",)) -> None:
        allowed = tuple(allowed)
        bad = [t for t in allowed if not _TYPE_RE.match(t)]
        if bad or not allowed:
            raise UsageError(f"alignment types look like 1-1,2-1; got {', '.join(bad) or 'none'}")
        self.allowed = allowed

    def score(self, pair: AlignedPair) -> str:
        return pair.kind

    def accept(self, score: str) -> bool:
        return score in self.allowed

    def describe(self) -> str:
        return "type in " + ",".join(self.allowed)


FILTERS: dict[str, type[Filter]] = {
    cls.name: cls
    for cls in (EmptySideFilter, LengthFilter, LengthRatioFilter, ScoreFilter, ConfidenceFilter,
                FlagFilter, IdenticalFilter, LanguageFilter, DuplicateFilter, TypeFilter)
}


@dataclass
class FilterChain:
    """Filters applied in :data:`FILTER_ORDER`; counts rejections per filter.

    Attributes:
        filters: The filters, sorted into the fixed order on creation.
        rejected: Rejections per filter name.
    """

    filters: Sequence[Filter] = ()
    rejected: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [f.name for f in self.filters]
        if len(set(names)) != len(names):
            raise UsageError(f"each filter may be given once, got {', '.join(names)}")
        self.filters = sorted(self.filters, key=lambda f: FILTER_ORDER.index(f.name))
        self.rejected = {f.name: 0 for f in self.filters}

    def check(self, pair: AlignedPair) -> tuple[Filter, Any] | None:
        """``None`` when every filter accepts ``pair``, else the rejecting filter and its score."""
        for filt in self.filters:
            value = filt.score(pair)
            if not filt.accept(value):
                self.rejected[filt.name] += 1
                return filt, value
        for filt in self.filters:
            filt.kept(pair)
        return None
