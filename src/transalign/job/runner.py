"""Run a batch job: scan → plan shards → skip finished ones → translate the rest → merge.

Output directory layout::

    DIR/manifest.json        inputs, settings, hashes, per-shard status and progress
    DIR/shards/<name>.jsonl  one complete file per finished shard (see worker.py)
    DIR/translations.jsonl   manifest line, then one TranslationRecord per sentence
    DIR/documents.jsonl      one {"id", "text"} per translated document (English article)
    DIR/errors.jsonl         one {"id", "input", "row", "reason"} per bad document

The merged files are rebuilt from the shard files, in input order and row order,
whenever every shard is done; so a restarted job gives byte-identical merged
files, with every document exactly once.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import socket
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import TranslateOptions
from ..errors import OutputError, UsageError
from ..evaluate import evaluate_corpus
from ..evaluate.corpus import longest_segment
from ..export import WRITERS, AlignedPair, make_writer
from ..limits import TER_MAX_WORDS
from ..outputs import open_output, sweep_temporaries
from ..paths import is_dir, name_id, probe, shown
from ..placement import Hardware, detect_hardware, resolve_placement
from ..provenance import provenance
from ..records import TRANSLATION_FIELDS, manifest_line
from ..segment import segmenter_info
from ..text import plural
from ..translate import load_translator
from ..translate.loading import is_local_revision, resolve_model
from .inputs import InputSource, check_unchanged, scan_inputs
from .manifest import MANIFEST_NAME, JobManifest, stable_hash
from .ray_engine import run_ray_shards
from .settings import BatchSettings
from .shards import SHARD_NAME, Shard, plan_shards
from .worker import SHARD_FORMAT, ShardResult, finished_result, process_shard, shard_path

if TYPE_CHECKING:
    from ..translate.base import Translator

log = logging.getLogger(__name__)

OUTPUT_FORMAT = "transalign.batch.v1"
RECORD_FIELDS = list(TRANSLATION_FIELDS)


@dataclass(frozen=True)
class JobProgress:
    """Where a batch job stands, for a progress display.

    Attributes:
        rows_done: Rows (documents, good or bad) of the finished shards, resumed ones
            included; at the end, the summary's documents plus errors.
        rows: Rows of all shards.
        shards_done: Finished shards, resumed ones included.
        shards: Shards of the job.
    """

    rows_done: int
    rows: int
    shards_done: int
    shards: int


def plan_translation(options: TranslateOptions, batch: BatchSettings,
                     hardware: Hardware | None = None) -> TranslateOptions:
    """Options with a concrete backend, device and dtype for this job.

    For the Ray engine the driver may have no GPU while the workers do, so a
    job with ``ray.num_gpus > 0`` is placed as if CUDA (with bfloat16) were there.
    """
    if hardware is None:
        hardware = (Hardware(cuda=True, bf16=True)
                    if batch.engine == "ray" and batch.ray.num_gpus > 0 else detect_hardware())
    return resolve_placement(options, hardware, cpu_fallback=batch.cpu_fallback)


def _versions() -> dict[str, str]:
    from importlib import metadata  # slow to import (~25 ms), and only a job's hash needs it

    out = {}
    for name in ("transalign", "torch", "transformers", "ctranslate2", "sentencepiece",
                 "numpy", "sacrebleu"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[name] = metadata.version(name)
    out["transalign_source"] = _source_hash()
    return out


def _source_hash() -> str:
    """A hash of the package's own code: segmenter, aligner and scorer changes between
    releases change the outputs too, so they must never mix in one output directory."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(options: TranslateOptions, batch: BatchSettings,
                translator: Translator | None = None) -> dict[str, Any]:
    """Everything that decides the output, for the settings hash.

    The model is named by id and resolved revision; a local directory by its content
    hash alone, so a retrained model in the same folder is a different job, and the same
    folder named another way (a relative path from elsewhere) is the same job.
    """
    if translator is not None:
        model = dict(translator.model_info)
        options = translator.options
        backend = translator.backend.signature()
    else:
        model = resolve_model(options.model, options.revision).info()
        backend = {}
    settings = {k: v for k, v in options.as_dict().items() if k not in ("cache_dir", "threads")}
    revision = model.get("revision")
    name = "(local directory)" if is_local_revision(revision) else model.get("model")
    settings.update(model=name, revision=revision, **backend)
    settings.update(segmenter_info(unwrap_lines=batch.unwrap_lines))
    settings["align_references"] = batch.references
    settings["versions"] = _versions()
    return settings


@contextlib.contextmanager
def _locked(output_dir: Path) -> Iterator[None]:
    """One job per output directory (the lock goes with the process, even on SIGKILL)."""
    handle = (output_dir / ".lock").open("w")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise UsageError(f"{output_dir}: another batch job is running there") from None
        yield
    finally:
        handle.close()


