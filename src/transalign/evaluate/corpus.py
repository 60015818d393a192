"""Line-parallel evaluation: corpus scores and per-sentence scores through sacrebleu.

sacrebleu silently drops hypotheses when references are passed in the wrong
shape (``zip`` over a flat list of strings, or streams of unequal length), so
every entry point here checks the shape and the lengths first and raises an
:class:`~transalign.errors.InputError` that names both inputs and both counts.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ..errors import InputError
from ..limits import TER_MAX_WORDS
from ..paths import input_name, name_id
from ..reading import decode, read_bytes
from .metrics import DEFAULT_METRICS, MetricSettings, MetricSpec, check_settings, resolve_metrics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextFile:
    """The lines of one input file, with what is needed to reproduce a score.

    Attributes:
        path: The path as given (``-`` for stdin).
        lines: The segments, one per line (see :func:`read_lines`).
        sha256: Hex digest of the file's bytes.
    """

    path: str
    lines: tuple[str, ...] = field(repr=False)
    sha256: str

    def to_json(self) -> dict[str, object]:
        return {"path": name_id(self.path), "sha256": self.sha256, "lines": len(self.lines)}


def split_lines(text: str) -> list[str]:
    """Segments of a line-parallel file, exactly as the ``sacrebleu`` command line reads them.

    The text is split at ``\\n`` only (``str.splitlines`` would also split at
    U+2028, U+0085, form feeds…, and shift every following line); a final empty
    line after the last ``\\n`` is dropped; trailing whitespace (``\\r`` too) is
    removed from each line, as sacrebleu does with ``line.rstrip()``.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]


def load_lines(path: str) -> TextFile:
    """Read a UTF-8 file (or stdin for ``-``) of one segment per line.

    Raises:
        InputError: missing file, directory, binary data, invalid UTF-8, or a
            file without any non-whitespace character.
    """

    name = input_name(path)
    data = read_bytes(path)
    text = decode(data, name)
    if not text.strip():
        raise InputError(f"{name}: input is empty (nothing to score)")
    return TextFile(path, tuple(split_lines(text)), hashlib.sha256(data).hexdigest())


def read_lines(path: str) -> list[str]:
    """The segments of ``path`` (see :func:`split_lines` and :func:`load_lines`)."""
    return list(load_lines(path).lines)


def check_parallel(hypotheses: Sequence[str], references: Sequence[Sequence[str | None]], *,
                   hyp_name: str = "hypotheses",
                   ref_names: Sequence[str] | None = None) -> None:
    """Check that hypotheses and every reference stream are line-parallel.

    Args:
        hypotheses: One string per segment.
        references: One stream per reference, each one string per segment
            (sacrebleu's shape: ``[[ref1_seg1, ref1_seg2, …], [ref2_seg1, …]]``).
            ``None`` marks a missing reference for a segment (variable number
            of references, as sacrebleu allows).
        hyp_name: Name of the hypotheses in messages (a file name).
        ref_names: Names of the reference streams in messages.

    Raises:
        InputError: wrong shape, unequal lengths, no segments, or no reference.
    """
    if isinstance(hypotheses, str) or not isinstance(hypotheses, Sequence):
        raise InputError(f"{hyp_name}: expected a list of segments, got {type(hypotheses).__name__}")
    if isinstance(references, str) or not isinstance(references, Sequence):
        raise InputError("references: expected a list of reference streams "
                         f"(one list of segments per reference), got {type(references).__name__}")
    if not references:
        raise InputError("no reference given; pass at least one reference stream")
    names = list(ref_names) if ref_names is not None else [
        f"reference {i + 1}" for i in range(len(references))]
    if len(names) != len(references):
        raise InputError(f"{len(names)} reference names for {len(references)} reference streams")
    for i, hyp in enumerate(hypotheses):
        if not isinstance(hyp, str):
            raise InputError(f"{hyp_name}: segment {i + 1} is {type(hyp).__name__}, expected a string")
    for name, stream in zip(names, references, strict=True):
        if isinstance(stream, str) or not isinstance(stream, Sequence):
            # The silent-drop trap: refs=["a b", "c d"] makes sacrebleu zip characters.
            raise InputError(f"{name}: expected a list of segments, got {type(stream).__name__}; "
                             "pass references as a list of streams, e.g. [refs] not refs")
        if len(stream) != len(hypotheses):
            raise InputError(f"{hyp_name} has {len(hypotheses)} lines but {name} has "
                             f"{len(stream)}; hypotheses and references must be line-parallel")
        for i, ref in enumerate(stream):
            if ref is not None and not isinstance(ref, str):
                raise InputError(f"{name}: segment {i + 1} is {type(ref).__name__}, expected a string")
    if not hypotheses:
        raise InputError(f"{hyp_name}: no segments to score")
    for i in range(len(hypotheses)):
        if all(stream[i] is None for stream in references):
            raise InputError(f"segment {i + 1} has no reference (every stream has None "
                             "there); give it one, or leave the segment out")


