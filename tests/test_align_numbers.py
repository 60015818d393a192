"""Numbers as evidence against a merge (``features.number_keys``,
``scoring.number_penalties``).

Translators keep numbers: a sentence whose numbers are nowhere on the other side of a
bead was left out or added, not merged into it.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from transalign.align import AlignOptions
from transalign.align.features import DIGITS, SideFeatures, featurise, number_keys
from transalign.align.scoring import Band, Level, number_penalties


@pytest.mark.parametrize(("german", "english"), [
    ("Rund 12.500 Besucher", "some 12,500 visitors"),
    ("Rund 12.500 Besucher", "some 12 500 visitors"),
    ("ein Plus von 2,5 Prozent", "up 2.5 per cent"),
    ("ab 14 Uhr", "from 2 p.m."),
    ("am 03.07.2024", "on July 3, 2024"),
    ("um 14.30 Uhr", "at 2:30 pm"),
    ("in der Saison 1977", "in the 77 season"),
    ("3 Tore", "three goals"),
    ("12 345,67 Euro", "12,345.67 euros"),
    ("um 14:30", "at 2.30 p.m."),
])
def test_a_number_and_its_translation_share_a_key(german: str, english: str) -> None:
    assert (number_keys(german) - {DIGITS}) & (number_keys(english) - {DIGITS})


def test_only_digits_make_a_sentence_numbered() -> None:
    assert DIGITS in number_keys("Es kamen 300 Gäste.")
    # number words match digits but alone say too little ("a gasp or two")
    assert number_keys("He gave a gasp or two.") == frozenset({"2"})
    assert DIGITS not in number_keys("Zwei Gäste kamen.")
    assert number_keys("Ohne Zahlen.") == frozenset()
    # an hour after noon is read on the 12-hour clock only as a time
    assert "7" not in number_keys("COVID-19") and "2" in number_keys("um 14 Uhr")
    assert number_keys("٣ Tage") == number_keys("3 Tage")


def _scores(src: list[str], tgt: list[str], penalty: float) -> np.ndarray:
    """The 2-1 bead scores of a whole-band lattice, before and after the penalty."""
    sf, tf = featurise(src, tgt, src, tgt)
    n, m = len(src), len(tgt)
    band = Band.of(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))
    block = np.zeros((n + 1, band.width))
    fits = band.inside.copy()
    number_penalties(block, fits, 2, 1, Level(sf, tf), band, penalty)
    return block


def test_a_merged_sentence_whose_numbers_are_not_in_the_bead_pays() -> None:
    src = ["Eine Flasche kostet 24 Euro.", "Die Weinprobe beginnt um 14 Uhr.",
           "Sie will bauen."]
    tgt = ["A bottle costs 24 euros.", "Tastings start at 2 p.m.", "She wants to build."]
    block = _scores(src, tgt, 0.5)
    # the 2-1 bead (source 0-1, target 0) ends in row 2, column 1: "14 Uhr" is not in it
    assert block[2, 1] == pytest.approx(-0.5)
    # against target 1 ("2 p.m."), "24 Euro" is the sentence without its number
    assert block[2, 2] == pytest.approx(-0.5)
    # source 1-2 against target 2: "14 Uhr" again; "Sie will bauen." has no number
    assert block[3, 3] == pytest.approx(-0.5)
    # a bead whose target span holds every number of its sentences pays nothing
    wide = _scores(src, [" ".join(tgt[:2]), *tgt[2:]], 0.5)
    assert wide[2, 1] == 0.0


def test_a_merge_on_the_target_side_pays_too() -> None:
    src = ["Eine Flasche kostet 24 Euro.", "Sie will bauen."]
    tgt = ["A bottle costs 24 euros.", "The estate has 12 hectares.", "She wants to build."]
    sf, tf = featurise(src, tgt, src, tgt)
    band = Band.of(np.zeros(3, dtype=np.int64), np.full(3, 3, dtype=np.int64))
    block = np.zeros((3, band.width))
    number_penalties(block, band.inside.copy(), 1, 2, Level(sf, tf), band, 0.5)
    # source 0 against targets 0-1: "12 hectares" is not in "24 Euro"
    assert block[1, 2] == pytest.approx(-0.5)
    # source 0 against targets 1-2: "12 hectares" again (the source side, one sentence,
    # is not counted: its numbers are the 1-1 bead's business)
    assert block[1, 3] == pytest.approx(-0.5)


def test_the_modes_have_a_number_penalty() -> None:
    for mode in ("bridge", "same", "none"):
        assert AlignOptions().for_mode(mode).number_penalty > 0
    with pytest.raises(Exception, match="number_penalty"):
        AlignOptions(number_penalty=-1).for_mode("none")


def _side(k: int, rng: random.Random) -> SideFeatures:
    """Random number keys: none, a number word only, or digits with one or two keys."""
    numbers = []
    for _ in range(k):
        r = rng.random()
        if r < 0.3:
            numbers.append(frozenset())
        elif r < 0.4:
            numbers.append(frozenset({str(rng.randint(0, 5))}))
        else:
            numbers.append(frozenset({DIGITS} | {str(rng.randint(0, 6))
                                                 for _ in range(rng.randint(1, 2))}))
    return SideFeatures(np.zeros((k, 1)), np.zeros((k, 1)), np.ones(k),
                        numbers=tuple(numbers))


def test_the_vectorised_penalty_is_the_definition_on_random_lattices() -> None:
    """Against a brute-force count, cell by cell, on random small documents, bead shapes
    and monotone bands (some cells where no bead fits)."""
    for trial in range(300):
        rng = random.Random(trial)
        n, m = rng.randint(1, 9), rng.randint(1, 9)
        src, tgt = _side(n, rng), _side(m, rng)
        a, b = rng.choice([(2, 1), (1, 2), (2, 2), (3, 1), (1, 3), (3, 2), (4, 1), (3, 3)])
        lo = np.array(sorted(rng.randint(0, m) for _ in range(n + 1)))
        hi = np.maximum(np.maximum.accumulate([min(m, x + rng.randint(0, m)) for x in lo]), lo)
        band = Band.of(lo, hi)
        fits = (band.inside & (np.arange(n + 1)[:, None] >= a) & (band.cols >= b)
                & (band.cols <= m) & (np.array([[rng.random() < 0.8 for _ in range(band.width)]
                                                for _ in range(n + 1)])))
        block = np.zeros((n + 1, band.width))
        number_penalties(block, fits, a, b, Level(src, tgt), band, 1.0)
        expected = np.zeros_like(block)
        for i, w in zip(*np.nonzero(fits), strict=True):
            j = band.cols[i, w]
            ss, tt = range(i - a, i), range(j - b, j)
            t_keys = set().union(*(tgt.numbers[t] for t in tt)) - {DIGITS}
            s_keys = set().union(*(src.numbers[s] for s in ss)) - {DIGITS}
            if a > 1:
                expected[i, w] -= sum(DIGITS in src.numbers[s]
                                      and not (src.numbers[s] - {DIGITS}) & t_keys for s in ss)
            if b > 1:
                expected[i, w] -= sum(DIGITS in tgt.numbers[t]
                                      and not (tgt.numbers[t] - {DIGITS}) & s_keys for t in tt)
        assert np.array_equal(block, expected), (trial, n, m, a, b)
