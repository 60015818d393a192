"""``transalign evaluate``: BLEU, chrF, chrF++ and TER through sacrebleu, with signatures.

``transalign evaluate REF... < HYP`` as sacrebleu (or ``--hyp HYP --ref REF``).
Line-parallel by default; ``--documents`` for whole documents segmented
differently; several ``--hyp`` (or a directory) with ``--paired bs|ar`` for a
significance test against the first system. A thin layer over
:mod:`transalign.evaluate`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, UsageError
from ..evaluate.metrics import check_settings
from ..evaluate.report import build_report, format_text
from ..jsonl import dumps_line
from ..limits import MAX_PAIRED_N
from ..outputs import check_output, open_output
from ..paths import input_name, is_dir, oserror_reason, probe, shown
from ..reading import file_info, read_documents
from ..text import plural
from . import _common

if TYPE_CHECKING:
    from ..evaluate import CorpusResult, SegmentPair, TextFile

HELP = "score translations against references (BLEU, chrF, chrF++, TER; significance tests)"

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.usage = "%(prog)s [options] [REF ...] [< HYP]"
    parser.epilog = (
        "As sacrebleu: `transalign evaluate REF < HYP` scores the hypothesis on stdin against "
        "the reference files; `--hyp HYP --ref REF` is the same. Positional references and "
        "--ref are added together (positional first); at least one reference is needed. "
        "Without --hyp the hypothesis is read from stdin. The text table names each system "
        "by its file name (the shortest distinct path suffix when two share a name; stdin: "
        "'stdin'); the JSON report keeps the paths as given.")
    parser.add_argument("refs", metavar="REF", nargs="*",
                        help="reference file(s), line-parallel to the hypotheses (as --ref)")
    io = parser.add_argument_group("inputs")
    io.add_argument("--hyp", "-i", metavar="PATH", action="append",
                    help="hypothesis file, one segment per line (default: stdin; repeat for "
                    "several systems, the first is the baseline; a directory adds every file "
                    "in it, sorted by name)")
    io.add_argument("--ref", "-r", metavar="PATH", action="append", default=[],
                    help="reference file, line-parallel to the hypotheses (repeat for several "
                    "references; added to the positional REF files)")
    io.add_argument("--src", metavar="PATH",
                    help="source file: checked for line count, hashed, and copied into "
                    "--per-sentence output")
    io.add_argument("--baseline", metavar="PATH",
                    help="which --hyp is the baseline of a paired test (default: the first)")
    m = parser.add_argument_group("metrics")
    m.add_argument("--metrics", "-m", default="bleu,chrf,ter",
                   help="comma-separated: bleu, chrf, chrf++, ter (default: bleu,chrf,ter)")
    m.add_argument("--tokenize", metavar="TOK",
                   help="BLEU tokenizer, as sacrebleu's --tokenize (default: 13a)")
    m.add_argument("--lowercase", action="store_true",
                   help="case-insensitive BLEU and chrF (TER is case-insensitive by default)")
    d = parser.add_argument_group("document mode")
    d.add_argument("--documents", action="store_true",
                   help="hypothesis and reference are whole documents (text, or JSONL "
                   "{\"id\", \"text\"} with matching ids), segmented differently: both are "
                   "segmented, sentences paired by the monolingual aligner, then scored")
    d.add_argument("--input-format", choices=["auto", "text", "jsonl"], default="auto",
                   help="document mode: input format (default: auto: JSONL for .jsonl files and for "
                   "input whose first line is a JSON object with a \"text\" field)")
    d.add_argument("--unwrap-lines", action="store_true",
                   help="document mode: input is hard-wrapped (paragraphs separated by blank lines)")
    d.add_argument("--unpaired", choices=["score", "ignore"], default=None,
                   help="document mode: sentences the aligner could not pair are scored against "
                   "empty text, which lowers the score (score, default), or left out (ignore)")
    s = parser.add_argument_group("system comparison")
    s.add_argument("--paired", choices=["bs", "ar"],
                   help="paired test of every system against the baseline: bs = bootstrap "
                   "resampling (as sacrebleu --paired-bs), ar = approximate randomization")
    s.add_argument("--paired-n", type=int, default=0, metavar="N",
                   help="resamples (bs, default 1000, at most 100,000) or trials (ar, default "
                   "10000, at most 1,000,000)")
    s.add_argument("--seed", default=None,
                   help="random seed of the paired test, as SACREBLEU_SEED (default: 12345; "
                   "'none' for an unseeded run)")
    o = parser.add_argument_group("output")
    o.add_argument("-o", "--output", metavar="OUTPUT", default="-",
                   help="report file (default: - = stdout); an existing file is replaced, "
                   "atomically; an input is refused")
    o.add_argument("--format", choices=["text", "json"], default="text",
                   help="report format: a readable table (text, default) or json with signatures, "
                   "file hashes and settings")
    o.add_argument("--per-sentence", metavar="FILE",
                   help="also write per-sentence scores as JSONL (one object per segment; "
                   "with --documents also its pairing: hyp_ids, ref_ids, type, align_score and "
                   "align_confidence, the aligner's probability that the pairing is right)")
    o.add_argument("--width", type=int, default=2, help="decimals in the text table (default: 2)")
    o.add_argument("--quiet", "-q", action="store_true", help="no info messages on stderr")


def _expand_hyps(paths: list[str]) -> list[str]:

    out: list[str] = []
    for path in paths:
        if path != "-" and is_dir(probe(path, InputError)):
            try:
                entries = sorted(Path(path).iterdir())
            except OSError as exc:
                raise InputError(f"{shown(path)}: cannot list the directory "
                                 f"({oserror_reason(exc)})") from None
            files, skipped = [], []
            for f in entries:
                if f.name.startswith("."):
                    continue
                try:
                    regular = f.is_file()
                except OSError:
                    regular = False
                (files if regular else skipped).append(f)
            if skipped:  # subfolders, FIFOs, devices, broken links: said, not hidden
                log.warning("%s: skipped %s that %s not a regular file (first: %s)",
                            shown(path), plural(len(skipped), "entry", "entries"),
                            "is" if len(skipped) == 1 else "are", shown(skipped[0].name, 60))
            if not files:
                raise InputError(f"{shown(path)}: directory has no system output files")
            out += [str(f) for f in files]
        else:
            out.append(path)
    seen: set[str] = set()
    for path in out:
        if path in seen:
            raise UsageError(f"{shown(path)}: given twice as --hyp; every system needs its own "
                             "file")
        seen.add(path)
    return out


def _order_baseline(hyps: list[str], baseline: str | None) -> list[str]:
    if baseline is None:
        return hyps
    if baseline not in hyps:
        matches = [h for h in hyps if Path(h).resolve() == Path(baseline).resolve()]
        if not matches:
            raise UsageError(f"--baseline {baseline} is not one of the --hyp files")
        baseline = matches[0]
    return [baseline, *(h for h in hyps if h != baseline)]


def _settings(args: argparse.Namespace, specs: list) -> dict[str, object]:
    from ..evaluate import MetricSettings, parse_seed  # keeps --help fast (as in run)

    ms = MetricSettings(args.tokenize, args.lowercase)
    out: dict[str, object] = {"metrics": [s.key for s in specs], **ms.to_json()}
    if args.documents:
        out.update(unpaired=args.unpaired, unwrap_lines=args.unwrap_lines,
                   input_format=args.input_format)
    if args.paired:
        out.update(paired=args.paired, paired_n=args.paired_n, seed=parse_seed(args.seed))
    return out


def run(args: argparse.Namespace) -> int:
    # keeps --help fast: evaluate and outputs are loaded only when the command runs
    from ..evaluate import MetricSettings, parse_seed, resolve_metrics

    specs = resolve_metrics(args.metrics)
    settings = MetricSettings(args.tokenize, args.lowercase)
    check_settings(settings)
    if not 0 <= args.width <= 10:
        raise UsageError(f"--width must be between 0 and 10, got {args.width}")
    if args.paired_n < 0:
        raise UsageError(f"--paired-n must be positive (or 0 for the default), got {args.paired_n}")
    if args.paired and args.paired_n > MAX_PAIRED_N[args.paired]:
        raise UsageError(f"--paired-n {args.paired_n:,} is more than the "
                         f"{MAX_PAIRED_N[args.paired]:,} {args.paired} "
                         f"{'resamples' if args.paired == 'bs' else 'trials'} this tool runs "
                         "(the defaults are 1,000 for bs and 10,000 for ar)")
    # options of a mode that is not on are refused, not silently ignored
    for flag, given, mode in [
            ("--paired-n", args.paired_n != 0 and not args.paired, "a paired test (--paired bs|ar)"),
            ("--seed", args.seed is not None and not args.paired, "a paired test (--paired bs|ar)"),
            ("--unpaired", args.unpaired is not None and not args.documents,
             "document mode (--documents)"),
            ("--unwrap-lines", args.unwrap_lines and not args.documents,
             "document mode (--documents)"),
            ("--input-format", args.input_format != "auto" and not args.documents,
             "document mode (--documents)")]:
        if given:
            raise UsageError(f"{flag} applies to {mode} only")
    args.seed = "12345" if args.seed is None else args.seed
    args.unpaired = args.unpaired or "score"
    if args.per_sentence == "-" and args.output in (None, "-"):
        raise UsageError("--per-sentence - needs the report in a file (-o REPORT)")
    if (args.per_sentence not in (None, "-") and args.output not in (None, "-")
            and Path(args.per_sentence).resolve() == Path(args.output).resolve()):
        raise UsageError("--per-sentence needs a file of its own, not the report's (-o)")
    seed = parse_seed(args.seed) if args.paired else None
    # `evaluate REF... < HYP`, as sacrebleu; --ref adds references, --hyp names systems
    args.ref = [*args.refs, *args.ref]
    if not args.ref:
        raise UsageError("no reference given: transalign evaluate REF... < HYP, or "
                         "--hyp HYP --ref REF")
    if not args.hyp:
        if "-" in args.ref:
            raise UsageError("a reference is read from stdin (-); give the hypothesis with "
                             "--hyp HYP")
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError("no hypothesis given: pipe it on stdin (transalign evaluate "
                             "REF < HYP) or pass --hyp HYP")
        args.hyp = ["-"]
    hyp_paths = _order_baseline(_expand_hyps(args.hyp), args.baseline)
    # before any scoring, so nothing is written in vain and no input is replaced
    inputs = [*hyp_paths, *args.ref, args.src]
    check_output(args.output, inputs=inputs)
    check_output(args.per_sentence, inputs=inputs)
    if args.paired and len(hyp_paths) < 2:
        raise UsageError("--paired needs at least two --hyp systems (the first is the baseline)")
    if args.documents:
        report, per_sentence_rows = _run_documents(args, hyp_paths, specs, settings)
    else:
        report, per_sentence_rows = _run_lines(args, hyp_paths, specs, settings, seed)
    if args.per_sentence:
        with open_output(args.per_sentence) as handle:
            for row in per_sentence_rows:
                handle.write(dumps_line(row) + "\n")
    with open_output(args.output) as handle:
        if args.format == "json":
            handle.write(dumps_line(report, indent=2) + "\n")
        else:
            handle.write(format_text(report, width=args.width))
    return 0


def _sentence_rows(result: CorpusResult, *, system: str | None, hyps: list[str],
                   refs: list[list[str]], src: list[str] | None = None,
                   pairs: tuple[SegmentPair, ...] | None = None) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    assert result.sentences is not None
    for i, scores in enumerate(result.sentences):
        row: dict[str, object] = {}
        if system is not None:
            row["system"] = system
        row["index"] = i
        if pairs is not None:
            pair = pairs[i]
            row.update(doc_id=pair.doc_id, hyp_ids=list(pair.hyp_ids),
                       ref_ids=list(pair.ref_ids), type=pair.kind,
                       align_score=pair.score, align_confidence=pair.confidence)
        row["scores"] = scores
        if src is not None:
            row["src"] = src[i]
        row["hyp"] = hyps[i]
        row["refs"] = [stream[i] for stream in refs]
        rows.append(row)
    return rows


def _run_lines(args: argparse.Namespace, hyp_paths: list[str], specs: list, settings,
               seed: int | None) -> tuple[dict[str, object], list[dict[str, object]]]:
    # keeps --help fast (as in run)
    from ..evaluate import check_parallel, compare_systems, evaluate_corpus

    if [*hyp_paths, *args.ref, args.src].count("-") > 1:
        raise UsageError("only one input can be read from stdin (-)")
    refs: list[TextFile] = [_plain_lines(p) for p in args.ref]
    ref_streams = [list(r.lines) for r in refs]
    ref_names = [r.path for r in refs]
    src = _plain_lines(args.src) if args.src else None
    if src is not None:
        for ref in refs:
            if len(ref.lines) != len(src.lines):
                raise InputError(f"{shown(src.path)} (--src) has "
                                 f"{plural(len(src.lines), 'line')} but {shown(ref.path)} has "
                                 f"{len(ref.lines)}; the source must be line-parallel with "
                                 "the references")
        check_parallel(list(src.lines), ref_streams, hyp_name=src.path, ref_names=ref_names)
    hyps: list[TextFile] = [_plain_lines(p) for p in hyp_paths]
    keys = [s.key for s in specs]
    results = [evaluate_corpus(list(h.lines), ref_streams, metrics=keys, settings=settings,
                               per_sentence=bool(args.per_sentence), system=h.path,
                               reference_names=ref_names) for h in hyps]
    comparison = None
    if args.paired:
        comparison = compare_systems([(h.path, list(h.lines)) for h in hyps], ref_streams,
                                     metrics=keys, settings=settings, test=args.paired,
                                     n_samples=args.paired_n, seed=seed,
                                     reference_names=ref_names)
    rows: list[dict[str, object]] = []
    if args.per_sentence:
        for h, result in zip(hyps, results, strict=True):
            rows += _sentence_rows(result, system=h.path if len(hyps) > 1 else None,
                                   hyps=list(h.lines), refs=ref_streams,
                                   src=list(src.lines) if src is not None else None)
    report = build_report(mode="lines", settings=_settings(args, specs), hypotheses=hyps,
                          references=refs, results=results, source=src, comparison=comparison)
    return report, rows


def _plain_lines(path: str) -> TextFile:
    """``load_lines``, refusing a JSONL file: line mode would score its JSON syntax as
    text (two unrelated documents scored BLEU 71 against each other so)."""
    from ..evaluate import load_lines  # keeps --help fast (as in run)
    from ..reading import looks_like_jsonl

    loaded = load_lines(path)
    if looks_like_jsonl(path, loaded.lines[0] if loaded.lines else ""):
        raise UsageError(f"{input_name(path)} is JSONL, not one segment "
                         "per line: score JSONL documents with --documents (or give text, one "
                         "segment per line)")
    return loaded


def _run_documents(args: argparse.Namespace, hyp_paths: list[str], specs: list, settings,
                   ) -> tuple[dict[str, object], list[dict[str, object]]]:
    from ..evaluate import evaluate_documents  # keeps --help fast (as in run)

    if args.paired:
        raise UsageError("--paired needs line-parallel outputs; in --documents mode every system "
                         "is paired with the reference differently")
    if args.src:
        raise UsageError("--src is for line-parallel input; it cannot be used with --documents")
    if len(args.ref) != 1:
        raise UsageError("--documents takes exactly one --ref (or REF): several references "
                         "would each pair the hypothesis sentences differently")
    if "-" in (*hyp_paths, *args.ref):
        raise UsageError("--documents reads files, not stdin (-); give --hyp FILE")
    ref_path = args.ref[0]
    ref_docs = read_documents(ref_path, args.input_format)
    _common.warn_if_wrapped(ref_docs, args.unwrap_lines, ref_path)
    keys = [s.key for s in specs]
    results, pairings, hyp_infos, rows = [], [], [], []
    for path in hyp_paths:
        docs = read_documents(path, args.input_format)
        _common.warn_if_wrapped(docs, args.unwrap_lines, path)
        res = evaluate_documents(docs, ref_docs, metrics=keys, settings=settings,
                                 unpaired=args.unpaired, per_sentence=bool(args.per_sentence),
                                 unwrap_lines=args.unwrap_lines, system=path, reference=ref_path)
        results.append(res.result)
        pairings.append(res.pairing)
        hyp_infos.append({**file_info(path), "documents": len(docs)})
        if args.per_sentence:
            rows += _sentence_rows(res.result, system=path if len(hyp_paths) > 1 else None,
                                   hyps=[p.hyp for p in res.scored],
                                   refs=[[p.ref for p in res.scored]], pairs=res.scored)
    report = build_report(mode="documents", settings=_settings(args, specs),
                          hypotheses=hyp_infos,
                          references=[{**file_info(ref_path), "documents": len(ref_docs)}],
                          results=results, pairings=pairings)
    return report, rows
