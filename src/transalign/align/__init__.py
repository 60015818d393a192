"""Sentence alignment: pair the sentences of a document with those of its translation.

A dynamic programme over beads (0-1, 1-0, 1-1, 1-2, 2-1, 2-2, 1-3, 3-1 by default)
scores every candidate bead with these cues:

* **similarity**: chrF-style character n-gram similarity (Popović 2015) between the
  bridge translation of the source sentences and the target sentences (Bleualign's MT
  bridge, Sennrich & Volk 2010), or between source and target directly when both are in
  the same language (weakly also across languages: names and cognates);
* **anchors**: tokens found verbatim on both sides (numbers, names, dates) and
  punctuation classes such as question marks and quotes (Hunalign, Varga et al. 2005);
* **lexicon** (no bridge only): word translations learnt from the document's own first
  alignment by Dice association, then used as a lexical bridge (Hunalign's realignment);
* **length**: a Gale–Church term (Gale & Church 1993) whose ratio and variance are
  estimated from the document pair itself.

Scores are normalised against the neighbourhood (the mean score of the source span and
of the target span against the band, as in margin scoring, Artetxe & Schwenk 2019) so
merges and bland sentences are not favoured, then divided by the median best 1-1 score
of the document; merges pay a penalty per extra sentence and omissions one set from the
distribution of the best 1-1 scores. Long documents are aligned coarse-to-fine in a band
(Vecalign, Thompson & Koehn 2019), in linear time and memory.

Bead scores (``Bead.score``) are higher-is-better and on that per-document scale: a
typical good bead scores about ``1.0``, a random pairing about ``0``, and beads near or
below ``0`` are doubtful. Omissions (0-1/1-0) score ``-skip``, the same negative value
for every omission of a document.
The scale is relative to the document: where there is nothing to compare a candidate
with (one sentence a side, or one sentence repeated throughout), beads score 0.0, "no
evidence either way".
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import AlignmentError
from ..records import Bead

__all__ = ["DEFAULT_MOVES", "MAX_SIDE", "MODES", "AlignOptions", "align"]

DEFAULT_MOVES: tuple[tuple[int, int], ...] = (
    (0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))

# the most sentences a bead may have on one side (``max_sentences``, ``moves``)
MAX_SIDE = 8

# modes: "bridge" (bridge translations given), "same" (same language), "none"
MODES = ("bridge", "same", "none")


@dataclass(frozen=True)
class _ModeDefaults:
    sim: float
    chars: float
    anchor: float
    length: float
    merge: float
    skip_quantile: float
    skip_scale: float
    lex: float
    dim: int = 1024
    orders: tuple[int, ...] = (1, 2, 3, 4)
    scoring: str = "margin"
    size_exponent: float = 0.0


# tuned on Text+Berg dev (bridge) and Tom Sawyer val (none); see scripts/eval_alignment.py.
# The product scoring with merges weighed by size (``AlignOptions(scoring="product",
# size_exponent=0.5, merge_penalty=0.15, max_sentences=5)``) raised Text+Berg dev strict F1
# from 0.821 to 0.875 but lowered Text+Berg test from 0.889 to 0.873 (the dev document has
# far more 2-2 and 1-4/1-5 beads than the test articles), so it is an option, not the default.
_DEFAULTS = {
    "bridge": _ModeDefaults(sim=20.0, chars=1.0, anchor=0.25, lex=1.0, length=2.0, merge=0.0,
                            skip_quantile=0.1, skip_scale=0.3),
    "same": _ModeDefaults(sim=20.0, chars=1.0, anchor=0.25, lex=0.0, length=2.0, merge=0.0,
                          skip_quantile=0.1, skip_scale=0.3),
    # no bridge: the direct character n-grams carry little, so fewer dimensions (speed)
    "none": _ModeDefaults(sim=6.0, chars=0.3, anchor=0.5, lex=2.0, length=2.0, merge=0.15,
                          skip_quantile=0.1, skip_scale=1.0, dim=512, orders=(2, 3, 4)),
}


@dataclass(frozen=True)
class AlignOptions:
    """Options of the aligner; ``None`` means the mode's tuned default.

    Attributes:
        moves: Allowed bead shapes ``(source sentences, target sentences)``.
        max_sentences: If set, replaces ``moves`` by every shape with at most this many
            sentences on a side and at most ``max_sentences + 1`` in all, plus 0-1/1-0.
        scoring: ``"product"``: a bead scores its similarity (the weighted cosine divided
            by the sum of the weights) times the length agreement
            ``log2(1 + min(l_s·ratio, l_t) / max(l_s·ratio, l_t))`` (Bertalign, Liu & Zhu
            2023); ``"margin"``: the weighted similarity plus the Gale–Church term, minus
            the neighbourhood means (the default, ``None``).
        size_exponent: A bead's score (on the document's scale) is multiplied by
            ``((a + b) / 2) ** size_exponent`` before the merge penalty, so a merge is
            weighed by the text it covers, not counted as a single bead; this lets a
            2-2 whose sentence boundaries cross beat two partial 1-1 beads. Default 0.
        sim_weight: Weight of the similarity, a weighted sum of cosines of the blocks
            below (character n-grams, anchors, words or lexicon).
        anchor_weight: Weight of the anchor-token block, relative to the n-gram one.
        length_weight: Weight of the Gale–Church log-probability.
        length_floor: The length term's lower clip: beyond it a length mismatch counts
            the same (a robust, heavy-tailed length model).
        char_weight: Weight of the character n-gram block of the similarity.
        lexicon_weight: Weight of the word block: with a bridge, the words and word
            pairs of the bridge against the target's; without one, the lexicon learnt
            from the document's first alignment.
        merge_penalty: Penalty per extra sentence in a bead (``a + b - 2``).
        skip_penalty: Score of a 0-1/1-0 bead is ``-skip_penalty``; ``None`` sets it from
            the score distribution of the document (see ``skip_quantile``).
        skip_quantile: With ``skip_penalty=None``: the penalty is ``skip_scale`` times
            this quantile of the best 1-1 score of each source sentence (on the
            document's scale, where the median best is 1.0).
        skip_scale: See ``skip_quantile``.
        paragraphs: How paragraph boundaries (``src_paragraphs``/``tgt_paragraphs`` of
            ``align``) are used: ``"soft"`` (default): a bead whose span crosses a
            boundary on either side pays ``paragraph_penalty`` per boundary;
            ``"hard"``: the paragraphs are aligned first (the same aligner on paragraph
            texts, up to 4 paragraphs a side in a bead), then the sentences of the whole
            document in one pass (one scale) in which no bead crosses the boundary
            between two paragraph beads
            (boundaries inside a paragraph bead, where a translator merged or split
            paragraphs, are soft cuts; with a single paragraph on a side, hard is soft);
            ``"ignore"``.
        paragraph_penalty: The soft cut's penalty per crossed boundary, on the
            document's scale (a typical good bead scores 1.0).
        band: Half width of the search band around the coarser path (sentences).
        coarse_threshold: Documents with more sentences than this on both sides are
            aligned coarse-to-fine.
        dim: Dimensions of the hashed character n-gram profiles.
        ngram_orders: Character n-gram orders.
    """

    moves: tuple[tuple[int, int], ...] = DEFAULT_MOVES
    max_sentences: int | None = None
    sim_weight: float | None = None
    anchor_weight: float | None = None
    length_weight: float | None = None
    merge_penalty: float | None = None
    skip_penalty: float | None = None
    skip_quantile: float | None = None
    skip_scale: float | None = None
    lexicon_weight: float | None = None
    length_floor: float = -4.0
    char_weight: float | None = None
    band: int = 10
    coarse_threshold: int = 200
    dim: int | None = None
    ngram_orders: tuple[int, ...] | None = None
    scoring: str | None = None
    size_exponent: float | None = None
    paragraphs: str = "soft"
    paragraph_penalty: float = 0.5

    def resolved_moves(self) -> list[tuple[int, int]]:
        k = self.max_sentences
        if k is None:
            moves = [(int(a), int(b)) for a, b in self.moves]
        else:
            if not 1 <= k <= MAX_SIDE:
                raise AlignmentError(f"max_sentences must be at least 1 and at most {MAX_SIDE}, got {k}")
            moves = [(0, 1), (1, 0)] + [(a, b) for a in range(1, k + 1)
                                        for b in range(1, k + 1) if a + b <= k + 1 or a == b == 2]
        for a, b in moves:
            if a < 0 or b < 0 or a + b == 0 or a > MAX_SIDE or b > MAX_SIDE:
                raise AlignmentError(f"invalid bead shape {a}-{b}; use 0..{MAX_SIDE} "
                                     "sentences a side")
        if (1, 1) not in moves:
            raise AlignmentError("the moves must include 1-1")
        if (0, 1) not in moves or (1, 0) not in moves:
            raise AlignmentError("the moves must include 0-1 and 1-0 (omissions)")
        # the within-row 0-1 move is handled separately; keep a stable order
        return sorted(set(moves), key=lambda ab: (ab[0] + ab[1], ab))


def _one_blas_thread() -> contextlib.AbstractContextManager[object]:
    """Limit BLAS to one thread while aligning.

    The aligner's matrix products are small (a chunk of rows against its band), where a
    multi-threaded BLAS spends more time synchronising than computing: on two shared
    cores the whole Tom Sawyer book took 5.5-7.4 s with OpenBLAS's default threads and
    1.1 s with one. ``threadpoolctl`` does this at run time; without it, set
    ``OPENBLAS_NUM_THREADS=1`` yourself.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: only speed depends on it, so say so and go on
        logging.getLogger(__name__).debug(
            "threadpoolctl is not installed: BLAS keeps its default threads "
            "(pip install threadpoolctl, or set OPENBLAS_NUM_THREADS=1)")
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def align(
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    bridge: Sequence[str] | None = None,
    same_language: bool = False,
    options: AlignOptions | None = None,
    src_paragraphs: Sequence[int] | None = None,
    tgt_paragraphs: Sequence[int] | None = None,
) -> list[Bead]:
    """Align source sentences with target sentences.

    Args:
        src: Source sentences, in document order.
        tgt: Target sentences, in document order.
        bridge: One translation of each source sentence into the target language (the
            MT bridge); compared with the target by character n-grams.
        same_language: Source and target are in the same language (e.g. an MT hypothesis
            and a reference segmented differently): compare them directly.
        options: Aligner options (default: tuned for the mode).
        src_paragraphs: Paragraph number of each source sentence (non-decreasing, e.g.
            ``Sentence.para``); used as ``options.paragraphs`` says. None: one paragraph.
        tgt_paragraphs: The same for the target sentences.

    Returns:
        Beads covering every source and target index exactly once, in order, with
        higher-is-better scores (see the module docstring for the scale).

    Raises:
        AlignmentError: if ``bridge`` does not have one entry per source sentence, both
            ``bridge`` and ``same_language`` are given, paragraph numbers do not fit
            the sentences, or the options are invalid.
    """
    from . import core, features

    options = options or AlignOptions()
    _check_options(options)
    for name, seq in (("src", src), ("tgt", tgt), ("bridge", bridge)):
        if isinstance(seq, str | bytes):
            raise AlignmentError(f"{name} is a single string; pass a list of sentences")
    src, tgt = list(src), list(tgt)
    if bridge is not None and same_language:
        raise AlignmentError("pass either bridge translations or same_language=True, not both")
    if bridge is not None:
        bridge = list(bridge)
        if len(bridge) != len(src):
            raise AlignmentError(
                f"bridge has {len(bridge)} translations for {len(src)} source sentences; "
                "give exactly one translation per source sentence")
    for name, seq in (("src", src), ("tgt", tgt), ("bridge", bridge or [])):
        for k, s in enumerate(seq):
            if not isinstance(s, str):
                raise AlignmentError(f"{name}[{k}] is {type(s).__name__}, expected str")
    src_starts = _paragraph_starts("src_paragraphs", src_paragraphs, len(src))
    tgt_starts = _paragraph_starts("tgt_paragraphs", tgt_paragraphs, len(tgt))
    corners = None
    if options.paragraphs == "ignore":
        src_starts = tgt_starts = None
    elif options.paragraphs == "hard" and src_starts is not None and tgt_starts is not None:
        # (with a single paragraph on one side there is nothing to pair: soft cuts)
        corners = _paragraph_corners(src, tgt, bridge, same_language, options,
                                     src_starts, tgt_starts)
    mode = "bridge" if bridge is not None else "same" if same_language else "none"
    d = _DEFAULTS[mode]
    moves = options.resolved_moves()
    scoring = options.scoring or d.scoring
    weights = core.Weights(
        sim=d.sim if options.sim_weight is None else options.sim_weight,
        anchor=d.anchor if options.anchor_weight is None else options.anchor_weight,
        length=d.length if options.length_weight is None else options.length_weight,
        merge=d.merge if options.merge_penalty is None else options.merge_penalty,
        skip=options.skip_penalty,
        skip_quantile=d.skip_quantile if options.skip_quantile is None else options.skip_quantile,
        band=max(4, options.band),
        coarse_threshold=max(16, options.coarse_threshold),
        length_floor=options.length_floor,
        lex=d.lex if options.lexicon_weight is None else options.lexicon_weight,
        chars=d.chars if options.char_weight is None else options.char_weight,
        skip_scale=d.skip_scale if options.skip_scale is None else options.skip_scale,
        scoring=scoring,
        size_exponent=d.size_exponent if options.size_exponent is None else options.size_exponent,
        paragraph_penalty=max(0.0, options.paragraph_penalty),
    )
    if not src and not tgt:
        return []
    sf, tf = features.featurise(bridge if bridge is not None else src, tgt, src, tgt,
                                orders=options.ngram_orders or d.orders,
                                dim=options.dim or d.dim,
                                word_bridge=(bridge is not None or same_language) and weights.lex > 0)
    if src_starts is not None or tgt_starts is not None:
        from dataclasses import replace

        sf, tf = replace(sf, starts=src_starts), replace(tf, starts=tgt_starts)
        if corners:
            sf = replace(sf, blocks=_block_ids([i for i, _ in corners]))
            tf = replace(tf, blocks=_block_ids([j for _, j in corners]))
    with _one_blas_thread():
        path = core.solve(sf, tf, moves, weights, corners=corners)
    return [Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(score, 6) + 0.0)  # + 0.0: no -0.0
            for i0, i1, j0, j1, score in path]


