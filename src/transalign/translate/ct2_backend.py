"""CTranslate2 backend: the same Marian checkpoint, converted once and cached.

CTranslate2 runs Marian models several times faster than torch on the CPU
(int8) and on the GPU (float16); see its published opus-mt benchmarks. The
checkpoint is converted with ``ctranslate2.converters.TransformersConverter``
into a cache folder keyed by the model's content, quantisation and CTranslate2
version, written to a temporary folder and renamed, so an interrupted
conversion never leaves a broken cache entry. Tokenisation uses the
checkpoint's own ``source.spm``/``target.spm``/``vocab.json`` (as
``MarianTokenizer`` does), so both backends see the same token ids.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import ConfigError, ModelError
from .base import Backend, GenerateSettings, Hypothesis
from .loading import LOCAL_REVISION, content_hash, is_local_revision

log = logging.getLogger(__name__)

COMPUTE_TYPES = {"float32": "float32", "float16": "float16", "bfloat16": "bfloat16",
                 "int8": "int8"}


# CPU flags CTranslate2's AVX512 kernels need (its cpu_supports_avx512 check)
_AVX512 = ("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl")


def _cpu_has_avx512() -> bool:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return all(flag in flags for flag in _AVX512)
    except OSError:
        pass
    return False


def engine_environment() -> dict[str, str]:
    """Environment settings transalign gives CTranslate2 (before its first import).

    CTranslate2 selects its AVX512 kernels on Intel CPUs only; on other CPUs with AVX512
    (this project's AMD EPYC) it falls back to AVX2. Forcing AVX512 there was faster in 7
    of 8 paired runs (mean +3%, int8, beam 4, opus-mt-sized model). A value the user set
    is kept; nothing is set where the CPU lacks AVX512 (CTranslate2 would refuse it).
    """
    if "CT2_FORCE_CPU_ISA" in os.environ or not _cpu_has_avx512():
        return {}
    return {"CT2_FORCE_CPU_ISA": "AVX512"}


def import_ctranslate2() -> Any:
    """Import ctranslate2 (with ``engine_environment()`` applied) or raise a
    ``ConfigError`` naming the fix."""
    if "ctranslate2" not in sys.modules:  # read once, before CTranslate2 starts
        for key, value in engine_environment().items():
            os.environ.setdefault(key, value)
    try:  # heavy, and optional: only the CTranslate2 backend needs it
        import ctranslate2  # heavy: ctranslate2
    except ImportError:
        raise ConfigError("--backend ctranslate2 needs the ctranslate2 package: "
                          "pip install ctranslate2 (or use --backend transformers)") from None
    return ctranslate2


def default_cache_dir() -> Path:
    base = os.environ.get("TRANSALIGN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "transalign")
    return Path(base) / "ct2"


def converted_model(path: Path, model_id: str, revision: str, compute_type: str,
                    cache_dir: str | None = None) -> Path:
    """The CTranslate2 conversion of ``path``, made once and cached.

    The cache entry is named after the checkpoint's content (``loading.content_hash``),
    not its path or hub id: the same model reached by two paths, copied, or downloaded
    and also kept in a folder, is converted once. Weights are stored as int8 for int8
    compute types and float16 for float16/bfloat16, which CTranslate2 converts on load
    where needed; float32 keeps float32 weights, so float32 output matches transformers.
    """
    ct2 = import_ctranslate2()
    storage = {"int8": "int8", "int8_float16": "int8", "float16": "float16",
               "bfloat16": "bfloat16"}.get(compute_type, "float32")
    content = (revision[len(LOCAL_REVISION):] if is_local_revision(revision)
               else content_hash(path))
    root = Path(cache_dir) if cache_dir else default_cache_dir()
    target = root / f"model-{content}-{storage}-ct2_{ct2.__version__}"
    if (target / "model.bin").is_file():
        return target
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".convert-", dir=root))
    except OSError as exc:
        raise ModelError(f"cannot write the CTranslate2 cache {root} ({exc.strerror or exc}); "
                         "set cache_dir in the config or TRANSALIGN_CACHE") from None
    log.info("converting %s to CTranslate2 (%s), once, into %s", model_id, storage, target)
    from ctranslate2.converters import TransformersConverter  # heavy: ctranslate2, transformers
    from transformers.utils import logging as hf_logging  # heavy: transformers

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    warnings.filterwarnings("ignore", message=".*sacremoses.*")
    try:
        TransformersConverter(str(path)).convert(str(tmp / "model"), quantization=storage,
                                                 force=True)
        # for people looking into the cache: where this conversion came from first
        (tmp / "model" / "transalign-source.json").write_text(
            json.dumps({"model": model_id, "revision": revision, "content": content,
                        "quantization": storage}, ensure_ascii=False) + "\n",
            encoding="utf-8")
        os.replace(tmp / "model", target)
    except OSError as exc:
        if not (target / "model.bin").is_file():  # a parallel process may have won the race
            raise ModelError(f"cannot write the CTranslate2 cache {root} ({exc}); "
                             "set cache_dir in the config or TRANSALIGN_CACHE") from None
    except Exception as exc:
        raise ModelError(f"cannot convert {model_id} to CTranslate2 ({type(exc).__name__}: "
                         f"{str(exc)[:200]}); use --backend transformers") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


class CTranslate2Backend(Backend):
    """``ctranslate2.Translator.translate_batch`` over SentencePiece tokens.

    Args:
        path: The Marian checkpoint (for the tokenizer files and conversion).
        model_id: Hub id or path, for the cache key.
        revision: Revision or content hash, for the cache key.
        device: ``cpu`` or ``cuda`` (see :mod:`transalign.placement`).
        dtype: ``float32``, ``float16``, ``bfloat16`` or ``int8``.
        threads: Intra-op threads (0 = all cores).
        cache_dir: Conversion cache (default ``~/.cache/transalign/ct2``).
    """

    name = "ctranslate2"

    def __init__(self, path: Path, model_id: str, revision: str, device: str = "cpu",
                 dtype: str = "int8", threads: int = 0, cache_dir: str | None = None) -> None:
        import sentencepiece as spm  # heavy: sentencepiece

        ct2 = import_ctranslate2()
        self.device = device  # concrete: decided by transalign.placement
        self.compute_type = COMPUTE_TYPES[dtype]
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.max_source_tokens = int(config.get("max_position_embeddings", 512))
        self.max_target_tokens = self.max_source_tokens
        vocab: dict[str, int] = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
        self.vocab = vocab
        self.pieces = {i: p for p, i in vocab.items()}
        self.unk_id = vocab.get("<unk>")
        self.eos_id = vocab.get("</s>", 0)
        self.pad_id = int(config.get("pad_token_id", len(vocab) - 1))
        self.source_spm = spm.SentencePieceProcessor(model_file=str(path / "source.spm"))
        self.target_spm = spm.SentencePieceProcessor(model_file=str(path / "target.spm"))
        converted = converted_model(path, model_id, revision, self.compute_type, cache_dir)
        threads = threads or (os.cpu_count() or 1)
        # On the CPU, several batches in parallel with one thread each beat one batch
        # on all threads for a model this size (fewer synchronisations per step):
        # each of our batches is split into `inter` sub-batches that CTranslate2 runs
        # side by side (measured in scripts/bench_translate.py; README).
        self.inter = min(threads, 4) if self.device == "cpu" else 1
        # On the CPU, the next batch is handed over before the current one is collected,
        # so a worker that finishes its part of a batch early starts on the next one
        # (on a GPU, one batch at a time keeps the out-of-memory back-off simple).
        self.lookahead = 1 if self.device == "cpu" else 0
        intra = max(1, threads // self.inter)
        try:
            self.translator = ct2.Translator(str(converted), device=self.device,
                                             compute_type=self.compute_type,
                                             inter_threads=self.inter, intra_threads=intra)
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"CTranslate2 cannot load {converted} on {self.device} "
                             f"({str(exc)[:200]}); use --backend transformers") from None
        self._version = ct2.__version__

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        unk = self.unk_id if self.unk_id is not None else 1
        return [[self.vocab.get(p, unk) for p in pieces] + [self.eos_id]
                for pieces in self.source_spm.encode(list(texts), out_type=str)]

    def generate(self, batch: Sequence[Sequence[int]],
                 settings: GenerateSettings) -> list[Hypothesis]:
        return self._translate(batch, settings, asynchronous=False)()

    def submit(self, batch: Sequence[Sequence[int]],
               settings: GenerateSettings) -> Callable[[], list[Hypothesis]]:
        return self._translate(batch, settings, asynchronous=True)

    def _translate(self, batch: Sequence[Sequence[int]], settings: GenerateSettings,
                   asynchronous: bool) -> Callable[[], list[Hypothesis]]:
        tokens = [[self.pieces[i] for i in ids] for ids in batch]
        # transformers spends the last of max_new_tokens on a forced </s>; CTranslate2
        # does not count </s>. One less keeps both backends' outputs identical.
        limit = settings.max_new_tokens - (0 if settings.min_new_tokens else 1)
        results = self.translator.translate_batch(
            tokens, beam_size=settings.beams, max_decoding_length=max(1, limit),
            min_decoding_length=settings.min_new_tokens,
            repetition_penalty=settings.repetition_penalty,
            no_repeat_ngram_size=settings.no_repeat_ngram_size,
            max_batch_size=-(-len(tokens) // self.inter), return_scores=True,
            asynchronous=asynchronous,
        )
        unk = self.unk_id if self.unk_id is not None else 1
        limit = max(1, limit)

        def outputs() -> list[Hypothesis]:
            done = [r.result() for r in results] if asynchronous else results
            return [self._hypothesis(r.hypotheses[0], r.scores[0], limit, unk) for r in done]

        return outputs

    def _hypothesis(self, pieces: list[str], score: float, limit: int, unk: int) -> Hypothesis:
        """The output ids and the confidence. With its default ``length_penalty=1``,
        CTranslate2's score is the summed log-probability of the hypothesis divided by
        its length, which counts ``</s>`` when the model chose it (the translator
        removes it from the tokens returned); a hypothesis as long as the limit stopped
        there without one (as the transformers backend's forced end token, which it
        does not count either)."""
        ids = [self.vocab.get(p, unk) for p in pieces if p not in ("</s>", "<pad>")]
        return Hypothesis(ids, float(score), len(ids) + (1 if len(ids) < limit else 0))

    def decode(self, outputs: Sequence[Sequence[int]]) -> list[str]:
        # As MarianTokenizer.convert_tokens_to_string: pieces the target model does
        # not know keep their "▁", which becomes a space.
        return [self.target_spm.decode_pieces([self.pieces[i] for i in ids
                                               if i not in (self.eos_id, self.pad_id)])
                .replace("\u2581", " ").strip()
                for ids in outputs]

    def signature(self) -> dict[str, Any]:
        return {"backend": self.name, "device": self.device, "dtype": self.compute_type,
                "ctranslate2": self._version, "inter_threads": self.inter}

    def is_out_of_memory(self, exc: BaseException) -> bool:
        return isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()
