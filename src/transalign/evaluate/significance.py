"""System comparison: paired bootstrap resampling and approximate randomisation.

Both tests are sacrebleu's own (``sacrebleu.significance.PairedTest``): paired
bootstrap resampling after Koehn (2004) as in Moses'
``bootstrap-hypothesis-difference-significance.pl``, and paired approximate
randomisation after Riezler & Maxwell (2005) as in MultEval (Clark et al. 2011).
They are run the way ``sacrebleu -i A B … --paired-bs`` runs them, with the
same seed semantics (``SACREBLEU_SEED``, default 12345), so the p-values are
those of the ``sacrebleu`` command line for the same seed.

sacrebleu draws every resample at once: its memory grows with the number of
resamples times the number of segments (24 GB for ``--paired-n 100000000``). Here
the same draws, from the same random generator in the same order, are made and
scored in chunks of at most ``CHUNK_BYTES``; what grows with the number of resamples
is one score per resample and metric (8 bytes), and ``limits.MAX_PAIRED_N`` bounds it.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..config import excerpt
from ..errors import InputError, UsageError
from ..limits import MAX_PAIRED_N
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

            raise UsageError(f"seed {excerpt(value)} is not an integer; give an integer or "
                             "'none'") from None
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
    if test not in TESTS:
        raise UsageError(f"unknown paired test {test!r}; choose from {', '.join(TESTS)}")
    if len(systems) < 2:
        raise UsageError("a paired comparison needs at least two systems (the first is the baseline)")
    for k, system in enumerate(systems, 1):
        if (isinstance(system, str) or not isinstance(system, Sequence) or len(system) != 2
                or not isinstance(system[0], str) or isinstance(system[1], str)):
            raise UsageError(f"system {k}: expected a (name, hypotheses) pair, e.g. "
                             "[(\"base\", base_lines), (\"new\", new_lines)]")
    names = [name for name, _ in systems]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise UsageError(f"system {duplicates[0]!r} given twice; every system needs its own name")
    if n_samples < 0:
        raise UsageError(f"number of samples must be positive (or 0 for the default), got {n_samples}")
    if n_samples > MAX_PAIRED_N[test]:
        raise UsageError(f"{n_samples:,} {'resamples' if test == 'bs' else 'trials'} are more "
                         f"than the {MAX_PAIRED_N[test]:,} this tool runs (sacrebleu's default "
                         f"is {_DEFAULT_SAMPLES[test]:,}; p-values need no more)")
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
        # As sacrebleu's CLI: references cached in each metric, no references passed on.
        metric_objs = {spec.key: spec.build(settings, references=refs) for spec in specs}
        n_used = n_samples or _DEFAULT_SAMPLES[test]
        log.info("%s over %d systems, %d samples", TESTS[test], len(named), n_used)
        signatures, results = _paired_test(named, metric_objs, test, n_used, ar_confidence,
                                           seed)
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
    return Comparison(test, n_used, seed, tuple(names), metric_names, scores,
                      {k: v.format() for k, v in signatures.items()})


# -- the paired tests, in bounded memory ---------------------------------------------------
# sacrebleu.significance's PairedTest, _paired_bs_test, _paired_ar_test and
# _bootstrap_resample (sacrebleu 2.x) step by step: the same statistics, the same random
# draws in the same order, the same score of each resample; only drawn and scored a
# chunk of resamples at a time. tests/test_evaluate_significance.py holds the numbers
# equal to sacrebleu's own.

_DEFAULT_SAMPLES = {"ar": 10000, "bs": 1000}
CHUNK_BYTES = 32 << 20  # the most one chunk of resampled statistics takes


def _chunk_rows(n_segments: int, n_stats: int) -> int:
    """Resamples per chunk: within ``CHUNK_BYTES``, and a multiple of 64, so that numpy
    draws the same numbers in chunks as at once (its boolean draws use 32 random bits at
    a time and drop the unused rest of a call's last word)."""
    per_row = max(1, n_segments * (max(n_stats, 1) * 8 + 8))
    return max(64, CHUNK_BYTES // per_row // 64 * 64)


class _Scores:
    """One score per resample, stored with the dtype of the first (sacrebleu keeps
    chrF's and TER's float32 scores as float32, and so its means and intervals)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.values: object = None

    def __setitem__(self, k: int, score: object) -> None:
        if self.values is None:
            import numpy as np  # heavy: numpy (with sacrebleu)

            self.values = np.empty(self.n, dtype=np.asarray(score).dtype)
        self.values[k] = score  # type: ignore[index]

    def array(self) -> object:
        return self.values


def _chunks(total: int, rows: int) -> Iterator[int]:
    while total > 0:
        yield min(rows, total)
        total -= rows


def _bootstrap_scores(stats: object, metric: object, n_samples: int, seed: int | None
                      ) -> object:
    """sacrebleu's ``_bootstrap_resample``: the scores of ``n_samples`` resamples."""
    import numpy as np  # heavy: numpy (with sacrebleu)

    rng = np.random.default_rng(seed)
    stats_np = np.array(stats, dtype="float32")
    n = len(stats_np)
    scores = _Scores(n_samples)
    done = 0
    for rows in _chunks(n_samples, _chunk_rows(n, stats_np.shape[1] if stats_np.ndim > 1
                                                else 1)):
        idxs = rng.choice(n, size=(rows, n), replace=True)
        for k, resample in enumerate(stats_np[idxs]):
            scores[done + k] = metric._compute_score_from_stats(resample.sum(0)).score
        done += rows
    return scores.array()


def _paired_test(named: list[tuple[str, list[str]]], metrics: dict[str, object], test: str,
                 n_samples: int, ar_confidence: int, seed: int | None
                 ) -> tuple[dict[str, object], dict[str, list[object]]]:
    """``PairedTest(named, metrics, references=None, test_type=test, n_samples=n_samples,
    n_ar_confidence=ar_confidence, n_jobs=1)()``, in bounded memory."""
    import numpy as np  # heavy: numpy (with sacrebleu)
    from sacrebleu.significance import Result, estimate_ci  # heavy: sacrebleu

    n_confidence = ar_confidence if ar_confidence != 0 else _DEFAULT_SAMPLES["bs"]
    baseline: dict[str, tuple[object, object]] = {}
    by_name: dict[str, object] = {}
    signatures: dict[str, object] = {}
    bl_hyps = named[0][1]
    for metric in metrics.values():
        bl_stats = metric._extract_corpus_statistics(bl_hyps, None)
        bl_score = metric._aggregate_and_compute(bl_stats)
        confidence_n = n_samples if test == "bs" else n_confidence
        bl_mean = bl_ci = None
        if confidence_n > 0:
            bl_mean, bl_ci = estimate_ci(_bootstrap_scores(bl_stats, metric, confidence_n,
                                                           seed))
        baseline[bl_score.name] = (bl_stats, Result(bl_score.score, mean=bl_mean, ci=bl_ci))
        by_name[bl_score.name] = metric
        sig = metric.get_signature()
        sig.update("seed", str(seed).lower())
        sig.update(test, n_samples)
        if n_confidence > 0:
            sig.update("bs", n_confidence)
        signatures[bl_score.name] = sig
    results: dict[str, list[object]] = {"System": [name for name, _ in named]}
    for name, (_, result) in baseline.items():
        results[name] = [result]
    run = _paired_bs if test == "bs" else _paired_ar
    for _, hyps in named[1:]:
        # sacrebleu: `seed if seed else None`; an unseeded run draws its entropy once, so
        # every metric sees the same resamples, as when they are drawn at once
        system_seed = seed if seed else int(np.random.SeedSequence().entropy)
        for name, result in run(baseline, by_name, hyps, n_samples, n_confidence,
                                system_seed).items():
            results[name].append(result)
    return signatures, results


def _system_stats(metrics: dict[str, object], hyps: list[str]) -> dict[str, tuple]:
    out = {}
    for name, metric in metrics.items():
        stats = metric._extract_corpus_statistics(hyps, None)
        out[name] = (stats, metric._aggregate_and_compute(stats))
    return out


def _paired_bs(baseline: dict[str, tuple], metrics: dict[str, object], hyps: list[str],
               n_samples: int, n_confidence: int, seed: int) -> dict[str, object]:
    """sacrebleu's ``_paired_bs_test`` for one system against the baseline."""
    import numpy as np  # heavy: numpy (with sacrebleu)
    from sacrebleu.significance import Result, _compute_p_value, estimate_ci  # heavy: sacrebleu

    rng = np.random.default_rng(seed)
    system = _system_stats(metrics, hyps)
    arrays = {name: (np.array(baseline[name][0], dtype="float32"),
                     np.array(system[name][0], dtype="float32")) for name in metrics}
    scores = {name: (_Scores(n_samples), _Scores(n_samples)) for name in metrics}
    n = len(hyps)
    widest = max(a.shape[1] if a.ndim > 1 else 1 for a, _ in arrays.values())
    done = 0
    for rows in _chunks(n_samples, _chunk_rows(n, widest)):
        idxs = rng.choice(n, size=(rows, n), replace=True)
        for name, metric in metrics.items():
            bl, sy = arrays[name]
            out_bl, out_sys = scores[name]
            for k, resample in enumerate(bl[idxs]):
                out_bl[done + k] = metric._compute_score_from_stats(resample.sum(0)).score
            for k, resample in enumerate(sy[idxs]):
                out_sys[done + k] = metric._compute_score_from_stats(resample.sum(0)).score
        done += rows
    results = {}
    for name in metrics:
        diff = abs(baseline[name][1].score - system[name][1].score)
        scores_bl, scores_sys = (x.array() for x in scores[name])
        sys_mean, sys_ci = estimate_ci(scores_sys)
        sample_diffs = np.abs(scores_sys - scores_bl)
        p = _compute_p_value(sample_diffs - sample_diffs.mean(), diff)
        results[name] = Result(system[name][1].score, p, sys_mean, sys_ci)
    return results


def _paired_ar(baseline: dict[str, tuple], metrics: dict[str, object], hyps: list[str],
               n_samples: int, n_confidence: int, seed: int) -> dict[str, object]:
    """sacrebleu's ``_paired_ar_test`` for one system against the baseline."""
    import numpy as np  # heavy: numpy (with sacrebleu)
    from sacrebleu.significance import Result, _compute_p_value, estimate_ci  # heavy: sacrebleu

    rng = np.random.default_rng(seed)
    system = _system_stats(metrics, hyps)
    # `pos_sel @ stats` in sacrebleu converts the statistics as np.asarray does
    arrays = {name: (np.asarray(baseline[name][0]), np.asarray(system[name][0]))
              for name in metrics}
    scores = {name: (_Scores(n_samples), _Scores(n_samples)) for name in metrics}
    n = len(hyps)
    widest = max(a.shape[1] if a.ndim > 1 else 1 for a, _ in arrays.values())
    done = 0
    for rows in _chunks(n_samples, _chunk_rows(n, widest)):
        pos_sel = rng.integers(2, size=(rows, n), dtype=bool)
        neg_sel = ~pos_sel
        for name, metric in metrics.items():
            bl, sy = arrays[name]
            out_a, out_b = scores[name]
            shuf_a = pos_sel @ bl + neg_sel @ sy
            shuf_b = neg_sel @ bl + pos_sel @ sy
            for k, x in enumerate(shuf_a[:, None]):
                out_a[done + k] = metric._aggregate_and_compute(x).score
            for k, x in enumerate(shuf_b[:, None]):
                out_b[done + k] = metric._aggregate_and_compute(x).score
        done += rows
    confidence = {}
    if n_confidence > 0:  # drawn after every trial's selection, as sacrebleu does
        sys_arrays = {name: np.array(system[name][0], dtype="float32") for name in metrics}
        confidence = {name: _Scores(n_confidence) for name in metrics}
        done = 0
        for rows in _chunks(n_confidence, _chunk_rows(n, widest)):
            idxs = rng.choice(n, size=(rows, n), replace=True)
            for name, metric in metrics.items():
                for k, resample in enumerate(sys_arrays[name][idxs]):
                    confidence[name][done + k] = metric._compute_score_from_stats(
                        resample.sum(0)).score
            done += rows
    results = {}
    for name in metrics:
        diff = abs(baseline[name][1].score - system[name][1].score)
        scores_a, scores_b = (x.array() for x in scores[name])
        res = Result(system[name][1].score, _compute_p_value(np.abs(scores_a - scores_b), diff))
        if n_confidence > 0:
            res.mean, res.ci = estimate_ci(confidence[name].array())
        results[name] = res
    return results
