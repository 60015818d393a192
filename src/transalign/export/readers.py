"""Read the project's own JSONL outputs as :class:`AlignedPair` records, streamed.

Shapes, detected per line (the first line of every project JSONL file is a
manifest ``{"manifest": {...}}``, skipped here and available via
:func:`peek_manifest`):

- ``translate --format jsonl``: ``{"doc_id", "para", "sent", "start", "end",
  "src", "tgt", "flags", "score"?, "checks"?}`` → a 1-1 pair with ids
  ``[sent]``/``[sent]``, scored by the record's ``score`` (score kind ``confidence``;
  none when it is null or absent, as in files written before it existed); no bead
  confidence (``AlignedPair.confidence`` is None).
- ``align --format jsonl``: ``{"doc_id", "src_ids", "tgt_ids", "src", "tgt",
  "score", "confidence", "type"}`` → a bead, score kind ``align`` (higher is better),
  with its ``confidence`` (a number in [0, 1]; null or absent in files written before
  it existed: None).
- ``export --format jsonl`` and ``--rejected`` files: the align shape plus
  ``score_kind`` and ``flags`` (so an export can be filtered again).

Files are read as bytes and split at ``\\n`` only, which is ``split("\\n")``
done in constant memory; ``splitlines()`` would also break at U+2028, U+0085
and friends, which are legal inside JSON strings.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import stat
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from ..config import excerpt
from ..errors import InputError
from ..limits import MAX_LINE_BYTES, size_text
from ..paths import input_name
from ..reading import check_binary_start, load_json_line, open_input
from .pair import SCORE_KINDS, AlignedPair

_TYPE_RE = re.compile(r"^\d+-\d+$")


def _reject_constant(name: str) -> float:
    # json.loads accepts NaN and Infinity by default; they are not JSON and no
    # writer of ours could write them back.
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _decode_line(raw: bytes, where: str, first: bool) -> str:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: invalid UTF-8 at byte {exc.start} of the line; "
            "convert the file to UTF-8 first, e.g. iconv -f cp1252 -t utf-8 (Windows text)"
        ) from None
    return line.removeprefix("\ufeff") if first else line


def _parse_json(line: str, where: str) -> object:
    try:
        return load_json_line(line, _DECODER.decode)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})") from None
    except ValueError as exc:  # also nesting too deep, half a surrogate pair
        raise InputError(f"{where}: invalid JSON ({exc})") from None


def _str(obj: dict[str, object], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise InputError(f"{where}: field {key!r} must be a string, got {_typename(value)}")
    return value


def _ids(obj: dict[str, object], key: str, where: str) -> tuple[int, ...]:
    value = obj.get(key)
    if not isinstance(value, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in value
    ):
        raise InputError(f"{where}: field {key!r} must be a list of sentence ids (integers >= 0)")
    ids = tuple(value)
    if any(a >= b for a, b in itertools.pairwise(ids)):
        raise InputError(f"{where}: field {key!r} must be ascending without repeats, got "
                         f"{excerpt(value)}")
    return ids


def _flags(obj: dict[str, object], where: str) -> tuple[str, ...]:
    value = obj.get("flags", [])
    if not isinstance(value, list) or not all(isinstance(f, str) for f in value):
        raise InputError(f"{where}: field 'flags' must be a list of strings")
    return tuple(value)


def _typename(value: object) -> str:
    return "nothing" if value is None else type(value).__name__


def _bead_pair(obj: dict[str, object], where: str) -> AlignedPair:
    src_ids = _ids(obj, "src_ids", where)
    tgt_ids = _ids(obj, "tgt_ids", where)
    src, tgt = _str(obj, "src", where), _str(obj, "tgt", where)
    if (not src_ids and src.strip()) or (not tgt_ids and tgt.strip()):
        raise InputError(f"{where}: a side with no sentence ids must have empty text")
    score = obj.get("score")
    if score is not None and (not isinstance(score, int | float) or isinstance(score, bool)):
        raise InputError(f"{where}: field 'score' must be a number or null, got {_typename(score)}")
    if score is not None:
        try:
            score = float(score)
        except OverflowError:  # a huge integer literal
            score = math.inf
        if not math.isfinite(score):
            raise InputError(f"{where}: field 'score' must be a finite number, got "
                             f"{excerpt(obj['score'])}")
    kind = obj.get("type")
    expected = f"{len(src_ids)}-{len(tgt_ids)}"
    if kind is not None and (not isinstance(kind, str) or not _TYPE_RE.match(kind)):
        raise InputError(f"{where}: field 'type' must look like '2-1', got {excerpt(kind)}")
    if kind is not None and kind != expected:
        raise InputError(f"{where}: field 'type' is {excerpt(kind)} but the ids make it "
                         f"{expected!r}")
    score_kind = obj.get("score_kind", "none" if score is None else "align")
    if score_kind not in SCORE_KINDS:
        raise InputError(f"{where}: field 'score_kind' must be one of {', '.join(SCORE_KINDS)}")
    if (score is None) != (score_kind == "none"):
        raise InputError(f"{where}: score kind {excerpt(score_kind)} does not fit score "
                         f"{excerpt(score)}")
    return AlignedPair(
        src=src,
        tgt=tgt,
        doc_id=_str(obj, "doc_id", where),
        src_ids=src_ids,
        tgt_ids=tgt_ids,
        score=None if score is None else float(score),
        score_kind=str(score_kind),
        flags=_flags(obj, where),
        origin=where,
        confidence=_bead_confidence(obj, where),
    )


def _bead_confidence(obj: dict[str, object], where: str) -> float | None:
    """A bead's ``confidence``: a number in [0, 1], null or absent."""
    value = obj.get("confidence")
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise InputError(f"{where}: field 'confidence' must be a number in [0, 1] or null, "
                         f"got {_typename(value)}")
    try:
        confidence = float(value)
    except OverflowError:  # a huge integer literal
        confidence = math.inf
    if not 0.0 <= confidence <= 1.0:
        raise InputError(f"{where}: field 'confidence' must be a number in [0, 1] (the "
                         f"probability that the bead is right), got {excerpt(value)}")
    return confidence


