"""``align``: check the inputs, featurise both sides, solve, and return beads with
their confidence.

(numpy and the aligner's own numeric modules are imported when ``align`` runs, so that
importing ``transalign.align`` stays light.)
"""

from __future__ import annotations

import contextlib
import logging
import random
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import AlignmentError
from ..records import Bead
from .options import AlignOptions, AlignOptionsError

if TYPE_CHECKING:
    import numpy as np

    from .features import SideFeatures
    from .posterior import Lattice


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
        higher-is-better scores (see the ``transalign.align`` docstring for the scale)
        and ``confidence``: the calibrated probability, in [0, 1], that the bead is
        right (``calibration``).

    Raises:
        AlignmentError: if ``bridge`` does not have one entry per source sentence, both
            ``bridge`` and ``same_language`` are given, or paragraph numbers do not fit
            the sentences; ``AlignOptionsError`` (an ``AlignmentError``) if an option's
            value is refused.
    """
    from . import calibration  # heavy: numpy (see the module docstring)

    mode, path, lattice = solve_document(src, tgt, bridge=bridge, same_language=same_language,
                                         options=options, src_paragraphs=src_paragraphs,
                                         tgt_paragraphs=tgt_paragraphs)
    confidence = calibration.confidences(path, lattice, mode)
    return [Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(score, 6) + 0.0,  # no -0.0
                 round(float(c), 6) + 0.0)
            for (i0, i1, j0, j1, score), c in zip(path, confidence, strict=True)]


def solve_document(
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    bridge: Sequence[str] | None = None,
    same_language: bool = False,
    options: AlignOptions | None = None,
    src_paragraphs: Sequence[int] | None = None,
    tgt_paragraphs: Sequence[int] | None = None,
    order_test: bool = True,
) -> tuple[str, list[tuple[int, int, int, int, float]], Lattice | None]:
    """``align``'s search, before the beads are made: the mode (``"bridge"``,
    ``"same"`` or ``"none"``), the best path (beads ``(i0, i1, j0, j1, score)``) and the
    scored lattice of the last pass (None where a side is empty), with the document's
    order evidence (``order_evidence``) unless ``order_test`` is False. The other
    arguments and the errors are ``align``'s; ``scripts/fit_alignment_confidence.py``
    reads the lattices."""
    from . import calibration, core, features  # heavy: numpy (see the module docstring)
    from .paragraphs import block_ids  # heavy: numpy

    mode = "bridge" if bridge is not None else "same" if same_language else "none"
    if options is not None and not isinstance(options, AlignOptions):
        raise AlignOptionsError(f"options must be AlignOptions(...), got "
                                f"{type(options).__name__}")
    opts = (options or AlignOptions()).for_mode(mode)
    src, tgt, bridge = _checked_texts(src, tgt, bridge, same_language)
    src_starts, tgt_starts, corners = _cuts(src, tgt, bridge, same_language, opts,
                                            src_paragraphs, tgt_paragraphs)
    if not src and not tgt:
        return mode, [], None
    sf, tf = features.featurise(
        bridge if bridge is not None else src, tgt, src, tgt,
        orders=opts.ngram_orders, dim=opts.dim,
        word_bridge=(bridge is not None or same_language) and opts.lexicon_weight > 0)
    if src_starts is not None or tgt_starts is not None:
        sf, tf = replace(sf, starts=src_starts), replace(tf, starts=tgt_starts)
        if corners:
            sf = replace(sf, blocks=block_ids([i for i, _ in corners]))
            tf = replace(tf, blocks=block_ids([j for _, j in corners]))
    with _one_blas_thread():
        path, lattice = core.solve_with_lattice(sf, tf, list(opts.moves), opts, corners=corners)
    if order_test and lattice is not None and mode in calibration.ORDER_MODES:
        lattice = replace(lattice, order=order_evidence(sf, tf, mode, opts, path, lattice))
    return mode, path, lattice


def order_evidence(sf: SideFeatures, tf: SideFeatures, mode: str, opts: AlignOptions,
                   path: list[tuple[int, int, int, int, float]], lattice: Lattice
                   ) -> float | None:
    """How much better the document aligns in its own order than shuffled: the mean
    evidence of the beads of ``path`` (``calibration.path_evidence``) minus the mean of
    the same over ``calibration.ORDER_SHUFFLES`` alignments of their source sentences
    with their target sentences in a random order (fixed seeds; the document's features,
    ``sf`` and ``tf``, reordered: nothing is featurised again).

    A permutation test (Fisher 1935; Good 2005, *Permutation, Parametric and Bootstrap
    Tests of Hypotheses*): the best path through any pair of documents finds some pairs
    that look alike, and a bead's margin says only how it compares with its neighbours;
    what a translation in order has and a shuffled one has not is evidence above what
    the same sentences give in another order. Without MT, on the tuning documents: 0.2-0.7
    for a translation whole, 0.2-0.7 for 15 of its beads, 0-0.7 for 6 (5th to 95th
    percentile); a shuffled target gives 0 ± 0.1 whole, ± 0.2 in 15 beads.

    A path longer than ``calibration.ORDER_BEADS`` beads is measured in windows of that
    many at its start, middle and end, each aligned again in its own order as well as
    shuffled, and the best window counts: an untranslated preface or appendix does not
    make the rest of a book look shuffled. A document with paragraphs is aligned again
    without them (the shuffled targets have none). None where no window has two beads
    with both sides or two target sentences (nothing to shuffle).
    """
    from . import calibration, core, features  # heavy: numpy (see the module docstring)

    size = calibration.ORDER_BEADS
    # the shuffled targets are aligned without paragraphs, so the own order is measured
    # so too where the document has them (hard cuts change the lattice's scale and scores)
    paragraphs = any(x is not None for x in (sf.starts, tf.starts, sf.blocks, tf.blocks))
    if len(path) <= size:
        windows = [(path, None if paragraphs else lattice)]
    else:
        starts = sorted({0, (len(path) - size) // 2, len(path) - size})
        windows = [(path[k: k + size], None) for k in starts]
    best = None
    for beads, own in windows:
        i0, i1, j0, j1 = beads[0][0], beads[-1][1], beads[0][2], beads[-1][3]
        if j1 - j0 < 2 or sum(a < b and c < d for a, b, c, d, _ in beads) < 2:
            continue
        src_w = features.reordered(sf, range(i0, i1))
        orders = []
        for seed in range(calibration.ORDER_SHUFFLES):
            order = list(range(j0, j1))
            random.Random(seed).shuffle(order)
            if order == sorted(order):  # not the document's own order
                order = order[1:] + order[:1]
            if order not in orders:
                orders.append(order)
        with _one_blas_thread():
            if own is None:  # the window alone, in its own order, like the shuffled ones
                beads, own = core.solve_with_lattice(
                    src_w, features.reordered(tf, range(j0, j1)), list(opts.moves), opts)
            shuffled = [core.solve_with_lattice(src_w, features.reordered(tf, order),
                                                list(opts.moves), opts) for order in orders]
        value = calibration.path_evidence(beads, own, mode) - sum(
            calibration.path_evidence(p, lat, mode) for p, lat in shuffled) / len(shuffled)
        best = value if best is None else max(best, value)
    return best


def _checked_texts(src: Sequence[str], tgt: Sequence[str], bridge: Sequence[str] | None,
                   same_language: bool) -> tuple[list[str], list[str], list[str] | None]:
    """``src``, ``tgt`` and ``bridge`` as lists of strings, or an AlignmentError."""
    for name, seq in (("src", src), ("tgt", tgt), ("bridge", bridge)):
        if isinstance(seq, str | bytes):
            raise AlignmentError(f"{name} is a single string; pass a list of sentences")
        if seq is None and name != "bridge":
            raise AlignmentError(f"{name} is None; pass a list of sentences")
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
    return src, tgt, bridge


def _cuts(src: list[str], tgt: list[str], bridge: list[str] | None, same_language: bool,
          opts: AlignOptions, src_paragraphs: Sequence[int] | None,
          tgt_paragraphs: Sequence[int] | None
          ) -> tuple[np.ndarray | None, np.ndarray | None, list[tuple[int, int]] | None]:
    """The paragraph cuts ``opts.paragraphs`` asks for: where a paragraph starts on each
    side (soft cuts; None: no boundaries), and the corners of the hard cuts (or None)."""
    from .paragraphs import informative, paragraph_starts  # heavy: numpy

    src_starts = paragraph_starts("src_paragraphs", src_paragraphs, len(src))
    tgt_starts = paragraph_starts("tgt_paragraphs", tgt_paragraphs, len(tgt))
    if opts.paragraphs == "ignore":
        return None, None, None
    if opts.paragraphs == "soft":  # (hard cuts take the paragraphs as given)
        src_starts, tgt_starts = informative(src_starts, tgt_starts)
    if opts.paragraphs == "hard" and src_starts is not None and tgt_starts is not None:
        # (with a single paragraph on one side there is nothing to pair: soft cuts)
        return src_starts, tgt_starts, _paragraph_corners(src, tgt, bridge, same_language,
                                                          opts, src_starts, tgt_starts)
    return src_starts, tgt_starts, None


def _paragraph_corners(src: list[str], tgt: list[str], bridge: list[str] | None,
                       same_language: bool, opts: AlignOptions, src_starts: np.ndarray,
                       tgt_starts: np.ndarray) -> list[tuple[int, int]]:
    """Hard cuts: align the paragraphs (as texts, up to 4 a side in a bead); the ends of
    the paragraph beads are the lattice points ``(i, j)`` the sentence alignment must
    pass. Where a translator merged or split paragraphs (a paragraph bead with several on
    a side), the boundaries inside it stay soft cuts."""
    from .paragraphs import groups, joined  # heavy: numpy

    sg, tg = groups(src_starts, len(src)), groups(tgt_starts, len(tgt))
    # the search alone: the paragraph beads' confidences would be thrown away
    _, top, _ = solve_document(joined(src, sg), joined(tgt, tg),
                               bridge=None if bridge is None else joined(bridge, sg),
                               same_language=same_language,
                               options=replace(opts, paragraphs="ignore", max_sentences=4),
                               order_test=False)
    corners = [(0, 0)]
    for i0, i1, j0, j1, _ in top:
        i, j = corners[-1]
        corners.append((sg[i1 - 1][1] if i1 > i0 else i, tg[j1 - 1][1] if j1 > j0 else j))
    return corners


def _one_blas_thread() -> contextlib.AbstractContextManager[object]:
    """Limit BLAS to one thread while aligning.

    The aligner's matrix products are small (a chunk of rows against its band), where a
    multi-threaded BLAS spends more time synchronising than computing: on two shared
    cores the whole Tom Sawyer book took 5.5-7.4 s with OpenBLAS's default threads and
    1.1 s with one. ``threadpoolctl`` does this at run time; without it, set
    ``OPENBLAS_NUM_THREADS=1`` yourself.
    """
    try:  # optional dependency, and only of use once numpy is loaded
        from threadpoolctl import threadpool_limits  # optional
    except ImportError:  # optional: only speed depends on it, so say so and go on
        logging.getLogger(__name__).debug(
            "threadpoolctl is not installed: BLAS keeps its default threads "
            "(pip install threadpoolctl, or set OPENBLAS_NUM_THREADS=1)")
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")
