"""A fake translation backend: word ids in, the same words upper-cased out."""

from __future__ import annotations

from collections.abc import Sequence

from transalign.translate.base import Backend, GenerateSettings


class FakeOOM(RuntimeError):
    pass


class FakeBackend(Backend):
    """Translates by upper-casing words; records every batch it was given.

    Args:
        max_source_tokens: Positions limit (words + end-of-sentence).
        loop_words: Words whose output loops (``W W W W W W``) unless the
            retry's repetition controls are on.
        oom_above: Raise a fake out-of-memory error for batches whose padded
            size exceeds this.
    """

    name = "fake"

    def __init__(self, max_source_tokens: int = 512, loop_words: Sequence[str] = (),
                 oom_above: int | None = None) -> None:
        self.max_source_tokens = max_source_tokens
        self.unk_id = 1
        self.words: dict[str, int] = {"</s>": 0, "<unk>": 1}
        self.loop_words = set(loop_words)
        self.oom_above = oom_above
        self.batches: list[list[list[int]]] = []
        self.settings: list[GenerateSettings] = []

    def _id(self, word: str) -> int:
        return self.words.setdefault(word, len(self.words))

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        return [[self._id(w) for w in t.split()] + [0] for t in texts]

    def generate(self, batch: Sequence[Sequence[int]],
                 settings: GenerateSettings) -> list[list[int]]:
        width = max(len(ids) for ids in batch)
        if self.oom_above is not None and len(batch) * width > self.oom_above:
            raise FakeOOM("CUDA out of memory (simulated)")
        self.batches.append([list(ids) for ids in batch])
        self.settings.append(settings)
        inverse = {v: k for k, v in self.words.items()}
        out = []
        for ids in batch:
            body = [i for i in ids if i != 0]
            if settings.no_repeat_ngram_size == 0 and any(inverse[i] in self.loop_words
                                                          for i in body):
                body = body[:1] * 6
            out.append(body)
        return out

    def decode(self, outputs: Sequence[Sequence[int]]) -> list[str]:
        inverse = {v: k for k, v in self.words.items()}
        return [" ".join(inverse[i].upper() for i in ids) for ids in outputs]

    def is_out_of_memory(self, exc: BaseException) -> bool:
        return isinstance(exc, FakeOOM)