def _translate_pair(obj: dict[str, object], where: str) -> AlignedPair:
    sent = obj.get("sent")
    if not isinstance(sent, int) or isinstance(sent, bool) or sent < 0:
        raise InputError(f"{where}: field 'sent' must be an integer >= 0")
    confidence = _confidence(obj, where)
    return AlignedPair(
        src=_str(obj, "src", where),
        tgt=_str(obj, "tgt", where),
        doc_id=_str(obj, "doc_id", where),
        src_ids=(sent,),
        tgt_ids=(sent,),
        score=confidence,
        score_kind="none" if confidence is None else "confidence",
        flags=_flags(obj, where),
        origin=where,
    )


def _confidence(obj: dict[str, object], where: str) -> float | None:
    """A translate record's ``score`` (its confidence): a finite number, null or absent."""
    value = obj.get("score")
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise InputError(f"{where}: field 'score' must be a number or null, got {_typename(value)}")
    try:
        score = float(value)
    except OverflowError:  # a huge integer literal
        score = math.inf
    if not math.isfinite(score):
        raise InputError(f"{where}: field 'score' must be a finite number, got {excerpt(value)}")
    return score


def _is_manifest(obj: dict[str, object]) -> bool:
    return len(obj) == 1 and "manifest" in obj


# What export reads, for the messages that refuse anything else.
READS = ("export reads the JSONL of `transalign translate --format jsonl`, "
         "`transalign align --format jsonl` or `transalign export --format jsonl`")

_BEAD_LINE = re.compile(r"^\s*\[[\d,\s]*\]\s*:\s*\[[\d,\s]*\]\s*(:\s*\S+\s*)?$")


def _bead_file(where: str) -> InputError:
    """The error for a file whose first line is a bead (``[0]:[0]:0.5``)."""
    return InputError(f"{where}: this is a bead file (`align --format beads`), which has no "
                      f"sentence text; {READS}")


