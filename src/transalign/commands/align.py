"""``transalign align``: pair the sentences of a document with those of its translation.

Inputs are documents (segmented with the project's segmenter, paragraphs kept) or,
with ``--presegmented``, one sentence per line (blank lines separate paragraphs). JSONL
inputs may hold several documents: they are paired in order and must have the same ids.
Paragraph boundaries are soft cuts by default (a bead crossing one pays a penalty);
``--paragraphs hard`` aligns the paragraphs first and never crosses a boundary.

Output formats:

* ``beads``: one ``[i, ...]:[j, ...]:score`` per line (0-based, ascending, higher score
  is better), an empty line between documents; the format of the alignment literature,
  so it keeps the score only (no confidence);
* ``tsv``: ``src_ids<TAB>tgt_ids<TAB>score<TAB>type<TAB>src<TAB>tgt<TAB>confidence`` (ids
  comma-separated, texts of a bead joined with a space, tabs and line breaks in text
  replaced by spaces; the confidence last, so the first six columns are as before), a
  header only with ``--header``;
* ``jsonl``: a manifest line, then one ``{"doc_id", "src_ids", "tgt_ids", "src", "tgt",
  "score", "confidence", "type"}`` object per bead.

Two numbers per bead: ``score`` is the aligner's bead score (higher is better, on the
document's own scale: it ranks the candidates *within* one document, not beads across
documents), ``confidence`` the calibrated probability, in [0, 1], that the bead is right
(exactly as a human gold alignment has it; ``transalign.align.calibration``): the one to
filter a corpus on (``transalign export --min-confidence``).
"""

from __future__ import annotations

import argparse
import functools
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from ..align import MAX_SIDE, AlignOptions
from ..errors import InputError, ModelError, UsageError
from ..jsonl import dumps_line
from ..paths import name_id
from ..pipeline import BRIDGES, AlignedDocument, align_documents
from ..provenance import documents_sha256, provenance
from ..reading import json_records, looks_like_jsonl, read_input, read_text
from ..records import Document, manifest_line
from ..segment import segmenter_info
from ..text import LINE_BREAKS, plural
from . import _common

if TYPE_CHECKING:
    from ..translate.base import Translator

HELP = "align the sentences of a document with its translation (beads, TSV or JSONL)"

log = logging.getLogger(__name__)

_BREAKS = re.compile(f"[\t{LINE_BREAKS}]+")

MAX_BAND = 10_000  # half width of the search band, in sentences

# what the two numbers of a bead are (the JSONL manifest says it; the TSV has them too)
SCORE_TEXT = ("the aligner's bead score: higher is better; a typical good bead scores about "
              "1.0, a random pairing about 0; 0-1/1-0 beads score -skip_penalty; on the "
              "document's own scale (it ranks beads within a document); the only number of "
              "--format beads")
CONFIDENCE_TEXT = ("the calibrated probability, in [0, 1], that the bead is right (exactly as "
                   "a human gold alignment has it): the bead's forward-backward posterior and "
                   "its evidence, mapped onto the share of correct beads on tuning data; the "
                   "same scale in every document; filter on it with `transalign export "
                   "--min-confidence`; in --format tsv and jsonl only")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("src", metavar="SRC", help="source document (text, JSONL, or - for stdin)")
    parser.add_argument("tgt", metavar="TGT", help="target document (text, JSONL, or - for "
                        "stdin)")
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
                        "anchors, a built-in German-English word list and a lexicon learnt "
                        "from the document), or same-language "
                        "(source and target in one language)")
    parser.add_argument("--src-translations", metavar="FILE",
                        help="with --bridge file: one translation per source sentence, "
                        "one per line (documents back to back), or the JSONL of "
                        "`transalign translate --format jsonl` (its tgt fields)")
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
    for action in out._group_actions:
        if action.dest == "format":
            action.help = ("beads: [i, ...]:[j, ...]:score per line (the score only); tsv: "
                           "src_ids, tgt_ids, score, type, src, tgt, confidence; jsonl: a "
                           "manifest line, then one object per bead with score and confidence "
                           "(score: the aligner's bead score, higher is better, on the "
                           "document's scale; confidence: the calibrated probability, in "
                           "[0, 1], that the bead is right; default: beads)")
    out.add_argument("--header", action="store_true", help="TSV: write a header line")
    _common.add_model_arguments(parser)


