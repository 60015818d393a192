"""``transalign export``: parallel corpora from translate/align JSONL (TMX, Moses, TSV, JSONL, HF).

Light to import: the export package is imported inside :func:`run`.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..outputs import check_output, open_output
from ..paths import name_id
from ..provenance import provenance
from ..reading import open_input
from ..records import manifest_line
from ..text import plural
from . import _common

if TYPE_CHECKING:
    from ..export import ExportStats, Filter, Writer

HELP = ("write aligned pairs from `translate`/`align --format jsonl` as TMX 1.4, Moses, TSV, "
        "JSONL or Hugging Face JSONL, after named filters")

FORMATS = ["tmx", "moses", "tsv", "jsonl", "hf"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="INPUT", nargs="+",
                        help="JSONL written by `transalign translate` or `transalign align` "
                        "(or `export --format jsonl`); - for stdin")
    o = parser.add_argument_group("output")
    o.add_argument("--format", choices=FORMATS, required=True,
                   help="tmx: TMX 1.4; moses: PREFIX.de-en.de/.en/.ids; tsv: src<TAB>tgt; "
                   "jsonl: one pair per line with ids and score; hf: "
                   '{"translation": {"de": …, "en": …}}')
    o.add_argument("-o", "--output", metavar="OUT",
                   help="output file (default: - = stdout; an existing file is replaced, "
                   "atomically; an input is refused); for moses, which writes three files, "
                   "a prefix is required (out/corpus → out/corpus.de-en.de …) or a directory "
                   "(DIR/ → DIR/corpus.de-en.de …)")
    o.add_argument("--rejected", metavar="FILE",
                   help="write rejected pairs as JSONL with the rule that rejected them")
    _common.add_quiet_argument(o, "no summary on stderr")
    parser.add_argument("--src-lang", default="de", help="source language tag (default: de)")
    parser.add_argument("--tgt-lang", default="en", help="target language tag (default: en)")

    f = parser.add_argument_group(
        "filters", "applied in the fixed order empty, length, ratio, score, confidence, flagged, "
        "identical, language, duplicate, type; a pair is counted under the first filter that rejects it")
    f.add_argument("--keep-empty", action="store_true",
                   help="keep pairs with an empty side (0-1/1-0 beads); default: reject them")
    f.add_argument("--min-length", type=int, metavar="N",
                   help="reject pairs with a side shorter than N units (default when --max-length "
                   "is given: 1)")
    f.add_argument("--max-length", type=int, metavar="N",
                   help="reject pairs with a side longer than N units (default: no limit)")
    f.add_argument("--max-ratio", type=float, metavar="R",
                   help="reject pairs whose longer side is more than R times the shorter "
                   "(OpusFilter's default is 3)")
    f.add_argument("--length-unit", choices=["word", "char"], default="word",
                   help="unit of --min/--max-length and --max-ratio (default: word)")
    f.add_argument("--min-score", type=float, metavar="S",
                   help="reject beads whose alignment score is below S (higher is better, "
                   "on each document's own scale; translate records, scored by their "
                   "confidence or not at all, pass)")
    f.add_argument("--min-confidence", type=_probability, metavar="X",
                   help="reject beads whose confidence is below X (in [0, 1]: the aligner's "
                   "calibrated probability that the bead is right, the same scale in every "
                   "document; e.g. 0.9). Align beads only: a translate record has no bead "
                   "confidence (its score is the model's mean log-probability), and a pair "
                   "without one is an error, not passed; for translations use `transalign "
                   "translate --min-confidence` and --drop-flagged low_confidence")
    f.add_argument("--drop-flagged", metavar="FLAGS",
                   help="reject pairs with one of these flags, comma-separated (e.g. "
                   "repetition,number_mismatch,not_english), or any; default: flagged "
                   "pairs are exported (with their flags in TMX props and JSONL)")
    f.add_argument("--drop-identical", action="store_true",
                   help="reject pairs whose sides are equal ignoring case, spaces and punctuation")
    f.add_argument("--lang-filter", action="store_true",
                   help="reject pairs whose source is not in --src-lang or whose target is not "
                   "in --tgt-lang (OpusFilter's LanguageIDFilter, with py3langid; a side "
                   "too short to tell passes)")
    f.add_argument("--dedup", choices=["exact", "normalised", "normalized"],
                   help="reject repeated pairs: exact texts, or normalised (case, spaces and "
                   "punctuation ignored); the first occurrence is kept")
    f.add_argument("--types", metavar="LIST",
                   help="keep only these alignment types, comma-separated (e.g. 1-1 or 1-1,2-1)")

    t = parser.add_argument_group("tsv")
    t.add_argument("--header", action="store_true", help="write a header line (tsv only)")
    t.add_argument("--meta", action="store_true",
                   help="add score, type, doc_id, src_ids, tgt_ids, score_kind, flags, "
                   "confidence columns (tsv only; score: the alignment score, or a translate "
                   "record's confidence; flags comma-separated; confidence: a bead's "
                   "calibrated probability that it is right, empty for translate records)")


def _probability(text: str) -> float:
    """``--min-confidence``: a number in [0, 1]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(
            f"a probability in [0, 1] is needed, got {text} (this is the bead confidence of "
            "`transalign align`, not a translation's mean log-probability)")
    return value


