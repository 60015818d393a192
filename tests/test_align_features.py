"""The aligner's features: n-gram coding, tokens and anchors, the learnt lexicon."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from transalign.align import features as F


@pytest.mark.parametrize(("texts", "orders", "per_sentence"), [
    (["ab", "c"], (1,), [2, 1]),
    (["abc", "de"], (2,), [2, 1]),
    (["ab", "cd"], (3,), [0, 0]),  # no n-gram crosses a sentence boundary
    (["", "xy"], (1, 2), [0, 3]),
    (["a\x00b"], (2,), [0]),  # nor a NUL inside a text
    (["aaaa"], (1, 2), [2]),  # distinct n-grams, repeated ones counted in tf
    (["\ud800x"], (1,), [2]),  # a lone surrogate does not crash the encoder
])
def test_char_ngrams_stay_inside_sentences(texts, orders, per_sentence) -> None:
    sent, slot, tf = F._sentence_counts(texts, orders)
    assert np.bincount(sent, minlength=len(texts)).tolist() == per_sentence
    assert len(set(zip(sent.tolist(), slot.tolist(), strict=True))) == len(sent)
    assert (tf >= 1).all()


def test_char_ngram_slots_are_the_same_in_every_sentence() -> None:
    sent, slot, tf = F._sentence_counts(["xab", "ab", "abab"], (2,))
    ab = set(slot[sent == 1].tolist())
    assert ab <= set(slot[sent == 0].tolist())
    assert ab <= set(slot[sent == 2].tolist())
    assert tf[(sent == 2) & np.isin(slot, list(ab))].tolist() == [2]


@pytest.mark.parametrize(("text", "must", "must_not"), [
    ('„Kommst du?“', {"\x01q", "\x01qo", "\x01qc", "\x01e?", "\x01?", "kommst", "du"}, {"\x01!"}),
    ("I'd say 'nuff.", {"say", "nuff"}, {"\x01q", "\x01qo", "\x01qc"}),  # apostrophes
    (",,Tom!\"", {"\x01qo", "\x01qc", "\x01e!", "tom"}, {"\x01e?"}),
    ("Am 9. Dezember 2021:", {"am", "9", "dezember", "2021", "\x01e:"}, {"\x01qo"}),
    ("a b c", set(), {"a", "b", "c"}),  # single letters are not tokens, digits are
    ("", set(), {"\x01qo"}),
])
def test_tokens_and_punctuation_classes(text: str, must: set[str], must_not: set[str]) -> None:
    sent, word, vocab = F.tokens([text])
    got = {vocab[w] for w in word.tolist()}
    assert must <= got
    assert not must_not & got
    assert (sent == 0).all()


def test_tokens_are_unique_per_sentence_and_sorted() -> None:
    sent, word, vocab = F.tokens(["Tom Tom Tom.", "", "Huck und Tom."])
    pairs = list(zip(sent.tolist(), [vocab[w] for w in word.tolist()], strict=True))
    assert len(pairs) == len(set(pairs))
    assert sent.tolist() == sorted(sent.tolist())
    assert {p for p in pairs if p[0] == 2} >= {(2, "huck"), (2, "und"), (2, "tom")}


def test_anchor_profiles_match_shared_tokens_only() -> None:
    src = ["Am 12. März kam Anna nach Basel.", "Das Wetter war schlecht."]
    tgt = ["On 12 March Anna came to Basel.", "The weather was bad."]
    sf, tf = F.featurise(src, tgt, src, tgt)
    a = sf.anchors / np.linalg.norm(sf.anchors, axis=1, keepdims=True).clip(1e-9)
    b = tf.anchors / np.linalg.norm(tf.anchors, axis=1, keepdims=True).clip(1e-9)
    sim = a @ b.T
    assert sim[0, 0] > 0.9  # 12, anna, basel
    assert abs(sim[0, 1]) < 0.2
    assert np.allclose(sf.anchors[1], 0) or abs(sim[1, 0]) < 0.2


def test_features_are_the_same_in_another_process() -> None:
    # token codes must not depend on Python's per-process string hash salt
    code = ("from transalign.align import features as F; import numpy as np;"
            "s, t = F.featurise(['Anna kam 2021 nach Basel.'], ['Anna came to Basel in 2021.'],"
            "['Anna kam 2021 nach Basel.'], ['Anna came to Basel in 2021.']);"
            "print(float(np.abs(s.anchors).sum()), float(s.chars[0] @ t.chars[0]))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={"PYTHONHASHSEED": str(seed)}).stdout
            for seed in (1, 2)}
    assert len(runs) == 1


def test_learn_lexicon_finds_consistent_translations() -> None:
    # beads: (bead, word) pairs; "haus" always co-occurs with "house", "und" with "and"
    src_v = {"haus": 0, "und": 1, "katze": 2}
    tgt_v = {"house": 0, "and": 1, "cat": 2, "dog": 3}
    beads = [(["haus", "und"], ["house", "and"]), (["haus"], ["house", "dog"]),
             (["katze", "und"], ["cat", "and"]), (["katze"], ["cat"]), (["und"], ["and"])]
    s = np.array([(k, src_v[w]) for k, (ws, _) in enumerate(beads) for w in ws])
    t = np.array([(k, tgt_v[w]) for k, (_, ws) in enumerate(beads) for w in ws])
    lex_s, lex_t, dice = F.learn_lexicon((s[:, 0], s[:, 1]), (t[:, 0], t[:, 1]), 3, 4, top=1)
    table = dict(zip(lex_s.tolist(), lex_t.tolist(), strict=True))
    assert table == {0: 0, 1: 1, 2: 2}
    assert ((dice > 0) & (dice <= 1)).all()


def test_learn_lexicon_on_nothing() -> None:
    empty = np.zeros(0, np.int64)
    out = F.learn_lexicon((empty, empty), (empty, empty), 0, 0)
    assert all(len(x) == 0 for x in out)


@pytest.mark.parametrize(("delta", "expected"), [
    (0.0, 0.0),
    (1.0, np.log(0.3173105)),
    (2.0, np.log(0.0455003)),
    (-2.0, np.log(0.0455003)),
])
def test_gale_church_log_probability(delta: float, expected: float) -> None:
    assert F.gale_church_logp(np.array([delta]))[0] == pytest.approx(expected, abs=2e-3)


def test_reordered_features_are_those_of_the_reordered_sentences() -> None:
    """``reordered`` (the order test's shuffled targets) gives what featurising the
    sentences in the new order gives: the same rows, and the same tokens per sentence."""
    src = ["Der Hafen zählte 17 Boote.", "Ein Sturm kam am Abend.", "Alle blieben an Land.",
           "Am Morgen war es still."]
    tgt = ["The harbour counted 17 boats.", "A storm came in the evening.",
           "Everybody stayed ashore.", "In the morning it was quiet."]
    order = [2, 0, 3, 1]
    _, tf = F.featurise(src, tgt, src, tgt)
    _, tf_new = F.featurise(src, [tgt[k] for k in order], src, [tgt[k] for k in order])
    got = F.reordered(tf, order)
    np.testing.assert_allclose(got.chars, tf_new.chars, rtol=1e-6)
    np.testing.assert_allclose(got.anchors, tf_new.anchors, rtol=1e-6)
    np.testing.assert_array_equal(got.lengths, tf_new.lengths)
    assert got.tokens is not None and tf_new.tokens is not None

    def words(tokens) -> list[set[str]]:
        sent, word, vocab = tokens
        assert list(sent) == sorted(sent)
        return [{vocab[w] for s, w in zip(sent, word, strict=True) if s == k} for k in range(4)]

    assert words(got.tokens) == words(tf_new.tokens)
    # a part of a side: its first rows, in order
    part = F.reordered(tf, range(2))
    assert part.chars.shape[0] == 2 and words(part.tokens)[:2] == words(tf.tokens)[:2]
