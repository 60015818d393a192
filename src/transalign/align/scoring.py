"""Bead scores in a band of the lattice, one function per cue.

``band_scores`` scores every bead ``(a, b)`` ending at each cell ``(i, j)`` of the band:

1. ``similarity``: the weighted sum of cosines of the span profiles (character n-grams,
   anchors, words or lexicon), chunk by chunk of rows;
2. ``length_term``: the Gale–Church log-probability with the document's own ratio and
   variance;
3. ``margin``: the weighted similarity plus the length term, minus the neighbourhood
   means (or ``product``: Bertalign's similarity times length agreement);
4. ``rescale``: onto the document's scale (the median best 1-1 bead scores 1.0), a
   merge weighed by its size;
5. ``merge_and_paragraph_penalties`` and ``hard_cuts``;
6. ``skip_scores``: the omissions (0-1, 1-0), from ``skip_value``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .features import DIGITS, SideFeatures, gale_church_logp
from .options import AlignOptions

log = logging.getLogger(__name__)

NEG = -1e18

# the weight, in rows, of the mode's typical scale in ``document_scale``
SCALE_PRIOR_ROWS = 2

Moves = Sequence[tuple[int, int]]


@dataclass
class Level:
    """Unit-normalisable raw features of one resolution level."""

    src: SideFeatures
    tgt: SideFeatures


@dataclass(frozen=True)
class Band:
    """The cells searched: columns ``lo[i]..hi[i]`` of every row ``i``, as a
    ``(n+1, width)`` table (``cols``: the column of each cell; ``inside``: whether the
    cell lies in the band, not in the padding of a narrower row)."""

    lo: np.ndarray
    hi: np.ndarray
    width: int
    cols: np.ndarray
    inside: np.ndarray

    @classmethod
    def of(cls, lo: np.ndarray, hi: np.ndarray) -> Band:
        width = int((hi - lo).max()) + 1
        cols = lo[:, None] + np.arange(width)[None, :]
        return cls(lo, hi, width, cols, cols <= hi[:, None])


def band_scores(level: Level, lo: np.ndarray, hi: np.ndarray, moves: Moves,
                opts: AlignOptions, ratio: float, var: float
                ) -> tuple[np.ndarray, np.ndarray, float]:
    """Scores of every bead ending in the band, ``(n+1, len(moves), width)`` with NEG
    outside it, the omission penalty of each target sentence (``(m,)``, for the
    search's within-row 0-1 moves), and the document's scale (``document_scale``: a
    score times the scale is the bead's margin in the cues' raw units)."""
    n, m = len(level.src.lengths), len(level.tgt.lengths)
    band = Band.of(lo, hi)
    scores = np.full((n + 1, len(moves), band.width), NEG, dtype=np.float64)
    sims = similarity(level, band, moves, opts)
    for mi, (a, b) in enumerate(moves):
        if a and b:
            raw = _raw_scores(level, band, a, b, sims.pop(mi), opts, ratio, var)
            if raw is not None:
                scores[:, mi, :] = raw
    best_11 = scores[1:, moves.index((1, 1)), :].max(axis=1)
    # Put every document on one scale: a typical (median) best 1-1 bead scores 1.0. The
    # merge and omission penalties are then fractions of a typical bead, whatever the
    # cues' raw magnitudes (vecalign sets its deletion cost from a percentile likewise).
    good = best_11[best_11 > NEG / 2]
    scale = document_scale(good, opts)
    log.debug("scale %.4f (median best 1-1 of %d rows), sim weight %.1f", scale, len(good),
              opts.sim_weight)
    for mi, (a, b) in enumerate(moves):
        if a and b:
            block = scores[:, mi, :]
            fits = rescale(block, a, b, scale, opts.size_exponent)
            merge_and_paragraph_penalties(block, fits, a, b, level, band, opts)
            if opts.number_penalty and (a > 1 or b > 1):
                number_penalties(block, fits, a, b, level, band, opts.number_penalty)
            hard_cuts(block, a, b, level, band)
    tgt_pen = skip_scores(scores, moves, band, skip_value(opts, good / scale), n, m)
    return scores, tgt_pen, scale


def document_scale(best_11: np.ndarray, opts: AlignOptions) -> float:
    """The document's scale: the median of the best 1-1 score of each row (before
    ``rescale``), shrunk toward the mode's typical value ``opts.scale_prior`` as if that
    value had been seen in ``SCALE_PRIOR_ROWS`` more rows.

    In a long document the median of hundreds of rows decides; in a document of a few
    sentences the median of two or three margins is mostly noise (each row has only a
    few neighbours to be compared with) and, unchecked, a median near 0 blew every
    score of a two-sentence document up to ±10. The prior keeps short documents on the
    scale of long ones, so that a score, and the confidence computed from the scores,
    means the same in both. (``product`` scoring has its own range: no prior.)
    """
    good = best_11[np.isfinite(best_11)]
    median = float(np.median(good)) if len(good) else 0.0
    prior = opts.scale_prior if opts.scoring == "margin" else None
    if prior:
        k = SCALE_PRIOR_ROWS
        return (k * prior + len(good) * median) / (k + len(good))
    return median if median > 1e-6 else 1.0


def similarity(level: Level, band: Band, moves: Moves, opts: AlignOptions
               ) -> dict[int, np.ndarray]:
    """The weighted cosine of every bead with sentences on both sides: ``{move index:
    (n+1, width) float32}``, NaN where the bead does not fit (outside the band, or
    before the start of a side).

    Computed chunk by chunk of rows: the span profiles of a chunk are built once and
    shared by the moves that use them.
    """
    n = len(level.src.lengths)
    inner = [(mi, a, b) for mi, (a, b) in enumerate(moves) if a and b]
    sims = {mi: np.full((n + 1, band.width), np.nan, dtype=np.float32) for mi, _, _ in inner}
    chunk = max(16, 2048 // max(band.width, 1))
    for r0 in range(1, n + 1, chunk):
        _chunk_similarity(level, band, inner, opts, sims, r0, min(n + 1, r0 + chunk))
    return sims


def _chunk_similarity(level: Level, band: Band, inner: list[tuple[int, int, int]],
                      opts: AlignOptions, sims: dict[int, np.ndarray], r0: int, r1: int
                      ) -> None:
    """``similarity`` of the rows ``r0..r1-1``, written into ``sims``."""
    c0 = max(int(band.lo[r0]), 1)
    c1 = int(band.hi[r1 - 1])
    if c1 < c0:
        return
    cols = band.cols[r0:r1]
    cc = cols - c0  # the cells' columns in the chunk's union of columns c0..c1
    ok = band.inside[r0:r1] & (cc >= 0) & (cc <= c1 - c0)
    cc = np.clip(cc, 0, c1 - c0)
    rows = np.arange(r0, r1)[:, None]
    src_profiles: dict[int, np.ndarray] = {}
    tgt_profiles: dict[int, np.ndarray] = {}
    for mi, a, b in inner:
        if r1 <= a:
            continue
        # profiles of the spans [i-a, i) for rows i in [r0, r1), and [j-b, j)
        if a not in src_profiles:
            src_profiles[a] = _profiles(level.src, a, r0 - 1, r1 - r0, opts.anchor_weight,
                                        opts.lexicon_weight, opts.char_weight)
        if b not in tgt_profiles:
            tgt_profiles[b] = _profiles(level.tgt, b, c0 - 1, c1 - c0 + 1,
                                        opts.anchor_weight and 1.0, opts.lexicon_weight and 1.0)
        g = src_profiles[a] @ tgt_profiles[b].T  # (rows, union columns)
        vals = np.take_along_axis(g, cc, axis=1)
        good = ok & (cols >= b) & (rows >= a)
        sims[mi][r0:r1] = np.where(good, vals, np.nan)


def _raw_scores(level: Level, band: Band, a: int, b: int, sim: np.ndarray,
                opts: AlignOptions, ratio: float, var: float) -> np.ndarray | None:
    """Scores of the ``a``-``b`` beads before ``rescale``, NEG where one does not fit;
    None if none fits."""
    valid = ~np.isnan(sim)
    if not valid.any():
        return None
    m = len(level.tgt.lengths)
    expect = ratio * _span_lengths(level.src.lengths, a)[:, None]
    lt = _span_lengths(level.tgt.lengths, b)[np.clip(band.cols, 0, m)]
    if opts.scoring == "product":
        total = product(sim, expect, lt, _weight_sum(level, opts))
    else:
        lenlp = length_term(expect, lt, var, opts.length_floor)
        raw = np.where(valid, opts.sim_weight * sim + opts.length_weight * lenlp, NEG)
        total = margin(raw, valid, band.cols, m)
    return np.where(valid, total, NEG)


def length_term(expect: np.ndarray, lt: np.ndarray, var: float, floor: float) -> np.ndarray:
    """Gale–Church log-probability of target span lengths ``lt`` where ``expect`` (the
    source span's length times the document's ratio) was expected, with the document's
    own variance per character; clipped below at ``floor``."""
    delta = (lt - expect) / np.sqrt(var * np.maximum((expect + lt) / 2.0, 1.0))
    return np.maximum(gale_church_logp(delta), floor)


def margin(raw: np.ndarray, valid: np.ndarray, cols: np.ndarray, m: int) -> np.ndarray:
    """Neighbourhood normalisation (margin, Artetxe & Schwenk 2019): subtract the mean
    score of the source span against its band and of the target span against its band,
    so long merged spans and bland sentences gain nothing by scoring well against
    everything, and a random pair scores about 0."""
    row_mean, col_mean = _neighbourhood(raw, valid, cols, m)
    return raw - 0.5 * (row_mean + col_mean)


def product(sim: np.ndarray, expect: np.ndarray, lt: np.ndarray, weight_sum: float
            ) -> np.ndarray:
    """Bertalign's score (Liu & Zhu 2023): the similarity (the weighted cosine as a
    fraction of its maximum ``weight_sum``) times the length agreement
    ``log2(1 + short/long)``."""
    longer = np.maximum(np.maximum(expect, lt), 1e-9)
    agree = np.log2(1.0 + np.minimum(expect, lt) / longer)
    return sim / weight_sum * agree


def rescale(block: np.ndarray, a: int, b: int, scale: float, size_exponent: float
            ) -> np.ndarray:
    """Put the ``a``-``b`` beads' scores (``block``, in place) on the document's scale,
    a merge weighed by the text it covers (``(a + b) / 2`` sentence pairs) when
    ``size_exponent > 0``, so it can beat two partial beads whose boundaries cross.
    Returns where a bead fits."""
    fits = block > NEG / 2
    size = ((a + b) / 2.0) ** size_exponent
    block[fits] = block[fits] / scale * size
    return fits


def merge_and_paragraph_penalties(block: np.ndarray, fits: np.ndarray, a: int, b: int,
                                  level: Level, band: Band, opts: AlignOptions) -> None:
    """Subtract, in place, ``merge_penalty`` per extra sentence of the ``a``-``b`` beads
    and ``paragraph_penalty`` per paragraph boundary their spans cross."""
    # (the 1e-9 per extra sentence breaks ties towards the smaller beads: in a document
    # of one repeated sentence every bead scores alike)
    block[fits] -= (opts.merge_penalty + 1e-9) * (a + b - 2)
    if opts.paragraph_penalty and (a > 1 or b > 1):
        n, m = len(level.src.lengths), len(level.tgt.lengths)
        cross = (_crossings(level.src.starts, a, n)[:, None]
                 + _crossings(level.tgt.starts, b, m)[np.clip(band.cols, 0, m)])
        block -= np.where(fits, opts.paragraph_penalty * cross, 0.0)


def number_penalties(block: np.ndarray, fits: np.ndarray, a: int, b: int, level: Level,
                     band: Band, penalty: float) -> None:
    """Subtract, in place, ``penalty`` per sentence of a merge (on its side of two
    sentences or more) that has numbers none of which the other side of the bead has
    (``features.number_keys``): translators keep numbers, so a sentence whose numbers
    are nowhere in the bead was left out or added, not merged ("… kostet 24 Euro. Die
    Weinprobe ist samstags ab 14 Uhr geöffnet." against "… costs 24 euros.").

    Vectorised over (sentence, cell, number) triples, a few thousand sentences at a
    time: linear time and memory in the band's cells and the numbers.
    """
    src, tgt = level.src.numbers, level.tgt.numbers
    if src is None or tgt is None:
        return
    n, m = len(src), len(tgt)
    hit = np.zeros(block.shape, dtype=np.int64)
    width = band.width
    if a > 1:
        index = _NumberIndex.of(src, tgt)
        for us in index.chunks():
            # the rows whose source span [i-a, i) holds the sentence: i = s+1 .. s+a
            u = np.repeat(us, a)
            rows = index.members[u] + np.tile(np.arange(1, a + 1), len(us))
            keep = (rows >= a) & (rows <= n)
            u, rows = u[keep], rows[keep]
            # every cell of those rows, and the target span [c-b, c) it ends
            w = np.tile(np.arange(width), len(u))
            u, rows = np.repeat(u, width), np.repeat(rows, width)
            cols = band.cols[rows, w]
            ok = fits[rows, w]
            u, rows, w, cols = u[ok], rows[ok], w[ok], cols[ok]
            alone = index.alone(u, np.clip(cols - b, 0, m), cols)
            _count(hit, rows[alone], w[alone])
    if b > 1:
        index = _NumberIndex.of(tgt, src)
        first, last = _rows_of_columns(band, m)
        for us in index.chunks():
            # the columns whose target span [c-b, c) holds the sentence: c = t+1 .. t+b
            u = np.repeat(us, b)
            cs = index.members[u] + np.tile(np.arange(1, b + 1), len(us))
            keep = cs <= m
            u, cs = u[keep], cs[keep]
            # every row whose band holds column c
            lo_row = np.maximum(first[cs], a)
            size = np.maximum(last[cs] - lo_row + 1, 0)
            u, cs = np.repeat(u, size), np.repeat(cs, size)
            rows = np.repeat(lo_row - np.cumsum(size) + size, size) + np.arange(size.sum())
            w = cs - band.lo[rows]
            ok = (w >= 0) & (w < width)
            ok[ok] = fits[rows[ok], w[ok]]
            u, rows, w = u[ok], rows[ok], w[ok]
            alone = index.alone(u, np.maximum(rows - a, 0), rows)
            _count(hit, rows[alone], w[alone])
    block -= penalty * hit


@dataclass(frozen=True)
class _NumberIndex:
    """One side's numbered sentences against the other side's numbers.

    ``members``: the sentences with numbers in digits; ``pair_base``: one entry per
    (member, number key the other side has), grouped by member (``first_pair``,
    ``pair_count``), the key as ``key id · (len(other) + 1)``; ``codes``: ``key id ·
    (len(other) + 1) + j`` for every key of every sentence ``j`` of the other side,
    sorted, so that one ``searchsorted`` tells for many (member, key, span) at once
    whether the key occurs in the span.
    """

    members: np.ndarray
    pair_base: np.ndarray
    codes: np.ndarray
    first_pair: np.ndarray
    pair_count: np.ndarray

    @staticmethod
    @functools.lru_cache(maxsize=8)  # the passes and moves of a document ask again
    def of(own: tuple[frozenset[str], ...], other: tuple[frozenset[str], ...]
           ) -> _NumberIndex:
        span = len(other) + 1
        ids: dict[str, int] = {}
        codes = [ids.setdefault(key, len(ids)) * span + j
                 for j, keys in enumerate(other) for key in keys if key != DIGITS]
        members = [k for k, keys in enumerate(own) if DIGITS in keys]
        pairs = [(u, ids[key] * span) for u, k in enumerate(members)
                 for key in sorted(own[k]) if key in ids]
        count = np.bincount(np.asarray([p[0] for p in pairs], dtype=np.int64),
                            minlength=len(members))
        return _NumberIndex(np.asarray(members, dtype=np.int64),
                            np.asarray([p[1] for p in pairs], dtype=np.int64),
                            np.sort(np.asarray(codes, dtype=np.int64)),
                            np.cumsum(count) - count, count)

    def chunks(self, size: int = 2048):
        """Member positions in slices of ``size``: bounds the arrays' memory."""
        for k in range(0, len(self.members), size):
            yield np.arange(k, min(k + size, len(self.members)))

    def alone(self, u: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """For each (member position ``u``, span ``lo..hi-1`` of the other side):
        whether none of the member's number keys occurs in the span."""
        reps = self.pair_count[u]
        cell = np.repeat(np.arange(len(u)), reps)
        pair = (np.repeat(self.first_pair[u] - np.cumsum(reps) + reps, reps)
                + np.arange(reps.sum()))
        base = self.pair_base[pair]
        found = (np.searchsorted(self.codes, base + hi[cell])
                 > np.searchsorted(self.codes, base + lo[cell]))
        return np.bincount(cell[found], minlength=len(u)) == 0


def _count(hit: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> None:
    """Add one to ``hit`` at every ``(rows[k], cols[k])``, repeats counted."""
    if len(rows):
        flat = rows * hit.shape[1] + cols
        hit += np.bincount(flat, minlength=hit.size).reshape(hit.shape)


def _rows_of_columns(band: Band, m: int) -> tuple[np.ndarray, np.ndarray]:
    """The first and last row whose band holds each column ``0..m`` (first > last where
    none does); a row's columns are ``lo[i]..hi[i]``. (The bands the search builds are
    monotone, so the rows between hold the column too; where one would not, its cell is
    padding, which no bead fits.)"""
    cols = np.arange(m + 1)
    if (np.diff(band.lo) >= 0).all() and (np.diff(band.hi) >= 0).all():
        return (np.searchsorted(band.hi, cols, "left"),
                np.searchsorted(band.lo, cols, "right") - 1)
    first = np.full(m + 1, len(band.lo), dtype=np.int64)
    last = np.full(m + 1, -1, dtype=np.int64)
    for i, (lo, hi) in enumerate(zip(band.lo.tolist(), band.hi.tolist(), strict=True)):
        if lo <= hi:
            first[lo:hi + 1] = np.minimum(first[lo:hi + 1], i)
            last[lo:hi + 1] = np.maximum(last[lo:hi + 1], i)
    return first, last


def hard_cuts(block: np.ndarray, a: int, b: int, level: Level, band: Band) -> None:
    """Under hard cuts (the sides' ``blocks``), rule out (NEG, in place) every ``a``-``b``
    bead that does not take all its sentences from one block, the same on both sides."""
    n, m = len(level.src.lengths), len(level.tgt.lengths)
    sb, tb = level.src.blocks, level.tgt.blocks
    if sb is None or tb is None or not n or not m:
        return
    rows = np.arange(n + 1)
    s_first, s_last = sb[np.clip(rows - a, 0, n - 1)], sb[np.clip(rows - 1, 0, n - 1)]
    t_first = tb[np.clip(band.cols - b, 0, m - 1)]
    t_last = tb[np.clip(band.cols - 1, 0, m - 1)]
    one = ((s_first == s_last)[:, None] & (t_first == t_last)
           & (s_last[:, None] == t_last))
    block[~one] = NEG


def skip_scores(scores: np.ndarray, moves: Moves, band: Band, skip: float, n: int, m: int
                ) -> np.ndarray:
    """Score the omissions (0-1, 1-0) in ``scores``, in place: ``-skip`` per omitted
    sentence (the search takes any per-sentence penalties). Returns the penalty of each
    target sentence."""
    src_pen = np.full(n, skip)
    tgt_pen = np.full(m, skip)
    for mi, (a, b) in enumerate(moves):
        if a == 0 or b == 0:
            valid = band.inside & (np.arange(n + 1)[:, None] >= a) & (band.cols >= b)
            if a:  # 1-0 at row i omits source sentence i-1
                pen = np.concatenate([[0.0], src_pen])[:, None] * np.ones((1, band.width))
            else:
                pen = np.concatenate([[0.0], tgt_pen])[np.clip(band.cols, 0, m)]
            scores[:, mi, :] = np.where(valid, -pen, NEG)
    return tgt_pen


def skip_value(opts: AlignOptions, best_11: np.ndarray | None = None) -> float:
    """Penalty of a 0-1/1-0 bead: ``skip_penalty``, or from the distribution of the best
    1-1 scores.

    ``skip = skip_scale · quantile(best 1-1 score of each source sentence, skip_quantile)``
    on the document's scale (median best = 1.0): a sentence is left unaligned when every
    bead that could take it costs more than a weak (low-quantile) match is worth.
    Vecalign sets its deletion cost from a percentile of the scores in the same spirit.
    """
    if opts.skip_penalty is not None:
        return opts.skip_penalty
    best = best_11[best_11 > NEG / 2] if best_11 is not None else np.zeros(0)
    if len(best) < 4:
        return opts.skip_scale
    # never a reward: where the low quantile is negative (a document whose weak
    # matches score below its neighbourhood), an omission still costs something
    return float(opts.skip_scale * max(np.quantile(best, opts.skip_quantile), 0.05))


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


def _weight_sum(level: Level, opts: AlignOptions) -> float:
    """The largest value of the weighted cosine sum (every block's cosine at 1)."""
    total = opts.char_weight + (opts.anchor_weight if opts.anchor_weight else 0.0)
    if opts.lexicon_weight and level.src.lex is not None:
        total += opts.lexicon_weight
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
