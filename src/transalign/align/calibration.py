"""Bead confidence: the bead's posterior and its evidence, calibrated on tuning data.

``confidences`` gives every bead of the best path the probability that it is correct
(that it is in a human gold alignment exactly: the strict criterion), in three steps:

1. the **posterior** of the bead under the aligner's own lattice (``posterior``:
   forward–backward with the bead scores as log-potentials at ``TEMPERATURE[mode]``):
   how sure the aligner is of this bead *given* that the two documents are a
   translation of each other, read as a monotone chain of beads;
2. the bead's **evidence**, which the posterior cannot see, because it is relative to
   the other paths through the same lattice (``bead_features``): a bead on a forced
   path (the last sentences of a document, a pair that is not a translation) can have a
   posterior near 1 and no evidence at all. The features are the bead's margin score in
   units of the mode's typical document scale (``evidence``; a hinge: only evidence
   below ``EVIDENCE_FLOOR`` counts), the same for its neighbours (``neighbours``; only
   below ``NEIGHBOUR_FLOOR``), for an omission whether the omitted sentence matches
   some sentence of the band well (``elsewhere``: then it is not missing, the order is),
   and without MT the document's **order evidence** (``aligner.order_evidence``: how much
   better the document aligns than with its target shuffled; only below
   ``ORDER_FLOOR``, and in full from ``ORDER_RAMP`` pairs on). Without MT a bead's
   margin alone does not tell a translation from two unrelated texts: the best path
   through any pair finds sentences that look better than their neighbours;
3. a logistic combination of the posterior's logit and those features
   (``WEIGHTS[mode]``; Platt 1999's scaling with more inputs, every weight's sign fixed
   by what its cue means), then a monotone map (``KNOTS[mode]``: isotonic regression,
   Zadrozny & Elkan 2002, kept as the knots of a piecewise-linear function) onto the
   observed share of correct beads.

Every constant was fitted on tuning data only (Text+Berg dev, Tom Sawyer val, the even
documents of the re-segmented WMT22 set, synthetic pairs from the project's own text; the
documents whole and cut into chunks of 3, 6 and 15 gold beads, so that a confidence means
the same in a short document and a long one; beads next to a gold bead the aligner cannot
output left out; without MT, each tuning corpus weighing the same whatever its length),
by ``scripts/fit_alignment_confidence.py``, which prints the constants below; refit with
it after any change to the scoring.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .options import SCALE_PRIORS
from .posterior import Lattice, forward_backward, path_posteriors
from .scoring import NEG

Path = Sequence[tuple[int, int, int, int, float]]

# evidence (a bead's margin over the mode's typical scale) and neighbours' evidence
# below which the confidence is lowered (the hinge features of ``design``)
EVIDENCE_FLOOR = 0.5
NEIGHBOUR_FLOOR = 0.5
# neighbours on each side whose evidence ``bead_features`` averages
NEIGHBOURS = 2
# the order test (``aligner.order_evidence``: the document against itself with the
# target shuffled): the modes whose confidence reads it (with a bridge or in the same
# language, a bead's own evidence already gives a shuffled target low confidence); the
# beads of a window of a longer path; how many shuffled targets each window is compared
# with; the order evidence below which every bead of the document is less likely right;
# and the number of beads with both sides from which that counts in full (fewer pairs
# say less: the weak order is scaled by their share of ORDER_RAMP)
ORDER_MODES = ("none",)
ORDER_BEADS = 200
ORDER_SHUFFLES = 3
ORDER_FLOOR = 0.3
ORDER_RAMP = 15
# posteriors are clipped to [POSTERIOR_CLIP, 1 - POSTERIOR_CLIP] before their logit is
# taken: beyond 0.99 a posterior says no more (a forced bead at the end of a document
# has one near 1, right or wrong), so the lack of evidence can still outweigh it
POSTERIOR_CLIP = 0.01

# ---- fitted by scripts/fit_alignment_confidence.py (tuning data only) ----
# (WEIGHTS: of the columns of ``design``: 1, logit posterior, omission,
# omission x elsewhere, weak evidence, weak neighbours, weak order)
TEMPERATURE = {"bridge": 0.25, "same": 0.07, "none": 0.3}
WEIGHTS: dict[str, tuple[float, ...]] = {
    "bridge": (1.8122, 0.8182, -0.72, -4.0074, -4.0309, 0.0, 0.0),
    "same": (0.2768, 1.1309, -1.871, -6.2912, -8.6107, -4.5937, 0.0),
    "none": (0.9534, 0.7942, -0.4856, -1.6054, -2.0965, 0.0, -11.2753),
}
KNOTS: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "bridge": (
        (0.0, 0.0161, 0.0808, 0.1861, 0.3679, 0.5468, 0.7558, 0.8367, 0.8595,
         0.8833, 0.9028, 0.9209, 0.9287, 0.9447, 0.9615, 0.9754, 0.9841, 0.9878,
         0.9903, 0.9912, 0.9922, 0.9932, 0.9957, 1.0),
        (0.0, 0.0, 0.0326, 0.2599, 0.402, 0.6753, 0.7083, 0.7674, 0.8033,
         0.8792, 0.8974, 0.9494, 0.9576, 0.9578, 0.9665, 0.97, 0.9784, 0.9814,
         0.9833, 0.9894, 0.9953, 0.9965, 1.0, 1.0)),
    "same": (
        (0.0, 0.0031, 0.0169, 0.0583, 0.1717, 0.2827, 0.3931, 0.4587, 0.5569,
         0.6759, 0.7355, 0.7801, 0.8297, 0.8667, 0.92, 0.948, 0.9646, 0.9806,
         0.9876, 0.9927, 0.9958, 1.0),
        (0.0, 0.0, 0.1078, 0.1122, 0.1361, 0.2113, 0.466, 0.5, 0.5943, 0.6241,
         0.6639, 0.7459, 0.7733, 0.7793, 0.856, 0.9265, 0.9329, 0.9414, 0.9771,
         0.9789, 0.999, 1.0)),
    "none": (
        (0.0, 0.0166, 0.0669, 0.2232, 0.4364, 0.6048, 0.7218, 0.7806, 0.8142,
         0.8441, 0.8794, 0.9033, 0.9172, 0.9311, 0.9449, 0.9517, 0.9616, 0.9745,
         0.9793, 0.986, 0.9901, 1.0),
        (0.0223, 0.0223, 0.0755, 0.2997, 0.4545, 0.539, 0.6344, 0.7547, 0.7782,
         0.8491, 0.8734, 0.888, 0.9184, 0.9396, 0.9614, 0.9635, 0.9666, 0.9744,
         0.9766, 0.9894, 0.9941, 1.0)),
}
# ---- end of the fitted constants ----


def confidences(path: Path, lattice: Lattice | None, mode: str) -> np.ndarray:
    """The calibrated confidence of every bead of ``path`` (the aligner's best path
    through ``lattice``, the last pass's scored band; None where a side is empty and
    the path is forced: confidence 1)."""
    if lattice is None:
        return np.ones(len(path))
    post = posteriors(path, lattice, TEMPERATURE[mode])
    return calibrate(design(post, bead_features(path, lattice, mode)), mode)


def calibrate(x: np.ndarray, mode: str) -> np.ndarray:
    """The confidence of beads whose ``design`` rows are ``x``: the logistic
    combination ``WEIGHTS[mode]``, then the monotone map ``KNOTS[mode]``."""
    z = np.asarray(x, dtype=float) @ np.asarray(WEIGHTS[mode])
    xs, ys = KNOTS[mode]
    return np.clip(np.interp(1.0 / (1.0 + np.exp(-z)), xs, ys), 0.0, 1.0)


def posteriors(path: Path, lattice: Lattice | None, temperature: float) -> np.ndarray:
    """The posterior of every bead of ``path`` at ``temperature`` (1 without a lattice)."""
    if lattice is None:
        return np.ones(len(path))
    return path_posteriors(forward_backward(lattice, temperature), path)


def design(post: np.ndarray, feats: dict[str, np.ndarray]) -> np.ndarray:
    """The calibration's inputs, one row per bead: 1, the posterior's logit (the
    posterior clipped to ``POSTERIOR_CLIP``), omission, omission × elsewhere (clipped to
    [-1, 2]), weak evidence ``max(0, EVIDENCE_FLOOR - evidence)`` of a bead with both
    sides, weak neighbours ``max(0, NEIGHBOUR_FLOOR - neighbours)``, weak order
    ``max(0, ORDER_FLOOR - order) · min(1, beads / ORDER_RAMP)`` (0 where the order was
    not measured)."""
    p = np.clip(np.asarray(post, dtype=float), POSTERIOR_CLIP, 1 - POSTERIOR_CLIP)
    omission = feats["omission"]
    return np.stack([
        np.ones(len(p)),
        np.log(p / (1 - p)),
        omission,
        omission * np.clip(feats["elsewhere"], -1.0, 2.0),
        (1 - omission) * np.maximum(0.0, EVIDENCE_FLOOR - feats["evidence"]),
        np.maximum(0.0, NEIGHBOUR_FLOOR - feats["neighbours"]),
        np.maximum(0.0, ORDER_FLOOR - np.nan_to_num(feats["order"], nan=ORDER_FLOOR))
        * np.minimum(1.0, feats["beads"] / ORDER_RAMP),
    ], axis=1)


def path_evidence(path: Path, lattice: Lattice | None, mode: str) -> float:
    """The mean evidence of the beads of ``path`` (``bead_features``'s: an omission
    counts 0; each bead's clipped to [-1, 2]); 0 for an empty path."""
    if not path:
        return 0.0
    return float(np.mean(np.clip(_evidence(path, lattice, mode)[1], -1.0, 2.0)))


def _evidence(path: Path, lattice: Lattice | None, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """Per bead of ``path``: omission (1 for a 0-1/1-0 bead) and evidence (the margin
    score in units of the mode's typical scale; 0 for an omission or without a lattice)."""
    scale = lattice.scale if lattice is not None else 0.0
    omission = np.array([i0 == i1 or j0 == j1 for i0, i1, j0, j1, _ in path], dtype=float)
    score = np.array([s for *_, s in path], dtype=float)
    return omission, np.where(omission > 0, 0.0, score * scale / SCALE_PRIORS[mode])


def bead_features(path: Path, lattice: Lattice | None, mode: str) -> dict[str, np.ndarray]:
    """Per bead of ``path``: ``evidence``: its margin score in units of the mode's
    typical document scale (``score · scale / scale_prior``; 0 for an omission: a
    typical good bead has about 1, a pair that is not a translation about 0);
    ``omission``: 1 for a 0-1/1-0 bead; ``elsewhere``: for an omission, the best 1-1
    evidence its sentence has with any sentence of the band; ``neighbours``: the mean
    evidence (clipped to [0, 2]) of the ``NEIGHBOURS`` beads on each side, with one
    pseudo-neighbour of evidence 1 (a bead alone in its document is not suspect);
    ``order``: the document's order evidence (``Lattice.order``, NaN where it was not
    measured) and ``beads``: the number of pairs it speaks for (the path's beads with
    both sides, at most ``ORDER_BEADS``), the same for every bead."""
    k = len(path)
    omission, evidence = _evidence(path, lattice, mode)
    elsewhere = np.zeros(k)
    if lattice is not None and omission.any():
        row_best, col_best = _best_11(lattice)
        for t, (i0, i1, j0, j1, _) in enumerate(path):
            if i1 > i0 and j1 == j0:
                elsewhere[t] = row_best[i1]
            elif j1 > j0 and i1 == i0:
                elsewhere[t] = col_best[j1]
        elsewhere *= lattice.scale / SCALE_PRIORS[mode]
    clipped = np.clip(evidence, 0.0, 2.0)
    c = np.concatenate([[0.0], np.cumsum(clipped)])
    idx = np.arange(k)
    a, b = np.maximum(idx - NEIGHBOURS, 0), np.minimum(idx + NEIGHBOURS + 1, k)
    neighbours = (c[b] - c[a] - clipped + 1.0) / (b - a - 1 + 1.0)
    order = lattice.order if lattice is not None and lattice.order is not None else np.nan
    return {"evidence": evidence, "omission": omission, "elsewhere": elsewhere,
            "neighbours": neighbours, "order": np.full(k, order),
            "beads": np.full(k, float(min(k - omission.sum(), ORDER_BEADS)))}


def _best_11(lat: Lattice) -> tuple[np.ndarray, np.ndarray]:
    """The best 1-1 score of every row (source position ``i``: the 1-1 beads of source
    sentence ``i-1``) and of every column (target position ``j``), 0 where none fits."""
    mi = list(lat.moves).index((1, 1))
    block = lat.scores[:, mi, :]
    fits = block > NEG / 2
    rows = np.where(fits, block, -np.inf).max(axis=1)
    m = int(lat.hi[-1])
    cols = np.full(m + 1, -np.inf)
    colidx = lat.lo[:, None] + np.arange(block.shape[1])[None, :]
    np.maximum.at(cols, np.clip(colidx[fits], 0, m), block[fits])
    return np.where(np.isfinite(rows), rows, 0.0), np.where(np.isfinite(cols), cols, 0.0)
