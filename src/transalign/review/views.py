"""What each view needs besides the records: thresholds, paragraphs, rankings, buckets.

The records go into the page exactly as read (one source of truth); this module adds
only what the page derives from them, computed once here so that it is the same in every
browser and testable without one. Every result is plain JSON data, in a fixed order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from .load import ReviewInput, base_dir
from .paragraphs import bead_paragraphs

__all__ = ["FLAG_INFO", "LENGTH_BUCKETS", "alignment_view", "evaluation_view",
           "translation_view"]

# What each flag of `translate` means, shown in the legend and as the badge's tooltip.
FLAG_INFO: dict[str, str] = {
    "long_split": "longer than the model's limit: translated in pieces and rejoined",
    "repetition": "the output repeats itself (a loop), still after one retry",
    "length_ratio": "the output is far longer than the source, still after one retry",
    "unk": "the output holds the model's unknown-word token",
    "copied": "nothing to translate (numbers, punctuation, links): copied as it is",
    "source_en": "the source is already English: copied",
    "not_english": "the output does not look like English",
    "number_mismatch": "a number, date or time of the source is not in the output",
    "missing_token": "a link, e-mail address, hashtag or @handle is not in the output verbatim",
    "low_confidence": "the model's confidence is below --min-confidence",
}

# compare-mt's sentence-length buckets, by the reference's length in words
LENGTH_BUCKETS = (10, 20, 30, 40, 50, 60)

LOW_SHARE = 0.10  # translation: "low confidence" is the lowest 10% unless --low-below
WEAK_BELOW = 0.5  # alignment: a bead under 0.5 (confidence, else score) is weak


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _quantile(values: Sequence[float], share: float) -> float:
    """The nearest-rank quantile: the smallest value with at least ``share`` of the values
    at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _flag_name(flag: object) -> str:
    if isinstance(flag, dict):
        for key in ("flag", "name", "code"):
            if isinstance(flag.get(key), str):
                return flag[key]
        return "flag"
    return str(flag)


def translation_view(data: ReviewInput, *, low_below: float | None = None) -> dict[str, Any]:
    """Confidence scale and threshold, and flag counts, of a translation.

    The confidence is the record's ``confidence`` (a probability) when records have one,
    else its ``score`` (``translate``'s mean log-probability per token, coloured by
    ``exp(score)``, the geometric-mean token probability). "Low" is ``<= low_below``, by
    default the lowest 10% of the file's values (nearest rank).
    """
    records = data.records
    field = next((f for f in ("confidence", "score")
                  if any(_number(r.get(f)) is not None for r in records)), None)
    confidence: dict[str, Any] | None = None
    if field is not None:
        values = [v for r in records if (v := _number(r.get(field))) is not None]
        low, high = min(values), max(values)
        if field == "confidence" or (low >= 0 and high <= 1):
            scale = "probability"
        elif high <= 0:
            scale = "logprob"
        else:
            scale = "range"
        if low_below is None:
            threshold = _quantile(values, LOW_SHARE)
            rule = f"the lowest {LOW_SHARE:.0%} of this file (set with --low-below)"
        else:
            threshold = float(low_below)
            rule = "set with --low-below"
        confidence = {"field": field, "scale": scale, "min": low, "max": high,
                      "low_below": threshold, "rule": rule,
                      "low": sum(1 for v in values if v <= threshold)}
    counts: dict[str, int] = {}
    for record in records:
        for flag in record.get("flags") or ():
            name = _flag_name(flag)
            counts[name] = counts.get(name, 0) + 1
    return {"confidence": confidence,
            "flag_counts": dict(sorted(counts.items())),
            "flagged": sum(1 for r in records if r.get("flags")),
            "flag_info": FLAG_INFO}


def alignment_view(data: ReviewInput, *, low_below: float | None = None) -> dict[str, Any]:
    """Weak-bead rule, bead-type counts and paragraphs of an alignment."""
    beads = data.records
    field = "confidence" if any(_number(b.get("confidence")) is not None for b in beads) \
        else "score"
    threshold = WEAK_BELOW if low_below is None else float(low_below)

    def weak(bead: dict[str, Any]) -> bool:
        value = _number(bead.get(field))
        return value is not None and value < threshold

    types: dict[str, int] = {}
    for bead in beads:
        kind = f"{len(bead['src_ids'])}-{len(bead['tgt_ids'])}"
        types[kind] = types.get(kind, 0) + 1
    folders = [Path("."), base_dir(data.paths[0])]
    paragraphs, note = bead_paragraphs(beads, data.manifest, folders)
    return {"weak": {"field": field, "below": threshold,
                     "rule": f"{field} below {threshold:g}"
                     + (" (set with --low-below)" if low_below is None else ""),
                     "beads": [i for i, b in enumerate(beads) if weak(b)]},
            "types": dict(sorted(types.items(), key=lambda kv: _type_order(kv[0]))),
            "omissions": sum(1 for b in beads if not b["src_ids"] or not b["tgt_ids"]),
            "merges": sum(1 for b in beads if len(b["src_ids"]) > 1 or len(b["tgt_ids"]) > 1),
            "paragraphs": paragraphs, "paragraph_note": note}


def _type_order(kind: str) -> tuple[int, int]:
    a, b = kind.split("-")
    return int(a), int(b)