def build_filters(args: argparse.Namespace) -> list[Filter]:
    """The filters the flags ask for (any order; the chain sorts them)."""
    from ..export import (  # keeps --help fast: export is loaded only when the command runs
        ConfidenceFilter,
        DuplicateFilter,
        EmptySideFilter,
        FlagFilter,
        IdenticalFilter,
        LanguageFilter,
        LengthFilter,
        LengthRatioFilter,
        ScoreFilter,
        TypeFilter,
    )

    filters: list[Filter] = []
    if not args.keep_empty:
        filters.append(EmptySideFilter())
    if args.min_length is not None or args.max_length is not None:
        filters.append(LengthFilter(1 if args.min_length is None else args.min_length,
                                    args.max_length, args.length_unit))
    if args.max_ratio is not None:
        filters.append(LengthRatioFilter(args.max_ratio, args.length_unit))
    if args.min_score is not None:
        filters.append(ScoreFilter(args.min_score))
    if args.min_confidence is not None:
        filters.append(ConfidenceFilter(args.min_confidence))
    if args.drop_flagged is not None:
        filters.append(FlagFilter(args.drop_flagged.split(",")))
    if args.drop_identical:
        filters.append(IdenticalFilter())
    if args.lang_filter:
        filters.append(LanguageFilter(args.src_lang, args.tgt_lang))
    if args.dedup:
        filters.append(DuplicateFilter(args.dedup))
    if args.types is not None:
        filters.append(TypeFilter(t.strip() for t in args.types.split(",") if t.strip()))
    return filters


def _check_args(args: argparse.Namespace) -> None:
    if args.output is None:  # data on stdout by default, where the output is one stream
        if args.format == "moses":
            stem = f"PREFIX.{args.src_lang}-{args.tgt_lang}"
            raise UsageError(f"--format moses writes three files ({stem}.{args.src_lang}, "
                             f"{stem}.{args.tgt_lang}, {stem}.ids); give -o PREFIX")
        args.output = "-"
    if (args.header or args.meta) and args.format != "tsv":
        raise UsageError("--header and --meta apply to --format tsv only")
    if args.input.count("-") > 1:
        raise UsageError("stdin (-) can be read only once; give it once among the inputs")


def _summary(stats: ExportStats, filters: list[Filter], writer: Writer) -> str:
    where = ", ".join(writer.paths()) if writer.output != "-" else "stdout"
    rejected = sum(stats.rejected.values())
    lines = [f"export: read {plural(stats.read, 'pair')}, wrote {stats.written} "
             f"({writer.name}: {where}), rejected {rejected}"]
    if filters:
        lines.append(f"  {'filter':<10} {'setting':<36} {'rejected':>9}")
        lines += [f"  {f.name:<10} {f.describe():<36} {stats.rejected.get(f.name, 0):>9}"
                  for f in sorted(filters, key=lambda f: list(stats.rejected).index(f.name))]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    # keeps --help fast: export and outputs are loaded only when the command runs
    from ..export import FilterChain, export_pairs, make_writer, peek_manifest, read_all, read_pairs

    _check_args(args)
    for path in args.input:  # every input readable before a line is written
        if path != "-":
            with open_input(path):
                pass
    if args.min_confidence is not None:
        for path in args.input:  # before any work; a translate file read from stdin is
            # refused at its first record (the filter)
            if (peek_manifest(path) or {}).get("command") == "translate":
                raise UsageError(
                    f"--min-confidence filters the beads of `transalign align --format "
                    f"jsonl`; {path} holds translate records, which have no bead confidence "
                    "(their score is the model's mean log-probability per token: use "
                    "`transalign translate --min-confidence` and --drop-flagged "
                    "low_confidence)")
    filters = build_filters(args)
    chain = FilterChain(filters)
    manifest: dict[str, Any] = provenance(
        "export",
        settings={"format": args.format, "src_lang": args.src_lang, "tgt_lang": args.tgt_lang,
                  "filters": [{"name": f.name, "setting": f.describe()}
                              for f in chain.filters]},
        inputs=[{"path": name_id(p), "manifest": peek_manifest(p)} for p in args.input])
    extra: dict[str, Any] = {"header": args.header, "meta": args.meta} if args.format == "tsv" else {}
    # -o replaces an existing file (atomically), as in every command; never an input
    writer = make_writer(args.format, args.output, src_lang=args.src_lang, tgt_lang=args.tgt_lang,
                         overwrite=True, manifest=manifest, **extra)
    for path in writer.paths():
        check_output(path, inputs=args.input, what="export")
    if args.rejected:
        outputs = {Path(p).resolve() for p in writer.paths() if p != "-"}
        if args.rejected == "-" or Path(args.rejected).resolve() in outputs:
            raise UsageError("--rejected needs a file of its own, not stdout or the output")
        check_output(args.rejected, inputs=args.input, what="export")

    for path in args.input:  # and its first record read (a file that is not JSONL at
        # all leaves no header on stdout); a pipe or FIFO is read once, as it streams
        if path != "-" and Path(path).is_file():
            next(iter(read_pairs(path)), None)
    with contextlib.ExitStack() as stack:
        rejected = None
        if args.rejected:
            rejected = stack.enter_context(open_output(args.rejected))
            rejected.write(manifest_line({**manifest, "kind": "rejected"}) + "\n")
        stack.enter_context(writer)
        stats = export_pairs(read_all(args.input), writer, chain, rejected=rejected)
    if not args.quiet:
        print(f"transalign: {_summary(stats, filters, writer)}", file=sys.stderr)
        if stats.written == 0:
            print("transalign: warning: no pairs written (see the filter counts above)",
                  file=sys.stderr)
    return 0
