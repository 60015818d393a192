"""Split sentences that are longer than the model's positions, never truncate.

A Marian model has a fixed number of source positions (512 for opus-mt);
transformers would silently truncate a longer input, or crash. A sentence that
does not fit is cut in two, recursively, at the clause boundary nearest its
middle (after ``,;:`` or around a dash), else at the space nearest its middle,
else (one giant "word") in the middle. The pieces are translated on their own,
rejoined with a space, and the sentence is flagged ``long_split``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

LONG_SPLIT = "long_split"

_CLAUSE = re.compile(r"(?<=[,;:)])\s+|\s+(?=[-–—]\s)")
_SPACE = re.compile(r"\s+")


def _nearest(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The match of ``pattern`` whose start is nearest the middle, within [lo, hi]."""
    middle = len(text) / 2
    best = None
    for m in pattern.finditer(text):
        inside = lo <= m.start() <= hi and m.start() > 0 and m.end() < len(text)
        if inside and (best is None or abs(m.start() - middle) < abs(best[0] - middle)):
            best = (m.start(), m.end())
    return best


def split_long(text: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Pieces of ``text`` that each count at most ``limit`` tokens.

    Args:
        text: One (normalised) sentence.
        count_tokens: Source tokens of a string, as the model will see it
            (including the end-of-sentence token).
        limit: Maximum tokens per piece.

    Returns:
        ``[text]`` if it fits, else the pieces in order; joining them with a
        space gives back ``text`` up to whitespace.
    """
    if limit < 2:
        raise ValueError("limit must be at least 2")
    if count_tokens(text) <= limit:
        return [text]
    quarter = len(text) // 4
    cut = (_nearest(_CLAUSE, text, quarter, len(text) - quarter)
           or _nearest(_SPACE, text, 1, len(text) - 1))
    if cut is None:
        middle = len(text) // 2
        cut = (middle, middle)
    left, right = text[:cut[0]].strip(), text[cut[1]:].strip()
    if not left or not right:  # cannot happen with the guards above; never loop
        middle = len(text) // 2
        left, right = text[:middle], text[middle:]
    return split_long(left, count_tokens, limit) + split_long(right, count_tokens, limit)
