"""Paragraph boundaries of a document side, as the aligner's cuts use them."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from ..errors import AlignmentError


def paragraph_starts(name: str, paras: Sequence[int] | None, n: int) -> np.ndarray | None:
    """Bool array: True where a sentence opens a paragraph (not the first); None if
    there is a single paragraph or none was given.

    Raises:
        AlignmentError: naming ``name`` if ``paras`` does not have one non-decreasing
            integer per sentence.
    """
    if paras is None:
        return None
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


# a side on which at least this share of the paragraphs are single sentences has lines,
# not paragraphs (one sentence per line); and a side with more than this many times the
# other side's paragraphs does not share their boundaries (``informative``)
LINE_SHARE = 0.9
PARAGRAPH_RATIO = 2.0


def informative(src_starts: np.ndarray | None, tgt_starts: np.ndarray | None
                ) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The paragraph starts of the two sides that say where a bead should not cross,
    None for a side whose boundaries say nothing of the kind.

    A text file's lines are its paragraphs; in a file with one sentence per line every
    boundary is a sentence's, and as cuts they would charge every bead that joins two
    sentences (a translator's 2-1), the right ones too: such a side (``LINE_SHARE`` of
    its paragraphs single sentences) has no paragraphs here. Nor has a side with more
    than ``PARAGRAPH_RATIO`` times as many paragraphs as the other: most of its
    boundaries fall inside the other side's paragraphs. (A side without paragraphs
    leaves the other's as they are.)
    """
    def lines(starts: np.ndarray | None) -> bool:
        if starts is None:
            return False
        sizes = np.diff(np.flatnonzero(np.concatenate([[True], starts[1:], [True]])))
        return float(np.mean(sizes == 1)) >= LINE_SHARE

    src = None if lines(src_starts) else src_starts
    tgt = None if lines(tgt_starts) else tgt_starts
    if src is not None and tgt is not None:
        n_src, n_tgt = 1 + int(src.sum()), 1 + int(tgt.sum())  # paragraphs a side
        if n_src > PARAGRAPH_RATIO * n_tgt:
            src = None
        elif n_tgt > PARAGRAPH_RATIO * n_src:
            tgt = None
    return src, tgt


def groups(starts: np.ndarray | None, n: int) -> list[tuple[int, int]]:
    """``(first, end)`` sentence ranges of the paragraphs."""
    if n == 0:
        return []
    bounds = [0] + ([] if starts is None else np.flatnonzero(starts).tolist()) + [n]
    return list(pairwise(bounds))


def joined(texts: list[str], ranges: list[tuple[int, int]]) -> list[str]:
    """The text of each range of sentences, joined with a space."""
    return [" ".join(texts[a:b]) for a, b in ranges]


def block_ids(ends: list[int]) -> np.ndarray:
    """The block of each sentence, from the block ends on one side (``0`` first, ``n``
    last; a block may be empty on one side)."""
    return np.repeat(np.arange(len(ends) - 1), np.diff(ends))
