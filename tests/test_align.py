"""The aligner's Python API on hand-made sentence lists (no shared data, no model)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from transalign.align import DEFAULT_MOVES, AlignOptions, align
from transalign.errors import AlignmentError
from transalign.records import Bead

FIXTURES = Path(__file__).parent / "fixtures" / "align"

# Distinct English clauses, written for these tests: each has its own words and numbers.
CLAUSES = [
    "the harbour master counted 17 fishing boats at dawn",
    "a violin teacher from Leipzig moved into the old mill",
    "snow closed the mountain pass for three whole weeks",
    "the bakery on Elm Street sells rye bread with caraway",
    "engineers tested the new bridge with 40 loaded lorries",
    "an owl nested in the church tower above the clock",
    "the museum bought a painting of tulips for 2 million",
    "children planted 300 oak saplings along the river bank",
    "the night train to Vienna now stops in Salzburg",
    "a storm tore the roof off the village sports hall",
    "the library extended its opening hours until midnight",
    "farmers reported an early cherry harvest in June",
    "the orchestra rehearsed Brahms in the empty cathedral",
    "a cyclist found a wallet with 90 euros near the lake",
    "volunteers repaired the hiking trail to the glacier",
    "the zoo welcomed twin red pandas named Kiri and Momo",
]


def sentence(k: int) -> str:
    text = CLAUSES[k % len(CLAUSES)]
    return text[0].upper() + text[1:] + "."


def joined(ks: list[int]) -> list[str]:
    """One sentence made of several clauses."""
    text = ", and ".join(CLAUSES[k] for k in ks)
    return [text[0].upper() + text[1:] + "."]


def document_with(move: tuple[int, int]) -> tuple[list[str], list[str], Bead]:
    """Four 1-1 sentences, one bead of shape ``move``, four more 1-1 sentences."""
    a, b = move
    before, after = [0, 1, 2, 3], [12, 13, 14, 15]
    src = [sentence(k) for k in before]
    tgt = [sentence(k) for k in before]
    i0, j0 = len(src), len(tgt)
    if a == 0:
        tgt += [sentence(8)]
    elif b == 0:
        src += [sentence(8)]
    else:
        clauses = list(range(4, 4 + max(a, b) + (1 if a == b else 0)))
        # split the same clauses into a and b sentences at different points
        def split(parts: int, shift: int) -> list[str]:
            if parts == 1:
                return joined(clauses)
            cuts = [round(len(clauses) * p / parts) for p in range(parts + 1)]
            if shift and parts == 2 and len(clauses) >= 3:
                cuts[1] -= 1
            return [joined(clauses[cuts[p]: cuts[p + 1]])[0] for p in range(parts)]

        src += split(a, 0)
        tgt += split(b, 1)
    bead = Bead(tuple(range(i0, len(src))), tuple(range(j0, len(tgt))))
    src += [sentence(k) for k in after]
    tgt += [sentence(k) for k in after]
    return src, tgt, bead


def assert_covers(beads: list[Bead], n: int, m: int) -> None:
    """Every index exactly once, in order, ascending inside beads."""
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    assert src == list(range(n))
    assert tgt == list(range(m))
    assert all(b.src or b.tgt for b in beads)
    assert all(isinstance(b.score, float) for b in beads)


@pytest.mark.parametrize("move", DEFAULT_MOVES, ids=lambda mv: f"{mv[0]}-{mv[1]}")
def test_every_move_type_is_found(move: tuple[int, int]) -> None:
    src, tgt, bead = document_with(move)
    beads = align(src, tgt, same_language=True)
    assert_covers(beads, len(src), len(tgt))
    assert bead in beads, [b.format() for b in beads]
    assert sum(b.kind == "1-1" for b in beads) == 8 + (move == (1, 1))


@pytest.mark.parametrize(("mode", "kwargs"), [
    ("none", {}),
    ("bridge", {"bridge": (FIXTURES / "article.bridge.txt").read_text("utf-8").splitlines()}),
])
def test_article_pair_gives_the_gold_beads(mode: str, kwargs: dict) -> None:
    src = (FIXTURES / "article.de.sents").read_text("utf-8").splitlines()
    tgt = (FIXTURES / "article.en.sents").read_text("utf-8").splitlines()
    gold = [Bead.parse(line) for line in (FIXTURES / "article.gold").read_text("utf-8").splitlines()]
    assert {b.kind for b in gold} >= {"2-1", "1-0", "1-2", "0-1"}
    beads = align(src, tgt, **kwargs)
    assert beads == gold


@pytest.mark.parametrize(("src", "tgt", "expected"), [
    ([], [], []),
    (["Ein Satz."], [], [Bead((0,), ())]),
    ([], ["One sentence.", "Two."], [Bead((), (0,)), Bead((), (1,))]),
    (["Eins.", "Zwei.", "Drei."], [], [Bead((0,), ()), Bead((1,), ()), Bead((2,), ())]),
])
def test_empty_and_one_sided_documents(src: list[str], tgt: list[str],
                                       expected: list[Bead]) -> None:
    beads = align(src, tgt)
    assert beads == expected
    assert all(b.score is not None and b.score < 0 for b in beads)


@pytest.mark.parametrize("n", [1, 2, 7, 40, 450])
def test_identical_documents_align_one_to_one(n: int) -> None:
    rng = random.Random(n)
    sents = [f"{sentence(rng.randrange(16))[:-1]} number {k} {'x' * rng.randrange(30)}."
             for k in range(n)]
    beads = align(sents, sents, same_language=True, options=AlignOptions(coarse_threshold=64))
    assert beads == [Bead((k,), (k,)) for k in range(n)]
    assert all(b.score is not None for b in beads)


def test_long_document_uses_the_band_and_stays_correct() -> None:
    # 600 x 600 with a few omissions and merges: the coarse-to-fine path must find them
    rng = random.Random(7)
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []
    for k in range(300):
        words = " ".join(w for _ in range(2)
                         for w in rng.choice(CLAUSES).split()[:rng.randrange(3, 9)])
        text = f"Item {k} says {words}."
        if k % 50 == 25:
            gold.append(Bead((len(src),), ()))
            src.append(text)
        elif k % 50 == 40:
            gold.append(Bead((len(src),), (len(tgt), len(tgt) + 1)))
            src.append(text)
            half = len(text) // 2
            tgt += [text[:half], text[half:]]
        else:
            gold.append(Bead((len(src),), (len(tgt),)))
            src.append(text)
            tgt.append(text)
    beads = align(src, tgt, same_language=True, options=AlignOptions(coarse_threshold=32))
    assert_covers(beads, len(src), len(tgt))
    correct = len(set(beads) & set(gold))
    assert correct >= 0.97 * len(gold)


@pytest.mark.parametrize("texts", [
    ["", "", ""],
    ["   ", "\t", "\n"],
    ["\x00\x01\x02", "💥" * 50, "a" * 20000],
    ["\u2028", "‮evil‬", "<script>alert(1)</script>"],
    ["\ud800 lone surrogate", "\x1e sep \x1e", ",,\"\"„“"],
    ["1", "2", "3", "4", "5", "6"],
])
def test_hostile_input_still_covers_every_index(texts: list[str]) -> None:
    other = [*reversed(texts), "extra"]
    for kwargs in ({}, {"same_language": True}, {"bridge": texts}):
        beads = align(texts, other, **kwargs)
        assert_covers(beads, len(texts), len(other))


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"bridge": ["one"]}, "bridge has 1 translations for 2 source sentences"),
    ({"bridge": ["a", "b"], "same_language": True}, "not both"),
    ({"options": AlignOptions(moves=((1, 2), (2, 1), (0, 1), (1, 0)))}, "must include 1-1"),
    ({"options": AlignOptions(moves=((1, 1),))}, "0-1 and 1-0"),
    ({"options": AlignOptions(moves=((1, 1), (0, 1), (1, 0), (0, 0)))}, "invalid bead shape"),
    ({"options": AlignOptions(max_sentences=0)}, "at least 1"),
    ({"options": AlignOptions(ngram_orders=(0,))}, "ngram_orders must be"),
    ({"options": AlignOptions(ngram_orders=())}, "ngram_orders must be"),
    ({"options": AlignOptions(dim=-4)}, "dim must be between"),
    ({"options": AlignOptions(skip_penalty=-1.0)}, "skip_penalty must be a finite number >= 0"),
    ({"options": AlignOptions(merge_penalty=float("nan"))}, "merge_penalty must be"),
    ({"options": AlignOptions(skip_quantile=1.5)}, "skip_quantile must be between"),
    ({"bridge": "ab"}, "bridge is a single string"),
])
def test_invalid_arguments_raise_alignment_error(kwargs: dict, match: str) -> None:
    with pytest.raises(AlignmentError, match=match):
        align(["Eins.", "Zwei."], ["One.", "Two."], **kwargs)


def test_a_single_string_is_not_a_document() -> None:
    with pytest.raises(AlignmentError, match="src is a single string"):
        align("abc", ["x", "y", "z"])  # type: ignore[arg-type]


def test_regression_one_repeated_sentence_aligns_as_the_identity() -> None:
    # every bead scores alike there: ties must go to 1-1 beads, not merges
    for mode in ({"same_language": True}, {}):
        beads = align(["Ja."] * 50, ["Ja."] * 50, **mode)
        assert [b.kind for b in beads] == ["1-1"] * 50
        # "no evidence either way": 0.0, printed so (it came out as -0.000000 once)
        assert {b.format() for b in beads[:2]} == {"[0]:[0]:0.000000", "[1]:[1]:0.000000"}


def test_non_string_sentence_raises() -> None:
    with pytest.raises(AlignmentError, match=r"src\[1\] is int"):
        align(["Eins.", 2], ["One."])  # type: ignore[list-item]


@pytest.mark.parametrize(("max_sentences", "kinds"), [
    (1, {"0-1", "1-0", "1-1"}),
    (2, {"0-1", "1-0", "1-1", "1-2", "2-1", "2-2"}),
])
def test_max_sentences_limits_the_bead_shapes(max_sentences: int, kinds: set[str]) -> None:
    src, tgt, _ = document_with((1, 3))
    beads = align(src, tgt, same_language=True,
                  options=AlignOptions(max_sentences=max_sentences))
    assert_covers(beads, len(src), len(tgt))
    assert {b.kind for b in beads} <= kinds


def test_scores_rank_good_beads_above_omissions() -> None:
    src, tgt, _ = document_with((0, 1))
    beads = align(src, tgt, same_language=True)
    ones = [b.score for b in beads if b.kind == "1-1"]
    skips = [b.score for b in beads if b.kind in ("0-1", "1-0")]
    assert min(ones) > max(skips)


PRODUCT = AlignOptions(scoring="product", size_exponent=0.5, merge_penalty=0.15)


@pytest.mark.parametrize("move", DEFAULT_MOVES, ids=lambda mv: f"{mv[0]}-{mv[1]}")
def test_product_scoring_finds_every_move_type(move: tuple[int, int]) -> None:
    src, tgt, bead = document_with(move)
    beads = align(src, tgt, same_language=True, options=PRODUCT)
    assert_covers(beads, len(src), len(tgt))
    assert bead in beads, [b.format() for b in beads]


def crossing_2_2() -> tuple[list[str], list[str]]:
    """Four clauses in two sentences on each side, cut after the second clause in the
    source and after the third in the target: neither 1-1 pairing holds a whole
    translation, only the 2-2 bead (4, 5):(4, 5) does."""
    clauses = [4, 5, 6, 7]
    ends = [sentence(k) for k in range(12, 16)]
    src = [sentence(k) for k in range(4)] + joined(clauses[:2]) + joined(clauses[2:]) + ends
    tgt = [sentence(k) for k in range(4)] + joined(clauses[:3]) + joined(clauses[3:]) + ends
    return src, tgt


# Without the size exponent two partial 1-1 beads outscore the one 2-2 bead (a known gap
# of the default: on Text+Berg dev it helps, on test it did not, see the align module).
_TWO_PARTIAL_1_1 = pytest.mark.xfail(strict=True, reason="two partial 1-1 beads win")


@pytest.mark.parametrize("options", [
    PRODUCT,
    AlignOptions(size_exponent=0.5),
    pytest.param(AlignOptions(scoring="product", size_exponent=0.0), marks=_TWO_PARTIAL_1_1),
    pytest.param(AlignOptions(), marks=_TWO_PARTIAL_1_1),
])
def test_size_exponent_lets_a_crossing_2_2_win(options: AlignOptions) -> None:
    src, tgt = crossing_2_2()
    beads = align(src, tgt, same_language=True, options=options)
    assert_covers(beads, len(src), len(tgt))
    assert Bead((4, 5), (4, 5)) in beads, [b.format() for b in beads]


@pytest.mark.parametrize("scoring", ["margin", "product"])
def test_scoring_modes_handle_identical_and_empty_documents(scoring: str) -> None:
    sents = [sentence(k) for k in range(12)]
    options = AlignOptions(scoring=scoring)
    assert align(sents, sents, same_language=True, options=options) == [
        Bead((k,), (k,)) for k in range(12)]
    assert align([], [], options=options) == []
    assert align(["Ein Satz."], [], options=options) == [Bead((0,), ())]


def test_unknown_scoring_raises() -> None:
    with pytest.raises(AlignmentError, match="scoring must be"):
        align(["Eins."], ["One."], options=AlignOptions(scoring="cosine"))


def test_omission_penalty_is_never_a_reward() -> None:
    """A document whose weak matches score below their neighbourhood (negative low
    quantile) must still pay for an omission, or the best path omits everything."""
    import numpy as np

    from transalign.align import scoring

    w = AlignOptions(sim_weight=1.0, anchor_weight=0.0, length_weight=0.0, merge_penalty=0.0,
                     skip_penalty=None, skip_quantile=0.1, band=10, coarse_threshold=200,
                     length_floor=-4.0, skip_scale=0.5).for_mode("same")
    best = np.array([-0.8, -0.5, -0.2, 0.9, 1.0, 1.1, 1.2])
    assert scoring.skip_value(w, best) > 0
    # the usual case is unchanged: skip_scale times the quantile
    good = np.linspace(0.5, 1.5, 11)
    assert scoring.skip_value(w, good) == pytest.approx(w.skip_scale * np.quantile(good, 0.1))


@pytest.mark.parametrize("k", [4, 5, 8])
@pytest.mark.parametrize("n", [1, 2, 3])
def test_max_sentences_larger_than_the_document(k: int, n: int) -> None:
    """Regression: bead shapes longer than the document once crashed numpy slicing."""
    src = [sentence(i) for i in range(n)]
    tgt = [sentence(i) for i in range(2)]
    beads = align(src, tgt, options=AlignOptions(max_sentences=k))
    assert_covers(beads, n, 2)
