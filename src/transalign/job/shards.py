"""Deterministic shards: input × row range, the unit of work, output and restart.

A shard's name says exactly what it holds (``003-news-000001000-000002000``:
input 3, stem ``news``, rows 1000 to 2000), so the same inputs and shard size
always give the same shards and the same output file names — unlike engines
that name output files at random, where a re-run duplicates output (docs/batch.md, "Ray pitfalls").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..reading import decode
from .inputs import (
    InputSource,
    Row,
    checked_row,
    import_pyarrow_parquet,
    is_manifest_line,
    json_row,
)


@dataclass(frozen=True)
class Shard:
    """Rows ``start``–``end`` (exclusive) of one input, self-contained.

    Everything needed to read the rows travels with the shard (a JSONL byte
    offset, a directory's file names), so a Ray actor on another node reads
    its shard without the driver's scan.

    Attributes:
        input: Index of the input in the job.
        path: The input's path.
        kind: ``jsonl``, ``parquet`` or ``txtdir``.
        start: First row.
        end: One past the last row.
        name: Deterministic name, also the output file's stem.
        offset: JSONL: byte offset of row ``start``.
        lineno: JSONL: line number of row ``start`` (for messages).
        files: txtdir: relative paths of rows ``start``–``end``.
    """

    input: int
    path: str
    kind: str
    start: int
    end: int
    name: str
    offset: int = 0
    lineno: int = 1
    files: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["files"] = list(self.files)
        return d

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Shard:
        return cls(**{**data, "files": tuple(data.get("files", ()))})

    def describe(self) -> dict[str, Any]:
        """What the manifest records about the shard (no file lists)."""
        return {"name": self.name, "input": self.input, "start": self.start, "end": self.end}


def plan_shards(sources: Sequence[InputSource], shard_size: int) -> list[Shard]:
    """Cut every input into shards of ``shard_size`` rows, in input order.

    Raises:
        ValueError: ``shard_size`` differs from the stride the inputs were scanned with.
    """
    shards = []
    for index, source in enumerate(sources):
        if source.kind == "jsonl" and source.stride != shard_size:
            raise ValueError("inputs were scanned with another shard size")
        for k, start in enumerate(range(0, source.rows, shard_size)):
            end = min(start + shard_size, source.rows)
            offset, lineno = source.offsets[k] if source.kind == "jsonl" else (0, 1)
            files = source.files[start:end] if source.kind == "txtdir" else ()
            name = f"{index:03d}-{source.label}-{start:09d}-{end:09d}"
            shards.append(Shard(index, source.path, source.kind, start, end, name, offset,
                                lineno, files))
    return shards


def read_shard(shard: Shard) -> list[Row]:
    """The rows of a shard, bad ones carrying their ``problem``."""
    p = Path(shard.path)
    if shard.kind == "jsonl":
        out: list[Row] = []
        row, lineno = shard.start, shard.lineno
        with p.open("rb") as handle:
            handle.seek(shard.offset)
            for line in handle:
                if row >= shard.end:
                    break
                if line.strip() and not is_manifest_line(line):
                    out.append(json_row(shard.input, row, p.name, lineno, line))
                    row += 1
                lineno += 1
        return out
    if shard.kind == "parquet":
        pq = import_pyarrow_parquet()
        table = _parquet_slice(pq.ParquetFile(p), shard.start, shard.end)
        columns = table.column_names
        texts = table.column("text").to_pylist()
        ids = table.column("id").to_pylist() if "id" in columns else [None] * len(texts)
        refs = (table.column("reference").to_pylist() if "reference" in columns
                else [None] * len(texts))
        rows = []
        for k, (doc_id, text, ref) in enumerate(zip(ids, texts, refs, strict=True)):
            row = shard.start + k
            base = Row(shard.input, row, f"{p.name}:{row}" if doc_id is None else str(doc_id),
                       None)
            rows.append(checked_row(base, text, ref))
        return rows
    rows = []
    for row, name in zip(range(shard.start, shard.end), shard.files, strict=True):
        base = Row(shard.input, row, name, None)
        try:
            text = decode((p / name).read_bytes(), name)
        except InputError as exc:  # binary data, invalid UTF-8
            rows.append(Row(shard.input, row, name, None,
                            problem=str(exc).removeprefix(f"{name}: ")))
            continue
        except OSError as exc:
            rows.append(Row(shard.input, row, name, None,
                            problem=f"cannot read ({exc.strerror})"))
            continue
        rows.append(checked_row(base, text, None))
    return rows


def _parquet_slice(parquet: Any, start: int, end: int) -> Any:
    """Rows ``start:end``, reading only the row groups that hold them."""
    import pyarrow as pa  # heavy, and optional: only Parquet input needs it

    tables = []
    first = 0
    skip = None
    for group in range(parquet.num_row_groups):
        n = parquet.metadata.row_group(group).num_rows
        if first + n > start and first < end:
            if skip is None:
                skip = start - first
            tables.append(parquet.read_row_group(group))
        first += n
    if not tables:
        return parquet.schema_arrow.empty_table()
    return pa.concat_tables(tables).slice(skip or 0, end - start)
