"""``transalign segment``: German sentence segmentation on its own, for corpus preparation.

``--format text``: one sentence per line, an empty line between paragraphs and
between documents (line breaks inside a sentence, which only ``--unwrap-lines``
input has, become spaces). ``--format jsonl``: a manifest line, then one
``{"doc_id", "para", "sent", "start", "end", "text"}`` object per sentence with
``text == document[start:end]`` exactly.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
from collections.abc import Iterable
from typing import TextIO

from . import _common

HELP = "split German text into sentences (one per line, or JSONL with character offsets)"

log = logging.getLogger(__name__)

# Characters that would end a line in a text file or for str.splitlines().
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with each line break (and the blanks around it) replaced by one space."""
    if not _LINE_BREAKS.search(text):
        return text
    return " ".join(p for p in (part.strip() for part in _LINE_BREAKS.split(text)) if p)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    _common.add_input_arguments(parser)
    _common.add_output_arguments(parser, ["text", "jsonl"], "text")
    parser.add_argument("--quiet", "-q", action="store_true", help="no info messages on stderr")


def _json_line(obj: dict[str, object]) -> str:
    # ensure_ascii=False keeps German readable; escaping the three separators
    # that splitlines() treats as line ends keeps one record per line, and the
    # parsed value stays byte-identical to the input.
    line = json.dumps(obj, ensure_ascii=False)
    return line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


def write_text(out: TextIO, docs: Iterable[tuple[str, list]]) -> int:
    """One sentence per line, an empty line between paragraphs and documents."""
    count = 0
    first = True
    for _, sentences in docs:
        para = None
        for s in sentences:
            if not first and s.para != para:
                out.write("\n")
            first = False
            para = s.para
            out.write(one_line(s.text) + "\n")
            count += 1
        para = None
    return count


def write_jsonl(out: TextIO, docs: Iterable[tuple[str, list]], manifest: dict[str, object]) -> int:
    """A manifest line, then one record per sentence."""
    from ..records import manifest_line

    out.write(manifest_line(manifest) + "\n")
    count = 0
    for doc_id, sentences in docs:
        for s in sentences:
            out.write(_json_line({"doc_id": doc_id, "para": s.para, "sent": s.idx,
                                  "start": s.start, "end": s.end, "text": s.text}) + "\n")
            count += 1
    return count


def run(args: argparse.Namespace) -> int:
    from ..outputs import check_output, open_output
    from ..segment import segment, segmenter_info

    check_output(args.output, inputs=[args.input])
    documents = _common.read_input(args)
    docs = [(d.id, segment(d.text, d.id, unwrap_lines=args.unwrap_lines)) for d in documents]
    with open_output(args.output) as out:
        if args.format == "jsonl":
            manifest = {**segmenter_info(unwrap_lines=args.unwrap_lines),
                        "input": args.input, "documents": len(docs)}
            count = write_jsonl(out, docs, manifest)
        else:
            count = write_text(out, docs)
    if not args.quiet:
        log.info("%d sentences in %d documents", count, len(docs))
    return 0
