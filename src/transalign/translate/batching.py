"""Token-budget batches over length-sorted inputs, with the original order kept.

Sorting by length before batching means little padding (the cost of a batch is
its size times its longest member); CTranslate2's ``translate_iterable`` and
fairseq do the same. Ties are broken by position, so batches are deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence


def length_sorted_batches(lengths: Sequence[int], max_tokens: int,
                          max_sentences: int) -> list[list[int]]:
    """Group indices into batches whose padded size stays within a token budget.

    Args:
        lengths: Token length of each item.
        max_tokens: Budget per batch: ``len(batch) * max(length in batch)``.
            An item longer than the budget gets a batch of its own.
        max_sentences: Upper bound on items per batch.

    Returns:
        Lists of indices into ``lengths``; every index exactly once. Batches
        run from the longest items to the shortest, so an out-of-memory error
        shows up in the first batch, not after an hour.
    """
    if max_tokens < 1 or max_sentences < 1:
        raise ValueError("max_tokens and max_sentences must be at least 1")
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for i in order:
        length = max(1, lengths[i])
        width = max(longest, length)
        if current and ((len(current) + 1) * width > max_tokens
                        or len(current) >= max_sentences):
            batches.append(current)
            current, width = [], length
        current.append(i)
        longest = width
    if current:
        batches.append(current)
    return batches
