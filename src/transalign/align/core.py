"""The alignment dynamic programme: banded, row-vectorised, coarse-to-fine.

The lattice has a row per source position ``i`` (0..n) and a column per target position
``j`` (0..m); a path from (0, 0) to (n, m) made of the allowed moves ``(a, b)`` is an
alignment, and a move is a bead of ``a`` source and ``b`` target sentences. Following
Vecalign (Thompson & Koehn 2019), long documents are aligned coarse-to-fine: consecutive
sentences are merged pairwise until the document is short, that is aligned in full, and
each finer level searches only a band of ``±band`` sentences around the projected coarser
path, so time and memory grow linearly with the document.

Inside the band each lattice row is one vectorised numpy step: every move reads a slice
of an earlier row, and the within-row 0-1 move is a running maximum
(``D[j] = max_k X[k] − p·(j − k)`` = ``cummax(X + p·k) − p·j``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from .features import SideFeatures, gale_church_logp

log = logging.getLogger(__name__)

NEG = -1e18


@dataclass(frozen=True)
class Weights:
    """Weights of the cues in a bead's score (see ``AlignOptions``)."""

    sim: float
    anchor: float
    length: float
    merge: float
    skip: float | None
    skip_quantile: float
    band: int
    coarse_threshold: int
    length_floor: float
    lex: float = 0.0
    chars: float = 1.0
    lex_dim: int = 512
    skip_scale: float = 0.5
    scoring: str = "margin"
    size_exponent: float = 0.0
    # a word pair must co-occur in 3 beads of the first alignment to enter the learnt
    # lexicon (2 let more chance pairs in: Tom Sawyer val 0.880 -> 0.886, Text+Berg dev
    # no MT 0.804 -> 0.808 strict F1)
    lex_min_count: int = 3
    # per paragraph boundary a bead's span crosses (either side), on the document's scale
    paragraph_penalty: float = 0.0


@dataclass
class _Level:
    """Unit-normalisable raw features of one resolution level."""

    src: SideFeatures
    tgt: SideFeatures


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


def _unit(x: np.ndarray) -> np.ndarray:
    norm = np.sqrt(np.einsum("ij,ij->i", x, x))
    return x / np.maximum(norm, 1e-9)[:, None]


def _spans(x: np.ndarray, k: int, end: int, count: int) -> np.ndarray:
    """Sums of ``k`` consecutive rows ending at rows ``end .. end+count-1`` (zeros if short)."""
    out = np.zeros((count, x.shape[1]), dtype=x.dtype)
    for t in range(k):
        lo = end - t
        src_lo, src_hi = max(lo, 0), max(lo + count, 0)
        if src_hi > src_lo:
            out[src_lo - lo: src_hi - lo] += x[src_lo: src_hi]
    return out


def _span_lengths(lengths: np.ndarray, k: int) -> np.ndarray:
    """``out[j]`` = total length of the ``k`` sentences ending before position ``j``."""
    c = np.concatenate([[0.0], np.cumsum(lengths)])
    out = np.full(len(c), np.nan)
    if k < len(c):  # a bead longer than the document fits nowhere
        out[k:] = c[k:] - c[: len(c) - k]
    return out


def _crossings(starts: np.ndarray | None, k: int, size: int) -> np.ndarray:
    """``out[i]`` = paragraph boundaries inside the span of ``k`` sentences ending before
    position ``i`` (0 where the span does not fit), for ``i`` in ``0..size``."""
    out = np.zeros(size + 1)
    if starts is None or k < 2:
        return out
    c = np.concatenate([[0.0], np.cumsum(starts, dtype=np.float64)])
    i = np.arange(k, size + 1)
    # starts at positions i-k+1 .. i-1 lie inside [i-k, i)
    out[k:] = c[i] - c[i - k + 1]
    return out