def run(args: argparse.Namespace) -> int:
    # keeps --help fast: outputs are loaded only when the command runs
    from ..outputs import check_output, open_output

    _check_arguments(args)
    # before any work: a bad -o must not cost a translation, nor replace an input
    check_output(args.output, inputs=[args.src, args.tgt, args.src_translations])
    if args.src == "-" and args.tgt == "-":
        raise InputError("SRC and TGT cannot both be stdin (-)")
    # the model is loaded when the translate bridge needs it, after the inputs were
    # checked; once (the manifest asks for it again)
    _check_model_options(args)
    load_translator = functools.cache(functools.partial(_load_translator, args))
    src_docs, tgt_docs = _documents(args, args.src), _documents(args, args.tgt)
    _warn_if_swapped(src_docs, tgt_docs, args)
    aligned = align_documents(
        src_docs, tgt_docs, bridge=args.bridge,
        translator=load_translator,
        src_translations=(functools.partial(_read_translations, args)
                          if args.bridge == "file" else None),
        presegmented=args.presegmented, unwrap_lines=args.unwrap_lines,
        options=AlignOptions(max_sentences=args.max_sentences, band=args.band,
                             paragraphs=args.paragraphs),
        names=(args.src, args.tgt), allow_empty=False)
    for doc in aligned:
        log.info("%s: %s, %s, %s", doc.doc_id, plural(len(doc.src.sentences), "source sentence"),
                 plural(len(doc.tgt.sentences), "target sentence"),
                 plural(len(doc.beads), "bead"))
        n_src, n_tgt = len(doc.src.sentences), len(doc.tgt.sentences)
        if bool(n_src) != bool(n_tgt):  # all omissions: said, even with -q
            side, other = ("target", "source") if n_src else ("source", "target")
            log.warning("warning: %s: the %s side has no sentences, so every %s sentence is "
                        "aligned to nothing (%s beads)", doc.doc_id, side, other,
                        "1-0" if n_src else "0-1")
    with open_output(args.output) as out:
        if args.format == "beads":
            _write_beads(out, aligned)
        elif args.format == "tsv":
            _write_tsv(out, aligned, header=args.header)
        else:
            translator = load_translator() if args.bridge == "translate" else None
            _write_jsonl(out, aligned, _manifest(args, translator, src_docs, tgt_docs))
    return 0


def _check_arguments(args: argparse.Namespace) -> None:
    """Refuse option values and combinations that cannot work, before any input is read."""
    if args.max_sentences is not None and not 1 <= args.max_sentences <= MAX_SIDE:
        raise UsageError(f"--max-sentences must be between 1 and {MAX_SIDE}, "
                         f"got {args.max_sentences}")
    if args.band < 4:
        raise UsageError(f"--band must be at least 4, got {args.band}")
    if args.band > MAX_BAND:
        raise UsageError(f"--band must be at most {MAX_BAND:,} (a band as wide as the "
                         f"documents is already the full search), got {args.band:,}")
    if args.header and args.format != "tsv":
        raise UsageError("--header applies to --format tsv only")
    if args.src_translations and args.bridge != "file":
        raise UsageError("--src-translations needs --bridge file")


def _documents(args: argparse.Namespace, path: str) -> list[Document]:
    """The documents of ``path``: with ``--presegmented``, a text file is one document
    (one sentence per line); an empty text file is one empty document."""
    name = "-" if path == "-" else name_id(path.rsplit("/", 1)[-1])
    if args.presegmented and args.input_format != "jsonl":
        return [Document(name, read_text(path))]
    docs, fmt = read_input(path, args.input_format, allow_empty=True)
    if not args.presegmented:  # a line is a sentence: nothing to unwrap
        _common.warn_if_wrapped(docs, args.unwrap_lines, name)
    if not docs and fmt == "text":
        return [Document(name, "")]
    return docs


def _warn_if_swapped(src: list[Document], tgt: list[Document], args: argparse.Namespace
                     ) -> None:
    """Say on stderr (even with -q) when SRC reads as English and TGT as German (the word
    list's shares, ``seedlex.language_shares``): the arguments are likely swapped."""
    from ..align import seedlex

    if args.bridge == "same-language":
        return
    src_de, src_en = seedlex.language_shares("\n".join(d.text for d in src[:20]))
    tgt_de, tgt_en = seedlex.language_shares("\n".join(d.text for d in tgt[:20]))
    low = seedlex.MIN_SHARE
    if src_en >= low > src_de and tgt_de >= low > tgt_en:
        log.warning("warning: %s reads as English and %s as German: SRC is the German text "
                    "and TGT its English translation; swap them?", args.src, args.tgt)


def _check_model_options(args: argparse.Namespace) -> None:
    """Refuse a ``--config`` or model option the translate bridge could not use before
    any work, whatever the bridge (a typo must not pass unnoticed until the day the
    model is used); with another bridge, say that the model options are not used."""
    _common.options_from_args(args)
    given = [f"--{k.replace('_', '-')}" for k in _common.model_overrides(args)]
    if args.bridge != "translate" and (given or args.config):
        log.warning("warning: --bridge %s aligns without the model: %s not used", args.bridge,
                    ", ".join(given + (["--config"] if args.config else [])))


