"""Named filters: score, accept, direction, defaults, fixed order, counts."""

from __future__ import annotations

import math

import pytest

from transalign.errors import UsageError
from transalign.export import (
    FILTER_ORDER,
    FILTERS,
    AlignedPair,
    DuplicateFilter,
    EmptySideFilter,
    Filter,
    FilterChain,
    IdenticalFilter,
    LengthFilter,
    LengthRatioFilter,
    ScoreFilter,
    TypeFilter,
)


def pair(src: str = "Ein Satz.", tgt: str = "A sentence.", *, src_ids: tuple[int, ...] = (0,),
         tgt_ids: tuple[int, ...] = (0,), score: float | None = None) -> AlignedPair:
    return AlignedPair(src, tgt, doc_id="d", src_ids=src_ids, tgt_ids=tgt_ids, score=score,
                       score_kind="none" if score is None else "align")


CASES = [
    # (id, filter, pair, expected score, accepted)
    ("empty-ok", EmptySideFilter(), pair("a", "b"), (1, 1), True),
    ("empty-src", EmptySideFilter(), pair("", "Only.", src_ids=()), (0, 5), False),
    ("empty-tgt", EmptySideFilter(), pair("Nur.", "", tgt_ids=()), (4, 0), False),
    ("length-default-ok", LengthFilter(), pair("a b c", "d"), (3, 1), True),
    ("length-default-empty", LengthFilter(), pair("a b c", ""), (3, 0), False),
    ("length-max-words", LengthFilter(1, 2), pair("a b c", "d"), (3, 1), False),
    ("length-max-at-bound", LengthFilter(1, 3), pair("a b c", "d"), (3, 1), True),
    ("length-min-words", LengthFilter(2), pair("a b", "c"), (2, 1), False),
    ("length-chars", LengthFilter(1, 4, "char"), pair("abcde", "ab"), (5, 2), False),
    ("ratio-ok", LengthRatioFilter(3.0), pair("a b c", "d"), 3.0, True),
    ("ratio-over", LengthRatioFilter(3.0), pair("a b c d", "e"), 4.0, False),
    ("ratio-zero-side", LengthRatioFilter(3.0), pair("a", ""), math.inf, False),
    ("ratio-both-zero", LengthRatioFilter(3.0), pair("", ""), 1.0, True),
    ("ratio-chars", LengthRatioFilter(2.0, "char"), pair("abcd", "ab"), 2.0, True),
    ("score-above", ScoreFilter(0.5), pair(score=0.6), 0.6, True),
    ("score-at", ScoreFilter(0.5), pair(score=0.5), 0.5, True),
    ("score-below", ScoreFilter(0.5), pair(score=0.49), 0.49, False),
    ("score-negative-scale", ScoreFilter(-1.0), pair(score=-2.0), -2.0, False),
    ("score-unscored-passes", ScoreFilter(0.5), pair(score=None), None, True),
    ("identical-same", IdenticalFilter(), pair("Berlin", "Berlin"), 1.0, False),
    ("identical-case-punct", IdenticalFilter(), pair("OK!", "ok."), 1.0, False),
    ("identical-different", IdenticalFilter(), pair("Hallo", "Hello"), 0.0, True),
    ("identical-digits-matter", IdenticalFilter(), pair("Seite 1", "Seite 2"), 0.0, True),
    ("type-ok", TypeFilter(), pair(), "1-1", True),
    ("type-2-1-default", TypeFilter(), pair(src_ids=(0, 1)), "2-1", False),
    ("type-2-1-allowed", TypeFilter(["1-1", "2-1"]), pair(src_ids=(0, 1)), "2-1", True),
]


