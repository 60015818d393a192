"""The pieces of ``scripts/fit_alignment_confidence.py`` that decide the confidence's
constants: the beads' weights, the monotone map, the sign-constrained logistic fit, and
the whole per-mode fit on records whose right answer is known."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from conftest import _load_script
from transalign.records import Bead

fit = _load_script("fit_alignment_confidence")


def _record(name: str, size: int = 0, post: float = 0.9, correct: bool = True,
            doc: int = 0) -> dict:
    return {"set": name, "mode": "none", "size": size, "doc": doc,
            "post": np.full(len(fit.TEMPERATURES), post), "evidence": 1.0,
            "omission": 0.0, "elsewhere": 0.0, "neighbours": 1.0, "order": 1.0,
            "beads": 20.0, "correct": correct}


def test_balanced_weights_give_every_corpus_the_same_total() -> None:
    records = ([_record("long book") for _ in range(300)]
               + [_record("long book, shuffled", size=-6) for _ in range(30)]
               + [_record("news") for _ in range(100)]
               + [_record("synthetic article") for _ in range(7)])
    w = fit.bead_weights(records, balanced=True)
    book, shuffled = w[:300], w[300:330]
    news, synthetic = w[330:430], w[430:]
    # the mean corpus has 200 beads: the book's weigh 2/3 each, the news's 2 each
    assert book.sum() == pytest.approx(200) and news.sum() == pytest.approx(200)
    # a shuffled bead weighs SHUFFLED_WEIGHT times a bead of its own corpus
    assert shuffled == pytest.approx(fit.SHUFFLED_WEIGHT * book[0])
    assert synthetic == pytest.approx(1.0)
    plain = fit.bead_weights(records, balanced=False)
    assert set(plain[:300]) == {1.0} and set(plain[300:330]) == {fit.SHUFFLED_WEIGHT}
    assert set(plain[330:]) == {1.0}


def test_isotonic_pools_the_violators() -> None:
    x = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    y = np.array([0.0, 1.0, 0.0, 1.0, 1.0])
    w = np.array([1.0, 1.0, 1.0, 1.0, 2.0])
    xs, vals, wts = fit.isotonic(x, y, w)
    # 0 | (1, 0) pooled to 0.5 | (1, 1) pooled to 1
    assert vals.tolist() == [0.0, 0.5, 1.0]
    assert wts.tolist() == [1.0, 2.0, 3.0]
    assert xs == pytest.approx([0.1, 0.25, (0.4 + 2 * 0.5) / 3])
    # the weighted mean of y is kept
    assert float(vals @ wts) == pytest.approx(float(y @ w))


def test_knots_are_a_monotone_map_of_the_unit_interval() -> None:
    rng = np.random.default_rng(3)
    x = rng.random(2000)
    y = (rng.random(2000) < x).astype(float)
    kx, ky = fit.knots(x, y, np.ones(2000), max_knots=10)
    assert len(kx) <= 10 and kx[0] == 0.0 and kx[-1] == 1.0
    assert all(a < b for a, b in itertools.pairwise(kx))
    assert all(a <= b for a, b in itertools.pairwise(ky))
    # the map follows the data: y is drawn with probability x
    assert np.interp([0.2, 0.5, 0.8], kx, ky) == pytest.approx([0.2, 0.5, 0.8], abs=0.1)


def test_a_weight_against_its_sign_is_dropped() -> None:
    """A cue that may only lower the confidence (sign -1) but predicts the bead right in
    the data is left out (weight 0), and the others are refitted without it."""
    rng = np.random.default_rng(5)
    n = 4000
    logit = rng.normal(0, 2, n)
    weak = rng.random(n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(logit + 2 * weak)))).astype(float)
    x = np.column_stack([np.ones(n), logit, np.zeros(n), np.zeros(n), weak, np.zeros(n),
                         np.zeros(n)])
    weights, _ = fit.fit_map(x, y, np.ones(n))
    assert weights[4] == 0.0
    assert weights[1] > 0.5


def test_fit_mode_recovers_a_calibrated_posterior() -> None:
    """Beads that are right with exactly their posterior's probability, every other cue
    neutral: the fitted confidence is the posterior again, within sampling error."""
    rng = random.Random(7)
    records = []
    for doc in range(40):
        for _ in range(100):
            p = rng.uniform(0.05, 0.99)
            records.append(_record("corpus", post=p, correct=rng.random() < p, doc=doc))
    temperature, weights, (kx, ky), _ = fit.fit_mode(records)
    assert temperature in fit.TEMPERATURES
    from transalign.align.calibration import design

    feats = {k: np.array([r[k] for r in records])
             for k in ("evidence", "omission", "elsewhere", "neighbours", "order", "beads")}
    post = np.array([r["post"][0] for r in records])
    conf = np.interp(1 / (1 + np.exp(-(design(post, feats) @ np.asarray(weights)))), kx, ky)
    for lo in (0.1, 0.3, 0.5, 0.7, 0.9):
        band = (post >= lo) & (post < lo + 0.1)
        assert conf[band].mean() == pytest.approx(post[band].mean(), abs=0.06)


def test_the_order_is_fitted_on_top_of_the_beads_cues() -> None:
    """Two stages: the bead cues on their rows, then the document's weak order on all
    rows. Documents whose order is weak are wrong more often: the order's weight is
    negative, and the bead cues keep their direction (the posterior's weight > 0)."""
    rng = np.random.default_rng(9)
    n = 6000
    logit = rng.normal(1.0, 2.0, n)
    weak_order = np.where(rng.random(n) < 0.3, 0.3, 0.0)  # 30 % in weakly ordered documents
    y = (rng.random(n) < 1 / (1 + np.exp(-(logit - 8 * weak_order)))).astype(float)
    x = np.column_stack([np.ones(n), logit, np.zeros((n, 4)), weak_order])
    weights, (_, ky) = fit.fit_map(x, y, np.ones(n), bead_rows=weak_order == 0)
    assert weights[1] > 0.5
    assert weights[6] < -3
    assert all(a <= b for a, b in itertools.pairwise(ky))


@pytest.mark.parametrize("bead, ok", [
    (Bead((1,), (1,)), True), (Bead((1, 2), (3,)), True), (Bead((1,), ()), True),
    (Bead((1,), (2, 3, 4, 5)), False),  # 1-4: not one of the moves
    (Bead((1, 3), (2,)), False),  # not contiguous
])
def test_representable_beads(bead: Bead, ok: bool) -> None:
    from transalign.align import AlignOptions

    assert fit.representable(bead, set(AlignOptions().moves)) is ok