def _check_options(options: AlignOptions) -> None:
    """Raise AlignmentError for option values the aligner cannot use."""
    if options.paragraphs not in ("soft", "hard", "ignore"):
        raise AlignmentError(f"paragraphs must be 'soft', 'hard' or 'ignore', "
                             f"got {options.paragraphs!r}")
    if options.scoring not in (None, "margin", "product"):
        raise AlignmentError(f"scoring must be 'margin' or 'product', got {options.scoring!r}")
    orders = options.ngram_orders
    if orders is not None and (not orders or any(
            isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 8 for k in orders)):
        raise AlignmentError(f"ngram_orders must be character n-gram orders 1..8, got {orders!r}")
    if options.dim is not None and not 16 <= options.dim <= 1 << 16:
        raise AlignmentError(f"dim must be between 16 and 65536, got {options.dim}")
    for name in ("skip_penalty", "merge_penalty", "paragraph_penalty", "skip_scale",
                 "sim_weight", "anchor_weight", "length_weight", "lexicon_weight",
                 "char_weight"):
        value = getattr(options, name)
        if value is not None and not (value >= 0 and value < float("inf")):
            raise AlignmentError(f"{name} must be a finite number >= 0, got {value!r}")
    if options.skip_quantile is not None and not 0 <= options.skip_quantile <= 1:
        raise AlignmentError(f"skip_quantile must be between 0 and 1, got {options.skip_quantile}")