def _check_output_dir(out: Path, sources) -> None:
    """Refuse an output directory that would overwrite files that are not a job's own:
    a folder with files but no job manifest, or one where an input lives."""
    if not out.is_dir():
        return
    resolved = out.resolve()
    for source in sources:
        path = Path(source.path).resolve()
        if path == resolved or resolved in path.parents:
            raise UsageError(f"{shown(out)}: the input {shown(source.path)} is inside the "
                             "output directory; "
                             "use an --output directory of its own")
    # (a job's folder has its manifest, or at least its shards/ when the manifest is lost)
    if not (out / MANIFEST_NAME).is_file() and not (out / "shards").is_dir():
        entries = sorted(p.name for p in out.iterdir() if p.name not in (".lock", "shards"))
        if entries:
            raise UsageError(f"{shown(out)}: holds files "
                             f"({', '.join(shown(e, 40) for e in entries[:3])}) but no transalign "
                             "job; use a new or empty --output directory")


def _clean_folder(out: Path, shards: Sequence[Shard]) -> None:
    """What killed runs left in the job's folder (which the job's lock makes ours alone):
    every ``.*.tmp`` temporary (``open_output``'s, of shard files and of the merged files,
    the manifest and the exports), and shard files the plan does not name (a shard
    naming of an older version); a finished shard of this plan is always kept."""
    for folder in (out, out / "shards"):
        sweep_temporaries(folder, everything=True)
    planned = {f"{s.name}.jsonl" for s in shards}
    stale = [f for f in (out / "shards").glob("*.jsonl")
             if f.name not in planned and _SHARD_FILE.match(f.name)]
    for f in stale:
        with contextlib.suppress(OSError):
            f.unlink()
    if stale:
        log.info("removed %s that this job's plan does not name",
                 plural(len(stale), "stale shard file"))


_SHARD_FILE = re.compile(rf"^{SHARD_NAME}\.jsonl$")


@dataclass(frozen=True)
class _JobPlan:
    """What a job will do: its inputs, placed options, settings (and their hash) and shards."""

    sources: list[InputSource]
    options: TranslateOptions
    settings: dict[str, Any]
    settings_hash: str
    shards: list[Shard]


def run_job(inputs: Sequence[str], output_dir: str | Path,
            options: TranslateOptions | None = None, batch: BatchSettings | None = None, *,
            translator: Translator | None = None,
            hardware: Hardware | None = None,
            progress: Callable[[JobProgress], None] | None = None,
            verbose: bool = False) -> dict[str, Any]:
    """Translate every document of ``inputs`` into ``output_dir``, resumably.

    Args:
        inputs: JSONL files, Parquet files or directories of ``.txt`` files.
        output_dir: Created if missing; an existing one is resumed when its
            manifest matches the settings and inputs.
        options: Translation options (default ``TranslateOptions()``).
        batch: Shard size, engine, Ray resources.
        translator: A ready translator to use instead of loading one (the
            local engine only; tests pass one over a fake backend).
        hardware: What to place the model on (default: detected).
        progress: Called once when the work starts (with the shards a resumed job
            already has), then as each shard finishes.
        verbose: Let the engine's own console output through (Ray's log lines and
            its workers' output); the CLI's ``--debug``.

    Returns:
        The manifest's ``progress`` totals, and ``shards_run``: the shards this call
        translated (0 when an earlier run had finished them all).

    Raises:
        InputError: unreadable inputs, duplicate ids.
        UsageError: the directory holds a job with other settings or inputs.
        ModelError: the model cannot be loaded.
    """
    options = options or TranslateOptions()
    batch = batch or BatchSettings()
    out = Path(output_dir)
    _check_request(out, output_dir, batch)
    plan = _plan_job(inputs, options, batch, translator, hardware)
    _prepare_output_dir(out, output_dir, plan.sources)
    with _locked(out):
        manifest = JobManifest.open(out, settings=plan.settings,
                                    settings_hash=plan.settings_hash, sources=plan.sources,
                                    shards=plan.shards, batch=batch.as_dict())
        _clean_folder(out, plan.shards)
        pending = _resume_finished(manifest, out, plan)
        manifest.save("running")
        _run_pending(pending, manifest, out, plan, batch, translator, progress, verbose)
        _merge_finished(manifest, out, plan, batch)
        return {**manifest.progress(), "shards_run": len(pending)}


def _check_request(out: Path, output_dir: str | Path, batch: BatchSettings) -> None:
    """Refuse an output path that is not a directory, and unknown export formats."""
    there = probe(out, OutputError)
    if there is not None and not is_dir(there):
        raise OutputError(f"{shown(output_dir)}: exists and is not a directory")
    unknown = [f for f in batch.export if f not in WRITERS]
    if unknown:
        raise UsageError(f"batch.export: unknown format {unknown[0]!r}; choose from "
                         f"{', '.join(WRITERS)}")


