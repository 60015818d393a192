"""Evaluation: sacrebleu-exact corpus and sentence scores, document mode, system comparison.

>>> from transalign.evaluate import evaluate_corpus
>>> result = evaluate_corpus(["The cat sat on the mat."], [["The cat sat on the mat."]])
>>> round(result["bleu"].score, 2)
100.0

Alignment scoring (``score_alignments``, ``read_beads``) lives in
:mod:`transalign.evaluate.alignment` and is re-exported here.
"""

from __future__ import annotations

from .alignment import read_beads, score_alignments
from .corpus import (
    CorpusResult,
    MetricScore,
    TextFile,
    check_parallel,
    evaluate_corpus,
    load_lines,
    read_lines,
    split_lines,
)
from .documents import (
    DocumentPairing,
    DocumentResult,
    SegmentPair,
    evaluate_documents,
    match_documents,
    pair_documents,
)
from .metrics import DEFAULT_METRICS, METRICS, MetricSettings, MetricSpec, resolve_metrics
from .significance import Comparison, PairedScore, compare_systems, parse_seed

__all__ = [
    "DEFAULT_METRICS",
    "METRICS",
    "Comparison",
    "CorpusResult",
    "DocumentPairing",
    "DocumentResult",
    "MetricScore",
    "MetricSettings",
    "MetricSpec",
    "PairedScore",
    "SegmentPair",
    "TextFile",
    "check_parallel",
    "compare_systems",
    "evaluate_corpus",
    "evaluate_documents",
    "load_lines",
    "match_documents",
    "pair_documents",
    "parse_seed",
    "read_beads",
    "read_lines",
    "resolve_metrics",
    "score_alignments",
    "split_lines",
]
