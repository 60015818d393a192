"""Inputs of a batch job: JSONL files, Parquet files, directories of ``.txt`` files.

Every input is a sequence of *rows* numbered from 0 in a fixed order (JSONL: the
non-blank lines; Parquet: table rows; a directory: its ``.txt`` files sorted by
relative path), so a shard is "input × row range" and the same on every run.

Problems with the *whole* input (missing file, unknown type, no ``text`` column,
duplicate ids) are ``InputError`` before any work starts. Problems with *one*
row (invalid JSON, non-string or empty text, invalid UTF-8) make that row a bad
document: it goes to ``errors.jsonl`` with the reason and the job goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..normalize import has_text
from ..reading import load_json_line

KINDS = ("jsonl", "parquet", "txtdir")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass(frozen=True)
class Row:
    """One input row: a document, or the reason it cannot be one.

    Attributes:
        input: Index of the input in the job.
        row: Row number within the input (0-based).
        id: Document id (a generated ``NAME:LINE`` where the row has none).
        text: The document text, or ``None`` when the row is bad.
        reference: Optional reference translation.
        problem: Why the row is not a usable document (``None`` when it is).
    """

    input: int
    row: int
    id: str
    text: str | None
    reference: str | None = None
    problem: str | None = None


@dataclass(frozen=True)
class InputSource:
    """One input of the job, scanned.

    Attributes:
        path: The path as given.
        kind: ``jsonl``, ``parquet`` or ``txtdir``.
        rows: Number of rows.
        bytes: Total size in bytes.
        sha256: Content hash (for a directory: over relative paths and contents).
        offsets: JSONL only: ``(byte offset, line number)`` of every
            ``stride``-th row, so a shard is read without reading the file
            from the start.
        stride: Row spacing of ``offsets``.
        files: txtdir only: relative paths of the ``.txt`` files, in row order.
    """

    path: str
    kind: str
    rows: int
    bytes: int
    sha256: str
    offsets: tuple[tuple[int, int], ...] = ()
    stride: int = 1
    files: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """File-name-safe stem used in shard names."""
        stem = Path(self.path.rstrip("/")).stem or "input"
        return "".join(c if c.isalnum() or c in "-_." else "_" for c in stem)[:40]

    def describe(self) -> dict[str, Any]:
        """What the manifest records about this input."""
        return {"path": self.path, "kind": self.kind, "rows": self.rows,
                "bytes": self.bytes, "sha256": self.sha256}


def input_kind(path: str) -> str:
    """``jsonl``, ``parquet`` or ``txtdir`` for a path, or ``InputError``."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file or directory")
    if p.is_dir():
        return "txtdir"
    suffix = p.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    raise InputError(f"{path}: unknown input type; expected a .jsonl file, a .parquet file "
                     "or a directory of .txt files")


def import_pyarrow_parquet() -> Any:
    """``pyarrow.parquet``, or an ``InputError`` naming the install command."""
    try:  # heavy, and optional: only Parquet input needs it
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("Parquet input needs pyarrow: pip install pyarrow "
                         "(or pip install 'transalign[parquet]')") from None
    return pq


def _hash_file(path: Path, digest: Any | None = None) -> str:
    digest = digest or hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def json_row(index: int, row: int, name: str, lineno: int, line: bytes) -> Row:
    fallback = f"{name}:{lineno}"
    try:
        obj = load_json_line(line)
    except ValueError as exc:  # (JSONDecodeError and UnicodeDecodeError are ValueErrors)
        reason = (exc.msg if isinstance(exc, json.JSONDecodeError) else
                  "invalid UTF-8" if isinstance(exc, UnicodeDecodeError) else str(exc))
        return Row(index, row, fallback, None, problem=f"line {lineno}: invalid JSON ({reason})")
    if not isinstance(obj, dict):
        return Row(index, row, fallback, None,
                   problem=f"line {lineno}: expected a JSON object with 'id' and 'text'")
    raw_id = obj.get("id")
    usable = raw_id is not None and not isinstance(raw_id, (dict, list, bool))
    doc_id = str(raw_id) if usable else fallback
    return checked_row(Row(index, row, doc_id, None), obj.get("text"), obj.get("reference"),
                    "text" in obj)