@dataclass(frozen=True)
class MetricScore:
    """One corpus-level score, as sacrebleu computed it.

    Attributes:
        metric: Key in :data:`~transalign.evaluate.metrics.METRICS` (``bleu``…).
        name: sacrebleu's name of the score (``BLEU``, ``chrF2``, ``chrF2++``, ``TER``).
        score: The score (0–100; TER can exceed 100).
        signature: sacrebleu's signature string (how it was computed).
        details: sacrebleu's verbose part (BLEU: n-gram precisions, BP, lengths).
        higher_is_better: Score direction.
        sentence_signature: Signature of the per-sentence scores (BLEU uses
            effective order at sentence level), or ``""`` when none were computed.
    """

    metric: str
    name: str
    score: float
    signature: str
    details: str = ""
    higher_is_better: bool = True
    sentence_signature: str = ""

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"metric": self.metric, "name": self.name, "score": self.score,
                                  "signature": self.signature,
                                  "higher_is_better": self.higher_is_better}
        if self.details:
            out["details"] = self.details
        if self.sentence_signature:
            out["sentence_signature"] = self.sentence_signature
        return out


@dataclass(frozen=True)
class CorpusResult:
    """Scores of one system.

    Attributes:
        system: Name of the system (its file name).
        n_segments: Number of scored segments.
        n_references: Number of reference streams.
        scores: One :class:`MetricScore` per requested metric, in the order asked.
        sentences: Per-sentence scores (``{score name: value}`` per segment, in
            order) when requested, else ``None``.
    """

    system: str
    n_segments: int
    n_references: int
    scores: tuple[MetricScore, ...]
    sentences: tuple[dict[str, float], ...] | None = field(default=None, repr=False)

    def __getitem__(self, key: str) -> MetricScore:
        """The score of a metric by key (``"bleu"``) or sacrebleu name (``"chrF2"``)."""
        for score in self.scores:
            if key in (score.metric, score.name):
                return score
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        """Whether a metric's key or name is among the scores (``"bleu" in result``)."""
        return any(key in (score.metric, score.name) for score in self.scores)

    def __iter__(self) -> Iterator[str]:
        """The scores' sacrebleu names, in the order asked (``list(result)``)."""
        return iter([score.name for score in self.scores])

    def to_json(self) -> dict[str, object]:
        return {"system": self.system, "segments": self.n_segments,
                "references": self.n_references,
                "scores": {s.name: s.to_json() for s in self.scores}}


