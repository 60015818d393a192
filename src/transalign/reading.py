"""Read documents: plain UTF-8 text, stdin (``-``) or JSONL (``{"id": …, "text": …}``).

Every problem a user can cause becomes one :class:`~transalign.errors.InputError`
with a message that names the file and the fix.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from .config import excerpt
from .errors import InputError
from .limits import MAX_INPUT_BYTES, size_text
from .normalize import has_text
from .paths import (
    input_name,
    is_dir,
    missing_reason,
    name_id,
    oserror_reason,
    probe,
    shown,
)
from .records import Document

FORMATS = ("auto", "text", "jsonl")


@contextlib.contextmanager
def open_input(path: str) -> Iterator[BinaryIO]:
    """Open a file (or stdin for ``-``) for binary reading, with clear errors.

    Raises:
        InputError: missing file, a directory, a name too long, a loop of symbolic
            links, or a file that cannot be read.
    """
    if path == "-":
        yield sys.stdin.buffer
        return
    info = probe(path, InputError)
    if info is None:
        raise InputError(f"{shown(path)}: {missing_reason(path)}")
    if is_dir(info):
        raise InputError(f"{shown(path)}: is a directory, expected a file")
    try:
        handle = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"{shown(path)}: cannot read ({oserror_reason(exc)})") from None
    with handle:
        yield handle


BLOCK = 1 << 20  # bytes read at a time


def too_large(name: str, limit: int) -> InputError:
    """The error for an input over ``limit`` bytes (an endless stream among them)."""
    return InputError(f"{name}: larger than {size_text(limit)}, the most this command "
                      "reads at once (is it an endless stream?); split it, or translate "
                      "large collections with `transalign batch`")


def read_bytes(path: str, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Read a file (or stdin for ``-``) as bytes, with clear errors.

    The first block is checked for binary data (NUL bytes, UTF-16) before anything else
    is read, and reading stops with an error past ``limit`` bytes: ``/dev/zero``,
    ``/dev/urandom`` or an endless pipe end in one line, not in an out-of-memory kill.
    """
    name = input_name(path)
    chunks: list[bytes] = []
    total = 0
    with open_input(path) as handle:
        try:
            while block := handle.read(BLOCK):
                if not chunks:
                    check_binary_start(block, name)
                total += len(block)
                if total > limit:
                    raise too_large(name, limit)
                chunks.append(block)
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({oserror_reason(exc)})") from None
    return b"".join(chunks)


def file_info(path: str) -> dict[str, object]:
    """``{"path", "sha256"}`` of an input file, for the provenance in a report (the path
    as :func:`~transalign.paths.name_id` writes it)."""
    return {"path": name_id(path), "sha256": hashlib.sha256(read_bytes(path)).hexdigest()}


_SURROGATE = re.compile("[\ud800-\udfff]")


def load_json_line(line: str | bytes, loads: Callable[[Any], object] = json.loads) -> object:
    """The JSON value of one JSONL line, for every reader of the tool.

    ``loads``' own errors pass through (``json.JSONDecodeError``, ``UnicodeDecodeError``
    for bytes); JSON that parses but cannot be used raises ``ValueError`` with a short
    reason: nesting too deep for the parser, or a string field of an object holding half
    a surrogate pair (``"\\ud800"`` alone: no character, and no UTF-8 output can carry it).
    """
    try:
        obj = loads(line)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if isinstance(obj, dict) and any(isinstance(v, str) and _SURROGATE.search(v)
                                     for v in obj.values()):
        raise ValueError("a \\u escape that is half a surrogate pair, not a character")
    return obj


def json_records(name: str, text: str, hint: str) -> Iterator[tuple[int, object]]:
    """``(line number, value)`` of every non-blank line of JSONL ``text`` but a manifest
    line (``{"manifest": {…}}``), for the readers of one tool's output. A line that is
    not JSON is an ``InputError`` "``name:line``: invalid JSON (reason); ``hint``"."""
    # split("\n"), not splitlines(): U+2028 and friends may sit inside JSON strings
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = load_json_line(line)
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            raise InputError(f"{name}:{lineno}: invalid JSON ({reason}); {hint}") from None
        if isinstance(obj, dict) and set(obj) == {"manifest"}:
            continue
        yield lineno, obj


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _looks_like_utf16(start: bytes) -> bool:
    """NUL as every other byte, after a UTF-16 byte-order mark or without one: UTF-16
    text in a Latin script (German among them)."""
    sample = start[2:1026] if start.startswith(_UTF16_BOMS) else start[:1024]
    if len(sample) < 4:
        return False
    odd, even = sample[1::2], sample[0::2]
    return (odd.count(0) > 0.9 * len(odd) and not even.count(0)) or \
        (even.count(0) > 0.9 * len(even) and not odd.count(0))


def _utf16_with_bom(data: bytes) -> bool:
    """A UTF-16 byte-order mark followed by data that decodes as UTF-16."""
    if not data.startswith(_UTF16_BOMS) or len(data) % 2:
        return False
    try:
        data.decode("utf-16")
    except UnicodeDecodeError:
        return False
    return True


