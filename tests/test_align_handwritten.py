"""Regression floors on the hand-written articles (``tests/fixtures/align/handwritten``).

German news and features with an English translation written for the project as a
translator would (merges, splits, a sentence left out or added, a clause moved), a
literal MT-like line per German sentence, and the gold beads. ``scripts/eval_alignment.py
--only handwritten`` prints the full table; these check that every gold still fits the
segmenter, and that the aligner stays above floors a little under what it scores now.
"""

from __future__ import annotations

import pytest

from conftest import _load_script
from transalign.records import Bead

ev = _load_script("eval_alignment")
DOCS = list(ev.handwritten())


def test_there_are_articles_with_every_kind_of_bead() -> None:
    shapes = {(len(b.src), len(b.tgt)) for *_, gold in DOCS for b in gold}
    assert len(DOCS) >= 10
    assert {(1, 1), (2, 1), (1, 2), (1, 0), (0, 1), (2, 2)} <= shapes


@pytest.mark.parametrize("doc", DOCS, ids=[d[0] for d in DOCS])
def test_the_gold_fits_the_segmenter(doc) -> None:
    from transalign.segment import segment

    _, de, en, mt, gold = doc
    n, m = len(segment(de)), len(segment(en))
    assert len(mt) == n
    assert [i for b in gold for i in b.src] == list(range(n))
    assert [j for b in gold for j in b.tgt] == list(range(m))
    assert all(isinstance(b, Bead) for b in gold)


# (bridge?, strict F1 floor, precision floor of the beads with confidence >= 0.9)
@pytest.mark.parametrize(("bridge", "f1_floor", "p90_floor"), [(True, 0.95, 0.965),
                                                                (False, 0.92, 0.97)])
def test_alignment_floors(bridge: bool, f1_floor: float, p90_floor: float) -> None:
    res = ev.run_handwritten("handwritten", DOCS, bridge, None)
    assert res["strict"]["f1"] >= f1_floor
    assert ev.reliability(res["pairs"])["p90"] >= p90_floor