def _metrics(data: ReviewInput) -> tuple[list[str], dict[str, bool]]:
    """Metric names in the report's order, and whether higher is better for each."""
    names: list[str] = []
    higher: dict[str, bool] = {}
    if data.report:
        for name, entry in data.report["systems"][0]["scores"].items():
            names.append(name)
            higher[name] = bool(entry.get("higher_is_better", True)) if isinstance(
                entry, dict) else True
    for row in data.records:
        for name in row["scores"]:
            if name not in higher:
                names.append(name)
                higher[name] = not name.upper().startswith("TER")
    return names, higher


def _systems(data: ReviewInput) -> tuple[list[str], dict[str, list[int]]]:
    """System names in order, and the indices of each system's rows."""
    order = [s["system"] for s in data.report["systems"]] if data.report else []
    single = order[0] if len(order) == 1 else "system"
    rows: dict[str, list[int]] = {name: [] for name in order}
    for i, row in enumerate(data.records):
        name = row.get("system", single)
        if data.report and name not in rows:
            raise InputError(f"the per-sentence rows name a system ({name}) that is not in "
                             "the report; give the report and the rows of the same run")
        rows.setdefault(name, []).append(i)
    return (order or list(rows)), rows


def _blank(row: dict[str, Any]) -> bool:
    """A blank line of line-parallel files: nothing to score on either side."""
    return not row["hyp"].strip() and not any(ref.strip() for ref in row["refs"])


def _ref_words(row: dict[str, Any]) -> int:
    refs = row["refs"]
    return len(refs[0].split()) if refs else 0


def _bucket(words: int) -> int:
    return next((k for k, edge in enumerate(LENGTH_BUCKETS) if words < edge),
                len(LENGTH_BUCKETS))


def _bucket_labels() -> list[str]:
    labels, low = [], 0
    for edge in LENGTH_BUCKETS:
        labels.append(f"<{edge}" if low == 0 else f"{low}–{edge - 1}")
        low = edge
    return [*labels, f"≥{LENGTH_BUCKETS[-1]}"]


def _pair_key(row: dict[str, Any], documents: bool) -> tuple[Any, ...]:
    if not documents:
        return ("line", row.get("index"))
    if row.get("ref_ids"):
        return (row.get("doc_id"), "ref", tuple(row["ref_ids"]))
    return (row.get("doc_id"), "hyp", tuple(row.get("hyp_ids") or ()))


def _side_by_side(rows: Sequence[dict[str, Any]], a: list[int], b: list[int],
                  documents: bool) -> list[list[int | None]]:
    """Rows of system A and B paired: the same line, or (document mode) the same reference
    sentences; a segment only one system has is paired with ``None``. In document order:
    by document, then by first reference sentence (a segment without one right after the
    last reference sentence before it), A's segment first on a tie."""
    position: dict[tuple[Any, ...], tuple[int, float, int]] = {}
    documents_seen: dict[Any, int] = {}
    for rank, ids in enumerate((a, b)):
        anchor = -1.0
        for i in ids:
            row = rows[i]
            doc = documents_seen.setdefault(row.get("doc_id"), len(documents_seen))
            if not documents:
                where = float(row.get("index", i))
            elif row.get("ref_ids"):
                where, anchor = float(row["ref_ids"][0]), float(row["ref_ids"][-1])
            else:
                where = anchor + 0.5
            position.setdefault(_pair_key(row, documents), (doc, where, rank))
    index_a = {_pair_key(rows[i], documents): i for i in a}
    index_b = {_pair_key(rows[i], documents): i for i in b}
    keys = sorted(position, key=lambda k: position[k])
    return [[index_a.get(k), index_b.get(k)] for k in keys]


def evaluation_view(data: ReviewInput, *, worst: int = 10) -> dict[str, Any]:
    """Metrics, systems, worst segments, length buckets and side-by-side pairs.

    Blank lines (an empty hypothesis against empty references: the blank lines between
    paragraphs of line-parallel files) stay in the tables, but not in the worst segments
    or the length buckets, where their sentence score of 0 would say nothing.
    """
    metrics, higher = _metrics(data)
    systems, by_system = _systems(data)
    rows = data.records
    documents = (data.report or {}).get("mode") == "documents" or any(
        "ref_ids" in r for r in rows)
    worst_rows: dict[str, dict[str, list[int]]] = {}
    buckets: dict[str, dict[str, list[list[float | int | None]]]] = {}
    for metric in metrics:
        sign = 1.0 if higher[metric] else -1.0
        worst_rows[metric] = {}
        buckets[metric] = {}
        for name in systems:
            ids = [i for i in by_system.get(name, [])
                   if metric in rows[i]["scores"] and not _blank(rows[i])]
            ranked = sorted(ids, key=lambda i: (sign * rows[i]["scores"][metric], i))
            worst_rows[metric][name] = ranked[:worst]
            sums = [[0, 0.0] for _ in range(len(LENGTH_BUCKETS) + 1)]
            for i in ids:
                cell = sums[_bucket(_ref_words(rows[i]))]
                cell[0] += 1
                cell[1] += rows[i]["scores"][metric]
            buckets[metric][name] = [[n, total / n if n else None] for n, total in sums]
    compare = {}
    if len(systems) > 1:
        base = by_system.get(systems[0], [])
        for name in systems[1:]:
            compare[name] = _side_by_side(rows, base, by_system.get(name, []), documents)
    return {"metrics": metrics, "higher": higher, "systems": systems,
            "rows_by_system": {name: by_system.get(name, []) for name in systems},
            "documents": documents, "worst_n": worst, "worst": worst_rows,
            "blank": sum(1 for i in by_system.get(systems[0], []) if _blank(rows[i])),
            "buckets": {"labels": _bucket_labels(), "by": "reference length in words",
                        "scores": buckets},
            "compare": compare}