def check_binary_start(start: bytes, name: str) -> None:
    """Refuse data whose first block is UTF-16 or holds a NUL byte (binary)."""
    if _looks_like_utf16(start):
        raise InputError(f"{name}: looks like UTF-16 text, expected UTF-8; convert it first, "
                         "e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8")
    if b"\x00" in start[:65536]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), expected UTF-8 text")


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (a BOM is dropped); binary data (a NUL byte anywhere), UTF-16 and
    invalid UTF-8 are errors."""
    check_binary_start(data[:65536], name)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        raise InputError(f"{name}: a NUL byte at byte {nul} (line {line}): binary data, "
                         "expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        fix = ("iconv -f UTF-16 -t utf-8 (it starts with a UTF-16 byte-order mark)"
               if _utf16_with_bom(data) else
               "iconv -f cp1252 -t utf-8 (Windows text; -f latin1 for other 8-bit text)")
        raise InputError(
            f"{name}: invalid UTF-8 at byte {exc.start} (line {line}); "
            f"convert it first, e.g. {fix}"
        ) from None
    return text.removeprefix("\ufeff")


def read_text(path: str) -> str:
    """Read a whole UTF-8 text file or stdin."""
    return decode(read_bytes(path), input_name(path))


def looks_like_jsonl(path: str, text: str) -> bool:
    """A ``.jsonl``/``.ndjson`` file, or one whose first line is a JSON object with a
    ``text`` field (or this tool's manifest): a text line such as ``{Foto: dpa}`` is text."""
    if path.endswith((".jsonl", ".ndjson")):
        return True
    first = text.lstrip().split("\n", 1)[0].rstrip()
    if not (first.startswith("{") and first.endswith("}")):
        return False
    try:
        obj = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(obj, dict) and ("text" in obj or "manifest" in obj)


ID_RULE = "field 'id' must be a string or an integer"


def document_id(raw: object, fallback: str) -> str | None:
    """The id of a JSONL record: a string as it is, an integer in decimal; no ``id`` (or
    ``null``) gives ``fallback`` (``FILE:LINE``); anything else (a float, ``true``, a list,
    an object) is ``None``, for the caller's error: no id is made up from a Python repr."""
    if raw is None:
        return fallback
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return None


def parse_jsonl(text: str, name: str) -> Iterator[Document]:
    """Documents from JSONL lines ``{"id": …, "text": …, "reference"?: …}``.

    ``name`` is the path as given (``<stdin>`` for stdin): shown in messages, and the
    ``FILE:LINE`` id of a record without one (see :func:`document_id`).
    """
    seen: set[str] = set()
    where = shown(name)
    # split("\n"), not splitlines(): U+2028 and friends may sit inside JSON strings.
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = load_json_line(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}:{lineno}: invalid JSON ({exc.msg})") from None
        except ValueError as exc:
            raise InputError(f"{where}:{lineno}: invalid JSON ({exc})") from None
        if not isinstance(obj, dict) or ("manifest" in obj and len(obj) == 1):
            if isinstance(obj, dict):
                continue  # a manifest line written by this tool
            raise InputError(f"{where}:{lineno}: expected a JSON object with 'id' and 'text'")
        if "text" not in obj or not isinstance(obj["text"], str):
            hint = ""
            if "src_ids" in obj or "tgt_ids" in obj:
                hint = ("; this is `transalign align --format jsonl` output (beads): "
                        "`transalign export` reads it")
            elif "src" in obj and "tgt" in obj:
                hint = ("; this is `transalign translate --format jsonl` output (sentence "
                        "records): `transalign check`, `export` and `review` read it")
            raise InputError(f"{where}:{lineno}: missing string field 'text'{hint}")
        doc_id = document_id(obj.get("id"), f"{name_id(name)}:{lineno}")
        if doc_id is None:
            raise InputError(f"{where}:{lineno}: {ID_RULE}, got {type(obj['id']).__name__}")
        if doc_id in seen:
            raise InputError(f"{where}:{lineno}: duplicate id {excerpt(doc_id)}; "
                             "ids must be unique")
        seen.add(doc_id)
        ref = obj.get("reference")
        if ref is not None and not isinstance(ref, str):
            raise InputError(f"{where}:{lineno}: field 'reference' must be a string")
        yield Document(doc_id, obj["text"], ref)


def read_documents(path: str, fmt: str = "auto", *, allow_empty: bool = False) -> list[Document]:
    """Read the documents of one input.

    Args:
        path: A file path, or ``-`` for stdin.
        fmt: ``text`` (the whole file is one document), ``jsonl`` (one document
            per line) or ``auto`` (JSONL for ``.jsonl`` files or when the first
            line is a JSON object).
        allow_empty: Return ``[]`` instead of raising for empty or
            whitespace-only input.

    Raises:
        InputError: missing file, directory, binary data, invalid UTF-8, bad
            JSONL, or empty input (unless ``allow_empty``).
    """
    return read_input(path, fmt, allow_empty=allow_empty)[0]


def read_input(path: str, fmt: str = "auto", *,
               allow_empty: bool = False) -> tuple[list[Document], str]:
    """Like :func:`read_documents`, also returning the format used (``text``/``jsonl``)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown input format {fmt!r}; choose from {', '.join(FORMATS)}")
    if not isinstance(path, (str, os.PathLike)):
        raise InputError(f"expected a file path or '-' for stdin, got {type(path).__name__}")
    path = os.fspath(path)
    name = input_name(path)
    text = read_text(path)
    is_jsonl = fmt == "jsonl" or (fmt == "auto" and looks_like_jsonl(path, text))
    if not has_text(text):
        if allow_empty:
            return [], "jsonl" if is_jsonl else "text"
        raise InputError(f"{shown(name)}: input is empty (nothing to do)")
    if is_jsonl:
        docs = list(parse_jsonl(text, name))
        if not docs and not allow_empty:
            raise InputError(f"{shown(name)}: no documents in JSONL input")
        return docs, "jsonl"
    return [Document("-" if path == "-" else name_id(Path(path).name), text)], "text"
