"""``transalign evaluate-alignment``: strict and lax P/R/F1 of bead files against gold beads.

The scoring is the standard Text+Berg definition (Sennrich & Volk 2010, Vecalign's
``score.py``), implemented in :mod:`transalign.evaluate.alignment`: counts summed
over all documents first, strict F1 is the headline.
"""

from __future__ import annotations

import argparse

from ..config import excerpt
from ..errors import InputError, UsageError
from ..jsonl import dumps_line
from ..outputs import check_output, open_output
from ..paths import shown
from ..provenance import provenance
from ..reading import file_info
from ..text import plural, text_table
from . import _common

HELP = ("score sentence alignments (bead files or `align --format jsonl`) against gold beads: "
        "strict and lax P/R/F1")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", "-g", metavar="PATH", required=True,
                        help="gold alignment: a bead file (one [i, ...]:[j, ...] per line, "
                        "documents separated by an empty line) or the JSONL of "
                        "`transalign align --format jsonl`")
    parser.add_argument("--test", "-t", metavar="PATH", required=True,
                        help="alignment to score, as --gold: a bead file (`align --format "
                        "beads`; scores after a second ':' are ignored) or `align --format "
                        "jsonl` output; the same documents in the same order")
    _common.add_output_arguments(parser, ["text", "json"], "text",
                                 quiet_help="no info messages on stderr")
    parser.epilog = (
        "Both inputs are read by content: a file whose first non-blank line starts with '{' "
        "is JSONL (a manifest line, then {\"doc_id\", \"src_ids\", \"tgt_ids\", "
        "\"score\", ...} per bead, documents grouped by doc_id in order of first "
        "appearance); anything else is a bead file.")


def format_text(result: dict) -> str:
    """A readable table of :func:`~transalign.evaluate.alignment.score_alignments`' result."""
    rows = [("", "precision", "recall", "F1", "correct/test", "recalled/gold")]
    for kind in ("strict", "lax"):
        r = result[kind]
        rows.append((kind, f"{r['precision']:.4f}", f"{r['recall']:.4f}", f"{r['f1']:.4f}",
                     f"{r['tp_p']}/{r['n_test']}", f"{r['tp_r']}/{r['n_gold']}"))
    lines = text_table(rows)
    lines.append(f"documents: {result['documents']} (counts summed over documents; "
                 "strict F1 is the headline)")
    if result.get("gold_omissions"):
        lines.append(f"recall leaves out the gold's {plural(result['gold_omissions'], 'omission')} "
                     "(0-1/1-0 beads); precision counts the test's, as Vecalign's score.py does")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    # keeps --help fast: evaluate and outputs are loaded only when the command runs
    from ..evaluate.alignment import check_alignment, read_alignment, score_alignments

    for name, path in (("--gold", args.gold), ("--test", args.test)):
        if path == "-":
            # The JSON report records each input's sha256, which needs a file.
            raise UsageError(f"{name}: stdin (-) is not supported; pass a file")
    check_output(args.output, inputs=[args.gold, args.test])
    gold, gold_ids = read_alignment(args.gold)
    test, test_ids = read_alignment(args.test)
    if not gold:
        raise InputError(f"{shown(args.gold)}: no gold beads (the file is empty)")
    if not test:
        raise InputError(f"{shown(args.test)}: no beads to score (the file is empty)")
    if len(gold) != len(test):
        raise InputError(f"{shown(args.gold)} has {plural(len(gold), 'document')} but "
                         f"{shown(args.test)} "
                         f"has {len(test)}; both need the same documents in the same order "
                         "(in a bead file separated by an empty line)")
    if gold_ids is not None and test_ids is not None:
        for g, t in zip(gold_ids, test_ids, strict=True):
            if g != t:
                raise InputError(f"document ids differ: {excerpt(g)} in {shown(args.gold)} but "
                                 f"{excerpt(t)} in {shown(args.test)}; give the same documents "
                                 "in the same order")
    check_alignment(gold, shown(args.gold))
    check_alignment(test, shown(args.test), gold=gold)
    result = score_alignments(gold, test)
    with open_output(args.output) as handle:
        if args.format == "json":
            report = provenance(
                "evaluate-alignment",
                settings={"scoring": "Text+Berg strict/lax, counts summed over documents "
                                     "(Sennrich & Volk 2010; Vecalign score.py)"},
                inputs={"gold": {**file_info(args.gold), "documents": len(gold)},
                        "test": {**file_info(args.test), "documents": len(test)}},
                **result)
            handle.write(dumps_line(report, indent=2) + "\n")
        else:
            handle.write(format_text(result))
    return 0
