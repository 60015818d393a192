"""``transalign batch``: translate large collections resumably (local or Ray)."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from ..errors import UsageError
from ..text import plural
from . import _common

HELP = "translate many documents resumably: deterministic shards, a manifest, local or Ray"

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", "-i", metavar="PATH", nargs="+", required=True,
                        help="JSONL files ({\"id\", \"text\", \"reference\"?} per line), "
                        "Parquet files (same columns) or directories of .txt files "
                        "(id = relative path); ids must be unique across all inputs")
    out = parser.add_argument_group("output")
    out.add_argument("--output", "-o", metavar="DIR", required=True,
                     help="output directory; running the same command again resumes it")
    _common.add_quiet_argument(out)
    out.add_argument("--progress", action="store_true",
                     help="show the progress bar (documents and shards, rate, ETA) on stderr "
                     "even when it is not a terminal; -q hides it")
    parser.add_argument("--engine", choices=["local", "ray"],
                        help="local: one process (default); ray: Ray Data actors "
                        "(ray.init(), or the cluster in RAY_ADDRESS)")
    parser.add_argument("--shard-size", type=int, metavar="N",
                        help="documents per shard (default 1000, or batch.shard_size)")
    parser.add_argument("--unwrap-lines", action="store_true",
                        help="input is hard-wrapped (paragraphs separated by blank lines)")
    parser.epilog = (
        "Writes DIR/manifest.json, DIR/shards/*.jsonl (one per finished shard), and when "
        "all are done DIR/translations.jsonl (one record per sentence), "
        "DIR/documents.jsonl ({\"id\", \"text\"} per document) and DIR/errors.jsonl "
        "(bad documents with the reason). --config reads a YAML with translate: and "
        "batch: sections (configs/batch-gpu.yaml, configs/batch-cpu.yaml). Each record "
        "carries flags, score (the model's mean log-probability per token) and checks, as "
        "in `transalign translate --format jsonl`.")
    _common.add_model_arguments(parser)
    _common.add_trust_arguments(parser)


def run(args: argparse.Namespace) -> int:
    # keeps --help fast: job and progress are loaded only when the command runs
    from ..job import load_job_config, run_job
    from ..job.runner import JobProgress  # heavy: the job modules load numpy and the pipeline
    from ..progress import progress_bar, wanted  # heavy: tqdm

    if args.shard_size is not None and args.shard_size < 1:
        raise UsageError(f"--shard-size must be at least 1, got {args.shard_size}")
    batch_overrides = {"engine": args.engine, "shard_size": args.shard_size}
    if args.unwrap_lines:
        batch_overrides["unwrap_lines"] = True
    options, batch = load_job_config(
        args.config, _common.model_overrides(args),
        {k: v for k, v in batch_overrides.items() if v is not None})
    # documents: every row of the inputs, good or bad (the summary's documents + errors);
    # a resumed job's finished shards are the bar's starting count
    with progress_bar(None, "documents", enabled=wanted(args.progress, args.quiet)) as bar:

        def show(p: JobProgress) -> None:
            bar.set(p.rows_done, p.rows, postfix=f"shards {p.shards_done}/{p.shards}")

        progress = run_job(args.input, args.output, options, batch, progress=show,
                           verbose=getattr(args, "debug", False))
    errors = plural(progress["errors"], "error") + (" (errors.jsonl)" if progress["errors"] else "")
    # the rate is of the shards translated, by this run or an earlier one
    rate = (f"{progress['tokens_per_s']:.0f} target tokens/s" if progress["shards_run"]
            else "nothing left to translate")
    log.info("done: %s, %s, %s, %s; outputs in %s", plural(progress["documents"], "document"),
             errors, plural(progress["sentences"], "sentence"), rate, args.output)
    if progress.get("wrapped"):  # said even with -q: the sentences were cut at line ends
        log.warning("warning: %s hard-wrapped (lines end inside sentences); each line was "
                    "read as a paragraph: set unwrap_lines: true (or --unwrap-lines) and run "
                    "into a new --output if blank lines separate the paragraphs",
                    plural(progress["wrapped"], "document") + (" looks" if progress["wrapped"] == 1
                                                              else " look"))
    if not progress["documents"] and progress["errors"]:
        log.error("error: no document could be translated: every row of the input is in "
                  "%s with its reason", Path(args.output) / "errors.jsonl")
        return 1
    return 0
