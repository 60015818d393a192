"""``transalign translate``: a German article in, the English article out."""

from __future__ import annotations

import argparse
import logging
from collections import Counter
from collections.abc import Iterable, Sequence

from ..jsonl import dumps_line, manifest_line
from ..pipeline import manifest, translate_documents
from ..reading import read_input
from ..text import plural
from . import _common

HELP = "translate German text to English, sentence by sentence, keeping paragraphs"

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    _common.add_input_arguments(parser)
    _common.add_output_arguments(parser, ["text", "jsonl"], "text")
    parser.epilog = (
        "text: the English article with the German paragraph layout (for JSONL input: one "
        '{"id", "text"} object per document). jsonl: a first line {"manifest": {...}} '
        "(model, revision, backend, dtype, beams, versions), then one record per sentence: "
        "doc_id, para, sent, start, end, src, tgt, flags, score (mean log-probability per "
        "target token, null for a copy), checks (what each check flag is about). Both: a "
        "one-line summary of the flags on stderr (-q hides it).")
    _common.add_model_arguments(parser)
    _common.add_trust_arguments(parser)
    parser.add_argument("--progress", action="store_true",
                        help="show the progress bar (unique sentences, rate, ETA) on stderr "
                        "even when it is not a terminal; -q hides it")


def run(args: argparse.Namespace) -> int:
    # keeps --help fast: outputs and progress are loaded only when the command runs
    from ..outputs import check_output, open_output
    from ..progress import progress_bar, wanted  # heavy: tqdm, only when a bar is shown

    # before any work: a bad -o must not cost a translation, nor replace the input
    check_output(args.output, inputs=[args.input])
    documents, input_format = read_input(args.input, args.input_format)
    _common.warn_if_wrapped(documents, args.unwrap_lines, args.input)
    translator = _common.load_translator_from_args(args)
    # the bar counts what the summary below calls "unique": each distinct sentence once,
    # a long-split one when its last piece is done
    with progress_bar(None, "sentences", desc="unique sentences",
                      enabled=wanted(args.progress, args.quiet)) as bar:
        results = translate_documents(documents, translator, unwrap_lines=args.unwrap_lines,
                                      progress=bar)
    with open_output(args.output) as out:
        if args.format == "jsonl":
            out.write(manifest_line(manifest(translator, documents, source=args.input,
                                             unwrap_lines=args.unwrap_lines)) + "\n")
            for doc in results:
                for rec in doc.records:
                    out.write(dumps_line(rec.to_json()) + "\n")
        elif input_format == "jsonl":
            for doc in results:
                out.write(dumps_line({"id": doc.document.id, "text": doc.text()}) + "\n")
        else:
            out.write(results[0].text())
    stats = translator.stats
    flagged = sum(1 for d in results for r in d.records if r.flags)
    log.info("%s, %s (%d unique) in %.1f s; %d flagged", plural(len(results), "document"),
             plural(stats.sentences, "sentence"), stats.unique, stats.seconds, flagged)
    summary = flag_summary(r.flags for d in results for r in d.records)
    if summary:
        log.info("%s", summary)
    return 0


def flag_summary(flags: Iterable[Sequence[str]]) -> str:
    """``flags: 2 copied, 1 number_mismatch``: how many sentences carry each flag, most
    first (then by name); ``""`` when none does.

    >>> flag_summary([("copied",), (), ("copied", "number_mismatch")])
    'flags: 2 copied, 1 number_mismatch'
    """
    counts = Counter(f for sentence in flags for f in sentence)
    if not counts:
        return ""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "flags: " + ", ".join(f"{n} {flag}" for flag, n in ordered)