def _plan_job(inputs: Sequence[str], options: TranslateOptions, batch: BatchSettings,
              translator: Translator | None, hardware: Hardware | None) -> _JobPlan:
    """Scan the inputs, place the model (unless a translator is given), hash the
    settings and plan the shards."""
    sources = scan_inputs(list(inputs), batch.shard_size)
    if translator is None:
        options = plan_translation(options, batch, hardware)
    elif batch.engine != "local":
        raise UsageError("a ready translator can only be used with the local engine")
    settings = fingerprint(options, batch, translator)
    settings_hash = stable_hash(settings)
    shards = plan_shards(sources, batch.shard_size)
    return _JobPlan(sources, options, settings, settings_hash, shards)


def _prepare_output_dir(out: Path, output_dir: str | Path,
                        sources: Sequence[InputSource]) -> None:
    """Check the output directory is ours to use, then make it, its ``shards/`` and
    its lock file."""
    _check_output_dir(out, sources)
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "shards").mkdir(exist_ok=True)
        (out / ".lock").touch()
    except OSError as exc:
        raise OutputError(f"{output_dir}: cannot use as the output directory "
                          f"({exc.strerror or exc})") from None


def _resume_finished(manifest: JobManifest, out: Path, plan: _JobPlan) -> list[Shard]:
    """Record the shards a previous run finished in the manifest; return the others."""
    shards = plan.shards
    pending = []
    for shard in shards:
        result = finished_result(shard_path(out, shard), plan.settings_hash)
        if result is None:
            pending.append(shard)
        else:
            manifest.record(result)
    if len(pending) < len(shards):
        log.info("resuming: %d of %d shards already done", len(shards) - len(pending),
                 len(shards))
    return pending


def _run_pending(pending: list[Shard], manifest: JobManifest, out: Path, plan: _JobPlan,
                 batch: BatchSettings, translator: Translator | None,
                 progress: Callable[[JobProgress], None] | None, verbose: bool) -> None:
    """Translate the pending shards (Ray, or here with the local translator), saving the
    manifest and reporting progress as each one finishes."""
    shards = plan.shards
    options = plan.options
    header = {"settings_hash": plan.settings_hash}
    total_docs = sum(s.end - s.start for s in shards)

    def report() -> None:
        if progress is not None:
            done = [s for s in shards if manifest.done(s.name)]
            progress(JobProgress(sum(s.end - s.start for s in done), total_docs,
                                 len(done), len(shards)))

    def on_result(result: ShardResult) -> None:
        manifest.record(result)
        manifest.save()
        p = manifest.progress()
        log.info("shard %s: %s, %s, %s, %.0f tokens/s | %d/%d shards, %d/%d documents",
                 result.name, plural(result.documents, "document"),
                 plural(result.errors, "error"), plural(result.sentences, "sentence"),
                 result.tokens_per_s, p["shards_done"], p["shards"],
                 p["documents"] + p["errors"], total_docs)
        report()

    if pending and batch.engine != "ray" and translator is None:
        translator = load_translator(options)
    report()  # (after loading the local model: the rate's clock starts with the work)
    if pending and batch.engine == "ray":
        run_ray_shards(pending, options, batch, out, header, on_result, verbose=verbose)
    elif pending and translator is not None:
        worker = f"{socket.gethostname()}:{os.getpid()}"
        for shard in pending:
            on_result(process_shard(shard, translator, out, header,
                                    unwrap_lines=batch.unwrap_lines, worker=worker,
                                    references=batch.references))


def _merge_finished(manifest: JobManifest, out: Path, plan: _JobPlan,
                    batch: BatchSettings) -> None:
    """Refuse to merge unless every shard is done and no input changed; then merge
    the shard files and save the manifest as finished."""
    shards = plan.shards
    missing = [s.name for s in shards if not manifest.done(s.name)]
    if missing:
        raise UsageError(f"{plural(len(missing), 'shard')} did not finish (first: {missing[0]}); "
                         "run the same command again to finish them")
    for source in plan.sources:  # rewritten while the job ran: nothing is merged
        check_unchanged(source)
    manifest.data["outputs"] = merge_outputs(out, shards, plan.settings_hash, batch.export)
    manifest.save("finished")


def _shard_lines(output_dir: Path, shard: Shard, settings_hash: str
                 ) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    path = shard_path(output_dir, shard)
    handle = path.open(encoding="utf-8")
    head = json.loads(handle.readline())["manifest"]
    if head.get("format") != SHARD_FORMAT or head.get("settings_hash") != settings_hash:
        handle.close()
        raise OutputError(f"{path}: not a shard of this job")

    def lines() -> Iterator[dict[str, Any]]:
        with handle:
            for line in handle:
                yield json.loads(line)

    return head, lines()


