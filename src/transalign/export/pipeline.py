"""read → clean → filter → write, streamed, with counts for the summary."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from ..errors import UsageError
from ..jsonl import dumps_line
from .clean import clean_pair
from .filters import FilterChain
from .pair import AlignedPair
from .writers import Writer


@dataclass
class ExportStats:
    """What an export did.

    Attributes:
        read: Pairs read.
        written: Pairs written.
        rejected: Rejections per filter name, in filter order.
    """

    read: int = 0
    written: int = 0
    rejected: dict[str, int] = field(default_factory=dict)


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, tuple):
        return [_json_safe(v) for v in value]
    return value


def rejected_record(pair: AlignedPair, rule: str, score: Any) -> dict[str, Any]:
    """The ``--rejected`` JSONL record: the pair's JSON plus ``rule``, ``rule_score``, ``origin``."""
    return {"rule": rule, "rule_score": _json_safe(score), "origin": pair.origin, **pair.to_json()}


def export_pairs(pairs: Iterable[AlignedPair], writer: Writer, chain: FilterChain | None = None,
                 *, rejected: TextIO | None = None) -> ExportStats:
    """Clean, filter and write ``pairs`` through an open ``writer``.

    Args:
        pairs: Pairs in output order (e.g. :func:`~transalign.export.readers.read_all`).
        writer: An entered writer (``with make_writer(...) as writer``).
        chain: Filters; ``None`` keeps everything.
        rejected: Where rejected pairs go as JSONL (one :func:`rejected_record`
            per line), or ``None``.

    Returns:
        Counts of pairs read, written and rejected per filter.

    Raises:
        UsageError: at the first item of ``pairs`` that is not an ``AlignedPair`` (the
            pairs before it are written).
    """
    chain = chain or FilterChain()
    stats = ExportStats()
    for pair in pairs:
        if not isinstance(pair, AlignedPair):
            raise UsageError(f"export_pairs takes AlignedPair objects (read_all(...), "
                             f"AlignedDocument.pairs()), got {type(pair).__name__}")
        stats.read += 1
        clean = clean_pair(pair)
        verdict = chain.check(clean)
        if verdict is None:
            writer.write(clean, cleaned=True)
            continue
        if rejected is not None:
            filt, score = verdict
            record = rejected_record(clean, filt.name, score)
            rejected.write(dumps_line(record, allow_nan=False) + "\n")
    stats.written = writer.count
    stats.rejected = dict(chain.rejected)
    return stats
