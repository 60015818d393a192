"""Translate one shard and write its output file atomically (both engines run this).

A shard file (``DIR/shards/<name>.jsonl``) is complete or absent: it is written
to a temporary name in the same folder and renamed (``outputs.open_output``).
Its lines, in row order::

    {"manifest": {"format": "transalign.batch.shard.v1", "shard": …, "settings_hash": …}}
    {"doc": {"id": …, "text": <English article>}, "records": [<TranslationRecord>, …],
     "reference": …, "alignment": [<export pair>, …]}   (the last two only with a reference)
    {"error": {"id": …, "input": …, "row": …, "reason": …}}
    {"end": {"documents": …, "errors": …, "sentences": …, "target_tokens": …, …}}

The ``end`` line lets a restart check a file it did not write in this run.

Error isolation: the shard's documents are translated in one call (so batching
works across documents); if that call raises, each document is translated on
its own and the ones that still raise become errors with the reason, the rest
of the shard is kept. If *every* document fails this way, the model or device
is broken rather than the documents, and the job stops instead of filing the
whole collection under errors.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import TranslationError, UsageError
from ..export import AlignedPair
from ..outputs import open_output
from ..paths import name_id
from ..pipeline import SegmentedDocument, TranslatedDocument, align_documents, translate_documents
from ..records import Document, manifest_line
from ..segment.paragraphs import looks_wrapped
from .shards import Shard, read_shard

if TYPE_CHECKING:
    from ..translate.base import Translator

log = logging.getLogger(__name__)

SHARD_FORMAT = "transalign.batch.shard.v1"


@dataclass(frozen=True)
class ShardResult:
    """Counters of one finished shard (stored in its ``end`` line and the manifest)."""

    name: str
    documents: int = 0
    errors: int = 0
    sentences: int = 0
    source_tokens: int = 0
    target_tokens: int = 0
    oom_retries: int = 0
    seconds: float = 0.0
    worker: str = ""
    # documents read line by line that look hard-wrapped (``segment.paragraphs.looks_wrapped``)
    wrapped: int = 0

    @property
    def tokens_per_s(self) -> float:
        return self.target_tokens / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "tokens_per_s": round(self.tokens_per_s, 1)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ShardResult:
        fields = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in fields})


def shard_path(output_dir: str | Path, shard: Shard) -> Path:
    """Where a shard's output lives."""
    return Path(output_dir) / "shards" / f"{shard.name}.jsonl"


def finished_result(path: Path, settings_hash: str) -> ShardResult | None:
    """The result of a complete shard file made with ``settings_hash``, else ``None``.

    Raises:
        UsageError: the file was made with other settings (never mixed).
    """
    if not path.is_file():
        return None
    try:
        with path.open(encoding="utf-8") as handle:
            header = json.loads(handle.readline())["manifest"]
            last = None
            for line in handle:
                last = line
        end = json.loads(last)["end"] if last else None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        log.warning("%s: unreadable or incomplete shard file; it will be redone", path)
        return None
    if header.get("settings_hash") != settings_hash:
        raise UsageError(f"{path} was made with other settings (hash "
                         f"{header.get('settings_hash')}); use a new output directory, or "
                         "delete it to start over")
    if not isinstance(end, dict):
        return None
    return ShardResult.from_json(end)


def _translate_isolated(documents: list[Document], translator: Translator,
                        unwrap_lines: bool, shard_name: str
                        ) -> dict[str, TranslatedDocument | str]:
    """Each document's translation, or the reason it failed."""
    if not documents:
        return {}
    try:
        done = translate_documents(documents, translator, unwrap_lines=unwrap_lines)
        return {d.document.id: d for d in done}
    except Exception as exc:  # isolate below; out-of-memory was already handled by halving
        log.warning("shard %s: %s: %s; translating its documents one by one to find the "
                    "bad one", shard_name, type(exc).__name__, exc)
    out: dict[str, TranslatedDocument | str] = {}
    for doc in documents:
        try:
            out[doc.id] = translate_documents([doc], translator, unwrap_lines=unwrap_lines)[0]
        except Exception as exc:
            out[doc.id] = f"translation failed: {type(exc).__name__}: {exc}"
    if len(documents) > 1 and all(isinstance(v, str) for v in out.values()):
        first = next(iter(out.values()))
        raise TranslationError(f"shard {shard_name}: every document failed ({first}); the "
                               "model or device is broken, not the documents")
    return out


