r"""``transalign segment``: German sentence segmentation on its own, for corpus preparation.

``--format text``: one sentence per line, an empty line between paragraphs (line
breaks inside a sentence, which only ``--unwrap-lines`` input has, become spaces).
For JSONL input the document ids are kept: each document starts with a line
``# id: DOC_ID`` (after an empty line, except the first), and a sentence line that
would start with ``#`` or ``\`` gets a ``\`` before it, so every line that starts
with ``#`` is an id line (see ``EPILOG``). ``--format jsonl``: a manifest line, then
one ``{"doc_id", "para", "sent", "start", "end", "text"}`` object per sentence with
``text == document[start:end]`` exactly.
"""

from __future__ import annotations

import argparse
import logging
import re
from collections.abc import Iterable
from typing import TextIO

from ..jsonl import dumps_line
from ..paths import name_id
from ..provenance import provenance
from ..reading import read_input
from ..records import manifest_line
from ..segment import segment, segmenter_info
from ..text import LINE_BREAKS, plural
from . import _common

HELP = "split German text into sentences (one per line, or JSONL with character offsets)"

log = logging.getLogger(__name__)

_LINE_BREAKS = re.compile(f"[{LINE_BREAKS}]")


def one_line(text: str) -> str:
    """``text`` with each line break (and the blanks around it) replaced by one space."""
    if not _LINE_BREAKS.search(text):
        return text
    return " ".join(p for p in (part.strip() for part in _LINE_BREAKS.split(text)) if p)


EPILOG = (
    "text: one sentence per line, an empty line between paragraphs. For JSONL input each "
    "document starts with a line '# id: DOC_ID' (line breaks in an id become spaces), "
    "documents are separated by an empty line, and a sentence that would start with '#' "
    "or '\\' is written with a '\\' before it: every line starting with '#' is an id "
    "line, and removing the first '\\' of a line gives the sentence back. Plain-text input "
    "has no id lines. jsonl: a manifest line, then one {\"doc_id\", \"para\", \"sent\", "
    "\"start\", \"end\", \"text\"} object per sentence, text == document[start:end].")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    _common.add_input_arguments(parser)
    _common.add_output_arguments(parser, ["text", "jsonl"], "text",
                                 quiet_help="no info messages on stderr")
    parser.epilog = EPILOG


def _escaped(line: str) -> str:
    """A sentence line of the id-keeping text format: ``\\`` before a leading ``#`` or ``\\``."""
    return "\\" + line if line.startswith(("#", "\\")) else line


def write_text(out: TextIO, docs: Iterable[tuple[str, list]], *, with_ids: bool = False) -> int:
    """One sentence per line, an empty line between paragraphs and documents.

    ``with_ids`` (JSONL input): each document starts with ``# id: DOC_ID`` and sentence
    lines are escaped so that only id lines start with ``#`` (see :data:`EPILOG`).
    """
    count = 0
    written = False  # a line written yet
    for doc_id, sentences in docs:
        para = None
        started = False  # a sentence of this document written yet
        if with_ids:
            if written:
                out.write("\n")
            out.write(f"# id: {one_line(doc_id)}\n")
            written = True
        for s in sentences:
            # a new paragraph, or (plain text) a new document: an empty line before it
            if (started if with_ids else written) and s.para != para:
                out.write("\n")
            para = s.para
            line = one_line(s.text)
            out.write((_escaped(line) if with_ids else line) + "\n")
            written = started = True
            count += 1
    return count


def write_jsonl(out: TextIO, docs: Iterable[tuple[str, list]], manifest: dict[str, object]) -> int:
    """A manifest line, then one record per sentence."""
    out.write(manifest_line(manifest) + "\n")
    count = 0
    for doc_id, sentences in docs:
        for s in sentences:
            out.write(dumps_line({"doc_id": doc_id, "para": s.para, "sent": s.idx,
                                  "start": s.start, "end": s.end, "text": s.text}) + "\n")
            count += 1
    return count


def run(args: argparse.Namespace) -> int:
    # keeps --help fast: outputs and segment are loaded only when the command runs
    from ..outputs import check_output, open_output

    check_output(args.output, inputs=[args.input])
    documents, input_format = read_input(args.input, args.input_format)
    _common.warn_if_wrapped(documents, args.unwrap_lines, args.input)
    docs = [(d.id, segment(d.text, d.id, unwrap_lines=args.unwrap_lines)) for d in documents]
    with open_output(args.output) as out:
        if args.format == "jsonl":
            manifest = provenance(
                "segment", settings={"segmenter": segmenter_info(unwrap_lines=args.unwrap_lines)},
                inputs=[{"path": name_id(args.input), "documents": len(docs)}],
                fields=["doc_id", "para", "sent", "start", "end", "text"])
            count = write_jsonl(out, docs, manifest)
        else:
            count = write_text(out, docs, with_ids=input_format == "jsonl")
    if not args.quiet:
        log.info("%s in %s", plural(count, "sentence"), plural(len(docs), "document"))
    return 0