def _paragraph_starts(name: str, paras: Sequence[int] | None, n: int):
    """Bool array: True where a sentence opens a paragraph (not the first); None if
    there is a single paragraph or none was given."""
    if paras is None:
        return None
    import numpy as np

    paras = list(paras)
    if len(paras) != n:
        raise AlignmentError(f"{name} has {len(paras)} entries for {n} sentences; "
                             "give one paragraph number per sentence")
    if any(isinstance(p, bool) or not isinstance(p, int | np.integer) for p in paras):
        raise AlignmentError(f"{name} must be integers (paragraph number of each sentence)")
    arr = np.asarray(paras, dtype=np.int64) if paras else np.zeros(0, np.int64)
    if len(arr) and (np.diff(arr) < 0).any():
        raise AlignmentError(f"{name} must be non-decreasing (paragraph of each sentence "
                             "in document order)")
    starts = np.zeros(n, dtype=bool)
    starts[1:] = arr[1:] != arr[:-1]
    return starts if starts.any() else None


def _groups(starts, n: int) -> list[tuple[int, int]]:
    """``(first, end)`` sentence ranges of the paragraphs."""
    from itertools import pairwise

    import numpy as np

    if n == 0:
        return []
    bounds = [0] + ([] if starts is None else np.flatnonzero(starts).tolist()) + [n]
    return list(pairwise(bounds))


