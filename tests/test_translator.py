"""The Translator's pipeline on a fake backend: order, dedup, long inputs, guard, OOM."""

from __future__ import annotations

import pytest

from fakes import FakeBackend, FakeOOM
from transalign.config import TranslateOptions
from transalign.errors import InputError
from transalign.translate.base import Translator
from transalign.translate.batching import length_sorted_batches
from transalign.translate.guard import has_repetition, problems
from transalign.translate.longsplit import split_long


def make(**kw) -> tuple[Translator, FakeBackend]:
    backend_kw = {k: kw.pop(k) for k in ("max_source_tokens", "loop_words", "oom_above") if k in kw}
    backend = FakeBackend(**backend_kw)
    return Translator(backend, TranslateOptions(model="fake", **kw)), backend


def test_order_restored_after_length_sorting() -> None:
    sents = ["a b c d e f", "x", "p q r", "m n", "u v w y z"]
    translator, backend = make(max_batch_tokens=8)
    assert translator.translate(sents) == [s.upper() for s in sents]
    # It really was sorted: the first batch holds the longest sentence.
    assert len(backend.batches[0][0]) == 7
    assert len(backend.batches) > 1


def test_duplicates_translated_once() -> None:
    translator, backend = make()
    out = translator.translate(["a b", "c", "a b", "a  b", "c"])
    assert out == ["A B", "C", "A B", "A B", "C"]
    seen = [tuple(ids) for batch in backend.batches for ids in batch]
    assert len(seen) == 2 == len(set(seen))
    assert translator.stats.unique == 2 and translator.stats.sentences == 5


def test_empty_and_whitespace_sentences_give_empty_output_without_model_call() -> None:
    translator, backend = make()
    assert translator.translate(["", "  ", "a"]) == ["", "", "A"]
    assert [len(b) for b in backend.batches] == [1]
    assert translator.translate([]) == []


def test_bare_string_is_rejected() -> None:
    translator, _ = make()
    with pytest.raises(InputError, match="list of sentences"):
        translator.translate("ein Satz")  # type: ignore[arg-type]


def test_long_sentence_split_translated_and_flagged() -> None:
    words = [f"w{i}" for i in range(2000)]
    text = " ".join(words[:700]) + ", " + " ".join(words[700:])
    translator, backend = make(max_source_tokens=300)
    [result] = translator.translate_detailed([text])
    assert result.flags == ("long_split",)
    # Nothing truncated: every word comes back, in order.
    assert result.text.replace(",", "").split() == [w.upper() for w in words]
    assert all(len(ids) <= 300 for batch in backend.batches for ids in batch)


def test_degenerate_output_retried_once_with_controls_and_flagged() -> None:
    translator, backend = make(loop_words=["loop"])
    out = translator.translate_detailed(["gut so", "loop hier"])
    assert out[0].text == "GUT SO" and out[0].flags == ()
    assert out[1].text == "LOOP HIER" and "repetition" in out[1].flags
    retry = [s for s in backend.settings if s.no_repeat_ngram_size]
    assert len(retry) == 1 and retry[0].repetition_penalty > 1.0
    assert translator.stats.retried == 1


def test_guard_off_keeps_raw_output() -> None:
    translator, _ = make(loop_words=["loop"], guard=False)
    [result] = translator.translate_detailed(["loop hier"])
    assert result.text == "LOOP LOOP LOOP LOOP LOOP LOOP" and result.flags == ()


def test_out_of_memory_halves_budget_and_retries() -> None:
    sents = [f"s{i} a b c d e f g" for i in range(16)]  # 9 tokens each
    translator, backend = make(max_batch_tokens=1000, oom_above=40)
    assert translator.translate(sents) == [s.upper() for s in sents]
    assert translator.stats.oom_retries >= 1
    assert all(len(b) * max(map(len, b)) <= 40 for b in backend.batches)


def test_out_of_memory_on_single_sentence_raises() -> None:
    translator, _ = make(oom_above=3)
    with pytest.raises(RuntimeError, match="out of memory"):
        translator.translate(["a b c d e"])


def test_max_new_tokens_relative_to_source_with_cap() -> None:
    translator, backend = make(max_new_tokens_ratio=2.0, max_new_tokens_offset=10,
                               max_new_tokens_cap=50)
    translator.translate(["a b c"])  # 4 tokens with </s>
    assert backend.settings[-1].max_new_tokens == 18
    translator.translate([" ".join(["z"] * 100)])
    assert backend.settings[-1].max_new_tokens == 50


@pytest.mark.parametrize(("lengths", "budget", "max_sent"), [
    ([5, 1, 9, 3, 3, 7, 2], 10, 64),
    ([4] * 50, 16, 3),
    ([100, 1, 1], 10, 8),   # an item over budget gets a batch of its own
    ([], 10, 4),
])
def test_batches_cover_every_index_once_within_budget(lengths, budget, max_sent) -> None:
    batches = length_sorted_batches(lengths, budget, max_sent)
    flat = [i for b in batches for i in b]
    assert sorted(flat) == list(range(len(lengths)))
    for b in batches:
        assert len(b) <= max_sent
        if len(b) > 1:
            assert len(b) * max(lengths[i] for i in b) <= budget
    assert batches == length_sorted_batches(lengths, budget, max_sent)  # deterministic


