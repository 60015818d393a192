"""The ``Translator``: a list of sentences in, a list of translations out.

The pipeline around the model lives here, once, for every backend:
normalise → deduplicate → copy what has nothing to translate (``copied``) → identify
English sentences and copy them (``source_en``, unless ``translate_all``) → split
over-long sentences → sort by length and batch by a token budget → generate, with the
score of each hypothesis → guard against degenerate output → rejoin and restore the
original order, each sentence with its confidence → check each translation (numbers,
dates, times and links kept: ``number_mismatch``, ``missing_token``; English:
``not_english``; ``low_confidence`` below ``min_confidence``). A backend only encodes,
generates and decodes. The copy, language and check steps
(:mod:`transalign.translate.trust`) run when ``options.checks`` is on (the default);
language identification runs once over all the sentences of a call.

**Confidence** (``Translation.score``, the records' ``score``): the mean log-probability
per target token of the hypothesis the engine chose, in nats: the sum of the
log-probabilities the model gave each output token, and the end-of-sentence token when
the model chose it, divided by their number. A length limit that stopped the output
adds no end token. That is CTranslate2's ``return_scores`` with its default
``length_penalty=1``; the transformers backend computes the same number from the scores
of each step (both within 1e-3 in float32, tests/test_trust.py). 0 is certainty,
lower is less sure; it is not calibrated (no probability that the translation is
right), so compare it within one model and settings only (int8 and float32 differ a
little) and set ``min_confidence`` from your own data. A sentence split into pieces
gets the token-weighted mean of its pieces; an output the guard retried, the retry's
(under its repetition controls); an output cut to its own length limit (see
``Translator._checked``), that of the hypothesis decoded; a copied or empty sentence,
``None``.
"""

from __future__ import annotations

import logging
import math
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from ..check import copy_text, langid
from ..config import TranslateOptions
from ..errors import InputError
from ..normalize import opus_mt_normalize
from ..segment.abbreviations import BULLETS
from . import guard, trust
from .batching import length_sorted_batches
from .longsplit import LONG_SPLIT, split_long
from .trust import LOW_CONFIDENCE

if TYPE_CHECKING:
    from .trust import SourceCheck, TargetCheck

log = logging.getLogger(__name__)

# a UTF-16 surrogate alone in a str: not text (no UTF-8 encodes it)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# a heading or list marker that opens a sentence ("# Titel", "- Punkt", "• Punkt", "(1) Die
# Würde", "a) Antrag", "> Zitat"): kept as written, the rest translated. (Not "1." before a
# word: "3. Oktober" is a date, "1. FC Köln" a name.) The bullets are the segmenter's.
_MARKER = re.compile(r"(?:#{1,6}|[" + re.escape("".join(sorted(BULLETS))) + r">]"
                     r"|\(?[0-9]{1,2}\)|\(?[a-z]\))[ \t\u00a0]+(?=\S)")


def _split_marker(sentence: str) -> tuple[str, str]:
    """The heading or list marker that opens ``sentence`` (``_MARKER``), followed by one
    space, and the rest of the sentence; ``("", sentence)`` if there is none or nothing
    but punctuation follows it."""
    body = sentence.lstrip()
    m = _MARKER.match(body)
    if m is None or not any(c.isalnum() for c in body[m.end():]):
        return "", sentence
    return m.group().rstrip() + " ", body[m.end():]


