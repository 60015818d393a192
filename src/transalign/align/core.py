"""The alignment search: banded, row-vectorised, coarse-to-fine.

The lattice has a row per source position ``i`` (0..n) and a column per target position
``j`` (0..m); a path from (0, 0) to (n, m) made of the allowed moves ``(a, b)`` is an
alignment, and a move is a bead of ``a`` source and ``b`` target sentences. Following
Vecalign (Thompson & Koehn 2019), long documents are aligned coarse-to-fine: consecutive
sentences are merged pairwise until the document is short, that is aligned in full, and
each finer level searches only a band of ``±band`` sentences around the projected coarser
path, so time and memory grow linearly with the document.

``solve`` reads like Bertalign's ``align_sents``: a first pass (the coarse level's path,
or a full pass with the default length variance), from whose path the length variance
(and without a bridge, a lexicon) is learnt; the search path (the band); and the second
pass over it (``_search``: ``scoring.band_scores``, ``_dp``, ``_backtrace``).

Inside the band each lattice row is one vectorised numpy step: every move reads a slice
of an earlier row, and the within-row 0-1 move is a running maximum
(``D[j] = max_k X[k] − p·(j − k)`` = ``cummax(X + p·k) − p·j``).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from itertools import pairwise

import numpy as np

from . import seedlex
from .features import SideFeatures, learn_lexicon, lexical_profiles
from .options import AlignOptions
from .posterior import Lattice
from .scoring import NEG, Level, Moves, band_scores, skip_value

log = logging.getLogger(__name__)

# the moves of the coarse levels, which only place the band
COARSE_MOVES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))

# the learnt lexicon's profiles: dimensions; and the beads of the first alignment a word
# pair must co-occur in to enter the lexicon (2 let more chance pairs in: Tom Sawyer val
# 0.880 -> 0.886, Text+Berg dev no MT 0.804 -> 0.808 strict F1)
LEXICON_DIM = 512
LEXICON_MIN_COUNT = 3
# the seed lexicon (``seedlex``) joins a learnt lexicon of fewer entries than this: a
# document that long teaches itself (a 100-sentence news article learns about 200
# entries, a Tom Sawyer half about 1,800). With the seed (its first 1,800 words; for the
# list as it is now see docs/alignment.md), strict F1 without MT on the
# tuning data: WMT22 dev part 0.9850 -> 0.9913 whole, 0.9628 -> 0.9876 in 6-bead
# documents; Tom Sawyer val in 6-bead documents 0.8821 -> 0.8928, but whole 0.8855 ->
# 0.8823 (a literary translation: a word list's senses mislead as often as they help)
SEED_UNTIL = 1000

Path = list[tuple[int, int, int, int, float]]


def _coarsen(f: SideFeatures) -> SideFeatures:
    """Merge sentences pairwise (2k, 2k+1) by summing profiles and lengths."""
    n = len(f.lengths)

    def pair(x: np.ndarray) -> np.ndarray:
        out = x[0::2].copy()
        out[: n // 2] += x[1::2]
        return out

    # (paragraph boundaries act on the finest level only: the coarse path only places
    # the band)
    return SideFeatures(pair(f.chars), pair(f.anchors), pair(f.lengths),
                        lex=None if f.lex is None else pair(f.lex))


def solve(src: SideFeatures, tgt: SideFeatures, moves: Moves, opts: AlignOptions,
          *, variance: float = 6.8, corners: list[tuple[int, int]] | None = None,
          _depth: int = 0) -> Path:
    """Align two featurised sides; returns beads ``(i0, i1, j0, j1, score)`` (see
    ``solve_with_lattice``)."""
    return solve_with_lattice(src, tgt, moves, opts, variance=variance, corners=corners,
                              _depth=_depth)[0]


def solve_with_lattice(src: SideFeatures, tgt: SideFeatures, moves: Moves, opts: AlignOptions,
                       *, variance: float = 6.8, corners: list[tuple[int, int]] | None = None,
                       _depth: int = 0) -> tuple[Path, Lattice | None]:
    """Align two featurised sides; returns beads ``(i0, i1, j0, j1, score)`` and the
    scored lattice of the last pass (``posterior.Lattice``; None where there was no
    search: a side is empty and every sentence of the other is an omission).

    ``opts``: ``AlignOptions.for_mode``'s (every weight set); ``moves``: the bead shapes
    (``opts.moves`` at the finest level). With ``opts.lexicon_weight > 0`` (and tokens
    in the features), a lexicon is learnt from the first path and its lexical-bridge
    profiles join the cues of the second pass. ``corners`` (hard cuts): lattice points
    ``(i, j)`` from ``(0, 0)`` to ``(n, m)`` that the path must pass; the features'
    ``blocks`` number the sentences between them, so that a bead takes its sentences
    from one block. The document is still scored as one, on one scale.
    """
    n, m = len(src.lengths), len(tgt.lengths)
    if n == 0 or m == 0:  # every sentence of the other side is an omission
        if n == 0:
            return [(0, 0, j, j + 1, -skip_value(opts)) for j in range(m)], None
        return [(i, i + 1, 0, 0, -skip_value(opts)) for i in range(n)], None
    ratio = float(tgt.lengths.sum() / max(src.lengths.sum(), 1.0))
    level = Level(src, tgt)
    first, lo, hi = _first_pass(level, moves, opts, ratio, variance, corners, _depth)
    # what the second pass learns from the first path: the length variance, a lexicon
    var = _estimate(first, level, ratio, variance)
    if (opts.lexicon_weight > 0 and src.lex is None and src.tokens is not None
            and tgt.tokens is not None):
        level = _with_lexicon(level, first, opts.seed_lexicon)
    log.debug("level %d: %d x %d, band width %d, variance %.2f", _depth, n, m,
              int((hi - lo).max()) + 1, var)
    return _search(level, lo, hi, moves, opts, ratio, var)


def _first_pass(level: Level, moves: Moves, opts: AlignOptions, ratio: float,
                variance: float, corners: list[tuple[int, int]] | None, depth: int
                ) -> tuple[Path, np.ndarray, np.ndarray]:
    """The first path and the search path of the second pass (its band ``lo``, ``hi``).

    With more than ``coarse_threshold`` sentences on both sides: the path of the coarser
    level (sentences merged pairwise), in this level's positions, and a band of ``±band``
    around it; otherwise a pass over the whole lattice with the default ``variance``,
    which is then the second pass's band too. With hard cuts (``corners``) the band is
    the blocks' (``_corner_band``), but the whole document's coarse path still gives the
    first path.
    """
    src, tgt = level.src, level.tgt
    n, m = len(src.lengths), len(tgt.lengths)
    if min(n, m) > opts.coarse_threshold:
        coarse = solve(_coarsen(src), _coarsen(tgt), COARSE_MOVES, opts, variance=variance,
                       _depth=depth + 1)
        lo, hi = (_corner_band(src, tgt, corners, opts, variance, depth) if corners
                  else _project_band(coarse, n, m, opts.band))
        first = [(min(2 * a, n), min(2 * b, n), min(2 * c, m), min(2 * d, m), s)
                 for a, b, c, d, s in coarse]
        return first, lo, hi
    lo, hi = (_corner_band(src, tgt, corners, opts, variance, depth) if corners
              else _full_band(n, m))
    return _search(level, lo, hi, moves, opts, ratio, variance)[0], lo, hi


def _search(level: Level, lo: np.ndarray, hi: np.ndarray, moves: Moves, opts: AlignOptions,
            ratio: float, var: float) -> tuple[Path, Lattice]:
    """One pass: score the band, find the best path through it, and trace it back;
    returns the path and the scored band (for the bead posteriors)."""
    scores, tgt_pen, scale = band_scores(level, lo, hi, moves, opts, ratio, var)
    bp = _dp(scores, lo, hi, moves, tgt_pen)
    return (_backtrace(bp, scores, lo, hi, moves, tgt_pen),
            Lattice(scores, lo, hi, moves, tgt_pen, scale))


def _dp(scores: np.ndarray, lo: np.ndarray, hi: np.ndarray, moves: Moves,
        tgt_pen: np.ndarray) -> np.ndarray:
    """Best path through the band; returns the back-pointer table (move index per cell,
    ``len(moves)`` for the within-row 0-1 move)."""
    n = len(lo) - 1
    width = scores.shape[2]
    pad = width + 4
    dp = np.full((n + 1, width + 2 * pad), NEG)
    bp = np.zeros((n + 1, width), dtype=np.int8)
    # C[j] = total 0-1 penalty of target sentences 0..j-1: a run of 0-1 moves from k to j
    # costs C[j] - C[k], so D[j] = max_k (X[k] + C[k]) - C[j], a running maximum
    csum = np.concatenate([[0.0], np.cumsum(tgt_pen)])
    inner = [(mi, a, b) for mi, (a, b) in enumerate(moves) if a > 0]
    cand = np.empty((len(moves), width))
    zero_one = len(moves)
    for i in range(n + 1):
        w_i = int(hi[i] - lo[i]) + 1
        cand.fill(NEG)
        for mi, a, b in inner:
            if i < a:
                continue
            s = int(lo[i] - b - lo[i - a])
            if s >= width or s < -pad:
                continue
            cand[mi, :w_i] = dp[i - a, pad + s: pad + s + w_i]
        tot = cand[:, :w_i] + scores[i, :, :w_i]
        best = tot.argmax(axis=0)
        x = tot[best, np.arange(w_i)]
        if i == 0 and lo[0] == 0:
            x[0] = 0.0
        # 0-1 moves inside the row: D[j] = max(X[j], D[j-1] - pen[j-1])
        c = csum[lo[i]: lo[i] + w_i]
        y = np.maximum.accumulate(x + c) - c
        took = y > x + 1e-9
        best[took] = zero_one
        dp[i, pad: pad + w_i] = y
        bp[i, :w_i] = best
    return bp


def _backtrace(bp: np.ndarray, scores: np.ndarray, lo: np.ndarray, hi: np.ndarray,
               moves: Moves, tgt_pen: np.ndarray) -> Path:
    """Beads ``(i0, i1, j0, j1, score)`` of the best path, in order."""
    i, j = len(lo) - 1, int(hi[-1])
    out = []
    while i > 0 or j > 0:
        k = j - int(lo[i])
        mv = int(bp[i, k])
        if mv == len(moves):
            out.append((i, i, j - 1, j, -float(tgt_pen[j - 1])))
            j -= 1
            continue
        a, b = moves[mv]
        out.append((i - a, i, j - b, j, float(scores[i, mv, k])))
        i, j = i - a, j - b
    out.reverse()
    return out


def _full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def _rows(f: SideFeatures, a: int, b: int) -> SideFeatures:
    """Sentences ``a:b`` of one side (the profiles used by a coarse pass)."""
    return SideFeatures(f.chars[a:b], f.anchors[a:b], f.lengths[a:b],
                        lex=None if f.lex is None else f.lex[a:b])


def _corner_band(src: SideFeatures, tgt: SideFeatures, corners: list[tuple[int, int]],
                 opts: AlignOptions, variance: float, depth: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The band of hard cuts: between two corners ``(i, j)`` that every path must pass
    (the ends of the paragraph beads), a row reaches only its own block's columns; in a
    block larger than ``coarse_threshold`` on both sides, only a band around the block's
    own coarse path (linear time and memory, however the blocks fall)."""
    n, m = len(src.lengths), len(tgt.lengths)
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in pairwise(corners):
        if min(i1 - i0, j1 - j0) > opts.coarse_threshold:
            coarse = solve(_coarsen(_rows(src, i0, i1)), _coarsen(_rows(tgt, j0, j1)),
                           COARSE_MOVES, opts, variance=variance, _depth=depth + 1)
            b_lo, b_hi = _project_band(coarse, i1 - i0, j1 - j0, opts.band)
            b_lo, b_hi = b_lo + j0, b_hi + j0
        else:
            b_lo = np.full(i1 - i0 + 1, j0, dtype=np.int64)
            b_hi = np.full(i1 - i0 + 1, j1, dtype=np.int64)
        lo[i0: i1 + 1] = np.minimum(lo[i0: i1 + 1], b_lo)
        hi[i0: i1 + 1] = np.maximum(hi[i0: i1 + 1], b_hi)
    return lo, hi


