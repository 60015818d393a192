"""The reference backend: MarianMT through transformers and torch.

The confidence of each output (see :mod:`transalign.translate.base`) comes from the
scores of each decoding step, kept by a logits processor that runs after the others
(``_StepScores``): for every row, the top few log-probabilities, renormalised over the
tokens the other processors left (the padding token, a forced end): CTranslate2's
log-softmax after its masks, so both backends give the same number. ``output_scores``
would keep the whole vocabulary per step and row (gigabytes for a batch of long
sentences with opus-mt's 58k pieces); this keeps ``2 * beams + 1`` numbers.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ModelError
from .base import Backend, GenerateSettings, Hypothesis

log = logging.getLogger(__name__)


class TransformersBackend(Backend):
    """``MarianMTModel.generate`` with a ``MarianTokenizer``.

    Args:
        path: Checkpoint directory.
        device: ``cpu`` or ``cuda`` (see :mod:`transalign.placement`).
        dtype: ``float32``, ``float16`` or ``bfloat16``.
        threads: torch intra-op threads (0 = torch's default).
    """

    name = "transformers"

    def __init__(self, path: Path, device: str = "cpu", dtype: str = "float32",
                 threads: int = 0) -> None:
        import torch  # heavy: torch, transformers
        import transformers  # heavy: transformers and torch
        from transformers import MarianMTModel, MarianTokenizer  # heavy
        from transformers.utils import logging as hf_logging  # heavy

        hf_logging.set_verbosity_error()  # its warnings are about things we handle
        hf_logging.disable_progress_bar()
        warnings.filterwarnings("ignore", message=".*sacremoses.*")
        self.device = device  # concrete: decided by transalign.placement
        self.dtype = dtype
        if threads > 0:
            torch.set_num_threads(threads)
        try:
            self.tokenizer = MarianTokenizer.from_pretrained(str(path))
            self.model = MarianMTModel.from_pretrained(
                str(path), dtype=getattr(torch, self.dtype)).to(self.device).eval()
        except (OSError, ValueError, RuntimeError) as exc:
            first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
            raise ModelError(f"cannot load the model in {path} ({type(exc).__name__}: "
                             f"{first}); download it again or check --model") from None
        config = self.model.config
        self.max_source_tokens = int(config.max_position_embeddings)
        self.max_target_tokens = int(config.max_position_embeddings)
        # Length limits are ours (split, never truncate): silence the tokenizer's warning.
        self.tokenizer.model_max_length = 1 << 30
        self.pad_id = int(config.pad_token_id)
        self.eos_id = int(config.eos_token_id)
        self.start_id = int(config.decoder_start_token_id)
        self.unk_id = self.tokenizer.unk_token_id
        self._torch = torch
        self._versions = {"torch": torch.__version__, "transformers": transformers.__version__}

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        if not texts:
            return []
        return [list(ids) for ids in self.tokenizer(list(texts), truncation=False)["input_ids"]]

    def generate(self, batch: Sequence[Sequence[int]],
                 settings: GenerateSettings) -> list[Hypothesis]:
        from transformers import GenerationConfig, LogitsProcessorList  # heavy: transformers

        torch = self._torch
        width = max(len(ids) for ids in batch)
        input_ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, ids in enumerate(batch):
            input_ids[row, :len(ids)] = torch.tensor(ids, dtype=torch.long)
            mask[row, :len(ids)] = 1
        config = GenerationConfig(
            num_beams=settings.beams, do_sample=False, max_new_tokens=settings.max_new_tokens,
            min_new_tokens=settings.min_new_tokens or None,
            repetition_penalty=settings.repetition_penalty,
            no_repeat_ngram_size=settings.no_repeat_ngram_size,
            pad_token_id=self.pad_id, eos_token_id=self.eos_id,
            decoder_start_token_id=self.start_id,
            bad_words_ids=[[self.pad_id]],
            forced_eos_token_id=None if settings.min_new_tokens else self.eos_id,
        )
        steps = _StepScores(2 * settings.beams + 1)
        with torch.inference_mode():
            out = self.model.generate(input_ids=input_ids.to(self.device),
                                      attention_mask=mask.to(self.device),
                                      generation_config=config,
                                      logits_processor=LogitsProcessorList([steps]),
                                      return_dict_in_generate=True)
        rows = out.sequences.tolist()
        chosen = steps.chosen(out.sequences, getattr(out, "beam_indices", None),
                              settings.beams)
        # the end token the length limit forced is not the model's choice: not counted
        forced_at = None if settings.min_new_tokens else settings.max_new_tokens - 1
        results = []
        for row, logprobs in zip(rows, chosen, strict=True):
            offset = 1 if row and row[0] == self.start_id else 0
            ids = row[offset:]
            end = ids.index(self.eos_id) if self.eos_id in ids else len(ids)
            clean = [tok for tok in ids[:end] if tok != self.pad_id]
            counted = end + (1 if end < len(ids) and end != forced_at else 0)
            # (the steps are counted from the first token after the start token)
            mine = logprobs[:counted] if logprobs is not None and offset else []
            score = (sum(mine) / counted if counted and len(mine) == counted
                     and all(x is not None for x in mine) else None)
            results.append(Hypothesis(clean, score, counted if score is not None else 0))
        return results

    def decode(self, outputs: Sequence[Sequence[int]]) -> list[str]:
        return self.tokenizer.batch_decode([list(o) for o in outputs], skip_special_tokens=True)

    def signature(self) -> dict[str, Any]:
        return {"backend": self.name, "device": self.device, "dtype": self.dtype,
                **self._versions}

    def is_out_of_memory(self, exc: BaseException) -> bool:
        oom = isinstance(exc, self._torch.cuda.OutOfMemoryError) or (
            isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower())
        if oom and self.device == "cuda":
            self._torch.cuda.empty_cache()
        return oom


class _StepScores:
    """A logits processor (the last one) that keeps, for each decoding step and row, the
    ``k`` best log-probabilities, renormalised over the tokens left unmasked.

    The token a search picks at a step is among its row's ``k`` best once ``k`` is at
    least twice the beam size (beam search keeps the ``2 * beams`` best continuations of
    all rows, each row's scores shifted by one constant): :meth:`chosen` finds the
    log-probability of every output token there.
    """

    def __init__(self, k: int) -> None:
        self.k = k
        self.values: list[Any] = []
        self.indices: list[Any] = []

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import torch  # heavy: torch

        logprobs = scores.float()
        top, index = torch.topk(logprobs, min(self.k, logprobs.shape[-1]), dim=-1)
        self.values.append(top - torch.logsumexp(logprobs, dim=-1, keepdim=True))
        self.indices.append(index)
        return scores

    def chosen(self, sequences: Any, beam_indices: Any, beams: int
               ) -> list[list[float | None] | None]:
        """For each output row, the log-probability of the token at each position
        (``None`` where it was not among the kept ones); ``None`` for a row whose steps
        cannot be traced (beam search without ``beam_indices``)."""
        import torch  # heavy: torch

        rows = sequences.shape[0]
        if not self.values or (beams > 1 and beam_indices is None):
            return [None] * rows
        values = torch.stack(self.values)  # (steps, search rows, k)
        indices = torch.stack(self.indices)
        steps = min(values.shape[0], sequences.shape[1] - 1)
        tokens = sequences[:, 1:1 + steps].to(indices.device)  # after the start token
        step = torch.arange(steps, device=indices.device).expand(rows, steps)
        if beams > 1:  # the search row each token came from (-1 after a hypothesis ended)
            source = beam_indices[:, :steps].to(indices.device).long().clamp(min=0)
            if source.shape[1] < steps:
                source = torch.nn.functional.pad(source, (0, steps - source.shape[1]))
        else:
            source = torch.arange(rows, device=indices.device)[:, None].expand(rows, steps)
        hit = indices[step, source] == tokens[..., None]  # (rows, steps, k)
        logprob = torch.where(hit, values[step, source], 0.0).sum(-1)
        found = hit.any(-1)
        return [[lp if ok else None for lp, ok in zip(lps, oks, strict=True)]
                for lps, oks in zip(logprob.tolist(), found.tolist(), strict=True)]
