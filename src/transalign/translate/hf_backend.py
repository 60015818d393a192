"""The reference backend: MarianMT through transformers and torch."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ModelError
from .base import Backend, GenerateSettings

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
        import transformers
        from transformers import MarianMTModel, MarianTokenizer
        from transformers.utils import logging as hf_logging

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
                 settings: GenerateSettings) -> list[list[int]]:
        from transformers import GenerationConfig  # heavy: transformers

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
        with torch.inference_mode():
            out = self.model.generate(input_ids=input_ids.to(self.device),
                                      attention_mask=mask.to(self.device),
                                      generation_config=config)
        results = []
        for row in out.tolist():
            ids = row[1:] if row and row[0] == self.start_id else row
            clean = []
            for tok in ids:
                if tok == self.eos_id:
                    break
                if tok != self.pad_id:
                    clean.append(tok)
            results.append(clean)
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