def _profiles(f: SideFeatures, k: int, end: int, count: int, anchor_w: float,
              lex_w: float, char_w: float = 1.0) -> np.ndarray:
    """Unit-normalised span profiles, blocks concatenated with their weights (applied on
    one side only), so one matrix product gives the weighted sum of cosines."""
    blocks = [_unit(_spans(f.chars, k, end, count)) * char_w]
    if anchor_w:
        blocks.append(_unit(_spans(f.anchors, k, end, count)) * anchor_w)
    if lex_w and f.lex is not None:
        blocks.append(_unit(_spans(f.lex, k, end, count)) * lex_w)
    return blocks[0] if len(blocks) == 1 else np.concatenate(blocks, axis=1)


def _band_scores(level: _Level, lo: np.ndarray, hi: np.ndarray, moves: list[tuple[int, int]],
                 w: Weights, ratio: float, var: float) -> np.ndarray:
    """Scores of every bead ending in the band: ``(n+1, len(moves), width)``, NEG outside."""
    n, m = len(level.src.lengths), len(level.tgt.lengths)
    width = int((hi - lo).max()) + 1
    scores = np.full((n + 1, len(moves), width), NEG, dtype=np.float64)
    cols = lo[:, None] + np.arange(width)[None, :]  # column j of every band cell
    inband = cols <= hi[:, None]
    src_len = {a: _span_lengths(level.src.lengths, a) for a, _ in moves}
    tgt_len = {b: _span_lengths(level.tgt.lengths, b) for _, b in moves}
    chunk = max(16, 2048 // max(width, 1))
    best_11 = np.zeros(0)
    # candidate similarities of every move, chunk by chunk of rows: the span profiles of
    # a chunk are built once and shared by the moves that use them
    inner = [(mi, a, b) for mi, (a, b) in enumerate(moves) if a and b]
    sims = {mi: np.full((n + 1, width), np.nan, dtype=np.float32) for mi, _, _ in inner}
    rows_all = np.arange(n + 1)[:, None]
    for r0 in range(1, n + 1, chunk):
        r1 = min(n + 1, r0 + chunk)
        c0 = max(int(lo[r0]), 1)
        c1 = int(hi[r1 - 1])
        if c1 < c0:
            continue
        cc = cols[r0:r1] - c0
        ok = inband[r0:r1] & (cc >= 0) & (cc <= c1 - c0)
        cc = np.clip(cc, 0, c1 - c0)
        sps: dict[int, np.ndarray] = {}
        tps: dict[int, np.ndarray] = {}
        for mi, a, b in inner:
            if r1 <= a:
                continue
            # profiles of the spans [i-a, i) for rows i in [r0, r1), and [j-b, j)
            if a not in sps:
                sps[a] = _profiles(level.src, a, r0 - 1, r1 - r0, w.anchor, w.lex, w.chars)
            if b not in tps:
                tps[b] = _profiles(level.tgt, b, c0 - 1, c1 - c0 + 1, w.anchor and 1.0,
                                   w.lex and 1.0)
            g = sps[a] @ tps[b].T  # (rows, union columns)
            vals = np.take_along_axis(g, cc, axis=1)
            good = ok & (cols[r0:r1] >= b) & (rows_all[r0:r1] >= a)
            sims[mi][r0:r1] = np.where(good, vals, np.nan)
    for mi, (a, b) in enumerate(moves):
        if a == 0 or b == 0:
            continue
        sim = sims.pop(mi)
        valid = ~np.isnan(sim)
        if not valid.any():
            continue
        # Gale–Church length term with the document's own ratio and variance
        ls = src_len[a][:, None]
        lt = tgt_len[b][np.clip(cols, 0, m)]
        expect = ratio * ls
        delta = (lt - expect) / np.sqrt(var * np.maximum((expect + lt) / 2.0, 1.0))
        lenlp = np.maximum(gale_church_logp(delta), w.length_floor)
        raw = np.where(valid, w.sim * sim + w.length * lenlp, NEG)
        # neighbourhood normalisation (margin, Artetxe & Schwenk 2019): subtract the mean
        # score of the source span against its band and of the target span against its
        # band, so long merged spans and bland sentences gain nothing by scoring well
        # against everything, and a random pair scores about 0.
        row_mean, col_mean = _neighbourhood(raw, valid, cols, m)
        total = raw - 0.5 * (row_mean + col_mean)
        if w.scoring == "product":
            # Bertalign's score (Liu & Zhu 2023): similarity (the weighted cosine as a
            # fraction of its maximum) times the length agreement log2(1 + short/long)
            longer = np.maximum(np.maximum(expect, lt), 1e-9)
            agree = np.log2(1.0 + np.minimum(expect, lt) / longer)
            total = sim / _weight_sum(level, w) * agree
        scores[:, mi, :] = np.where(valid, total, NEG)
        if (a, b) == (1, 1):
            best_11 = scores[1:, mi, :].max(axis=1)
    # Put every document on one scale: a typical (median) best 1-1 bead scores 1.0. The
    # merge and omission penalties are then fractions of a typical bead, whatever the
    # cues' raw magnitudes (vecalign sets its deletion cost from a percentile likewise).
    good = best_11[best_11 > NEG / 2]
    scale = float(np.median(good)) if len(good) else 1.0
    if not scale > 1e-6:
        scale = 1.0
    log.debug("scale %.4f (median best 1-1 of %d rows), sim weight %.1f", scale, len(good), w.sim)
    for mi, (a, b) in enumerate(moves):
        if a and b:
            block = scores[:, mi, :]
            ok = block > NEG / 2
            # a merge weighs the text it covers ((a + b) / 2 sentence pairs) when
            # size_exponent > 0, so it can beat two partial beads whose boundaries cross
            size = ((a + b) / 2.0) ** w.size_exponent
            # (the 1e-9 per extra sentence breaks ties towards the smaller beads: in a
            # document of one repeated sentence every bead scores alike)
            block[ok] = block[ok] / scale * size - (w.merge + 1e-9) * (a + b - 2)
            if w.paragraph_penalty and (a > 1 or b > 1):
                cross = (_crossings(level.src.starts, a, n)[:, None]
                         + _crossings(level.tgt.starts, b, m)[np.clip(cols, 0, m)])
                block -= np.where(ok, w.paragraph_penalty * cross, 0.0)
            if level.src.blocks is not None and level.tgt.blocks is not None and n and m:
                # hard cuts: all of a bead's sentences from one block, on both sides
                sb, tb = level.src.blocks, level.tgt.blocks
                rows = np.arange(n + 1)
                s_first, s_last = sb[np.clip(rows - a, 0, n - 1)], sb[np.clip(rows - 1, 0, n - 1)]
                t_first = tb[np.clip(cols - b, 0, m - 1)]
                t_last = tb[np.clip(cols - 1, 0, m - 1)]
                one = ((s_first == s_last)[:, None] & (t_first == t_last)
                       & (s_last[:, None] == t_last))
                block[~one] = NEG
    skip = _skip_value(w, good / scale)
    # one penalty per omitted sentence (the DP takes any per-sentence penalties)
    src_pen = np.full(n, skip)
    tgt_pen = np.full(m, skip)
    for mi, (a, b) in enumerate(moves):
        if a == 0 or b == 0:
            valid = inband & (np.arange(n + 1)[:, None] >= a) & (cols >= b)
            if a:  # 1-0 at row i omits source sentence i-1
                pen = np.concatenate([[0.0], src_pen])[:, None] * np.ones((1, width))
            else:
                pen = np.concatenate([[0.0], tgt_pen])[np.clip(cols, 0, m)]
            scores[:, mi, :] = np.where(valid, -pen, NEG)
    return scores, tgt_pen


def _weight_sum(level: _Level, w: Weights) -> float:
    """The largest value of the weighted cosine sum (every block's cosine at 1)."""
    total = w.chars + (w.anchor if w.anchor else 0.0)
    if w.lex and level.src.lex is not None:
        total += w.lex
    return max(total, 1e-9)


def _neighbourhood(raw: np.ndarray, valid: np.ndarray, cols: np.ndarray,
                   m: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean score of each row, and of each column, over the band, broadcast to the
    band's cells.

    (The mean of the k best instead, CSLS (Conneau et al. 2018), was tried: its best
    cells score near 0, omissions then win, and without a bridge whole documents came
    out unaligned.)
    """
    cnt = valid.sum(axis=1, keepdims=True)
    row_mean = np.where(valid, raw, 0.0).sum(axis=1, keepdims=True) / np.maximum(cnt, 1)
    jj = cols[valid]
    col_sum = np.bincount(jj, weights=raw[valid], minlength=m + 1)
    col_cnt = np.bincount(jj, minlength=m + 1)
    return row_mean, (col_sum / np.maximum(col_cnt, 1))[np.clip(cols, 0, m)]


def _skip_value(w: Weights, best_11: np.ndarray | None = None) -> float:
    """Penalty of a 0-1/1-0 bead: fixed, or from the distribution of the best 1-1 scores.

    ``skip = skip_scale · quantile(best 1-1 score of each source sentence, skip_quantile)``
    on the document's scale (median best = 1.0): a sentence is left unaligned when every
    bead that could take it costs more than a weak (low-quantile) match is worth.
    Vecalign sets its deletion cost from a percentile of the scores in the same spirit.
    """
    if w.skip is not None:
        return w.skip
    best = best_11[best_11 > NEG / 2] if best_11 is not None else np.zeros(0)
    if len(best) < 4:
        return w.skip_scale
    # never a reward: where the low quantile is negative (a document whose weak
    # matches score below its neighbourhood), an omission still costs something
    return float(w.skip_scale * max(np.quantile(best, w.skip_quantile), 0.05))


def _dp(scores: np.ndarray, lo: np.ndarray, hi: np.ndarray, moves: list[tuple[int, int]],
        tgt_pen: np.ndarray) -> tuple[np.ndarray, float]:
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
    return bp, float(dp[n, pad + int(hi[n] - lo[n])])


def _backtrace(bp: np.ndarray, scores: np.ndarray, lo: np.ndarray, hi: np.ndarray,
               moves: list[tuple[int, int]], tgt_pen: np.ndarray
               ) -> list[tuple[int, int, int, int, float]]:
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
                 w: Weights, variance: float, depth: int) -> tuple[np.ndarray, np.ndarray]:
    """The band of hard cuts: between two corners ``(i, j)`` that every path must pass
    (the ends of the paragraph beads), a row reaches only its own block's columns; in a
    block larger than ``coarse_threshold`` on both sides, only a band around the block's
    own coarse path (linear time and memory, however the blocks fall)."""
    n, m = len(src.lengths), len(tgt.lengths)
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    coarse_moves = [(1, 1), (1, 2), (2, 1), (1, 0), (0, 1)]
    for (i0, j0), (i1, j1) in pairwise(corners):
        if min(i1 - i0, j1 - j0) > w.coarse_threshold:
            coarse = solve(_coarsen(_rows(src, i0, i1)), _coarsen(_rows(tgt, j0, j1)),
                           coarse_moves, w, variance=variance, _depth=depth + 1)
            b_lo, b_hi = _project_band(coarse, i1 - i0, j1 - j0, w.band)
            b_lo, b_hi = b_lo + j0, b_hi + j0
        else:
            b_lo = np.full(i1 - i0 + 1, j0, dtype=np.int64)
            b_hi = np.full(i1 - i0 + 1, j1, dtype=np.int64)
        lo[i0: i1 + 1] = np.minimum(lo[i0: i1 + 1], b_lo)
        hi[i0: i1 + 1] = np.maximum(hi[i0: i1 + 1], b_hi)
    return lo, hi


def _project_band(path: list[tuple[int, int, int, int, float]], n: int, m: int,
                  band: int) -> tuple[np.ndarray, np.ndarray]:
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


def _estimate(path: list[tuple[int, int, int, int, float]], level: _Level, ratio: float,
              default: float) -> float:
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


def solve(src: SideFeatures, tgt: SideFeatures, moves: list[tuple[int, int]], w: Weights,
          *, variance: float = 6.8, corners: list[tuple[int, int]] | None = None,
          _depth: int = 0) -> list[tuple[int, int, int, int, float]]:
    """Align two featurised sides; returns beads ``(i0, i1, j0, j1, score)``.

    With ``w.lex > 0`` (and tokens in the features), a lexicon is learnt from the first
    (coarse) path and its lexical-bridge profiles join the cues of the final pass.
    ``corners`` (hard cuts): lattice points ``(i, j)`` from ``(0, 0)`` to ``(n, m)`` that
    the path must pass; the features' ``blocks`` number the sentences between them, so
    that a bead takes its sentences from one block. The document is still scored as one,
    on one scale.
    """
    n, m = len(src.lengths), len(tgt.lengths)
    if n == 0 or m == 0:
        if n == 0:
            return [(0, 0, j, j + 1, -_skip_value(w)) for j in range(m)]
        return [(i, i + 1, 0, 0, -_skip_value(w)) for i in range(n)]
    ratio = float(tgt.lengths.sum() / max(src.lengths.sum(), 1.0))
    level = _Level(src, tgt)
    if min(n, m) > w.coarse_threshold:
        coarse_moves = [(a, b) for a, b in [(1, 1), (1, 2), (2, 1), (1, 0), (0, 1)]]
        coarse = solve(_coarsen(src), _coarsen(tgt), coarse_moves, w, variance=variance,
                       _depth=_depth + 1)
        # (with hard cuts, the whole document's coarse path still gives the first
        # alignment that the variance and the lexicon are learnt from)
        lo, hi = (_corner_band(src, tgt, corners, w, variance, _depth) if corners
                  else _project_band(coarse, n, m, w.band))
        first = [(min(2 * a, n), min(2 * b, n), min(2 * c, m), min(2 * d, m), s)
                 for a, b, c, d, s in coarse]
        var = _estimate(first, level, ratio, variance)
    else:
        lo, hi = (_corner_band(src, tgt, corners, w, variance, _depth) if corners
                  else _full_band(n, m))
        # a first pass with the default variance, then re-estimate it from that path
        scores, tgt_pen = _band_scores(level, lo, hi, moves, w, ratio, variance)
        bp, _ = _dp(scores, lo, hi, moves, tgt_pen)
        first = _backtrace(bp, scores, lo, hi, moves, tgt_pen)
        var = _estimate(first, level, ratio, variance)
    if w.lex > 0 and src.lex is None and src.tokens is not None and tgt.tokens is not None:
        level = _with_lexicon(level, first, w)
    scores, tgt_pen = _band_scores(level, lo, hi, moves, w, ratio, var)
    bp, _ = _dp(scores, lo, hi, moves, tgt_pen)
    log.debug("level %d: %d x %d, band width %d, variance %.2f", _depth, n, m,
              int((hi - lo).max()) + 1, var)
    return _backtrace(bp, scores, lo, hi, moves, tgt_pen)


def _with_lexicon(level: _Level, path: list[tuple[int, int, int, int, float]],
                  w: Weights) -> _Level:
    """``level`` with lexical-bridge profiles learnt from the beads of ``path``."""
    from dataclasses import replace

    from .features import learn_lexicon, lexical_profiles

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
                            n_src, n_tgt, min_count=w.lex_min_count)
    log.debug("learnt lexicon: %d entries", len(lexicon[0]))
    src_lex, tgt_lex = lexical_profiles(src, tgt, n, m, lexicon, n_tgt, w.lex_dim)
    return _Level(replace(level.src, lex=src_lex), replace(level.tgt, lex=tgt_lex))
