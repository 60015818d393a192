"""``transalign check``: flag the sentences of an existing translation a reader should look at.

``transalign check SRC HYP`` reads a German file and its English translation, line by
line (a translation agency's, another MT system's); ``transalign check TRANSLATION.jsonl``
reads ``transalign translate --format jsonl`` output. Each sentence pair goes through the
checks of :mod:`transalign.check` (numbers, verbatim tokens, language), and one JSONL
record per sentence is written with its flags; a summary goes to stderr. The exit status
is 0 even when sentences are flagged, unless ``--fail-on`` names flags for CI use.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any, TextIO

from ..check.flags import CHECKS, FLAGS, PairCheck, parse_checks, parse_flags
from ..errors import InputError, UsageError
from ..jsonl import dumps_line, manifest_line
from ..outputs import check_output, open_output
from ..paths import input_name
from ..provenance import provenance
from ..reading import decode, json_records, looks_like_jsonl, read_bytes
from ..text import plural
from . import _common

HELP = "flag number, token and language problems in an existing translation (no model needed)"

log = logging.getLogger(__name__)

EPILOG = (
    "Input: SRC and HYP, line-parallel German and English text files (one sentence or "
    "paragraph per line; either may be - for stdin), or one JSONL file of `transalign "
    "translate --format jsonl` or `transalign align --format jsonl` (its src and tgt "
    "fields). Flags: number_mismatch (a number, date or time of the "
    "source is not in the translation), missing_token (a URL, e-mail address, hashtag or "
    "@handle not carried over verbatim), source_en (the source is English), not_english "
    "(the translation is not English). jsonl: a manifest line, then one record per "
    "sentence: line (text input) or the translate record's fields, src, tgt, flags, checks "
    "(what each flag is about). text: one line per flagged sentence: line or doc_id:sent, "
    "flag, what is missing. The exit status is 0 whatever is flagged, unless --fail-on.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.usage = "%(prog)s [options] SRC HYP | TRANSLATION.jsonl"
    parser.epilog = EPILOG
    parser.add_argument("src", metavar="SRC",
                        help="German source, one sentence or paragraph per line; or the JSONL output of "
                        "`transalign translate` or `align --format jsonl` (then no HYP)")
    parser.add_argument("hyp", metavar="HYP", nargs="?",
                        help="English translation, line-parallel to SRC")
    g = parser.add_argument_group("checks")
    g.add_argument("--checks", default="all", metavar="LIST",
                   help=f"comma-separated: {', '.join(CHECKS)} (default: all)")
    g.add_argument("--fail-on", metavar="FLAGS",
                   help="exit with status 1 when a sentence has one of these flags "
                   f"(comma-separated: {', '.join(FLAGS)}, or any; copied is set by "
                   "translate on a sentence it copied); default: exit 0 whatever is flagged")
    g.add_argument("--threshold", type=float, default=None, metavar="P",
                   help="the language probability source_en and not_english need "
                   "(default: 0.9)")
    _common.add_output_arguments(parser, ["jsonl", "text"], "jsonl",
                                 quiet_help="no summary on stderr")


@dataclass(frozen=True)
class _Pair:
    """One sentence pair as read: where it came from, and the record to extend."""

    src: str
    tgt: str
    record: dict[str, Any]
    where: str  # "12" (line) or "doc:3" (translate record)


def _read(path: str) -> tuple[str, str]:
    """Text of ``path`` and the sha256 of its bytes (stdin is read once); an input of
    whitespace only is refused like an empty one."""
    data = read_bytes(path)
    name = input_name(path)
    text = decode(data, name)
    if not text.strip():
        raise InputError(f"{name}: input is empty (nothing to check)")
    return text, hashlib.sha256(data).hexdigest()


def _lines(text: str) -> list[str]:
    """Lines split at ``\\n`` only (U+2028 and the like stay inside a line, as sacrebleu
    reads them), a final empty line dropped, trailing whitespace (``\\r``) removed."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]


def _looks_like_jsonl(path: str, text: str) -> bool:
    if path.endswith((".jsonl", ".ndjson")):
        return True
    first = text.lstrip().split("\n", 1)[0].strip()
    return first.startswith("{") and first.endswith("}")


def _line_pairs(src_path: str, src_text: str, hyp_path: str, hyp_text: str) -> list[_Pair]:
    src, hyp = _lines(src_text), _lines(hyp_text)
    if len(src) != len(hyp):
        raise InputError(f"{src_path} has {plural(len(src), 'line')} but {hyp_path} has "
                         f"{len(hyp)}; the files must be line-parallel")
    return [_Pair(s, h, {"line": i}, str(i))
            for i, (s, h) in enumerate(zip(src, hyp, strict=True), 1)]


def _record_pairs(path: str, text: str) -> list[_Pair]:
    """Pairs from `translate --format jsonl` records (the manifest line is skipped)."""
    name = input_name(path)
    pairs: list[_Pair] = []
    for lineno, obj in json_records(name, text, "expected the JSONL of `transalign "
                                    "translate --format jsonl`, or give SRC and HYP text "
                                    "files"):
        if not (isinstance(obj, dict) and isinstance(obj.get("src"), str)
                and isinstance(obj.get("tgt"), str)):
            raise InputError(f"{name}:{lineno}: expected a record with string fields 'src' "
                             "and 'tgt' (`transalign translate --format jsonl`)")
        where = (f"{obj['doc_id']}:{obj['sent']}" if "doc_id" in obj and "sent" in obj
                 else str(lineno))
        pairs.append(_Pair(obj["src"], obj["tgt"], obj, where))
    return pairs