@pytest.mark.parametrize(("tokens", "expected"), [
    ([1, 2, 3, 4, 5, 6], False),
    ([7, 7, 7, 7], True),
    ([7, 7, 7], False),
    ([1, 2, 1, 2, 1, 2], True),
    ([1, 2, 1, 2, 1], False),
    ([5, 1, 2, 3, 1, 2, 3, 1, 2, 3, 9], True),
    ([], False),
])
def test_repetition_detection(tokens, expected) -> None:
    assert has_repetition(tokens) is expected


def test_problems_names_each_kind() -> None:
    assert problems(5, [3, 4, 5], unk_id=1) == ()
    assert problems(5, [3, 1, 5], unk_id=1) == ("unk",)
    assert problems(2, list(range(10, 40)), unk_id=1) == ("length_ratio",)


def test_split_long_prefers_clause_boundaries_and_loses_nothing() -> None:
    text = "eins zwei drei vier fünf, sechs sieben acht neun zehn"
    pieces = split_long(text, lambda t: len(t.split()) + 1, 8)
    assert pieces == ["eins zwei drei vier fünf,", "sechs sieben acht neun zehn"]
    glued = "x" * 100
    pieces = split_long(glued, lambda t: len(t) // 10 + 1, 4)
    assert "".join(pieces) == glued and all(len(p) // 10 + 1 <= 4 for p in pieces)


def test_output_limit_capped_by_decoder_positions() -> None:
    translator, backend = make(max_new_tokens_cap=500, min_new_tokens=0)
    backend.max_target_tokens = 64
    translator.translate([" ".join(["w"] * 50)])
    assert backend.settings[-1].max_new_tokens == 63


def test_progress_reports_units_done_and_total() -> None:
    translator, _ = make(max_batch_tokens=8)
    calls: list[tuple[int, int]] = []
    translator.translate_detailed(["a b c", "d", "e f", "d"], progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (3, 3)  # three unique sentences
    assert [d for d, _ in calls] == sorted(d for d, _ in calls) and len(calls) > 1


class PipelinedBackend(FakeBackend):
    """A FakeBackend that works "in the background": it logs when each batch is handed
    over and when its outputs are collected."""

    lookahead = 1

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.events: list[tuple[str, int]] = []
        self.submitted = 0

    def submit(self, batch, settings):
        k = self.submitted
        self.submitted += 1
        self.events.append(("submit", k))

        def wait():
            self.events.append(("collect", k))
            return self.generate(batch, settings)

        return wait


def test_lookahead_hands_over_the_next_batch_before_collecting() -> None:
    sents = [f"w{i} " + "x " * (i % 7) for i in range(40)]
    backend = PipelinedBackend()
    translator = Translator(backend, TranslateOptions(model="fake", max_batch_tokens=24,
                                                      guard=False))
    assert translator.translate(sents) == [s.strip().upper() for s in sents]
    n = backend.submitted
    assert n > 3
    # batch k+1 is submitted before batch k is collected, every time
    for k in range(n - 1):
        assert backend.events.index(("submit", k + 1)) < backend.events.index(("collect", k))
    assert translator.stats.batches == n


def test_lookahead_out_of_memory_reruns_the_batches_in_flight() -> None:
    sents = [f"s{i} a b c d e f g" for i in range(16)]  # 9 tokens each
    backend = PipelinedBackend(oom_above=40)
    translator = Translator(backend, TranslateOptions(model="fake", max_batch_tokens=1000,
                                                      max_batch_sentences=8))
    assert translator.translate(sents) == [s.upper() for s in sents]
    assert translator.stats.oom_retries >= 1
    assert all(len(b) * max(map(len, b)) <= 40 for b in backend.batches)


class OneBigBatchOOM(PipelinedBackend):
    """Out of memory on batches of more than 4 sentences only."""

    def generate(self, batch, settings):
        if len(batch) > 4:
            raise FakeOOM("CUDA out of memory (simulated)")
        return super().generate(batch, settings)


def test_lookahead_out_of_memory_keeps_the_batches_in_flight_that_finish() -> None:
    # the longest sentences come first: a batch of 8 (out of memory), then one of 2 that
    # was handed over meanwhile and finishes; it must not be translated a second time
    sents = [f"lang{i} a b c d e f g h" for i in range(8)] + ["kurz a", "kurz b"]
    backend = OneBigBatchOOM()
    translator = Translator(backend, TranslateOptions(model="fake", max_batch_tokens=1000,
                                                      max_batch_sentences=8))
    assert translator.translate(sents) == [s.strip().upper() for s in sents]
    assert translator.stats.oom_retries == 1
    seen = [tuple(ids) for b in backend.batches for ids in b]
    assert len(seen) == len(set(seen)) == len(sents)
    assert translator.stats.batches == len(backend.batches) == 3  # 2, then 4 + 4


class RetryOOM(FakeBackend):
    """Out of memory on retries (the guard's repetition controls on) of over 2 sentences."""

    def generate(self, batch, settings):
        if settings.no_repeat_ngram_size and len(batch) > 2:
            raise FakeOOM("CUDA out of memory (simulated)")
        return super().generate(batch, settings)


def test_out_of_memory_in_the_guards_retry_halves_the_budget_too() -> None:
    sents = [f"loop s{i}" for i in range(6)]
    backend = RetryOOM(loop_words=["loop"])
    translator = Translator(backend, TranslateOptions(model="fake", max_batch_tokens=1000))
    assert translator.translate(sents) == [s.upper() for s in sents]
    assert translator.stats.retried == 6 and translator.stats.oom_retries >= 1
    assert all(len(b) <= 2 for b, s in zip(backend.batches, backend.settings, strict=True)
               if s.no_repeat_ngram_size)
