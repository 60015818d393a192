"""The seed lexicon of the aligner without MT (``transalign.align.seedlex``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from test_align_confidence import example_texts
from transalign.align import AlignOptions, align, core, seedlex
from transalign.align.features import tokens
from transalign.records import Bead

GERMAN = ["Die Stimmen wurden am Abend gezählt.", "Der Bürgermeister sagte nichts."]
ENGLISH = ["The votes were counted in the evening.", "The mayor said nothing."]
FRENCH = ["Les voix ont été comptées le soir.", "Le maire n'a rien dit."]


def entries_of(src: list[str], tgt: list[str]) -> set[tuple[str, str]]:
    s, t = tokens(src), tokens(tgt)
    s_ids, t_ids, weights = seedlex.lexicon(s, t)
    assert list(s_ids) == sorted(s_ids)
    # every source word's weights add up to SEED_WEIGHT
    if len(s_ids):
        assert np.allclose(np.bincount(s_ids, weights=weights)[np.unique(s_ids)],
                           seedlex.SEED_WEIGHT)
    return {(s[2][i], t[2][j]) for i, j in zip(s_ids, t_ids, strict=True)}


def test_the_word_list_is_well_formed() -> None:
    table = seedlex.entries()
    assert len(table) >= 1000
    text = (Path(seedlex.__file__).parent / "lexicon_de_en.txt").read_text("utf-8")
    words = [line.split()[0] for line in text.splitlines() if line and not line.startswith("#")]
    assert len(words) == len(set(words)), "a German word listed twice"
    for word, translations in table.items():
        assert word == word.lower() and word.isalpha(), word
        assert translations and all(t.isalpha() and t == t.lower() for t in translations), word


def test_forms_strip_common_endings_longest_stem_first() -> None:
    assert seedlex.forms("stimmen", seedlex.SUFFIXES_DE)[:3] == ["stimmen", "stimme", "stimm"]
    assert seedlex.forms("votes", seedlex.SUFFIXES_EN)[:2] == ["votes", "vote"]
    assert "city" in seedlex.forms("cities", seedlex.SUFFIXES_EN)
    # never below MIN_STEM characters
    assert seedlex.forms("ens", seedlex.SUFFIXES_DE) == ["ens"]


def test_a_listed_word_keeps_its_own_translations() -> None:
    # "wien" is Vienna, not "wie" less "-n"; "news" is not "new" plus "-s"
    assert seedlex._translations("wien") >= {"vienna"}
    assert not seedlex._translations("wien") & {"as", "how", "like"}
    assert seedlex._english_forms("news") == {"news"}
    # the longest listed form otherwise, and "ss" read as "ß"
    assert "votes" in seedlex._translations("stimmen")
    assert seedlex._translations("strasse") == seedlex._translations("straße") != frozenset()
    assert seedlex._english_forms("votes") & seedlex._translations("stimme")


def test_german_and_english_words_are_paired_through_their_forms() -> None:
    pairs = entries_of(GERMAN, ENGLISH)
    assert {("stimmen", "votes"), ("abend", "evening"), ("sagte", "said"),
            ("nichts", "nothing"), ("bürgermeister", "mayor")} <= pairs
    assert ("stimmen", "evening") not in pairs


def test_other_languages_get_no_entries() -> None:
    # German against French, English against German, English against English
    assert entries_of(GERMAN, FRENCH) == set()
    assert entries_of(ENGLISH, GERMAN) == set()
    assert entries_of(ENGLISH, ENGLISH) == set()


def test_merged_keeps_every_pair_once_with_its_larger_weight() -> None:
    learnt = (np.array([0, 2]), np.array([5, 1]), np.array([0.4, 0.2]))
    seed = (np.array([0, 1, 2]), np.array([5, 3, 4]), np.array([1.0, 1.0, 1.0]))
    s, t, w = seedlex.merged(learnt, seed, n_tgt=6)
    assert list(zip(s.tolist(), t.tolist(), w.tolist(), strict=True)) == [
        (0, 5, 1.0), (1, 3, 1.0), (2, 1, 0.2), (2, 4, 1.0)]


def test_the_seed_finds_the_example_merge_that_lengths_and_anchors_miss() -> None:
    """'Die Entscheidung fiel mit 31 zu 12 Stimmen.' is part of the English first
    sentence ('... by 31 votes to 12.'); without a word list (and without the numbers'
    penalty on merges, which finds it too) the aligner gives it to the next bead."""
    de, en = example_texts()
    plain = AlignOptions(number_penalty=0.0)
    without = align(de, en, options=replace(plain, seed_lexicon=False))
    assert Bead((1, 2), (1,)) not in without  # the premise
    for options in (plain, None):
        beads = align(de, en, options=options)
        assert Bead((1, 2), (1,)) in beads and Bead((3,), (2,)) in beads


def test_a_document_that_learns_a_large_lexicon_gets_no_seed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    de, en = example_texts()
    monkeypatch.setattr(core, "SEED_UNTIL", 0)
    assert align(de, en) == align(de, en, options=AlignOptions(seed_lexicon=False))
    monkeypatch.setattr(core, "SEED_UNTIL", 1000)
    # (without the numbers' penalty on merges, where the seed alone finds the merge)
    plain = AlignOptions(number_penalty=0.0)
    assert align(de, en, options=plain) != align(de, en,
                                                 options=replace(plain, seed_lexicon=False))