def _paragraph_corners(src: list[str], tgt: list[str], bridge: list[str] | None,
                       same_language: bool, options: AlignOptions, src_starts,
                       tgt_starts) -> list[tuple[int, int]]:
    """Hard cuts: align the paragraphs (as texts, up to 4 a side in a bead); the ends of
    the paragraph beads are the lattice points ``(i, j)`` the sentence alignment must
    pass. Where a translator merged or split paragraphs (a paragraph bead with several on
    a side), the boundaries inside it stay soft cuts."""
    from dataclasses import replace

    sg, tg = _groups(src_starts, len(src)), _groups(tgt_starts, len(tgt))

    def joined(texts: list[str], groups: list[tuple[int, int]]) -> list[str]:
        return [" ".join(texts[a:b]) for a, b in groups]

    para_opts = replace(options, paragraphs="ignore", max_sentences=4)
    top = align(joined(src, sg), joined(tgt, tg),
                bridge=None if bridge is None else joined(bridge, sg),
                same_language=same_language, options=para_opts)
    corners = [(0, 0)]
    for bead in top:
        i, j = corners[-1]
        corners.append((sg[bead.src[-1]][1] if bead.src else i,
                        tg[bead.tgt[-1]][1] if bead.tgt else j))
    return corners


def _block_ids(ends: list[int]):
    """The block of each sentence, from the block ends on one side (``0`` first, ``n``
    last; a block may be empty on one side)."""
    import numpy as np

    return np.repeat(np.arange(len(ends) - 1), np.diff(ends))
