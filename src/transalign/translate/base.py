"""The ``Translator``: a list of sentences in, a list of translations out.

The pipeline around the model lives here, once, for every backend:
normalise → deduplicate → split over-long sentences → sort by length and batch
by a token budget → generate → guard against degenerate output → rejoin and
restore the original order. A backend only encodes, generates and decodes.
"""

from __future__ import annotations

import logging
import math
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..config import TranslateOptions
from ..errors import InputError
from ..normalize import opus_mt_normalize
from . import guard
from .batching import length_sorted_batches
from .longsplit import LONG_SPLIT, split_long

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Translation:
    """One translated sentence and what the translator noticed about it."""

    text: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class GenerateSettings:
    """Decoding settings for one ``Backend.generate`` call."""

    beams: int
    max_new_tokens: int
    min_new_tokens: int = 0
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0


class Backend(ABC):
    """An inference engine for one Marian checkpoint.

    Subclasses fill in ``encode``, ``generate`` and ``decode``; everything else
    (batching, deduplication, long inputs, guards) is the ``Translator``'s job.
    """

    name: str = "?"
    #: Source positions of the model, including the end-of-sentence token.
    max_source_tokens: int = 512
    #: Decoder positions: the start token plus at most this minus one new tokens.
    max_target_tokens: int = 512
    #: Id of ``<unk>`` in the target vocabulary (for the guard), if known.
    unk_id: int | None = None

    @abstractmethod
    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        """Source token ids of each text, with the end-of-sentence token."""

    @abstractmethod
    def generate(self, batch: Sequence[Sequence[int]],
                 settings: GenerateSettings) -> list[list[int]]:
        """Best output ids for each source in the batch, without special tokens."""

    @abstractmethod
    def decode(self, outputs: Sequence[Sequence[int]]) -> list[str]:
        """Detokenised strings for output ids."""

    def signature(self) -> dict[str, Any]:
        """How this backend was made: engine, versions, device, dtype."""
        return {"backend": self.name}

    def is_out_of_memory(self, exc: BaseException) -> bool:
        """True if ``exc`` is the device running out of memory (batch can be halved)."""
        return False

    #: Batches the translator may hand over before it collects the oldest one's result
    #: (``submit``); 0: one batch at a time.
    lookahead: int = 0

    def submit(self, batch: Sequence[Sequence[int]],
               settings: GenerateSettings) -> Callable[[], list[list[int]]]:
        """Start generating ``batch``; the returned function waits for the outputs.

        The default runs ``generate`` when the outputs are asked for; an engine that can
        work in the background (CTranslate2's asynchronous ``translate_batch``) starts at
        once, so its workers need not wait at the end of every batch.
        """
        return lambda: self.generate(batch, settings)


@dataclass
class TranslateStats:
    """Counters of the work a translator did (for logs, manifests and benchmarks)."""

    sentences: int = 0
    unique: int = 0
    pieces: int = 0
    batches: int = 0
    source_tokens: int = 0
    target_tokens: int = 0
    retried: int = 0
    oom_retries: int = 0
    seconds: float = 0.0


def _sentence_progress(owner: Sequence[int], total: int,
                       progress: Callable[[int, int], None] | None
                       ) -> Callable[[Sequence[int]], None] | None:
    """Turn "these units are done" into ``progress(sentences done, total)``.

    ``owner[u]`` is the sentence of unit ``u`` (a sentence, or a piece of an over-long
    one); a sentence is done when all its units are, one without units (empty) at once.
    Reports the starting count at once, so the total is known before the first batch.
    """
    if progress is None:
        return None
    left: dict[int, int] = {}
    for i in owner:
        left[i] = left.get(i, 0) + 1
    done = total - len(left)
    progress(done, total)

    def units_done(units: Sequence[int]) -> None:
        nonlocal done
        for u in units:
            left[owner[u]] -= 1
            if left[owner[u]] == 0:
                done += 1
        progress(done, total)

    return units_done