def _project_band(path: Path, n: int, m: int, band: int) -> tuple[np.ndarray, np.ndarray]:
    """Band of the fine level around a coarse path (coarse cell = 2 × 2 fine cells)."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i0, i1, j0, j1, _ in path:
        r0, r1 = min(2 * i0, n), min(2 * i1, n)
        c0, c1 = min(2 * j0, m), min(2 * j1, m)
        lo[r0: r1 + 1] = np.minimum(lo[r0: r1 + 1], c0)
        hi[r0: r1 + 1] = np.maximum(hi[r0: r1 + 1], c1)
    lo = np.maximum(lo - band, 0)
    hi = np.minimum(hi + band, m)
    # monotone band edges keep every row reachable from the previous ones
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0] = 0
    hi[n] = m
    return lo, hi


def _estimate(path: Path, level: Level, ratio: float, default: float) -> float:
    """Robust Gale–Church variance per character from the non-empty beads of a path."""
    cs = np.concatenate([[0.0], np.cumsum(level.src.lengths)])
    ct = np.concatenate([[0.0], np.cumsum(level.tgt.lengths)])
    ls, lt = [], []
    for i0, i1, j0, j1, _ in path:
        if i1 > i0 and j1 > j0:
            ls.append(cs[i1] - cs[i0])
            lt.append(ct[j1] - ct[j0])
    if len(ls) < 8:
        return default
    a, b = np.asarray(ls) * ratio, np.asarray(lt)
    z2 = (b - a) ** 2 / np.maximum((a + b) / 2.0, 1.0)
    # median of a chi-square with one degree of freedom is 0.455
    return float(max(np.median(z2) / 0.455, 0.5))


def _with_lexicon(level: Level, path: Path, seed: bool) -> Level:
    """``level`` with lexical-bridge profiles learnt from the beads of ``path``, and with
    ``seed``, from the seed lexicon's entries too (``seedlex``)."""
    assert level.src.tokens is not None and level.tgt.tokens is not None
    src, tgt = level.src.tokens[:2], level.tgt.tokens[:2]
    n_src, n_tgt = len(level.src.tokens[2]), len(level.tgt.tokens[2])
    n, m = len(level.src.lengths), len(level.tgt.lengths)
    # bead index of every sentence (-1: in an omission, not used for learning)
    src_bead = np.full(n, -1, np.int64)
    tgt_bead = np.full(m, -1, np.int64)
    for k, (i0, i1, j0, j1, _) in enumerate(path):
        if i1 > i0 and j1 > j0:
            src_bead[i0:i1] = k
            tgt_bead[j0:j1] = k

    def by_bead(side: tuple[np.ndarray, np.ndarray], bead: np.ndarray, v: int
                ) -> tuple[np.ndarray, np.ndarray]:
        b = bead[side[0]]
        keep = b >= 0
        keys = np.unique(b[keep] * max(v, 1) + side[1][keep])
        return keys // max(v, 1), keys % max(v, 1)

    lexicon = learn_lexicon(by_bead(src, src_bead, n_src), by_bead(tgt, tgt_bead, n_tgt),
                            n_src, n_tgt, min_count=LEXICON_MIN_COUNT)
    if seed and len(lexicon[0]) < SEED_UNTIL:
        lexicon = seedlex.merged(lexicon, seedlex.lexicon(level.src.tokens, level.tgt.tokens),
                                 n_tgt)
    log.debug("learnt lexicon: %d entries", len(lexicon[0]))
    src_lex, tgt_lex = lexical_profiles(src, tgt, n, m, lexicon, n_tgt, LEXICON_DIM)
    return Level(replace(level.src, lex=src_lex), replace(level.tgt, lex=tgt_lex))
