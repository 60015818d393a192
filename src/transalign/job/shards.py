"""Deterministic shards: input × row range, the unit of work, output and restart.

A shard's name says exactly what it holds (``003-1f2e3d4c5b6a-000001000-000002000``:
input 3, whose content hash starts ``1f2e3d4c5b6a``, rows 1000 to 2000), so the same
inputs and shard size always give the same shards and the same output file names —
unlike engines that name output files at random, where a re-run duplicates output
(docs/batch.md, "Ray pitfalls"). The name comes from the input's content, not its file
name: an input renamed (or moved) between two runs is the same job, and every shard it
finished is used, never redone.

A shard is read exactly as the scan saw it, or not at all: its rows' content hash
(JSONL bytes, a directory's files) or, for Parquet, the file's identity and modification
time must still be the scan's, else the job stops (``inputs.changed_error``).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..limits import MAX_INPUT_BYTES, MAX_LINE_BYTES, size_text
from ..paths import name_id, oserror_reason
from ..reading import decode
from .inputs import (
    InputSource,
    Row,
    changed_error,
    checked_row,
    file_entry,
    file_stamp,
    finish_line,
    import_pyarrow_parquet,
    is_manifest_line,
    json_row,
    parquet_id,
    too_long_row,
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
        end_offset: JSONL: byte offset where the next shard's rows start (the file's
            size for the last shard).
        digest: JSONL and txtdir: the content hash of the rows at the scan.
        stamp: Parquet: the file's identity and modification time at the scan.
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
    end_offset: int = 0
    digest: str = ""
    stamp: str = ""

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
        if source.kind != "parquet" and source.stride != shard_size:
            raise ValueError("inputs were scanned with another shard size")
        for k, start in enumerate(range(0, source.rows, shard_size)):
            end = min(start + shard_size, source.rows)
            offset, lineno = source.offsets[k] if source.kind == "jsonl" else (0, 1)
            end_offset = (source.offsets[k + 1][0] if k + 1 < len(source.offsets)
                          else source.bytes) if source.kind == "jsonl" else 0
            files = source.files[start:end] if source.kind == "txtdir" else ()
            name = f"{index:03d}-{source.sha256[:12]}-{start:09d}-{end:09d}"
            shards.append(Shard(index, source.path, source.kind, start, end, name, offset,
                                lineno, files, end_offset,
                                source.digests[k] if source.digests else "",
                                source.stamp if source.kind == "parquet" else ""))
    return shards


SHARD_NAME = r"\d{3}-.+-\d{9}-\d{9}"  # a shard file's stem, this or an older naming


def read_shard(shard: Shard) -> list[Row]:
    """The rows of a shard, bad ones carrying their ``problem``.

    Raises:
        InputError: the input is no longer what the scan read (``inputs.changed_error``).
    """
    p = Path(shard.path)
    if shard.kind == "jsonl":
        return _read_jsonl(shard, p)
    if shard.kind == "parquet":
        if shard.stamp and file_stamp(p) != shard.stamp:
            raise changed_error(shard.path, f"rows {shard.start}–{shard.end} were not read yet")
        pq = import_pyarrow_parquet()
        table = _parquet_slice(pq.ParquetFile(p), shard.start, shard.end)
        if shard.stamp and file_stamp(p) != shard.stamp:
            raise changed_error(shard.path, f"while rows {shard.start}–{shard.end} were read")
        columns = table.column_names
        texts = table.column("text").to_pylist()
        ids = table.column("id").to_pylist() if "id" in columns else [None] * len(texts)
        refs = (table.column("reference").to_pylist() if "reference" in columns
                else [None] * len(texts))
        rows = []
        for k, (doc_id, text, ref) in enumerate(zip(ids, texts, refs, strict=True)):
            row = shard.start + k
            base = Row(shard.input, row, parquet_id(p.name, row, doc_id), None)
            rows.append(checked_row(base, text, ref))
        return rows
    return _read_txtdir(shard, p)


def _read_jsonl(shard: Shard, p: Path) -> list[Row]:
    """Bytes ``offset``–``end_offset``: exactly the shard's lines at the scan, hashed as
    they are read; a line over ``MAX_LINE_BYTES`` is a bad row, never held."""
    out: list[Row] = []
    row, lineno = shard.start, shard.lineno
    digest = hashlib.sha256()
    with p.open("rb") as handle:
        handle.seek(shard.offset)
        left = shard.end_offset - shard.offset
        while left > 0:
            line = handle.readline(min(MAX_LINE_BYTES + 1, left))
            if not line:
                break
            size = finish_line(handle, line, digest.update, left)
            left -= size
            if len(line) > MAX_LINE_BYTES:
                out.append(too_long_row(shard.input, row, f"{name_id(p.name)}:{lineno}",
                                        lineno, size))
                row += 1
            elif line.strip() and not is_manifest_line(line):
                out.append(json_row(shard.input, row, p.name, lineno, line))
                row += 1
            lineno += 1
    if (shard.digest and digest.hexdigest() != shard.digest) or row != shard.end:
        raise changed_error(shard.path, f"rows {shard.start}–{shard.end} differ from the scan")
    return out


def _read_txtdir(shard: Shard, p: Path) -> list[Row]:
    rows = []
    entries = []
    for row, name in zip(range(shard.start, shard.end), shard.files, strict=True):
        doc_id = name_id(name)
        data, digest, problem = _read_txt(p / name)
        entries.append(file_entry(name, digest))
        if problem is None:
            try:
                text = decode(data, doc_id)
            except InputError as exc:  # binary data, invalid UTF-8
                problem = str(exc).removeprefix(f"{doc_id}: ")
        if problem is not None:
            rows.append(Row(shard.input, row, doc_id, None, problem=problem))
            continue
        rows.append(checked_row(Row(shard.input, row, doc_id, None), text, None))
    if shard.digest and hashlib.sha256(b"".join(entries)).hexdigest() != shard.digest:
        raise changed_error(shard.path, f"files {shard.start}–{shard.end} differ from the scan")
    return rows


def _read_txt(path: Path) -> tuple[bytes, bytes, str | None]:
    """``(data, digest, problem)`` of one ``.txt`` file: its bytes (up to
    ``MAX_INPUT_BYTES``), ``inputs.file_digest``'s digest, and why it cannot be a document."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
            digest = hashlib.sha256(data)
            if len(data) <= MAX_INPUT_BYTES:
                return data, digest.digest(), None
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
            return b"", digest.digest(), f"larger than {size_text(MAX_INPUT_BYTES)}, the " \
                "most one document may take"
    except OSError as exc:

        return b"", f"unreadable:{exc.errno}".encode(), f"cannot read ({oserror_reason(exc)})"


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