@pytest.mark.parametrize(("filt", "p", "score", "accepted"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_filter_score_and_accept(filt: Filter, p: AlignedPair, score: object,
                                 accepted: bool) -> None:
    got = filt.score(p)
    assert got == score
    assert filt.accept(got) is accepted


@pytest.mark.parametrize(("mode", "texts", "verdicts"), [
    ("exact", [("A b.", "C d."), ("A b.", "C d."), ("a b", "c d"), ("A b.", "X")],
     [True, False, True, True]),
    ("normalised", [("A b.", "C d."), ("A b.", "C d."), ("a  B!", "c, d"), ("A b.", "X")],
     [True, False, False, True]),
    ("normalized", [("Ä", "e"), ("ä", "E")], [True, False]),
])
def test_duplicates_keep_the_first(mode: str, texts: list[tuple[str, str]],
                                   verdicts: list[bool]) -> None:
    chain = FilterChain([DuplicateFilter(mode)])
    got = [chain.check(pair(s, t)) is None for s, t in texts]
    assert got == verdicts


def test_duplicate_score_counts_earlier_kept_occurrences() -> None:
    filt = DuplicateFilter()
    scores = []
    for _ in range(3):
        scores.append(filt.score(pair()))
        filt.kept(pair())
    assert scores == [0, 1, 2]


def test_regression_duplicate_rejected_by_a_later_filter_does_not_shadow_the_next_copy() -> None:
    # the first copy is a 2-1 bead that the type filter rejects: the second copy (1-1)
    # is the first one written, so it is kept
    chain = FilterChain([DuplicateFilter(), TypeFilter(("1-1",))])
    first = pair("Ja. Nein.", "Yes no.", src_ids=(0, 1), tgt_ids=(0,))
    second = pair("Ja. Nein.", "Yes no.", src_ids=(5,), tgt_ids=(5,))
    third = pair("Ja. Nein.", "Yes no.", src_ids=(7,), tgt_ids=(7,))
    assert [chain.check(p) is None for p in (first, second, third)] == [False, True, False]
    assert chain.rejected == {"duplicate": 1, "type": 1}


@pytest.mark.parametrize(("factory", "fragment"), [
    (lambda: LengthFilter(5, 2), "0 <= min <= max"),
    (lambda: LengthFilter(-1), "0 <= min <= max"),
    (lambda: LengthFilter(unit="token"), "unknown length unit"),
    (lambda: LengthRatioFilter(0.5), "must be >= 1"),
    (lambda: LengthRatioFilter(math.nan), "must be >= 1"),
    (lambda: ScoreFilter(math.nan), "must be a number"),
    (lambda: DuplicateFilter("fuzzy"), "unknown duplicate mode"),
    (lambda: TypeFilter(["1:1"]), "look like 1-1"),
    (lambda: TypeFilter([]), "look like 1-1"),
    (lambda: FilterChain([EmptySideFilter(), EmptySideFilter()]), "once"),
])
def test_bad_settings_are_usage_errors(factory: object, fragment: str) -> None:
    with pytest.raises(UsageError, match=fragment):
        factory()  # type: ignore[operator]


def test_registry_has_every_filter_in_the_fixed_order() -> None:
    assert tuple(FILTERS) == FILTER_ORDER
    for name, cls in FILTERS.items():
        assert cls.name == name
        doc = cls.__doc__ or ""
        assert cls.direction and "Score:" in doc and "default" in doc.lower()


def test_chain_sorts_filters_and_counts_the_first_rejection() -> None:
    chain = FilterChain([TypeFilter(), DuplicateFilter(), EmptySideFilter(), LengthFilter(1, 3)])
    assert [f.name for f in chain.filters] == ["empty", "length", "duplicate", "type"]
    pairs = [
        pair("", "x", src_ids=()),                  # empty (would also fail type)
        pair("a b c d", "x"),                        # length
        pair("a", "b"),                              # kept
        pair("a", "b"),                              # duplicate
        pair("a", "c", src_ids=(0, 1)),              # type
    ]
    verdicts = [chain.check(p) for p in pairs]
    assert [v[0].name if v else None for v in verdicts] == [
        "empty", "length", None, "duplicate", "type"]
    assert chain.rejected == {"empty": 1, "length": 1, "duplicate": 1, "type": 1}


def test_empty_chain_keeps_everything() -> None:
    chain = FilterChain()
    assert chain.check(pair("", "", src_ids=(), tgt_ids=())) is None
    assert chain.rejected == {}
