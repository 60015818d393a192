"""``transalign review``: one self-contained HTML page to look at a translation, an
alignment or an evaluation. A thin layer over :mod:`transalign.review`."""

from __future__ import annotations

import argparse
import logging

from ..errors import UsageError
from ..jsonl import dumps_line
from ..outputs import check_output, open_output
from ..review import load_inputs, page_data, render_page
from ..text import plural
from . import _common

HELP = ("write one self-contained HTML page to review a translation, an alignment or an "
        "evaluation (from the tool's JSON/JSONL)")

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.usage = "%(prog)s INPUT [INPUT] [-o PAGE.html] [options]"
    parser.epilog = (
        "The view follows the input: `translate --format jsonl` → translation (German and "
        "English side by side, flags, confidence, filter); `align --format jsonl` → alignment "
        "(beads, types, scores, omissions and merges, paragraph boundaries, next weak bead); "
        "`evaluate --format json` and/or its `--per-sentence` JSONL → evaluation (scores, "
        "signatures, significance, worst segments, length buckets, two systems side by side). "
        "The page loads nothing: inline CSS and script, its data as JSON inside it, and a "
        "Content-Security-Policy that lets nothing else run or load. The same inputs give the "
        "same bytes. See docs/review.md.")
    parser.add_argument("inputs", metavar="INPUT", nargs="+",
                        help="translate/align JSONL, or an evaluate JSON report and/or its "
                        "--per-sentence JSONL; - for stdin")
    view = parser.add_argument_group("view")
    view.add_argument("--low-below", type=float, metavar="X",
                      help="translation: a sentence is 'low confidence' at or below X "
                      "(default: the lowest 10%% of the file); alignment: a bead is weak "
                      "below X, in confidence if the beads have one, else in score "
                      "(default: 0.5)")
    view.add_argument("--worst", type=int, default=10, metavar="N",
                      help="evaluation: list the N worst segments of each system (default: 10)")
    view.add_argument("--title", help="page title (default: the view and the input names)")
    _common.add_output_arguments(parser, ["html", "json"], "html").description = (
        "html: the page; json: the data the page shows (the records as read, plus what the "
        "view derives from them)")


def run(args: argparse.Namespace) -> int:
    # keeps --help fast: the renderer and outputs are loaded only when the command runs
    import math


    if args.low_below is not None and not math.isfinite(args.low_below):
        raise UsageError(f"--low-below must be a number, got {args.low_below}")
    if not 1 <= args.worst <= 10_000:
        raise UsageError(f"--worst must be between 1 and 10000, got {args.worst}")
    check_output(args.output, inputs=args.inputs, what="page")
    data = load_inputs(args.inputs)
    page = page_data(data, low_below=args.low_below, worst=args.worst, title=args.title)
    with open_output(args.output) as out:
        if args.format == "json":
            out.write(dumps_line(page, indent=1) + "\n")
        else:
            out.write(render_page(page))
    what = plural(len(data.records), {"translation": "sentence", "alignment": "bead",
                                      "evaluation": "segment"}[data.kind])
    if data.kind == "evaluation" and not data.records:
        what = "the corpus scores (no per-sentence file: `evaluate --per-sentence FILE`)"
    where = "stdout" if args.output == "-" else args.output
    log.info("%s view of %s written to %s", data.kind, what, where)
    return 0
