"""The metrics the evaluator offers: a plain name → factory table over sacrebleu.

Every metric is a sacrebleu ``Metric``; this module only decides how it is
configured, so that a score from ``transalign evaluate`` is the very number the
``sacrebleu`` command line prints for the same settings (same signature).
"""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import excerpt
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


# BLEU tokenizers that need more than sacrebleu itself: the extra to install
_TOKENIZER_EXTRAS = {"ja-mecab": "sacrebleu[ja]", "ko-mecab": "sacrebleu[ko]"}
# ... and those that download a SentencePiece model on first use
_DOWNLOADING = ("spm", "flores101", "flores200", "spBLEU-1K")
DOWNLOAD_TIMEOUT_S = 30


def check_settings(settings: MetricSettings) -> None:
    """Raise :class:`UsageError` for settings sacrebleu would reject with a traceback: an
    unknown tokenizer, one whose extra is not installed (``ja-mecab``, ``ko-mecab``), or
    one whose SentencePiece model is not downloaded and cannot be (offline)."""
    if settings.tokenize is None:
        return
    from sacrebleu.metrics import BLEU  # heavy: sacrebleu

    name = settings.tokenize
    if name not in BLEU.TOKENIZERS:

        raise UsageError(f"unknown BLEU tokenizer {excerpt(name)}; "
                         f"choose from {', '.join(BLEU.TOKENIZERS)}")
    if name not in _TOKENIZER_EXTRAS and name not in _DOWNLOADING:
        return
    _load_tokenizer(BLEU, name)


def _load_tokenizer(bleu: Any, name: str) -> None:
    """Build the tokenizer once (sacrebleu caches it, and downloads its model if needed);
    a failure is one ``UsageError``, with sacrebleu's own log lines kept back and the
    lock file of a failed download removed."""

    from sacrebleu.utils import SACREBLEU_DIR  # heavy: sacrebleu

    models = Path(SACREBLEU_DIR) / "models"
    made = [d for d in (Path(SACREBLEU_DIR), models) if not d.exists()]
    locks_before = set(models.glob("*.lock")) if models.is_dir() else set()
    sacrelogger = logging.getLogger("sacrebleu")
    level = sacrelogger.level
    sacrelogger.setLevel(logging.CRITICAL)  # its warnings and errors become our one line
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(DOWNLOAD_TIMEOUT_S)  # sacrebleu's download sets none
    try:
        bleu(tokenize=name)
    except (ImportError, RuntimeError) as exc:  # sacrebleu's "please install" errors
        extra = _TOKENIZER_EXTRAS.get(name, "sentencepiece")
        raise UsageError(f"--tokenize {name} needs an extra that is not installed: "
                         f"pip install '{extra}' ({type(exc).__name__})") from None
    except (OSError, SystemExit) as exc:  # urllib's URLError, a timeout, SSL (exit)
        from sacrebleu.tokenizers.tokenizer_spm import SPM_MODELS  # heavy: sacrebleu

        for lock in set(models.glob("*.lock")) - locks_before:
            with contextlib.suppress(OSError):
                if lock.stat().st_size == 0:
                    lock.unlink()
        for folder in reversed(made):  # the folders the failed download made, if empty
            with contextlib.suppress(OSError):
                folder.rmdir()
        url = SPM_MODELS[name]["url"]
        reason = str(getattr(exc, "reason", "") or exc).strip().splitlines()
        raise UsageError(
            f"--tokenize {name} needs its SentencePiece model, which sacrebleu downloads "
            f"once from {url} into {models}; the download failed "
            f"({(reason[0] if reason else type(exc).__name__)[:120]}); run once with "
            "network, or use another tokenizer (default: 13a)") from None
    finally:
        socket.setdefaulttimeout(previous)
        sacrelogger.setLevel(level)
