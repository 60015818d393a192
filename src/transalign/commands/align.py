"""``transalign align``: pair the sentences of a document with those of its translation.

Inputs are documents (segmented with the project's segmenter, paragraphs kept) or,
with ``--presegmented``, one sentence per line (blank lines separate paragraphs). JSONL
inputs may hold several documents: they are paired in order and must have the same ids.
Paragraph boundaries are soft cuts by default (a bead crossing one pays a penalty);
``--paragraphs hard`` aligns the paragraphs first and never crosses a boundary.

Output formats:

* ``beads``: one ``[i, ...]:[j, ...]:score`` per line (0-based, ascending, higher score
  is better), an empty line between documents;
* ``tsv``: ``src_ids<TAB>tgt_ids<TAB>score<TAB>type<TAB>src<TAB>tgt`` (ids
  comma-separated, texts of a bead joined with a space, tabs and line breaks in text
  replaced by spaces), a header only with ``--header``;
* ``jsonl``: a manifest line, then one ``{"doc_id", "src_ids", "tgt_ids", "src", "tgt",
  "score", "type"}`` object per bead.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
from typing import TYPE_CHECKING

from ..text import plural
from . import _common

if TYPE_CHECKING:
    from ..records import Bead

HELP = "align the sentences of a document with its translation (beads, TSV or JSONL)"

log = logging.getLogger(__name__)

_BREAKS = re.compile("[\t\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")

BRIDGES = ("translate", "file", "none", "same-language")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("src", metavar="SRC", help="source document (text, JSONL, or - for stdin)")
    parser.add_argument("tgt", metavar="TGT", help="target document (text or JSONL)")
    parser.add_argument("--input-format", choices=["auto", "text", "jsonl"], default="auto",
                        help="input format of both files (default: auto: JSONL for .jsonl files and "
                        "for input whose first line is a JSON object with a \"text\" field)")
    parser.add_argument("--presegmented", action="store_true",
                        help="inputs are one sentence per line (no segmentation)")
    parser.add_argument("--unwrap-lines", action="store_true",
                        help="inputs are hard-wrapped: paragraphs are separated by blank lines")
    parser.add_argument("--bridge", choices=BRIDGES, default="translate",
                        help="similarity cue: translate the source with the model (default), "
                        "read translations from --src-translations (file), none (no MT: length, "
                        "anchors and a lexicon learnt from the document), or same-language "
                        "(source and target in one language)")
    parser.add_argument("--src-translations", metavar="FILE",
                        help="with --bridge file: one translation per source sentence, "
                        "one per line (documents back to back)")
    parser.add_argument("--max-sentences", type=int, metavar="K",
                        help="allow beads of up to K sentences a side (default: the moves "
                        "0-1 1-0 1-1 1-2 2-1 2-2 1-3 3-1)")
    parser.add_argument("--paragraphs", choices=["soft", "hard", "ignore"], default="soft",
                        help="paragraph boundaries: soft cuts (a bead crossing one pays a "
                        "penalty; default), hard cuts (paragraphs aligned first, no bead "
                        "crosses one), or ignore them")
    parser.add_argument("--band", type=int, default=10,
                        help="half width (at least 4) of the search band of the coarse-to-fine search "
                        "(default: 10)")
    out = _common.add_output_arguments(parser, ["beads", "tsv", "jsonl"], "beads")
    out.add_argument("--header", action="store_true", help="TSV: write a header line")
    _common.add_model_arguments(parser)


def _lines_as_sentences(text: str) -> tuple[list[str], list[int]]:
    """Pre-segmented text: one sentence per non-blank line; blank lines end paragraphs."""
    sents: list[str] = []
    paras: list[int] = []
    para, blank = 0, False
    for line in text.split("\n"):
        line = line.strip()
        if not line:  # (a line of zero-width characters is a sentence, as in `segment`)
            blank = True
            continue
        if blank and sents:
            para += 1
        blank = False
        sents.append(line)
        paras.append(para)
    return sents, paras


def _sentences(args: argparse.Namespace, path: str) -> list[tuple[str, list[str], list[int]]]:
    """``(doc_id, sentences, paragraph of each sentence)`` of every document of ``path``."""
    from ..reading import read_input, read_text

    if args.presegmented and args.input_format != "jsonl":
        name = "-" if path == "-" else path.rsplit("/", 1)[-1]
        return [(name, *_lines_as_sentences(read_text(path)))]
    docs, fmt = read_input(path, args.input_format, allow_empty=True)
    if not docs and fmt == "text":
        from ..records import Document

        docs = [Document("-" if path == "-" else path.rsplit("/", 1)[-1], "")]
    out = []
    for doc in docs:
        if args.presegmented:
            out.append((doc.id, *_lines_as_sentences(doc.text)))
        else:
            from ..segment import segment

            sents = segment(doc.text, doc.id, unwrap_lines=args.unwrap_lines)
            out.append((doc.id, [s.text for s in sents], [s.para for s in sents]))
    return out


def _bridge_texts(args: argparse.Namespace, src_docs: list[tuple[str, list[str], list[int]]],
                  manifest: dict[str, object]) -> list[list[str] | None]:
    from ..errors import InputError, ModelError, UsageError

    if args.bridge != "file" and args.src_translations:
        raise UsageError("--src-translations needs --bridge file")
    if args.bridge in ("none", "same-language"):
        return [None] * len(src_docs)
    if args.bridge == "file":
        if not args.src_translations:
            raise UsageError("--bridge file needs --src-translations FILE "
                             "(one translation per source sentence)")
        from ..reading import read_text

        lines = read_text(args.src_translations).split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        total = sum(len(s) for _, s, _ in src_docs)
        if len(lines) != total:
            raise InputError(
                f"{args.src_translations}: {plural(len(lines), 'line')} for "
                f"{plural(total, 'source sentence')}; "
                "give exactly one translation per source sentence (use --presegmented "
                "to control the segmentation)")
        return _per_document(lines, src_docs)
    # translate: the project's own translator, loaded once for all documents
    try:
        translator = _common.load_translator_from_args(args)
    except ModelError as exc:
        # the default bridge needs the model; alignment itself does not
        raise ModelError(f"{exc}; or align without machine translation: --bridge none") from exc
    signature = getattr(translator, "signature", None)
    if callable(signature):
        manifest["translator"] = signature()
    flat = [s for _, sents, _ in src_docs for s in sents]
    translations = list(translator.translate(flat)) if flat else []
    if len(translations) != len(flat):
        raise InputError(f"the translator returned {plural(len(translations), 'translation')} "
                         f"for {plural(len(flat), 'sentence')}")
    return _per_document(translations, src_docs)


def _per_document(flat: list[str], src_docs: list[tuple[str, list[str], list[int]]]
                  ) -> list[list[str] | None]:
    """Cut one line per source sentence (all documents back to back) into documents."""
    out: list[list[str] | None] = []
    k = 0
    for _, sents, _ in src_docs:
        out.append(flat[k: k + len(sents)])
        k += len(sents)
    return out


def _clean(text: str) -> str:
    return _BREAKS.sub(" ", text).strip()


def _joined(sents: list[str], ids: tuple[int, ...]) -> str:
    return " ".join(_clean(sents[i]) for i in ids)


def _json_line(obj: dict[str, object]) -> str:
    line = json.dumps(obj, ensure_ascii=False)
    return line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


def run(args: argparse.Namespace) -> int:
    from .. import __version__
    from ..align import MAX_SIDE, AlignOptions, align
    from ..errors import InputError, UsageError
    from ..outputs import check_output, open_output
    from ..records import manifest_line

    if args.max_sentences is not None and not 1 <= args.max_sentences <= MAX_SIDE:
        raise UsageError(f"--max-sentences must be between 1 and {MAX_SIDE}, "
                         f"got {args.max_sentences}")
    if args.band < 4:
        raise UsageError(f"--band must be at least 4, got {args.band}")
    if args.header and args.format != "tsv":
        raise UsageError("--header applies to --format tsv only")
    # before any work: a bad -o must not cost a translation, nor replace an input
    check_output(args.output, inputs=[args.src, args.tgt, args.src_translations])
    if args.src == "-" and args.tgt == "-":
        raise InputError("SRC and TGT cannot both be stdin (-)")
    src_docs = _sentences(args, args.src)
    tgt_docs = _sentences(args, args.tgt)
    if not any(s for _, s, _ in src_docs) and not any(t for _, t, _ in tgt_docs):
        # one empty side is fine (every sentence of the other is an omission); both is
        # nothing to do, as in every other command
        raise InputError(f"{args.src} and {args.tgt} are both empty (nothing to align)")
    if len(src_docs) != len(tgt_docs):
        raise InputError(f"{args.src} has {plural(len(src_docs), 'document')} but {args.tgt} "
                         f"has {len(tgt_docs)}; give the same documents in the same order")
    if len(src_docs) > 1:
        for (sid, _, _), (tid, _, _) in zip(src_docs, tgt_docs, strict=True):
            if sid != tid:
                raise InputError(f"document ids differ: {sid!r} in {args.src} but {tid!r} in "
                                 f"{args.tgt}; give the same documents in the same order")
    manifest: dict[str, object] = {
        "tool": "transalign align", "version": __version__, "bridge": args.bridge,
        "presegmented": bool(args.presegmented), "band": args.band,
        "max_sentences": args.max_sentences, "paragraphs": args.paragraphs,
        "score": "higher is better; a typical good bead scores about 1.0, a random "
                 "pairing about 0; 0-1/1-0 beads score -skip_penalty",
        "src": args.src, "tgt": args.tgt}
    if not args.presegmented:
        from ..segment import segmenter_info

        manifest["segmenter"] = segmenter_info(unwrap_lines=args.unwrap_lines)
    bridges = _bridge_texts(args, src_docs, manifest)
    options = AlignOptions(max_sentences=args.max_sentences, band=args.band,
                           paragraphs=args.paragraphs)
    results: list[tuple[str, list[str], list[str], list[Bead]]] = []
    for (doc_id, src, src_paras), (_, tgt, tgt_paras), bridge in zip(
            src_docs, tgt_docs, bridges, strict=True):
        beads = align(src, tgt, bridge=bridge, same_language=args.bridge == "same-language",
                      options=options, src_paragraphs=src_paras, tgt_paragraphs=tgt_paras)
        results.append((doc_id, src, tgt, beads))
        log.info("%s: %s, %s, %s", doc_id, plural(len(src), "source sentence"),
                 plural(len(tgt), "target sentence"), plural(len(beads), "bead"))
    with open_output(args.output) as out:
        if args.format == "beads":
            for k, (_, _, _, beads) in enumerate(results):
                if k:
                    out.write("\n")
                for bead in beads:
                    out.write(bead.format() + "\n")
        elif args.format == "tsv":
            if args.header:
                out.write("src_ids\ttgt_ids\tscore\ttype\tsrc\ttgt\n")
            for _, src, tgt, beads in results:
                for b in beads:
                    out.write("\t".join([
                        ",".join(map(str, b.src)), ",".join(map(str, b.tgt)),
                        f"{b.score:.6f}" if b.score is not None else "", b.kind,
                        _joined(src, b.src), _joined(tgt, b.tgt)]) + "\n")
        else:
            out.write(manifest_line(manifest) + "\n")
            for doc_id, src, tgt, beads in results:
                for b in beads:
                    out.write(_json_line({
                        "doc_id": doc_id, "src_ids": list(b.src), "tgt_ids": list(b.tgt),
                        "src": " ".join(src[i] for i in b.src),
                        "tgt": " ".join(tgt[j] for j in b.tgt),
                        "score": b.score, "type": b.kind}) + "\n")
    return 0