def align_reference(doc: TranslatedDocument, *, unwrap_lines: bool = False
                    ) -> list[dict[str, Any]]:
    """Beads between the document's sentences and its reference's, as export pairs
    (``AlignedPair.to_json``: with the aligner's ``score`` and ``confidence``).

    Our own translation of each source sentence is the bridge (Bleualign's MT
    bridge, Sennrich & Volk 2010), so the reference pairs up with the source.
    Paragraphs are not used: each side is one paragraph.
    """

    source = SegmentedDocument(doc.document.id, tuple(r.src for r in doc.records),
                               tuple(r.para for r in doc.records))
    reference = Document(doc.document.id, doc.document.reference or "")
    [aligned] = align_documents([source], [reference], bridge="file",
                                src_translations=[r.tgt for r in doc.records],
                                unwrap_lines=unwrap_lines, paragraphs=False)
    return [AlignedPair(aligned.src_text(b), aligned.tgt_text(b), doc.document.id, b.src,
                        b.tgt, b.score, "align" if b.score is not None else "none",
                        confidence=b.confidence).to_json()
            for b in aligned.beads]


def process_shard(shard: Shard, translator: Translator, output_dir: str | Path,
                  header: dict[str, Any], *, unwrap_lines: bool = False,
                  worker: str = "", references: bool = True) -> ShardResult:
    """Translate one shard and write ``DIR/shards/<name>.jsonl`` atomically.

    Args:
        shard: What to translate.
        translator: A loaded translator (loaded once per process or actor).
        output_dir: The job's output directory.
        header: Job settings written into the shard's first line (must hold
            ``settings_hash``).
        unwrap_lines: Input is hard-wrapped.
        worker: Who ran it (host and process, or Ray node), for the manifest.
        references: Align documents that carry a reference with it.

    Returns:
        The shard's counters.
    """

    started = time.perf_counter()
    before = dataclasses.replace(translator.stats)
    rows = read_shard(shard)
    documents = [Document(r.id, r.text, r.reference) for r in rows
                 if r.problem is None and r.text is not None]
    outcome = _translate_isolated(documents, translator, unwrap_lines, shard.name)
    stats = translator.stats
    path = shard_path(output_dir, shard)
    path.parent.mkdir(parents=True, exist_ok=True)
    n_docs = n_err = n_sent = 0
    with open_output(str(path)) as out:
        out.write(manifest_line({"format": SHARD_FORMAT, "shard": shard.describe(),
                                 "signature": translator.signature(), **header}) + "\n")
        for row in rows:
            result = outcome.get(row.id) if row.problem is None else None
            if result is None or isinstance(result, str):
                reason = row.problem or result or "not translated"
                out.write(json.dumps({"error": {"id": row.id, "input": name_id(shard.path),
                                                "row": row.row, "reason": reason}},
                                     ensure_ascii=False) + "\n")
                n_err += 1
                continue
            line: dict[str, Any] = {"doc": {"id": row.id, "text": result.text()},
                                    "records": [r.to_json() for r in result.records]}
            if references and row.reference is not None:
                line["reference"] = row.reference
                try:
                    line["alignment"] = align_reference(result, unwrap_lines=unwrap_lines)
                except Exception as exc:  # the translation is kept either way
                    line["alignment_error"] = f"{type(exc).__name__}: {exc}"
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            n_docs += 1
            n_sent += len(result.records)
        final = ShardResult(shard.name, n_docs, n_err, n_sent,
                            stats.source_tokens - before.source_tokens,
                            stats.target_tokens - before.target_tokens,
                            stats.oom_retries - before.oom_retries,
                            round(time.perf_counter() - started, 4), worker,
                            wrapped=0 if unwrap_lines else sum(looks_wrapped(d.text)
                                                               for d in documents))
        out.write(json.dumps({"end": final.to_json()}) + "\n")
    return final