def score_streams(hypotheses: Sequence[str], references: Sequence[Sequence[str | None]],
                  specs: Iterable[MetricSpec], settings: MetricSettings, *,
                  per_sentence: bool = False,
                  ) -> tuple[list[MetricScore], list[dict[str, float]] | None]:
    """Score already checked streams (see :func:`check_parallel`) with each metric.

    Sufficient statistics are extracted once per metric and give both the
    corpus score (their sum, as ``Metric.corpus_score`` does) and the
    per-sentence scores (each line's own statistics, as
    ``Metric.sentence_score`` does), the way ``sacrebleu.significance`` reuses them.
    """
    scores: list[MetricScore] = []
    sentences: list[dict[str, float]] | None = (
        [{} for _ in hypotheses] if per_sentence else None)
    for spec in specs:
        if spec.key == "ter":
            check_ter_length(hypotheses, references)
        metric = spec.build(settings)
        stats = metric._extract_corpus_statistics(hypotheses, references)
        corpus = metric._aggregate_and_compute(stats)
        sentence_signature = ""
        if sentences is not None:
            sent_metric = spec.build(settings, sentence_level=True)
            sent_metric.num_refs = metric.num_refs  # resolved when references were cached
            sentence_signature = sent_metric.get_signature().format()
            for row, seg_stats in zip(sentences, stats, strict=True):
                row[corpus.name] = float(sent_metric._compute_score_from_stats(seg_stats).score)
        scores.append(MetricScore(
            metric=spec.key, name=corpus.name, score=float(corpus.score),
            signature=metric.get_signature().format(), details=getattr(corpus, "_verbose", ""),
            higher_is_better=spec.higher_is_better, sentence_signature=sentence_signature))
    return scores, sentences


def longest_segment(hypotheses: Sequence[str], references: Sequence[Sequence[str | None]]
                    ) -> tuple[int, int]:
    """``(words, line)`` of the longest segment among hypotheses and references."""
    words, line = 0, 0
    for stream in (hypotheses, *references):
        for k, text in enumerate(stream):
            n = len(text.split()) if text else 0
            if n > words:
                words, line = n, k + 1
    return words, line


def check_ter_length(hypotheses: Sequence[str],
                     references: Sequence[Sequence[str | None]]) -> None:
    """Refuse TER on a segment of more than ``limits.TER_MAX_WORDS`` words: its shift
    search grows about with the cube of the length (a minute at 1,000 words of dissimilar
    text, far more than 300 s at 5,000), and cannot be stopped half-way."""
    words, line = longest_segment(hypotheses, references)
    if words > TER_MAX_WORDS:
        raise InputError(f"TER: segment {line} has {words:,} words, more than the "
                         f"{TER_MAX_WORDS:,} TER is run on (its shift search would take many "
                         "minutes); leave TER out with --metrics bleu,chrf, or split the "
                         "segment")


def evaluate_corpus(hypotheses: Sequence[str], references: Sequence[Sequence[str | None]], *,
                    metrics: str | Iterable[str] = DEFAULT_METRICS,
                    settings: MetricSettings | None = None,
                    per_sentence: bool = False,
                    system: str = "hypotheses",
                    reference_names: Sequence[str] | None = None) -> CorpusResult:
    """Corpus scores (and optionally per-sentence scores) of one system.

    The numbers are those of the ``sacrebleu`` command line for the same files
    and settings (``sacrebleu REF [REF2 …] -i HYP -m bleu chrf ter``).

    Args:
        hypotheses: One hypothesis per segment.
        references: One stream per reference, each line-parallel to
            ``hypotheses`` (``[ref_a_lines, ref_b_lines]``).
        metrics: Metric keys, a list or a comma-separated string
            (``bleu``, ``chrf``, ``chrf++``, ``ter``).
        settings: Tokenizer and case options (default: sacrebleu's defaults).
        per_sentence: Also compute one score per segment and metric.
        system: Name of the system, used in messages and reports.
        reference_names: Names of the reference streams, used in messages.

    Returns:
        A :class:`CorpusResult`.

    Raises:
        InputError: the inputs are not line-parallel or are empty.
        UsageError: unknown metric or tokenizer.
    """
    specs = resolve_metrics(metrics)
    settings = settings or MetricSettings()
    check_settings(settings)
    check_parallel(hypotheses, references, hyp_name=system, ref_names=reference_names)
    hyps, refs = list(hypotheses), [list(stream) for stream in references]
    log.debug("scoring %s: %d segments, %d references", system, len(hyps), len(refs))
    scores, sentences = score_streams(hyps, refs, specs, settings, per_sentence=per_sentence)
    return CorpusResult(system, len(hyps), len(refs), tuple(scores),
                        tuple(sentences) if sentences is not None else None)
