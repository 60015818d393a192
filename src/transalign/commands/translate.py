"""``transalign translate``: a German article in, the English article out."""

from __future__ import annotations

import argparse
import json
import logging

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
        "doc_id, para, sent, start, end, src, tgt, flags.")
    _common.add_model_arguments(parser)
    parser.add_argument("--progress", action="store_true",
                        help="show a progress bar even when stderr is not a terminal")


def run(args: argparse.Namespace) -> int:
    from ..outputs import check_output, open_output
    from ..pipeline import manifest, translate_documents
    from ..progress import Progress
    from ..reading import read_input
    from ..records import manifest_line

    # before any work: a bad -o must not cost a translation, nor replace the input
    check_output(args.output, inputs=[args.input])
    documents, input_format = read_input(args.input, args.input_format)
    translator = _common.load_translator_from_args(args)
    progress = Progress(0, "unique sentences",
                        enabled=False if args.quiet else (True if args.progress else None))

    def update(done: int, total: int) -> None:
        progress.total = total
        progress(done)

    results = translate_documents(documents, translator, unwrap_lines=args.unwrap_lines,
                                  progress=update)
    progress.close()
    with open_output(args.output) as out:
        if args.format == "jsonl":
            out.write(manifest_line(manifest(translator, documents, source=args.input,
                                             unwrap_lines=args.unwrap_lines)) + "\n")
            for doc in results:
                for rec in doc.records:
                    out.write(json.dumps(rec.to_json(), ensure_ascii=False) + "\n")
        elif input_format == "jsonl":
            for doc in results:
                out.write(json.dumps({"id": doc.document.id, "text": doc.text()},
                                     ensure_ascii=False) + "\n")
        else:
            out.write(results[0].text())
    stats = translator.stats
    flagged = sum(1 for d in results for r in d.records if r.flags)
    log.info("%d documents, %d sentences (%d unique) in %.1f s; %d flagged",
             len(results), stats.sentences, stats.unique, stats.seconds, flagged)
    return 0