def _record(pair: _Pair, result: PairCheck) -> dict[str, Any]:
    """The output record: the input's fields, its flags and ours, and the checks."""
    record = dict(pair.record)
    record.setdefault("src", pair.src)
    record.setdefault("tgt", pair.tgt)
    given = record.get("flags")
    given = [f for f in given if isinstance(f, str)] if isinstance(given, list) else []
    record["flags"] = [*given, *(f for f in result.flags if f not in given)]
    record["checks"] = dict(result.checks)
    return record


def _write_text(out: TextIO, pairs: Sequence[_Pair], results: Sequence[PairCheck]) -> None:
    for pair, result in zip(pairs, results, strict=True):
        for flag in result.flags:
            about = result.checks.get(flag)
            if isinstance(about, list):
                detail = ", ".join(about)
            elif isinstance(about, dict):
                detail = f"{about.get('lang')} ({about.get('prob')})"
                if about.get("part"):
                    detail += f", left untranslated: {' '.join(about['part'].split())}"
                elif about.get("copy"):
                    detail += ", left as it was"
            else:
                detail = ""
            out.write(f"{pair.where}\t{flag}\t{detail}\n")


def _manifest(args: argparse.Namespace, checks: Sequence[str],
              inputs: list[dict[str, object]]) -> dict[str, Any]:
    settings: dict[str, Any] = {"checks": list(checks)}
    if "langid" in checks:

        from ..check import langid  # the settings of the language check

        settings["langid"] = {
            "backend": langid.BACKEND, "version": version("py3langid"),
            "threshold": langid.THRESHOLD if args.threshold is None else args.threshold,
            "min_letters": langid.MIN_LETTERS, "languages": list(langid.LANGUAGES)}
    fields = ["line", "src", "tgt", "flags", "checks"] if args.hyp else [
        "doc_id", "para", "sent", "start", "end", "src", "tgt", "flags", "checks"]
    return provenance("check", settings=settings, inputs=inputs,
                      format="transalign.check.v1", fields=fields)


def run(args: argparse.Namespace) -> int:
    # keeps --help fast: the checks and outputs are loaded only when the command runs
    from ..check.flags import check_pairs

    checks = parse_checks(args.checks)
    fail_on = parse_flags(args.fail_on) if args.fail_on else ()
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        raise UsageError(f"--threshold must be between 0 and 1, got {args.threshold}")
    if args.threshold is not None and "langid" not in checks:
        raise UsageError("--threshold applies to the langid check only")
    if args.src == "-" and args.hyp == "-":
        raise UsageError("only one input can be read from stdin (-)")
    check_output(args.output, inputs=[args.src, args.hyp])
    src_text, src_sha = _read(args.src)
    inputs: list[dict[str, object]] = [{"path": args.src, "sha256": src_sha}]
    if args.hyp is not None:
        if looks_like_jsonl(args.src, src_text):  # not "{Foto: dpa}", a line of text
            raise UsageError(f"{args.src} is JSONL, which holds the translation already: "
                             "give it alone (transalign check TRANSLATION.jsonl), or SRC and "
                             "HYP as text, one sentence per line")
        hyp_text, hyp_sha = _read(args.hyp)
        inputs.append({"path": args.hyp, "sha256": hyp_sha})
        pairs = _line_pairs(args.src, src_text, args.hyp, hyp_text)
    elif _looks_like_jsonl(args.src, src_text):
        pairs = _record_pairs(args.src, src_text)
    else:
        raise UsageError(f"{args.src}: give the English translation too (transalign check "
                         "SRC HYP), or the JSONL of `transalign translate --format jsonl`")
    if not pairs:
        raise InputError(f"{input_name(args.src)}: input is empty "
                         "(nothing to check)")
    results = check_pairs([(p.src, p.tgt) for p in pairs], checks=checks,
                          threshold=args.threshold)
    with open_output(args.output) as out:
        if args.format == "text":
            _write_text(out, pairs, results)
        else:
            out.write(manifest_line(_manifest(args, checks, inputs)) + "\n")
            for pair, result in zip(pairs, results, strict=True):
                out.write(dumps_line(_record(pair, result)) + "\n")
    counts = Counter(f for r in results for f in r.flags)
    flagged = sum(1 for r in results if r.flags)
    detail = ", ".join(f"{flag} {counts[flag]}" for flag in FLAGS if counts[flag])
    # a blank line on both sides (between paragraphs) is not a sentence
    checked = sum(1 for p in pairs if p.src.strip() or p.tgt.strip())
    log.info("%s checked (%s): %d flagged%s", plural(checked, "sentence"),
             ", ".join(checks), flagged, f" ({detail})" if detail else "")
    failing = sum(1 for r in results if any(f in fail_on for f in r.flags))
    if failing:
        log.warning("%s flagged %s (--fail-on)", plural(failing, "sentence"),
                    " or ".join(f for f in fail_on if counts[f]))
        return 1
    return 0
