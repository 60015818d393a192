"""The reliability table of ``scripts/eval_alignment.py`` (bead confidence against gold),
on hand-made documents whose numbers can be worked out by hand."""

from __future__ import annotations

import pytest

from conftest import _load_script
from transalign.records import Bead

reliability = _load_script("eval_alignment").reliability


def _doc(rows: list[tuple[float, bool]]):
    """A document of 1-1 beads with these (confidence, right?) rows; the gold has the
    right ones, and for a wrong one the bead with the next target sentence."""
    test = [Bead((k,), (k,), 0.0, conf) for k, (conf, _) in enumerate(rows)]
    gold = [Bead((k,), (k if ok else k + 100,)) for k, (_, ok) in enumerate(rows)]
    return ([], [], gold, test)


def test_bins_ece_and_the_high_confidence_beads() -> None:
    # bin .9-1.0: 0.95 right, 0.95 wrong -> |1 - 1.9| = 0.9; bin .5-.6: 0.5 right -> 0.5;
    # bin .0-.1: 0.0 wrong -> 0
    doc = _doc([(0.95, True), (0.95, False), (0.5, True), (0.0, False)])
    rel = reliability([doc])
    assert rel["beads"] == 4
    assert rel["count"] == [1, 0, 0, 0, 0, 1, 0, 0, 0, 2]
    assert rel["correct"] == [0, 0, 0, 0, 0, 1, 0, 0, 0, 1]
    assert rel["ece"] == pytest.approx((0.9 + 0.5) / 4)
    assert rel["p90"] == pytest.approx(0.5)  # one of the two beads at >= 0.9 is right
    assert rel["kept90"] == pytest.approx(0.5)  # and it is one of the two right beads


def test_a_confidence_of_one_falls_in_the_last_bin() -> None:
    rel = reliability([_doc([(1.0, True)])])
    assert rel["count"][-1] == 1 and rel["ece"] == 0.0


def test_the_bootstrap_interval_resamples_documents() -> None:
    # identical documents: every resample is the same sample, the interval is a point
    same = [_doc([(0.8, True), (0.6, False)])] * 5
    rel = reliability(same)
    assert rel["ece_ci"] == pytest.approx((rel["ece"], rel["ece"]))
    # documents that differ: the interval has width, holds the ECE of either document
    # alone at its ends at most, and is the same for the same seed
    mixed = [_doc([(0.9, True)] * 4), _doc([(0.9, False)] * 4)] * 3
    rel = reliability(mixed, resamples=400, seed=3)
    lo, hi = rel["ece_ci"]
    assert rel["ece"] == pytest.approx(0.4)  # 12 of 24 right at 0.9
    assert 0.0 <= lo < rel["ece"] < hi <= 0.9
    assert reliability(mixed, resamples=400, seed=3)["ece_ci"] == (lo, hi)
