"""Bead posteriors: forward–backward over the banded lattice the search already scored.

The search (``core``) finds the best path through the lattice, a path being an
alignment and its score the sum of its bead scores. Read as a log-linear model over
paths, ``p(path) ∝ exp(Σ score(bead) / T)`` (a linear-chain CRF whose log-potentials are
the bead scores, Lafferty, McCallum & Pereira 2001), the probability that a given bead
is part of the alignment is its marginal

    P(bead (a, b) ending at (i, j)) = exp(α(i−a, j−b) + score / T + β(i, j) − log Z)

with ``α`` and ``β`` the forward and backward sums over the same banded lattice and
moves (the forward–backward algorithm, Baum et al. 1970; Rabiner 1989), and
``Z = α(n, m) = β(0, 0)``. Moore (2002, "Fast and accurate sentence alignment of
bilingual corpora") computes bead posteriors the same way over a banded lattice of a
length model, and keeps the beads whose posterior exceeds 0.99; here the log-potentials
are the aligner's own bead scores, and the temperature ``T`` (Guo et al. 2017's
temperature scaling, applied to the path distribution) is fitted on tuning data
(``calibration``). Every path covers every sentence exactly once, so the posteriors of
all candidate beads that cover a given sentence sum to one.

The passes run row by row like the search: every move reads a slice of an earlier (α)
or later (β) row, and the within-row 0-1 moves are a running log-sum-exp
(``np.logaddexp.accumulate``), so time and memory stay linear in the band (two
``(n+1, width)`` tables next to the search's scores).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .scoring import NEG, Moves


@dataclass(frozen=True)
class Lattice:
    """A scored band: bead scores ``(n+1, len(moves), width)`` (NEG where a bead does
    not fit), the band ``lo``/``hi`` (columns of each row), the moves, the penalty of
    each target sentence's 0-1 move (the search's within-row move), the document's
    scale (``scoring.document_scale``), and its order evidence (``aligner``'s
    ``order_evidence``; None where it was not measured)."""

    scores: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    moves: Moves
    tgt_pen: np.ndarray
    scale: float = 1.0
    order: float | None = None


@dataclass(frozen=True)
class ForwardBackward:
    """``log_alpha`` / ``log_beta`` ``(n+1, width)`` (NEG outside the band) and
    ``log_z``, at ``temperature``."""

    lattice: Lattice
    temperature: float
    log_alpha: np.ndarray
    log_beta: np.ndarray
    log_z: float


def _widths(lat: Lattice) -> np.ndarray:
    return (lat.hi - lat.lo + 1).astype(np.int64)


def _slices(lat: Lattice, inner: list[tuple[int, int, int]], sign: int
            ) -> list[list[tuple[int, int, int, int]]]:
    """For every row ``i`` and inner move: ``(k, row, first, last)`` where the move
    links the cells ``first..last-1`` of row ``i`` with the cells ``first+offset..`` of
    ``row`` (``i - a`` forward, ``sign=-1``; ``i + a`` backward, ``sign=+1``), ``offset``
    folded into ``first``/``last`` as the other row's column indices (see the loops)."""
    lo = lat.lo.tolist()
    w = _widths(lat).tolist()
    n = len(lo) - 1
    out: list[list[tuple[int, int, int, int]]] = []
    for i in range(n + 1):
        row = []
        for k, (_, a, b) in enumerate(inner):
            r = i + sign * a
            if r < 0 or r > n:
                continue
            s = lo[i] + sign * b - lo[r]  # row r's column index of this row's first cell
            k0, k1 = max(0, -s), min(w[i], w[r] - s)
            if k1 > k0:
                row.append((k, r, k0, k1))
        out.append(row)
    return out


