"""System comparison: paired bootstrap resampling and approximate randomisation.

Both tests are sacrebleu's own (``sacrebleu.significance.PairedTest``): paired
bootstrap resampling after Koehn (2004) as in Moses'
``bootstrap-hypothesis-difference-significance.pl``, and paired approximate
randomisation after Riezler & Maxwell (2005) as in MultEval (Clark et al. 2011).
They are called the way ``sacrebleu -i A B … --paired-bs`` calls them, with the
same seed semantics (``SACREBLEU_SEED``, default 12345), so the p-values are
those of the ``sacrebleu`` command line for the same seed.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..errors import InputError, UsageError
from .corpus import check_parallel
from .metrics import DEFAULT_METRICS, MetricSettings, check_settings, resolve_metrics

log = logging.getLogger(__name__)

TESTS = {"bs": "paired bootstrap resampling", "ar": "paired approximate randomization"}
DEFAULT_SEED = 12345  # sacrebleu's default for SACREBLEU_SEED


@dataclass(frozen=True)
class PairedScore:
    """One system's score for one metric in a paired comparison.

    Attributes:
        score: The corpus score on the full test set.
        mean: Bootstrap estimate of the true mean (``None`` when not estimated).
        ci: Half-width of the 95% confidence interval around ``mean``.
        p_value: p-value of the difference to the baseline (``None`` for the baseline).
    """

    score: float
    mean: float | None = None
    ci: float | None = None
    p_value: float | None = None

    def to_json(self) -> dict[str, float | None]:
        return {"score": self.score, "mean": self.mean, "ci": self.ci, "p_value": self.p_value}


@dataclass(frozen=True)
class Comparison:
    """Result of :func:`compare_systems`.

    Attributes:
        test: ``bs`` or ``ar``.
        n_samples: Bootstrap resamples or randomisation trials used.
        seed: The seed (``None``: unseeded, drawn from the OS).
        systems: System names, the baseline first.
        metric_names: sacrebleu score names (``BLEU``, ``chrF2``…), in order.
        scores: ``scores[metric_name][i]`` for system ``i``.
        signatures: sacrebleu signature per metric, with the test, samples and seed.
    """

    test: str
    n_samples: int
    seed: int | None
    systems: tuple[str, ...]
    metric_names: tuple[str, ...]
    scores: dict[str, tuple[PairedScore, ...]]
    signatures: dict[str, str]

    @property
    def baseline(self) -> str:
        return self.systems[0]

    def to_json(self) -> dict[str, object]:
        return {
            "test": self.test, "test_name": TESTS[self.test], "n_samples": self.n_samples,
            "seed": self.seed, "baseline": self.baseline,
            "signatures": self.signatures,
            "systems": [
                {"system": name,
                 "scores": {m: self.scores[m][i].to_json() for m in self.metric_names}}
                for i, name in enumerate(self.systems)],
        }


def parse_seed(value: str | int | None) -> int | None:
    """A seed from the command line: an integer, or ``none`` for an unseeded run.

    Raises:
        UsageError: not an integer, negative, or 0 (sacrebleu's paired tests
            treat a seed of 0 as "no seed", so it would not be reproducible).
    """
    if value is None:
        return None
    if isinstance(value, str):
        if value.strip().lower() == "none":
            return None
        try:
            value = int(value)
        except ValueError:
            raise UsageError(f"seed {value!r} is not an integer; give an integer or 'none'") from None
    if value < 0:
        raise UsageError(f"seed {value} is negative; give a positive integer or 'none'")
    if value == 0:
        # sacrebleu.significance.PairedTest.__call__: `seed = self._seed if self._seed else None`
        raise UsageError("seed 0 means 'unseeded' in sacrebleu's paired tests; "
                         "give a positive integer (default 12345) or 'none'")
    return value


@contextlib.contextmanager
def _sacrebleu_seed(seed: int | None) -> Iterator[None]:
    # sacrebleu reads its seed from the environment, not from an argument
    # (significance.PairedTest.__init__ and _bootstrap_resample).
    old = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = "none" if seed is None else str(seed)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SACREBLEU_SEED", None)
        else:
            os.environ["SACREBLEU_SEED"] = old


def compare_systems(systems: Sequence[tuple[str, Sequence[str]]],
                    references: Sequence[Sequence[str | None]], *,
                    metrics: str | Iterable[str] = DEFAULT_METRICS,
                    settings: MetricSettings | None = None,
                    test: str = "bs", n_samples: int = 0,
                    seed: int | None = DEFAULT_SEED,
                    ar_confidence: int = -1,
                    reference_names: Sequence[str] | None = None) -> Comparison:
    """Compare systems with a paired significance test against the first (the baseline).

    Args:
        systems: ``(name, hypotheses)`` pairs; the first is the baseline.
        references: Reference streams, line-parallel to every system.
        metrics: Metric keys (see :func:`~transalign.evaluate.evaluate_corpus`).
        settings: Tokenizer and case options.
        test: ``bs`` (paired bootstrap resampling) or ``ar`` (approximate randomisation).
        n_samples: Resamples (bs) or trials (ar); 0 = sacrebleu's default
            (1000 for bs, 10000 for ar).
        seed: Seed of numpy's generator, as ``SACREBLEU_SEED`` (``None`` = unseeded).
        ar_confidence: For ``ar``, bootstrap resamples for confidence intervals
            (-1: none, as the sacrebleu command line; 0: 1000).
        reference_names: Names of the reference streams, used in messages.

    Returns:
        A :class:`Comparison` with scores, 95% confidence intervals (bs) and p-values.

    Raises:
        UsageError: fewer than two systems, duplicate names, unknown test or metric, bad seed.
        InputError: a system or a reference is not line-parallel.
    """
    from sacrebleu.significance import PairedTest  # heavy: sacrebleu

    if test not in TESTS:
        raise UsageError(f"unknown paired test {test!r}; choose from {', '.join(TESTS)}")
    if len(systems) < 2:
        raise UsageError("a paired comparison needs at least two systems (the first is the baseline)")
    names = [name for name, _ in systems]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise UsageError(f"system {duplicates[0]!r} given twice; every system needs its own name")
    if n_samples < 0:
        raise UsageError(f"number of samples must be positive (or 0 for the default), got {n_samples}")
    if seed is not None:
        seed = parse_seed(seed)
    specs = resolve_metrics(metrics)
    settings = settings or MetricSettings()
    check_settings(settings)
    for name, hyps in systems:
        check_parallel(hyps, references, hyp_name=name, ref_names=reference_names)
    refs = [list(stream) for stream in references]
    named = [(name, list(hyps)) for name, hyps in systems]
    with _sacrebleu_seed(seed):
        # As sacrebleu's CLI: references cached in each metric, PairedTest(references=None).
        metric_objs = {spec.key: spec.build(settings, references=refs) for spec in specs}
        paired = PairedTest(named, metric_objs, references=None, test_type=test,
                            n_samples=n_samples, n_ar_confidence=ar_confidence, n_jobs=1)
        log.info("%s over %d systems, %d samples", TESTS[test], len(named), paired.n_samples)
        signatures, results = paired()
    metric_names = tuple(k for k in results if k != "System")
    scores: dict[str, tuple[PairedScore, ...]] = {}
    for m in metric_names:
        row = []
        for res in results[m]:
            if isinstance(res, str):  # pragma: no cover - only in sacrebleu's non-paired mode
                raise InputError(f"unexpected sacrebleu result {res!r}")
            row.append(PairedScore(
                float(res.score),
                None if res.mean is None else float(res.mean),
                None if res.ci is None else float(res.ci),
                None if res.p_value is None else float(res.p_value)))
        scores[m] = tuple(row)
    return Comparison(test, paired.n_samples, seed, tuple(names), metric_names, scores,
                      {k: v.format() for k, v in signatures.items()})