def _not_jsonl(where: str) -> InputError:
    """The error for a file whose first line is not JSON at all (plain text, binary)."""
    return InputError(f"{where}: not JSONL (invalid JSON on the first line); {READS}")


def read_pairs(path: str) -> Iterator[AlignedPair]:
    """Stream the pairs of one JSONL file written by ``translate``, ``align`` or ``export``.

    Args:
        path: A file path, or ``-`` for stdin.

    Yields:
        One :class:`AlignedPair` per record line, uncleaned (see
        :func:`~transalign.export.clean.clean_pair`), in file order.

    Raises:
        InputError: missing file, a directory, invalid UTF-8, invalid JSON, a
            line of an unknown shape or with a wrong field, or a file without
            any line. The message starts with ``file:line``.
    """
    name = input_name(path)
    seen_any = False
    with open_input(path) as handle:
        for lineno, raw in enumerate(_lines(handle, name), 1):
            where = f"{name}:{lineno}"
            line = _decode_line(raw, where, lineno == 1)
            if not line.strip():
                continue
            if not seen_any and _BEAD_LINE.match(line):
                raise _bead_file(where)
            try:
                obj = _parse_json(line, where)
            except InputError:
                if not seen_any and not line.lstrip().startswith(("{", "[")):
                    raise _not_jsonl(where) from None  # plain text, not one broken line
                raise
            seen_any = True
            if not isinstance(obj, dict):
                raise InputError(f"{where}: expected a JSON object, got {_typename(obj)}")
            if _is_manifest(obj):
                continue
            if "src_ids" in obj or "tgt_ids" in obj:
                yield _bead_pair(obj, where)
            elif "sent" in obj:
                yield _translate_pair(obj, where)
            else:
                raise InputError(
                    f"{where}: not a translate record (doc_id, sent, src, tgt) nor an align "
                    f"bead (doc_id, src_ids, tgt_ids, src, tgt, score); {READS}"
                )
    if not seen_any:
        raise InputError(f"{name}: input is empty (no manifest, no records)")


def _lines(handle: BinaryIO, name: str) -> Iterator[bytes]:
    """The lines of ``handle``: the first block checked for binary data before anything
    else is read, and a line of more than ``MAX_LINE_BYTES`` refused before it is read
    whole (``/dev/zero`` has no line end)."""
    peek = getattr(handle, "peek", None)
    start = peek(65536) if peek is not None else b""
    if start:
        check_binary_start(start[:65536], name)
    for lineno, line in enumerate(iter(lambda: handle.readline(MAX_LINE_BYTES + 1), b""), 1):
        if len(line) > MAX_LINE_BYTES:
            raise InputError(f"{name}:{lineno}: a line longer than "
                             f"{size_text(MAX_LINE_BYTES)}, the most one record may take "
                             "(is it a JSONL file?)")
        if lineno == 1 and not start:
            check_binary_start(line[:65536], name)
        yield line


def read_all(paths: Iterable[str]) -> Iterator[AlignedPair]:
    """The pairs of several files, one after the other (see :func:`read_pairs`)."""
    for path in paths:
        yield from read_pairs(path)


def peek_manifest(path: str) -> dict[str, object] | None:
    """The manifest of a project JSONL file (its first line), or ``None``.

    Stdin is never peeked (it cannot be read twice); unreadable files give
    ``None`` here and a clear error from :func:`read_pairs`.
    """
    if path == "-":
        return None
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would be read twice
            return None
        with open(path, "rb") as handle:
            first = handle.readline(MAX_LINE_BYTES + 1)  # /dev/zero has no line end
        obj = json.loads(first.decode("utf-8").removeprefix("\ufeff"))
    except (OSError, ValueError, RecursionError):
        return None
    if isinstance(obj, dict) and _is_manifest(obj) and isinstance(obj["manifest"], dict):
        return obj["manifest"]
    return None
