"""Detect degenerate model output: repetition loops, runaway length, unknown tokens.

Neural MT fails in recognisable ways (Koehn & Knowles 2017, "Six Challenges for
NMT"; Holtzman et al. 2020 on repetition): looping n-grams, output far longer
than the source, ``<unk>``. Such sentences are retried once with repetition
controls and flagged, so users can find them instead of shipping them.
"""

from __future__ import annotations

from collections.abc import Sequence

REPETITION = "repetition"
LENGTH_RATIO = "length_ratio"
UNK = "unk"


def has_repetition(tokens: Sequence[int], max_n: int = 4) -> bool:
    """True if some n-gram (n ≤ ``max_n``) repeats back to back.

    A unigram must occur 4 times in a row, longer n-grams 3 times.
    """
    size = len(tokens)
    for n in range(1, max_n + 1):
        need = 4 if n == 1 else 3
        # tokens[i] == tokens[i - n] for a run of L positions means a span of
        # L + n tokens with period n, i.e. the n-gram repeated (L + n) / n times.
        run = 0
        for i in range(n, size):
            if tokens[i] == tokens[i - n]:
                run += 1
                if run >= (need - 1) * n:
                    return True
            else:
                run = 0
    return False


def problems(src_len: int, out: Sequence[int], unk_id: int | None,
             max_ratio: float = 3.0, slack: int = 8) -> tuple[str, ...]:
    """Names of the problems found in one output (empty when it looks fine).

    Args:
        src_len: Source length in tokens.
        out: Output token ids, without special tokens.
        unk_id: Id of ``<unk>`` in the target vocabulary.
        max_ratio: Output longer than ``max_ratio * src_len + slack`` is flagged.
        slack: Allowance for very short sources.
    """
    found = []
    if has_repetition(out):
        found.append(REPETITION)
    if len(out) > max_ratio * src_len + slack:
        found.append(LENGTH_RATIO)
    if unk_id is not None and unk_id in out:
        found.append(UNK)
    return tuple(found)