EXPORT_NAMES = {"jsonl": "aligned.jsonl", "hf": "aligned.hf.jsonl", "tmx": "aligned.tmx",
                "tsv": "aligned.tsv", "moses": "aligned"}


def _reference_outputs(output_dir: Path, shards: Sequence[Shard], settings_hash: str,
                       formats: Sequence[str], made: dict[str, Any]) -> dict[str, Any]:
    """Aligned corpus (export writers) and document scores, for documents with references."""
    hyps: list[str] = []
    refs: list[str] = []
    ids: list[str] = []
    with contextlib.ExitStack() as stack:
        writers = [stack.enter_context(make_writer(
            fmt, str(output_dir / EXPORT_NAMES.get(fmt, f"aligned.{fmt}")), overwrite=True,
            manifest=made)) for fmt in formats]
        for shard in shards:
            for obj in _shard_lines(output_dir, shard, settings_hash)[1]:
                if "reference" not in obj:
                    continue
                ids.append(obj["doc"]["id"])
                hyps.append(obj["doc"]["text"])
                refs.append(obj["reference"])
                for pair in obj.get("alignment", []):
                    aligned = AlignedPair(pair["src"], pair["tgt"], pair["doc_id"],
                                          tuple(pair["src_ids"]), tuple(pair["tgt_ids"]),
                                          pair["score"], pair["score_kind"],
                                          confidence=pair.get("confidence"))
                    for writer in writers:
                        writer.write(aligned)
        pairs = writers[0].count if writers else 0
    # TER only where every document is short enough for it (corpus.check_ter_length):
    # the scores never stop a finished job's merge
    words, _ = longest_segment(hyps, [refs])
    metrics = ("bleu", "chrf", "ter") if words <= TER_MAX_WORDS else ("bleu", "chrf")
    if words > TER_MAX_WORDS:
        log.info("scores.json: TER left out (a document has %d words, more than the %d TER "
                 "is run on)", words, TER_MAX_WORDS)
    result = evaluate_corpus(hyps, [refs], metrics=metrics, per_sentence=True,
                             system="transalign batch")
    with open_output(str(output_dir / "scores.json")) as handle:
        json.dump({"level": "document", **result.to_json(),
                   "documents": [{"id": i, **scores} for i, scores in
                                 zip(ids, result.sentences or [], strict=True)]},
                  handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    return {"aligned": [EXPORT_NAMES.get(f, f"aligned.{f}") for f in formats],
            "aligned_pairs": pairs, "scores": "scores.json", "scored_documents": len(ids),
            "corpus_scores": {s.name: round(s.score, 2) for s in result.scores}}


def merge_outputs(output_dir: Path, shards: Sequence[Shard], settings_hash: str,
                  export: Sequence[str] = ("jsonl",)) -> dict[str, Any]:
    """Write the merged files from the shard files, in shard (input, row) order.

    When documents carried references, also the aligned corpus in each of the
    ``export`` formats (``aligned.*``) and ``scores.json`` (corpus scores over
    those documents, and each document's own score).
    """
    counts = {"documents": 0, "errors": 0, "sentences": 0}
    names = {"translations": "translations.jsonl", "documents": "documents.jsonl",
             "errors": "errors.jsonl"}
    made: dict[str, Any] = {}
    with open_output(str(output_dir / names["translations"])) as records, \
            open_output(str(output_dir / names["documents"])) as docs, \
            open_output(str(output_dir / names["errors"])) as errors:
        references = 0
        for k, shard in enumerate(shards):
            head, lines = _shard_lines(output_dir, shard, settings_hash)
            if k == 0:
                made = provenance(
                    "batch", settings={"translator": head.get("signature", {})},
                    inputs=[{"path": name_id(p)} for p in dict.fromkeys(s.path for s in shards)],
                    format=OUTPUT_FORMAT, settings_hash=settings_hash)
                records.write(manifest_line({**made, "fields": RECORD_FIELDS}) + "\n")
            for obj in lines:
                if "doc" in obj:
                    docs.write(json.dumps(obj["doc"], ensure_ascii=False) + "\n")
                    for rec in obj["records"]:
                        records.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    counts["documents"] += 1
                    counts["sentences"] += len(obj["records"])
                    references += "reference" in obj
                elif "error" in obj:
                    # the input as named now (a renamed input's finished shards are reused)
                    error = {**obj["error"], "input": name_id(shard.path)}
                    errors.write(json.dumps(error, ensure_ascii=False) + "\n")
                    counts["errors"] += 1
    outputs: dict[str, Any] = {**names, **counts}
    if references:
        outputs.update(_reference_outputs(output_dir, shards, settings_hash, export, made))
    return outputs

