"""Inputs of a batch job: JSONL files, Parquet files, directories of ``.txt`` files.

Every input is a sequence of *rows* numbered from 0 in a fixed order (JSONL: the
non-blank lines; Parquet: table rows; a directory: its ``.txt`` files sorted by
relative path), so a shard is "input × row range" and the same on every run.

Problems with the *whole* input (missing file, unknown type, no ``text`` column,
duplicate ids) are ``InputError`` before any work starts. Problems with *one*
row (invalid JSON, an id that is not a string or an integer, non-string or empty
text, invalid UTF-8, a JSONL line over ``limits.MAX_LINE_BYTES``, a ``.txt`` file that
cannot be read or is over ``limits.MAX_INPUT_BYTES``) make that row a bad document: it
goes to ``errors.jsonl`` with the reason and the job goes on.

The scan also records what later proves the input unchanged: a content hash of each
shard's rows (JSONL: its bytes; a directory: its files), checked when the shard is read,
and the input's identity (device, inode, size, modification time of the file or of every
``.txt`` file), checked before the merge. An input rewritten while the job runs (``cp``
over it, or ``mv`` of a new file onto it) stops the job with an error naming it: old and
new rows never mix in one output.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..config import excerpt
from ..errors import InputError
from ..limits import MAX_LINE_BYTES, size_text
from ..normalize import has_text
from ..paths import missing_reason, name_id, oserror_reason, probe, shown
from ..reading import ID_RULE, document_id, load_json_line

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
        stride: Row spacing of ``offsets`` and ``digests`` (the shard size).
        files: txtdir only: relative paths of the ``.txt`` files, in row order.
        digests: JSONL and txtdir: the content hash of each ``stride`` rows (a shard's),
            checked when the shard is read.
        stamp: The input's identity and modification time at the scan, checked before
            the merge (:func:`check_unchanged`).
    """

    path: str
    kind: str
    rows: int
    bytes: int
    sha256: str
    offsets: tuple[tuple[int, int], ...] = ()
    stride: int = 1
    files: tuple[str, ...] = ()
    digests: tuple[str, ...] = ()
    stamp: str = ""

    def describe(self) -> dict[str, Any]:
        """What the manifest records about this input."""
        return {"path": name_id(self.path), "kind": self.kind, "rows": self.rows,
                "bytes": self.bytes, "sha256": self.sha256}


def input_kind(path: str) -> str:
    """``jsonl``, ``parquet`` or ``txtdir`` for a path, or ``InputError``."""
    info = probe(path, InputError)
    if info is None:
        raise InputError(f"{shown(path)}: {missing_reason(path).replace('file', 'file or directory')}")
    if stat.S_ISDIR(info.st_mode):
        return "txtdir"
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{shown(path)}: not a regular file (a pipe or a device); a batch "
                         "job reads its inputs more than once: save it to a file first")
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    raise InputError(f"{shown(path)}: unknown input type; expected a .jsonl file, a .parquet "
                     "file or a directory of .txt files")


def import_pyarrow_parquet() -> Any:
    """``pyarrow.parquet``, or an ``InputError`` naming the install command."""
    try:  # heavy, and optional: only Parquet input needs it
        import pyarrow.parquet as pq  # heavy and optional: pyarrow, for Parquet input only
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