def checked_row(row: Row, text: Any, reference: Any, text_given: bool = True) -> Row:
    problem = None
    if not text_given:
        problem = "missing field 'text'"
    elif not isinstance(text, str):
        problem = f"field 'text' must be a string, got {type(text).__name__}"
    elif not has_text(text):
        problem = "empty text"
    elif reference is not None and not isinstance(reference, str):
        problem = f"field 'reference' must be a string, got {type(reference).__name__}"
    if problem:
        return Row(row.input, row.row, row.id, None, problem=problem)
    if reference is not None and not has_text(reference):
        reference = None  # "reference": "" is no reference, not one to align and score
    return Row(row.input, row.row, row.id, text, reference)


def is_manifest_line(line: bytes) -> bool:
    return line.startswith(b'{"manifest"')


def scan_input(index: int, path: str, stride: int, ids: dict[str, tuple[int, int]]
               ) -> InputSource:
    """Count the rows of one input, hash it and check its ids against ``ids``.

    Args:
        index: Position of the input in the job.
        path: File or directory.
        stride: Record the byte offset of every ``stride``-th JSONL row (the
            shard size), so each shard starts reading at its first row.
        ids: Ids seen so far → ``(input, row)``; updated.

    Raises:
        InputError: unreadable or empty input, unknown type, duplicate id.
    """
    kind = input_kind(path)
    p = Path(path)

    def add_id(doc_id: str, row: int, where: str) -> None:
        first = ids.setdefault(doc_id, (index, row))
        if first != (index, row):
            raise InputError(f"{where}: duplicate id {doc_id!r} (first seen in input "
                             f"{first[0] + 1}, row {first[1]}); ids must be unique across "
                             "all inputs")

    if kind == "jsonl":
        digest = hashlib.sha256()
        offsets: list[tuple[int, int]] = []
        rows = 0
        offset = 0
        try:
            with p.open("rb") as handle:
                for lineno, line in enumerate(handle, 1):
                    here = offset
                    offset += len(line)
                    digest.update(line)
                    if not line.strip() or is_manifest_line(line):
                        continue
                    if rows % stride == 0:
                        offsets.append((here, lineno))
                    add_id(json_row(index, rows, p.name, lineno, line).id, rows,
                           f"{path}:{lineno}")
                    rows += 1
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
        if rows == 0:
            raise InputError(f"{path}: no documents (empty JSONL input)")
        return InputSource(path, kind, rows, offset, digest.hexdigest(), tuple(offsets), stride)
    if kind == "parquet":
        pq = import_pyarrow_parquet()
        try:
            meta = pq.ParquetFile(p)
        except Exception as exc:
            raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
        names = meta.schema_arrow.names
        if "text" not in names:
            raise InputError(f"{path}: no 'text' column (columns: {', '.join(names)})")
        rows = meta.metadata.num_rows
        if rows == 0:
            raise InputError(f"{path}: no documents (empty Parquet table)")
        if "id" in names:
            column = meta.read(columns=["id"]).column("id").to_pylist()
            for row, value in enumerate(column):
                add_id(p.name + f":{row}" if value is None else str(value), row,
                       f"{path} row {row}")
        else:
            for row in range(rows):
                add_id(f"{p.name}:{row}", row, f"{path} row {row}")
        return InputSource(path, kind, rows, p.stat().st_size, _hash_file(p))
    files = sorted(f.relative_to(p).as_posix() for f in p.rglob("*.txt")
                   if f.is_file() and not any(part.startswith(".")
                                              for part in f.relative_to(p).parts))
    if not files:
        raise InputError(f"{path}: no .txt files in this directory")
    digest = hashlib.sha256()
    size = 0
    for row, name in enumerate(files):
        add_id(name, row, f"{path}/{name}")
        data = (p / name).read_bytes()
        size += len(data)
        digest.update(os.fsencode(name) + b"\0" + hashlib.sha256(data).digest())
    return InputSource(path, kind, len(files), size, digest.hexdigest(), files=tuple(files))


def scan_inputs(paths: Sequence[str], stride: int) -> list[InputSource]:
    """Scan every input (see ``scan_input``); ids must be unique across all of them."""
    if not paths:
        raise InputError("no input given; pass --input PATH (JSONL, Parquet or a directory)")
    ids: dict[str, tuple[int, int]] = {}
    return [scan_input(i, path, stride, ids) for i, path in enumerate(paths)]
