"""Read the files a review page shows, and tell from their content which view they need.

A page shows exactly what the tool wrote, so it reads the tool's own outputs:

- ``translate --format jsonl`` (a ``{"manifest": …}`` line, then one record per sentence
  with ``src``, ``tgt`` and ``flags``): the **translation** view;
- ``align --format jsonl`` (a manifest, then one bead per line with ``src_ids`` and
  ``tgt_ids``): the **alignment** view;
- ``evaluate --format json`` (one object with ``systems``) and/or the JSONL of
  ``evaluate --per-sentence`` (one object per segment with ``scores`` and ``hyp``): the
  **evaluation** view.

Fields a later version adds (``score``, ``confidence``, ``checks``) travel with the records
untouched; the checks here are only those the page needs to draw a row.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from ..paths import input_name
from ..reading import load_json_line, read_text

__all__ = ["KINDS", "ReviewInput", "load_inputs", "read_review_file"]

KINDS = ("translation", "alignment", "evaluation")

# what one file holds: a view's records, or one of the two parts of an evaluation
_TRANSLATION, _ALIGNMENT, _PER_SENTENCE, _REPORT = ("translation", "alignment",
                                                     "per-sentence", "report")
_WHAT = {_TRANSLATION: "`translate --format jsonl` records",
         _ALIGNMENT: "`align --format jsonl` beads",
         _PER_SENTENCE: "`evaluate --per-sentence` rows",
         _REPORT: "an `evaluate --format json` report"}
_READS = ("reads the JSONL of `translate --format jsonl` or `align --format jsonl`, or an "
          "`evaluate --format json` report with or without its `--per-sentence` JSONL")


@dataclass(frozen=True)
class ReviewFile:
    """One input file, parsed.

    Attributes:
        path: The path as given.
        what: ``translation``, ``alignment``, ``per-sentence`` or ``report``.
        manifest: The ``{"manifest": …}`` line's object, if the file has one.
        records: The records in file order (empty for a report).
        report: The report object (``None`` unless ``what`` is ``report``).
    """

    path: str
    what: str
    manifest: dict[str, Any] | None
    records: tuple[dict[str, Any], ...]
    report: dict[str, Any] | None = None


@dataclass(frozen=True)
class ReviewInput:
    """Everything one page shows.

    Attributes:
        kind: ``translation``, ``alignment`` or ``evaluation``.
        paths: The input paths, as given.
        manifest: The manifest of a translation or alignment file.
        records: Sentence records, beads, or per-sentence rows, as read.
        report: The evaluation report, when one was given.
    """

    kind: str
    paths: tuple[str, ...]
    manifest: dict[str, Any] | None
    records: tuple[dict[str, Any], ...]
    report: dict[str, Any] | None = None


def _is_number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_id_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool)
                                           and v >= 0 for v in value)


def _optional_number(value: object) -> bool:
    return value is None or _is_number(value)


def _flags_ok(value: object) -> bool:
    # strings today; an object per flag ({"flag": …, …details}) is read as well
    return isinstance(value, list) and all(isinstance(v, str | dict) for v in value)


# field -> (check, what the field must be); fields not listed pass through unchecked
_Check = Callable[[object], bool]
_FIELDS: dict[str, dict[str, tuple[_Check, str, bool]]] = {
    _TRANSLATION: {"src": (lambda v: isinstance(v, str), "a string", True),
                   "tgt": (lambda v: isinstance(v, str), "a string", True),
                   "flags": (_flags_ok, "a list of flags", False),
                   "score": (_optional_number, "a number or null", False),
                   "confidence": (_optional_number, "a number or null", False),
                   "checks": (lambda v: v is None or isinstance(v, dict | list),
                              "an object or a list", False)},
    _ALIGNMENT: {"src_ids": (_is_id_list, "a list of sentence ids", True),
                 "tgt_ids": (_is_id_list, "a list of sentence ids", True),
                 "src": (lambda v: isinstance(v, str), "a string", True),
                 "tgt": (lambda v: isinstance(v, str), "a string", True),
                 "score": (_optional_number, "a number or null", False),
                 "confidence": (_optional_number, "a number or null", False)},
    _PER_SENTENCE: {"scores": (lambda v: isinstance(v, dict) and all(
                        _is_number(s) for s in v.values()), "an object of numbers", True),
                    "hyp": (lambda v: isinstance(v, str), "a string", True),
                    "refs": (_is_str_list, "a list of strings", True),
                    "src": (lambda v: isinstance(v, str), "a string", False),
                    "system": (lambda v: isinstance(v, str), "a string", False),
                    "hyp_ids": (_is_id_list, "a list of sentence ids", False),
                    "ref_ids": (_is_id_list, "a list of sentence ids", False)},
}


def _record_kind(record: dict[str, Any]) -> str | None:
    if "src_ids" in record or "tgt_ids" in record:
        return _ALIGNMENT
    if "scores" in record and "hyp" in record:
        return _PER_SENTENCE
    if "src" in record and "tgt" in record:
        return _TRANSLATION
    return None


def _check_record(record: dict[str, Any], what: str, where: str) -> None:
    for field, (ok, must_be, required) in _FIELDS[what].items():
        if field not in record:
            if required:
                raise InputError(f"{where}: a {what} record without \"{field}\"")
            continue
        if not ok(record[field]):
            raise InputError(f"{where}: \"{field}\" must be {must_be}")


def _parse_report(path: str, obj: dict[str, Any]) -> ReviewFile:
    systems = obj.get("systems")
    if not (isinstance(systems, list) and systems and all(
            isinstance(s, dict) and isinstance(s.get("system"), str)
            and isinstance(s.get("scores"), dict) for s in systems)):
        raise InputError(f"{path}: a JSON object, but not an `evaluate --format json` report "
                         "(no \"systems\" with scores); " + _READS)
    return ReviewFile(path, _REPORT, None, (), obj)


def read_review_file(path: str) -> ReviewFile:
    """Parse one input file and tell what it holds.

    Raises:
        InputError: the file cannot be read, is not JSON/JSONL, is empty, mixes kinds of
            records, or a record lacks a field the page needs (the message names the
            line).
    """
    text = read_text(path)
    name = input_name(path)
    stripped = text.strip()
    if not stripped:
        raise InputError(f"{name}: input is empty (nothing to show)")
    if stripped.startswith("{"):  # one object (however indented): a JSON report?
        # (JSONL of several records fails at its second line: "Extra data")
        try:
            obj = json.loads(stripped)
        except (ValueError, RecursionError):
            obj = None
        if (isinstance(obj, dict) and {"level", "system", "scores"} <= obj.keys()
                and "hyp" not in obj):
            # batch's scores.json: one system's scores over its documents
            mode = "documents" if obj.get("level") == "document" else "lines"
            obj = {"mode": mode, "systems": [obj]}
        if isinstance(obj, dict) and ("systems" in obj or "\n" in stripped):
            # a JSON object over several lines is not JSONL: say what it is not
            return _parse_report(name, obj)
    manifest: dict[str, Any] | None = None
    records: list[dict[str, Any]] = []
    what: str | None = None
    # split("\n"), not splitlines(): U+2028 and friends may sit inside JSON strings
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            obj = load_json_line(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: invalid JSON ({exc.msg}); {_READS}") from None
        except ValueError as exc:
            raise InputError(f"{where}: {exc}") from None
        if not isinstance(obj, dict):
            raise InputError(f"{where}: expected a JSON object per line; {_READS}")
        if "manifest" in obj and len(obj) == 1 and isinstance(obj["manifest"], dict):
            if records or manifest is not None:
                raise InputError(f"{where}: a second manifest line; give one output per file")
            manifest = obj["manifest"]
            continue
        kind = _record_kind(obj)
        if kind is None:
            raise InputError(f"{where}: not a record of translate, align or evaluate "
                             f"--per-sentence; {_READS}")
        if what is not None and kind != what:
            raise InputError(f"{where}: {_WHAT[kind]} after {_WHAT[what]}; give one output "
                             "per file")
        what = kind
        _check_record(obj, kind, where)
        records.append(obj)
    if what is None:
        raise InputError(f"{name}: no records (only a manifest line); nothing to show")
    return ReviewFile(path, what, manifest, tuple(records))


def load_inputs(paths: Sequence[str]) -> ReviewInput:
    """Read the inputs of one page and decide its view.

    One translation file, one alignment file, or an evaluation: a report, its
    per-sentence JSONL, or both (in any order).

    Raises:
        InputError: an input cannot be read (see :func:`read_review_file`).
        UsageError: the inputs do not make one page (two translations, a translation
            with a report, two reports…).
    """
    if not paths:
        raise UsageError("no input given; " + _READS)
    if list(paths).count("-") > 1:
        raise UsageError("only one input can be read from stdin (-)")
    files = [read_review_file(p) for p in paths]
    whats = [f.what for f in files]
    if len(files) == 1 and whats[0] in (_TRANSLATION, _ALIGNMENT):
        (only,) = files
        return ReviewInput(only.what, (only.path,), only.manifest, only.records)
    if set(whats) <= {_REPORT, _PER_SENTENCE} and all(whats.count(w) <= 1 for w in whats):
        report = next((f.report for f in files if f.what == _REPORT), None)
        rows = next((f.records for f in files if f.what == _PER_SENTENCE), ())
        return ReviewInput("evaluation", tuple(f.path for f in files), None, rows, report)
    found = ", ".join(f"{f.path}: {_WHAT[f.what]}" for f in files)
    raise UsageError(f"these inputs do not make one page ({found}); a page shows one "
                     "translation, one alignment, or one evaluation (its report and/or its "
                     "--per-sentence rows)")


def base_dir(path: str) -> Path:
    """The folder of an input (the working directory for stdin)."""
    return Path(".") if path == "-" else Path(path).parent