@dataclass(frozen=True)
class Translation:
    """One translated sentence and what the translator noticed about it.

    Attributes:
        text: The translation (or the copy of the sentence).
        flags: What the translator noticed, sorted: ``long_split``, the guard's
            ``repetition``, ``length_ratio``, ``unk``, and with ``options.checks``
            ``copied``, ``source_en``, ``not_english``, ``number_mismatch``,
            ``missing_token``, ``low_confidence``.
        score: The confidence (see the module docstring), rounded to 4 decimals;
            ``None`` for a copied or empty sentence, or a backend without scores.
        checks: What each check flag is about (the numbers or tokens missing, the
            language found); empty when nothing is.
    """

    text: str
    flags: tuple[str, ...] = ()
    score: float | None = None
    checks: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Hypothesis:
    """The hypothesis a backend chose for one source.

    Attributes:
        ids: Output token ids, without special tokens.
        score: Mean log-probability per scored token (the confidence, see the module
            docstring); ``None`` when the backend gives none.
        length: How many tokens the mean is over (for the weighted mean of a split
            sentence's pieces).
    """

    ids: list[int]
    score: float | None = None
    length: int = 0


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
                 settings: GenerateSettings) -> list[Hypothesis] | list[list[int]]:
        """Best output for each source in the batch: a ``Hypothesis`` (ids without
        special tokens, and their score), or only the ids (then no confidence)."""

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

    def submit(self, batch: Sequence[Sequence[int]], settings: GenerateSettings
               ) -> Callable[[], list[Hypothesis] | list[list[int]]]:
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
    #: unique sentences copied instead of translated (``copied``, ``source_en``)
    copied: int = 0
    #: time of the copy decisions, language identification and checks (in ``seconds``)
    check_seconds: float = 0.0


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
        """Translations with their flags, confidence and checks (see ``Translation``).

        A copied sentence (``copied``, or ``source_en`` without ``translate_all``) comes
        out as written, its whitespace runs (line breaks of wrapped input) made one
        space; ``copied`` ones with their numbers in English form where that is
        unambiguous (:func:`transalign.check.copy_text`).

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
        for k, s in enumerate(sentences, 1):
            if not isinstance(s, str):
                raise InputError(f"translate() takes strings, got {type(s).__name__}")
            if (m := _LONE_SURROGATE.search(s)) is not None:
                # not text: a string built in Python or decoded with surrogateescape; the
                # tokenizer cannot encode it
                raise InputError(f"sentence {k} holds a lone surrogate (U+{ord(m.group()):04X}), "
                                 "which is not text; clean it first, e.g. "
                                 "s.encode('utf-8', 'replace').decode('utf-8')")
        started = time.perf_counter()
        split = [_split_marker(s) for s in sentences]
        markers = [marker for marker, _ in split]
        prepared = [opus_mt_normalize(rest) if self.options.normalize else rest.strip()
                    for _, rest in split]
        # Identical sentences (datelines, boilerplate, repeated quotes) are translated once.
        unique: dict[str, int] = {}
        for text in prepared:
            unique.setdefault(text, len(unique))
        texts = list(unique)
        results, copies = self._translate_unique(texts, progress)
        self.stats.sentences += len(sentences)
        self.stats.unique += len(texts)
        out = [results[unique[text]] for text in prepared]
        for k, (sentence, text) in enumerate(zip(sentences, prepared, strict=True)):
            kind = copies.get(unique[text])
            if kind is not None:  # each sentence's own copy (the unique text is normalised)
                plain = " ".join(sentence.split())  # the marker with it
                out[k] = replace(out[k], text=copy_text(plain) if kind == "copied" else plain)
            elif markers[k] and out[k].text:
                out[k] = replace(out[k], text=markers[k] + out[k].text)
        self.stats.seconds += time.perf_counter() - started
        return out

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
            **self._checks_signature(),
            "python": platform.python_version(),
        }

    def _checks_signature(self) -> dict[str, Any]:
        """The settings of the copy, language and check steps, for the signature."""
        opts = self.options
        if not opts.checks:
            return {"checks": False}


        try:
            engine = f"{langid.BACKEND} {version(langid.BACKEND)}"
        except PackageNotFoundError:  # pragma: no cover - a core dependency
            engine = langid.BACKEND
        return {"checks": True, "translate_all": opts.translate_all,
                "min_confidence": opts.min_confidence,
                "langid": {"engine": engine, "threshold": langid.THRESHOLD,
                           "min_letters": langid.MIN_LETTERS}}

    # -- the pipeline -----------------------------------------------------------------

    def _translate_unique(self, texts: list[str],
                          progress: Callable[[int, int], None] | None
                          ) -> tuple[list[Translation], dict[int, str]]:
        """Translations of the unique normalised ``texts``, and the copies among them
        (index → ``copied`` or ``source_en``: ``translate_detailed`` writes their text)."""
        sources = self._check_sources(texts)
        copies = {i: c.flags[0] for i, c in enumerate(sources) if c.copy}
        self.stats.copied += len(copies)
        limit = self.backend.max_source_tokens
        # Units are what the model sees: whole sentences, or pieces of long ones.
        unit_text: list[str] = []
        owner: list[int] = []
        flags: list[set[str]] = [set(c.flags) for c in sources]
        todo = [i for i, text in enumerate(texts) if text and i not in copies]
        encoded = self.backend.encode([texts[i] for i in todo]) if todo else []
        unit_ids: list[list[int]] = []
        for i, ids in zip(todo, encoded, strict=True):
            text = texts[i]
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
        decoded = self.backend.decode([h.ids for h in outputs]) if outputs else []
        parts: list[list[str]] = [[] for _ in texts]
        for i, out in zip(owner, decoded, strict=True):
            parts[i].append(out.strip())
        self.stats.pieces += len(unit_ids)
        scores = _sentence_scores(owner, outputs, len(texts))
        translated = [" ".join(p for p in parts[i] if p) for i in range(len(texts))]
        checks = self._check_targets(texts, translated, todo)

        results = []
        low = self.options.min_confidence
        for i in range(len(texts)):
            about = {**sources[i].checks}
            if i in checks:
                flags[i].update(checks[i].flags)
                about.update(checks[i].checks)
            score = scores[i]
            if low is not None and score is not None and score < low:
                flags[i].add(LOW_CONFIDENCE)
            results.append(Translation(translated[i], tuple(sorted(flags[i])), score,
                                       dict(sorted(about.items()))))
        return results, copies

    def _check_sources(self, texts: list[str]) -> list[SourceCheck]:
        """The copy decisions (``trust.check_sources``); none without ``options.checks``."""

        if not self.options.checks:
            return [trust.SourceCheck()] * len(texts)
        started = time.perf_counter()
        out = trust.check_sources(texts, translate_all=self.options.translate_all)
        self.stats.check_seconds += time.perf_counter() - started
        return out

    def _check_targets(self, texts: list[str], translated: list[str], todo: list[int]
                       ) -> dict[int, TargetCheck]:
        """The checks of the translated sentences (``trust.check_targets``), by index."""
        if not self.options.checks or not todo:
            return {}

        started = time.perf_counter()
        found = trust.check_targets([(texts[i], translated[i]) for i in todo])
        self.stats.check_seconds += time.perf_counter() - started
        return dict(zip(todo, found, strict=True))

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
                      progress: Callable[[Sequence[int]], None] | None) -> list[Hypothesis]:
        outputs = self._run_batches(unit_ids, False, progress)
        if self.options.guard:
            self._retry_degenerate(unit_ids, outputs, flags, owner)
        return outputs

    def _run_batches(self, unit_ids: list[list[int]], retry: bool,
                     progress: Callable[[Sequence[int]], None] | None = None
                     ) -> list[Hypothesis]:
        """Outputs of ``unit_ids``, generated in length-sorted batches under the token
        budget, handed over ``backend.lookahead`` batches ahead; out of memory halves the
        budget for the rest of the run. ``retry``: with the guard's repetition controls.
        ``progress``: called with the indices of each batch's units as it completes."""
        outputs: list[Hypothesis] = [Hypothesis([]) for _ in unit_ids]
        lengths = [len(ids) for ids in unit_ids]

        def record(batch: list[int], results: list[Hypothesis]) -> None:
            for i, out in zip(batch, results, strict=True):
                outputs[i] = out
            if retry:
                return
            self.stats.batches += 1
            self.stats.source_tokens += sum(lengths[i] for i in batch)
            self.stats.target_tokens += sum(len(out.ids) for out in results)
            if progress:
                progress(batch)

        pending = length_sorted_batches(lengths, self._max_tokens, self.options.max_batch_sentences)
        window = max(0, int(self.backend.lookahead))
        inflight: list[tuple[list[int], Callable[[], list[Hypothesis]]]] = []
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
                      retry: bool = False) -> Callable[[], list[Hypothesis]]:
        """Hand ``batch`` to the backend; the returned function waits for its outputs."""
        wait = self.backend.submit(batch, self._settings([len(ids) for ids in batch], retry))
        return lambda: self._checked(batch, wait())

    def _checked(self, batch: list[list[int]],
                 results: Sequence[Hypothesis | Sequence[int]]) -> list[Hypothesis]:
        if len(results) != len(batch):
            raise RuntimeError(f"backend returned {len(results)} outputs for {len(batch)} inputs")
        hypotheses = [r if isinstance(r, Hypothesis) else Hypothesis(list(r)) for r in results]
        if self.options.min_new_tokens:  # forced lengths (benchmarks): nothing to cut
            return hypotheses
        # A batch decodes under the output limit of its longest source. Cut each output
        # to what its own limit lets through alone (limit - 1 tokens and the end token),
        # so a sentence comes out the same in any batch: exactly so with greedy search;
        # with beams, a hypothesis cut short alone can still rank differently. (The
        # score stays that of the hypothesis decoded: CTranslate2 gives no score per
        # token, and both backends must give the same number.)
        out = []
        for ids, hyp in zip(batch, hypotheses, strict=True):
            keep = self._max_new_tokens(len(ids)) - 1
            out.append(hyp if len(hyp.ids) <= keep else replace(hyp, ids=hyp.ids[:keep]))
        return out

    def _retry_degenerate(self, unit_ids: list[list[int]], outputs: list[Hypothesis],
                          flags: list[set[str]], owner: list[int]) -> None:
        bad: dict[int, tuple[str, ...]] = {}
        for i, (ids, out) in enumerate(zip(unit_ids, outputs, strict=True)):
            found = guard.problems(len(ids), out.ids, self.backend.unk_id)
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


def _sentence_scores(owner: Sequence[int], outputs: Sequence[Hypothesis], total: int
                     ) -> list[float | None]:
    """The confidence of each sentence: the token-weighted mean of its units' scores,
    rounded to 4 decimals; ``None`` for a sentence without units (empty, copied) or with
    a unit the backend gave no score."""
    sums = [0.0] * total
    counts = [0] * total
    unscored = [False] * total
    for i, hyp in zip(owner, outputs, strict=True):
        if hyp.score is None or hyp.length <= 0 or not math.isfinite(hyp.score):
            unscored[i] = True
        else:
            sums[i] += hyp.score * hyp.length
            counts[i] += hyp.length
    # + 0.0: a mean that rounds to zero is 0.0, not -0.0
    return [None if unscored[i] or not counts[i] else round(sums[i] / counts[i], 4) + 0.0
            for i in range(total)]