class Translator:
    """Translate lists of sentences with a ``Backend``, sentence by sentence.

    Args:
        backend: The loaded inference engine.
        options: Decoding and batching settings.
        model_info: Model id, revision and path, for the signature.
    """

    def __init__(self, backend: Backend, options: TranslateOptions,
                 model_info: dict[str, Any] | None = None) -> None:
        self.backend = backend
        self.options = options
        self.model_info = dict(model_info or {})
        self.stats = TranslateStats()
        self._max_tokens = options.max_batch_tokens

    # -- public API -------------------------------------------------------------------

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """Translations of ``sentences``, one string each, in the same order."""
        return [t.text for t in self.translate_detailed(sentences)]

    def translate_detailed(self, sentences: Sequence[str],
                           progress: Callable[[int, int], None] | None = None
                           ) -> list[Translation]:
        """Translations with flags (``long_split``, ``repetition``, ``length_ratio``, ``unk``).

        Args:
            sentences: Source sentences (any order, duplicates allowed).
            progress: Called with (sentences done, sentences in all), counting unique
                sentences (what ``stats.unique`` counts): once before the first batch,
                then as batches complete. A sentence split into pieces is done when
                its last piece is; empty sentences are done from the start.

        Raises:
            InputError: if ``sentences`` is a bare string or holds non-strings.
        """
        if isinstance(sentences, str):
            raise InputError("translate() takes a list of sentences, not one string")
        for s in sentences:
            if not isinstance(s, str):
                raise InputError(f"translate() takes strings, got {type(s).__name__}")
        started = time.perf_counter()
        prepared = [opus_mt_normalize(s) if self.options.normalize else s.strip() for s in sentences]
        # Identical sentences (datelines, boilerplate, repeated quotes) are translated once.
        unique: dict[str, int] = {}
        for text in prepared:
            unique.setdefault(text, len(unique))
        texts = list(unique)
        results = self._translate_unique(texts, progress)
        self.stats.sentences += len(sentences)
        self.stats.unique += len(texts)
        self.stats.seconds += time.perf_counter() - started
        return [results[unique[text]] for text in prepared]

    def signature(self) -> dict[str, Any]:
        """Everything that decides the output: model, backend, settings, versions."""
        import platform  # keeps --help fast: ~1 ms, and the CLI imports this module

        opts = self.options
        return {
            **self.model_info,
            **self.backend.signature(),
            "beams": opts.beams,
            "max_new_tokens": f"min({opts.max_new_tokens_cap}, "
                              f"{opts.max_new_tokens_ratio}*src+{opts.max_new_tokens_offset})",
            "max_batch_tokens": opts.max_batch_tokens,
            "guard": opts.guard,
            "normalize": "opus-mt" if opts.normalize else "none",
            "python": platform.python_version(),
        }

    # -- the pipeline -----------------------------------------------------------------

    def _translate_unique(self, texts: list[str],
                          progress: Callable[[int, int], None] | None) -> list[Translation]:
        limit = self.backend.max_source_tokens
        # Units are what the model sees: whole sentences, or pieces of long ones.
        unit_text: list[str] = []
        owner: list[int] = []
        flags: list[set[str]] = [set() for _ in texts]
        encoded = self.backend.encode(texts) if texts else []
        unit_ids: list[list[int]] = []
        for i, (text, ids) in enumerate(zip(texts, encoded, strict=True)):
            if not text:
                continue
            if len(ids) <= limit:
                unit_text.append(text)
                unit_ids.append(ids)
                owner.append(i)
                continue
            pieces = split_long(text, lambda t: len(self.backend.encode([t])[0]), limit)
            flags[i].add(LONG_SPLIT)
            for piece, piece_ids in zip(pieces, self.backend.encode(pieces), strict=True):
                unit_text.append(piece)
                unit_ids.append(piece_ids)
                owner.append(i)
        outputs = self._generate_all(unit_ids, flags, owner,
                                     _sentence_progress(owner, len(texts), progress))
        decoded = self.backend.decode(outputs) if outputs else []
        parts: list[list[str]] = [[] for _ in texts]
        for i, out in zip(owner, decoded, strict=True):
            parts[i].append(out.strip())
        self.stats.pieces += len(unit_ids)
        return [Translation(" ".join(p for p in parts[i] if p), tuple(sorted(flags[i])))
                for i in range(len(texts))]

    def _max_new_tokens(self, length: int) -> int:
        """The output limit of a source of ``length`` tokens."""
        o = self.options
        # The decoder cannot go past its position table (start token + new tokens).
        positions = self.backend.max_target_tokens - 1
        max_new = min(o.max_new_tokens_cap, positions,
                      math.ceil(o.max_new_tokens_ratio * length) + o.max_new_tokens_offset)
        return min(max(max_new, o.min_new_tokens), positions)

    def _settings(self, lengths: Sequence[int], retry: bool = False) -> GenerateSettings:
        o = self.options
        positions = self.backend.max_target_tokens - 1
        return GenerateSettings(
            beams=o.beams,
            max_new_tokens=self._max_new_tokens(max(lengths)),
            min_new_tokens=min(o.min_new_tokens, positions),
            repetition_penalty=o.repetition_penalty if retry else 1.0,
            no_repeat_ngram_size=o.no_repeat_ngram_size if retry else 0,
        )

    def _generate_all(self, unit_ids: list[list[int]], flags: list[set[str]],
                      owner: list[int],
                      progress: Callable[[Sequence[int]], None] | None) -> list[list[int]]:
        outputs = self._run_batches(unit_ids, False, progress)
        if self.options.guard:
            self._retry_degenerate(unit_ids, outputs, flags, owner)
        return outputs

    def _run_batches(self, unit_ids: list[list[int]], retry: bool,
                     progress: Callable[[Sequence[int]], None] | None = None
                     ) -> list[list[int]]:
        """Outputs of ``unit_ids``, generated in length-sorted batches under the token
        budget, handed over ``backend.lookahead`` batches ahead; out of memory halves the
        budget for the rest of the run. ``retry``: with the guard's repetition controls.
        ``progress``: called with the indices of each batch's units as it completes."""
        outputs: list[list[int]] = [[] for _ in unit_ids]
        lengths = [len(ids) for ids in unit_ids]

        def record(batch: list[int], results: list[list[int]]) -> None:
            for i, out in zip(batch, results, strict=True):
                outputs[i] = out
            if retry:
                return
            self.stats.batches += 1
            self.stats.source_tokens += sum(lengths[i] for i in batch)
            self.stats.target_tokens += sum(len(out) for out in results)
            if progress:
                progress(batch)

        pending = length_sorted_batches(lengths, self._max_tokens, self.options.max_batch_sentences)
        window = max(0, int(self.backend.lookahead))
        inflight: list[tuple[list[int], Callable[[], list[list[int]]]]] = []
        while pending or inflight:
            # hand over the next batches while the engine works on the current one
            while pending and len(inflight) <= window:
                batch = pending.pop(0)
                inflight.append((batch, self._submit_batch([unit_ids[i] for i in batch], retry)))
            batch, wait = inflight.pop(0)
            try:
                results = wait()
            except Exception as exc:
                if not self.backend.is_out_of_memory(exc) or len(batch) == 1:
                    raise
                # Out of memory: collect the batches already handed over (those that
                # finish are kept, those that fail run again), halve the budget for the
                # rest of the run and retry this one in halves.
                again = []
                for later, later_wait in inflight:
                    try:
                        later_results = later_wait()
                    except Exception:  # run again below (an error that is not memory
                        again.append(later)  # comes back then and is raised)
                    else:
                        record(later, later_results)
                inflight.clear()
                self._max_tokens = max(1, self._max_tokens // 2)
                self.stats.oom_retries += 1
                log.warning("out of memory on a batch of %d; token budget halved to %d",
                            len(batch), self._max_tokens)
                half = len(batch) // 2
                pending[:0] = [batch[:half], batch[half:], *again]
                continue
            record(batch, results)
        return outputs

    def _submit_batch(self, batch: list[list[int]],
                      retry: bool = False) -> Callable[[], list[list[int]]]:
        """Hand ``batch`` to the backend; the returned function waits for its outputs."""
        wait = self.backend.submit(batch, self._settings([len(ids) for ids in batch], retry))
        return lambda: self._checked(batch, wait())

    def _checked(self, batch: list[list[int]], results: list[list[int]]) -> list[list[int]]:
        if len(results) != len(batch):
            raise RuntimeError(f"backend returned {len(results)} outputs for {len(batch)} inputs")
        if self.options.min_new_tokens:  # forced lengths (benchmarks): nothing to cut
            return results
        # A batch decodes under the output limit of its longest source. Cut each output
        # to what its own limit lets through alone (limit - 1 tokens and the end token),
        # so a sentence comes out the same in any batch: exactly so with greedy search;
        # with beams, a hypothesis cut short alone can still rank differently.
        return [out[: self._max_new_tokens(len(ids)) - 1]
                for ids, out in zip(batch, results, strict=True)]

    def _retry_degenerate(self, unit_ids: list[list[int]], outputs: list[list[int]],
                          flags: list[set[str]], owner: list[int]) -> None:
        bad: dict[int, tuple[str, ...]] = {}
        for i, (ids, out) in enumerate(zip(unit_ids, outputs, strict=True)):
            found = guard.problems(len(ids), out, self.backend.unk_id)
            if found:
                bad[i] = found
        if not bad:
            return
        self.stats.retried += len(bad)
        indices = list(bad)
        results = self._run_batches([unit_ids[i] for i in indices], True)
        for i, out in zip(indices, results, strict=True):
            outputs[i] = out
        for i, found in bad.items():
            flags[owner[i]].update(found)
