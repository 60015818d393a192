"""The metrics the evaluator offers: a plain name → factory table over sacrebleu.

Every metric is a sacrebleu ``Metric``; this module only decides how it is
configured, so that a score from ``transalign evaluate`` is the very number the
``sacrebleu`` command line prints for the same settings (same signature).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import UsageError

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric

DEFAULT_METRICS: tuple[str, ...] = ("bleu", "chrf", "ter")


@dataclass(frozen=True)
class MetricSettings:
    """Options shared by all metrics of one evaluation.

    Attributes:
        tokenize: BLEU tokenizer (sacrebleu name); ``None`` = sacrebleu's default
            (``13a``), exactly as ``sacrebleu`` without ``--tokenize``.
        lowercase: Case-insensitive BLEU and chrF (TER is case-insensitive by
            default, as in TERCOM and sacrebleu).
    """

    tokenize: str | None = None
    lowercase: bool = False

    def to_json(self) -> dict[str, object]:
        return {"tokenize": self.tokenize or "13a", "lowercase": self.lowercase}


@dataclass(frozen=True)
class MetricSpec:
    """One entry of :data:`METRICS`.

    Attributes:
        key: Name on the command line (``bleu``, ``chrf``, ``chrf++``, ``ter``).
        description: One line for ``--help`` and the README.
        higher_is_better: Score direction (TER is an error rate: lower is better).
        factory: ``factory(settings, sentence_level, references)`` → sacrebleu metric.
    """

    key: str
    description: str
    higher_is_better: bool
    factory: Callable[[MetricSettings, bool, Sequence[Sequence[str]] | None], Metric]

    def build(self, settings: MetricSettings, *, sentence_level: bool = False,
              references: Sequence[Sequence[str]] | None = None) -> Metric:
        """A configured sacrebleu metric (``references`` are cached when given)."""
        return self.factory(settings, sentence_level, references)


def _bleu(settings: MetricSettings, sentence_level: bool,
          references: Sequence[Sequence[str]] | None) -> Metric:
    from sacrebleu.metrics import BLEU  # heavy: sacrebleu

    # sentence level: effective order, as `sacrebleu --sentence-level` and
    # sacrebleu.sentence_bleu do (Chen & Cherry 2014 call it "smoothing 1+eff").
    return BLEU(lowercase=settings.lowercase, tokenize=settings.tokenize,
                effective_order=sentence_level, references=references)


def _chrf(word_order: int) -> Callable[[MetricSettings, bool, Any], Metric]:
    def build(settings: MetricSettings, sentence_level: bool,
              references: Sequence[Sequence[str]] | None) -> Metric:
        from sacrebleu.metrics import CHRF  # heavy: sacrebleu

        # word_order=2 is chrF++ (Popović 2017); char order 6 and beta 2 are the defaults.
        return CHRF(word_order=word_order, lowercase=settings.lowercase, references=references)

    return build


def _ter(settings: MetricSettings, sentence_level: bool,
         references: Sequence[Sequence[str]] | None) -> Metric:
    from sacrebleu.metrics import TER  # heavy: sacrebleu

    # TERCOM defaults (Snover et al. 2006): case-insensitive, no normalisation.
    return TER(references=references)


METRICS: dict[str, MetricSpec] = {
    "bleu": MetricSpec("bleu", "BLEU (Papineni et al. 2002), sacrebleu defaults: 13a, exp smoothing",
                       True, _bleu),
    "chrf": MetricSpec("chrf", "chrF2 (Popović 2015): character 6-grams, beta 2", True, _chrf(0)),
    "chrf++": MetricSpec("chrf++", "chrF2++ (Popović 2017): chrF plus word uni- and bigrams",
                         True, _chrf(2)),
    "ter": MetricSpec("ter", "TER (Snover et al. 2006), TERCOM settings; lower is better",
                      False, _ter),
}


def resolve_metrics(names: str | Iterable[str]) -> list[MetricSpec]:
    """Metric specs for names such as ``"bleu,chrf"`` or ``["bleu", "ter"]``.

    Names are case-insensitive; ``chrF++`` and ``chrfpp`` both mean chrF++.
    Duplicates are dropped, the order is kept.

    Raises:
        UsageError: an unknown metric name or an empty list.
    """
    if isinstance(names, str):
        names = names.split(",")
    specs: list[MetricSpec] = []
    for raw in names:
        name = raw.strip().lower().replace("chrfpp", "chrf++")
        if not name:
            continue
        if name not in METRICS:
            raise UsageError(f"unknown metric {raw.strip()!r}; choose from {', '.join(METRICS)}")
        if METRICS[name] not in specs:
            specs.append(METRICS[name])
    if not specs:
        raise UsageError(f"no metric given; choose from {', '.join(METRICS)}")
    return specs


def check_settings(settings: MetricSettings) -> None:
    """Raise :class:`UsageError` for settings sacrebleu would reject with a traceback."""
    if settings.tokenize is not None:
        from sacrebleu.metrics import BLEU  # heavy: sacrebleu

        if settings.tokenize not in BLEU.TOKENIZERS:
            raise UsageError(f"unknown BLEU tokenizer {settings.tokenize!r}; "
                             f"choose from {', '.join(BLEU.TOKENIZERS)}")