def forward_backward(lat: Lattice, temperature: float) -> ForwardBackward:
    """The forward and backward log-sums of every cell of the band at ``temperature``."""
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature!r}")
    inv = 1.0 / temperature
    lo = lat.lo.tolist()
    n = len(lo) - 1
    width = lat.scores.shape[2]
    w = _widths(lat).tolist()
    inner = [(mi, a, b) for mi, (a, b) in enumerate(lat.moves) if a > 0]
    # the scores of the inner moves, scaled once: (n+1, moves, width)
    scaled = lat.scores[:, [mi for mi, _, _ in inner], :] * inv
    csum = np.concatenate([[0.0], np.cumsum(lat.tgt_pen)]) * inv
    alpha = np.full((n + 1, width), NEG)
    beta = np.full((n + 1, width), NEG)
    # a row's candidates: one line per move, and one for the start/end cell
    cand = np.empty((len(inner) + 1, width))
    reduce, accumulate, add = np.logaddexp.reduce, np.logaddexp.accumulate, np.add
    for i, links in enumerate(_slices(lat, inner, -1)):
        w_i = w[i]
        cand[:, :w_i] = NEG
        if i == 0 and lo[0] == 0:
            cand[-1, 0] = 0.0
        s = lo[i]
        for k, r, k0, k1 in links:
            d = s - inner[k][2] - lo[r]
            add(alpha[r, k0 + d: k1 + d], scaled[i, k, k0:k1], out=cand[k, k0:k1])
        c = csum[s: s + w_i]
        # 0-1 moves inside the row: alpha[j] = logaddexp(x[j], alpha[j-1] - pen[j-1])
        alpha[i, :w_i] = accumulate(reduce(cand[:, :w_i], axis=0) + c) - c
    for i, links in reversed(list(enumerate(_slices(lat, inner, 1)))):
        w_i = w[i]
        cand[:, :w_i] = NEG
        if i == n:
            cand[-1, w_i - 1] = 0.0  # the end (n, m): hi[n] == m
        s = lo[i]
        for k, r, k0, k1 in links:
            d = s + inner[k][2] - lo[r]
            add(beta[r, k0 + d: k1 + d], scaled[r, k, k0 + d: k1 + d], out=cand[k, k0:k1])
        c = csum[s: s + w_i]
        # 0-1 moves inside the row: beta[j] = logaddexp(y[j], beta[j+1] - pen[j])
        beta[i, :w_i] = accumulate((reduce(cand[:, :w_i], axis=0) - c)[::-1])[::-1] + c
    log_z = float(alpha[n, w[n] - 1])
    return ForwardBackward(lat, temperature, alpha, beta, log_z)


def path_posteriors(fb: ForwardBackward, path: Sequence[tuple[int, int, int, int, float]]
                    ) -> np.ndarray:
    """The posterior of each bead ``(i0, i1, j0, j1, score)`` of a path through the
    lattice (the probability that a path drawn from the model contains it)."""
    lat = fb.lattice
    inv = 1.0 / fb.temperature
    lo = lat.lo
    index = {mv: mi for mi, mv in enumerate(lat.moves)}
    out = np.zeros(len(path))
    for k, (i0, i1, j0, j1, _) in enumerate(path):
        a, b = i1 - i0, j1 - j0
        start = fb.log_alpha[i0, j0 - lo[i0]]
        # (a == 0: the within-row 0-1 move)
        step = (-lat.tgt_pen[j0] if a == 0 else lat.scores[i1, index[(a, b)], j1 - lo[i1]]) * inv
        out[k] = start + step + fb.log_beta[i1, j1 - lo[i1]] - fb.log_z
    return np.clip(np.exp(np.minimum(out, 0.0)), 0.0, 1.0)


def move_posteriors(fb: ForwardBackward) -> np.ndarray:
    """The posterior of every candidate bead: ``(n+1, len(moves), width)``, the bead of
    move ``moves[k]`` ending at cell ``(i, lo[i] + c)`` at ``[i, k, c]`` (the 0-1 moves
    at the index of ``(0, 1)``). For inspection and tests: the table is as large as the
    scores'."""
    lat = fb.lattice
    inv = 1.0 / fb.temperature
    lo, scores = lat.lo, lat.scores
    n = len(lo) - 1
    w = _widths(lat)
    out = np.zeros_like(scores)
    for i in range(n + 1):
        w_i = int(w[i])
        beta = fb.log_beta[i, :w_i]
        for mi, (a, b) in enumerate(lat.moves):
            if a == 0:
                # from (i, j-1) to (i, j): the first cell of the row has no predecessor
                start = np.concatenate([[NEG], fb.log_alpha[i, : w_i - 1]])
                cols = lo[i] + np.arange(w_i)
                step = -lat.tgt_pen[np.maximum(cols - 1, 0)] * inv
                step[0] = NEG
            else:
                if i < a:
                    continue
                s = int(lo[i] - b - lo[i - a])
                k0, k1 = max(0, -s), min(w_i, int(w[i - a]) - s)
                start = np.full(w_i, NEG)
                if k1 > k0:
                    start[k0:k1] = fb.log_alpha[i - a, s + k0: s + k1]
                step = scores[i, mi, :w_i] * inv
            logp = start + step + beta - fb.log_z
            out[i, mi, :w_i] = np.exp(np.minimum(logp, 0.0))
    return out
