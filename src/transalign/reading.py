"""Read documents: plain UTF-8 text, stdin (``-``) or JSONL (``{"id": …, "text": …}``).

Every problem a user can cause becomes one :class:`~transalign.errors.InputError`
with a message that names the file and the fix.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from .errors import InputError
from .normalize import has_text
from .records import Document

FORMATS = ("auto", "text", "jsonl")


@contextlib.contextmanager
def open_input(path: str) -> Iterator[BinaryIO]:
    """Open a file (or stdin for ``-``) for binary reading, with clear errors.

    Raises:
        InputError: missing file, a directory, or a file that cannot be read.
    """
    if path == "-":
        yield sys.stdin.buffer
        return
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory, expected a file")
    try:
        handle = p.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    with handle:
        yield handle


def read_bytes(path: str) -> bytes:
    """Read a file (or stdin for ``-``) as bytes, with clear errors."""
    with open_input(path) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from exc


def file_info(path: str) -> dict[str, object]:
    """``{"path", "sha256"}`` of an input file, for the provenance in a report."""
    return {"path": path, "sha256": hashlib.sha256(read_bytes(path)).hexdigest()}


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


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (a BOM is dropped); binary data and invalid UTF-8 are errors."""
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{name}: invalid UTF-8 at byte {exc.start} (line {line}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None
    return text.removeprefix("\ufeff")


def read_text(path: str) -> str:
    """Read a whole UTF-8 text file or stdin."""
    return decode(read_bytes(path), "<stdin>" if path == "-" else path)


def _looks_like_jsonl(path: str, text: str) -> bool:
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


def parse_jsonl(text: str, name: str) -> Iterator[Document]:
    """Documents from JSONL lines ``{"id": …, "text": …, "reference"?: …}``."""
    seen: set[str] = set()
    # split("\n"), not splitlines(): U+2028 and friends may sit inside JSON strings.
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = load_json_line(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{lineno}: invalid JSON ({exc.msg})") from None
        except ValueError as exc:
            raise InputError(f"{name}:{lineno}: invalid JSON ({exc})") from None
        if not isinstance(obj, dict) or ("manifest" in obj and len(obj) == 1):
            if isinstance(obj, dict):
                continue  # a manifest line written by this tool
            raise InputError(f"{name}:{lineno}: expected a JSON object with 'id' and 'text'")
        if "text" not in obj or not isinstance(obj["text"], str):
            raise InputError(f"{name}:{lineno}: missing string field 'text'")
        doc_id = str(obj.get("id", f"{name}:{lineno}"))
        if doc_id in seen:
            raise InputError(f"{name}:{lineno}: duplicate id {doc_id!r}; ids must be unique")
        seen.add(doc_id)
        ref = obj.get("reference")
        if ref is not None and not isinstance(ref, str):
            raise InputError(f"{name}:{lineno}: field 'reference' must be a string")
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
    name = "<stdin>" if path == "-" else path
    text = read_text(path)
    is_jsonl = fmt == "jsonl" or (fmt == "auto" and _looks_like_jsonl(path, text))
    if not has_text(text):
        if allow_empty:
            return [], "jsonl" if is_jsonl else "text"
        raise InputError(f"{name}: input is empty (nothing to do)")
    if is_jsonl:
        docs = list(parse_jsonl(text, name))
        if not docs and not allow_empty:
            raise InputError(f"{name}: no documents in JSONL input")
        return docs, "jsonl"
    return [Document("-" if path == "-" else Path(path).name, text)], "text"