def _load_translator(args: argparse.Namespace) -> Translator:
    """The project's translator for the translate bridge, loaded once for all documents."""
    try:
        return _common.load_translator_from_args(args)
    except ModelError as exc:
        # the default bridge needs the model; alignment itself does not
        raise ModelError(f"{exc}; or align without machine translation: --bridge none") from exc


def _read_translations(args: argparse.Namespace, n_sentences: int) -> list[str]:
    """The lines of ``--src-translations``: one translation per source sentence."""
    if not args.src_translations:
        raise UsageError("--bridge file needs --src-translations FILE "
                         "(one translation per source sentence)")
    text = read_text(args.src_translations)
    if looks_like_jsonl(args.src_translations, text):
        lines = _translate_jsonl_targets(args.src_translations, text)
    else:
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
    if len(lines) != n_sentences:
        raise InputError(
            f"{args.src_translations}: {plural(len(lines), 'line')} for "
            f"{plural(n_sentences, 'source sentence')}; "
            "give exactly one translation per source sentence (`translate --format jsonl` "
            "output has one; --presegmented controls the segmentation)")
    return lines


def _translate_jsonl_targets(path: str, text: str) -> list[str]:
    """The ``tgt`` of every record of ``translate --format jsonl`` output, in order."""
    hint = ("--src-translations reads one translation per line, or `translate --format "
            "jsonl` output")
    out: list[str] = []
    for lineno, record in json_records(path, text, hint):
        if not (isinstance(record, dict) and isinstance(record.get("tgt"), str)):
            raise InputError(f"{path}:{lineno}: a JSONL record without a \"tgt\" string; "
                             f"{hint}")
        out.append(record["tgt"])
    return out


def _manifest(args: argparse.Namespace, translator: Translator | None,
              src: list[Document], tgt: list[Document]) -> dict[str, object]:
    """How the JSONL output was made."""
    settings: dict[str, object] = {
        "bridge": args.bridge, "presegmented": bool(args.presegmented), "band": args.band,
        "max_sentences": args.max_sentences, "paragraphs": args.paragraphs}
    if not args.presegmented:
        settings["segmenter"] = segmenter_info(unwrap_lines=args.unwrap_lines)
    if args.bridge == "none":  # the seed word list (used where the pair is German-English)
        from ..align import seedlex

        settings["word_list"] = seedlex.info()
    signature: Callable[[], dict[str, object]] | None = getattr(translator, "signature", None)
    if callable(signature):  # how the bridge was made
        settings["translator"] = signature()
    return provenance(
        "align", settings=settings,
        inputs=[{"role": role, "path": name_id(path), "documents": len(docs),
                 "documents_sha256": documents_sha256(docs)}
                for role, path, docs in (("source", args.src, src), ("target", args.tgt, tgt))],
        score=SCORE_TEXT, confidence=CONFIDENCE_TEXT)


def _write_beads(out: TextIO, aligned: list[AlignedDocument]) -> None:
    for k, doc in enumerate(aligned):
        if k:
            out.write("\n")
        for bead in doc.beads:
            out.write(bead.format() + "\n")


def _write_tsv(out: TextIO, aligned: list[AlignedDocument], *, header: bool) -> None:
    if header:
        out.write("src_ids\ttgt_ids\tscore\ttype\tsrc\ttgt\tconfidence\n")
    for doc in aligned:
        for b in doc.beads:
            out.write("\t".join([
                ",".join(map(str, b.src)), ",".join(map(str, b.tgt)),
                f"{b.score:.6f}" if b.score is not None else "", b.kind,
                _joined(doc.src.sentences, b.src), _joined(doc.tgt.sentences, b.tgt),
                f"{b.confidence:.6f}" if b.confidence is not None else ""]) + "\n")


def _joined(sentences: tuple[str, ...], ids: tuple[int, ...]) -> str:
    """TSV text of a bead side: its sentences, line breaks and tabs made spaces."""
    return " ".join(_BREAKS.sub(" ", sentences[i]).strip() for i in ids)


def _write_jsonl(out: TextIO, aligned: list[AlignedDocument],
                 manifest: dict[str, object]) -> None:
    out.write(manifest_line(manifest) + "\n")
    for doc in aligned:
        for b in doc.beads:
            out.write(dumps_line({
                "doc_id": doc.doc_id, "src_ids": list(b.src), "tgt_ids": list(b.tgt),
                "src": doc.src_text(b), "tgt": doc.tgt_text(b), "score": b.score,
                "confidence": b.confidence, "type": b.kind}) + "\n")