def file_stamp(path: str | Path) -> str:
    """A file's identity and modification: device, inode, size, modification time."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return f"unreadable:{exc.errno}"
    return f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"


def file_digest(path: Path) -> bytes:
    """The digest a directory input records for one of its files: the sha256 of its bytes,
    or a marker with the reason it cannot be read (that row is then a bad document)."""
    try:
        with path.open("rb") as handle:
            digest = hashlib.sha256()
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.digest()
    except OSError as exc:
        return f"unreadable:{exc.errno}".encode()


def file_entry(name: str, digest: bytes) -> bytes:
    """One file's part of a directory's content hash."""
    return os.fsencode(name) + b"\0" + digest


def changed_error(path: str, what: str) -> InputError:
    """The error for an input rewritten while the job runs."""
    return InputError(f"{shown(path)}: the input changed while the job ran ({what}); the "
                      "job stopped so that old and new rows never mix: start over with a new "
                      "--output directory (or delete this one)")


def read_line(handle: BinaryIO, on_bytes: Callable[[bytes], None], limit: int = -1
              ) -> tuple[bytes, int]:
    """The next line of a JSONL input, bounded: ``(line, size)``, where ``line`` is the
    first ``MAX_LINE_BYTES + 1`` bytes of a longer line (``size`` is then bigger), whose
    rest is read in blocks and never held. Every byte read goes to ``on_bytes``.
    ``limit``: read no further than that many bytes (-1: no limit)."""
    first = MAX_LINE_BYTES + 1 if limit < 0 else min(MAX_LINE_BYTES + 1, limit)
    line = handle.readline(first) if first > 0 else b""
    return line, finish_line(handle, line, on_bytes, limit)


def finish_line(handle: BinaryIO, line: bytes, on_bytes: Callable[[bytes], None],
                limit: int = -1) -> int:
    """Pass ``line`` (read with ``readline(MAX_LINE_BYTES + 1)``) to ``on_bytes``, read the
    rest of the line if it is longer (in blocks, passed on, not kept); its size."""
    on_bytes(line)
    size = len(line)
    if size > MAX_LINE_BYTES and not line.endswith(b"\n"):
        while limit < 0 or size < limit:
            more = handle.readline(1 << 20 if limit < 0 else min(1 << 20, limit - size))
            if not more:
                break
            on_bytes(more)
            size += len(more)
            if more.endswith(b"\n"):
                break
    return size


def too_long_row(index: int, row: int, fallback: str, lineno: int, size: int) -> Row:
    return Row(index, row, fallback, None,
               problem=f"line {lineno}: {size:,} bytes, more than the "
                       f"{size_text(MAX_LINE_BYTES)} a JSONL row may take")


def json_row(index: int, row: int, name: str, lineno: int, line: bytes) -> Row:
    fallback = f"{name_id(name)}:{lineno}"
    try:
        obj = load_json_line(line)
    except ValueError as exc:  # (JSONDecodeError and UnicodeDecodeError are ValueErrors)
        reason = (exc.msg if isinstance(exc, json.JSONDecodeError) else
                  "invalid UTF-8" if isinstance(exc, UnicodeDecodeError) else str(exc))
        return Row(index, row, fallback, None, problem=f"line {lineno}: invalid JSON ({reason})")
    if not isinstance(obj, dict):
        return Row(index, row, fallback, None,
                   problem=f"line {lineno}: expected a JSON object with 'id' and 'text'")
    doc_id = document_id(obj.get("id"), fallback)
    if doc_id is None:
        return Row(index, row, fallback, None,
                   problem=f"line {lineno}: {ID_RULE}, got {type(obj['id']).__name__}")
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

            raise InputError(f"{where}: duplicate id {excerpt(doc_id)} (first seen in input "
                             f"{first[0] + 1}, row {first[1]}); ids must be unique across "
                             "all inputs")

    if kind == "jsonl":
        return _scan_jsonl(index, path, stride, add_id)
    if kind == "parquet":
        stamp = file_stamp(p)
        pq = import_pyarrow_parquet()
        try:
            meta = pq.ParquetFile(p)
        except Exception as exc:
            raise InputError(f"{shown(path)}: not a readable Parquet file ({exc})") from None
        names = meta.schema_arrow.names
        if "text" not in names:
            raise InputError(f"{shown(path)}: no 'text' column (columns: {', '.join(names)})")
        rows = meta.metadata.num_rows
        if rows == 0:
            raise InputError(f"{shown(path)}: no documents (empty Parquet table)")
        if "id" in names:
            column = meta.read(columns=["id"]).column("id").to_pylist()
            for row, value in enumerate(column):
                add_id(parquet_id(p.name, row, value), row, f"{shown(path)} row {row}")
        else:
            for row in range(rows):
                add_id(f"{name_id(p.name)}:{row}", row, f"{shown(path)} row {row}")
        return InputSource(path, kind, rows, p.stat().st_size, _hash_file(p), stride=stride,
                           stamp=stamp)
    return _scan_txtdir(index, path, stride, add_id)


def parquet_id(name: str, row: int, value: object) -> str:
    """A Parquet row's id: as a JSONL record's (``document_id``), else ``NAME:ROW``; an id
    of another type (a float column) is kept in decimal, as Parquet types the column."""
    doc_id = document_id(value, f"{name_id(name)}:{row}")
    return doc_id if doc_id is not None else str(value)


def _scan_jsonl(index: int, path: str, stride: int,
                add_id: Callable[[str, int, str], None]) -> InputSource:
    p = Path(path)
    stamp = file_stamp(p)
    digest = hashlib.sha256()
    chunk: Any = None  # the hash of the shard being read
    digests: list[str] = []
    offsets: list[tuple[int, int]] = []
    rows = offset = lineno = 0

    def on_bytes(data: bytes) -> None:
        digest.update(data)
        if chunk is not None:
            chunk.update(data)

    try:
        with p.open("rb") as handle:
            while line := handle.readline(MAX_LINE_BYTES + 1):
                lineno += 1
                too_long = len(line) > MAX_LINE_BYTES
                is_row = too_long or (line.strip() and not is_manifest_line(line))
                if is_row and rows % stride == 0:  # a shard starts: its own hash from here
                    if chunk is not None:
                        digests.append(chunk.hexdigest())
                    chunk = hashlib.sha256()
                    offsets.append((offset, lineno))
                size = finish_line(handle, line, on_bytes)
                offset += size
                if is_row:
                    row = (too_long_row(index, rows, f"{name_id(p.name)}:{lineno}", lineno, size)
                           if too_long else json_row(index, rows, p.name, lineno, line))
                    add_id(row.id, rows, f"{shown(path)}:{lineno}")
                    rows += 1
    except OSError as exc:
        raise InputError(f"{shown(path)}: cannot read ({oserror_reason(exc)})") from None
    if chunk is not None:
        digests.append(chunk.hexdigest())
    if rows == 0:
        raise InputError(f"{shown(path)}: no documents (empty JSONL input)")
    return InputSource(path, "jsonl", rows, offset, digest.hexdigest(), tuple(offsets), stride,
                       digests=tuple(digests), stamp=stamp)


def _txt_files(p: Path) -> list[str]:
    return sorted(f.relative_to(p).as_posix() for f in p.rglob("*.txt")
                  if f.is_file() and not any(part.startswith(".")
                                             for part in f.relative_to(p).parts))


def directory_stamp(p: Path, files: Sequence[str]) -> str:
    """A directory input's identity: every ``.txt`` file's name and :func:`file_stamp`."""
    digest = hashlib.sha256()
    for name in files:
        digest.update(os.fsencode(name) + b"\0" + file_stamp(p / name).encode() + b"\0")
    return digest.hexdigest()


def _scan_txtdir(index: int, path: str, stride: int,
                 add_id: Callable[[str, int, str], None]) -> InputSource:
    p = Path(path)
    try:
        files = _txt_files(p)
    except OSError as exc:
        raise InputError(f"{shown(path)}: cannot list the directory "
                         f"({oserror_reason(exc)})") from None
    if not files:
        raise InputError(f"{shown(path)}: no .txt files in this directory")
    stamp = directory_stamp(p, files)
    digest = hashlib.sha256()
    entries: list[bytes] = []
    size = 0
    for row, name in enumerate(files):
        add_id(name_id(name), row, f"{shown(path)}/{shown(name)}")
        with _suppress_oserror():
            size += (p / name).stat().st_size
        entry = file_entry(name, file_digest(p / name))
        entries.append(entry)
        digest.update(entry)
    digests = tuple(hashlib.sha256(b"".join(entries[k:k + stride])).hexdigest()
                    for k in range(0, len(entries), stride))
    return InputSource(path, "txtdir", len(files), size, digest.hexdigest(), stride=stride,
                       files=tuple(files), digests=digests, stamp=stamp)


def _suppress_oserror() -> Any:

    return contextlib.suppress(OSError)


def check_unchanged(source: InputSource) -> None:
    """Raise if ``source`` is not what the scan read: its identity or modification time
    differs and so does its content (a file copied over with the same bytes passes).

    Raises:
        InputError: naming the input (:func:`changed_error`).
    """
    p = Path(source.path)
    if source.kind == "txtdir":
        try:
            files = _txt_files(p)
        except OSError:
            files = []
        if tuple(files) != source.files:
            raise changed_error(source.path, "its .txt files are not the ones scanned")
        if directory_stamp(p, files) == source.stamp:
            return
        digest = hashlib.sha256()
        for name in files:
            digest.update(file_entry(name, file_digest(p / name)))
        if digest.hexdigest() != source.sha256:
            raise changed_error(source.path, "a .txt file differs from the scan")
        return
    if file_stamp(p) == source.stamp:
        return
    try:
        same = _hash_file(p) == source.sha256
    except OSError:
        same = False
    if not same:
        raise changed_error(source.path, "its content differs from the scan")


def scan_inputs(paths: Sequence[str], stride: int) -> list[InputSource]:
    """Scan every input (see ``scan_input``); ids must be unique across all of them."""
    if not paths:
        raise InputError("no input given; pass --input PATH (JSONL, Parquet or a directory)")
    ids: dict[str, tuple[int, int]] = {}
    return [scan_input(i, path, stride, ids) for i, path in enumerate(paths)]
